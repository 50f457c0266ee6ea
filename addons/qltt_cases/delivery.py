# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Delivering the sanction decision to the offender.

- Law on Handling Administrative Violations Art 70(1) as amended by Law
  67/2020/QH14: the decision is sent within 02 working days of being made,
  handed over in person or by registered post; when the offender refuses
  it, minutes of the refusal (Decree 118/2021 form MBB06) confirmed by the
  local authority, and the decision counts as delivered; when the offender
  cannot be found or evades it, it is posted publicly and counts as
  delivered.
- Decree 118/2021/NĐ-CP Art 17a (added in 2025): delivery in person, by
  post, electronically or by public posting; the posting lasts 07 working
  days and the decision counts as delivered when it ends [unverified: the
  counting of the posting is read here from the day after it starts].
- Law Art 73(1): the offender complies within 10 days of receiving the
  decision: the date recorded here is when that offender received it;
  qltt_finance's fine of the offender is due from it, and has no due date
  before it.  A decision sanctioning several offenders (Law Art 67) is
  delivered to each of them: one delivery per offender.  The case's
  Decision Received is the last of them, once every offender has it.
The day counts are legal values of the configuration.
"""
from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, Workflow, fields
from trytond.model.exceptions import AccessError
from trytond.modules.company.model import employee_field, set_employee
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Bool, Eval, If

from . import deadline
from .case import transition
from .company import CaseCompanyMixin
from .exceptions import DeliveryError, DeliveryLateWarning
from .offender import CaseOffenderMixin
from .workflow import WorkflowStateGuardMixin, check_required

METHODS = [
    ('in_person', "In Person"),
    ('post', "Registered Post"),
    ('electronic', "Electronic"),
    ('refused', "Refused (Minutes of Refusal)"),
    ('posted', "Public Posting"),
    ]
REFUSAL_MINUTES = 'MBB06'
DELIVERABLE_STATES = {'decided', 'done'}


class Configuration(metaclass=PoolMeta):
    __name__ = 'qltt.configuration'

    delivery_send_days = fields.Integer(
        "Sending the Decision (working days)", required=True,
        help="Law Art 70(1) as amended by Law 67/2020: the decision is sent "
        "within 02 working days of being made.")
    delivery_posting_days = fields.Integer(
        "Public Posting (working days)", required=True,
        help="Decree 118/2021 Art 17a: the decision is posted for 07 "
        "working days and then counts as delivered.")

    @classmethod
    def default_delivery_send_days(cls):
        return 2

    @classmethod
    def default_delivery_posting_days(cls):
        return 7


def _holidays(start):
    return deadline.get_holidays(start, start.replace(
            year=start.year + 1, day=1))


class Delivery(
        CaseOffenderMixin, CaseCompanyMixin, WorkflowStateGuardMixin,
        Workflow, ModelSQL, ModelView):
    __string__ = "Decision Delivery"
    __name__ = 'qltt.case.delivery'
    _workflow_owned_fields = {'delivered_date', 'minutes', 'delivered_by'}
    _workflow_deletable_states = {'draft', 'cancelled'}
    _workflow_delete_error = ('qltt_cases.msg_delivery_delete', 'delivery')
    _draft = {'readonly': Eval('state') != 'draft'}

    case = fields.Many2One(
        'qltt.case', "Case", required=True, ondelete='RESTRICT',
        states=_draft,
        domain=[If(Eval('state') == 'draft',
                ('state', 'in', list(DELIVERABLE_STATES)), ())])
    method = fields.Selection(METHODS, "Method", required=True,
        states=_draft)
    sent_date = fields.Date(
        "Sent On", states=_draft,
        help="The day the decision was handed over, posted, or sent.")
    send_deadline = fields.Function(fields.Date(
            "Sending Deadline",
            help="02 working days from the decision (Law Art 70(1))."),
        'get_deadlines')
    sent_late = fields.Function(fields.Boolean("Sent Late"), 'get_deadlines')
    received_date = fields.Date(
        "Received On", states={
            'readonly': Eval('state') != 'draft',
            'invisible': ~Eval('method').in_(
                ['in_person', 'post', 'electronic']),
            },
        help="The day the offender received the decision: signed for it, "
        "or the date on the post's acknowledgement of receipt.")
    refusal_date = fields.Date(
        "Refusal Minutes Date", states={
            'readonly': Eval('state') != 'draft',
            'invisible': Eval('method') != 'refused',
            },
        help="The minutes of refusal (MBB06): the decision counts as "
        "delivered on that day (Law Art 70).")
    refusal_witness = fields.Char(
        "Confirmed By", states={
            'readonly': Eval('state') != 'draft',
            'invisible': Eval('method') != 'refused',
            },
        help="The local authority that confirms the refusal (Law Art 70).")
    posting_date = fields.Date(
        "Posted On", states={
            'readonly': Eval('state') != 'draft',
            'invisible': Eval('method') != 'posted',
            },
        help="The offender cannot be found or evades the decision: it is "
        "posted at their residence or seat.")
    posting_place = fields.Char(
        "Posting Place", states={
            'readonly': Eval('state') != 'draft',
            'invisible': Eval('method') != 'posted',
            })
    posting_end = fields.Function(fields.Date(
            "Posting Ends",
            states={'invisible': Eval('method') != 'posted'},
            help="07 working days of posting (Decree 118/2021 Art 17a)."),
        'get_deadlines')
    signer = fields.Many2One(
        'company.employee', "Official", states=_draft,
        domain=[('company', '=', Eval('company', -1))],
        help="The official who delivers the decision and signs the minutes "
        "of refusal.")
    delivered_date = fields.Date(
        "Delivered On", readonly=True,
        help="The day the decision counts as delivered: the 10 days to "
        "comply start the next day (Law Art 73(1)).")
    minutes = fields.Many2One(
        'qltt.case.document', "Minutes of Refusal", readonly=True,
        states={'invisible': Eval('method') != 'refused'})
    state = fields.Selection([
            ('draft', "Draft"),
            ('delivered', "Delivered"),
            ('cancelled', "Cancelled"),
            ], "State", readonly=True, required=True)
    delivered_by = employee_field("Delivered By", states=['delivered'])
    del _draft

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('case')
        cls._order = [('sent_date', 'DESC NULLS FIRST'), ('id', 'DESC')]
        cls._transitions |= {
            ('draft', 'delivered'),
            ('draft', 'cancelled'),
            }
        cls._buttons.update({
                'deliver': {
                    'invisible': Eval('state') != 'draft',
                    'depends': ['state'],
                    },
                'cancel': {
                    'invisible': Eval('state') != 'draft',
                    'depends': ['state'],
                    },
                })

    @classmethod
    def default_state(cls):
        return 'draft'

    @classmethod
    def default_method(cls):
        return 'in_person'

    @classmethod
    def check_modification(
            cls, mode, deliveries, values=None, external=False):
        "A recorded delivery is the receipt of the decision: kept as is"
        super().check_modification(
            mode, deliveries, values=values, external=external)
        if mode == 'write' and external:
            for delivery in deliveries:
                if delivery.state != 'draft':
                    raise AccessError(gettext(
                            'qltt_cases.msg_delivery_delete',
                            delivery=delivery.rec_name))

    def get_rec_name(self, name):
        method = dict(self.fields_get(['method'])['method']['selection'])[
            self.method]
        return self.offender_rec_name(f'{method} {self.case.rec_name}')

    @classmethod
    def get_deadlines(cls, deliveries, names):
        pool = Pool()
        Configuration = pool.get('qltt.configuration')
        config = Configuration(1)
        result = {n: {} for n in names}
        for delivery in deliveries:
            values = dict.fromkeys(
                ['send_deadline', 'posting_end'], None)
            decision_date = delivery.case.decision_date
            if decision_date:
                values['send_deadline'] = delivery.case.compute_send_deadline(
                    config, _holidays(decision_date))
            if delivery.posting_date:
                values['posting_end'] = delivery.compute_posting_end(config)
            values['sent_late'] = bool(values['send_deadline']
                and delivery.sent_date
                and delivery.sent_date > values['send_deadline'])
            for name in names:
                result[name][delivery.id] = values[name]
        return result

    def compute_posting_end(self, config):
        "07 working days from the posting (Decree 118/2021 Art 17a)"
        return deadline.add_working_days(
            self.posting_date, config.delivery_posting_days,
            _holidays(self.posting_date))

    def check_required(self, names):
        check_required(self, names, DeliveryError,
            'qltt_cases.msg_delivery_required', 'delivery')

    def compute_delivered_date(self, config):
        """The day the decision counts as delivered (Law Art 70; Decree
        118/2021 Art 17a)"""
        if self.method == 'refused':
            self.check_required(['refusal_date', 'refusal_witness', 'signer'])
            return self.refusal_date
        if self.method == 'posted':
            self.check_required(['posting_date', 'posting_place'])
            return self.compute_posting_end(config)
        self.check_required(['received_date'])
        return self.received_date

    def check_delivery(self, config):
        case = self.case
        if case.state not in DELIVERABLE_STATES or not case.decision_date:
            raise DeliveryError(gettext(
                    'qltt_cases.msg_delivery_case_state', case=case.rec_name))
        self.check_required(['sent_date'])
        start = {
            'refused': self.refusal_date,
            'posted': self.posting_date,
            }.get(self.method, self.received_date)
        for date in [self.sent_date, start]:
            if date and date < case.decision_date:
                raise DeliveryError(gettext(
                        'qltt_cases.msg_delivery_before_decision',
                        delivery=self.rec_name,
                        date=case.decision_date.strftime('%d/%m/%Y')))
        if start and start < self.sent_date:
            raise DeliveryError(gettext(
                    'qltt_cases.msg_delivery_before_sent',
                    delivery=self.rec_name))
        # the decision is delivered to each offender it sanctions (Law Art
        # 67, 70), once
        self.check_offender(DeliveryError)
        if any(d.state == 'delivered' and d.offender == self.offender
                for d in case.deliveries):
            raise DeliveryError(gettext(
                    'qltt_cases.msg_delivery_twice', case=case.rec_name,
                    offender=self.offender_name))

    def warn_sent_late(self, config):
        "Sent after the 02 working days of Law Art 70(1): a warning"
        pool = Pool()
        Warning = pool.get('res.user.warning')
        end = self.case.compute_send_deadline(
            config, _holidays(self.case.decision_date))
        if self.sent_date > end:
            key = Warning.format('qltt_delivery_late', [self])
            if Warning.check(key):
                raise DeliveryLateWarning(key, gettext(
                        'qltt_cases.msg_delivery_sent_late',
                        delivery=self.rec_name,
                        date=self.sent_date.strftime('%d/%m/%Y'),
                        deadline=end.strftime('%d/%m/%Y')))

    @classmethod
    @ModelView.button
    @transition('delivered')
    @set_employee('delivered_by')
    def deliver(cls, deliveries):
        """Record the delivery to an offender: the day the decision
        counts as delivered to them starts their 10 days (Law Art 70,
        73(1)); the case's Decision Received is the last delivery, once
        every offender has received the decision"""
        pool = Pool()
        Case = pool.get('qltt.case')
        Configuration = pool.get('qltt.configuration')
        Document = pool.get('qltt.case.document')
        DocumentType = pool.get('qltt.case.document.type')
        config = Configuration(1)
        receivers = set()
        for delivery in deliveries:
            delivery.check_delivery(config)
            if (delivery.case, delivery.offender) in receivers:
                raise DeliveryError(gettext(
                        'qltt_cases.msg_delivery_twice',
                        case=delivery.case.rec_name,
                        offender=delivery.offender_name))
            receivers.add((delivery.case, delivery.offender))
            delivery.delivered_date = delivery.compute_delivered_date(config)
        for delivery in deliveries:
            delivery.warn_sent_late(config)
        refused = [d for d in deliveries if d.method == 'refused']
        if refused:
            type_ = DocumentType.get_by_code(REFUSAL_MINUTES)
            documents = [Document(
                    case=d.case, type=type_, date=d.refusal_date,
                    signer=d.signer, description=d.rec_name)
                for d in refused]
            Document.issue_new(documents)
            for delivery, document in zip(refused, documents):
                delivery.minutes = document
        cls.save(deliveries)
        # (the transition writes the state of these deliveries after)
        to_write = []
        for case in Case.browse({d.case for d in deliveries}):
            delivered = [d for d in case.deliveries
                if d.state == 'delivered' or d in deliveries]
            if case.is_delivered_to(delivered):
                to_write.extend(([case], {
                            'decision_received_date': max(
                                d.delivered_date for d in delivered),
                            }))
        if to_write:
            Case.write(*to_write)

    @classmethod
    @ModelView.button
    @transition('cancelled')
    def cancel(cls, deliveries):
        pass


class Case(metaclass=PoolMeta):
    __name__ = 'qltt.case'

    deliveries = fields.One2Many(
        'qltt.case.delivery', 'case', "Deliveries", readonly=True)
    decision_send_deadline = fields.Function(fields.Date(
            "Decision Sending Deadline",
            help="02 working days from the decision (Law Art 70(1))."),
        'get_decision_send_deadline')

    decision_delivered = fields.Function(
        fields.Boolean("Decision Delivered"), 'get_decision_delivered')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        # once delivered, the receipt is the delivery's (Law Art 70, 73(1))
        states = dict(cls.decision_received_date.states)
        readonly = Bool(Eval('decision_delivered'))
        if 'readonly' in states:
            readonly = readonly | states['readonly']
        states['readonly'] = readonly
        cls.decision_received_date.states = states

    def get_decision_delivered(self, name):
        return self.is_delivered_to(
            [d for d in self.deliveries if d.state == 'delivered'])

    def is_delivered_to(self, deliveries):
        "Every offender of the decision received it (Law Art 67, 70)"
        receivers = {d.offender for d in deliveries}
        return bool(receivers) and all(
            o in receivers for o in self.offenders)

    @classmethod
    def check_modification(cls, mode, cases, values=None, external=False):
        super().check_modification(
            mode, cases, values=values, external=external)
        if (mode == 'write' and external
                and 'decision_received_date' in values):
            for case in cases:
                if case.decision_delivered:
                    raise AccessError(gettext(
                            'qltt_cases.msg_case_received_by_delivery',
                            case=case.rec_name))

    def compute_send_deadline(self, config, holidays):
        "02 working days from the decision (Law Art 70(1))"
        return deadline.add_working_days(
            self.decision_date, config.delivery_send_days, holidays)

    def get_decision_send_deadline(self, name):
        pool = Pool()
        Configuration = pool.get('qltt.configuration')
        if not self.decision_date:
            return None
        return self.compute_send_deadline(
            Configuration(1), _holidays(self.decision_date))

    @classmethod
    def copy(cls, cases, default=None):
        default = default.copy() if default is not None else {}
        default.setdefault('deliveries')
        return super().copy(cases, default=default)


class Offender(metaclass=PoolMeta):
    __name__ = 'qltt.case.offender'

    deliveries = fields.One2Many(
        'qltt.case.delivery', 'offender', "Decision Deliveries",
        readonly=True)
    decision_delivered_date = fields.Function(fields.Date(
            "Decision Delivered On",
            help="The day the decision counts as delivered to this "
            "offender: their 10 days to comply start the next day (Law "
            "Art 70, 73(1)); empty until the delivery is recorded."),
        'get_decision_delivered_date')

    def get_decision_delivered_date(self, name):
        return min((d.delivered_date for d in self.deliveries
                if d.state == 'delivered'), default=None)

    @classmethod
    def copy(cls, offenders, default=None):
        default = default.copy() if default is not None else {}
        default.setdefault('deliveries')
        return super().copy(offenders, default=default)
