# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Enforcement of a sanction decision (cưỡng chế thi hành).

- Law on Handling Administrative Violations Art 86(1): an offender who does
  not comply with the decision of their own will is compelled, by deduction
  from salary or income or from a bank account, by distraint of assets to
  be sold at auction, or by collection of money and assets held by others;
  Art 87: by a decision of the official the Law names.  The Government
  decree on enforcement in force since 1 January 2026 replaced Decree
  166/2013/NĐ-CP; its number and articles are [unverified] here.
- Decree 118/2021/NĐ-CP forms MQĐ07 (salary or income), MQĐ08 (account),
  MQĐ09 (distraint) and MQĐ10 (collection): the decision is a case
  document, numbered by the document sequences (Circular 22/2021 Art 6).
- Law Art 74: a sanction decision is no longer executed 1 year after it
  was made; when the offender evades or delays, the year runs from the end
  of the evasion (Art 74(2)).  The limit is computed (Civil Code Art 148)
  and warned about before it passes; nothing is decided or executed after.
- The money collected is a payment of the fine (payment.py): it settles
  the balance and the surcharge as any payment and shows in the
  statistics.

The enforcement is linked to its fine by the fine's id (a case may have a
fine per offender).
"""
import datetime as dt

from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, Workflow, fields
from trytond.modules.company.model import employee_field, set_employee
from trytond.modules.currency.fields import Monetary
from trytond.modules.qltt_cases import deadline
from trytond.modules.qltt_cases.case import transition
from trytond.modules.qltt_cases.display import format_amount, format_date
from trytond.modules.qltt_cases.form import FormReport
from trytond.modules.qltt_cases.value import ValueCheckMixin
from trytond.modules.qltt_cases.workflow import (
    WorkflowStateGuardMixin, check_required)
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval, If, In
from trytond.transaction import Transaction, without_check_access

from .exceptions import EnforcementError
from .fine import today

KINDS = [
    ('salary', "Deduction from Salary or Income (MQĐ07)"),
    ('account', "Deduction from a Bank Account (MQĐ08)"),
    ('distraint', "Distraint of Assets (MQĐ09)"),
    ('collection', "Collection of Money or Assets Held by Others (MQĐ10)"),
    ]
# the form of Decree 118/2021 of each measure
FORMS = {
    'salary': 'MQĐ07',
    'account': 'MQĐ08',
    'distraint': 'MQĐ09',
    'collection': 'MQĐ10',
    }
# measures carried out by an employer, a bank or whoever holds the money
WITH_HOLDER = {'salary', 'account', 'collection'}


class Configuration(metaclass=PoolMeta):
    __name__ = 'qltt.finance.configuration'
    enforcement_limit_years = fields.Integer(
        "Execution Limit (years)", required=True,
        help="Law on Handling Administrative Violations Art 74(1): a "
        "sanction decision is no longer executed 1 year after it was made.")
    enforcement_warning_days = fields.Integer(
        "Execution Limit Warning (days)", required=True,
        help="Warn this many days before the execution limit passes.")

    @classmethod
    def default_enforcement_limit_years(cls):
        return 1

    @classmethod
    def default_enforcement_warning_days(cls):
        return 30


def execution_limit(start, years):
    """The last day to execute a decision made (or whose evasion ended) on
    start (Law Art 74; Civil Code Art 148)"""
    holidays = deadline.get_holidays(
        start, start + dt.timedelta(days=366 * years + 30))
    return deadline.add_years(start, years, holidays)


class Fine(metaclass=PoolMeta):
    __name__ = 'qltt.fine'
    enforcements = fields.One2Many(
        'qltt.fine.enforcement', 'fine', "Enforcement Decisions",
        readonly=True)
    execution_limit_date = fields.Function(fields.Date(
            "Execution Limit",
            help="The decision is no longer executed after this day (Law "
            "Art 74)."), 'get_execution_limit_date')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._buttons.update({
                'draft_enforcement': {
                    'invisible': ~Eval('enforcement', False),
                    'depends': ['enforcement'],
                    },
                })

    def get_execution_limit_date(self, name):
        pool = Pool()
        Configuration = pool.get('qltt.finance.configuration')
        if not self.decision_date:
            return None
        return execution_limit(
            self.decision_date, Configuration(1).enforcement_limit_years)

    @classmethod
    @ModelView.button
    def draft_enforcement(cls, fines):
        """Draft the enforcement decision of the fines unpaid after their
        last reminder (Law Art 86)"""
        pool = Pool()
        Enforcement = pool.get('qltt.fine.enforcement')
        Enforcement.draft_for_fines(fines)

    @classmethod
    def copy(cls, fines, default=None):
        default = default.copy() if default is not None else {}
        default.setdefault('enforcements')
        return super().copy(fines, default=default)


class Enforcement(
        WorkflowStateGuardMixin, ValueCheckMixin, Workflow, ModelSQL,
        ModelView):
    __string__ = "Enforcement Decision"
    __name__ = 'qltt.fine.enforcement'
    _workflow_owned_fields = {
        'document', 'payment', 'decided_by', 'executed_by', 'cancelled_by'}
    _workflow_deletable_states = {'draft'}
    _workflow_delete_error = (
        'qltt_finance.msg_enforcement_delete', 'enforcement')
    _states = {
        'readonly': Eval('state') != 'draft',
        }

    company = fields.Many2One(
        'company.company', "Company", required=True, states=_states)
    fine = fields.Many2One(
        'qltt.fine', "Fine", required=True, ondelete='RESTRICT',
        states=_states,
        domain=[
            ('company', '=', Eval('company', -1)),
            If(Eval('state') == 'draft', ('state', '=', 'open'), ()),
            ])
    case = fields.Function(
        fields.Many2One('qltt.case', "Case"), 'on_change_with_case',
        searcher='search_case')
    party = fields.Function(fields.Many2One(
            'party.party', "Offender",
            context={'company': Eval('company', -1)}, depends={'company'}),
        'on_change_with_party')
    currency = fields.Function(fields.Many2One(
            'currency.currency', "Currency"), 'on_change_with_currency')
    kind = fields.Selection(KINDS, "Measure", required=True, states=_states)
    amount = Monetary(
        "Amount to Enforce", currency='currency', digits='currency',
        required=True, states=_states,
        help="What is left of the fine and the late surcharge.")
    holder = fields.Char(
        "Held By", states={
            'readonly': _states['readonly'],
            'invisible': ~In(Eval('kind'), list(WITH_HOLDER)),
            },
        help="The employer, bank or person holding the offender's income, "
        "account or assets, who carries out the decision.")
    reason = fields.Text("Grounds", states=_states)
    decision_date = fields.Date("Decision Date", states=_states)
    signer = fields.Many2One(
        'company.employee', "Signer", states=_states,
        domain=[('company', '=', Eval('company', -1))])
    evasion_end_date = fields.Date(
        "Evasion Ended", states=_states,
        help="When the offender evaded or delayed the execution, the 1-year "
        "limit runs from the end of the evasion (Law Art 74(2)).")
    limit_date = fields.Function(fields.Date(
            "Execution Limit",
            help="Nothing is decided or executed after this day (Law Art "
            "74)."), 'on_change_with_limit_date')
    limit_near = fields.Function(fields.Boolean(
            "Execution Limit Near"), 'get_limit_near')
    document = fields.Many2One(
        'qltt.case.document', "Decision", readonly=True)
    decision_number = fields.Function(
        fields.Char("Decision Number"), 'get_decision_number',
        searcher='search_decision_number')
    executed_date = fields.Date(
        "Executed On", states={
            'readonly': Eval('state') != 'decided',
            })
    amount_collected = Monetary(
        "Amount Collected", currency='currency', digits='currency',
        states={
            'readonly': Eval('state') != 'decided',
            },
        help="The money collected by the enforcement, paid into the State "
        "Treasury: a payment of the fine.")
    payment = fields.Many2One(
        'qltt.fine.payment', "Payment", readonly=True)
    cancel_reason = fields.Text(
        "Reason for Cancelling", states={
            'readonly': ~Eval('state').in_(['draft', 'decided']),
            })
    state = fields.Selection([
            ('draft', "Draft"),
            ('decided', "Decided"),
            ('executed', "Executed"),
            ('cancelled', "Cancelled"),
            ], "State", readonly=True, required=True)
    decided_by = employee_field(
        "Decided By", states=['decided', 'executed', 'cancelled'])
    executed_by = employee_field("Executed By", states=['executed'])
    cancelled_by = employee_field("Cancelled By", states=['cancelled'])
    del _states

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.update({
                Index(t, (t.state, Index.Equality(cardinality='low'))),
                Index(t, (t.decision_date, Index.Range())),
                })
        cls.__access__.add('fine')
        cls._order = [('decision_date', 'DESC NULLS FIRST'), ('id', 'DESC')]
        cls._transitions |= {
            ('draft', 'decided'),
            ('decided', 'executed'),
            ('draft', 'cancelled'),
            ('decided', 'cancelled'),
            }
        cls._buttons.update({
                'decide': {
                    'invisible': Eval('state') != 'draft',
                    'depends': ['state'],
                    },
                'execute': {
                    'invisible': Eval('state') != 'decided',
                    'depends': ['state'],
                    },
                'cancel': {
                    'invisible': ~Eval('state').in_(['draft', 'decided']),
                    'depends': ['state'],
                    },
                'print_': {
                    'invisible': ~Eval('document'),
                    'depends': ['document'],
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
        return 'account'

    @fields.depends('fine', '_parent_fine.case')
    def on_change_with_case(self, name=None):
        return self.fine.case if self.fine else None

    @classmethod
    def search_case(cls, name, clause):
        return [('fine.' + clause[0],) + tuple(clause[1:])]

    @fields.depends('fine', '_parent_fine.party')
    def on_change_with_party(self, name=None):
        return self.fine.party if self.fine else None

    @fields.depends('company')
    def on_change_with_currency(self, name=None):
        return self.company.currency if self.company else None

    @fields.depends('fine', 'evasion_end_date', '_parent_fine.decision_date')
    def on_change_with_limit_date(self, name=None):
        pool = Pool()
        Configuration = pool.get('qltt.finance.configuration')
        start = self.evasion_end_date or (
            self.fine.decision_date if self.fine else None)
        if not start:
            return None
        return execution_limit(
            start, Configuration(1).enforcement_limit_years)

    @fields.depends('fine', 'amount')
    def on_change_fine(self):
        if self.fine and not self.amount:
            with without_check_access():
                self.amount = self.fine.total_due

    def get_limit_near(self, name):
        """The execution limit is within the warning days of the
        configuration and the decision is not executed (Law Art 74)"""
        pool = Pool()
        Configuration = pool.get('qltt.finance.configuration')
        if self.state not in {'draft', 'decided'} or not self.limit_date:
            return False
        days = Configuration(1).enforcement_warning_days
        return self.limit_date <= today() + dt.timedelta(days=days)

    def get_decision_number(self, name):
        return self.document.number if self.document else None

    @classmethod
    def search_decision_number(cls, name, clause):
        return [('document.number',) + tuple(clause[1:])]

    def get_rec_name(self, name):
        label = self.decision_number or format_date(self.decision_date) or str(
            self.id)
        return f'{self.fine.rec_name} - {label}'

    @classmethod
    def search_rec_name(cls, name, clause):
        _, operator, value = clause
        bool_op = 'AND' if operator.startswith(('!', 'not ')) else 'OR'
        return [bool_op,
            ('fine.case.number', operator, value),
            ('fine.party.name', operator, value),
            ('document.number', operator, value),
            ]

    @classmethod
    def validate_fields(cls, enforcements, field_names):
        super().validate_fields(enforcements, field_names)
        for enforcement in enforcements:
            for name in ['amount', 'amount_collected']:
                value = getattr(enforcement, name)
                if value is not None and value <= 0:
                    raise EnforcementError(gettext(
                            'qltt_finance.msg_enforcement_amount',
                            enforcement=enforcement.rec_name))

    # Drafting ----------------------------------------------------------

    @classmethod
    def draft_for_fines(cls, fines):
        """A draft for each fine past its last reminder without one in
        progress (Law Art 86); the team completes the measure and signs"""
        with without_check_access():
            enforcements = []
            for fine in fines:
                if (fine.state != 'open' or not fine.enforcement
                        or any(e.state in {'draft', 'decided'}
                            for e in fine.enforcements)):
                    continue
                enforcements.append(cls(
                        company=fine.company, fine=fine,
                        amount=fine.total_due,
                        signer=fine.case.decision_signer))
            cls.save(enforcements)
        return enforcements

    @classmethod
    def draft_due(cls):
        "Scheduled: draft the enforcement of every fine due for it"
        pool = Pool()
        Fine = pool.get('qltt.fine')
        return cls.draft_for_fines(Fine.search([
                    ('state', '=', 'open'),
                    ('enforcement', '=', True),
                    ]))

    # Checks ------------------------------------------------------------

    def check_required(self, names):
        check_required(self, names, EnforcementError,
            'qltt_finance.msg_enforcement_required', 'enforcement')

    def check_limit(self, date):
        "Nothing is enforced after the execution limit (Law Art 74)"
        if self.limit_date and date > self.limit_date:
            raise EnforcementError(gettext(
                    'qltt_finance.msg_enforcement_limit',
                    enforcement=self.rec_name,
                    date=format_date(date),
                    limit=format_date(self.limit_date)))

    def check_decision(self):
        pool = Pool()
        Fine = pool.get('qltt.fine')
        names = ['decision_date', 'signer', 'kind', 'amount']
        if self.kind in WITH_HOLDER:
            names.append('holder')
        self.check_required(names)
        with without_check_access():
            fine = Fine(self.fine.id)
            if fine.state != 'open' or not fine.enforcement:
                # the offender did not comply after the reminders
                raise EnforcementError(gettext(
                        'qltt_finance.msg_enforcement_not_due',
                        enforcement=self.rec_name, fine=fine.rec_name))
            # no due date: the decision is not delivered (Law Art 70, 73)
            if not fine.due_date or self.decision_date <= fine.due_date:
                raise EnforcementError(gettext(
                        'qltt_finance.msg_enforcement_not_due',
                        enforcement=self.rec_name, fine=fine.rec_name))
            with Transaction().set_context(date=self.decision_date):
                due = Fine(fine.id).total_due
            if self.amount > due:
                raise EnforcementError(gettext(
                        'qltt_finance.msg_enforcement_above_due',
                        enforcement=self.rec_name,
                        amount=format_amount(self.amount),
                        due=format_amount(due)))
        if not self.signer.sanction_authority:
            # the enforcement is decided by an official with sanctioning
            # authority (Law Art 87; who exactly in QLTT is [unverified])
            raise EnforcementError(gettext(
                    'qltt_finance.msg_enforcement_signer',
                    enforcement=self.rec_name,
                    signer=self.signer.rec_name))
        self.check_limit(self.decision_date)

    # Workflow ----------------------------------------------------------

    def _document(self):
        pool = Pool()
        Document = pool.get('qltt.case.document')
        DocumentType = pool.get('qltt.case.document.type')
        return Document(
            case=self.fine.case,
            type=DocumentType.get_by_code(FORMS[self.kind]),
            date=self.decision_date, signer=self.signer,
            description=self.fine.party.rec_name)

    @classmethod
    @ModelView.button
    @transition('decided')
    @set_employee('decided_by')
    def decide(cls, enforcements):
        "Issue the enforcement decision, numbered (MQĐ07-MQĐ10)"
        pool = Pool()
        Document = pool.get('qltt.case.document')
        for enforcement in enforcements:
            enforcement.check_decision()
        documents = [e._document() for e in enforcements]
        Document.issue_new(documents)
        for enforcement, document in zip(enforcements, documents):
            enforcement.document = document
        cls.save(enforcements)

    @classmethod
    @ModelView.button
    @transition('executed')
    @set_employee('executed_by')
    def execute(cls, enforcements):
        """The money collected is paid into the Treasury: a payment of the
        fine, which settles its balance and surcharge"""
        pool = Pool()
        Payment = pool.get('qltt.fine.payment')
        for enforcement in enforcements:
            check_required(enforcement, ['executed_date', 'amount_collected'],
                EnforcementError, 'qltt_finance.msg_enforcement_required',
                'enforcement')
            if enforcement.executed_date < enforcement.decision_date:
                raise EnforcementError(gettext(
                        'qltt_finance.msg_enforcement_executed_date',
                        enforcement=enforcement.rec_name))
            enforcement.check_limit(enforcement.executed_date)
            payment = Payment(
                company=enforcement.company, case=enforcement.fine.case,
                date=enforcement.executed_date,
                amount=enforcement.amount_collected, method='treasury',
                reference=enforcement.decision_number)
            payment.save()
            Payment.post([payment])
            enforcement.payment = payment
        cls.save(enforcements)

    @classmethod
    @ModelView.button
    @transition('cancelled')
    @set_employee('cancelled_by')
    def cancel(cls, enforcements):
        "An issued decision stays on file: its cancellation has a reason"
        for enforcement in enforcements:
            if enforcement.document:
                check_required(enforcement, ['cancel_reason'],
                    EnforcementError,
                    'qltt_finance.msg_enforcement_required', 'enforcement')

    @classmethod
    @ModelView.button
    def print_(cls, enforcements):
        pool = Pool()
        Document = pool.get('qltt.case.document')
        documents = [e.document for e in enforcements if e.document]
        if documents:
            return Document.print_(documents)

    @classmethod
    def copy(cls, enforcements, default=None):
        default = default.copy() if default is not None else {}
        for name in ['executed_date', 'amount_collected', 'cancel_reason']:
            default.setdefault(name)
        return super().copy(enforcements, default=default)


class Cron(metaclass=PoolMeta):
    __name__ = 'ir.cron'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.method.selection.append(
            ('qltt.fine.enforcement|draft_due', "Draft Enforcement Decisions"))


class Payment(metaclass=PoolMeta):
    __name__ = 'qltt.fine.payment'
    enforcement = fields.Function(fields.Many2One(
            'qltt.fine.enforcement', "Enforcement Decision"),
        'get_enforcement')

    def get_enforcement(self, name):
        pool = Pool()
        Enforcement = pool.get('qltt.fine.enforcement')
        with without_check_access():
            found = Enforcement.search([('payment', '=', self.id)], limit=1)
        return found[0].id if found else None


class FormEnforcement(FormReport):
    """Enforcement decisions of Decree 118/2021 (MQĐ07-MQĐ10; Law Art 86)
    printed from their case document"""
    codes = set(FORMS.values())

    @classmethod
    def get_context(cls, records, header, data):
        pool = Pool()
        Enforcement = pool.get('qltt.fine.enforcement')
        context = super().get_context(records, header, data)
        document = context['document']
        enforcement = None
        if document is not None:
            with without_check_access():
                found = Enforcement.search(
                    [('document', '=', document.id)], limit=1)
            enforcement = found[0] if found else None
        kind = enforcement.kind if enforcement else None
        context['enforcement'] = enforcement
        context['enforcement_title'] = {
            'salary': "Cưỡng chế khấu trừ một phần lương hoặc một phần thu "
            "nhập",
            'account': "Cưỡng chế khấu trừ tiền từ tài khoản",
            'distraint': "Cưỡng chế kê biên tài sản có giá trị tương ứng "
            "với số tiền phạt để bán đấu giá",
            'collection': "Cưỡng chế thu tiền, tài sản để thi hành quyết "
            "định xử phạt vi phạm hành chính",
            }.get(kind, "Cưỡng chế thi hành quyết định xử phạt vi phạm "
            "hành chính")
        context['enforcement_measure'] = {
            'salary': "khấu trừ một phần lương hoặc một phần thu nhập",
            'account': "khấu trừ tiền từ tài khoản",
            'distraint': "kê biên tài sản có giá trị tương ứng với số tiền "
            "phạt để bán đấu giá",
            'collection': "thu tiền, tài sản do cá nhân, tổ chức khác đang "
            "giữ",
            }.get(kind, '........')
        return context


class FormMQD07(FormEnforcement):
    "Enforcement by deduction from salary or income (MQĐ07)"
    __name__ = 'qltt_finance.form_mqd07'


class FormMQD08(FormEnforcement):
    "Enforcement by deduction from a bank account (MQĐ08)"
    __name__ = 'qltt_finance.form_mqd08'


class FormMQD09(FormEnforcement):
    "Enforcement by distraint of assets (MQĐ09)"
    __name__ = 'qltt_finance.form_mqd09'


class FormMQD10(FormEnforcement):
    "Enforcement by collection of money or assets (MQĐ10)"
    __name__ = 'qltt_finance.form_mqd10'


class Statistics(metaclass=PoolMeta):
    "The money collected by enforcement, part of the fines collected"
    __name__ = 'qltt.report.statistics'
    enforcement_collected = fields.Numeric(
        "Collected by Enforcement", digits=(16, 0),
        help="Part of the fines collected that enforcement decisions "
        "collected (Law Art 86).")

    @classmethod
    def _measures(cls):
        return super()._measures() + ['enforcement_collected']

    @classmethod
    def _sources(cls, with_):
        pool = Pool()
        Case = pool.get('qltt.case')
        Fine = pool.get('qltt.fine')
        Enforcement = pool.get('qltt.fine.enforcement')
        yield from super()._sources(with_)
        case = Case.__table__()
        fine = Fine.__table__()
        enforcement = Enforcement.__table__()
        yield (enforcement.join(fine, condition=enforcement.fine == fine.id
                ).join(case, condition=fine.case == case.id),
            enforcement.executed_date, case.team,
            cls._case_where(case) & (enforcement.state == 'executed'),
            {'enforcement_collected': enforcement.amount_collected})
