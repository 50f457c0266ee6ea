# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from trytond.model import DeactivableMixin, ModelSQL, ModelView, Unique, fields
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.transaction import Transaction

from .company import DepartmentMixin
from .value import ValueCheckMixin


class Team(ValueCheckMixin, DeactivableMixin, ModelSQL, ModelView):
    """Market Surveillance Team

    A team (Đội QLTT) under the Chi cục (Decree 241/2025).
    """
    __string__ = "Market Surveillance Team"
    __name__ = 'qltt.team'
    code = fields.Char(
        "Code", required=True, size=2,
        help="Two-digit sub-unit code used in document numbers "
        "(Circular 22/2021 Art 6).")
    name = fields.Char("Name", required=True, translate=True)
    short_name = fields.Char(
        "Short Name",
        help="The name shown in lists and fields, e.g. \"Đội 01\"; "
        "the full name is printed on documents.")
    company = fields.Many2One('company.company', "Company", required=True)
    leader = fields.Many2One(
        'company.employee', "Leader",
        domain=[('company', '=', Eval('company', -1))])
    members = fields.Many2Many(
        'qltt.team-company.employee', 'team', 'employee', "Members",
        domain=[('company', '=', Eval('company', -1))])
    areas = fields.Many2Many(
        'qltt.team-country.subdivision', 'team', 'subdivision', "Areas",
        help="Communes and wards the team manages.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints = [
            ('code_uniq', Unique(t, t.company, t.code),
                'qltt_cases.msg_team_code_unique'),
            ]
        cls._order.insert(0, ('code', 'ASC'))

    @staticmethod
    def default_company():
        return Transaction().context.get('company')

    def get_rec_name(self, name):
        # the short name keeps the lists readable at 1440 px (issue #23)
        return self.short_name or self.name

    @classmethod
    def search_rec_name(cls, name, clause):
        _, operator, value = clause
        bool_op = 'AND' if operator.startswith(('!', 'not ')) else 'OR'
        return [bool_op,
            ('code', operator, value),
            ('name', operator, value),
            ('short_name', operator, value),
            ]

    @classmethod
    def on_modification(cls, mode, teams, field_names=None):
        pool = Pool()
        User = pool.get('res.user')
        super().on_modification(mode, teams, field_names=field_names)
        # record rules depend on the teams of the user
        User._get_qltt_teams_cache.clear()


class TeamEmployee(ModelSQL):
    __string__ = "Team - Employee"
    __name__ = 'qltt.team-company.employee'
    team = fields.Many2One(
        'qltt.team', "Team", required=True, ondelete='CASCADE')
    employee = fields.Many2One(
        'company.employee', "Employee", required=True, ondelete='CASCADE')

    @classmethod
    def on_modification(cls, mode, records, field_names=None):
        pool = Pool()
        User = pool.get('res.user')
        super().on_modification(mode, records, field_names=field_names)
        User._get_qltt_teams_cache.clear()


class TeamSubdivision(ModelSQL):
    __string__ = "Team - Area"
    __name__ = 'qltt.team-country.subdivision'
    team = fields.Many2One(
        'qltt.team', "Team", required=True, ondelete='CASCADE')
    subdivision = fields.Many2One(
        'country.subdivision', "Area", required=True, ondelete='CASCADE')


class Force(
        DepartmentMixin, ValueCheckMixin, DeactivableMixin, ModelSQL,
        ModelView):
    "A force of the province the department works with, e.g. its police"
    __string__ = "Coordinating Force"
    __name__ = 'qltt.force'
    code = fields.Char("Code", required=True)
    name = fields.Char("Name", required=True, translate=True)
    kind = fields.Selection([
            ('police', "Police"),
            ('customs', "Customs"),
            ('tax', "Tax"),
            ('border_guard', "Border Guard"),
            ('health', "Health"),
            ('other', "Other"),
            ], "Kind", required=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints = [
            ('company_code_uniq', Unique(t, t.company, t.code),
                'qltt_cases.msg_force_code_unique'),
            ]

    @classmethod
    def __register__(cls, module):
        super().__register__(module)
        # the codes were unique in the nation before forces were provincial
        cls.__table_handler__(module).drop_constraint('code_uniq')
