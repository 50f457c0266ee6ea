# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""A correction decision (MQĐ38-40) changes the fine in the accounts.

What the offender owes and the unit owes the State budget change by the
difference between the fines before and after the correction (Decree
118/2021 Art 13); a cancellation (MQĐ40) removes what was still due, and
what was paid above the new amount is owed back to the offender.  The old
amounts stay on the correction and in the first move.
"""
from decimal import Decimal

from trytond.model import fields
from trytond.pool import Pool, PoolMeta
from trytond.transaction import Transaction, without_check_access

from .account import move_line, new_move, save_and_post


class Correction(metaclass=PoolMeta):
    __name__ = 'qltt.case.correction'
    fine = fields.Many2One('qltt.fine', "Fine", readonly=True)
    move = fields.Many2One('account.move', "Move", readonly=True)

    @classmethod
    def issue(cls, corrections):
        pool = Pool()
        Fine = pool.get('qltt.fine')
        Configuration = pool.get('qltt.finance.configuration')
        super().issue(corrections)
        config = Configuration(1)
        with without_check_access():
            corrections = cls.browse(corrections)
            fines = []
            for correction in corrections:
                if correction.kind == 'correction':
                    continue  # a clerical correction changes no amount
                case = correction.case
                # each offender's fine follows their own acts (Law Art 67)
                by_offender = {f.offender: f for f in case.fines}
                changes, touched = [], []
                for offender in case.offenders:
                    fine = by_offender.get(offender)
                    if not fine and len(case.fines) == 1 and (
                            not case.fines[0].offender):
                        fine = case.fines[0]
                    after = (Decimal(0) if correction.kind == 'cancellation'
                        else offender.fine_total)
                    if not fine:
                        if after:
                            # a warning amended into a fine is booked like
                            # one
                            fine, = Fine.create_for_offenders([offender])
                            touched.append(fine)
                        continue
                    due_after = (Decimal(0)
                        if correction.kind == 'cancellation'
                        else after - fine.reduced)
                    changes.append((fine, due_after - fine.amount_due))
                    # the fine shows the amount in force; the correction
                    # and the first move keep the old one
                    fine.amount = fine.reduced + due_after
                    touched.append(fine)
                correction.fine = touched[0] if touched else None
                fines.extend(touched)
                correction.move = correction._move(config, changes)
                if correction.move:
                    save_and_post([correction.move])
                Fine.save([f for f, _ in changes])
            cls.save(corrections)
            Fine.reconcile(fines)
            Fine.update_state(fines)

    def _move(self, config, changes):
        """Debit or credit the receivable of each fine and the payable by
        the difference, in one move"""
        changes = [(f, d) for f, d in changes if d]
        if not changes:
            return None
        company = changes[0][0].company
        with Transaction().set_context(company=company.id):
            receivable = config.get_account('fine_receivable_account')
            payable = config.get_account('fine_payable_account')
            journal = config.get_journal('fine_journal')
            move = new_move(company, journal, self.date, self,
                self.rec_name)
        lines = []
        for fine, difference in changes:
            if difference > 0:
                # the amended decision is paid within 10 days of its
                # receipt (Law Art 73)
                due = fine.compute_presumed_due_date(self.date)
                lines += [
                    move_line(receivable, debit=difference,
                        party=fine.party, origin=fine, maturity_date=due),
                    move_line(payable, credit=difference),
                    ]
            else:
                lines += ([move_line(payable, debit=-difference)]
                    + fine.credit_lines(-difference, self.rec_name))
        move.lines = lines
        return move
