# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Emulation titles and forms of commendation (danh hiệu thi đua, hình
thức khen thưởng), their eligibility rules and cash awards.

Law on Emulation and Commendation 06/2022/QH15 Art 21-24 (individual titles),
Bắc Ninh Decision 86/2025/QĐ-UBND Art 3-4 (collective titles), Decree
152/2025/NĐ-CP Art 4 (principles) and Art 50-52 (cash awards)."""
from trytond.i18n import gettext
from trytond.model import (
    DeactivableMixin, Index, ModelSQL, ModelView, Unique, Workflow, fields)
from trytond.model.exceptions import AccessError
from trytond.modules.company.model import employee_field, set_employee
from trytond.modules.qltt_cases.case import transition
from trytond.modules.qltt_cases.value import ValueCheckMixin
from trytond.modules.qltt_cases.workflow import (
    WorkflowStateGuardMixin, check_required)
from trytond.pool import Pool
from trytond.pyson import Eval

from .exceptions import EligibilityError, HRValidationError
from .rating import KINDS, RecipientMixin, rating_at_least

LEVELS = [
    ('grassroots', "Grassroots"),
    ('ministry', "Ministry"),
    ('provincial', "Provincial"),
    ('national', "National"),
    ]
RULES = [
    (None, "None"),
    ('advanced_worker', "Advanced Worker"),
    ('grassroots_soldier', "Grassroots Emulation Soldier"),
    ('provincial_soldier', "Provincial Emulation Soldier"),
    ('national_soldier', "National Emulation Soldier"),
    ('collective_advanced', "Advanced Collective"),
    ('collective_excellent', "Excellent Collective"),
    ]
COLLECTIVE_RULES = {'collective_advanced', 'collective_excellent'}
STATES = [
    ('draft', "Draft"),
    ('proposed', "Proposed"),
    ('approved', "Approved"),
    ('refused', "Refused"),
    ('decided', "Decided"),
    ]
# Proposals approved or decided count as held titles for the other rules
HELD_STATES = ['approved', 'decided']
OK, KO = '✔', '✘'


def _percent(value):
    return f'{value * 100:.0f}'


class Title(ValueCheckMixin, DeactivableMixin, ModelSQL, ModelView):
    "The catalogue of titles and commendations, edited by the HR officer"
    __string__ = "Commendation Title"
    __name__ = 'qltt.commendation.title'
    code = fields.Char("Code", required=True)
    name = fields.Char("Name", required=True, translate=True)
    kind = fields.Selection(KINDS, "Kind", required=True)
    level = fields.Selection(LEVELS, "Level", required=True)
    authority = fields.Char(
        "Deciding Authority", translate=True,
        help="Who decides the title (Law 06/2022 Art 80).")
    cash_multiple = fields.Numeric(
        "Cash Multiple", digits=(16, 2),
        domain=['OR',
            ('cash_multiple', '=', None),
            ('cash_multiple', '>', 0),
            ],
        help="Multiple of the base salary paid with the title "
        "(Decree 152/2025 Art 50-52); empty when there is no cash award.")
    rule = fields.Selection(
        RULES, "Eligibility Rule",
        help="The rule computed from the records before the proposal is "
        "approved.")
    sequence = fields.Integer("Sequence")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints = [
            ('code_uniq', Unique(t, t.code), 'qltt_hr.msg_title_code_unique'),
            ]
        cls._order.insert(0, ('sequence', 'ASC NULLS LAST'))

    @classmethod
    def get_by_rule(cls, rule):
        titles = cls.search([('rule', '=', rule)], limit=1)
        return titles[0] if titles else None


class Commendation(
        WorkflowStateGuardMixin, ValueCheckMixin, RecipientMixin, Workflow,
        ModelSQL, ModelView):
    "A proposal of a title or commendation, and its decision"
    __string__ = "Commendation"
    __name__ = 'qltt.commendation'
    _history = True
    _workflow_owned_fields = {
        'proposed_by', 'approved_by', 'overridden_by', 'refused_by',
        'decided_by'}
    _workflow_deletable_states = {'draft', 'refused'}
    _workflow_delete_error = (
        'qltt_hr.msg_commendation_delete', 'commendation')
    _states = {'readonly': Eval('state') != 'draft'}
    _decision = {'readonly': Eval('state') == 'decided'}

    year = fields.Integer("Year", required=True, states=_states)
    campaign = fields.Many2One(
        'qltt.emulation.campaign', "Campaign", states=_states,
        domain=[('company', '=', Eval('company', -1))])
    registration = fields.Many2One(
        'qltt.emulation.registration', "Registration", states=_states,
        domain=[('campaign', '=', Eval('campaign', -1))])
    title = fields.Many2One(
        'qltt.commendation.title', "Title", required=True, states=_states,
        domain=[('kind', '=', Eval('kind'))])
    level = fields.Function(
        fields.Selection(LEVELS, "Level"), 'on_change_with_level')
    reason = fields.Text("Reason", states=_decision)
    eligibility = fields.Function(
        fields.Text("Eligibility"), 'get_eligibility')
    eligible = fields.Function(
        fields.Boolean("Eligible"), 'get_eligibility')
    refusal_reason = fields.Text(
        "Refusal Reason", states={
            'readonly': Eval('state') != 'proposed',
            'invisible': ~Eval('state').in_(['proposed', 'refused']),
            })
    override_justification = fields.Text(
        "Override Justification", states={
            'readonly': Eval('state') != 'proposed',
            'invisible': (Eval('state') == 'draft')
            | (Eval('eligible', True) & ~Eval('override_justification')),
            },
        help="A leader's written reasons to approve a proposal that fails "
        "its rule; it is kept with the decision.")
    decision_number = fields.Char(
        "Decision Number", states={
            'readonly': Eval('state') != 'approved',
            'required': Eval('state') == 'decided',
            })
    decision_date = fields.Date(
        "Decision Date", states={
            'readonly': Eval('state') != 'approved',
            'required': Eval('state') == 'decided',
            })
    authority = fields.Char(
        "Deciding Authority", states={
            'readonly': Eval('state') == 'decided',
            'required': Eval('state') == 'decided',
            })
    base_salary = fields.Numeric(
        "Base Salary", digits=(16, 0), states=_decision,
        help="The base salary the cash award is computed on.")
    cash_award = fields.Numeric(
        "Cash Award", digits=(16, 0), states=_decision,
        domain=['OR',
            ('cash_award', '=', None),
            ('cash_award', '>=', 0),
            ],
        help="Cash multiple of the title times the base salary "
        "(Decree 152/2025 Art 50-52).")
    state = fields.Selection(STATES, "State", readonly=True, required=True)
    proposed_by = employee_field(
        "Proposed By", states=['proposed', 'approved', 'refused', 'decided'])
    approved_by = employee_field(
        "Approved By", states=['approved', 'decided'])
    overridden_by = employee_field(
        "Overridden By", states=['approved', 'decided'])
    refused_by = employee_field("Refused By", states=['refused'])
    decided_by = employee_field("Decided By", states=['decided'])
    del _states, _decision

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.update({
                Index(t, (t.state, Index.Equality(cardinality='low'))),
                Index(t, (t.year, Index.Range())),
                })
        for name in ['company', 'kind', 'employee', 'team']:
            field = getattr(cls, name)
            field.states = field.states.copy()
            field.states['readonly'] = Eval('state') != 'draft'
        cls._order = [('year', 'DESC'), ('id', 'DESC')]
        cls._transitions |= {
            ('draft', 'proposed'),
            ('proposed', 'draft'),
            ('proposed', 'approved'),
            ('proposed', 'refused'),
            ('refused', 'draft'),
            ('approved', 'decided'),
            }
        cls._buttons.update({
                'draft': {
                    'invisible': ~Eval('state').in_(['proposed', 'refused']),
                    'icon': 'tryton-back',
                    'depends': ['state'],
                    },
                'propose': {
                    'invisible': Eval('state') != 'draft',
                    'icon': 'tryton-forward',
                    'depends': ['state'],
                    },
                'approve': {
                    'invisible': Eval('state') != 'proposed',
                    'icon': 'tryton-ok',
                    'depends': ['state'],
                    },
                'override': {
                    'invisible': ((Eval('state') != 'proposed')
                        | Eval('eligible', True)),
                    'depends': ['state', 'eligible'],
                    },
                'refuse': {
                    'invisible': Eval('state') != 'proposed',
                    'icon': 'tryton-cancel',
                    'depends': ['state'],
                    },
                'decide': {
                    'invisible': Eval('state') != 'approved',
                    'icon': 'tryton-ok',
                    'depends': ['state'],
                    },
                })

    @classmethod
    def default_state(cls):
        return 'draft'

    @classmethod
    def default_year(cls):
        return Pool().get('ir.date').today().year

    @classmethod
    def default_base_salary(cls):
        pool = Pool()
        Configuration = pool.get('qltt.hr.configuration')
        return Configuration(1).base_salary

    @fields.depends('title')
    def on_change_with_level(self, name=None):
        return self.title.level if self.title else None

    @fields.depends('title', 'authority')
    def on_change_title(self):
        if self.title and self.title.authority:
            self.authority = self.title.authority

    @fields.depends('title', 'base_salary', 'company')
    def on_change_with_cash_award(self):
        return self.compute_cash_award()

    @fields.depends('registration', '_parent_registration.kind',
        '_parent_registration.employee', '_parent_registration.team',
        '_parent_registration.title')
    def on_change_registration(self):
        if self.registration:
            self.kind = self.registration.kind
            self.employee = self.registration.employee
            self.team = self.registration.team
            self.title = self.registration.title

    def compute_cash_award(self):
        pool = Pool()
        Configuration = pool.get('qltt.hr.configuration')
        if self.title and self.base_salary is not None:
            config = Configuration.of_company(getattr(self, 'company', None))
            return config.cash_award(
                self.title.cash_multiple, self.base_salary)

    def get_rec_name(self, name):
        return (f'{self.title.rec_name} - {self.recipient.rec_name} '
            f'({self.year})')

    @classmethod
    def search_rec_name(cls, name, clause):
        _, operator, value = clause
        bool_op = 'AND' if operator.startswith(('!', 'not ')) else 'OR'
        return [bool_op,
            ('title.rec_name', operator, value),
            ('employee.rec_name', operator, value),
            ('team.rec_name', operator, value),
            ('decision_number', operator, value),
            ]

    # Eligibility --------------------------------------------------------

    def _held(self, rule, years, employees=None):
        """The (employee id, year) pairs holding a title of rule in years,
        among employees (default: the recipient)"""
        if employees is None:
            employees = [self.employee]
        commendations = self.search([
                ('title.rule', '=', rule),
                ('employee', 'in', [e.id for e in employees]),
                ('year', 'in', list(years)),
                ('state', 'in', HELD_STATES),
                ('id', '!=', self.id),
                ])
        return {(c.employee.id, c.year) for c in commendations}

    def _title_name(self, rule):
        pool = Pool()
        Title = pool.get('qltt.commendation.title')
        title = Title.get_by_rule(rule)
        return title.rec_name if title else rule

    def _rating_label(self, code):
        pool = Pool()
        Rating = pool.get('qltt.hr.rating')
        return dict(Rating.fields_get(['rating'])['rating']['selection'])[
            code]

    def _check_rating(self, recipient, required):
        pool = Pool()
        Rating = pool.get('qltt.hr.rating')
        rating = Rating.get_rating(recipient, self.year)
        if not rating:
            return False, gettext('qltt_hr.msg_cond_rating_missing',
                year=self.year)
        return (rating_at_least(rating.rating, required),
            gettext('qltt_hr.msg_cond_rating', year=self.year,
                rating=self._rating_label(rating.rating),
                required=self._rating_label(required)))

    def _check_no_discipline(self):
        "Not commended while disciplined (Decree 152/2025 Art 4)"
        pool = Pool()
        Discipline = pool.get('qltt.discipline')
        disciplines = Discipline.of_year([self.employee], self.year)
        if disciplines:
            return False, gettext('qltt_hr.msg_cond_discipline',
                year=self.year,
                disciplines=', '.join(d.rec_name for d in disciplines))
        return True, gettext('qltt_hr.msg_cond_no_discipline', year=self.year)

    def _initiatives(self, years, levels):
        pool = Pool()
        Rating = pool.get('qltt.hr.rating')
        return Rating.search([
                ('employee', '=', self.employee.id),
                ('year', 'in', list(years)),
                ('initiative_level', 'in', levels),
                ])

    def _initiative_condition(self, years, levels):
        pool = Pool()
        Rating = pool.get('qltt.hr.rating')
        selection = dict(Rating.fields_get(
                ['initiative_level'])['initiative_level']['selection'])
        return (bool(self._initiatives(years, levels)),
            gettext('qltt_hr.msg_cond_initiative',
                levels=' / '.join(selection[l] for l in levels),
                years=', '.join(map(str, years))))

    def _consecutive_condition(self, rule, count):
        years = list(range(self.year - count + 1, self.year + 1))
        held = sorted(y for _, y in self._held(rule, years))
        return (len(held) == count,
            gettext('qltt_hr.msg_cond_consecutive',
                title=self._title_name(rule),
                years=', '.join(map(str, years)),
                found=', '.join(map(str, held)) or '-'))

    def rule_advanced_worker(self, config):
        "Tasks completed well or better, no discipline (Law Art 24)"
        return [
            self._check_rating(self.employee, 'good'),
            self._check_no_discipline(),
            ]

    def rule_grassroots_soldier(self, config):
        """Advanced worker in the year, plus an excellent rating or a
        recognised initiative (Law Art 23)"""
        pool = Pool()
        Rating = pool.get('qltt.hr.rating')
        advanced = bool(self._held('advanced_worker', [self.year]))
        rating = Rating.get_rating(self.employee, self.year)
        excellent_or_initiative = bool(rating and (
                rating.rating == 'excellent' or rating.initiative_level))
        return [
            (advanced, gettext('qltt_hr.msg_cond_title', year=self.year,
                    title=self._title_name('advanced_worker'))),
            (excellent_or_initiative, gettext(
                    'qltt_hr.msg_cond_excellent_or_initiative',
                    year=self.year)),
            self._check_no_discipline(),
            ]

    def rule_provincial_soldier(self, config):
        """Consecutive grassroots emulation soldier titles (3) plus an
        initiative of provincial impact (Law Art 22)"""
        count = config.provincial_soldier_years
        years = list(range(self.year - count + 1, self.year + 1))
        return [
            self._consecutive_condition('grassroots_soldier', count),
            self._initiative_condition(years, ['provincial', 'national']),
            self._check_no_discipline(),
            ]

    def rule_national_soldier(self, config):
        """Consecutive provincial emulation soldier titles (2) plus an
        initiative of national impact (Law Art 21)"""
        count = config.national_soldier_years
        years = list(range(self.year - count + 1, self.year + 1))
        return [
            self._consecutive_condition('provincial_soldier', count),
            self._initiative_condition(years, ['national']),
            self._check_no_discipline(),
            ]

    def _members(self):
        return list(self.team.members) if self.team else []

    def _members_rated(self):
        pool = Pool()
        Rating = pool.get('qltt.hr.rating')
        members = self._members()
        return members, Rating.search([
                ('employee', 'in', [m.id for m in members]),
                ('year', '=', self.year),
                ])

    def _members_title_condition(self, members, config):
        advanced = self._held('advanced_worker', [self.year], members)
        ratio = len(advanced) / len(members) if members else 0
        return (bool(members) and ratio >= config.collective_ratio,
            gettext('qltt_hr.msg_cond_members_title',
                count=len(advanced), members=len(members),
                title=self._title_name('advanced_worker'), year=self.year,
                percent=_percent(ratio),
                ratio=_percent(config.collective_ratio)))

    def rule_collective_advanced(self, config):
        """Tasks done well; at least 70 % of the members advanced workers;
        nobody disciplined at warning level or above (Decision 86/2025
        Art 3)"""
        pool = Pool()
        Discipline = pool.get('qltt.discipline')
        members = self._members()
        disciplined = Discipline.of_year(members, self.year, 'warning')
        if disciplined:
            discipline = (False, gettext('qltt_hr.msg_cond_members_discipline',
                    year=self.year,
                    disciplines=', '.join(d.rec_name for d in disciplined)))
        else:
            discipline = (True, gettext(
                    'qltt_hr.msg_cond_members_no_discipline', year=self.year))
        return [
            self._check_rating(self.team, 'good'),
            self._members_title_condition(members, config),
            discipline,
            ]

    def rule_collective_excellent(self, config):
        """Tasks done excellently; every member completed their tasks; at
        least 70 % advanced workers; at least one grassroots emulation
        soldier (Decision 86/2025 Art 4)"""
        members, ratings = self._members_rated()
        completed = [r for r in ratings
            if rating_at_least(r.rating, 'completed')]
        soldiers = self._held('grassroots_soldier', [self.year], members)
        return [
            self._check_rating(self.team, 'excellent'),
            (bool(members) and len(completed) == len(members),
                gettext('qltt_hr.msg_cond_members_completed',
                    count=len(completed), members=len(members),
                    year=self.year)),
            self._members_title_condition(members, config),
            (bool(soldiers), gettext('qltt_hr.msg_cond_members_one_title',
                    count=len(soldiers), year=self.year,
                    title=self._title_name('grassroots_soldier'))),
            ]

    def check_eligibility(self):
        """The rule of the title with each condition and whether it holds:
        (rule text, [(ok, condition text)])"""
        pool = Pool()
        Configuration = pool.get('qltt.hr.configuration')
        config = Configuration.of_company(getattr(self, 'company', None))
        rule = self.title.rule if self.title else None
        if not rule or not self.recipient:
            return gettext('qltt_hr.msg_rule_none'), []
        text = gettext(f'qltt_hr.msg_rule_{rule}',
            years=(config.provincial_soldier_years
                if rule == 'provincial_soldier'
                else config.national_soldier_years),
            ratio=_percent(config.collective_ratio))
        return text, getattr(self, f'rule_{rule}')(config)

    @classmethod
    def get_eligibility(cls, commendations, names):
        result = {n: {} for n in names}
        for commendation in commendations:
            text, conditions = commendation.check_eligibility()
            if 'eligibility' in names:
                result['eligibility'][commendation.id] = '\n'.join(
                    [text] + [f'{OK if ok else KO} {c}'
                        for ok, c in conditions])
            if 'eligible' in names:
                result['eligible'][commendation.id] = all(
                    ok for ok, _ in conditions)
        return result

    def failures(self):
        _, conditions = self.check_eligibility()
        return [c for ok, c in conditions if not ok]

    # Checks -------------------------------------------------------------

    @classmethod
    def validate_fields(cls, commendations, field_names):
        super().validate_fields(commendations, field_names)
        cls.check_cash_award(commendations, field_names)
        cls.check_duplicate(commendations, field_names)

    @classmethod
    def check_cash_award(cls, commendations, field_names=None):
        "Only titles with a cash multiple carry a cash award"
        if field_names and not (field_names & {'title', 'cash_award'}):
            return
        for commendation in commendations:
            if (commendation.cash_award
                    and commendation.title.cash_multiple is None):
                raise HRValidationError(gettext(
                        'qltt_hr.msg_commendation_no_cash',
                        commendation=commendation.rec_name,
                        title=commendation.title.rec_name))

    @classmethod
    def check_duplicate(cls, commendations, field_names=None):
        "A title is given once per recipient and year"
        if field_names and not (field_names & {
                    'title', 'employee', 'team', 'year', 'state'}):
            return
        for commendation in commendations:
            if commendation.state == 'refused':
                continue
            field = ('employee' if commendation.kind == 'individual'
                else 'team')
            others = cls.search([
                    ('id', '!=', commendation.id),
                    ('title', '=', commendation.title.id),
                    ('year', '=', commendation.year),
                    (field, '=', commendation.recipient.id),
                    ('state', '!=', 'refused'),
                    ], limit=1)
            if others:
                raise HRValidationError(gettext(
                        'qltt_hr.msg_commendation_duplicate',
                        recipient=commendation.recipient.rec_name,
                        title=commendation.title.rec_name,
                        year=commendation.year))

    def check_members_rated(self):
        """A collective title is judged on the ratings of every member
        (Decision 86/2025 Art 3-4)"""
        if self.title.rule not in COLLECTIVE_RULES:
            return
        members, ratings = self._members_rated()
        if not members or len(ratings) < len(members):
            raise HRValidationError(gettext(
                    'qltt_hr.msg_commendation_members_unrated',
                    commendation=self.rec_name, team=self.team.rec_name,
                    rated=len(ratings), members=len(members),
                    year=self.year))

    def check_required(self, names, message):
        check_required(
            self, names, HRValidationError, message, 'commendation')

    # Workflow -----------------------------------------------------------

    @classmethod
    def preprocess_values(cls, mode, values):
        pool = Pool()
        Title = pool.get('qltt.commendation.title')
        values = super().preprocess_values(mode, values)
        if mode == 'create' and not values.get('authority') and values.get(
                'title') is not None:
            values['authority'] = Title(values['title']).authority
        return values

    @classmethod
    def check_modification(
            cls, mode, commendations, values=None, external=False):
        super().check_modification(
            mode, commendations, values=values, external=external)
        if mode == 'write' and set(values) - {'state', 'decided_by'}:
            # a decided commendation is a legal record
            for commendation in commendations:
                if commendation.state == 'decided':
                    raise AccessError(gettext(
                            'qltt_hr.msg_commendation_modify_decided',
                            commendation=commendation.rec_name))

    @classmethod
    def copy(cls, commendations, default=None):
        default = default.copy() if default is not None else {}
        for name in ['registration', 'refusal_reason',
                'override_justification', 'decision_number',
                'decision_date']:
            default.setdefault(name)
        return super().copy(commendations, default=default)

    @classmethod
    @ModelView.button
    @transition('draft')
    def draft(cls, commendations):
        cls.write(commendations, {
                'refusal_reason': None,
                'override_justification': None,
                'proposed_by': None,
                'refused_by': None,
                })

    @classmethod
    @ModelView.button
    @transition('proposed')
    @set_employee('proposed_by')
    def propose(cls, commendations):
        for commendation in commendations:
            commendation.check_members_rated()

    @classmethod
    @ModelView.button
    @transition('approved')
    @set_employee('approved_by')
    def approve(cls, commendations):
        "A proposal that fails its rule is refused unless overridden"
        for commendation in commendations:
            failures = commendation.failures()
            if failures:
                raise EligibilityError(gettext(
                        'qltt_hr.msg_commendation_not_eligible',
                        commendation=commendation.rec_name,
                        failures='; '.join(failures)))

    @classmethod
    @ModelView.button
    @transition('approved')
    @set_employee('overridden_by')
    @set_employee('approved_by')
    def override(cls, commendations):
        "A leader approves against the rule, with a written justification"
        for commendation in commendations:
            if not (commendation.override_justification or '').strip():
                raise EligibilityError(gettext(
                        'qltt_hr.msg_commendation_override_justification',
                        commendation=commendation.rec_name))

    @classmethod
    @ModelView.button
    @transition('refused')
    @set_employee('refused_by')
    def refuse(cls, commendations):
        "Refused with the reason: by default the conditions that fail"
        for commendation in commendations:
            if not commendation.refusal_reason:
                failures = commendation.failures()
                if not failures:
                    raise HRValidationError(gettext(
                            'qltt_hr.msg_commendation_refusal_reason',
                            commendation=commendation.rec_name))
                commendation.refusal_reason = '\n'.join(failures)
        cls.save(commendations)

    @classmethod
    @ModelView.button
    @transition('decided')
    @set_employee('decided_by')
    def decide(cls, commendations):
        """The decision freezes the cash award: multiple of the base salary
        (Decree 152/2025 Art 50-52)"""
        for commendation in commendations:
            commendation.check_required(
                ['decision_number', 'decision_date', 'authority'],
                'qltt_hr.msg_commendation_required_to_decide')
            if commendation.base_salary is None:
                commendation.base_salary = (
                    commendation.default_base_salary())
            if commendation.title.cash_multiple is not None:
                commendation.cash_award = commendation.compute_cash_award()
        cls.save(commendations)
