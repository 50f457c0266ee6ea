# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Corrections of a sanction decision: the only way to change a decided case.

A decision in force is changed only by another decision of the competent
person, which keeps the first one on file (Law on Handling Administrative
Violations Art 18(1)(d); Decree 118/2021/NĐ-CP Art 13):

- MQĐ38 amends, supplements or partly cancels it (here: new fines of its
  acts, within the bracket of each act);
- MQĐ39 corrects a clerical error without changing its content;
- MQĐ40 cancels it entirely.

The correction stores the values before and after, so that the case shows
the values in force and the correction the ones it replaced.
"""
from decimal import Decimal

from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, Workflow, fields
from trytond.model.exceptions import AccessError
from trytond.modules.company.model import employee_field, set_employee
from trytond.pool import Pool
from trytond.pyson import Eval, If
from trytond.transaction import Transaction

from .display import format_amount
from .case import transition
from .company import CaseCompanyMixin
from .exceptions import CorrectionError
from .legal import PRINCIPAL_SANCTIONS
from .value import ValueCheckMixin
from .workflow import WorkflowStateGuardMixin, check_required

KINDS = [
    ('amendment', "Amendment (MQĐ38)"),
    ('correction', "Clerical Correction (MQĐ39)"),
    ('cancellation', "Cancellation (MQĐ40)"),
    ]
FORMS = {
    'amendment': 'MQĐ38',
    'correction': 'MQĐ39',
    'cancellation': 'MQĐ40',
    }
# Decisions that may be corrected
CORRECTABLE_STATES = ['decided', 'done']


class Correction(
        CaseCompanyMixin, WorkflowStateGuardMixin, ValueCheckMixin, Workflow,
        ModelSQL, ModelView):
    __string__ = "Decision Correction"
    __name__ = 'qltt.case.correction'
    _workflow_owned_fields = {
        'document', 'fine_before', 'fine_after', 'state_before',
        'issued_by'}
    _workflow_deletable_states = {'draft'}
    _workflow_delete_error = (
        'qltt_cases.msg_correction_modify_issued', 'correction')
    _states = {
        'readonly': Eval('state') != 'draft',
        }

    case = fields.Many2One(
        'qltt.case', "Case", required=True, ondelete='RESTRICT',
        states=_states,
        domain=[If(Eval('state') == 'draft',
                ('state', 'in', CORRECTABLE_STATES),
                ())])
    kind = fields.Selection(KINDS, "Kind", required=True, states=_states)
    date = fields.Date("Decision Date", states=_states)
    signer = fields.Many2One(
        'company.employee', "Signer", states=_states,
        domain=[('company', '=', Eval('company', -1))])
    reason = fields.Text(
        "Reason", states=_states,
        help="Why the decision is changed: the error found or the "
        "ground of the amendment or cancellation.")
    content = fields.Text(
        "Content", states=_states,
        help="What the correction decision says, e.g. the words corrected "
        "and the words that replace them.")
    lines = fields.One2Many(
        'qltt.case.correction.line', 'correction', "New Fines",
        states={
            'readonly': _states['readonly'],
            'invisible': Eval('kind') != 'amendment',
            })
    fine_before = fields.Numeric(
        "Fine Before", digits=(16, 0), readonly=True,
        help="The total fine of the decision before this correction.")
    fine_after = fields.Numeric(
        "Fine After", digits=(16, 0), readonly=True,
        help="The total fine of the decision once corrected.")
    state_before = fields.Selection(
        'get_case_states', "Case State Before", readonly=True)
    document = fields.Many2One(
        'qltt.case.document', "Decision Document", readonly=True)
    state = fields.Selection([
            ('draft', "Draft"),
            ('issued', "Issued"),
            ], "State", readonly=True, required=True)
    issued_by = employee_field("Issued By", states=['issued'])
    del _states

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('case')
        cls._order = [('date', 'DESC NULLS FIRST'), ('id', 'DESC')]
        cls._transitions |= {
            ('draft', 'issued'),
            }
        cls._buttons.update({
                'issue': {
                    'invisible': Eval('state') != 'draft',
                    'depends': ['state'],
                    },
                })

    @classmethod
    def default_state(cls):
        return 'draft'

    @classmethod
    def default_kind(cls):
        return 'amendment'

    @classmethod
    def get_case_states(cls):
        pool = Pool()
        Case = pool.get('qltt.case')
        return Case.fields_get(['state'])['state']['selection'] + [
            (None, "")]

    @fields.depends('case', 'kind', 'lines')
    def on_change_case(self):
        "Propose every act of the decision with its fine in force"
        pool = Pool()
        Line = pool.get('qltt.case.correction.line')
        if self.case and self.kind == 'amendment' and not self.lines:
            self.lines = [Line(violation=v, fine=v.fine,
                    mitigating=v.mitigating, aggravating=v.aggravating)
                for v in self.case.violations]

    @fields.depends(methods=['on_change_case'])
    def on_change_kind(self):
        self.on_change_case()

    def get_rec_name(self, name):
        kind = dict(self.fields_get(['kind'])['kind']['selection'])[
            self.kind]
        return f'{kind} {self.case.rec_name}'

    def check_required(self, names):
        check_required(self, names, CorrectionError,
            'qltt_cases.msg_correction_required', 'correction')

    def check_before_issue(self):
        case = self.case
        if case.state not in CORRECTABLE_STATES:
            raise CorrectionError(gettext(
                    'qltt_cases.msg_correction_case_state',
                    correction=self.rec_name, case=case.rec_name))
        self.check_required(['date', 'signer', 'reason'])
        if self.date < case.decision_date:
            raise CorrectionError(gettext(
                    'qltt_cases.msg_correction_date',
                    correction=self.rec_name,
                    date=case.decision_date.strftime('%d/%m/%Y')))
        if self.kind == 'correction':
            # a clerical correction says what it corrects (Decree 118/2021
            # Art 13(1))
            self.check_required(['content'])
        if self.kind == 'amendment':
            self.check_required(['lines'])
            violations = set()
            for line in self.lines:
                if line.violation.case != case:
                    raise CorrectionError(gettext(
                            'qltt_cases.msg_correction_line_case',
                            correction=self.rec_name))
                if line.violation in violations:
                    raise CorrectionError(gettext(
                            'qltt_cases.msg_correction_line_twice',
                            correction=self.rec_name,
                            act=line.violation.legal_basis.code))
                violations.add(line.violation)
                line.check_fine()
            if not any(l.changes() for l in self.lines):
                raise CorrectionError(gettext(
                        'qltt_cases.msg_correction_no_change',
                        correction=self.rec_name))
        self.check_authority()

    def check_authority(self):
        """The signer needs the sanction authority for the corrected case,
        as for the decision itself (Law Art 18(1)(d), Art 52)"""
        if self.signer != self.case.decision_signer:
            self.case.check_authority(self.signer)

    @classmethod
    @ModelView.button
    @transition('issued')
    @set_employee('issued_by')
    def issue(cls, corrections):
        pool = Pool()
        Case = pool.get('qltt.case')
        Document = pool.get('qltt.case.document')
        DocumentType = pool.get('qltt.case.document.type')
        Line = pool.get('qltt.case.correction.line')
        Violation = pool.get('qltt.case.violation')
        for correction in corrections:
            correction.check_before_issue()
        documents = []
        for correction in corrections:
            case = correction.case
            correction.state_before = case.state
            correction.fine_before = case.fine_total
            documents.append(Document(
                    case=case,
                    type=DocumentType.get_by_code(FORMS[correction.kind]),
                    date=correction.date, signer=correction.signer,
                    description=correction.rec_name))
        Document.issue_new(documents)
        cancelled = []
        with Transaction().set_context(_qltt_correction=True):
            for correction, document in zip(corrections, documents):
                correction.document = document
                if correction.kind == 'amendment':
                    lines = list(correction.lines)
                    for line in lines:
                        # keep what the decision said
                        violation = line.violation
                        line.fine_before = violation.fine
                        line.mitigating_before = violation.mitigating
                        line.aggravating_before = violation.aggravating
                        Violation.write([violation], {
                                'fine': line.fine,
                                'mitigating': line.mitigating,
                                'aggravating': line.aggravating,
                                })
                    Line.save(lines)
                elif correction.kind == 'cancellation':
                    cancelled.append(correction.case)
            if cancelled:
                Case.write(cancelled, {'state': 'cancelled'})
        for correction in corrections:
            # the total of the violations as just written
            correction.fine_after = (
                Decimal(0) if correction.kind == 'cancellation'
                else Case(correction.case.id).fine_total)
        cls.save(corrections)

    @classmethod
    def check_modification(
            cls, mode, corrections, values=None, external=False):
        super().check_modification(
            mode, corrections, values=values, external=external)
        if mode == 'write' and external:
            for correction in corrections:
                if correction.state != 'draft':
                    raise AccessError(gettext(
                            'qltt_cases.msg_correction_modify_issued',
                            correction=correction.rec_name))


class CorrectionLine(ValueCheckMixin, ModelSQL, ModelView):
    __string__ = "Decision Correction Line"
    __name__ = 'qltt.case.correction.line'

    correction = fields.Many2One(
        'qltt.case.correction', "Correction", required=True,
        ondelete='CASCADE',
        states={
            'readonly': Eval('correction_state') != 'draft',
            })
    correction_state = fields.Function(fields.Selection(
            'get_correction_states', "Correction State"),
        'on_change_with_correction_state')
    violation = fields.Many2One(
        'qltt.case.violation', "Act", required=True, ondelete='RESTRICT',
        domain=[
            ('case', '=', Eval('_parent_correction.case', -1)),
            ],
        states={
            'readonly': Eval('correction_state') != 'draft',
            })
    mitigating_before = fields.Integer("Mitigating Before", readonly=True)
    aggravating_before = fields.Integer("Aggravating Before", readonly=True)
    fine_before = fields.Numeric(
        "Fine Before", digits=(16, 0), readonly=True)
    mitigating = fields.Integer(
        "Mitigating", required=True,
        domain=[('mitigating', '>=', 0)],
        states={
            'readonly': Eval('correction_state') != 'draft',
            },
        help="The mitigating circumstances found (Law Art 9).")
    aggravating = fields.Integer(
        "Aggravating", required=True,
        domain=[('aggravating', '>=', 0)],
        states={
            'readonly': Eval('correction_state') != 'draft',
            },
        help="The aggravating circumstances found (Law Art 10).")
    sanction = fields.Function(fields.Selection(
            PRINCIPAL_SANCTIONS, "Principal Sanction"),
        'on_change_with_sanction')
    # a warned act has no fine to amend (Law Art 21(3)): it stays warned
    fine = fields.Numeric(
        "New Fine", digits=(16, 0),
        states={
            'readonly': ((Eval('correction_state') != 'draft')
                | (Eval('sanction') == 'warning')),
            'required': Eval('sanction') != 'warning',
            })

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('correction')

    @classmethod
    def get_correction_states(cls):
        pool = Pool()
        Correction = pool.get('qltt.case.correction')
        return Correction.fields_get(['state'])['state']['selection']

    @fields.depends('correction', '_parent_correction.state')
    def on_change_with_correction_state(self, name=None):
        if self.correction:
            return self.correction.state

    @staticmethod
    def default_mitigating():
        return 0

    @staticmethod
    def default_aggravating():
        return 0

    @fields.depends('violation', '_parent_violation.sanction')
    def on_change_with_sanction(self, name=None):
        if self.violation:
            return self.violation.sanction

    @fields.depends('violation', '_parent_violation.fine',
        '_parent_violation.mitigating', '_parent_violation.aggravating')
    def on_change_violation(self):
        if self.violation:
            self.fine = self.violation.fine
            self.mitigating = self.violation.mitigating
            self.aggravating = self.violation.aggravating

    def changes(self):
        violation = self.violation
        return (self.fine, self.mitigating, self.aggravating) != (
            violation.fine, violation.mitigating, violation.aggravating)

    def check_fine(self):
        """The new fine stays in the bracket of the act, with the
        circumstances of the case (Decree 118/2021 Art 9); an act warned
        stays warned, with its mitigating circumstance (Law Art 22)"""
        # the act as amended: its fine and circumstances
        violation = self.violation.__class__(
            case=self.violation.case, offender=self.violation.offender,
            legal_basis=self.violation.legal_basis,
            sanction=self.violation.sanction, fine=self.fine,
            mitigating=self.mitigating, aggravating=self.aggravating)
        if violation.sanction == 'warning':
            violation.check_warning(CorrectionError)
            return
        if self.fine is None or self.fine < 0:
            raise CorrectionError(gettext(
                    'qltt_cases.msg_correction_fine_negative',
                    correction=self.correction.rec_name))
        low, high = violation.allowed_fine_range(violation.fine_bracket())
        if low is not None and not (low <= self.fine <= high):
            raise CorrectionError(gettext(
                    'qltt_cases.msg_violation_fine_range',
                    case=self.violation.case.rec_name,
                    act=self.violation.legal_basis.code,
                    fine=format_amount(self.fine),
                    low=format_amount(low), high=format_amount(high)))

    @classmethod
    def check_modification(cls, mode, lines, values=None, external=False):
        super().check_modification(
            mode, lines, values=values, external=external)
        if mode in {'write', 'delete'} and external:
            for line in lines:
                if line.correction.state != 'draft':
                    raise AccessError(gettext(
                            'qltt_cases.msg_correction_modify_issued',
                            correction=line.correction.rec_name))
