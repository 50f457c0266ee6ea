# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The seized goods of a case against the criminal thresholds: quantities
(e.g. 1,500 packs of smuggled cigarettes, Penal Code Art 190(1)(b)) and
values of the lots held for the case (qltt_cases/criminal.py)."""
from decimal import Decimal

from trytond.model import fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Bool, Eval

# seizures whose goods are in custody or were (Seizure.hold)
SEIZED_STATES = {'held', 'closed'}


class CriminalThreshold(metaclass=PoolMeta):
    __name__ = 'qltt.criminal.threshold'
    quantity = fields.Float(
        "Quantity From", digits=(16, 3),
        states={'required': Bool(Eval('unit'))},
        help="Quantity of seized goods of the category from which the "
        "threshold is crossed, included, in the unit below (seized lines "
        "in units of another kind are not counted).")
    unit = fields.Many2One(
        'product.uom', "Unit",
        states={'required': Bool(Eval('quantity'))})

    def seized_lines(self, case):
        "The seized lines of case of the threshold's category"
        return [l for s in case.seizures if s.state in SEIZED_STATES
            for l in s.lines if l.category == self.category]

    def measure(self, case, violations):
        """The value is the larger of the acts' value and the seized goods'
        value (the same goods, never added); the quantity is that of the
        seized goods, converted into the threshold's unit"""
        pool = Pool()
        Uom = pool.get('product.uom')
        figures = []
        lines = self.seized_lines(case)
        for kind, measured, limit in super().measure(case, violations):
            if kind == 'value':
                seized = sum((l.value or 0 for l in lines), Decimal(0))
                measured = max(measured, seized)
            figures.append((kind, measured, limit))
        if self.quantity and self.unit:
            quantity = sum((Uom.compute_qty(l.unit, l.quantity, self.unit)
                    for l in lines
                    if l.unit.category == self.unit.category), 0)
            figures.append(('quantity', quantity, self.quantity))
        return figures
