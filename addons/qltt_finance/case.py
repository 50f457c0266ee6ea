# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The money of a case: its fine is booked when it is decided, and the case
is done only when the money is settled (DESIGN.md, flow of one case)."""
from trytond.i18n import gettext
from trytond.model import ModelView, fields
from trytond.modules.currency.fields import Monetary
from trytond.modules.qltt_cases.display import format_amount
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.transaction import without_check_access

from .account import lock_posting
from .exceptions import CaseNotSettledError

AMOUNTS = {
    'fine_amount_due': 'amount_due',
    'fine_paid': 'paid',
    'fine_surcharge': 'surcharge',
    'fine_surcharge_due': 'surcharge_due',
    'fine_balance': 'balance',
    'fine_overpaid': 'overpaid',
    }


class Case(metaclass=PoolMeta):
    __name__ = 'qltt.case'

    fines = fields.One2Many('qltt.fine', 'case', "Fines", readonly=True)
    fine = fields.Function(
        fields.Many2One('qltt.fine', "Fine"), 'get_fine')
    currency = fields.Function(fields.Many2One(
            'currency.currency', "Currency"), 'on_change_with_currency')
    fine_due_date = fields.Function(
        fields.Date("Fine Due Date"), 'get_fine_field')
    fine_amount_due = fields.Function(Monetary(
            "Fine Due", currency='currency', digits='currency'),
        'get_fine_amounts')
    fine_paid = fields.Function(Monetary(
            "Fine Paid", currency='currency', digits='currency'),
        'get_fine_amounts')
    fine_surcharge = fields.Function(Monetary(
            "Late Surcharge", currency='currency', digits='currency'),
        'get_fine_amounts')
    fine_surcharge_due = fields.Function(Monetary(
            "Surcharge Due", currency='currency', digits='currency'),
        'get_fine_amounts')
    fine_balance = fields.Function(Monetary(
            "Fine Balance", currency='currency', digits='currency'),
        'get_fine_amounts')
    fine_overpaid = fields.Function(Monetary(
            "Overpaid", currency='currency', digits='currency'),
        'get_fine_amounts')
    fine_enforcement = fields.Function(fields.Boolean(
            "Enforcement", states={
                'invisible': ~Eval('fine_enforcement'),
                }), 'get_fine_field')

    @fields.depends('company')
    def on_change_with_currency(self, name=None):
        return self.company.currency if self.company else None

    def get_fine(self, name):
        "The fine of the first offender fined (the only one, mostly)"
        with without_check_access():
            fines = sorted(self.fines, key=lambda f: f.id)
            return fines[0].id if fines else None

    def get_fine_field(self, name):
        """The first due date of the case's open fines (of all its fines
        once settled); enforcement when one of them is to be enforced"""
        with without_check_access():
            fines = self.fines
            if not fines:
                return None
            if name == 'fine_enforcement':
                return any(f.enforcement for f in fines)
            dates = [f.due_date for f in fines
                if f.due_date and f.state == 'open'] or [
                f.due_date for f in fines if f.due_date]
            return min(dates, default=None)

    @classmethod
    def get_fine_amounts(cls, cases, names):
        "The amounts of the fines of each case's offenders, summed"
        pool = Pool()
        Fine = pool.get('qltt.fine')
        result = {n: {c.id: None for c in cases} for n in names}
        with without_check_access():
            fines = Fine.search([('case', 'in', [c.id for c in cases])])
            values = Fine.get_amounts(fines, [AMOUNTS[n] for n in names])
            for fine in fines:
                for name in names:
                    value = values[AMOUNTS[name]][fine.id]
                    total = result[name][fine.case.id]
                    result[name][fine.case.id] = (
                        value if total is None else total + value)
        return result

    @property
    def money_settled(self):
        "Nothing left of the fines or the surcharges to pay"
        return all(f.state == 'settled' for f in self.fines)

    @classmethod
    def lock_decision(cls, cases):
        "And the posting of the fines' and illegal profits' moves"
        lock_posting('fine_journal', [(c.company, c.decision_date)
                for c in cases
                if c.company and c.decision_date
                and (c.fine_total or c.profits_ordered)])
        super().lock_decision(cases)

    @classmethod
    def lock_confiscation(cls, cases):
        "And the posting of the illegal profits' moves (measure.py)"
        lock_posting('fine_journal', [(c.company, c.decision_date)
                for c in cases
                if c.company and c.decision_date and c.profits_ordered])
        super().lock_confiscation(cases)

    @property
    def profits_ordered(self):
        "Whether the decision orders an illegal profit paid (a receivable)"
        return any(m.kind == 'remedy_profit' and m.amount
            for m in self.measures)

    # the parent's button already checks the transition, stamps the
    # employee and logs it: decorating again would log the step twice
    @classmethod
    @ModelView.button
    def decide(cls, cases):
        """The decided fine becomes a posted receivable of the offender,
        payable to the State budget (Law Art 73, 78; Decree 118/2021
        Art 20)"""
        pool = Pool()
        Fine = pool.get('qltt.fine')
        super().decide(cases)
        with without_check_access():
            Fine.create_for_cases(cls.browse(cases))

    @classmethod
    @ModelView.button
    def close(cls, cases):
        "A case is done only when its fine and surcharge are paid"
        with without_check_access():
            for case in cases:
                if not case.money_settled:
                    raise CaseNotSettledError(gettext(
                            'qltt_finance.msg_case_not_settled',
                            case=case.rec_name,
                            balance=format_amount(case.fine_balance),
                            surcharge=format_amount(
                                case.fine_surcharge_due)))
        super().close(cases)

    @classmethod
    def copy(cls, cases, default=None):
        default = default.copy() if default is not None else {}
        default.setdefault('fines')
        return super().copy(cases, default=default)
