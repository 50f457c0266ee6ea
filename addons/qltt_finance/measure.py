# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The illegal profit a decision orders paid (a remedial measure, Law Art
28(1); Decree 98/2020, remedial measures of each act) is a
receivable of the offender payable to the State budget, booked with the
fine when the case is decided, due 10 days after the decision is delivered
(Law Art 70, 73(1)): no due date before the delivery is recorded."""
from trytond.model import ModelView, fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.transaction import Transaction, without_check_access

from .account import move_line, new_move, save_and_post


class Measure(metaclass=PoolMeta):
    __name__ = 'qltt.case.measure'
    move = fields.Function(fields.Many2One(
            'account.move', "Move",
            states={
                'invisible': ~Eval('move'),
                },
            help="The receivable of the illegal profit."), 'get_move')

    @classmethod
    def get_move(cls, measures, name):
        pool = Pool()
        Move = pool.get('account.move')
        result = {m.id: None for m in measures}
        with without_check_access():
            for move in Move.search([
                        ('origin', 'in', [str(m) for m in measures]),
                        ]):
                result[move.origin.id] = move.id
        return result

    @classmethod
    def book_profits(cls, cases):
        """Debit the offender's receivable and credit the amount payable to
        the budget for each illegal profit ordered: one move per measure"""
        pool = Pool()
        Configuration = pool.get('qltt.finance.configuration')
        Fine = pool.get('qltt.fine')
        config = Configuration(1)
        measures = [m for c in cases for m in c.measures
            if m.kind == 'remedy_profit' and m.amount and not m.move]
        if not measures:
            return []
        moves = []
        for measure in measures:
            case = measure.case
            due = Fine.compute_due_date(case.decision_received_date)
            with Transaction().set_context(company=case.company.id):
                receivable = config.get_account('fine_receivable_account')
                payable = config.get_account('fine_payable_account')
                journal = config.get_journal('fine_journal')
                move = new_move(case.company, journal, case.decision_date,
                    measure, case.rec_name)
            move.lines = [
                move_line(receivable, debit=measure.amount,
                    party=case.offender, origin=measure, maturity_date=due),
                move_line(payable, credit=measure.amount),
                ]
            moves.append(move)
        save_and_post(moves)
        return measures

    @classmethod
    def update_received(cls, cases):
        """The decision was delivered: the open receivable of the illegal
        profits falls due 10 days later (Law Art 73(1))"""
        pool = Pool()
        Fine = pool.get('qltt.fine')
        Line = pool.get('account.move.line')
        to_write = []
        for case in cases:
            due = Fine.compute_due_date(case.decision_received_date)
            measures = [m for m in case.measures
                if m.kind == 'remedy_profit' and m.move]
            lines = [l for m in measures for l in m.move.lines
                if l.debit > 0 and not l.reconciliation]
            if due and lines:
                to_write.extend((lines, {'maturity_date': due}))
        if to_write:
            Line.write(*to_write)


class Case(metaclass=PoolMeta):
    __name__ = 'qltt.case'

    @classmethod
    @ModelView.button
    def decide(cls, cases):
        pool = Pool()
        Measure = pool.get('qltt.case.measure')
        super().decide(cases)
        with without_check_access():
            Measure.book_profits(cls.browse(cases))

    @classmethod
    @ModelView.button
    def decide_confiscation(cls, cases):
        pool = Pool()
        Measure = pool.get('qltt.case.measure')
        super().decide_confiscation(cases)
        with without_check_access():
            Measure.book_profits(cls.browse(cases))


class Move(metaclass=PoolMeta):
    __name__ = 'account.move'

    @classmethod
    def _get_origin(cls):
        return super()._get_origin() + ['qltt.case.measure']


class MoveLine(metaclass=PoolMeta):
    __name__ = 'account.move.line'

    @classmethod
    def _get_origin(cls):
        return super()._get_origin() + ['qltt.case.measure']
