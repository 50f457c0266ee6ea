# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The deadline of the sanction decision and the one path left after it.

The Law on Handling Administrative Violations as amended by Law 67/2020/QH14
(in force since 1 January 2022):
- Art 66(1): the sanction decision is made within 07 working days of the
  minutes of violation; 10 working days when the file must go to the official
  who holds the authority; 01 month when the offender explains (Art 61) or
  the facts are verified (Art 59); for such a case, particularly serious and
  complex, the official reports in writing to the direct superior, who may
  extend it in writing by at most 01 month.
- Art 65(1)(c): after that deadline (or the limitation period of Art 6) no
  sanction decision may be made; Art 65(2): the official still decides the
  confiscation of the exhibits and the remedial measures (Decree 118/2021
  forms MQĐ14 and MQĐ15).
- Art 66(2): the official at fault for letting the deadline pass answers for
  it: the case keeps who that was (deadline_missed_by).
Periods are counted by deadline.py (Civil Code 2015 Art 147-148).
"""
from trytond.i18n import gettext
from trytond.model import ModelView, fields
from trytond.modules.company.model import set_employee
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Bool, Eval

from . import deadline
from .case import transition
from .exceptions import (
    CaseValidationError, DecisionDeadlineError, TransitionError)

# document types (extension.xml) of the written request and approval
EXTENSION_REQUEST = 'ĐNGH'
EXTENSION_APPROVAL = 'PDGH'


class Case(metaclass=PoolMeta):
    __name__ = 'qltt.case'

    _facts = {
        'readonly': ~Eval('state').in_(['draft', 'inspecting', 'recorded'])}
    decision_level_up = fields.Boolean(
        "File Sent to the Competent Official", states=_facts,
        help="The sanction exceeds the authority of the officials who made "
        "the minutes and the file goes to the official who holds it: the "
        "decision is due in 10 working days instead of 7 (Law Art 66(1)).")
    decision_level_up_reason = fields.Text(
        "Reason for Sending the File", states={
            'readonly': _facts['readonly'],
            'invisible': ~Eval('decision_level_up'),
            'required': Bool(Eval('decision_level_up')),
            })
    facts_verified = fields.Boolean(
        "Facts Being Verified", states=_facts,
        help="The facts of the case are verified (Law Art 59): the decision "
        "is due within 01 month of the minutes (Law Art 66(1)).")
    decision_extended = fields.Boolean(
        "Decision Deadline Extended", readonly=True,
        help="Extended by 01 month: requested in writing before the deadline "
        "and approved in writing by the direct superior, both issued "
        "documents of the case (Law Art 66(1)).")
    confiscation_only = fields.Boolean(
        "Confiscation Without Sanction", readonly=True,
        help="The sanction decision was barred (deadline or limitation "
        "passed): only the exhibits were confiscated and the remedial "
        "measures applied (Law Art 65(2)).")
    deadline_missed_by = fields.Many2One(
        'company.employee', "Deadline Missed By", readonly=True,
        help="The official who had to decide when the deadline passed "
        "(Law Art 66(2)).")
    del _facts

    @classmethod
    def __setup__(cls):
        super().__setup__()
        # set by the buttons only (docs/guarantees.md); a copy resets them
        cls._workflow_owned_fields |= {
            'decision_extended', 'confiscation_only', 'deadline_missed_by'}
        cls._buttons.update({
                'decide_confiscation': {
                    'invisible': Eval('state') != 'recorded',
                    'depends': ['state'],
                    },
                })

    @staticmethod
    def default_decision_level_up():
        return False

    @staticmethod
    def default_facts_verified():
        return False

    @staticmethod
    def default_decision_extended():
        return False

    @staticmethod
    def default_confiscation_only():
        return False

    @property
    def one_month_kind(self):
        "Explanation (Art 61) or verification (Art 59): 01 month"
        return bool(self.explanation_requested or self.facts_verified)

    def compute_one_month_deadline(self, config, holidays):
        "01 month from the minutes (Law Art 66(1); Civil Code Art 148(3))"
        return deadline.add_months(
            self.minutes_date, config.decision_months, holidays)

    def extension_documents(self):
        "The issued written request and approval of an extension, or None"
        found = {}
        for document in self.documents:
            if document.state == 'issued' and document.type.code in {
                    EXTENSION_REQUEST, EXTENSION_APPROVAL}:
                found.setdefault(document.type.code, document)
        return found.get(EXTENSION_REQUEST), found.get(EXTENSION_APPROVAL)

    def compute_decision_extended(self, config, holidays):
        """Extended when a request made by the deadline was approved by
        another official, the direct superior (Law Art 66(1))"""
        if not self.minutes_date or not self.one_month_kind:
            return False
        request, approval = self.extension_documents()
        if not request or not approval:
            return False
        return (request.date <= self.compute_one_month_deadline(
                config, holidays)
            and approval.date >= request.date
            and approval.signer != request.signer)

    def compute_decision_deadline(self, config, holidays):
        """07 working days from the minutes, 10 when the file goes to the
        competent official, 01 month with an explanation or verification,
        01 more month when extended (Law Art 66(1) as amended in 2020); the
        extension runs from the end of the first month"""
        if not self.minutes_date:
            return None
        if self.one_month_kind:
            end = self.compute_one_month_deadline(config, holidays)
            if self.compute_decision_extended(config, holidays):
                end = deadline.add_months(
                    end, config.decision_extension_months, holidays)
            return end
        days = (config.decision_days_level_up if self.decision_level_up
            else config.decision_days)
        return deadline.add_working_days(self.minutes_date, days, holidays)

    @classmethod
    def validate_fields(cls, cases, field_names):
        super().validate_fields(cases, field_names)
        cls.check_explanation_right(cases, field_names)

    @classmethod
    def check_explanation_right(cls, cases, field_names=None):
        """Only an offender with the right to explain may ask to (Law Art
        61(1)): a request would otherwise give a one-month deadline"""
        if field_names and not (field_names & {
                    'explanation_requested', 'violations', 'offender_kind'}):
            return
        for case in cases:
            if (case.explanation_requested
                    and case.state in {'draft', 'inspecting', 'recorded'}
                    and not case.explanation_right):
                raise CaseValidationError(gettext(
                        'qltt_cases.msg_case_explanation_no_right',
                        case=case.rec_name))

    @property
    def sanction_barred(self):
        "No sanction decision on decision_date (Law Art 65(1)(c))"
        return bool(self.decision_date and (
                (self.decision_deadline
                    and self.decision_date > self.decision_deadline)
                or (self.limitation_date
                    and self.decision_date > self.limitation_date)))

    def check_decision_deadline(self):
        "After the deadline no one may make the sanction decision"
        if (self.decision_deadline and self.decision_date
                and self.decision_date > self.decision_deadline):
            raise DecisionDeadlineError(gettext(
                    'qltt_cases.msg_case_decision_late',
                    case=self.rec_name,
                    date=self.decision_deadline.strftime('%d/%m/%Y')))

    @classmethod
    @ModelView.button
    def decide(cls, cases):
        for case in cases:
            case.check_decision_deadline()
        super().decide(cases)

    @classmethod
    @ModelView.button
    @transition('decided')
    @set_employee('decided_by')
    def decide_confiscation(cls, cases):
        """The sanction barred, confiscate the exhibits (MQĐ14) and apply
        the remedial measures of the acts (MQĐ15) without a fine (Law Art
        65(2)); the official who let the deadline pass is kept (Art 66(2))"""
        cls.lock_confiscation(cases)
        to_write = []
        for case in cases:
            if case.state != 'recorded':
                raise TransitionError(gettext(
                        'qltt_cases.msg_case_decide_needs_minutes',
                        case=case.rec_name))
            case.check_required(
                ['decision_date', 'decision_signer', 'violations'],
                'qltt_cases.msg_case_required_to_confiscate')
            if not case.sanction_barred:
                raise DecisionDeadlineError(gettext(
                        'qltt_cases.msg_case_confiscation_in_time',
                        case=case.rec_name,
                        date=case.decision_deadline.strftime('%d/%m/%Y')
                        if case.decision_deadline else ''))
            case.check_authority()
            late = (case.decision_deadline
                and case.decision_date > case.decision_deadline)
            to_write.extend(([case], {
                        'confiscation_only': True,
                        'deadline_missed_by': (
                            case.decision_signer.id if late else None),
                        }))
        if to_write:
            cls.write(*to_write)

        def signer(case):
            return case.decision_signer
        if cases:
            cls._create_documents(cases, 'MQĐ14', 'decision_date', signer)
        remedial = [c for c in cases
            if 'MQĐ15' in c.confiscation_documents()]
        if remedial:
            cls._create_documents(remedial, 'MQĐ15', 'decision_date', signer)


class Document(metaclass=PoolMeta):
    __name__ = 'qltt.case.document'

    @classmethod
    @ModelView.button
    def issue(cls, documents):
        """The written request of an extension is made by the deadline of
        a one-month case; its approval, after it, by another official (the
        direct superior) (Law Art 66(1))"""
        pool = Pool()
        Case = pool.get('qltt.case')
        extensions = [d for d in documents if d.state == 'draft'
            and d.type.code in {EXTENSION_REQUEST, EXTENSION_APPROVAL}]
        for document in extensions:
            document.check_extension()
        super().issue(documents)
        if extensions:
            Case.update_legal_dates(
                Case.browse({d.case.id for d in extensions}))

    def check_extension(self):
        pool = Pool()
        Configuration = pool.get('qltt.configuration')
        case = self.case
        if case.state not in {'inspecting', 'recorded'} or (
                not case.minutes_date):
            raise DecisionDeadlineError(gettext(
                    'qltt_cases.msg_extension_state', case=case.rec_name))
        if not case.one_month_kind:
            raise DecisionDeadlineError(gettext(
                    'qltt_cases.msg_extension_not_one_month',
                    case=case.rec_name))
        if not self.signer:
            raise DecisionDeadlineError(gettext(
                    'qltt_cases.msg_extension_signer',
                    document=self.type.rec_name, case=case.rec_name))
        request, _ = case.extension_documents()
        if self.type.code == EXTENSION_REQUEST:
            holidays = deadline.get_holidays(
                case.minutes_date,
                case.minutes_date.replace(year=case.minutes_date.year + 1))
            first = case.compute_one_month_deadline(
                Configuration(1), holidays)
            if self.date > first:
                raise DecisionDeadlineError(gettext(
                        'qltt_cases.msg_extension_late',
                        case=case.rec_name,
                        date=self.date.strftime('%d/%m/%Y'),
                        deadline=first.strftime('%d/%m/%Y')))
        else:
            if not request or self.date < request.date:
                raise DecisionDeadlineError(gettext(
                        'qltt_cases.msg_extension_no_request',
                        case=case.rec_name))
            if self.signer == request.signer:
                raise DecisionDeadlineError(gettext(
                        'qltt_cases.msg_extension_superior',
                        case=case.rec_name,
                        signer=self.signer.rec_name))
