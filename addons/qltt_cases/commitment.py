# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Commitments signed by businesses not to trade counterfeit or smuggled
goods.  No legal instrument rules them; they belong to legal awareness
(Ordinance on Market Surveillance Art 8(6)) and area management (Circular
27/2020/TT-BCT Art 34)."""
from trytond.model import Index, ModelSQL, ModelView, fields
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.transaction import Transaction

from .import_mark import ImportMarkMixin
from .value import ValueCheckMixin


class Commitment(ImportMarkMixin, ValueCheckMixin, ModelSQL, ModelView):
    __string__ = "Business Commitment"
    __name__ = 'qltt.commitment'
    company = fields.Many2One('company.company', "Company", required=True)
    business = fields.Many2One(
        'party.party', "Business", required=True,
        context={'company': Eval('company', -1)}, depends={'company'})
    area = fields.Many2One('country.subdivision', "Area")
    team = fields.Many2One(
        'qltt.team', "Team", required=True,
        domain=[('company', '=', Eval('company', -1))])
    date = fields.Date("Date", required=True)
    officer = fields.Many2One(
        'company.employee', "Officer",
        domain=[('company', '=', Eval('company', -1))])
    content = fields.Text("Content")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.add(Index(t, (t.date, Index.Range())))
        cls._order = [('date', 'DESC'), ('id', 'DESC')]

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @staticmethod
    def default_date():
        return Pool().get('ir.date').today()

    def get_rec_name(self, name):
        return f'{self.business.rec_name} ({self.date.strftime("%d/%m/%Y")})'
