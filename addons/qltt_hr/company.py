# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The staff register on Tryton's employees: civil-service data and the
inspector card (Thẻ kiểm tra thị trường).

The officer number, the sanctioning authority and the team membership come
from qltt_cases (`officer_number`, `sanction_authority`, `qltt_teams`); the
dates joined and left are the employee's start and end dates."""
import datetime as dt

from dateutil.relativedelta import relativedelta

from trytond.i18n import gettext
from trytond.model import fields
from trytond.modules.qltt_cases.display import format_date
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Bool, Eval, If

from .exceptions import CardError, HRValidationError

CARD_STATUSES = [
    ('active', "Active"),
    ('suspended', "Suspended"),
    ('withdrawn', "Withdrawn"),
    ]


class Employee(metaclass=PoolMeta):
    __name__ = 'company.employee'

    civil_servant_code = fields.Char("Civil-Servant Code")
    rank = fields.Many2One('qltt.hr.rank', "Rank")
    salary_grade = fields.Integer(
        "Salary Grade",
        domain=[If(Bool(Eval('salary_grade')),
                ('salary_grade', '>=', 1), ())],
        help="The step (bậc) in the salary scale of the rank.")
    salary_coefficient = fields.Numeric(
        "Salary Coefficient", digits=(4, 2),
        domain=[If(Bool(Eval('salary_coefficient')),
                ('salary_coefficient', '>', 0), ())],
        help="The coefficient (hệ số) of the grade, a multiple of the base "
        "salary.")
    position = fields.Many2One('qltt.hr.position', "Position")
    qltt_team = fields.Function(
        fields.Many2One('qltt.team', "Team"),
        'get_qltt_team', searcher='search_qltt_team')

    card_number = fields.Char("Inspector Card Number")
    card_issue_date = fields.Date(
        "Card Issue Date", states={
            'required': Bool(Eval('card_number')),
            })
    card_expiry_date = fields.Date(
        "Card Expiry Date", states={
            'required': Bool(Eval('card_number')),
            },
        help="5 years after the issue (Ordinance on Market Surveillance "
        "Art 12).")
    card_status = fields.Selection(
        CARD_STATUSES, "Card Status", required=True,
        help="A suspended or withdrawn card gives no power to inspect.")
    card_valid_until = fields.Function(
        fields.Date("Card Valid Until",
            help="The expiry, or 31/12/2025 for cards issued before "
            "15/07/2025 (Circular 45/2025 Art 7)."),
        'get_card_valid_until')
    card_valid = fields.Function(
        fields.Boolean("Card Valid"), 'get_card_valid')
    card_expiring = fields.Function(
        fields.Boolean("Card Expiring Soon",
            help="The card expires within the warning days of the HR "
            "configuration (60 days by default)."),
        'get_card_expiring', searcher='search_card_expiring')

    qltt_work = fields.One2Many(
        'qltt.hr.work.employee', 'employee', "Work Done", readonly=True)
    qltt_ratings = fields.One2Many(
        'qltt.hr.rating', 'employee', "Task Ratings", readonly=True)
    qltt_commendations = fields.One2Many(
        'qltt.commendation', 'employee', "Commendations", readonly=True)
    qltt_disciplines = fields.One2Many(
        'qltt.discipline', 'employee', "Disciplines", readonly=True)

    @classmethod
    def default_card_status(cls):
        return 'active'

    def get_qltt_team(self, name):
        "The team the officer is a member of (the members of qltt.team)"
        if self.qltt_teams:
            return self.qltt_teams[0].id

    @classmethod
    def search_qltt_team(cls, name, clause):
        nested = clause[0][len(name):]
        return [('qltt_teams' + nested, *clause[1:])]

    @fields.depends('card_issue_date', 'card_expiry_date')
    def on_change_card_issue_date(self):
        pool = Pool()
        Configuration = pool.get('qltt.hr.configuration')
        if self.card_issue_date and not self.card_expiry_date:
            self.card_expiry_date = self.card_issue_date + relativedelta(
                years=Configuration(1).card_validity_years)

    def compute_card_valid_until(self, config):
        """The expiry of the card, shortened for cards issued before the
        new rules to their end date (Circular 45/2025 Art 7)"""
        expiry = self.card_expiry_date
        if (expiry and self.card_issue_date
                and config.card_transition_issued_before
                and config.card_transition_valid_until
                and self.card_issue_date
                < config.card_transition_issued_before):
            expiry = min(expiry, config.card_transition_valid_until)
        return expiry

    def get_card_valid_until(self, name):
        pool = Pool()
        Configuration = pool.get('qltt.hr.configuration')
        return self.compute_card_valid_until(Configuration(1))

    def card_problem(self, date):
        """None when the card is valid on date, else the message id and its
        values"""
        pool = Pool()
        Configuration = pool.get('qltt.hr.configuration')
        values = {
            'employee': self.rec_name,
            'card': self.card_number or '',
            'date': format_date(date),
            }
        if not self.card_number or not self.card_issue_date:
            return 'qltt_hr.msg_card_missing', values
        if self.card_status != 'active':
            status = dict(self.fields_get(['card_status'])[
                    'card_status']['selection'])[self.card_status]
            return 'qltt_hr.msg_card_status', {**values, 'status': status}
        valid_until = self.compute_card_valid_until(Configuration(1))
        if not (self.card_issue_date <= date <= valid_until):
            return 'qltt_hr.msg_card_not_valid', {**values,
                'issue': format_date(self.card_issue_date),
                'expiry': format_date(valid_until),
                }

    def card_valid_on(self, date):
        return self.card_problem(date) is None

    def check_card(self, date, case):
        """Only an officer with a valid inspector card may inspect, or issue
        an inspection or sanction decision (Ordinance on Market Surveillance
        Art 21)"""
        problem = self.card_problem(date)
        if problem:
            message, values = problem
            raise CardError(gettext(message, case=case.rec_name, **values))

    def get_card_valid(self, name):
        pool = Pool()
        Date = pool.get('ir.date')
        return self.card_valid_on(Date.today())

    @classmethod
    def _card_expiring_limit(cls):
        pool = Pool()
        Date = pool.get('ir.date')
        Configuration = pool.get('qltt.hr.configuration')
        today = Date.today()
        return today, today + dt.timedelta(
            days=Configuration(1).card_warning_days)

    def get_card_expiring(self, name):
        today, limit = self._card_expiring_limit()
        valid_until = self.card_valid_until
        return bool(self.card_number and self.card_status == 'active'
            and valid_until and today <= valid_until <= limit)

    @classmethod
    def search_card_expiring(cls, name, clause):
        pool = Pool()
        Configuration = pool.get('qltt.hr.configuration')
        config = Configuration(1)
        today, limit = cls._card_expiring_limit()
        _, operator, value = clause
        expiring = [
            ('card_number', '!=', None),
            ('card_status', '=', 'active'),
            ['OR',
                [('card_expiry_date', '>=', today),
                    ('card_expiry_date', '<=', limit)],
                ]]
        if (config.card_transition_issued_before
                and config.card_transition_valid_until
                and today <= config.card_transition_valid_until <= limit):
            # old cards end on the transition date (Circular 45/2025 Art 7)
            expiring[-1].append([
                    ('card_issue_date', '<',
                        config.card_transition_issued_before),
                    ('card_expiry_date', '>=',
                        config.card_transition_valid_until),
                    ])
        if (operator == '=') == bool(value):
            return expiring
        return [('id', 'not in', [e.id for e in cls.search(expiring)])]

    @classmethod
    def validate_fields(cls, employees, field_names):
        super().validate_fields(employees, field_names)
        cls.check_card_dates(employees, field_names)

    @classmethod
    def check_card_dates(cls, employees, field_names=None):
        """The card expires after its issue, at most 5 years later
        (Ordinance on Market Surveillance Art 12)"""
        pool = Pool()
        Configuration = pool.get('qltt.hr.configuration')
        if field_names and not (
                field_names & {'card_issue_date', 'card_expiry_date'}):
            return
        years = Configuration(1).card_validity_years
        for employee in employees:
            issue, expiry = employee.card_issue_date, employee.card_expiry_date
            if not issue or not expiry:
                continue
            if expiry <= issue:
                raise HRValidationError(gettext(
                        'qltt_hr.msg_card_expiry_before_issue',
                        employee=employee.rec_name,
                        issue=format_date(issue), expiry=format_date(expiry)))
            if expiry > issue + relativedelta(years=years):
                raise HRValidationError(gettext(
                        'qltt_hr.msg_card_validity_too_long',
                        employee=employee.rec_name, years=years,
                        issue=format_date(issue), expiry=format_date(expiry)))

    @classmethod
    def copy(cls, employees, default=None):
        default = default.copy() if default is not None else {}
        for name in ['civil_servant_code', 'card_number', 'card_issue_date',
                'card_expiry_date']:
            default.setdefault(name)
        return super().copy(employees, default=default)


class Rule(metaclass=PoolMeta):
    __name__ = 'ir.rule'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.domain.help += (
            '\n- "employees" as list of ids of the current user\'s employees')

    @classmethod
    def _get_cache_key(cls, model_names):
        pool = Pool()
        User = pool.get('res.user')
        key = super()._get_cache_key(model_names)
        return (*key, tuple(User.get_employees()))

    @classmethod
    def _get_context(cls, model_name):
        pool = Pool()
        User = pool.get('res.user')
        context = super()._get_context(model_name)
        context['employees'] = list(User.get_employees())
        return context
