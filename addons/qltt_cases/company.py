# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from trytond.cache import Cache
from trytond.model import fields
from trytond.pool import Pool, PoolMeta
from trytond.transaction import Transaction


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
