# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The leaders' dashboard: open cases counted by state and team."""
from sql.aggregate import Count, Min

from trytond.model import ModelSQL, ModelView, fields
from trytond.modules.qltt_cases.case import STATES
from trytond.pool import Pool

# Cases still being handled: not done, transferred, without violation or
# cancelled (a decided case waits for its fine and goods to be settled)
OPEN_STATES = ['draft', 'inspecting', 'recorded', 'decided']


class DashboardCase(ModelSQL, ModelView):
    "Open Cases"
    __string__ = "Open Cases"
    __name__ = 'qltt.dashboard.case'

    company = fields.Many2One('company.company', "Company")
    team = fields.Many2One('qltt.team', "Team")
    state = fields.Selection(STATES, "State")
    state_name = fields.Function(fields.Char("State"), 'get_state_name')
    cases = fields.Integer("Cases")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('team', 'ASC'), ('state', 'ASC'), ('id', 'ASC')]

    def get_state_name(self, name):
        "The state as the user reads it (a graph shows the value of its x)"
        return dict(self.fields_get(['state'])['state']['selection']).get(
            self.state, self.state)

    @classmethod
    def table_query(cls):
        "One row per team and state of the open cases of the company"
        pool = Pool()
        Case = pool.get('qltt.case')
        Statistics = pool.get('qltt.report.statistics')
        case = Case.__table__()
        return case.select(
            Min(case.id).as_('id'),
            case.company.as_('company'),
            case.team.as_('team'),
            case.state.as_('state'),
            Count(case.id).as_('cases'),
            where=case.state.in_(OPEN_STATES)
            & case.company.in_(Statistics._companies() or [-1]),
            group_by=[case.company, case.team, case.state])
