# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Remittance of collected money to the State budget (nộp ngân sách nhà
nước) for a period.

Fines, late surcharges and the proceeds of confiscated goods (less the costs
deducted) belong to the State budget, not to the unit (Decree 118/2021
Art 20; Decree 29/2018 Art 29, 33 and their successor Decree 77/2025,
docs/law.md, Money), so does the illegal profit ordered paid (Law Art
28(1)(i)).  A remittance gathers what reached the Treasury in its
period, split by fines / sale proceeds / other money, and books the transfer
out of the Treasury account; posted, it is a record and cannot change.
Cash collected on the spot counts once it is paid into the Treasury.
"""
from collections import defaultdict
from decimal import Decimal


from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, Workflow, fields
from trytond.model.exceptions import AccessError
from trytond.modules.company.model import employee_field, set_employee
from trytond.modules.currency.fields import Monetary
from trytond.modules.qltt_cases.display import format_date
from trytond.modules.qltt_cases.case import transition
from trytond.modules.qltt_cases.value import ValueCheckMixin
from trytond.modules.qltt_cases.workflow import (
    WorkflowStateGuardMixin)
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.transaction import Transaction, without_check_access

from .account import move_line, new_move, save_and_post
from .exceptions import RemittanceError

CATEGORIES = [
    ('fine', "Fines"),
    ('surcharge', "Late Surcharges"),
    ('sale', "Sale Proceeds"),
    ('profit', "Illegal Profits"),
    ('other', "Other"),
    ]
# category, configuration account, budget sub-item field; the illegal
# profit is booked payable with the fines (measure.py) and goes under the
# sub-item of other collections until the admin's chart says otherwise
LINE_KINDS = [
    ('fine', 'fine_payable_account', 'budget_subitem_fine'),
    ('surcharge', 'surcharge_payable_account', 'budget_subitem_surcharge'),
    ('sale', 'sale_holding_account', 'budget_subitem_sale'),
    ('profit', 'fine_payable_account', 'budget_subitem_other'),
    ('other', 'other_holding_account', 'budget_subitem_other'),
    ]
CATEGORY_OF_HOLDING = {
    'sale_holding_account': 'sale',
    'other_holding_account': 'other',
    }


class Remittance(
        WorkflowStateGuardMixin, ValueCheckMixin, Workflow, ModelSQL,
        ModelView):
    __string__ = "Remittance to the State Budget"
    __name__ = 'qltt.remittance'
    _workflow_owned_fields = {
        'lines', 'payments', 'proceeds', 'move', 'posted_by'}
    _workflow_deletable_states = {'draft'}
    _workflow_delete_error = (
        'qltt_finance.msg_remittance_modify_posted', 'remittance')
    _states = {
        'readonly': Eval('state') != 'draft',
        }

    company = fields.Many2One(
        'company.company', "Company", required=True, states=_states)
    currency = fields.Function(fields.Many2One(
            'currency.currency', "Currency"), 'on_change_with_currency')
    start_date = fields.Date(
        "Start Date", required=True, states=_states,
        domain=[('start_date', '<=', Eval('end_date', None))])
    end_date = fields.Date(
        "End Date", required=True, states=_states,
        domain=[('end_date', '>=', Eval('start_date', None))])
    date = fields.Date(
        "Remittance Date", required=True, states=_states,
        domain=[('date', '>=', Eval('end_date', None))],
        help="The day the money is transferred to the budget.")
    reference = fields.Char("Reference", states=_states,
        help="Number of the Treasury payment order (giấy nộp tiền).")
    budget_chapter = fields.Char("Budget Chapter", states=_states)
    lines = fields.One2Many(
        'qltt.remittance.line', 'remittance', "Lines", readonly=True)
    payments = fields.One2Many(
        'qltt.fine.payment', 'remittance', "Fine Payments", readonly=True)
    proceeds = fields.One2Many(
        'qltt.proceeds', 'remittance', "Proceeds", readonly=True)
    total = fields.Function(Monetary(
            "Total", currency='currency', digits='currency'), 'get_total')
    move = fields.Many2One('account.move', "Move", readonly=True)
    state = fields.Selection([
            ('draft', "Draft"),
            ('posted', "Posted"),
            ], "State", readonly=True, required=True)
    posted_by = employee_field("Posted By", states=['posted'])
    del _states

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.add(
            Index(t, (t.start_date, Index.Range()),
                (t.end_date, Index.Range())))
        cls._order = [('start_date', 'DESC'), ('id', 'DESC')]
        cls._transitions |= {
            ('draft', 'posted'),
            }
        cls._buttons.update({
                'compute': {
                    'invisible': Eval('state') != 'draft',
                    'depends': ['state'],
                    },
                'post': {
                    'invisible': Eval('state') != 'draft',
                    'depends': ['state'],
                    },
                })

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @classmethod
    def default_state(cls):
        return 'draft'

    @classmethod
    def default_budget_chapter(cls):
        pool = Pool()
        Configuration = pool.get('qltt.finance.configuration')
        return Configuration(1).budget_chapter

    @fields.depends('company')
    def on_change_with_currency(self, name=None):
        return self.company.currency if self.company else None

    def get_rec_name(self, name):
        return f'{format_date(self.start_date)} - {format_date(self.end_date)}'

    def get_total(self, name):
        return sum((l.amount for l in self.lines), Decimal(0))

    @classmethod
    def validate_fields(cls, remittances, field_names):
        super().validate_fields(remittances, field_names)
        if field_names and not (field_names
                & {'start_date', 'end_date', 'company'}):
            return
        for remittance in remittances:
            others = cls.search([
                    ('id', '!=', remittance.id),
                    ('company', '=', remittance.company.id),
                    ('start_date', '<=', remittance.end_date),
                    ('end_date', '>=', remittance.start_date),
                    ], limit=1)
            if others:
                other, = others
                raise RemittanceError(gettext(
                        'qltt_finance.msg_remittance_overlap',
                        remittance=remittance.rec_name,
                        other=other.rec_name))

    def collections(self):
        """The payments and proceeds of the period that reached the
        Treasury and were not remitted yet"""
        pool = Pool()
        Payment = pool.get('qltt.fine.payment')
        Proceeds = pool.get('qltt.proceeds')
        payments = Payment.search([
                ('company', '=', self.company.id),
                ('remittance', 'in', [None, self.id]),
                ['OR',
                    [('method', '!=', 'cash'),
                        ('state', '=', 'posted'),
                        ('date', '>=', self.start_date),
                        ('date', '<=', self.end_date)],
                    [('state', '=', 'deposited'),
                        ('deposit_date', '>=', self.start_date),
                        ('deposit_date', '<=', self.end_date)],
                    ],
                ])
        proceeds = Proceeds.search([
                ('company', '=', self.company.id),
                ('remittance', 'in', [None, self.id]),
                ('state', '=', 'received'),
                ('received_date', '>=', self.start_date),
                ('received_date', '<=', self.end_date),
                ])
        return payments, proceeds

    @classmethod
    @ModelView.button
    def compute(cls, remittances):
        """Fill the lines: fines, surcharges, sale proceeds less costs and
        other money collected in the period"""
        pool = Pool()
        Line = pool.get('qltt.remittance.line')
        Payment = pool.get('qltt.fine.payment')
        Proceeds = pool.get('qltt.proceeds')
        Configuration = pool.get('qltt.finance.configuration')
        config = Configuration(1)
        Line.delete([l for r in remittances for l in r.lines])
        lines = []
        for remittance in remittances:
            with without_check_access():
                Payment.write(list(remittance.payments), {'remittance': None})
                Proceeds.write(list(remittance.proceeds),
                    {'remittance': None})
                payments, proceeds = remittance.collections()
                if payments:
                    Payment.write(payments, {'remittance': remittance.id})
                if proceeds:
                    Proceeds.write(proceeds, {'remittance': remittance.id})
            amounts = defaultdict(Decimal)
            for payment in payments:
                amounts['fine'] += payment.principal or 0
                amounts['surcharge'] += payment.surcharge or 0
                amounts['profit'] += payment.profit or 0
            for record in proceeds:
                amounts[CATEGORY_OF_HOLDING[
                        record.holding_account_name]] += record.net_amount
            chapter = remittance.budget_chapter or config.get_multivalue(
                'budget_chapter', company=remittance.company.id)
            with Transaction().set_context(company=remittance.company.id):
                for category, account, subitem in LINE_KINDS:
                    if amounts[category]:
                        lines.append(Line(
                                remittance=remittance, category=category,
                                account=config.get_account(account),
                                budget_chapter=chapter,
                                budget_subitem=config.get_multivalue(subitem),
                                amount=amounts[category]))
        Line.save(lines)

    @classmethod
    @ModelView.button
    @transition('posted')
    @set_employee('posted_by')
    def post(cls, remittances):
        pool = Pool()
        Configuration = pool.get('qltt.finance.configuration')
        config = Configuration(1)
        cls.compute(remittances)
        remittances = cls.browse(remittances)
        moves = []
        for remittance in remittances:
            if not remittance.lines:
                raise RemittanceError(gettext(
                        'qltt_finance.msg_remittance_empty',
                        remittance=remittance.rec_name))
            for line in remittance.lines:
                line.check_budget_codes()
            with Transaction().set_context(company=remittance.company.id):
                move = new_move(remittance.company,
                    config.get_journal('remittance_journal'),
                    remittance.date, remittance, remittance.rec_name)
                treasury = config.get_account('treasury_account')
            move.lines = [move_line(l.account, debit=l.amount)
                for l in remittance.lines] + [
                move_line(treasury, credit=remittance.total)]
            remittance.move = move
            moves.append(move)
        with without_check_access():
            save_and_post(moves)
        cls.save(remittances)

    @classmethod
    def check_modification(
            cls, mode, remittances, values=None, external=False):
        super().check_modification(
            mode, remittances, values=values, external=external)
        if mode == 'write' and set(values) - {'state', 'posted_by', 'move'}:
            for remittance in remittances:
                if remittance.state == 'posted':
                    raise AccessError(gettext(
                            'qltt_finance.msg_remittance_modify_posted',
                            remittance=remittance.rec_name))


class RemittanceLine(ValueCheckMixin, ModelSQL, ModelView):
    __string__ = "Remittance Line"
    __name__ = 'qltt.remittance.line'
    remittance = fields.Many2One(
        'qltt.remittance', "Remittance", required=True, ondelete='CASCADE')
    currency = fields.Function(fields.Many2One(
            'currency.currency', "Currency"), 'on_change_with_currency')
    category = fields.Selection(CATEGORIES, "Category", required=True)
    account = fields.Many2One('account.account', "Account", required=True)
    budget_chapter = fields.Char(
        "Budget Chapter", help="Chapter (Chương) printed on the Treasury "
        "payment order.")
    budget_subitem = fields.Char(
        "Budget Sub-item", help="Sub-item (Tiểu mục) printed on the "
        "Treasury payment order.")
    amount = Monetary(
        "Amount", currency='currency', digits='currency', required=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('remittance')

    @fields.depends('remittance', '_parent_remittance.currency')
    def on_change_with_currency(self, name=None):
        if self.remittance:
            return self.remittance.currency

    def get_rec_name(self, name):
        return dict(self.fields_get(['category'])['category'][
                'selection'])[self.category]

    def check_budget_codes(self):
        """The Treasury books the money by chapter and sub-item of the State
        budget classification (Circular 324/2016/TT-BTC): without them the
        money cannot reach the budget"""
        pool = Pool()
        Field = pool.get('ir.model.field')
        for name in ['budget_chapter', 'budget_subitem']:
            if not (getattr(self, name) or '').strip():
                raise RemittanceError(gettext(
                        'qltt_finance.msg_remittance_budget_code',
                        line=self.rec_name,
                        remittance=self.remittance.rec_name,
                        field=Field.get_name(self.__name__, name)))

    @classmethod
    def check_modification(cls, mode, lines, values=None, external=False):
        super().check_modification(
            mode, lines, values=values, external=external)
        for line in lines:
            if line.remittance.state == 'posted':
                raise AccessError(gettext(
                        'qltt_finance.msg_remittance_modify_posted',
                        remittance=line.remittance.rec_name))
