# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from decimal import Decimal

from trytond.i18n import gettext
from trytond.model import ModelView, fields
from trytond.pool import Pool, PoolMeta

from .exceptions import DispositionError
from .seizure import lot_quantities


class Case(metaclass=PoolMeta):
    __name__ = 'qltt.case'
    seizures = fields.One2Many(
        'qltt.seizure', 'case', "Seizures", readonly=True)
    dispositions = fields.One2Many(
        'qltt.disposition', 'case', "Dispositions", readonly=True)
    goods_held_quantity = fields.Function(
        fields.Float("Goods Held"), 'get_goods_summary')
    goods_held_value = fields.Function(
        fields.Numeric("Value Held", digits=(16, 0)), 'get_goods_summary')
    goods_seized_value = fields.Function(
        fields.Numeric("Value Seized", digits=(16, 0)), 'get_goods_summary')
    goods_disposed_value = fields.Function(
        fields.Numeric("Value Disposed", digits=(16, 0)),
        'get_goods_summary')

    @classmethod
    def on_modification(cls, mode, cases, field_names=None):
        super().on_modification(mode, cases, field_names=field_names)
        if mode == 'write' and 'team' in (field_names or {'team'}):
            # the seizures keep the team of their case (statistics)
            Pool().get('qltt.seizure').update_team(
                cases=[c.id for c in cases])

    @classmethod
    def get_goods_summary(cls, cases, names):
        lines = [l for c in cases for s in c.seizures
            if s.state in {'held', 'closed'} for l in s.lines]
        quantities = lot_quantities([l.lot.id for l in lines if l.lot])
        result = {n: {c.id: 0 for c in cases} for n in names}
        for name in names:
            if name != 'goods_held_quantity':
                result[name] = {c.id: Decimal(0) for c in cases}
        for line in lines:
            case_id = line.seizure.case.id
            held = sum(quantities.get(line.lot.id, {}).values()) if (
                line.lot) else 0
            unit_value = line.unit_value or Decimal(0)
            held_value = (Decimal(str(held)) * unit_value).quantize(
                Decimal(1))
            if 'goods_held_quantity' in names:
                result['goods_held_quantity'][case_id] += held
            if 'goods_held_value' in names:
                result['goods_held_value'][case_id] += held_value
            if 'goods_seized_value' in names:
                result['goods_seized_value'][case_id] += line.value or 0
            if 'goods_disposed_value' in names:
                result['goods_disposed_value'][case_id] += (
                    (line.value or 0) - held_value)
        return result

    @classmethod
    def update_legal_dates(cls, cases):
        "A seizure never lasts past the decision deadline (Law Art 125(8))"
        pool = Pool()
        Seizure = pool.get('qltt.seizure')
        super().update_legal_dates(cases)
        Seizure.update_term_end([s for c in cases for s in c.seizures])

    @classmethod
    @ModelView.button
    def close(cls, cases):
        "A case is done only when no goods remain in custody"
        for case in cases:
            if case.goods_held_quantity:
                raise DispositionError(gettext(
                        'qltt_warehouse.msg_case_goods_held',
                        case=case.rec_name))
        super().close(cases)
