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
                fine = case.fines[0] if case.fines else None
                if not fine:
                    if not correction.fine_after:
                        continue
                    # a warning amended into a fine is booked like one
                    fine, = Fine.create_for_cases([case])
                    correction.fine = fine
                    fines.append(fine)
                    continue
                due_after = (Decimal(0) if correction.kind == 'cancellation'
                    else correction.fine_after - fine.reduced)
                difference = due_after - fine.amount_due
                correction.fine = fine
                correction.move = correction._move(config, fine, difference)
                save_and_post([correction.move])
                # the fine shows the amount in force; the correction and
                # the first move keep the old one
                fine.amount = fine.reduced + due_after
                fine.save()
                fines.append(fine)
            cls.save(corrections)
            Fine.reconcile(fines)
            Fine.update_state(fines)

    def _move(self, config, fine, difference):
        "Debit or credit the receivable and the payable by the difference"
        if not difference:
            return None
        with Transaction().set_context(company=fine.company.id):
            receivable = config.get_account('fine_receivable_account')
            payable = config.get_account('fine_payable_account')
            journal = config.get_journal('fine_journal')
            move = new_move(fine.company, journal, self.date, self,
                self.rec_name)
        if difference > 0:
            # the amended decision is paid within 10 days of its receipt
            # (Law Art 73)
            _, _, due = fine.compute_dates(self.date, None)
            move.lines = [
                move_line(receivable, debit=difference, party=fine.party,
                    origin=fine, maturity_date=due),
                move_line(payable, credit=difference),
                ]
        else:
            move.lines = ([move_line(payable, debit=-difference)]
                + fine.credit_lines(-difference, self.rec_name))
        return move
