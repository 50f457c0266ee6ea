# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""What each evidence store holds now, by case, category and brand."""
from decimal import Decimal

from sql import Literal, Null, Union
from sql.aggregate import Min, Sum

from trytond.model import ModelSQL, ModelView, fields
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.transaction import Transaction

from .seizure import CATEGORIES


class EvidenceStock(ModelSQL, ModelView):
    "Goods in Custody"
    __string__ = "Goods in Custody"
    __name__ = 'qltt.evidence.stock'

    location = fields.Many2One('stock.location', "Evidence Store")
    company = fields.Many2One('company.company', "Department")
    case = fields.Many2One('qltt.case', "Case")
    seizure = fields.Many2One('qltt.seizure', "Seizure")
    seizure_line = fields.Many2One('qltt.seizure.line', "Seized Goods")
    lot = fields.Many2One('stock.lot', "Lot")
    product = fields.Many2One('product.product', "Product",
        context={'company': Eval('company', -1)}, depends={'company'})
    category = fields.Selection(CATEGORIES, "Category")
    brand = fields.Char("Brand")
    quantity = fields.Float("Quantity")
    unit = fields.Many2One('product.uom', "Unit")
    value = fields.Function(
        fields.Numeric("Value", digits=(16, 0)), 'get_value')
    weight = fields.Float("Weight (kg)")  # "830", not "830,000"
    term_end = fields.Function(fields.Date("Term End"), 'get_term_end')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('case', 'DESC'), ('lot', 'ASC'), ('id', 'ASC')]

    @classmethod
    def table_query(cls):
        "Done moves of seized lots netted per lot and evidence store"
        pool = Pool()
        Move = pool.get('stock.move')
        Location = pool.get('stock.location')
        Line = pool.get('qltt.seizure.line')
        Seizure = pool.get('qltt.seizure')
        Case = pool.get('qltt.case')
        context = Transaction().context
        move = Move.__table__()
        location = Location.__table__()
        line = Line.__table__()
        seizure = Seizure.__table__()
        case = Case.__table__()

        where = (move.state == 'done') & (move.lot != Null)
        if context.get('date'):
            where &= move.effective_date <= context['date']
        incoming = move.select(
            move.id.as_('move'), move.lot.as_('lot'),
            move.to_location.as_('location'),
            move.quantity.as_('quantity'), where=where)
        outgoing = move.select(
            Literal(None).as_('move'), move.lot.as_('lot'),
            move.from_location.as_('location'),
            (-move.quantity).as_('quantity'), where=where)
        moves = Union(incoming, outgoing, all_=True)

        held = moves.join(location,
            condition=(moves.location == location.id)
            & (location.qltt_evidence == Literal(True))
            ).select(
            Min(moves.move).as_('id'), moves.lot, moves.location,
            Sum(moves.quantity).as_('quantity'),
            group_by=[moves.lot, moves.location],
            having=Sum(moves.quantity) > 0)

        team_where = Literal(True)
        if context.get('team'):
            team_where = case.team == context['team']
        ratio = held.quantity / line.quantity
        return held.join(line, condition=line.lot == held.lot
            ).join(seizure, condition=line.seizure == seizure.id
            ).join(case, condition=seizure.case == case.id
            ).select(
            held.id.as_('id'),
            held.location.as_('location'),
            case.company.as_('company'),
            case.id.as_('case'),
            seizure.id.as_('seizure'),
            line.id.as_('seizure_line'),
            held.lot.as_('lot'),
            line.product.as_('product'),
            line.category.as_('category'),
            line.brand.as_('brand'),
            held.quantity.as_('quantity'),
            line.unit.as_('unit'),
            (line.weight * ratio).as_('weight'),
            where=team_where)

    def get_value(self, name):
        unit_value = self.seizure_line.unit_value or Decimal(0)
        return (Decimal(str(self.quantity)) * unit_value).quantize(
            Decimal(1))

    def get_term_end(self, name):
        return self.seizure.term_end if self.seizure else None


class EvidenceStockContext(ModelView):
    "Goods in Custody Context"
    __string__ = "Goods in Custody Context"
    __name__ = 'qltt.evidence.stock.context'
    date = fields.Date("At Date")
    team = fields.Many2One('qltt.team', "Team")
