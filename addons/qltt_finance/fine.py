# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The fine of a decided case as a receivable of the State budget.

- The fine is paid within 10 days of the receipt of the decision (Law on
  Handling Administrative Violations Art 73(1)); the period is counted by
  the Civil Code (Art 147-148, `qltt_cases.deadline`).  The receipt is the
  delivery of the decision to the fined offender as recorded (Law Art 70,
  `qltt.case.delivery`): until it is recorded the fine has no due date, no
  reminder and no late-payment surcharge.
- It is booked when the case is decided: the offender owes the fine
  (receivable, maturity = the due date) and the unit owes it to the State
  budget (payable): the money is the budget's, not the unit's (Decree
  118/2021 Art 20-21; docs/law.md, Money).
- Postponement (Law Art 76, MQĐ03), reduction or waiver (Law Art 77, MQĐ04)
  and instalments (Law Art 79, MQĐ05) change what is due and when.
- Late payment adds 0.05 % per day of the unpaid fine (Law Art 78;
  Circular 18/2023/TT-BTC Art 5), see surcharge.py.
- Payments and reductions are matched to the receivable lines first in,
  first out and reconciled when a line is fully covered, so that Tryton's
  reminders (account_dunning) see only what is still unpaid.
"""
import datetime as dt
from collections import defaultdict, deque
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from trytond.i18n import gettext
from trytond.model import (
    Index, ModelSQL, ModelView, Unique, Workflow, fields)
from trytond.model.exceptions import AccessError
from trytond.modules.company.model import employee_field, set_employee
from trytond.modules.currency.fields import Monetary
from trytond.modules.qltt_cases.display import format_amount, format_date
from trytond.modules.qltt_cases import deadline
from trytond.modules.qltt_cases.case import transition
from trytond.modules.qltt_cases.value import ValueCheckMixin
from trytond.modules.qltt_cases.workflow import (
    WorkflowStateGuardMixin, check_required)
from sql import Null
from sql.aggregate import Min

from trytond.pool import Pool
from trytond.pyson import Date, Eval, If
from trytond.transaction import Transaction, without_check_access

from . import surcharge
from .account import move_line, new_move, save_and_post
from .exceptions import FinanceValidationError, ReliefError

RELIEF_KINDS = [
    ('postponement', "Postponement (MQĐ03)"),
    ('reduction', "Reduction or Waiver (MQĐ04)"),
    ('instalments', "Instalments (MQĐ05)"),
    ]
# the article of the Law on Handling Administrative Violations of each relief
RELIEF_ARTICLES = {
    'postponement': '76',
    'reduction': '77',
    'instalments': '79',
    }
RELIEF_FORMS = {
    'postponement': 'MQĐ03',
    'reduction': 'MQĐ04',
    'instalments': 'MQĐ05',
    }


def today():
    pool = Pool()
    Date = pool.get('ir.date')
    return Transaction().context.get('date') or Date.today()


class Fine(WorkflowStateGuardMixin, ValueCheckMixin, ModelSQL, ModelView):
    __string__ = "Fine"
    __name__ = 'qltt.fine'
    _history = True
    # booked by the decision (create_for_cases), changed by reliefs,
    # payments and correction decisions only
    _workflow_owned_fields = {
        'company', 'case', 'offender', 'party', 'amount', 'decision_date',
        'received_date', 'legal_due_date', 'due_date',
        'move', 'lines', 'payments'}
    _workflow_deletable_states = {'open'}
    _workflow_delete_error = 'qltt_finance.msg_fine_delete_booked', 'fine'

    company = fields.Many2One(
        'company.company', "Company", required=True, readonly=True)
    case = fields.Many2One(
        'qltt.case', "Case", required=True, readonly=True,
        ondelete='RESTRICT')
    # one fine per offender of the decision, each for their own acts (Law
    # Art 67): their own receivable, payments, reliefs and surcharge
    offender = fields.Many2One(
        'qltt.case.offender', "Case Offender", readonly=True,
        ondelete='RESTRICT')
    party = fields.Many2One(
        'party.party', "Offender", required=True, readonly=True,
        context={'company': Eval('company', -1)}, depends={'company'})
    currency = fields.Function(fields.Many2One(
            'currency.currency', "Currency"), 'on_change_with_currency')
    amount = Monetary(
        "Fine", currency='currency', digits='currency', readonly=True,
        help="The total fine of the sanction decision.")
    decision_date = fields.Date("Decision Date", readonly=True)
    received_date = fields.Date(
        "Decision Received", readonly=True,
        help="The day the decision counts as delivered to the offender, as "
        "recorded by its delivery (Law Art 70); empty until then.")
    legal_due_date = fields.Date(
        "Legal Due Date", readonly=True,
        help="10 days from the receipt of the decision (Law Art 73(1)); "
        "empty until its delivery is recorded.")
    due_date = fields.Date(
        "Due Date", readonly=True,
        help="Last day to pay: the legal due date, the end of a "
        "postponement or the last instalment; empty until the delivery of "
        "the decision is recorded.")
    next_due_date = fields.Function(
        fields.Date("Next Due Date"), 'get_next_due_date')
    move = fields.Many2One('account.move', "Move", readonly=True)
    lines = fields.One2Many(
        'account.move.line', 'origin', "Receivable Lines", readonly=True)
    reliefs = fields.One2Many('qltt.fine.relief', 'fine', "Reliefs",
        states={
            'readonly': Eval('state') != 'open',
            })
    payments = fields.One2Many(
        'qltt.fine.payment', 'fine', "Payments", readonly=True)
    state = fields.Selection([
            ('open', "Open"),
            ('settled', "Settled"),
            ], "State", readonly=True, required=True)

    reduced = fields.Function(Monetary(
            "Reduced", currency='currency', digits='currency'), 'get_amounts')
    amount_due = fields.Function(Monetary(
            "Amount Due", currency='currency', digits='currency',
            help="The fine less reductions and waivers."), 'get_amounts')
    paid = fields.Function(Monetary(
            "Paid", currency='currency', digits='currency'), 'get_amounts')
    balance = fields.Function(Monetary(
            "Balance", currency='currency', digits='currency',
            help="What is left to pay of the fine."), 'get_amounts')
    surcharge = fields.Function(Monetary(
            "Late Surcharge", currency='currency', digits='currency',
            help="Late-payment surcharge accrued up to today (Law Art 78)."),
        'get_amounts')
    surcharge_paid = fields.Function(Monetary(
            "Surcharge Paid", currency='currency', digits='currency'),
        'get_amounts')
    surcharge_due = fields.Function(Monetary(
            "Surcharge Due", currency='currency', digits='currency'),
        'get_amounts')
    total_due = fields.Function(Monetary(
            "Total Due", currency='currency', digits='currency',
            help="Balance of the fine and surcharge due."), 'get_amounts')
    overpaid = fields.Function(Monetary(
            "Overpaid", currency='currency', digits='currency',
            help="Paid above what was due, to refund."), 'get_amounts')
    enforcement = fields.Function(fields.Boolean(
            "Enforcement",
            help="The last reminder passed without payment: the decision "
            "is to be enforced (Law Art 86)."),
        'get_enforcement', searcher='search_enforcement')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints = [
            ('offender_uniq', Unique(t, t.offender),
                'qltt_finance.msg_fine_offender_unique'),
            ]
        cls._sql_indexes.add(Index(t, (t.case, Index.Range())))
        cls._sql_indexes.add(
            Index(t, (t.state, Index.Equality(cardinality='low'))))
        cls._order = [('decision_date', 'DESC'), ('id', 'DESC')]

    @classmethod
    def __register__(cls, module):
        pool = Pool()
        Offender = pool.get('qltt.case.offender')
        cursor = Transaction().connection.cursor()
        table_h = cls.__table_handler__(module)
        # Migration from one fine per case: it is the fine of the case's
        # (then only) offender
        table_h.drop_constraint('case_uniq')
        super().__register__(module)
        fine = cls.__table__()
        offender = Offender.__table__()
        cursor.execute(*fine.update(
                [fine.offender],
                [offender.select(Min(offender.id),
                        where=offender.case == fine.case)],
                where=fine.offender == Null))

    @classmethod
    def default_state(cls):
        return 'open'

    @classmethod
    def view_attributes(cls):
        # an open fine past its due date stands out in the lists (#23)
        return super().view_attributes() + [
            ('/tree', 'visual', If(
                    (Eval('state') == 'open')
                    & (Eval('due_date', Date()) < Date()),
                    'danger', '')),
            ]

    @fields.depends('company')
    def on_change_with_currency(self, name=None):
        return self.company.currency if self.company else None

    def get_rec_name(self, name):
        return self.name_of(self.case, self.offender, self.party)

    @staticmethod
    def name_of(case, offender, party):
        "The case, and the party when the case fines several offenders"
        if offender and len(case.offenders) > 1:
            return f'{case.rec_name} - {party.rec_name}'
        return case.rec_name

    @property
    def offender_kind(self):
        "The kind of the fined offender"
        if self.offender:
            return self.offender.kind
        return self.case.offender_kind

    @classmethod
    def search_rec_name(cls, name, clause):
        _, operator, value = clause
        bool_op = 'AND' if operator.startswith(('!', 'not ')) else 'OR'
        return [bool_op,
            ('case.number', operator, value),
            ('party.name', operator, value),
            ]

    # Due dates ---------------------------------------------------------

    @classmethod
    def compute_due_date(cls, received_date):
        """10 days from the recorded receipt of the decision (Law Art
        73(1)); None while its delivery is not recorded (Law Art 70)"""
        pool = Pool()
        Configuration = pool.get('qltt.finance.configuration')
        if not received_date:
            return None
        config = Configuration(1)
        holidays = deadline.get_holidays(
            received_date, received_date + dt.timedelta(days=120))
        return deadline.add_days(
            received_date, config.payment_days, holidays)

    @classmethod
    def compute_presumed_due_date(cls, decision_date):
        """The due date of a correction decision that raises the fine: its
        own delivery is not recorded, so it is presumed received after the
        delivery time of the configuration (Law Art 70: sent within 02
        working days), then 10 days (Law Art 73(1))"""
        pool = Pool()
        Configuration = pool.get('qltt.finance.configuration')
        config = Configuration(1)
        holidays = deadline.get_holidays(
            decision_date, decision_date + dt.timedelta(days=30))
        return cls.compute_due_date(deadline.add_working_days(
                decision_date, config.delivery_days, holidays))

    @property
    def reschedules(self):
        "Approved reliefs that changed the due dates, by decision date"
        return sorted((r for r in self.reliefs
                if r.state == 'approved'
                and r.kind in {'postponement', 'instalments'}),
            key=lambda r: (r.decision_date, r.id))

    @classmethod
    def update_received(cls, fines):
        """The delivery of the decision to the fined offender was recorded
        (Law Art 70): the legal due date and the maturity of the receivable
        follow it (Law Art 73(1)), unless a relief already rescheduled the
        fine"""
        pool = Pool()
        Line = pool.get('account.move.line')
        # the lines of every fine in one write per due date
        maturities, dues = defaultdict(list), {}
        for fine in fines:
            received = (fine.offender.decision_delivered_date
                if fine.offender else None)
            if received not in dues:
                dues[received] = cls.compute_due_date(received)
            due = dues[received]
            fine.received_date = received
            fine.legal_due_date = due
            if not fine.reschedules:
                fine.due_date = due
                maturities[due].extend(fine.open_receivables)
        cls.save(fines)
        to_write = [x for date, lines in maturities.items() if lines
            for x in (lines, {'maturity_date': date})]
        if to_write:
            Line.write(*to_write)

    @property
    def open_receivables(self):
        "The receivable lines not yet reconciled"
        return [l for l in self.open_lines if l.debit > 0]

    def set_maturity(self, date):
        "Move the maturity of the open receivable lines (allowed on posted)"
        pool = Pool()
        Line = pool.get('account.move.line')
        lines = self.open_receivables
        if lines:
            Line.write(lines, {'maturity_date': date})

    def get_next_due_date(self, name):
        dates = [l.maturity_date for l in self.open_lines
            if l.debit > 0 and l.maturity_date]
        return min(dates, default=None)

    # Booking -----------------------------------------------------------

    @classmethod
    def create_for_cases(cls, cases):
        """Book the fines of the decided cases, one per fined offender"""
        return cls.create_for_offenders(
            [o for c in cases for o in c.offenders])

    @classmethod
    def create_for_offenders(cls, offenders):
        """Book the fine of each offender of a decided case for their own
        acts (Law Art 67): debit their receivable, due 10 days after the
        recorded receipt of the decision (no due date before it); credit
        the amount payable to the State budget.  One move per fine, origin
        the case, created and posted in batch: the moves first, then the
        fines that name them, then the lines that name the fines, each in
        one create (no second write of the fines for their move)."""
        pool = Pool()
        Configuration = pool.get('qltt.finance.configuration')
        Move = pool.get('account.move')
        Line = pool.get('account.move.line')
        config = Configuration(1)
        # no fine: a warning, or remedial measures only
        offenders = [o for o in offenders if o.fine_total]
        if not offenders:
            return []
        accounts = {}  # the configuration of each company, read once
        periods = {}  # and its period of each date
        moves = []
        for offender in offenders:
            case = offender.case
            with Transaction().set_context(company=case.company.id):
                if case.company not in accounts:
                    accounts[case.company] = (
                        config.get_account('fine_receivable_account'),
                        config.get_account('fine_payable_account'),
                        config.get_journal('fine_journal'))
                journal = accounts[case.company][2]
                moves.append(new_move(case.company, journal,
                        case.decision_date, case,
                        cls.name_of(case, offender, offender.party),
                        periods))
        Move.save(moves)
        fines = []
        for offender, move in zip(offenders, moves):
            case = offender.case
            received = offender.decision_delivered_date
            due = cls.compute_due_date(received)
            fines.append(cls(
                    company=case.company, case=case, offender=offender,
                    party=offender.party, amount=offender.fine_total,
                    decision_date=case.decision_date,
                    received_date=received, legal_due_date=due,
                    due_date=due, move=move))
        cls.save(fines)
        lines = []
        for fine, move in zip(fines, moves):
            receivable, payable, _ = accounts[fine.company]
            for line in [
                    move_line(receivable, debit=fine.amount,
                        party=fine.party, origin=fine,
                        maturity_date=fine.due_date),
                    move_line(payable, credit=fine.amount)]:
                line.move = move
                lines.append(line)
        Line.save(lines)
        Move.post(moves)
        return fines

    @property
    def open_lines(self):
        return [l for l in self.lines if not l.reconciliation]

    def allocate(self, amount):
        """Split a payment or reduction of the fine over its open receivable
        lines, first due first, so that each line can be reconciled once
        covered: [(maturity date, part)]"""
        debits = sorted((l for l in self.open_lines if l.debit > 0),
            key=lambda l: (l.maturity_date or dt.date.max, l.id))
        covered = sum(
            (l.credit for l in self.open_lines if l.credit > 0), Decimal(0))
        parts = []
        for line in debits:
            if not amount:
                break
            remaining = line.debit - covered
            covered = max(covered - line.debit, Decimal(0))
            if remaining <= 0:
                continue
            part = min(amount, remaining)
            parts.append((line.maturity_date, part))
            amount -= part
        if amount:
            parts.append((None, amount))
        return parts

    def due_on(self, date):
        "What is unpaid of the receivable lines due on or before date"
        lines = self.open_lines
        due = sum((l.debit for l in lines
                if l.debit > 0 and l.maturity_date
                and l.maturity_date <= date), Decimal(0))
        paid = sum((l.credit for l in lines), Decimal(0))
        return max(due - paid, Decimal(0))

    def credit_lines(self, amount, description=None):
        "Credit lines of the receivable for amount, split by allocate"
        pool = Pool()
        Configuration = pool.get('qltt.finance.configuration')
        with Transaction().set_context(company=self.company.id):
            receivable = Configuration(1).get_account(
                'fine_receivable_account')
        return [move_line(receivable, credit=part, party=self.party,
                origin=self, description=description)
            for _, part in self.allocate(amount)]

    @classmethod
    def reconcile(cls, fines):
        """Reconcile each receivable line once payments and reductions
        cover it exactly, first due first; everything when the fine is
        paid"""
        pool = Pool()
        Line = pool.get('account.move.line')
        groups = []
        for fine in cls.browse(fines):
            lines = fine.open_lines
            debits = sorted((l for l in lines if l.debit > 0),
                key=lambda l: (l.maturity_date or dt.date.max, l.id))
            credits = deque(sorted((l for l in lines if l.credit > 0),
                    key=lambda l: (l.date, l.id)))
            done = set()
            for debit in debits:
                group, total = [], Decimal(0)
                while credits and total < debit.debit:
                    credit = credits.popleft()
                    group.append(credit)
                    total += credit.credit
                if total != debit.debit:
                    break
                groups.append([debit] + group)
                done.update([debit] + group)
            rest = [l for l in lines if l not in done]
            if rest and not sum(l.debit - l.credit for l in rest):
                groups.append(rest)
        if groups:
            Line.reconcile(*groups)

    @classmethod
    def update_state(cls, fines):
        "A fine is settled when its balance and surcharge are paid"
        fines = cls.browse(fines)
        to_write = []
        for fine in fines:
            state = ('settled'
                if not fine.balance and not fine.surcharge_due else 'open')
            if state != fine.state:
                to_write.extend(([fine], {'state': state}))
        if to_write:
            cls.write(*to_write)

    # Amounts -----------------------------------------------------------

    def schedule_versions(self):
        """The schedules of the fine, each from the decision that set it:
        the legal due date, then postponements and instalments; what was
        already paid or reduced stays due on the legal due date.  Nothing
        is due before the decision is delivered (Law Art 70, 73(1))"""
        if not self.legal_due_date:
            return []
        versions = [(None, [(self.legal_due_date, self.amount)])]
        for relief in self.reschedules:
            before = self.amount - relief.amount
            if relief.kind == 'postponement':
                schedule = [(relief.postponed_until, relief.amount)]
            else:
                schedule = [(i.date, i.amount) for i in relief.instalments]
            versions.append((relief.decision_date,
                    [(self.legal_due_date, before)] + schedule))
        return versions

    def credits(self):
        "Payments of the fine and reductions, by date"
        credits = [(p.date, p.principal) for p in self.payments
            if p.move and p.principal]
        credits += [(r.decision_date, r.amount) for r in self.reliefs
            if r.state == 'approved' and r.kind == 'reduction']
        return sorted(credits)

    def exempt_periods(self, date):
        """No surcharge while a relief is considered, from its request up
        to its decision (Circular 18/2023 Art 5; Law Art 76, 77, 79)"""
        return [(r.request_date, r.decision_date or date)
            for r in self.reliefs if r.request_date]

    def compute_surcharge(self, date):
        "Surcharge accrued for the days before date, rounded to the currency"
        pool = Pool()
        Configuration = pool.get('qltt.finance.configuration')
        rate = Configuration(1).surcharge_rate
        value = surcharge.late_surcharge(
            self.schedule_versions(), self.credits(),
            self.exempt_periods(date), rate, date)
        return self.currency.round(value)

    @classmethod
    def get_amounts(cls, fines, names):
        result = {n: {} for n in names}
        date = today()
        with without_check_access():
            fines = cls.browse(fines)
            for fine in fines:
                # booked, including a payment being posted
                posted = [p for p in fine.payments if p.move]
                reduced = sum((r.amount for r in fine.reliefs
                        if r.state == 'approved' and r.kind == 'reduction'),
                    Decimal(0))
                balance = sum(
                    (l.debit - l.credit for l in fine.lines), Decimal(0))
                surcharge_paid = sum(
                    (p.surcharge or 0 for p in posted), Decimal(0))
                if balance:
                    accrued = fine.compute_surcharge(date)
                else:
                    # nothing late any more: the surcharge is final
                    last = max((d for d, _ in fine.credits()),
                        default=date)
                    accrued = fine.compute_surcharge(last)
                values = {
                    'reduced': reduced,
                    'amount_due': fine.amount - reduced,
                    'paid': sum((p.principal or 0 for p in posted),
                        Decimal(0)),
                    'balance': balance,
                    'surcharge': accrued,
                    'surcharge_paid': surcharge_paid,
                    'surcharge_due': max(accrued - surcharge_paid,
                        Decimal(0)),
                    'overpaid': sum((p.overpayment or 0 for p in posted),
                        Decimal(0)),
                    }
                values['total_due'] = balance + values['surcharge_due']
                for name in names:
                    result[name][fine.id] = values[name]
        return result

    def get_enforcement(self, name):
        "The last reminder level passed on an unpaid line (account_dunning)"
        with without_check_access():
            return any(d.state == 'final'
                for l in self.open_lines for d in l.dunnings)

    @classmethod
    def search_enforcement(cls, name, clause):
        _, operator, value = clause
        if (operator == '=') != bool(value):
            return [('lines', 'not where', [
                        ('dunnings.state', '=', 'final'),
                        ('reconciliation', '=', None),
                        ])]
        return [('lines', 'where', [
                    ('dunnings.state', '=', 'final'),
                    ('reconciliation', '=', None),
                    ])]

    @classmethod
    def check_modification(cls, mode, fines, values=None, external=False):
        super().check_modification(
            mode, fines, values=values, external=external)
        if mode == 'delete':
            for fine in fines:
                if fine.move:
                    raise AccessError(gettext(
                            'qltt_finance.msg_fine_delete_booked',
                            fine=fine.rec_name))

    @classmethod
    def copy(cls, fines, default=None):
        if fines:
            raise AccessError(gettext('qltt_finance.msg_fine_copy'))
        return super().copy(fines, default=default)


class Relief(WorkflowStateGuardMixin, Workflow, ModelSQL, ModelView):
    __string__ = "Fine Relief"
    __name__ = 'qltt.fine.relief'
    _workflow_owned_fields = {'document', 'move', 'decided_by'}
    _workflow_draft_fields = {
        'fine', 'kind', 'request_date', 'decision_date', 'signer', 'reason',
        'postponed_until', 'amount', 'instalments'}
    _workflow_deletable_states = {'draft'}
    _workflow_delete_error = 'qltt_finance.msg_relief_delete', 'relief'
    _states = {
        'readonly': Eval('state') != 'draft',
        }

    fine = fields.Many2One(
        'qltt.fine', "Fine", required=True, ondelete='RESTRICT',
        states=_states, domain=[('state', '=', 'open')])
    company = fields.Function(fields.Many2One(
            'company.company', "Company"), 'on_change_with_company',
        searcher='search_company')
    currency = fields.Function(fields.Many2One(
            'currency.currency', "Currency"), 'on_change_with_currency')
    kind = fields.Selection(RELIEF_KINDS, "Kind", required=True,
        states=_states)
    request_date = fields.Date(
        "Request Date", required=True, states=_states,
        help="No surcharge runs from the request to the decision "
        "(Circular 18/2023 Art 5).")
    decision_date = fields.Date("Decision Date", states=_states)
    signer = fields.Many2One('company.employee', "Signer", states=_states,
        help="The official who signed the sanction decision (Law Art 76, "
        "77, 79).")
    reason = fields.Text("Reason", states=_states,
        help="The grounds of the request: the special, sudden economic "
        "difficulty (natural disaster, catastrophe, fire, epidemic, serious "
        "illness or accident) and who confirmed it.")
    postponed_until = fields.Date(
        "Postponed Until", states={
            'readonly': _states['readonly'],
            'invisible': Eval('kind') != 'postponement',
            'required': (Eval('kind') == 'postponement')
            & (Eval('state') == 'approved'),
            },
        help="At most 3 months (Law Art 76).")
    amount = Monetary(
        "Amount", currency='currency', digits='currency',
        states={
            'readonly': _states['readonly'] | (Eval('kind') != 'reduction'),
            },
        help="The reduction (the whole balance for a waiver); for a "
        "postponement or instalments, the amount they cover.")
    instalments = fields.One2Many(
        'qltt.fine.instalment', 'relief', "Instalments", states={
            'readonly': _states['readonly'],
            'invisible': Eval('kind') != 'instalments',
            })
    document = fields.Many2One(
        'qltt.case.document', "Decision Document", readonly=True)
    move = fields.Many2One('account.move', "Move", readonly=True)
    state = fields.Selection([
            ('draft', "Requested"),
            ('approved', "Approved"),
            ('refused', "Refused"),
            ], "State", readonly=True, required=True)
    decided_by = employee_field("Decided By", states=['approved', 'refused'])
    del _states

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('request_date', 'DESC'), ('id', 'DESC')]
        cls._transitions |= {
            ('draft', 'approved'),
            ('draft', 'refused'),
            }
        cls._buttons.update({
                'approve': {
                    'invisible': Eval('state') != 'draft',
                    'depends': ['state'],
                    },
                'refuse': {
                    'invisible': Eval('state') != 'draft',
                    'depends': ['state'],
                    },
                })

    @classmethod
    def default_state(cls):
        return 'draft'

    @fields.depends('fine', '_parent_fine.company')
    def on_change_with_company(self, name=None):
        return self.fine.company if self.fine else None

    @fields.depends('fine', 'signer', '_parent_fine.case')
    def on_change_fine(self):
        "The signer of the sanction decision decides its reliefs"
        if self.fine and self.fine.case and not self.signer:
            self.signer = self.fine.case.decision_signer

    @classmethod
    def search_company(cls, name, clause):
        return [('fine.' + clause[0], *clause[1:])]

    @fields.depends('fine', '_parent_fine.company')
    def on_change_with_currency(self, name=None):
        if self.fine and self.fine.company:
            return self.fine.company.currency

    def get_rec_name(self, name):
        return (dict(self.fields_get(['kind'])['kind']['selection'])[
                self.kind] + ' ' + self.fine.rec_name)

    @classmethod
    def validate_fields(cls, reliefs, field_names):
        super().validate_fields(reliefs, field_names)
        for relief in reliefs:
            if relief.amount is not None and relief.amount < 0:
                raise FinanceValidationError(gettext(
                        'qltt_finance.msg_amount_negative',
                        record=relief.rec_name))
            if (relief.decision_date and relief.request_date
                    and relief.decision_date < relief.request_date):
                raise FinanceValidationError(gettext(
                        'qltt_finance.msg_relief_dates',
                        relief=relief.rec_name))

    def check_required(self, names):
        check_required(self, names, ReliefError,
            'qltt_finance.msg_relief_required', 'relief')

    def check_grounds(self):
        """A relief is granted only on the offender's request stating the
        special, sudden economic difficulty and its confirmation (Law Art
        76(1), 77(1), 79(1)(b) as amended by Law 67/2020)"""
        if not (self.reason or '').strip():
            raise ReliefError(gettext(
                    'qltt_finance.msg_relief_grounds',
                    relief=self.rec_name, article=RELIEF_ARTICLES[self.kind]))

    def check_signer(self):
        """The relief is decided by the official who made the sanction
        decision (Law Art 76, 79 as amended by Law 67/2020; for a reduction
        or waiver, Art 77 [unverified])"""
        signer = self.fine.case.decision_signer
        if signer and self.signer != signer:
            raise ReliefError(gettext(
                    'qltt_finance.msg_relief_signer',
                    relief=self.rec_name, signer=signer.rec_name,
                    other=self.signer.rec_name,
                    article=RELIEF_ARTICLES[self.kind]))

    def check_postponement(self, config):
        """Up to 3 months from the decision to postpone (Law Art 76(1) as
        amended by Law 67/2020)"""
        fine = self.fine
        limit = self.decision_date + relativedelta(
            months=config.postponement_months)
        if (self.postponed_until <= (fine.due_date or fine.legal_due_date)
                or self.postponed_until > limit):
            raise ReliefError(gettext(
                    'qltt_finance.msg_relief_postponement',
                    relief=self.rec_name,
                    date=format_date(self.postponed_until),
                    due=format_date(fine.due_date), limit=format_date(limit)))

    def check_instalments(self, config):
        """Law Art 79 as amended by Law 67/2020: only for a fine of at least
        20 million VND (individual) or 200 million VND (organisation); at
        most 3 instalments within 6 months of the decision, the first at
        least 40 % of the fine, together the balance of the fine"""
        fine = self.fine
        # Art 79(1)(a): a household business is fined as an individual
        if fine.offender_kind == 'organisation':
            minimum = config.instalment_min_organisation
        else:
            minimum = config.instalment_min_individual
        if fine.amount < minimum:
            raise ReliefError(gettext(
                    'qltt_finance.msg_relief_instalment_threshold',
                    relief=self.rec_name, amount=format_amount(fine.amount),
                    minimum=format_amount(minimum)))
        instalments = sorted(self.instalments, key=lambda i: i.date)
        total = sum((i.amount for i in instalments), Decimal(0))
        # Art 79(2): counted from the sanction decision taking effect
        limit = fine.decision_date + relativedelta(
            months=config.instalment_months)
        first = fine.currency.round(fine.amount * config.instalment_first_rate)
        if len(instalments) > config.instalment_count:
            raise ReliefError(gettext(
                    'qltt_finance.msg_relief_instalment_count',
                    relief=self.rec_name, count=config.instalment_count,
                    number=len(instalments)))
        if instalments and instalments[-1].date > limit:
            raise ReliefError(gettext(
                    'qltt_finance.msg_relief_instalment_limit',
                    relief=self.rec_name,
                    date=format_date(instalments[-1].date),
                    limit=format_date(limit), months=config.instalment_months))
        if (len(instalments) < 2
                or instalments[0].date < self.decision_date
                or len({i.date for i in instalments}) < len(instalments)
                or any(i.amount <= 0 for i in instalments)):
            raise ReliefError(gettext(
                    'qltt_finance.msg_relief_instalment_plan',
                    relief=self.rec_name, count=config.instalment_count,
                    limit=format_date(limit)))
        if instalments[0].amount < first:
            raise ReliefError(gettext(
                    'qltt_finance.msg_relief_instalment_first',
                    relief=self.rec_name, amount=format_amount(first)))
        if total != fine.balance:
            raise ReliefError(gettext(
                    'qltt_finance.msg_relief_instalment_total',
                    relief=self.rec_name, total=format_amount(total),
                    balance=format_amount(fine.balance)))

    def _document(self):
        pool = Pool()
        Document = pool.get('qltt.case.document')
        DocumentType = pool.get('qltt.case.document.type')
        return Document(
            case=self.fine.case,
            type=DocumentType.get_by_code(RELIEF_FORMS[self.kind]),
            date=self.decision_date, signer=self.signer,
            description=self.rec_name)

    def _move(self, config):
        "The entries of the relief, or None when only dates change"
        fine = self.fine
        with Transaction().set_context(company=fine.company.id):
            receivable = config.get_account('fine_receivable_account')
            payable = config.get_account('fine_payable_account')
            journal = config.get_journal('fine_journal')
            if self.kind == 'postponement':
                return None
            move = new_move(fine.company, journal, self.decision_date,
                self, self.rec_name)
        if self.kind == 'reduction':
            # less is owed to the budget and by the offender
            move.lines = ([move_line(payable, debit=self.amount)]
                + fine.credit_lines(self.amount))
        else:
            # the balance is rescheduled into the instalments
            move.lines = [move_line(receivable, credit=fine.balance,
                    party=fine.party, origin=fine)] + [
                move_line(receivable, debit=i.amount, party=fine.party,
                    origin=fine, maturity_date=i.date)
                for i in self.instalments]
        return move

    @classmethod
    @ModelView.button
    @transition('approved')
    @set_employee('decided_by')
    def approve(cls, reliefs):
        pool = Pool()
        Configuration = pool.get('qltt.finance.configuration')
        Document = pool.get('qltt.case.document')
        Fine = pool.get('qltt.fine')
        Line = pool.get('account.move.line')
        config = Configuration(1)
        for relief in reliefs:
            fine = relief.fine
            if fine.state != 'open':
                raise ReliefError(gettext(
                        'qltt_finance.msg_relief_fine_settled',
                        relief=relief.rec_name))
            if not fine.legal_due_date:
                # the payment period starts from the delivery (Law Art 70,
                # 73(1)): nothing to postpone, reduce or split before it
                raise ReliefError(gettext(
                        'qltt_finance.msg_relief_not_delivered',
                        relief=relief.rec_name))
            relief.check_required(['decision_date', 'signer'])
            relief.check_signer()
            relief.check_grounds()
            if relief.kind == 'postponement':
                relief.check_required(['postponed_until'])
                relief.check_postponement(config)
                relief.amount = fine.balance
            elif relief.kind == 'reduction':
                relief.check_required(['amount'])
                if relief.amount > fine.balance:
                    raise ReliefError(gettext(
                            'qltt_finance.msg_relief_reduction_balance',
                            relief=relief.rec_name,
                            amount=format_amount(relief.amount),
                            balance=format_amount(fine.balance)))
            else:
                relief.check_instalments(config)
                relief.amount = sum(
                    (i.amount for i in relief.instalments), Decimal(0))
        documents = [r._document() for r in reliefs]
        Document.issue_new(documents)
        with without_check_access():
            for relief, document in zip(reliefs, documents):
                relief.document = document
                fine = relief.fine
                relief.move = relief._move(config)
                if relief.move:
                    save_and_post([relief.move])
                if relief.kind == 'postponement':
                    fine.set_maturity(relief.postponed_until)
                    fine.due_date = relief.postponed_until
                    fine.save()
                elif relief.kind == 'instalments':
                    # the old lines and the transfer cancel each other
                    fine = Fine(fine.id)
                    old = [l for l in fine.open_lines
                        if l.move != relief.move
                        or l.credit > 0]
                    Line.reconcile(old)
                    fine.due_date = max(i.date for i in relief.instalments)
                    fine.save()
                cls.save([relief])
            fines = list({r.fine for r in reliefs})
            Fine.reconcile(fines)
            Fine.update_state(fines)

    @classmethod
    @ModelView.button
    @transition('refused')
    @set_employee('decided_by')
    def refuse(cls, reliefs):
        for relief in reliefs:
            relief.check_required(['decision_date'])


class Instalment(ModelSQL, ModelView):
    __string__ = "Fine Instalment"
    __name__ = 'qltt.fine.instalment'
    relief = fields.Many2One(
        'qltt.fine.relief', "Relief", required=True, ondelete='CASCADE')
    currency = fields.Function(fields.Many2One(
            'currency.currency', "Currency"), 'on_change_with_currency')
    date = fields.Date("Due Date", required=True)
    amount = Monetary(
        "Amount", currency='currency', digits='currency', required=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('relief')
        cls._order = [('date', 'ASC'), ('id', 'ASC')]

    @fields.depends('relief', '_parent_relief.currency')
    def on_change_with_currency(self, name=None):
        if self.relief:
            return self.relief.currency

    @classmethod
    def check_modification(
            cls, mode, instalments, values=None, external=False):
        super().check_modification(
            mode, instalments, values=values, external=external)
        for instalment in instalments:
            if instalment.relief.state != 'draft':
                raise AccessError(gettext(
                        'qltt_finance.msg_relief_modify',
                        relief=instalment.relief.rec_name))
