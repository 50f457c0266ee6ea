# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from sql import Null, Table

from trytond import backend
from trytond.cache import Cache
from trytond.model import fields
from trytond.pool import Pool, PoolMeta
from trytond.transaction import Transaction


class CaseCompanyMixin:
    "The company of a record of a case is its case's"
    __slots__ = ()
    company = fields.Function(fields.Many2One(
            'company.company', "Company"), 'on_change_with_company',
        searcher='search_company')

    @fields.depends('case', '_parent_case.company')
    def on_change_with_company(self, name=None):
        return self.case.company if self.case else None

    @classmethod
    def search_company(cls, name, clause):
        return [('case.' + clause[0], *clause[1:])]


def migrate_to_first_company(cls, module, column='company'):
    """Before registering cls: give the records kept before it had a company
    column to the first company (the single department of older
    databases), so that the column can be required"""
    if not backend.TableHandler.table_exist(cls._table):
        return
    table_h = cls.__table_handler__(module)
    if table_h.column_exist(column):
        return
    table_h.add_column(column, 'INTEGER')
    cursor = Transaction().connection.cursor()
    company = Table('company_company')
    cursor.execute(*company.select(
            company.id, order_by=company.id.asc, limit=1))
    row = cursor.fetchone()
    if row:
        table = cls.__table__()
        cursor.execute(*table.update(
                [table.__getattr__(column)], [row[0]],
                where=table.__getattr__(column) == Null))


class DepartmentMixin:
    """A record of one department (company): a catalogue of a province,
    not of the nation (README, several provinces in one database)"""
    __slots__ = ()
    company = fields.Many2One(
        'company.company', "Company", required=True, ondelete='RESTRICT',
        help="The department (Chi cục) the record belongs to.")

    @classmethod
    def __register__(cls, module):
        migrate_to_first_company(cls, module)
        super().__register__(module)

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')


class Employee(metaclass=PoolMeta):
    __name__ = 'company.employee'
    officer_number = fields.Char(
        "Officer Number",
        help="Used in the numbers of the documents the officer signs "
        "(Circular 22/2021 Art 6).")
    sanction_authority = fields.Many2One(
        'qltt.sanction.authority', "Sanctioning Authority",
        help="The position that gives the officer the power to decide "
        "sanctions (Decree 189/2025 Art 12).")
    qltt_teams = fields.Many2Many(
        'qltt.team-company.employee', 'employee', 'team', "Teams",
        readonly=True)


class User(metaclass=PoolMeta):
    __name__ = 'res.user'
    _get_qltt_teams_cache = Cache(
        __name__ + '.get_qltt_teams', context=False)

    @classmethod
    def get_qltt_teams(cls):
        "Ids of the teams the current user's employees lead or belong to"
        pool = Pool()
        Team = pool.get('qltt.team')
        user_id = Transaction().user
        teams = cls._get_qltt_teams_cache.get(user_id)
        if teams is not None:
            return teams
        user = cls(user_id)
        employees = [e.id for e in user.employees]
        teams = []
        if employees:
            with Transaction().set_context(active_test=False), \
                    Transaction().set_user(0):
                teams = sorted(t.id for t in Team.search(['OR',
                            ('members', 'in', employees),
                            ('leader', 'in', employees),
                            ]))
        cls._get_qltt_teams_cache.set(user_id, teams)
        return teams

    @classmethod
    def on_modification(cls, mode, users, field_names=None):
        super().on_modification(mode, users, field_names=field_names)
        cls._get_qltt_teams_cache.clear()


class Rule(metaclass=PoolMeta):
    __name__ = 'ir.rule'

    @classmethod
    def _get_cache_key(cls, model_names):
        pool = Pool()
        User = pool.get('res.user')
        key = super()._get_cache_key(model_names)
        return (*key, tuple(User.get_qltt_teams()))

    @classmethod
    def _get_context(cls, model_name):
        pool = Pool()
        User = pool.get('res.user')
        context = super()._get_context(model_name)
        context['qltt_teams'] = User.get_qltt_teams()
        return context
