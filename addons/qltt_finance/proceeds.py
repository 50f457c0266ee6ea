# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Money from confiscated goods and other money held for the budget.

Decree 29/2018/NĐ-CP Art 29, 33 and Circular 57/2018/TT-BTC Art 13, a model
kept by Decree 77/2025 [article numbers unverified, docs/law.md]: the
proceeds of a sale go into a temporary holding account (tài khoản tạm giữ)
at the Treasury; the costs of transport, storage, valuation, auction and
destruction are deducted from them; the rest goes to the State budget with
the next remittance.

Hook for qltt_warehouse: `origin` is a reference whose models come from
`_get_origin()`; qltt_warehouse (or a module depending on both) adds
'qltt.disposition' there so that a disposition of kind "confiscate and
sell" creates its proceeds record with origin = the disposition.
"""
from decimal import Decimal

from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, Workflow, fields
from trytond.model.exceptions import AccessError
from trytond.modules.company.model import employee_field, set_employee
from trytond.modules.currency.fields import Monetary
from trytond.modules.qltt_cases.display import format_amount
from trytond.modules.qltt_cases.case import transition
from trytond.modules.qltt_cases.value import ValueCheckMixin
from trytond.modules.qltt_cases.workflow import WorkflowStateGuardMixin
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.transaction import Transaction, without_check_access

from .account import lock_posting, move_line, new_move, save_and_post
from .exceptions import FinanceError, FinanceValidationError

KINDS = [
    ('sale', "Sale of Confiscated Goods"),
    ('money', "Confiscated Money"),
    ('other', "Other"),
    ]


class Proceeds(
        WorkflowStateGuardMixin, ValueCheckMixin, Workflow, ModelSQL,
        ModelView):
    __string__ = "Proceeds for the Budget"
    __name__ = 'qltt.proceeds'
    _workflow_owned_fields = {
        'move', 'receipt_move', 'lines', 'remittance', 'posted_by'}
    _workflow_deletable_states = {'draft'}
    _workflow_delete_error = 'qltt_finance.msg_proceeds_delete', 'proceeds'
    _states = {
        'readonly': Eval('state') != 'draft',
        }

    company = fields.Many2One(
        'company.company', "Company", required=True, states=_states)
    case = fields.Many2One(
        'qltt.case', "Case", required=True, states=_states,
        domain=[('company', '=', Eval('company', -1))])
    kind = fields.Selection(KINDS, "Kind", required=True, states=_states)
    origin = fields.Reference(
        "Origin", selection='get_origin', states=_states,
        help="The disposition of the goods the money comes from.")
    # The accountant has no access to the warehouse's dispositions, so
    # Tryton leaves `origin` out of the accountant's views: its name is shown
    # instead, with a search on it
    origin_name = fields.Function(fields.Char(
            "Comes From",
            help="The sale or disposition the money comes from."),
        'get_origin_name', searcher='search_origin_name')
    description = fields.Char("Description", states=_states)
    buyer = fields.Many2One(
        'party.party', "Buyer", states={
            'readonly': _states['readonly'],
            'required': Eval('kind') == 'sale',
            'invisible': Eval('kind') != 'sale',
            },
        context={'company': Eval('company', -1)}, depends={'company'})
    currency = fields.Function(fields.Many2One(
            'currency.currency', "Currency"), 'on_change_with_currency')
    date = fields.Date("Date", required=True, states=_states,
        help="The day of the sale or of the collection.")
    due_date = fields.Date("Due Date", states={
            'readonly': _states['readonly'],
            'invisible': Eval('kind') != 'sale',
            }, help="The day the buyer must pay by.")
    amount = Monetary(
        "Proceeds", currency='currency', digits='currency', required=True,
        states=_states)
    costs = fields.One2Many(
        'qltt.proceeds.cost', 'proceeds', "Costs", states={
            'readonly': Eval('state') == 'received',
            })
    cost_total = fields.Function(Monetary(
            "Costs", currency='currency', digits='currency'), 'get_totals')
    net_amount = fields.Function(Monetary(
            "To Remit", currency='currency', digits='currency',
            help="Proceeds less the costs deducted."), 'get_totals')
    received_date = fields.Date(
        "Received Date", states={
            'readonly': Eval('state') == 'received',
            },
        help="The day the money reached the Treasury.")
    reference = fields.Char("Reference", states={
            'readonly': Eval('state') == 'received',
            }, help="Number of the Treasury or bank document.")
    move = fields.Many2One('account.move', "Move", readonly=True)
    receipt_move = fields.Many2One(
        'account.move', "Receipt Move", readonly=True)
    lines = fields.One2Many(
        'account.move.line', 'origin', "Receivable Lines", readonly=True)
    remittance = fields.Many2One(
        'qltt.remittance', "Remittance", readonly=True)
    state = fields.Selection([
            ('draft', "Draft"),
            ('posted', "Posted"),
            ('received', "Received"),
            ], "State", readonly=True, required=True)
    posted_by = employee_field("Posted By", states=['posted', 'received'])
    del _states

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.update({
                Index(t, (t.received_date, Index.Range())),
                Index(t, (t.state, Index.Equality(cardinality='low'))),
                })
        cls._order = [('date', 'DESC'), ('id', 'DESC')]
        cls._transitions |= {
            ('draft', 'posted'),
            ('posted', 'received'),
            }
        cls._buttons.update({
                'post': {
                    'invisible': Eval('state') != 'draft',
                    'depends': ['state'],
                    },
                'receive': {
                    'invisible': Eval('state') != 'posted',
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
    def default_kind(cls):
        return 'sale'

    @classmethod
    def _get_origin(cls):
        "Models the money may come from; qltt_warehouse adds dispositions"
        return []

    @classmethod
    def get_origin(cls):
        pool = Pool()
        Model = pool.get('ir.model')
        return [(None, '')] + [
            (m, Model.get_name(m)) for m in cls._get_origin()]

    @fields.depends('company')
    def on_change_with_currency(self, name=None):
        return self.company.currency if self.company else None

    def get_rec_name(self, name):
        kinds = dict(self.fields_get(['kind'])['kind']['selection'])
        return f'{kinds[self.kind]} {self.case.rec_name}'

    @classmethod
    def search_rec_name(cls, name, clause):
        _, operator, value = clause
        bool_op = 'AND' if operator.startswith(('!', 'not ')) else 'OR'
        return [bool_op,
            ('case.number', operator, value),
            ('buyer.name', operator, value),
            ('description', operator, value),
            ]

    @classmethod
    def get_origin_name(cls, records, name):
        "'<model> <name>' of the origin, read whatever the user's access"
        pool = Pool()
        Model = pool.get('ir.model')
        names = {}
        with without_check_access():
            for record in cls.browse(records):
                origin = record.origin
                names[record.id] = (
                    f'{Model.get_name(origin.__name__)} {origin.rec_name}'
                    if origin and origin.id is not None and origin.id >= 0
                    else None)
        return names

    @classmethod
    def search_origin_name(cls, name, clause):
        _, operator, value = clause
        bool_op = 'AND' if operator.startswith(('!', 'not ')) else 'OR'
        return [bool_op] + [
            ('origin.rec_name', operator, value, model)
            for model in cls._get_origin()]

    @classmethod
    def get_totals(cls, records, names):
        result = {n: {} for n in names}
        for record in records:
            costs = sum((c.amount or 0 for c in record.costs), Decimal(0))
            if 'cost_total' in names:
                result['cost_total'][record.id] = costs
            if 'net_amount' in names:
                result['net_amount'][record.id] = (record.amount or 0) - costs
        return result

    @property
    def category(self):
        "Category of the remittance to the budget"
        return 'sale' if self.kind == 'sale' else 'other'

    @property
    def holding_account_name(self):
        return ('sale_holding_account' if self.kind == 'sale'
            else 'other_holding_account')

    @classmethod
    def validate_fields(cls, records, field_names):
        super().validate_fields(records, field_names)
        for record in records:
            if record.amount is not None and record.amount <= 0:
                raise FinanceValidationError(gettext(
                        'qltt_finance.msg_amount_negative',
                        record=record.rec_name))
            if record.cost_total > (record.amount or 0):
                raise FinanceValidationError(gettext(
                        'qltt_finance.msg_proceeds_costs',
                        proceeds=record.rec_name,
                        costs=format_amount(record.cost_total),
                        amount=format_amount(record.amount)))

    def _move(self, config):
        "The buyer owes the price; the proceeds are held for the budget"
        with Transaction().set_context(company=self.company.id):
            move = new_move(self.company,
                config.get_journal('proceeds_journal'), self.date, self,
                self.rec_name)
            holding = config.get_account(self.holding_account_name)
            receivable = config.get_account('sale_receivable_account')
        move.lines = [
            move_line(receivable, debit=self.amount, party=self.buyer,
                origin=self, maturity_date=self.due_date or self.date),
            move_line(holding, credit=self.amount),
            ]
        return move

    def _receipt_move(self, config):
        """The money reaches the Treasury; the costs are deducted from the
        holding and given back to the costs they paid"""
        with Transaction().set_context(company=self.company.id):
            move = new_move(self.company,
                config.get_journal('proceeds_journal'), self.received_date,
                self, self.rec_name)
            treasury = config.get_account('treasury_account')
            holding = config.get_account(self.holding_account_name)
            receivable = config.get_account('sale_receivable_account')
            costs = config.get_account('custody_cost_account')
        lines = [move_line(treasury, debit=self.amount)]
        if self.kind == 'sale':
            lines.append(move_line(receivable, credit=self.amount,
                    party=self.buyer, origin=self))
        else:
            lines.append(move_line(holding, credit=self.amount))
        if self.cost_total:
            lines += [
                move_line(holding, debit=self.cost_total),
                move_line(costs, credit=self.cost_total),
                ]
        move.lines = lines
        return move

    @classmethod
    @ModelView.button
    @transition('posted')
    @set_employee('posted_by')
    def post(cls, records):
        pool = Pool()
        Configuration = pool.get('qltt.finance.configuration')
        config = Configuration(1)
        # the locks of the posting first, those of the receipts with them
        lock_posting('proceeds_journal',
            [(r.company, r.date) for r in records if r.date]
            + [(r.company, r.received_date) for r in records
                if r.received_date])
        for record in records:
            if record.case.state not in {'decided', 'done'}:
                raise FinanceError(gettext(
                        'qltt_finance.msg_proceeds_case_not_decided',
                        proceeds=record.rec_name))
            if record.kind == 'sale':
                record.move = record._move(config)
        with without_check_access():
            save_and_post([r.move for r in records])
        cls.save(records)
        to_receive = [r for r in records if r.received_date]
        if to_receive:
            cls.write(to_receive, {'state': 'posted'})
            cls.receive(to_receive)

    @classmethod
    @ModelView.button
    @transition('received')
    def receive(cls, records):
        pool = Pool()
        Configuration = pool.get('qltt.finance.configuration')
        Line = pool.get('account.move.line')
        config = Configuration(1)
        lock_posting('proceeds_journal', [(r.company, r.received_date)
                for r in records if r.received_date])
        for record in records:
            if (not record.received_date
                    or record.received_date < record.date):
                raise FinanceError(gettext(
                        'qltt_finance.msg_proceeds_received_date',
                        proceeds=record.rec_name))
            record.receipt_move = record._receipt_move(config)
        with without_check_access():
            save_and_post([r.receipt_move for r in records])
            cls.save(records)
            groups = [[l for l in cls(r.id).lines if not l.reconciliation]
                for r in records if r.kind == 'sale']
            Line.reconcile(*[g for g in groups if g])

    @classmethod
    def check_modification(cls, mode, records, values=None, external=False):
        super().check_modification(
            mode, records, values=values, external=external)
        if mode == 'write' and external:
            for record in records:
                if record.state == 'received' or (record.state == 'posted'
                        and set(values) - {
                            'received_date', 'reference', 'costs',
                            'state'}):
                    raise AccessError(gettext(
                            'qltt_finance.msg_proceeds_modify',
                            proceeds=record.rec_name))

    @classmethod
    def copy(cls, records, default=None):
        default = default.copy() if default is not None else {}
        for name in ['received_date', 'reference']:
            default.setdefault(name)
        return super().copy(records, default=default)


class ProceedsCost(ValueCheckMixin, ModelSQL, ModelView):
    __string__ = "Cost Deducted from Proceeds"
    __name__ = 'qltt.proceeds.cost'
    proceeds = fields.Many2One(
        'qltt.proceeds', "Proceeds", required=True, ondelete='CASCADE')
    currency = fields.Function(fields.Many2One(
            'currency.currency', "Currency"), 'on_change_with_currency')
    kind = fields.Selection([
            ('transport', "Transport"),
            ('storage', "Custody and Storage"),
            ('valuation', "Valuation"),
            ('auction', "Auction"),
            ('destruction', "Destruction"),
            ('other', "Other"),
            ], "Kind", required=True)
    description = fields.Char("Description")
    amount = Monetary(
        "Amount", currency='currency', digits='currency', required=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('proceeds')

    @classmethod
    def default_kind(cls):
        return 'storage'

    @fields.depends('proceeds', '_parent_proceeds.currency')
    def on_change_with_currency(self, name=None):
        if self.proceeds:
            return self.proceeds.currency

    @classmethod
    def validate_fields(cls, costs, field_names):
        super().validate_fields(costs, field_names)
        for cost in costs:
            if cost.amount is not None and cost.amount < 0:
                raise FinanceValidationError(gettext(
                        'qltt_finance.msg_amount_negative',
                        record=cost.proceeds.rec_name))

    @classmethod
    def check_modification(cls, mode, costs, values=None, external=False):
        super().check_modification(
            mode, costs, values=values, external=external)
        for cost in costs:
            if cost.proceeds.state == 'received':
                raise AccessError(gettext(
                        'qltt_finance.msg_proceeds_modify',
                        proceeds=cost.proceeds.rec_name))
