# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Violation cases (vụ việc) and their legal computations."""
from decimal import Decimal
from functools import wraps

from sql import Literal
from sql.aggregate import Count, Sum
from sql.conditionals import Coalesce
from sql.operators import Exists

from trytond import backend
from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, Workflow, fields
from trytond.model.exceptions import AccessError
from trytond.modules.company.model import employee_field, set_employee
from trytond.pool import Pool
from trytond.pyson import Bool, Eval, If, Len
from trytond.tools import grouped_slice
from trytond.transaction import Transaction, without_check_access

from .display import format_amount
from . import deadline
from .exceptions import (
    AuthorityError, CaseValidationError, LimitationError, TransitionError)
from .legal import (
    CATEGORIES, OFFENDER_KINDS, PRINCIPAL_SANCTIONS, offender_multiplier)
from .statistics import CATEGORY_GROUPS
from .stored_sums import ParentSumsMixin
from .value import ValueCheckMixin
from .workflow import WorkflowStateGuardMixin, check_required

STATES = [
    ('draft', "Draft"),
    ('inspecting', "Inspecting"),
    ('recorded', "Violation Recorded"),
    ('decided', "Decided"),
    ('done', "Done"),
    ('no_violation', "No Violation"),
    ('transferred', "Transferred"),
    ('cancelled', "Cancelled"),
    ]
# Facts of a case are frozen from the decision on (Law Art 68: the
# decision is the legal record); only these may still change.
CLOSED_STATES = {'decided', 'done', 'transferred', 'no_violation'}
# Facts the stored legal dates depend on
LEGAL_DATE_FIELDS = {
    'inspection_date', 'violation_date', 'violation_continuing',
    'minutes_date', 'complex', 'explanation_requested', 'facts_verified',
    'decision_level_up', 'violations', 'offenders',
    }
WRITABLE_WHEN_CLOSED = {
    'state', 'decided_by', 'closed_by', 'transferred_by',
    'decision_received_date', 'notes', 'documents',
    # a complaint or lawsuit comes after the decision (challenge.py)
    'challenge_kind', 'challenge_date',
    }


# the fields of an act the amounts stored on its case add up
_AMOUNT_FIELDS = {
    'case', 'fine', 'goods_value', 'legal_basis', 'sanction', 'offender'}


def transition(state):
    """Workflow.transition that refuses, with a clear error, records whose
    state may not go to state instead of skipping them silently"""
    def decorator(func):
        checked = Workflow.transition(state)(func)

        @wraps(func)
        def wrapper(cls, records, *args, **kwargs):
            pool = Pool()
            Model = pool.get('ir.model')
            for record in records:
                current = getattr(record, cls._transition_state)
                if (current != state
                        and (current, state) not in cls._transitions):
                    selection = dict(cls.fields_get(
                            [cls._transition_state])[
                            cls._transition_state]['selection'])
                    raise TransitionError(gettext(
                            'qltt_cases.msg_transition_refused',
                            record=record.rec_name,
                            model=Model.get_name(cls.__name__),
                            current=selection.get(current, current),
                            target=selection.get(state, state)))
            return checked(cls, records, *args, **kwargs)
        return wrapper
    return decorator


class Case(
        WorkflowStateGuardMixin, ValueCheckMixin, Workflow, ModelSQL,
        ModelView):
    __string__ = "Violation Case"
    __name__ = 'qltt.case'
    _history = True
    _rec_name = 'number'
    # the acts_* and offender_count: kept by the acts and offenders,
    # never written from outside
    _workflow_owned_fields = {
        'number', 'inspection_started_by', 'recorded_by', 'decided_by',
        'transferred_by', 'closed_by', 'acts_fine', 'acts_goods_value',
        'acts_smuggling', 'acts_counterfeit', 'acts_fraud',
        'offender_count', 'offenders_warned'}
    _workflow_deletable_states = {'draft', 'cancelled'}
    _workflow_delete_error = 'qltt_cases.msg_case_delete_draft', 'case'

    _draft = {'readonly': Eval('state') != 'draft'}
    _open = {'readonly': ~Eval('state').in_(['draft', 'inspecting'])}
    _facts = {
        'readonly': ~Eval('state').in_(['draft', 'inspecting', 'recorded'])}

    number = fields.Char("Number", readonly=True)
    company = fields.Many2One(
        'company.company', "Company", required=True, states=_draft)
    team = fields.Many2One(
        'qltt.team', "Team", required=True, states=_open,
        domain=[('company', '=', Eval('company', -1))])
    inspectors = fields.Many2Many(
        'qltt.case-company.employee', 'case', 'employee', "Inspectors",
        states=_open,
        domain=[('company', '=', Eval('company', -1))])
    source = fields.Selection([
            ('planned', "Planned Inspection"),
            ('adhoc', "Ad-hoc Inspection"),
            ('tip', "Tip"),
            ('request', "Request of an Authority"),
            ], "Source", required=True, states=_open,
        help="Ad-hoc inspections need verified information, an officer's "
        "proposal or an authority's written request (Ordinance on Market "
        "Surveillance Art 20).")
    tip = fields.Many2One(
        'qltt.tip', "Tip", states={
            'readonly': _open['readonly'],
            'invisible': Eval('source') != 'tip',
            'required': Eval('source') == 'tip',
            })
    channel = fields.Selection([
            ('physical', "Physical"),
            ('ecommerce', "E-commerce"),
            ], "Channel", required=True, states=_facts)
    platform = fields.Char("Platform", states={
            'readonly': _facts['readonly'],
            'invisible': Eval('channel') != 'ecommerce',
            })
    url = fields.Char("URL", states={
            'readonly': _facts['readonly'],
            'invisible': Eval('channel') != 'ecommerce',
            'required': Eval('channel') == 'ecommerce',
            })
    seller_account = fields.Char("Seller Account", states={
            'readonly': _facts['readonly'],
            'invisible': Eval('channel') != 'ecommerce',
            })
    forces = fields.Many2Many(
        'qltt.case-qltt.force', 'case', 'force', "Coordinating Forces",
        domain=[('company', '=', Eval('company', -1))],
        states=_facts)
    offenders = fields.One2Many(
        'qltt.case.offender', 'case', "Offenders", states=_facts,
        help="Each violator of the case, sanctioned for their own acts in "
        "the one decision (Law Art 67).")
    # the first offender, for the cases of one offender (most of them)
    offender = fields.Function(fields.Many2One(
            'party.party', "Offender", states={
                'readonly': (_facts['readonly']
                    | (Len(Eval('offenders', [])) > 1)),
                },
            context={'company': Eval('company', -1)},
            depends={'company', 'offenders'},
            help="The first offender; the others are on the offenders "
            "list."),
        'get_offender', setter='set_offender', searcher='search_offender')
    offender_kind = fields.Function(fields.Selection(
            [(None, '')] + OFFENDER_KINDS, "Offender Kind", states={
                'readonly': (_facts['readonly']
                    | (Len(Eval('offenders', [])) > 1)),
                },
            depends={'offenders'}),
        'get_offender', setter='set_offender', searcher='search_offender')
    area = fields.Many2One(
        'country.subdivision', "Area", states=_facts,
        help="Commune or ward where the inspection took place.")
    address = fields.Char("Address", states=_facts)
    description = fields.Text("Description", states=_facts)
    complex = fields.Boolean(
        "Complex", states=_facts,
        help="Complex cases get 5 working days for the minutes instead of 2 "
        "(Decree 118/2021 Art 12); the decision deadline depends on the "
        "explanation and the verification of facts (Law Art 66(1)).")

    # dates
    inspection_date = fields.Date(
        "Inspection Date", states={
            'readonly': _open['readonly'],
            'required': Eval('state') != 'draft',
            })
    violation_date = fields.Date(
        "Violation Date", states=_facts,
        help="When a finished violation ended, or when a continuing one "
        "was detected: the limitation period runs from it (Law Art 6).")
    violation_continuing = fields.Boolean("Continuing Violation",
        states=_facts)
    sanction_without_minutes = fields.Boolean(
        "Sanction Without Minutes", states=_facts,
        help="A warning or a small fine decided on the spot (Law Art 56).")
    minutes_date = fields.Date("Minutes Date", states=_facts)
    explanation_requested = fields.Boolean(
        "Explanation Requested", states=_facts,
        help="The offender asked to explain (Law Art 61).")
    decision_date = fields.Date("Decision Date", states=_facts)
    decision_received_date = fields.Date(
        "Decision Received", states={
            'invisible': ~Eval('state').in_(['decided', 'done']),
            },
        help="The offender has 10 days from receipt to comply (Law Art 73).")
    decision_signer = fields.Many2One(
        'company.employee', "Decision Signer", states=_facts,
        domain=[('company', '=', Eval('company', -1))])
    investigation_agency = fields.Many2One(
        'party.party', "Investigation Agency", states={
            'readonly': ~Eval('state').in_(['inspecting', 'recorded']),
            'invisible': ~Eval('state').in_(
                ['inspecting', 'recorded', 'transferred']),
            },
        context={'company': Eval('company', -1)}, depends={'company'})
    transfer_date = fields.Date("Transfer Date", states={
            'readonly': ~Eval('state').in_(['inspecting', 'recorded']),
            'invisible': ~Eval('state').in_(
                ['inspecting', 'recorded', 'transferred']),
            })
    no_violation_reason = fields.Text("Reason", states={
            'invisible': Eval('state') != 'no_violation',
            'readonly': Eval('state') != 'inspecting',
            })
    notes = fields.Text("Notes")

    violations = fields.One2Many(
        'qltt.case.violation', 'case', "Violations", states=_facts)
    documents = fields.One2Many('qltt.case.document', 'case', "Documents")

    # legal computations
    # stored so that lists, calendars and reminders can search them
    limitation_date = fields.Date(
        "Limitation Date", readonly=True,
        help="Last day on which a sanction may be decided (Law Art 6).")
    minutes_deadline = fields.Date("Minutes Deadline", readonly=True)
    decision_deadline = fields.Date("Decision Deadline", readonly=True)
    explanation_right = fields.Function(
        fields.Boolean("Right to Explain"), 'get_explanation_right')
    fine_total = fields.Function(
        fields.Numeric("Total Fine", digits=(16, 0)), 'get_amounts')
    goods_value = fields.Function(
        fields.Numeric("Value of Goods", digits=(16, 0)), 'get_amounts')
    main_category = fields.Function(
        fields.Selection([(None, '')] + CATEGORIES, "Main Category"),
        'get_main_category')
    # stored so that the statistics of a national year read 100,000 cases,
    # not their acts and offenders (issue 21); kept in SQL by
    # update_acts_amounts whenever an act or offender changes
    acts_fine = fields.Numeric(
        "Fine of the Acts", digits=(16, 0), readonly=True,
        help="The fines of the acts added up when an act changes; empty "
        "without acts.")
    acts_goods_value = fields.Numeric(
        "Goods Value of the Acts", digits=(16, 0), readonly=True,
        help="The values of goods of the acts added up when an act "
        "changes; empty without acts.")
    acts_smuggling = fields.Boolean(
        "Smuggling Act", readonly=True,
        help="One of the acts is of the smuggling group of the statistics.")
    acts_counterfeit = fields.Boolean(
        "Counterfeit or IP Act", readonly=True,
        help="One of the acts is of the counterfeit and IP group of the "
        "statistics.")
    acts_fraud = fields.Boolean(
        "Fraud or Other Act", readonly=True,
        help="One of the acts is of the fraud and other group of the "
        "statistics.")
    offender_count = fields.Integer(
        "Number of Offenders", readonly=True,
        help="Counted when an offender is added or removed.")
    offenders_warned = fields.Integer(
        "Offenders Warned", readonly=True,
        help="The offenders warned for one of their acts, counted when an "
        "act changes.")

    state = fields.Selection(STATES, "State", readonly=True, required=True)
    inspection_started_by = employee_field(
        "Inspection Started By", states=list(CLOSED_STATES))
    recorded_by = employee_field("Recorded By", states=list(CLOSED_STATES))
    decided_by = employee_field("Decided By", states=list(CLOSED_STATES))
    transferred_by = employee_field(
        "Transferred By", states=list(CLOSED_STATES))
    closed_by = employee_field("Closed By", states=list(CLOSED_STATES))

    del _draft, _open, _facts

    @classmethod
    def __setup__(cls):
        cls.number.search_unaccented = False
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.update({
                Index(t, (t.state, Index.Equality(cardinality='low'))),
                Index(t, (t.team, Index.Range())),
                Index(t, (t.decision_date, Index.Range())),
                Index(t, (t.inspection_date, Index.Range())),
                # the statistics date transferred cases by it
                Index(t, (t.transfer_date, Index.Range())),
                })
        cls._order = [
            ('inspection_date', 'DESC NULLS FIRST'),
            ('id', 'DESC'),
            ]
        cls._transitions |= {
            ('draft', 'inspecting'),
            ('inspecting', 'recorded'),
            ('inspecting', 'decided'),
            ('inspecting', 'no_violation'),
            ('inspecting', 'transferred'),
            ('recorded', 'decided'),
            ('recorded', 'transferred'),
            ('recorded', 'inspecting'),
            ('decided', 'done'),
            ('draft', 'cancelled'),
            ('inspecting', 'cancelled'),
            ('recorded', 'cancelled'),
            ('cancelled', 'draft'),
            }
        cls._buttons.update({
                'start_inspection': {
                    'invisible': Eval('state') != 'draft',
                    'depends': ['state'],
                    },
                'record': {
                    'invisible': ((Eval('state') != 'inspecting')
                        | Eval('sanction_without_minutes', False)),
                    'depends': ['state', 'sanction_without_minutes'],
                    },
                'reopen': {
                    'invisible': Eval('state') != 'recorded',
                    'depends': ['state'],
                    },
                'decide': {
                    'invisible': ~((Eval('state') == 'recorded')
                        | ((Eval('state') == 'inspecting')
                            & Eval('sanction_without_minutes', False))),
                    'depends': ['state', 'sanction_without_minutes'],
                    },
                'decide_on_spot': {
                    'invisible': ((Eval('state') != 'inspecting')
                        | ~Eval('sanction_without_minutes', False)),
                    'depends': ['state', 'sanction_without_minutes'],
                    },
                'find_no_violation': {
                    'invisible': Eval('state') != 'inspecting',
                    'depends': ['state'],
                    },
                'transfer': {
                    'invisible': ~Eval('state').in_(
                        ['inspecting', 'recorded']),
                    'depends': ['state'],
                    },
                'close': {
                    'invisible': Eval('state') != 'decided',
                    'depends': ['state'],
                    },
                'cancel': {
                    'invisible': ~Eval('state').in_(
                        ['draft', 'inspecting', 'recorded']),
                    'depends': ['state'],
                    },
                'draft': {
                    'invisible': Eval('state') != 'cancelled',
                    'depends': ['state'],
                    },
                })

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @staticmethod
    def default_state():
        return 'draft'

    @staticmethod
    def default_source():
        return 'planned'

    @staticmethod
    def default_channel():
        return 'physical'

    @staticmethod
    def default_offender_kind():
        return 'individual'

    @classmethod
    def default_team(cls):
        pool = Pool()
        User = pool.get('res.user')
        teams = User.get_qltt_teams()
        if len(teams) == 1:
            return teams[0]

    @fields.depends('tip', 'channel', 'platform', 'url', 'seller_account')
    def on_change_tip(self):
        if self.tip and self.tip.channel == 'ecommerce':
            self.channel = 'ecommerce'
            self.url = self.tip.url
            self.platform = self.tip.platform

    @fields.depends('inspection_date', 'violation_date')
    def on_change_inspection_date(self):
        if self.inspection_date and not self.violation_date:
            self.violation_date = self.inspection_date

    def get_rec_name(self, name):
        return self.number or str(self.id)

    @classmethod
    def search_rec_name(cls, name, clause):
        _, operator, value = clause
        bool_op = 'AND' if operator.startswith(('!', 'not ')) else 'OR'
        return [bool_op,
            ('number', operator, value),
            ('offenders.party.name', operator, value),
            ]

    # Legal computations ------------------------------------------------

    @property
    def limitation_years(self):
        """Longest limitation among the acts: 1 year, or 2 years for trade
        in goods, counterfeit and prohibited goods, prices, IP
        (Law on Handling Administrative Violations Art 6(1)(a))"""
        years = [v.legal_basis.limitation
            for v in self.violations if v.legal_basis]
        return max(years, default=1)

    def compute_limitation_date(self, holidays):
        """Counted from the end of a finished violation, or from its
        detection for a continuing one (Law Art 6(1)(b))"""
        start = self.violation_date
        if self.violation_continuing or not start:
            start = self.inspection_date or start
        if not start:
            return None
        return deadline.add_years(start, self.limitation_years, holidays)

    def compute_minutes_deadline(self, config, holidays):
        "2 working days from discovery, 5 if complex (Decree 118/2021 Art 12)"
        if not self.inspection_date:
            return None
        days = (config.minutes_days_complex if self.complex
            else config.minutes_days)
        return deadline.add_working_days(
            self.inspection_date, days, holidays)

    @classmethod
    def update_legal_dates(cls, cases):
        "Recompute the stored legal dates of cases and save those changed"
        pool = Pool()
        Configuration = pool.get('qltt.configuration')
        config = Configuration(1)
        cases = [c for c in cases if c.state not in CLOSED_STATES]
        dates = [d for c in cases
            for d in (c.inspection_date, c.violation_date, c.minutes_date)
            if d]
        if not dates:
            return
        # periods end at most 2 years and a few holidays later
        end = max(dates)
        holidays = deadline.get_holidays(
            min(dates), end.replace(year=end.year + 3, day=1))
        to_write = []
        for case in cases:
            values = {
                'limitation_date': case.compute_limitation_date(holidays),
                'minutes_deadline': case.compute_minutes_deadline(
                    config, holidays),
                # decision.py (Law Art 66(1))
                'decision_extended': case.compute_decision_extended(
                    config, holidays),
                'decision_deadline': case.compute_decision_deadline(
                    config, holidays),
                }
            values = {k: v for k, v in values.items()
                if getattr(case, k) != v}
            if values:
                to_write.extend(([case], values))
        if to_write:
            cls.write(*to_write)

    @classmethod
    def on_modification(cls, mode, cases, field_names=None):
        super().on_modification(mode, cases, field_names=field_names)
        if mode in {'create', 'write'} and (field_names is None
                or field_names & LEGAL_DATE_FIELDS):
            cls.update_legal_dates(cls.browse(cases))

    @classmethod
    def __register__(cls, module_name):
        pool = Pool()
        Violation = pool.get('qltt.case.violation')
        Offender = pool.get('qltt.case.offender')
        # migration: the cases made before the amounts were stored (a new
        # database has no act yet)
        fill = (backend.TableHandler.table_exist(Violation._table)
            and backend.TableHandler.table_exist(Offender._table)
            and not all(cls.__table_handler__(module_name).column_exist(c)
                for c in ['offender_count', 'offenders_warned']))
        super().__register__(module_name)
        if fill:
            cls.update_acts_amounts(None)

    @classmethod
    def update_acts_amounts(cls, ids):
        """Store the sums of the acts and the number of offenders of the
        cases of ids (every case if None) in SQL, as the statistics added
        them up: no write, so no history row, no workflow check, no write
        date"""
        pool = Pool()
        Violation = pool.get('qltt.case.violation')
        Offender = pool.get('qltt.case.offender')
        LegalBasis = pool.get('qltt.legal.basis')
        case = cls.__table__()
        violation = Violation.__table__()
        offender = Offender.__table__()
        basis = LegalBasis.__table__()
        cursor = Transaction().connection.cursor()
        of_case = violation.case == case.id
        columns = [case.acts_fine, case.acts_goods_value]
        # NULL without acts, 0 for acts without a fine or value
        values = [
            violation.select(Sum(Coalesce(violation.fine, 0)),
                where=of_case),
            violation.select(Sum(Coalesce(violation.goods_value, 0)),
                where=of_case),
            ]
        for group, categories in CATEGORY_GROUPS.items():
            columns.append(getattr(case, 'acts_' + group))
            values.append(Exists(violation.join(basis,
                        condition=violation.legal_basis == basis.id).select(
                        Literal(1),
                        where=of_case & basis.category.in_(categories))))
        columns.append(case.offender_count)
        values.append(offender.select(Count(Literal(1)),
                where=offender.case == case.id))
        # each offender warned for one of their acts (Law Art 21(1)(a))
        columns.append(case.offenders_warned)
        values.append(violation.select(
                Count(violation.offender, distinct=True),
                where=of_case & (violation.sanction == 'warning')))
        if ids is None:
            cursor.execute(*case.update(columns, values))
            return
        transaction = Transaction()
        for sub_ids in grouped_slice(
                sorted(set(ids)), backend.MAX_QUERY_PARAMS):
            cursor.execute(*case.update(columns, values,
                    where=fields.SQL_OPERATORS['in'](case.id, sub_ids)))
        # the records of the transaction read the new values
        transaction.counter += 1
        for cache in transaction.cache.values():
            if cls.__name__ in cache:
                cache[cls.__name__].clear()

    @property
    def bracket_top(self):
        "Highest top of the fine brackets of the case's acts"
        return max(
            (v.fine_max for v in self.violations if v.fine_max is not None),
            default=Decimal(0))

    def get_explanation_right(self, name):
        """An offender may explain when the top of a bracket of their acts
        reaches 15M for an individual or 30M for an organisation (Law Art
        61(1)); the case has the right when one of its offenders has it"""
        pool = Pool()
        Configuration = pool.get('qltt.configuration')
        # an unsaved case (the client's form) may have none yet
        offenders = getattr(self, 'offenders', None)
        if offenders:
            return any(o.explanation_right for o in offenders)
        threshold = Configuration(1).explanation_threshold * (
            offender_multiplier(self.offender_kind))
        return self.bracket_top >= threshold

    @classmethod
    def get_offender(cls, cases, names):
        "The party and kind of the first offender"
        result = {n: {} for n in names}
        for case in cases:
            first = case.offenders[0] if case.offenders else None
            if 'offender' in result:
                result['offender'][case.id] = (
                    first.party.id if first else None)
            if 'offender_kind' in result:
                result['offender_kind'][case.id] = (
                    first.kind if first else None)
        return result

    @classmethod
    def set_offender(cls, cases, name, value):
        """Setting the offender of a case sets its first offender (created
        when the case has none); clearing it removes that offender"""
        pool = Pool()
        Offender = pool.get('qltt.case.offender')
        to_save, to_delete = [], []
        for case in cls.browse(cases):
            first = case.offenders[0] if case.offenders else None
            if name == 'offender':
                if value is None:
                    if first:
                        to_delete.append(first)
                elif first:
                    first.party = value
                    to_save.append(first)
                else:
                    to_save.append(Offender(case=case, party=value))
            elif first and value:
                first.kind = value
                to_save.append(first)
        Offender.delete(to_delete)
        Offender.save(to_save)

    @classmethod
    def search_offender(cls, name, clause):
        target = 'party' if name == 'offender' else 'kind'
        nested = clause[0][len(name):]
        if not nested and clause[1] == '=' and clause[2] is None:
            return [('offenders', '=', None)]
        return [('offenders.' + target + nested, *clause[1:])]

    @classmethod
    def index_set_field(cls, name):
        "The first offender exists before its kind, both before the acts"
        index = super().index_set_field(name)
        return {'offender': 1, 'offender_kind': 2, 'violations': 3}.get(
            name, index)

    @classmethod
    def assign_offenders(cls, cases):
        "The acts of a case with one offender are that offender's"
        pool = Pool()
        Violation = pool.get('qltt.case.violation')
        to_write = []
        for case in cases:
            if len(case.offenders) != 1:
                continue
            lone = [v for v in case.violations if not v.offender]
            if lone:
                to_write.extend((lone, {'offender': case.offenders[0].id}))
        if to_write:
            Violation.write(*to_write)

    @classmethod
    def get_amounts(cls, cases, names):
        "Sums of the fines and goods values of the acts, in one query"
        pool = Pool()
        Violation = pool.get('qltt.case.violation')
        transaction = Transaction()
        columns = {'fine_total': 'fine', 'goods_value': 'goods_value'}
        result = {n: {c.id: Decimal(0) for c in cases} for n in names}
        if transaction.context.get('_datetime'):
            # the acts as they were then, from their history
            for case in cases:
                for name in names:
                    result[name][case.id] = sum(
                        (getattr(v, columns[name]) or 0
                            for v in case.violations), Decimal(0))
            return result
        violation = Violation.__table__()
        cursor = transaction.connection.cursor()
        cursor.execute(*violation.select(violation.case,
                *[Sum(Coalesce(getattr(violation, columns[n]), 0))
                    for n in names],
                where=fields.SQL_OPERATORS['in'](
                    violation.case, [c.id for c in cases]),
                group_by=[violation.case]))
        for case_id, *sums in cursor:
            for name, value in zip(names, sums):
                result[name][case_id] = Decimal(value)
        return result

    def get_main_category(self, name):
        "Category of the act with the highest fine"
        violations = sorted(
            (v for v in self.violations if v.legal_basis),
            key=lambda v: v.fine or 0, reverse=True)
        if self.channel == 'ecommerce':
            return 'ecommerce'
        if violations:
            return violations[0].legal_basis.category

    # Checks ------------------------------------------------------------

    @classmethod
    def validate_fields(cls, cases, field_names):
        super().validate_fields(cases, field_names)
        cls.check_dates(cases, field_names)
        cls.check_ecommerce(cases, field_names)

    @classmethod
    def check_dates(cls, cases, field_names=None):
        date_fields = ['violation_date', 'inspection_date', 'minutes_date',
            'decision_date', 'decision_received_date']
        if field_names and not (field_names & set(date_fields)):
            return
        pool = Pool()
        Field = pool.get('ir.model.field')
        for case in cases:
            previous = None
            for name in date_fields:
                date = getattr(case, name)
                if not date:
                    continue
                if (previous and date < getattr(case, previous)
                        and not (name == 'inspection_date'
                            and case.violation_continuing)):
                    raise CaseValidationError(gettext(
                            'qltt_cases.msg_case_dates_order',
                            case=case.rec_name,
                            field=Field.get_name(cls.__name__, name),
                            previous=Field.get_name(cls.__name__, previous)))
                previous = name

    @classmethod
    def check_ecommerce(cls, cases, field_names=None):
        if field_names and not (field_names & {'channel', 'url'}):
            return
        for case in cases:
            if case.channel == 'ecommerce' and not case.url:
                raise CaseValidationError(gettext(
                        'qltt_cases.msg_case_ecommerce_url',
                        case=case.rec_name))

    def check_authority(self, signer=None):
        """The signer's authority, judged on the top of the bracket of each
        act and doubled for organisations, must cover the case (Law Art 52;
        Decree 189/2025 Art 12); otherwise it goes up a level (Circular
        27/2020 Art 19)"""
        signer = signer or self.decision_signer
        if not signer:
            raise AuthorityError(gettext(
                    'qltt_cases.msg_case_no_signer', case=self.rec_name))
        authority = signer.sanction_authority
        if not authority:
            raise AuthorityError(gettext(
                    'qltt_cases.msg_case_signer_no_authority',
                    case=self.rec_name, signer=signer.rec_name))
        for violation in self.violations:
            if violation.sanction == 'warning':
                # every QLTT title with authority may warn (Decree 189/2025
                # Art 12, point a of each clause)
                continue
            # the decree's bracket, for a minor too (Law Art 52(1))
            top = violation.legal_bracket()[1]
            if top is None:
                continue
            # each act of each offender, by their kind (Law Art 52(3), 67)
            limit = authority.limit(
                violation.legal_basis.field, violation.kind_of_offender())
            if top > limit:
                raise AuthorityError(gettext(
                        'qltt_cases.msg_case_above_authority',
                        case=self.rec_name,
                        signer=signer.rec_name,
                        authority=authority.name,
                        act=violation.legal_basis.code,
                        top=format_amount(top),
                        limit=format_amount(limit)))

    def check_without_minutes(self):
        """Without minutes only a warning or a fine up to 250,000 VND
        (individual) / 500,000 VND (organisation) (Law Art 56(1))"""
        pool = Pool()
        Configuration = pool.get('qltt.configuration')
        if getattr(self, 'offenders', None):
            for offender in self.offenders:
                offender.check_without_minutes(
                    Configuration(1).without_minutes_limit)
            return
        limit = Configuration(1).without_minutes_limit * offender_multiplier(
            self.offender_kind)
        if self.fine_total > limit:
            raise CaseValidationError(gettext(
                    'qltt_cases.msg_case_without_minutes_limit',
                    case=self.rec_name, fine=format_amount(self.fine_total),
                    limit=format_amount(limit)))

    def check_required(self, names, message):
        check_required(self, names, CaseValidationError, message, 'case')

    def check_offenders(self):
        """One decision states the sanction of each violator for each of
        their acts (Law Art 67; Decree 118/2021 form MQĐ02): every act has
        its offender and every offender their acts"""
        for violation in self.violations:
            if not violation.offender:
                raise CaseValidationError(gettext(
                        'qltt_cases.msg_violation_no_offender',
                        case=self.rec_name,
                        act=violation.legal_basis.code))
        for offender in self.offenders:
            offender.check_acts()

    # Workflow ----------------------------------------------------------

    @classmethod
    def preprocess_values(cls, mode, values):
        pool = Pool()
        Configuration = pool.get('qltt.configuration')
        values = super().preprocess_values(mode, values)
        if mode == 'create' and not values.get('number'):
            values['number'] = Configuration.of_company(
                values.get('company')).company_sequence(
                'case_sequence').get()
        return values

    @classmethod
    def check_modification(cls, mode, cases, values=None, external=False):
        super().check_modification(
            mode, cases, values=values, external=external)
        if mode == 'delete':
            for case in cases:
                if case.decided_by:
                    # a cancelled decision stays on file (Decree 118/2021
                    # Art 13)
                    raise AccessError(gettext(
                            'qltt_cases.msg_case_delete_decided',
                            case=case.rec_name))
        elif mode == 'write' and set(values) - WRITABLE_WHEN_CLOSED:
            for case in cases:
                if case.state in CLOSED_STATES:
                    raise AccessError(gettext(
                            'qltt_cases.msg_case_modify_closed',
                            case=case.rec_name))

    @classmethod
    def copy(cls, cases, default=None):
        default = default.copy() if default is not None else {}
        for name in ['documents', 'minutes_date', 'decision_date',
                'decision_received_date', 'transfer_date']:
            default.setdefault(name)
        if 'offenders' in default or 'violations' in default:
            return super().copy(cases, default=default)
        # the copied acts belong to the copied offenders
        pool = Pool()
        Offender = pool.get('qltt.case.offender')
        Violation = pool.get('qltt.case.violation')
        default['offenders'] = default['violations'] = None
        copies = super().copy(cases, default=default)
        for case, copy in zip(cases, copies):
            for offender in case.offenders:
                new, = Offender.copy([offender], default={'case': copy.id})
                Violation.copy(offender.violations, default={
                        'case': copy.id, 'offender': new.id})
            Violation.copy([v for v in case.violations if not v.offender],
                default={'case': copy.id})
        return copies

    @classmethod
    def _create_documents(cls, cases, code, date_field, signer):
        "Issue the form `code` of Decree 118/2021 for each case"
        pool = Pool()
        Document = pool.get('qltt.case.document')
        DocumentType = pool.get('qltt.case.document.type')
        type_ = DocumentType.get_by_code(code)
        documents = []
        for case in cases:
            documents.append(Document(
                    case=case, type=type_,
                    date=getattr(case, date_field),
                    signer=signer(case)))
        Document.issue_new(documents)
        return documents

    @classmethod
    def _lock_forms(cls, forms):
        """Before a step's work, take the locks of the numbers of the
        documents it will issue, forms giving (case, form code, date,
        signer) of each (Document.lock_numbering): Tryton runs a request
        again from its start for each lock it does not hold yet"""
        pool = Pool()
        Document = pool.get('qltt.case.document')
        DocumentType = pool.get('qltt.case.document.type')
        types = {}  # each form's type read once
        documents = []
        for case, code, date, signer in forms:
            if code not in types:
                types[code] = DocumentType.get_by_code(code)
            documents.append(Document(
                    case=case, type=types[code], date=date, signer=signer))
        Document.lock_numbering(documents)

    @staticmethod
    def _minutes_signer(case):
        return case.inspectors[0] if case.inspectors else case.team.leader

    @classmethod
    @ModelView.button
    @transition('inspecting')
    @set_employee('inspection_started_by')
    def start_inspection(cls, cases):
        for case in cases:
            case.check_required(
                ['team', 'inspectors', 'inspection_date'],
                'qltt_cases.msg_case_required_to_inspect')

    @classmethod
    @ModelView.button
    @transition('recorded')
    @set_employee('recorded_by')
    def record(cls, cases):
        "Minutes of administrative violation (MBB01)"
        for case in cases:
            case.check_required(
                ['offenders', 'minutes_date', 'violations'],
                'qltt_cases.msg_case_required_to_record')
            case.check_offenders()
        cls._create_documents(
            cases, 'MBB01', 'minutes_date', cls._minutes_signer)

    @classmethod
    @ModelView.button
    @transition('inspecting')
    def reopen(cls, cases):
        pass

    @classmethod
    def lock_decision(cls, cases):
        """Take the locks that deciding cases needs before any work: those
        of the numbers of the decisions (MQĐ02, or MQĐ01 without minutes).
        Tryton runs a request again from its start for each lock it does
        not hold yet (TransactionError): taken when the decisions were
        numbered and the fines posted, the locks made a decision run three
        times over.  Once per request: an override that writes before the
        decision takes them first and sets _qltt_decision_locked (a key
        RPC strips from the client's context)"""
        if Transaction().context.get('_qltt_decision_locked'):
            return
        cls._lock_forms((case,
                'MQĐ01' if case.sanction_without_minutes else 'MQĐ02',
                case.decision_date, case.decision_signer)
            for case in cases)

    @classmethod
    def lock_confiscation(cls, cases):
        """The locks of a confiscation without sanction before any work, as
        lock_decision: the numbers of its decisions MQĐ14 and, for the
        remedial measures, MQĐ15 (decision.py)"""
        if Transaction().context.get('_qltt_decision_locked'):
            return
        cls._lock_forms(
            (case, code, case.decision_date, case.decision_signer)
            for case in cases for code in case.confiscation_documents())

    def confiscation_documents(self):
        "The decisions a confiscation without sanction issues"
        if any(v.legal_basis.remedial_measures for v in self.violations):
            return ['MQĐ14', 'MQĐ15']
        return ['MQĐ14']

    @classmethod
    @ModelView.button
    @transition('decided')
    @set_employee('decided_by')
    def decide(cls, cases):
        """Sanction decision: MQĐ02, or MQĐ01 without minutes (its deadline
        is checked in decision.py)"""
        cls.lock_decision(cases)
        with_minutes, without_minutes = [], []
        for case in cases:
            if (case.state == 'inspecting'
                    and not case.sanction_without_minutes):
                raise TransitionError(gettext(
                        'qltt_cases.msg_case_decide_needs_minutes',
                        case=case.rec_name))
            case.check_required(
                ['offenders', 'decision_date', 'decision_signer',
                    'violations'],
                'qltt_cases.msg_case_required_to_decide')
            case.check_offenders()
            if case.sanction_without_minutes:
                case.check_without_minutes()
                without_minutes.append(case)
            else:
                with_minutes.append(case)
            case.check_authority()
            if case.decision_date > case.limitation_date:
                # no sanction after the limitation period (Law Art 6, 65)
                raise LimitationError(gettext(
                        'qltt_cases.msg_case_limitation_passed',
                        case=case.rec_name,
                        date=case.limitation_date.strftime('%d/%m/%Y')))
        for violation in (v for c in cases for v in c.violations):
            violation.check_fine()

        def signer(case):
            return case.decision_signer
        if with_minutes:
            cls._create_documents(
                with_minutes, 'MQĐ02', 'decision_date', signer)
        if without_minutes:
            cls._create_documents(
                without_minutes, 'MQĐ01', 'decision_date', signer)

    @classmethod
    @ModelView.button
    def decide_on_spot(cls, cases):
        """The official on duty warns or fines on the spot, without
        minutes, and signs the decision MQĐ01 (Law Art 56 as amended by Law
        67/2020): a controller may (Decree 189/2025 Art 12(1)), where a
        decision with minutes is the team leader's.  Dated today unless a
        date was entered; every check of the decision applies."""
        pool = Pool()
        Date = pool.get('ir.date')
        User = pool.get('res.user')
        # the user's employee as the server knows it (set_employee), not
        # the context a client sends
        employee = User(Transaction().user).employee
        to_write = []
        for case in cases:
            if (case.state != 'inspecting'
                    or not case.sanction_without_minutes):
                raise TransitionError(gettext(
                        'qltt_cases.msg_case_on_spot_only',
                        case=case.rec_name))
            if (not employee or employee.company != case.company
                    or (case.decision_signer
                        and case.decision_signer != employee)):
                raise AuthorityError(gettext(
                        'qltt_cases.msg_case_on_spot_signer',
                        case=case.rec_name))
            to_write.extend(([case], {
                        'decision_signer': employee.id,
                        'decision_date': case.decision_date or Date.today(),
                        }))
        if not to_write:
            return
        with without_check_access():
            # the user's own name and date, then the decision, whose
            # button (a decision with minutes) is the team leader's
            cls.write(*to_write)
            cls.decide(cls.browse(cases))

    @classmethod
    @ModelView.button
    @transition('no_violation')
    def find_no_violation(cls, cases):
        for case in cases:
            case.check_required(
                ['no_violation_reason'],
                'qltt_cases.msg_case_required_no_violation')

    @classmethod
    @ModelView.button
    @transition('transferred')
    @set_employee('transferred_by')
    def transfer(cls, cases):
        """Signs of a crime: the file goes to the investigators at once with
        a transfer decision (MQĐ33) and hand-over minutes (MBB28)
        (Law Art 62; Circular 27/2020 Art 20, 22)"""
        for case in cases:
            case.check_required(
                ['investigation_agency', 'transfer_date', 'decision_signer'],
                'qltt_cases.msg_case_required_to_transfer')

        def signer(case):
            return case.decision_signer
        forms = [('MQĐ33', signer), ('MBB28', cls._minutes_signer)]
        # both numberings locked before the first document is written
        cls._lock_forms((case, code, case.transfer_date, who(case))
            for case in cases for code, who in forms)
        for code, who in forms:
            cls._create_documents(cases, code, 'transfer_date', who)

    @classmethod
    @ModelView.button
    @transition('done')
    @set_employee('closed_by')
    def close(cls, cases):
        pass

    @classmethod
    @ModelView.button
    @transition('cancelled')
    def cancel(cls, cases):
        pass

    @classmethod
    @ModelView.button
    @transition('draft')
    def draft(cls, cases):
        pool = Pool()
        Correction = pool.get('qltt.case.correction')
        cancellations = Correction.search([
                ('case', 'in', [c.id for c in cases]),
                ('kind', '=', 'cancellation'),
                ('state', '=', 'issued'),
                ], limit=1)
        if cancellations:
            # a cancelled decision stays on file; a new decision is made
            # on a new case (Decree 118/2021 Art 13)
            raise TransitionError(gettext(
                    'qltt_cases.msg_case_decision_cancelled',
                    case=cancellations[0].case.rec_name))


class CaseEmployee(ModelSQL):
    __string__ = "Case - Inspector"
    __name__ = 'qltt.case-company.employee'
    case = fields.Many2One(
        'qltt.case', "Case", required=True, ondelete='CASCADE')
    employee = fields.Many2One(
        'company.employee', "Inspector", required=True, ondelete='RESTRICT')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        # the inspectors of a case are read by case
        cls._sql_indexes.add(Index(t, (t.case, Index.Range())))


class CaseForce(ModelSQL):
    __string__ = "Case - Coordinating Force"
    __name__ = 'qltt.case-qltt.force'
    case = fields.Many2One(
        'qltt.case', "Case", required=True, ondelete='CASCADE')
    force = fields.Many2One(
        'qltt.force', "Force", required=True, ondelete='RESTRICT')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        # the statistics test whether a case had a coordinating force
        cls._sql_indexes.add(Index(t, (t.case, Index.Range())))


class Violation(
        ValueCheckMixin, ParentSumsMixin, ModelSQL, ModelView):
    __string__ = "Case Violation"
    __name__ = 'qltt.case.violation'
    _parent_sums = ('case', 'qltt.case', 'update_acts_amounts')
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
    offender = fields.Many2One(
        'qltt.case.offender', "Offender", ondelete='SET NULL',
        states=_states,
        domain=[('case', '=', Eval('case', -1))],
        help="Who committed the act; a case with one offender fills it "
        "in itself.")
    offender_kind = fields.Function(
        fields.Selection(OFFENDER_KINDS, "Offender Kind"),
        'on_change_with_offender_kind')
    legal_basis = fields.Many2One(
        'qltt.legal.basis', "Legal Basis", required=True, states=_states)
    description = fields.Text("Description", states=_states)
    goods_value = fields.Numeric(
        "Value of Goods", digits=(16, 0), states=_states,
        domain=[If(Bool(Eval('goods_value')),
                ('goods_value', '>=', 0), ())],
        help="Value of the violating goods or illegal profit, which "
        "decides the bracket for many acts.")
    mitigating = fields.Integer(
        "Mitigating Circumstances", states=_states,
        domain=[('mitigating', '>=', 0)])
    aggravating = fields.Integer(
        "Aggravating Circumstances", states=_states,
        domain=[('aggravating', '>=', 0)])
    fine_min = fields.Function(
        fields.Numeric("Minimum Fine", digits=(16, 0)),
        'on_change_with_fine_min')
    fine_max = fields.Function(
        fields.Numeric("Maximum Fine", digits=(16, 0)),
        'on_change_with_fine_max')
    sanction = fields.Selection(
        PRINCIPAL_SANCTIONS, "Principal Sanction", required=True,
        states=_states,
        help="One principal sanction per act (Law on Handling "
        "Administrative Violations Art 21(3)); a warning only where the "
        "decree provides it and with a mitigating circumstance (Law Art "
        "22 as amended by Law 67/2020).")
    fine = fields.Numeric(
        "Fine", digits=(16, 0),
        states={
            'readonly': (_states['readonly']
                | (Eval('sanction') == 'warning')),
            },
        domain=[If(Bool(Eval('fine')), ('fine', '>=', 0), ())])
    del _states

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('case')

    @staticmethod
    def default_mitigating():
        return 0

    @staticmethod
    def default_aggravating():
        return 0

    @staticmethod
    def default_sanction():
        return 'fine'

    @fields.depends('case', '_parent_case.state')
    def on_change_with_case_state(self, name=None):
        return self.case.state if self.case else None

    @fields.depends(
        'offender', '_parent_offender.kind', 'case',
        '_parent_case.offender_kind')
    def on_change_with_offender_kind(self, name=None):
        return self.kind_of_offender()

    def kind_of_offender(self):
        "The kind of the act's offender decides its bracket"
        if self.offender and self.offender.kind:
            return self.offender.kind
        if self.case and self.case.offender_kind:
            return self.case.offender_kind
        return 'individual'

    @fields.depends('legal_basis', methods=['on_change_with_offender_kind'])
    def on_change_with_fine_min(self, name=None):
        if self.legal_basis:
            return self.legal_basis.bracket(
                self.on_change_with_offender_kind())[0]

    @fields.depends('legal_basis', methods=['on_change_with_offender_kind'])
    def on_change_with_fine_max(self, name=None):
        if self.legal_basis:
            return self.legal_basis.bracket(
                self.on_change_with_offender_kind())[1]

    def legal_bracket(self):
        """(minimum, maximum) fine of a saved act in its decree for its
        offender's kind, an organisation's twice an individual's (Decree
        98/2020 Art 4(4)), for the server's checks: through the on_change
        methods each act first loads every field the client's form depends
        on (its case's offender kind even when not needed)"""
        if not self.legal_basis:
            return None, None
        return self.legal_basis.bracket(self.kind_of_offender())

    def fine_bracket(self):
        "The bracket the act's offender is fined in (a minor's: minor.py)"
        return self.legal_bracket()

    def allowed_fine_range(self, bracket=None):
        """Range of the fine given the circumstances (Decree 118/2021 Art 9
        as amended by Decree 68/2025): the midpoint of the bracket without
        circumstances; mitigating and aggravating ones cancel one for one;
        one left moves the fine between the midpoint and the minimum (or
        maximum); two or more give the minimum (or maximum).
        bracket: the act's (minimum, maximum) when already known"""
        low, high = bracket or (
            self.on_change_with_fine_min(), self.on_change_with_fine_max())
        if low is None or high is None:
            return None, None
        middle = ((low + high) / 2).quantize(Decimal(1))
        net = (self.aggravating or 0) - (self.mitigating or 0)
        if net == 0:
            return middle, middle
        elif net == -1:
            return low, middle
        elif net <= -2:
            return low, low
        elif net == 1:
            return middle, high
        else:
            return high, high

    @fields.depends('legal_basis', 'mitigating', 'aggravating', 'sanction',
        methods=['on_change_with_offender_kind'])
    def on_change_legal_basis(self):
        if self.sanction == 'warning' and not (
                self.legal_basis and self.legal_basis.warning):
            self.sanction = 'fine'
        if self.sanction == 'warning':
            self.fine = None
        else:
            self.fine = self.allowed_fine_range()[0]

    @fields.depends(methods=['on_change_legal_basis'])
    def on_change_sanction(self):
        self.on_change_legal_basis()

    @fields.depends(methods=['on_change_legal_basis'])
    def on_change_mitigating(self):
        self.on_change_legal_basis()

    @fields.depends(methods=['on_change_legal_basis'])
    def on_change_aggravating(self):
        self.on_change_legal_basis()

    def check_fine(self):
        """The fine within the range of its circumstances; a warning is
        given for an act not serious with a mitigating circumstance (Law
        Art 22 as amended by Law 67/2020)"""
        if self.sanction == 'warning':
            self.check_warning()
            return
        low, high = self.allowed_fine_range(self.fine_bracket())
        if low is None:
            return
        if self.fine is None or not (low <= self.fine <= high):
            raise CaseValidationError(gettext(
                    'qltt_cases.msg_violation_fine_range',
                    case=self.case.rec_name,
                    act=self.legal_basis.code,
                    fine=format_amount(self.fine),
                    low=format_amount(low), high=format_amount(high)))

    def check_sanction(self):
        """A warning only where the decree of the act provides it, and then
        no fine: one principal sanction per act (Law Art 21(1)(a), 21(3))"""
        if self.sanction != 'warning':
            return
        if not self.legal_basis.warning:
            raise CaseValidationError(gettext(
                    'qltt_cases.msg_violation_warning_not_provided',
                    case=self.case.rec_name, act=self.legal_basis.code))
        self.check_warning(decided=False)

    def check_warning(self, error=CaseValidationError, decided=True):
        """A warned act has no fine (one principal sanction, Law Art
        21(3)) and, once decided, a mitigating circumstance (Law Art 22 as
        amended by Law 67/2020); error is the exception of the caller's
        step (the decision, or its amendment MQĐ38)"""
        if self.fine:
            raise error(gettext(
                    'qltt_cases.msg_violation_warning_fine',
                    case=self.case.rec_name, act=self.legal_basis.code,
                    fine=format_amount(self.fine)))
        if decided and not self.mitigating:
            raise error(gettext(
                    'qltt_cases.msg_violation_warning_mitigating',
                    case=self.case.rec_name, act=self.legal_basis.code))

    def check_goods_value(self):
        "The value of the goods decides the bracket of many acts"
        basis = self.legal_basis
        value = self.goods_value
        if value is None or (basis.value_from is None
                and basis.value_to is None):
            return
        low = basis.value_from
        if basis.value_lower_exclusive:
            fits_low = low is None or value > low
            fits_high = basis.value_to is None or value <= basis.value_to
        else:
            fits_low = low is None or value >= low
            fits_high = basis.value_to is None or value < basis.value_to
        if not (fits_low and fits_high):
            raise CaseValidationError(gettext(
                    'qltt_cases.msg_violation_value_bracket',
                    case=self.case.rec_name, act=basis.code,
                    value=format_amount(value), low=format_amount(low),
                    high=format_amount(basis.value_to) if basis.value_to
                    is not None else '...'))

    @classmethod
    def validate_fields(cls, violations, field_names):
        super().validate_fields(violations, field_names)
        for violation in violations:
            if violation.offender and violation.offender.case != (
                    violation.case):
                raise CaseValidationError(gettext(
                        'qltt_cases.msg_violation_offender_case',
                        case=violation.case.rec_name,
                        act=violation.legal_basis.code,
                        offender=violation.offender.rec_name))
            violation.check_goods_value()
            violation.check_sanction()
            fine_min, fine_max = violation.fine_bracket()
            if (violation.fine is not None and fine_min is not None
                    and not (fine_min <= violation.fine <= fine_max)):
                raise CaseValidationError(gettext(
                        'qltt_cases.msg_violation_fine_bracket',
                        case=violation.case.rec_name,
                        act=violation.legal_basis.code,
                        fine=format_amount(violation.fine),
                        low=format_amount(fine_min),
                        high=format_amount(fine_max)))

    @classmethod
    def on_modification(cls, mode, violations, field_names=None):
        pool = Pool()
        Case = pool.get('qltt.case')
        super().on_modification(mode, violations, field_names=field_names)
        if mode != 'delete':
            case_ids = {v.case.id for v in violations}
            # before the legal dates, which may write the cases
            if field_names is None or field_names & _AMOUNT_FIELDS:
                Case.update_acts_amounts(case_ids)
            cases = Case.browse(case_ids)
            Case.assign_offenders(cases)
            Case.update_legal_dates(cases)

    @classmethod
    def on_delete(cls, violations):
        pool = Pool()
        Case = pool.get('qltt.case')
        # the sums of the cases first (ParentSumsMixin)
        callback = super().on_delete(violations)
        case_ids = list({v.case.id for v in violations})
        callback.append(lambda: Case.update_legal_dates(
                Case.search([('id', 'in', case_ids)])))
        return callback

    @classmethod
    def check_modification(
            cls, mode, violations, values=None, external=False):
        super().check_modification(
            mode, violations, values=values, external=external)
        if (mode == 'write'
                and set(values) <= {'fine', 'mitigating', 'aggravating'}
                and Transaction().context.get('_qltt_correction')):
            # an issued MQĐ38 amends the fines (Decree 118/2021 Art 13);
            # a private context key: RPC clients cannot set it
            return
        for violation in violations:
            if violation.case.state in CLOSED_STATES:
                raise AccessError(gettext(
                        'qltt_cases.msg_case_modify_closed',
                        case=violation.case.rec_name))
