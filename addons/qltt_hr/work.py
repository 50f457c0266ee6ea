# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Work done per officer and per team and year, computed from the cases:
the evidence behind the year-end task rating (Decree 90/2020/NĐ-CP).

A case counts in the year of its decision, or of its inspection while it is
not decided; cancelled and draft cases do not count.  Violations count once
the minutes are made; fines once they are decided.  Every inspector of a
case is credited with the whole case."""
from decimal import Decimal

from sql import Null
from sql.aggregate import Count, Sum
from sql.conditionals import Case, Coalesce
from sql.functions import Extract

from trytond.model import ModelSQL, ModelView, fields
from trytond.modules.qltt_cases.value import ValueCheckMixin
from trytond.pool import Pool

RECORDED_STATES = ['recorded', 'decided', 'done', 'transferred']
DECIDED_STATES = ['decided', 'done']
# Years are below 10,000: the id of a row is owner * 10000 + year
YEAR_FACTOR = 10000


class WorkMixin:
    __slots__ = ()
    company = fields.Many2One('company.company', "Company")
    year = fields.Integer("Year")
    cases = fields.Integer("Cases Handled")
    violations = fields.Integer("Violations Recorded")
    fines = fields.Numeric("Fines Decided", digits=(16, 0))

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('year', 'DESC'), ('id', 'ASC')]

    @classmethod
    def _case_query(cls):
        "One row per counted case with its year, violations and fines"
        pool = Pool()
        CaseModel = pool.get('qltt.case')
        Violation = pool.get('qltt.case.violation')
        case = CaseModel.__table__()
        violation = Violation.__table__()
        per_case = violation.select(
            violation.case.as_('case'),
            Count(violation.id).as_('count'),
            Sum(Coalesce(violation.fine, 0)).as_('fine'),
            group_by=[violation.case])
        date = Coalesce(case.decision_date, case.inspection_date)
        return (case
            .join(per_case, 'LEFT', condition=per_case.case == case.id)
            .select(
                case.id.as_('case'),
                case.company.as_('company'),
                case.team.as_('team'),
                cls.year.sql_cast(Extract('YEAR', date)).as_('year'),
                Case((case.state.in_(RECORDED_STATES),
                      Coalesce(per_case.count, 0)),
                    else_=0).as_('violations'),
                # a confiscation without sanction imposes no fine (Law on
                # Handling Administrative Violations Art 65(2))
                Case((case.state.in_(DECIDED_STATES)
                      & ~Coalesce(case.confiscation_only, False),
                      Coalesce(per_case.fine, 0)),
                    else_=0).as_('fines'),
                where=~case.state.in_(['draft', 'cancelled'])
                & (date != Null)))

    @classmethod
    def _figures(cls, query):
        return [
            query.company.as_('company'),
            query.year.as_('year'),
            Count(query.case).as_('cases'),
            cls.violations.sql_cast(Sum(query.violations)).as_('violations'),
            cls.fines.sql_cast(Sum(query.fines)).as_('fines'),
            ]

    @classmethod
    def get_figures(cls, owners, year):
        "{owner id: (cases, violations, fines)} of owners in year"
        name = cls._owner_field
        rows = cls.search([
                (name, 'in', [o.id for o in owners]),
                ('year', '=', year),
                ])
        figures = {o.id: (0, 0, Decimal(0)) for o in owners}
        for row in rows:
            figures[getattr(row, name).id] = (
                row.cases, row.violations,
                Decimal(row.fines or 0).quantize(Decimal(1)))
        return figures


class WorkEmployee(ValueCheckMixin, WorkMixin, ModelSQL, ModelView):
    __string__ = "Work Done per Officer"
    __name__ = 'qltt.hr.work.employee'
    _owner_field = 'employee'
    employee = fields.Many2One('company.employee', "Officer")

    @classmethod
    def table_query(cls):
        pool = Pool()
        CaseEmployee = pool.get('qltt.case-company.employee')
        inspector = CaseEmployee.__table__()
        query = cls._case_query()
        return (inspector
            .join(query, condition=query.case == inspector.case)
            .select(
                (inspector.employee * YEAR_FACTOR + query.year).as_('id'),
                inspector.employee.as_('employee'),
                *cls._figures(query),
                group_by=[inspector.employee, query.company, query.year]))


class WorkTeam(ValueCheckMixin, WorkMixin, ModelSQL, ModelView):
    __string__ = "Work Done per Team"
    __name__ = 'qltt.hr.work.team'
    _owner_field = 'team'
    team = fields.Many2One('qltt.team', "Team")

    @classmethod
    def table_query(cls):
        query = cls._case_query()
        return query.select(
            (query.team * YEAR_FACTOR + query.year).as_('id'),
            query.team.as_('team'),
            *cls._figures(query),
            group_by=[query.team, query.company, query.year])
