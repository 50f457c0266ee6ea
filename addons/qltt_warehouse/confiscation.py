# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The seized goods a decision confiscates or orders destroyed.

Confiscation of the exhibits (Law Art 26) and forced destruction (Law Art
28(1)) name the seized lines and quantities: the sanction decision is the
basis of what happens to them (Decree 77/2025: the decision is enough, no
separate ownership decision); what it does not take is returned (Decree
138/2021 Art 16).  Their value counts against the signer's confiscation
authority (Decree 189/2025 Art 12).
"""
from collections import defaultdict
from decimal import Decimal

from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, fields
from trytond.model.exceptions import AccessError
from trytond.modules.qltt_cases.case import CLOSED_STATES
from trytond.modules.qltt_cases.form import vi_quantity
from trytond.modules.qltt_cases.value import ValueCheckMixin
from trytond.modules.qltt_cases.workflow import HISTORY_IMPORT
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.transaction import Transaction

from .exceptions import ConfiscationError

# the measures that take seized goods
GOODS_MEASURES = {'sanction_confiscation', 'remedy_destroy'}


class Measure(metaclass=PoolMeta):
    __name__ = 'qltt.case.measure'
    goods = fields.One2Many(
        'qltt.case.measure.goods', 'measure', "Seized Goods",
        states={
            'readonly': ~Eval('case_state').in_(
                ['draft', 'inspecting', 'recorded']),
            'invisible': ~Eval('kind').in_(list(GOODS_MEASURES)),
            },
        help="The seized lines and quantities confiscated or destroyed.")
    goods_value = fields.Function(
        fields.Numeric("Value of the Goods", digits=(16, 0)),
        'get_goods_value')

    def get_goods_value(self, name):
        return sum((g.value or 0 for g in self.goods), Decimal(0))

    def form_text(self):
        text = super().form_text()
        if self.goods:
            text += ': ' + ', '.join(
                f'{vi_quantity(g.quantity)} {g.seizure_line.unit.name} '
                f'{g.seizure_line.product.name}' for g in self.goods)
            text += f' (trị giá {vi_quantity(self.goods_value)} đồng)'
        return text


class MeasureGoods(ValueCheckMixin, ModelSQL, ModelView):
    __string__ = "Goods of a Measure"
    __name__ = 'qltt.case.measure.goods'
    _history = True
    _states = {
        'readonly': ~Eval('case_state').in_(
            ['draft', 'inspecting', 'recorded']),
        }

    measure = fields.Many2One(
        'qltt.case.measure', "Measure", required=True, ondelete='CASCADE',
        states=_states)
    case = fields.Function(
        fields.Many2One('qltt.case', "Case"), 'on_change_with_case')
    case_state = fields.Function(
        fields.Selection('get_case_states', "Case State"),
        'on_change_with_case_state')
    seizure_line = fields.Many2One(
        'qltt.seizure.line', "Seized Goods", required=True,
        ondelete='RESTRICT', states=_states,
        domain=[
            ('seizure.case', '=', Eval('case', -1)),
            ('seizure.state', 'in', ['held', 'closed']),
            ])
    quantity = fields.Float(
        "Quantity", required=True, states=_states,
        domain=[('quantity', '>', 0)])
    value = fields.Function(
        fields.Numeric("Value", digits=(16, 0)), 'on_change_with_value')
    del _states

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('measure')

    @classmethod
    def get_case_states(cls):
        pool = Pool()
        Case = pool.get('qltt.case')
        return Case.fields_get(['state'])['state']['selection']

    @fields.depends('measure', '_parent_measure.case')
    def on_change_with_case(self, name=None):
        if self.measure and self.measure.case:
            return self.measure.case

    @fields.depends('measure', '_parent_measure.case')
    def on_change_with_case_state(self, name=None):
        if self.measure and self.measure.case:
            return self.measure.case.state

    @fields.depends('seizure_line', 'quantity')
    def on_change_seizure_line(self):
        if self.seizure_line and not self.quantity:
            self.quantity = self.seizure_line.quantity

    @fields.depends('seizure_line', 'quantity')
    def on_change_with_value(self, name=None):
        if (self.seizure_line and self.quantity is not None
                and self.seizure_line.unit_value is not None):
            return (Decimal(str(self.quantity))
                * self.seizure_line.unit_value).quantize(Decimal(1))

    def get_rec_name(self, name):
        return f'{self.measure.rec_name}: {self.seizure_line.rec_name}'

    @classmethod
    def validate_fields(cls, goods, field_names):
        super().validate_fields(goods, field_names)
        for line in goods:
            if line.measure.kind not in GOODS_MEASURES:
                raise ConfiscationError(gettext(
                        'qltt_warehouse.msg_measure_goods_kind',
                        measure=line.measure.rec_name))
            if line.seizure_line.seizure.case != line.measure.case:
                raise ConfiscationError(gettext(
                        'qltt_warehouse.msg_measure_goods_other_case',
                        line=line.seizure_line.rec_name,
                        case=line.measure.case.rec_name))

    @classmethod
    def check_modification(cls, mode, goods, values=None, external=False):
        super().check_modification(
            mode, goods, values=values, external=external)
        # the history import writes what a past decision ordered
        # (goods_import.py)
        if mode == 'create' and Transaction().context.get(HISTORY_IMPORT):
            return
        for line in goods:
            if line.measure.case.state in CLOSED_STATES:
                raise AccessError(gettext(
                        'qltt_cases.msg_case_modify_closed',
                        case=line.measure.case.rec_name))


class Case(metaclass=PoolMeta):
    __name__ = 'qltt.case'

    def has_exhibits(self):
        return super().has_exhibits() or any(
            s.lines for s in self.seizures if s.state in {'held', 'closed'})

    def confiscated_value(self, violation):
        return super().confiscated_value(violation) + sum(
            (m.goods_value for m in self.measures
                if m.violation == violation
                and m.kind == 'sanction_confiscation'),
            Decimal(0))

    def ordered_quantities(self):
        """What the decision orders for each seized line: {seizure line id:
        {'confiscated': quantity, 'destroyed': quantity}}"""
        result = defaultdict(lambda: {'confiscated': 0, 'destroyed': 0})
        for measure in self.measures:
            key = {'sanction_confiscation': 'confiscated',
                'remedy_destroy': 'destroyed'}.get(measure.kind)
            if not key:
                continue
            for goods in measure.goods:
                result[goods.seizure_line.id][key] += goods.quantity
        return result

    def check_measures(self):
        "A decision never takes more of a line than was seized"
        super().check_measures()
        ordered = self.ordered_quantities()
        for seizure in self.seizures:
            for line in seizure.lines:
                if line.id not in ordered:
                    continue
                quantity = sum(ordered[line.id].values())
                if quantity > line.quantity:
                    raise ConfiscationError(gettext(
                            'qltt_warehouse.msg_measure_goods_over_seized',
                            case=self.rec_name, line=line.rec_name,
                            quantity=vi_quantity(quantity),
                            seized=vi_quantity(line.quantity)))
