# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The illegal profit a decision orders paid (a remedial measure, Law Art
28(1); Decree 98/2020, remedial measures of each act) is a
receivable of the offender payable to the State budget, booked with the
fine when the case is decided, due 10 days after the decision is delivered
(Law Art 70, 73(1)): no due date before the delivery is recorded.  The
accountant records its payments with the fine payments (payment.py) and
remits them to the budget with the fines (remittance.py)."""
from decimal import Decimal

from trytond.model import ModelView, fields
from trytond.modules.currency.fields import Monetary
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.transaction import Transaction, without_check_access

from .account import move_line, new_move, save_and_post

PAID_STATES = ['posted', 'deposited']


class Measure(metaclass=PoolMeta):
    __name__ = 'qltt.case.measure'
    move = fields.Function(fields.Many2One(
            'account.move', "Move",
            states={
                'invisible': ~Eval('move'),
                },
            help="The receivable of the illegal profit."), 'get_move')
    lines = fields.One2Many(
        'account.move.line', 'origin', "Receivable Lines", readonly=True)
    payments = fields.One2Many(
        'qltt.fine.payment', 'measure', "Payments", readonly=True,
        states={
            'invisible': Eval('kind') != 'remedy_profit',
            })
    party = fields.Function(fields.Many2One(
            'party.party', "Offender"), 'get_party')
    profit_paid = fields.Function(Monetary(
            "Paid", currency='currency', digits='currency',
            states={
                'invisible': Eval('kind') != 'remedy_profit',
                }), 'get_profit')
    profit_balance = fields.Function(Monetary(
            "Balance", currency='currency', digits='currency',
            states={
                'invisible': Eval('kind') != 'remedy_profit',
                },
            help="What is left to pay of the illegal profit."), 'get_profit')
    profit_state = fields.Function(fields.Selection([
                (None, ""),
                ('open', "Open"),
                ('paid', "Paid"),
                ], "Payment State",
            states={
                'invisible': Eval('kind') != 'remedy_profit',
                }),
        'get_profit', searcher='search_profit_state')
    currency = fields.Function(fields.Many2One(
            'currency.currency', "Currency"), 'get_currency')

    def get_currency(self, name):
        return self.case.company.currency.id if self.case else None

    def get_party(self, name):
        "Who owes the profit: the offender of its act"
        if self.violation and self.violation.offender:
            return self.violation.offender.party.id
        return self.case.offender.id if self.case.offender else None

    @classmethod
    def get_profit(cls, measures, name):
        result = {}
        for measure in measures:
            if measure.kind != 'remedy_profit':
                result[measure.id] = None
                continue
            # with a move: booked, or being posted in this transaction
            paid = sum((p.profit or 0 for p in measure.payments
                    if p.state in PAID_STATES or p.move), Decimal(0))
            balance = max((measure.amount or 0) - paid, Decimal(0))
            result[measure.id] = {
                'profit_paid': paid,
                'profit_balance': balance,
                'profit_state': 'open' if balance else 'paid',
                }[name]
        return result

    @classmethod
    def search_profit_state(cls, name, clause):
        """The profits whose payments cover the amount are paid (computed
        like the field: the profits ordered are few)"""
        _, operator, value = clause
        values = value if isinstance(value, (list, tuple)) else [value]
        if operator in {'!=', 'not in'}:
            values = [v for v in ['open', 'paid', None] if v not in values]
        profits = cls.search([('kind', '=', 'remedy_profit')])
        states = cls.get_profit(profits, 'profit_state')
        domain = ['OR', ('id', 'in', [
                    i for i, s in states.items() if s in values])]
        if None in values:
            domain.append(('kind', '!=', 'remedy_profit'))
        return domain

    def credit_lines(self, amount):
        "Credit line of the receivable of the profit for amount"
        pool = Pool()
        Configuration = pool.get('qltt.finance.configuration')
        with Transaction().set_context(company=self.case.company.id):
            receivable = Configuration(1).get_account(
                'fine_receivable_account')
        return [move_line(receivable, credit=amount, party=self.party,
                origin=self)]

    @classmethod
    def reconcile_profits(cls, measures):
        "Reconcile the receivable of each profit once it is paid"
        pool = Pool()
        Line = pool.get('account.move.line')
        groups = []
        for measure in cls.browse(measures):
            lines = [l for l in measure.lines if not l.reconciliation
                and l.account.reconcile]
            if lines and not sum(l.debit - l.credit for l in lines):
                groups.append(lines)
        if groups:
            Line.reconcile(*groups)

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
                    party=measure.party, origin=measure, maturity_date=due),
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
