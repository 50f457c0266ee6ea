# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Catalogues of the civil service: ranks (ngạch) and positions."""
from trytond.model import DeactivableMixin, ModelSQL, ModelView, Unique, fields
from trytond.modules.qltt_cases.value import ValueCheckMixin


class Rank(ValueCheckMixin, DeactivableMixin, ModelSQL, ModelView):
    """Civil-Service Rank

    The market-controller ranks of Ordinance on Market Surveillance Art 10
    with their codes (Circular 02/2022/TT-BCT Art 3).
    """
    __string__ = "Civil-Service Rank"
    __name__ = 'qltt.hr.rank'
    code = fields.Char("Code", required=True, help="Rank code, e.g. 21.188.")
    name = fields.Char("Name", required=True, translate=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints = [
            ('code_uniq', Unique(t, t.code), 'qltt_hr.msg_rank_code_unique'),
            ]
        cls._order.insert(0, ('code', 'ASC'))

    def get_rec_name(self, name):
        return f'{self.name} ({self.code})'

    @classmethod
    def search_rec_name(cls, name, clause):
        _, operator, value = clause
        bool_op = 'AND' if operator.startswith(('!', 'not ')) else 'OR'
        return [bool_op,
            ('code', operator, value),
            ('name', operator, value),
            ]


class Position(ValueCheckMixin, DeactivableMixin, ModelSQL, ModelView):
    "Position of an officer in the unit (Decree 241/2025)"
    __string__ = "Position"
    __name__ = 'qltt.hr.position'
    code = fields.Char("Code", required=True)
    name = fields.Char("Name", required=True, translate=True)
    sequence = fields.Integer("Sequence")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints = [
            ('code_uniq', Unique(t, t.code),
                'qltt_hr.msg_position_code_unique'),
            ]
        cls._order.insert(0, ('sequence', 'ASC NULLS LAST'))
