# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Offenders under 18 (người chưa thành niên).

The Law on Handling Administrative Violations (Law 15/2012/QH13 as amended
by Law 67/2020/QH14), for an individual counted in full years of age on the
date of the violation (the inspection date when it is not known):
- Art 5(1)(a): sanctioned from 14, from 14 to under 16 for an intentional
  violation only (the official judges it: the act's *Intentional* box);
  Art 11 as amended by Law 67/2020 and Art 65(1)(a): no sanction decision
  for a younger person, or for a 14 or 15-year-old's act not intentional,
  whose exhibits are still confiscated and remedial measures applied (Art
  65(2), MQĐ14 and MQĐ15: decision.py).
- Art 22 as amended by Law 67/2020: a minor from 14 to under 16 is warned
  for every act, whether the act's decree provides a warning or not and
  with no mitigating circumstance needed; Art 134(3): never fined.
- Art 134(3): a minor from 16 to under 18 is fined at most half of what an
  adult is fined for the same act: the range an adult's circumstances give
  (Decree 118/2021 Art 9), halved.  A parent or guardian who pays for a
  minor who cannot is kept on the payment (qltt_finance/minor.py).
- Art 135(1): a minor is sanctioned only by a warning, a fine and the
  confiscation of exhibits: no withdrawal of a licence, no suspension of
  activity, even where the act's decree requires them.
The authority of the signer (Law Art 52) and the right to explain (Art 61)
follow the decree's bracket, as for an adult.
"""
from decimal import ROUND_DOWN, Decimal

from dateutil.relativedelta import relativedelta

from trytond.i18n import gettext
from trytond.model import fields
from trytond.pool import PoolMeta
from trytond.pyson import Eval

from .display import format_amount
from .exceptions import CaseValidationError, MeasureError

# the ages of the Law (Art 5(1)(a), 22, 134(3); minors are under 18:
# Civil Code 2015 Art 21)
AGE_OF_LIABILITY = 14
AGE_OF_FINE = 16
AGE_OF_MAJORITY = 18
MINOR_FINE_SHARE = Decimal('0.5')
# what a minor may not be ordered (Law Art 135(1))
NOT_FOR_MINORS = {'sanction_licence', 'sanction_suspension'}
AGE_GROUPS = [
    (None, ""),
    ('not_liable', "Under 14"),
    ('warned', "14 to under 16"),
    ('half_fine', "16 to under 18"),
    ]


def age_on(birth_date, date):
    """Full years of age on date, from the birthday on (born on 29 February:
    from 28 February in a common year, as Civil Code 2015 Art 148 ends a
    count of years on the month's last day)"""
    return relativedelta(date, birth_date).years


def age_group(age):
    """None for an adult or an unknown age; 'not_liable' under 14,
    'warned' from 14 to under 16, 'half_fine' from 16 to under 18"""
    if age is None or age >= AGE_OF_MAJORITY:
        return None
    if age < AGE_OF_LIABILITY:
        return 'not_liable'
    if age < AGE_OF_FINE:
        return 'warned'
    return 'half_fine'


def age_bar(age, intentional=True):
    """Why an act of an offender of age is not sanctioned at all (Art
    5(1)(a), 11, 65(1)(a)): 'not_liable' under 14, 'not_intentional' from
    14 to under 16 for an act not intentional, else None"""
    group = age_group(age)
    if group == 'not_liable':
        return 'not_liable'
    if group == 'warned' and not intentional:
        return 'not_intentional'


def age_refusal(age, sanction, intentional=True):
    """What the Law refuses in sanctioning an offender of age with sanction
    (the decision and the import both ask): an age_bar, or 'warning_only'
    for a fine from 14 to under 16 (Art 22, 134(3)), else None"""
    bar = age_bar(age, intentional)
    if bar:
        return bar
    if age_group(age) == 'warned' and sanction != 'warning':
        return 'warning_only'


def minor_bracket(low, high):
    "At most half of an adult's fine (Law Art 134(3))"
    def half(amount):
        return (amount * MINOR_FINE_SHARE).quantize(
            Decimal(1), rounding=ROUND_DOWN)
    return half(low), half(high)


def act_date(case):
    "The date the age is counted on: the violation's, else the inspection's"
    if not case:
        return None
    return case.violation_date or case.inspection_date


class Offender(metaclass=PoolMeta):
    __name__ = 'qltt.case.offender'

    birth_date = fields.Date(
        "Date of Birth",
        states={
            'readonly': ~Eval('case_state', 'draft').in_(
                ['draft', 'inspecting', 'recorded']),
            'invisible': Eval('kind') != 'individual',
            },
        help="Of an individual: under 14 on the date of the violation no "
        "sanction, from 14 to under 16 only a warning, from 16 to under 18 "
        "at most half an adult's fine (Law on Handling Administrative "
        "Violations Art 5, 22, 134).")
    age = fields.Function(
        fields.Integer("Age at the Violation",
            states={'invisible': Eval('kind') != 'individual'}),
        'on_change_with_age')

    @fields.depends('birth_date', 'kind', 'case',
        '_parent_case.violation_date', '_parent_case.inspection_date')
    def on_change_with_age(self, name=None):
        return self.age_at(act_date(self.case))

    @fields.depends('kind', 'birth_date')
    def on_change_kind(self):
        if self.kind != 'individual':
            self.birth_date = None

    def age_at(self, date):
        "Full years of an individual of known birth on date, else None"
        if self.kind != 'individual' or not self.birth_date or not date:
            return None
        return age_on(self.birth_date, date)

    @classmethod
    def validate_fields(cls, offenders, field_names):
        super().validate_fields(offenders, field_names)
        if field_names and not (
                field_names & {'birth_date', 'case', 'kind'}):
            return
        for offender in offenders:
            offender.check_birth_date()

    def check_birth_date(self):
        "An individual's, before the violation"
        if not self.birth_date:
            return
        if self.kind != 'individual':
            raise CaseValidationError(gettext(
                    'qltt_cases.msg_offender_birth_organisation',
                    case=self.case.rec_name, offender=self.rec_name))
        date = act_date(self.case)
        if date and self.birth_date > date:
            raise CaseValidationError(gettext(
                    'qltt_cases.msg_offender_birth_after_violation',
                    case=self.case.rec_name, offender=self.rec_name))


class Violation(metaclass=PoolMeta):
    __name__ = 'qltt.case.violation'

    intentional = fields.Boolean(
        "Intentional",
        states={
            'readonly': ~Eval('case_state').in_(
                ['draft', 'inspecting', 'recorded']),
            'invisible': Eval('offender_age_group') != 'warned',
            },
        help="A person from 14 to under 16 is sanctioned only for an "
        "intentional violation (Law on Handling Administrative Violations "
        "Art 5(1)(a)): clear it when the act was not intentional, and the "
        "act is not sanctioned.")
    offender_age_group = fields.Function(
        fields.Selection(AGE_GROUPS, "Offender's Age Group"),
        'on_change_with_offender_age_group')

    @staticmethod
    def default_intentional():
        return True

    @fields.depends('offender', '_parent_offender.birth_date',
        '_parent_offender.kind', 'case', '_parent_case.violation_date',
        '_parent_case.inspection_date')
    def on_change_with_offender_age_group(self, name=None):
        return self.age_group()

    @classmethod
    def validate_fields(cls, violations, field_names):
        # before the decree's bracket, which names no age
        if field_names is None or field_names & {
                'fine', 'offender', 'legal_basis', 'case'}:
            for violation in violations:
                violation.check_minor_bracket()
        super().validate_fields(violations, field_names)

    def check_minor_bracket(self):
        "A fine of 16 to under 18 at most half an adult's (Art 134(3))"
        if self.fine is None or self.age_group() != 'half_fine':
            return
        low, high = self.fine_bracket()
        if low is not None and not (low <= self.fine <= high):
            raise CaseValidationError(gettext(
                    'qltt_cases.msg_violation_minor_bracket',
                    case=self.case.rec_name, act=self.legal_basis.code,
                    offender=self.offender.rec_name,
                    age=self.offender_age(), fine=format_amount(self.fine),
                    low=format_amount(low), high=format_amount(high)))

    def offender_age(self):
        "The age of the act's offender on the date of the violation"
        if not self.offender:
            return None
        return self.offender.age_at(act_date(self.case))

    def age_group(self):
        return age_group(self.offender_age())

    def fine_bracket(self):
        low, high = super().fine_bracket()
        if low is not None and self.age_group() == 'half_fine':
            return minor_bracket(low, high)
        return low, high

    @fields.depends('offender', '_parent_offender.birth_date', 'case',
        '_parent_case.violation_date', '_parent_case.inspection_date')
    def on_change_legal_basis(self):
        "A minor's act: a warning under 16, half an adult's fine under 18"
        super().on_change_legal_basis()
        group = self.age_group()
        if group == 'warned':
            self.sanction, self.fine = 'warning', None
        elif group == 'half_fine' and self.sanction == 'fine':
            self.fine = self.allowed_fine_range(self.fine_bracket())[0]

    def check_sanction(self):
        # a minor from 14 to under 16 is warned for every act (Law Art 22)
        if self.sanction == 'warning' and self.age_group() == 'warned':
            self.check_warning(decided=False)
            return
        super().check_sanction()

    def check_warning(self, error=CaseValidationError, decided=True):
        # no mitigating circumstance needed for a minor under 16 (Art 22)
        if self.age_group() == 'warned':
            decided = False
        super().check_warning(error=error, decided=decided)

    def check_fine(self):
        self.check_age()
        super().check_fine()

    def check_age(self):
        """No sanction under 14, from 14 to under 16 only a warning and only
        for an intentional act"""
        refusal = age_refusal(
            self.offender_age(), self.sanction, self.intentional)
        if refusal:
            raise CaseValidationError(gettext(
                    'qltt_cases.msg_violation_minor_' + refusal,
                    case=self.case.rec_name, act=self.legal_basis.code,
                    offender=self.offender.rec_name,
                    age=self.offender_age()))

    def age_barred(self):
        "Not sanctioned for the offender's age (Law Art 5(1)(a), 11)"
        return bool(age_bar(self.offender_age(), self.intentional))

    def measure_allowed(self, kind):
        "A minor gets no licence withdrawal or suspension (Law Art 135(1))"
        return not (self.age_group() and kind in NOT_FOR_MINORS)


class Case(metaclass=PoolMeta):
    __name__ = 'qltt.case'

    @classmethod
    def validate_fields(cls, cases, field_names):
        super().validate_fields(cases, field_names)
        if field_names and not (
                field_names & {'violation_date', 'inspection_date'}):
            return
        for case in cases:
            for offender in case.offenders:
                offender.check_birth_date()

    @property
    def sanction_barred(self):
        """No act of the case may be sanctioned when each was by someone
        under 14, or by a 14 or 15-year-old and not intentional (Law Art
        5(1)(a), 65(1)(a)): the exhibits are confiscated without a sanction
        (Art 65(2))"""
        if super().sanction_barred:
            return True
        acts = self.violations
        return bool(acts) and all(act.age_barred() for act in acts)

    def check_measures(self):
        for measure in self.measures:
            if not measure.violation.measure_allowed(measure.kind):
                raise MeasureError(gettext(
                        'qltt_cases.msg_measure_minor',
                        case=self.rec_name,
                        act=measure.violation.legal_basis.code,
                        offender=measure.violation.offender.rec_name,
                        measure=measure.rec_name))
        super().check_measures()
