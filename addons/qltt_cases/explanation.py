# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The offender's explanation (giải trình) before the sanction decision.

Law on Handling Administrative Violations Art 61 as amended by Law
67/2020/QH14 (in force since 1 January 2022):
- 61(1): the offender may explain when the act may withdraw a licence or
  suspend an activity, or the top of its bracket reaches 15,000,000 VND
  (individual) / 30,000,000 VND (organisation) (Case.explanation_right);
- 61(2): a written explanation is sent within 05 working days of the
  minutes of violation;
- 61(3): a hearing (giải trình trực tiếp) is requested in writing within 02
  working days of the minutes; the official notifies the time and place in
  writing within 05 working days of receiving the request [unverified:
  read here as counted from the request]; the hearing is recorded in
  minutes (Decree 118/2021 form MBB03).
- each offender of a case explains their own acts (Art 61(1), 67): the
  request is an offender's, who must have the right.
- Art 66(1): a case whose offender asks to explain is decided within 01
  month of the minutes (decision.py): receiving the request sets the case's
  Explanation Requested.
The day counts are legal values of the configuration.
"""
from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, Workflow, fields
from trytond.model.exceptions import AccessError
from trytond.modules.company.model import employee_field, set_employee
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval, If

from . import deadline
from .case import transition
from .company import CaseCompanyMixin
from .exceptions import ExplanationError
from .offender import CaseOffenderMixin
from .workflow import WorkflowStateGuardMixin, check_required

KINDS = [
    ('written', "Written Explanation"),
    ('hearing', "Hearing"),
    ]
HEARING_MINUTES = 'MBB03'
# what is still entered once the request is received
HEARING_FIELDS = {'notice_date', 'hearing_date', 'hearing_chair', 'content'}


class Configuration(metaclass=PoolMeta):
    __name__ = 'qltt.configuration'

    explanation_written_days = fields.Integer(
        "Written Explanation (working days)", required=True,
        help="Law Art 61(2) as amended by Law 67/2020: the written "
        "explanation within 05 working days of the minutes.")
    explanation_hearing_days = fields.Integer(
        "Hearing Request (working days)", required=True,
        help="Law Art 61(3) as amended: a hearing is requested within 02 "
        "working days of the minutes.")
    explanation_notice_days = fields.Integer(
        "Hearing Notice (working days)", required=True,
        help="Law Art 61(3): the time and place of the hearing are "
        "notified within 05 working days of the request [unverified].")

    @classmethod
    def default_explanation_written_days(cls):
        return 5

    @classmethod
    def default_explanation_hearing_days(cls):
        return 2

    @classmethod
    def default_explanation_notice_days(cls):
        return 5


class Explanation(
        CaseOffenderMixin, CaseCompanyMixin, WorkflowStateGuardMixin,
        Workflow, ModelSQL, ModelView):
    __string__ = "Explanation"
    __name__ = 'qltt.case.explanation'
    _workflow_owned_fields = {'minutes', 'received_by', 'heard_by'}
    _workflow_deletable_states = {'draft', 'cancelled'}
    _workflow_delete_error = (
        'qltt_cases.msg_explanation_delete', 'explanation')
    _draft = {'readonly': Eval('state') != 'draft'}

    case = fields.Many2One(
        'qltt.case', "Case", required=True, ondelete='RESTRICT',
        states=_draft,
        domain=[If(Eval('state') == 'draft',
                ('state', '=', 'recorded'), ())])
    kind = fields.Selection(KINDS, "Kind", required=True, states=_draft)
    request_date = fields.Date(
        "Request Date", states=_draft,
        help="The day the written explanation, or the written request for "
        "a hearing, reached the official.")
    request_deadline = fields.Function(fields.Date(
            "Request Deadline",
            help="05 working days (written) or 02 working days (hearing) "
            "from the minutes of violation (Law Art 61)."),
        'get_deadlines')
    content = fields.Text("Content", states={
            'readonly': Eval('state').in_(['heard', 'cancelled']),
            })
    notice_date = fields.Date(
        "Hearing Notice Date", states={
            'readonly': Eval('state') != 'received',
            'invisible': Eval('kind') != 'hearing',
            },
        help="The written notice of the time and place of the hearing.")
    notice_deadline = fields.Function(fields.Date(
            "Hearing Notice Deadline",
            states={'invisible': Eval('kind') != 'hearing'}),
        'get_deadlines')
    hearing_date = fields.Date(
        "Hearing Date", states={
            'readonly': Eval('state') != 'received',
            'invisible': Eval('kind') != 'hearing',
            })
    hearing_chair = fields.Many2One(
        'company.employee', "Hearing Chaired By", states={
            'readonly': Eval('state') != 'received',
            'invisible': Eval('kind') != 'hearing',
            },
        domain=[('company', '=', Eval('company', -1))])
    minutes = fields.Many2One(
        'qltt.case.document', "Hearing Minutes", readonly=True,
        states={'invisible': Eval('kind') != 'hearing'})
    state = fields.Selection([
            ('draft', "Draft"),
            ('received', "Received"),
            ('heard', "Heard"),
            ('cancelled', "Cancelled"),
            ], "State", readonly=True, required=True)
    received_by = employee_field(
        "Received By", states=['received', 'heard', 'cancelled'])
    heard_by = employee_field("Heard By", states=['heard'])
    del _draft

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('case')
        cls._order = [('request_date', 'DESC NULLS FIRST'), ('id', 'DESC')]
        cls._transitions |= {
            ('draft', 'received'),
            ('received', 'heard'),
            ('draft', 'cancelled'),
            }
        cls._buttons.update({
                'receive': {
                    'invisible': Eval('state') != 'draft',
                    'depends': ['state'],
                    },
                'hold_hearing': {
                    'invisible': ((Eval('state') != 'received')
                        | (Eval('kind') != 'hearing')),
                    'depends': ['state', 'kind'],
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
    def default_kind(cls):
        return 'written'

    @classmethod
    def check_modification(
            cls, mode, explanations, values=None, external=False):
        "A received request stays as received; the hearing is then added"
        super().check_modification(
            mode, explanations, values=values, external=external)
        if mode == 'write' and external:
            for explanation in explanations:
                editable = {
                    'draft': values.keys(),
                    'received': HEARING_FIELDS,
                    }.get(explanation.state, set())
                if set(values) - set(editable):
                    raise AccessError(gettext(
                            'qltt_cases.msg_explanation_delete',
                            explanation=explanation.rec_name))

    def get_rec_name(self, name):
        kind = dict(self.fields_get(['kind'])['kind']['selection'])[
            self.kind]
        return self.offender_rec_name(f'{kind} {self.case.rec_name}')

    def check_required(self, names):
        check_required(self, names, ExplanationError,
            'qltt_cases.msg_explanation_required', 'explanation')

    @classmethod
    def get_deadlines(cls, explanations, names):
        pool = Pool()
        Configuration = pool.get('qltt.configuration')
        config = Configuration(1)
        result = {n: {} for n in names}
        for explanation in explanations:
            minutes_date = explanation.case.minutes_date
            request = notice = None
            if minutes_date:
                holidays = explanation.get_holidays()
                request = explanation.compute_request_deadline(
                    config, holidays)
                if (explanation.kind == 'hearing'
                        and explanation.request_date):
                    notice = deadline.add_working_days(
                        explanation.request_date,
                        config.explanation_notice_days, holidays)
            for name, value in [('request_deadline', request),
                    ('notice_deadline', notice)]:
                if name in result:
                    result[name][explanation.id] = value
        return result

    def get_holidays(self):
        "Days off of the months after the minutes"
        start = self.case.minutes_date
        return deadline.get_holidays(
            start, start.replace(year=start.year + 1, day=1))

    def compute_request_deadline(self, config, holidays):
        "Law Art 61(2), 61(3): counted in working days from the minutes"
        days = (config.explanation_hearing_days if self.kind == 'hearing'
            else config.explanation_written_days)
        return deadline.add_working_days(
            self.case.minutes_date, days, holidays)

    def check_request(self, config):
        """Only an offender with the right may explain (Art 61(1)), after
        the minutes and within the time of Art 61(2), 61(3)"""
        case = self.case
        if case.state != 'recorded' or not case.minutes_date:
            raise ExplanationError(gettext(
                    'qltt_cases.msg_explanation_case_state',
                    case=case.rec_name))
        # the offender explains their own acts (Law Art 61(1), 67)
        self.check_offender(ExplanationError)
        right = (self.offender.explanation_right if self.offender
            else case.explanation_right)
        if not right:
            raise ExplanationError(gettext(
                    'qltt_cases.msg_case_explanation_no_right',
                    case=self.offender_rec_name(case.rec_name)))
        self.check_required(['request_date'])
        if self.request_date < case.minutes_date:
            raise ExplanationError(gettext(
                    'qltt_cases.msg_explanation_before_minutes',
                    explanation=self.rec_name,
                    date=case.minutes_date.strftime('%d/%m/%Y')))
        end = self.compute_request_deadline(config, self.get_holidays())
        if self.request_date > end:
            raise ExplanationError(gettext(
                    'qltt_cases.msg_explanation_late',
                    explanation=self.rec_name,
                    date=self.request_date.strftime('%d/%m/%Y'),
                    deadline=end.strftime('%d/%m/%Y')))

    @classmethod
    @ModelView.button
    @transition('received')
    @set_employee('received_by')
    def receive(cls, explanations):
        """Record the request: the decision now has 01 month from the
        minutes (Law Art 66(1))"""
        pool = Pool()
        Case = pool.get('qltt.case')
        Configuration = pool.get('qltt.configuration')
        config = Configuration(1)
        for explanation in explanations:
            explanation.check_request(config)
        cls.save(explanations)  # the offender defaulted by the check
        cases = [e.case for e in explanations
            if not e.case.explanation_requested]
        if cases:
            Case.write(cases, {'explanation_requested': True})

    @classmethod
    @ModelView.button
    @transition('heard')
    @set_employee('heard_by')
    def hold_hearing(cls, explanations):
        """The hearing follows its written notice; its minutes MBB03 are
        issued (Law Art 61(3); Decree 118/2021 form MBB03)"""
        pool = Pool()
        Document = pool.get('qltt.case.document')
        DocumentType = pool.get('qltt.case.document.type')
        type_ = DocumentType.get_by_code(HEARING_MINUTES)
        documents = []
        for explanation in explanations:
            explanation.check_required(
                ['notice_date', 'hearing_date', 'hearing_chair'])
            if (explanation.notice_date < explanation.request_date
                    or explanation.hearing_date <= explanation.notice_date):
                raise ExplanationError(gettext(
                        'qltt_cases.msg_explanation_hearing_order',
                        explanation=explanation.rec_name))
            if explanation.case.state != 'recorded':
                raise ExplanationError(gettext(
                        'qltt_cases.msg_explanation_case_state',
                        case=explanation.case.rec_name))
            documents.append(Document(
                    case=explanation.case, type=type_,
                    date=explanation.hearing_date,
                    signer=explanation.hearing_chair,
                    description=explanation.rec_name))
        Document.issue_new(documents)
        for explanation, document in zip(explanations, documents):
            explanation.minutes = document
        cls.save(explanations)

    @classmethod
    @ModelView.button
    @transition('cancelled')
    def cancel(cls, explanations):
        pass


class Case(metaclass=PoolMeta):
    __name__ = 'qltt.case'

    explanations = fields.One2Many(
        'qltt.case.explanation', 'case', "Explanations", readonly=True)

    @classmethod
    def copy(cls, cases, default=None):
        default = default.copy() if default is not None else {}
        default.setdefault('explanations')
        return super().copy(cases, default=default)
