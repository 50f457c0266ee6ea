# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Money received for a fine (nộp tiền phạt).

Decree 118/2021 Art 20-21: the offender pays at the State Treasury or its
partner bank, by transfer to the Treasury account named in the decision, or
in cash to the official only on the spot or in remote places, against a
receipt of the Ministry of Finance (biên lai thu tiền phạt).  Cash collected
so is paid into the Treasury within 7 days, or 2 working days at sea or
after office hours (Law on Handling Administrative Violations Art 78(2)).

A payment pays the part of the fine already due first, then the late
surcharge accrued up to the day before it (Law Art 78(1); Circular 18/2023
Art 5), then instalments not yet due; anything above is kept as an
overpayment to refund, never silently absorbed.  (The order is not set by
the law; this one stops the surcharge soonest.)

The same payment records the illegal profit a decision orders paid (Law Art
28(1)(i); Decree 98/2020 as amended): it then pays the profit's receivable
(measure.py) instead of the fine, without late surcharge (Law Art 78 is about
fines), and is remitted to the budget like fines.
"""
import datetime as dt
from collections import defaultdict
from decimal import Decimal

from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, Workflow, fields
from trytond.model.exceptions import AccessError
from trytond.modules.company.model import employee_field, set_employee
from trytond.modules.currency.fields import Monetary
from trytond.modules.qltt_cases.display import format_amount, format_date
from trytond.modules.qltt_cases import deadline
from trytond.modules.qltt_cases.case import transition
from trytond.modules.qltt_cases.value import ValueCheckMixin
from trytond.modules.qltt_cases.workflow import (
    WorkflowStateGuardMixin)
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.transaction import Transaction, without_check_access

from .account import (
    lock_posting, move_line, new_move, open_period, save_and_post)
from .exceptions import (
    FinanceError, FinanceValidationError, OverpaymentWarning)
from .fine import today

METHODS = [
    ('treasury', "State Treasury"),
    ('bank', "Bank"),
    ('cash', "Cash on the Spot"),
    ]


class Payment(
        WorkflowStateGuardMixin, ValueCheckMixin, Workflow, ModelSQL,
        ModelView):
    __string__ = "Fine Payment"
    __name__ = 'qltt.fine.payment'
    _workflow_owned_fields = {
        'fine', 'principal', 'surcharge', 'profit', 'overpayment',
        'deposit_deadline', 'move', 'deposit_move', 'remittance', 'posted_by'}
    _workflow_deletable_states = {'draft'}
    _workflow_delete_error = (
        'qltt_finance.msg_payment_delete_posted', 'payment')
    _states = {
        'readonly': Eval('state') != 'draft',
        }

    company = fields.Many2One(
        'company.company', "Company", required=True, states=_states)
    case = fields.Many2One(
        'qltt.case', "Case", required=True, states=_states,
        domain=[('company', '=', Eval('company', -1))])
    fine = fields.Many2One('qltt.fine', "Fine", readonly=True)
    measure = fields.Many2One(
        'qltt.case.measure', "Illegal Profit", states=_states,
        domain=[
            ('case', '=', Eval('case', -1)),
            ('kind', '=', 'remedy_profit'),
            ],
        help="The illegal profit this payment pays, instead of the fine "
        "(Law Art 28(1)(i)).")
    # each offender of a decision pays their own fine (Law Art 67)
    offender = fields.Many2One(
        'qltt.case.offender', "Case Offender", states=_states,
        domain=[('case', '=', Eval('case', -1))],
        help="Who pays, when the decision fines several offenders.")
    party = fields.Function(fields.Many2One(
            'party.party', "Offender",
            context={'company': Eval('company', -1)}, depends={'company'}),
        'on_change_with_party')
    currency = fields.Function(fields.Many2One(
            'currency.currency', "Currency"), 'on_change_with_currency')
    date = fields.Date("Date", required=True, states=_states,
        help="The day the money was paid.")
    amount = Monetary(
        "Amount", currency='currency', digits='currency', required=True,
        states=_states)
    method = fields.Selection(METHODS, "Method", required=True,
        states=_states)
    reference = fields.Char("Reference", states=_states,
        help="Number of the Treasury or bank document.")
    receipt_number = fields.Char(
        "Receipt Number", states={
            'readonly': _states['readonly'],
            'invisible': Eval('method') != 'cash',
            'required': Eval('method') == 'cash',
            },
        help="Number of the fine receipt (biên lai thu tiền phạt).")
    cash_place = fields.Selection([
            ('land', "On Land"),
            ('sea', "At Sea or After Office Hours"),
            ], "Collected", states={
            'readonly': _states['readonly'],
            'invisible': Eval('method') != 'cash',
            },
        help="Cash is paid into the Treasury within 7 days, or 2 working "
        "days at sea or after office hours (Law Art 78(2)).")
    deposit_deadline = fields.Date(
        "Deposit Deadline", readonly=True, states={
            'invisible': Eval('method') != 'cash',
            })
    deposit_date = fields.Date(
        "Deposit Date", states={
            'readonly': Eval('state') != 'posted',
            'invisible': Eval('method') != 'cash',
            },
        help="The day the cash was paid into the Treasury.")
    deposit_late = fields.Function(fields.Boolean(
            "Deposit Late", states={
                'invisible': Eval('method') != 'cash',
                }), 'get_deposit_late')
    principal = Monetary(
        "Fine Paid", currency='currency', digits='currency', readonly=True)
    surcharge = Monetary(
        "Surcharge Paid", currency='currency', digits='currency',
        readonly=True)
    profit = Monetary(
        "Illegal Profit Paid", currency='currency', digits='currency',
        readonly=True)
    overpayment = Monetary(
        "Overpayment", currency='currency', digits='currency', readonly=True,
        help="Paid above what was due, kept to refund.")
    move = fields.Many2One('account.move', "Move", readonly=True)
    deposit_move = fields.Many2One(
        'account.move', "Deposit Move", readonly=True)
    remittance = fields.Many2One(
        'qltt.remittance', "Remittance", readonly=True)
    state = fields.Selection([
            ('draft', "Draft"),
            ('posted', "Posted"),
            ('deposited', "Deposited"),
            ], "State", readonly=True, required=True)
    posted_by = employee_field("Posted By", states=['posted', 'deposited'])
    del _states

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.update({
                Index(t, (t.date, Index.Range())),
                Index(t, (t.state, Index.Equality(cardinality='low'))),
                })
        cls._order = [('date', 'DESC'), ('id', 'DESC')]
        cls._transitions |= {
            ('draft', 'posted'),
            ('posted', 'deposited'),
            }
        cls._buttons.update({
                'post': {
                    'invisible': Eval('state') != 'draft',
                    'depends': ['state'],
                    },
                'deposit': {
                    'invisible': ((Eval('state') != 'posted')
                        | (Eval('method') != 'cash')),
                    'depends': ['state', 'method'],
                    },
                })

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @classmethod
    def default_state(cls):
        return 'draft'

    @classmethod
    def default_method(cls):
        return 'treasury'

    @classmethod
    def default_cash_place(cls):
        return 'land'

    @classmethod
    def default_date(cls):
        return Pool().get('ir.date').today()

    @fields.depends('case', 'offender', 'measure', '_parent_case.offender',
        '_parent_offender.party', '_parent_measure.party')
    def on_change_with_party(self, name=None):
        if self.measure:
            return self.measure.party
        if self.offender:
            return self.offender.party
        return self.case.offender if self.case else None

    def get_fine(self):
        "The fine this payment pays: its offender's, or the case's only one"
        fines = self.case.fines
        if self.offender:
            fines = [f for f in fines if f.offender == self.offender]
        if len(fines) > 1:
            raise FinanceError(gettext(
                    'qltt_finance.msg_payment_offender_required',
                    payment=self.rec_name))
        return fines[0] if fines else None

    @fields.depends('company')
    def on_change_with_currency(self, name=None):
        return self.company.currency if self.company else None

    @fields.depends('case', '_parent_case.fine', '_parent_case.fines')
    def on_change_case(self):
        self.fine = (self.case.fine
            if self.case and len(self.case.fines) == 1 else None)

    def get_rec_name(self, name):
        number = (self.receipt_number or self.reference
            or format_date(self.date))
        return f'{self.case.rec_name} - {number}'

    @classmethod
    def search_rec_name(cls, name, clause):
        _, operator, value = clause
        bool_op = 'AND' if operator.startswith(('!', 'not ')) else 'OR'
        return [bool_op,
            ('case.number', operator, value),
            ('receipt_number', operator, value),
            ('reference', operator, value),
            ]

    def get_deposit_late(self, name):
        if self.method != 'cash' or not self.deposit_deadline:
            return False
        return (self.deposit_date or today()) > self.deposit_deadline

    @classmethod
    def validate_fields(cls, payments, field_names):
        super().validate_fields(payments, field_names)
        for payment in payments:
            if payment.amount is not None and payment.amount <= 0:
                raise FinanceValidationError(gettext(
                        'qltt_finance.msg_amount_negative',
                        record=payment.rec_name))
            if (payment.state == 'draft'
                    and payment.case.state != 'decided'):
                payment.raise_not_decided()

    def raise_not_decided(self):
        pool = Pool()
        Case = pool.get('qltt.case')
        selection = dict(Case.fields_get(['state'])['state']['selection'])
        raise FinanceValidationError(gettext(
                'qltt_finance.msg_payment_case_not_decided',
                case=self.case.rec_name,
                state=selection.get(self.case.state)))

    def compute_deposit_deadline(self):
        """Cash to the Treasury within 7 days, 2 working days at sea or
        after office hours (Law Art 78(2))"""
        pool = Pool()
        Configuration = pool.get('qltt.finance.configuration')
        config = Configuration(1)
        holidays = deadline.get_holidays(
            self.date, self.date + dt.timedelta(days=60))
        if self.cash_place == 'sea':
            return deadline.add_working_days(
                self.date, config.cash_deposit_working_days, holidays)
        return deadline.add_days(
            self.date, config.cash_deposit_days, holidays)

    def allocate(self, fine):
        """(fine, surcharge, overpayment): the part of the fine already due,
        then the surcharge accrued up to the day before the payment, then
        the instalments not yet due; the rest is an overpayment"""
        balance = fine.balance
        surcharge_due = max(
            fine.compute_surcharge(self.date) - fine.surcharge_paid,
            Decimal(0))
        due_now = min(fine.due_on(self.date), balance)
        principal = min(self.amount, due_now)
        surcharge = min(self.amount - principal, surcharge_due)
        principal += min(
            self.amount - principal - surcharge, balance - principal)
        return principal, surcharge, self.amount - principal - surcharge

    def _move(self, fine, config):
        with Transaction().set_context(company=self.company.id):
            debit = config.get_account(
                'cash_account' if self.method == 'cash'
                else 'treasury_account')
            move = new_move(self.company,
                config.get_journal('payment_journal'), self.date, self,
                self.rec_name)
            surcharge = config.get_account('surcharge_payable_account')
            overpayment = config.get_account('overpayment_account')
        lines = [move_line(debit, debit=self.amount)]
        if self.principal:
            lines += fine.credit_lines(self.principal)
        if self.surcharge:
            lines.append(move_line(surcharge, credit=self.surcharge))
        if self.overpayment:
            lines.append(move_line(overpayment, credit=self.overpayment,
                    party=fine.party))
        move.lines = lines
        return move

    @classmethod
    @ModelView.button
    @transition('posted')
    @set_employee('posted_by')
    def post(cls, payments):
        pool = Pool()
        Configuration = pool.get('qltt.finance.configuration')
        Fine = pool.get('qltt.fine')
        config = Configuration(1)
        lock_posting('payment_journal', [(p.company, p.date)
                for p in payments if p.company and p.date])
        # a fine's payments are allocated in date order, each after the
        # ones before it: the n-th payments of the fines form the n-th
        # round, whose moves are posted and fines reconciled together
        rounds, fine_payments = [], defaultdict(int)
        for payment in sorted(payments, key=lambda p: (p.date, p.id)):
            if payment.measure:
                payment.post_profit(config)
                continue
            with without_check_access():
                fine = (payment.get_fine()
                    if payment.case.state == 'decided' else None)
            if not fine:
                payment.raise_not_decided()
            payment.check_receipt()
            index = fine_payments[fine.id]
            fine_payments[fine.id] += 1
            if index == len(rounds):
                rounds.append([])
            rounds[index].append((payment, fine.id))
        for round_ in rounds:
            with without_check_access():
                # read again: the round before changed their balances
                fines = Fine.browse([f for _, f in round_])
                for (payment, _), fine in zip(round_, fines):
                    payment.allocate_to(fine, config)
                save_and_post([p.move for p, _ in round_])
                cls.save([p for p, _ in round_])
                Fine.reconcile(fines)
                Fine.update_state(fines)

    def allocate_to(self, fine, config):
        "Split the payment on fine and make its move (not saved)"
        open_period(self.company, self.date)
        principal, surcharge, overpayment = self.allocate(fine)
        self.check_overpayment(principal + surcharge, overpayment)
        self.fine = fine
        self.principal = principal
        self.surcharge = surcharge
        self.overpayment = overpayment
        if self.method == 'cash':
            self.deposit_deadline = self.compute_deposit_deadline()
        self.move = self._move(fine, config)

    def check_receipt(self):
        "Cash is posted only with its receipt number"
        if self.method == 'cash' and not self.receipt_number:
            raise FinanceError(gettext(
                    'qltt_finance.msg_payment_receipt_required',
                    payment=self.rec_name))

    def check_overpayment(self, due, overpayment):
        pool = Pool()
        Warning = pool.get('res.user.warning')
        if overpayment:
            name = Warning.format('qltt_overpayment', [self])
            if Warning.check(name):
                raise OverpaymentWarning(name, gettext(
                        'qltt_finance.msg_payment_overpayment',
                        payment=self.rec_name,
                        amount=format_amount(self.amount),
                        due=format_amount(due),
                        overpayment=format_amount(overpayment)))

    def post_profit(self, config):
        """Pay the receivable of the illegal profit (measure.py): the rest
        is an overpayment to refund"""
        pool = Pool()
        Measure = pool.get('qltt.case.measure')
        if self.case.state != 'decided' or not self.measure.move:
            self.raise_not_decided()
        self.check_receipt()
        with without_check_access():
            open_period(self.company, self.date)
            measure = Measure(self.measure.id)
            balance = measure.profit_balance
            if not balance:
                raise FinanceError(gettext(
                        'qltt_finance.msg_payment_profit_paid',
                        payment=self.rec_name, measure=measure.rec_name))
            paid = min(self.amount, balance)
            overpayment = self.amount - paid
            self.check_overpayment(paid, overpayment)
            self.principal = self.surcharge = Decimal(0)
            self.profit = paid
            self.overpayment = overpayment
            if self.method == 'cash':
                self.deposit_deadline = self.compute_deposit_deadline()
            with Transaction().set_context(company=self.company.id):
                debit = config.get_account(
                    'cash_account' if self.method == 'cash'
                    else 'treasury_account')
                move = new_move(self.company,
                    config.get_journal('payment_journal'), self.date, self,
                    self.rec_name)
                lines = [move_line(debit, debit=self.amount)]
                lines += measure.credit_lines(paid)
                if overpayment:
                    lines.append(move_line(
                            config.get_account('overpayment_account'),
                            credit=overpayment, party=measure.party))
            move.lines = lines
            self.move = move
            save_and_post([move])
            self.save()
            Measure.reconcile_profits([measure])

    @classmethod
    @ModelView.button
    @transition('deposited')
    def deposit(cls, payments):
        "Cash collected on the spot is paid into the Treasury"
        pool = Pool()
        Configuration = pool.get('qltt.finance.configuration')
        config = Configuration(1)
        moves = []
        for payment in payments:
            if not payment.deposit_date or payment.deposit_date < payment.date:
                raise FinanceError(gettext(
                        'qltt_finance.msg_payment_deposit_date',
                        payment=payment.rec_name))
            with Transaction().set_context(company=payment.company.id):
                move = new_move(payment.company,
                    config.get_journal('payment_journal'),
                    payment.deposit_date, payment, payment.rec_name)
                move.lines = [
                    move_line(config.get_account('treasury_account'),
                        debit=payment.amount),
                    move_line(config.get_account('cash_account'),
                        credit=payment.amount),
                    ]
            payment.deposit_move = move
            moves.append(move)
        with without_check_access():
            save_and_post(moves)
        cls.save(payments)

    @classmethod
    def check_modification(cls, mode, payments, values=None, external=False):
        super().check_modification(
            mode, payments, values=values, external=external)
        if mode == 'write' and external and (set(values) - {
                    'deposit_date', 'state', 'posted_by'}):
            for payment in payments:
                if payment.state != 'draft':
                    raise AccessError(gettext(
                            'qltt_finance.msg_payment_modify_posted',
                            payment=payment.rec_name))

    @classmethod
    def copy(cls, payments, default=None):
        default = default.copy() if default is not None else {}
        for name in ['deposit_date', 'receipt_number', 'reference']:
            default.setdefault(name)
        return super().copy(payments, default=default)
