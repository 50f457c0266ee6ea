# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Additional sanctions and remedial measures of a sanction decision.

Law on Handling Administrative Violations Art 21(2): besides the fine, the
additional sanctions of withdrawal of a licence or practising certificate or
suspension of activity for a period (Art 25) and confiscation of the
exhibits and means (Art 26); Art 28(1): the remedial measures (destruction,
removal of the infringing elements, recall, re-export, payment of the
illegal profit...).  Each act's decree lists the ones it allows or requires
(Decree 98/2020 as amended): the catalogue of acts keeps them as data
(qltt.legal.basis) and a decision orders only those, and all the required
ones, within the authority of its signer (Law Art 38-46; Decree 189/2025
Art 12).  Every measure belongs to one act of the case (its violation).
"""
from collections import defaultdict
from decimal import Decimal

from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, fields
from trytond.model.exceptions import AccessError
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Bool, Eval, If
from trytond.transaction import Transaction

from .case import CLOSED_STATES, STATES
from .display import format_amount
from .exceptions import MeasureError
from .legal import MEASURES
from .value import ValueCheckMixin
from .workflow import HISTORY_IMPORT, check_required

# measures ordered for a period (Law Art 25(2))
PERIOD_MEASURES = {'sanction_licence', 'sanction_suspension'}
# the signer needs the power to withdraw licences (Decree 189/2025 Art 12)
LICENCE_MEASURES = PERIOD_MEASURES


class Measure(ValueCheckMixin, ModelSQL, ModelView):
    __string__ = "Sanction Measure"
    __name__ = 'qltt.case.measure'
    _history = True
    _states = {
        'readonly': ~Eval('case_state').in_(
            ['draft', 'inspecting', 'recorded']),
        }

    case = fields.Many2One(
        'qltt.case', "Case", required=True, ondelete='CASCADE',
        states=_states)
    case_state = fields.Function(
        fields.Selection(STATES, "Case State"), 'on_change_with_case_state')
    violation = fields.Many2One(
        'qltt.case.violation', "Act", required=True, ondelete='CASCADE',
        states=_states, domain=[('case', '=', Eval('case', -1))],
        help="The act of the case this measure is ordered for.")
    kind = fields.Selection(MEASURES, "Measure", required=True,
        states=_states)
    months = fields.Integer(
        "Months", states={
            'readonly': _states['readonly'],
            'invisible': ~Eval('kind').in_(list(PERIOD_MEASURES)),
            'required': Eval('kind').in_(list(PERIOD_MEASURES)),
            },
        domain=[If(Bool(Eval('months')), ('months', '>', 0), ())],
        help="Period of the withdrawal or suspension (Law Art 25).")
    amount = fields.Numeric(
        "Amount", digits=(16, 0), states={
            'readonly': _states['readonly'],
            'invisible': Eval('kind') != 'remedy_profit',
            'required': Eval('kind') == 'remedy_profit',
            },
        domain=[If(Bool(Eval('amount')), ('amount', '>', 0), ())],
        help="The illegal profit to pay to the State budget.")
    description = fields.Text(
        "Description", states=_states,
        help="What is ordered: the licence and its number, the goods to "
        "recall or re-export, the place and time.")
    del _states

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('case')

    @fields.depends('case', '_parent_case.state')
    def on_change_with_case_state(self, name=None):
        return self.case.state if self.case else None

    @classmethod
    def kind_labels(cls):
        return dict(cls.fields_get(['kind'])['kind']['selection'])

    def get_rec_name(self, name):
        kind = self.kind_labels().get(self.kind, self.kind)
        return f'{self.violation.legal_basis.code}: {kind}' if (
            self.violation) else kind

    def check_required(self):
        names = []
        if self.kind in PERIOD_MEASURES:
            names.append('months')
        if self.kind == 'remedy_profit':
            names.append('amount')
        check_required(self, names, MeasureError,
            'qltt_cases.msg_measure_required_field', 'measure')

    def form_text(self):
        """The measure as the decision states it (the forms are rendered in
        Vietnamese, so are the labels of the selections)"""
        text = self.kind_labels().get(self.kind, self.kind)
        if self.kind in PERIOD_MEASURES and self.months:
            text += f' {self.months} tháng'
        if self.kind == 'remedy_profit' and self.amount:
            text += f' {format_amount(self.amount)} đồng'
        if self.description:
            text += f' ({self.description})'
        return text

    @classmethod
    def validate_fields(cls, measures, field_names):
        super().validate_fields(measures, field_names)
        for measure in measures:
            if measure.violation and measure.violation.case != measure.case:
                raise MeasureError(gettext(
                        'qltt_cases.msg_measure_other_case',
                        measure=measure.rec_name,
                        case=measure.case.rec_name))

    @classmethod
    def check_modification(cls, mode, measures, values=None, external=False):
        super().check_modification(
            mode, measures, values=values, external=external)
        # the history import writes what a past decision ordered
        # (qltt_warehouse goods_import.py)
        if mode in {'create', 'write', 'delete'} and not (
                mode == 'create'
                and Transaction().context.get(HISTORY_IMPORT)):
            for measure in measures:
                if measure.case.state in CLOSED_STATES:
                    raise AccessError(gettext(
                            'qltt_cases.msg_case_modify_closed',
                            case=measure.case.rec_name))


class Case(metaclass=PoolMeta):
    __name__ = 'qltt.case'
    measures = fields.One2Many(
        'qltt.case.measure', 'case',
        "Additional Sanctions and Remedial Measures",
        states={
            'readonly': ~Eval('state').in_(
                ['draft', 'inspecting', 'recorded']),
            },
        help="Ordered by the decision for each act (Law Art 21, 28).")

    @classmethod
    def copy(cls, cases, default=None):
        default = default.copy() if default is not None else {}
        # a measure belongs to an act of its own case
        default.setdefault('measures')
        return super().copy(cases, default=default)

    def has_exhibits(self):
        "Whether goods of the case are held, to confiscate (qltt_warehouse)"
        return False

    def confiscated_value(self, violation):
        "Value of the goods confiscated for violation (qltt_warehouse)"
        return Decimal(0)

    def check_measures(self):
        """The measures of each act are those its decree provides, all the
        required ones, within the signer's authority (Law Art 21, 25, 26,
        28, 38-46; Decree 189/2025 Art 12)"""
        pool = Pool()
        Measure = pool.get('qltt.case.measure')

        def label(kind):
            "A measure's name, read for an error only (fields_get per case)"
            return Measure.kind_labels()[kind]
        authority = self.decision_signer.sanction_authority
        by_violation = defaultdict(list)
        for measure in self.measures:
            by_violation[measure.violation.id].append(measure)
        for violation in self.violations:
            basis = violation.legal_basis
            measures = by_violation.get(violation.id, [])
            kinds = {m.kind for m in measures}
            for measure in measures:
                measure.check_required()
                if not getattr(basis, measure.kind):
                    raise MeasureError(gettext(
                            'qltt_cases.msg_measure_not_provided',
                            case=self.rec_name, act=basis.code,
                            measure=label(measure.kind)))
                licence = (measure.kind in LICENCE_MEASURES
                    and not authority.may_suspend_licence)
                remedy = (measure.kind.startswith('remedy_')
                    and not authority.remedial_measures)
                if licence or remedy:
                    raise MeasureError(gettext(
                            'qltt_cases.msg_measure_authority',
                            case=self.rec_name,
                            signer=self.decision_signer.rec_name,
                            authority=authority.name,
                            measure=label(measure.kind)))
            for kind, _ in MEASURES:
                if (getattr(basis, kind) != 'required' or kind in kinds
                        or not violation.measure_allowed(kind)):
                    continue
                if kind == 'sanction_confiscation' and (
                        not self.has_exhibits()
                        # or destroyed instead when harmful (e.g. Decree
                        # 98/2020 Art 15)
                        or 'remedy_destroy' in kinds):
                    continue
                raise MeasureError(gettext(
                        'qltt_cases.msg_measure_missing',
                        case=self.rec_name, act=basis.code,
                        measure=label(kind)))
            # by the kind of the act's offender, as the fine (Law Art
            # 52(3), 67)
            limit = authority.confiscation_limit(
                basis.field, violation.kind_of_offender())
            value = self.confiscated_value(violation)
            if limit is not None and value > limit:
                raise MeasureError(gettext(
                        'qltt_cases.msg_measure_confiscation_limit',
                        case=self.rec_name, act=basis.code,
                        signer=self.decision_signer.rec_name,
                        authority=authority.name,
                        value=format_amount(value),
                        limit=format_amount(limit)))

    @classmethod
    @ModelView.button
    def decide(cls, cases):
        super().decide(cases)
        for case in cases:
            case.check_measures()

    @classmethod
    @ModelView.button
    def decide_confiscation(cls, cases):
        "Confiscation and remedial measures without a sanction (Art 65(2))"
        super().decide_confiscation(cases)
        for case in cases:
            case.check_measures()

    def measure_texts(self, prefix, offender=None):
        """The measures whose kind starts with prefix, as the decision says;
        only those of the acts of offender when given"""
        return [m.form_text() for m in self.measures
            if m.kind.startswith(prefix)
            and (offender is None or m.violation.offender == offender)]
