# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Import of the goods still in custody (issue 25) from CSV or XLSX:
docs/import.md.

One row per seized line.  The rows of a seizure (its original number) are
written as the seizure hold would leave them: the seizure held with its
lines, one lot per line and a done stock move from the offenders into the
evidence store on the seizure date.  Goods the decision confiscated or
ordered destroyed also get the case's measure naming them, so that they
are disposed of as any goods of a case decided in the product.

Checks kept (they protect the data): types and values (quantities > 0),
the case and the store of the department, the product and its unit,
whether the case's state allows the goods' state, the act whose decree
provides the measure, duplicates in the file and against the database
(seizure numbers, lot numbers).  Skipped (they only make sense at the time
of the act): the seizure's term counted to today, the case's state at the
hold, the decision MQĐ20 and minutes MBB15 (their numbers are not known).
"""
import re
from collections import OrderedDict, defaultdict
from decimal import Decimal

from trytond.model import fields
from trytond.modules.qltt_cases.case import CLOSED_STATES
from trytond.modules.qltt_cases.import_file import (
    FileImport, FileImportWizard, RowError, free_number, parse_amount,
    parse_date, parse_selection, parse_text, register)
from trytond.pool import Pool, PoolMeta
from trytond.tools import grouped_slice
from trytond.transaction import Transaction
from trytond.wizard import Wizard

from .seizure import CATEGORIES
from .stock import evidence_move

COLUMNS = [
    'case_number', 'seizure_number', 'seizure_date', 'store_code', 'seals',
    'goods_description', 'product_code', 'unit', 'quantity', 'unit_value',
    'category', 'brand', 'origin', 'weight', 'condition', 'expiry_date',
    'lot_number', 'goods_state', 'act_code',
    ]
# the same on every row of a seizure
SEIZURE_COLUMNS = ['case_number', 'seizure_date', 'store_code', 'seals']
REQUIRED = ['case_number', 'seizure_number', 'seizure_date', 'store_code',
    'goods_description', 'unit', 'quantity', 'category', 'goods_state']
# held: nothing ordered yet (the decision to come, or the return of what
# it did not take, Decree 138/2021 Art 16); confiscated: confiscation of
# the exhibits (Law Art 26); destroy: forced destruction (Law Art 28(1))
GOODS_STATES = OrderedDict([
        ('held', None),
        ('confiscated', 'sanction_confiscation'),
        ('destroy', 'remedy_destroy'),
        ])
# a case with goods in custody: being handled, or decided and not yet done
# (a case is done only once no goods remain, case.py Case.close)
CASE_STATES = {'inspecting', 'recorded', 'decided', 'transferred',
    'no_violation'}
BATCH = 500
THOUSANDS = re.compile(r'^\d{1,3}(\.\d{3})+$')


def parse_number(column, value, positive=False):
    """A quantity or weight: a number cell, or text with a decimal comma
    and thousands dots (Vietnamese: "1.500,5"); "2.5" is read as 2.5"""
    if value in ('', None):
        return None
    if isinstance(value, (int, float, Decimal)):
        number = float(value)
    else:
        text = str(value).replace(' ', '')
        if ',' in text or THOUSANDS.match(text):
            text = text.replace('.', '').replace(',', '.')
        try:
            number = float(text)
        except ValueError:
            number = None
    if number is None or number != number or number < 0 or (
            positive and number <= 0):
        raise RowError(column, 'qltt_warehouse.msg_goods_import_number'
            if not positive else 'qltt_warehouse.msg_goods_import_quantity',
            value=value)
    return number


class Seizure(metaclass=PoolMeta):
    __name__ = 'qltt.seizure'
    import_file = fields.Char(
        "Imported From", readonly=True,
        help="The file the seizure was imported from; it was held before "
        "the product.")
    import_row = fields.Integer("Import Row", readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        # set by the import only (HISTORY_IMPORT), never from outside
        cls._workflow_owned_fields |= {'import_file', 'import_row'}

    @classmethod
    def preprocess_values(cls, mode, values):
        "A number from the sequence skips those of imported seizures"
        if mode == 'create' and not values.get('number'):
            company = values.get('company', cls.default_company())
            values = values.copy()
            values['number'] = free_number(cls, company, 'seizure_sequence')
        return super().preprocess_values(mode, values)

    def compute_term_end(self, holidays):
        """The term of a temporary seizure runs until the decision (Law Art
        125(8) as amended by Law 67/2020): goods imported for a case already
        decided, transferred or closed without violation are held under
        that outcome, without a term (their reminders would be noise)"""
        if self.import_file and self.case and (
                self.case.state in CLOSED_STATES):
            return None
        return super().compute_term_end(holidays)


class GoodsImport(FileImport):
    "Check then write the goods in custody of a file for a department"
    columns = COLUMNS
    optional_columns = set(COLUMNS) - set(REQUIRED)
    batch_size = BATCH
    done_message = 'qltt_warehouse.msg_goods_import_done'

    @property
    def seizures(self):
        "number: [(line, parsed row)]"
        return self.records

    @staticmethod
    def key(parsed):
        return parsed['seizure_number']

    # Checks ------------------------------------------------------------

    def references(self, rows):
        "The records the rows name, each read in one query"
        pool = Pool()
        Case = pool.get('qltt.case')
        Location = pool.get('stock.location')
        Product = pool.get('product.product')
        Uom = pool.get('product.uom')
        Period = pool.get('stock.period')

        def values(column):
            return list({str(r[column]).strip() for _, r in rows
                    if r[column] not in ('', None)})
        company = self.company.id
        cases = {}
        for sub in grouped_slice(values('case_number'), BATCH):
            for case in Case.search([
                        ('company', '=', company),
                        ('number', 'in', list(sub))]):
                cases[case.number] = case
        products = {}
        by_name = defaultdict(list)
        for sub in grouped_slice(values('product_code'), BATCH):
            for product in Product.search([
                        ('code', 'in', list(sub)),
                        ('type', '=', 'goods')]):
                products[product.code] = product
        for sub in grouped_slice(values('goods_description'), BATCH):
            for product in Product.search([
                        ('name', 'in', list(sub)),
                        ('type', '=', 'goods')]):
                by_name[product.name].append(product)
        # a unit by its symbol or name in the user's language or English
        # ("u", "Unit", "cái"): the names of units are translated
        units = {}
        for language in [Transaction().language, 'en']:
            with Transaction().set_context(language=language):
                for unit in Uom.search([]):
                    units.setdefault(unit.name.lower(), unit.id)
                    units.setdefault(unit.symbol.lower(), unit.id)
        units = {k: Uom(i) for k, i in units.items()}
        # stock refuses moves in a closed period (stock.move
        # check_period_closed): a row error rather than a refusal later
        periods = Period.search([
                ('state', '=', 'closed'),
                ('company', '=', company),
                ], order=[('date', 'DESC')], limit=1)
        return {
            'period': periods[0] if periods else None,
            'case': cases,
            'store': {l.code: l for l in Location.search([
                        ('code', 'in', values('store_code')),
                        ('qltt_evidence', '=', True),
                        ('type', '=', 'storage'),
                        ('qltt_company', 'in', [company, None]),
                        ])},
            'product': products,
            'product_name': by_name,
            'unit': units,
            'case_state': dict(
                Case.fields_get(['state'])['state']['selection']),
            }

    def parse(self, row, refs):
        "The row's values typed and its references found, or RowError"
        pool = Pool()
        Date = pool.get('ir.date')
        Field = pool.get('ir.model.field')
        p = parse_text(row, COLUMNS)
        for column in REQUIRED:
            if p[column] == '':
                raise RowError(column,
                    'qltt_warehouse.msg_goods_import_required')
        p['seizure_date'] = parse_date('seizure_date', row['seizure_date'])
        p['expiry_date'] = parse_date('expiry_date', row['expiry_date'])
        p['quantity'] = parse_number('quantity', row['quantity'],
            positive=True)
        p['weight'] = parse_number('weight', row['weight'])
        p['unit_value'] = parse_amount('unit_value', row['unit_value'])
        p['category'] = parse_selection('category', p['category'],
            {k: k for k, _ in CATEGORIES})
        p['goods_state'] = parse_selection('goods_state', p['goods_state'],
            {k: k for k in GOODS_STATES})
        if p['seizure_date'] > Date.today():
            raise RowError('seizure_date',
                'qltt_warehouse.msg_goods_import_future')
        if refs['period'] and p['seizure_date'] <= refs['period'].date:
            raise RowError('seizure_date',
                'qltt_warehouse.msg_goods_import_period',
                date=refs['period'].date.strftime('%d/%m/%Y'))
        case = p['case'] = refs['case'].get(p['case_number'])
        if not case:
            raise RowError('case_number',
                'qltt_warehouse.msg_goods_import_case',
                number=p['case_number'])
        if case.state not in CASE_STATES:
            raise RowError('case_number',
                'qltt_warehouse.msg_goods_import_case_state',
                case=case.rec_name, state=refs['case_state'][case.state])
        store = p['store'] = refs['store'].get(p['store_code'])
        if not store:
            raise RowError('store_code',
                'qltt_warehouse.msg_goods_import_store',
                value=p['store_code'])
        unit = p['unit'] = refs['unit'].get(p['unit'].lower())
        if not unit:
            raise RowError('unit', 'qltt_warehouse.msg_goods_import_unit',
                value=row['unit'])
        if unit.round(p['quantity']) != p['quantity']:
            # stock counts a unit in its steps (1 for pieces): a bad row
            # here, not a refusal of the batch when it is written
            raise RowError('quantity',
                'qltt_warehouse.msg_goods_import_quantity_unit',
                value=row['quantity'], unit=unit.rec_name,
                rounding=('%g' % unit.rounding).replace('.', ','))
        if p['product_code']:
            product = refs['product'].get(p['product_code'])
            if not product:
                raise RowError('product_code',
                    'qltt_warehouse.msg_goods_import_product',
                    value=p['product_code'])
        else:
            named = refs['product_name'].get(p['goods_description'], [])
            if len(named) > 1:
                raise RowError('goods_description',
                    'qltt_warehouse.msg_goods_import_product_name',
                    value=p['goods_description'])
            product = named[0] if named else None
        p['product'] = product
        if product and unit.category != product.default_uom_category:
            raise RowError('unit',
                'qltt_warehouse.msg_goods_import_unit_category',
                unit=unit.rec_name, product=product.rec_name,
                default=product.default_uom.rec_name)
        kind = GOODS_STATES[p['goods_state']]
        p['act'] = None
        if kind:
            # the decision ordered it: an act of the decided case whose
            # decree provides the measure (Law Art 26, 28)
            if case.state != 'decided':
                raise RowError('goods_state',
                    'qltt_warehouse.msg_goods_import_not_decided',
                    case=case.rec_name, state=refs['case_state'][case.state])
            acts = [v for v in case.violations
                if not p['act_code'] or v.legal_basis.code == p['act_code']]
            # offenders of one act share its measure's goods: the first
            if len({v.legal_basis for v in acts}) != 1:
                raise RowError('act_code',
                    'qltt_warehouse.msg_goods_import_act',
                    case=case.rec_name, act=p['act_code'])
            p['act'] = act = acts[0]
            if not getattr(act.legal_basis, kind):
                raise RowError('goods_state',
                    'qltt_warehouse.msg_goods_import_measure',
                    act=act.legal_basis.code,
                    measure=Field.get_name('qltt.legal.basis', kind))
        return p

    def check_records(self, refs):
        "What the rows of a seizure share, and duplicates in the file and "
        "in the database"
        pool = Pool()
        Seizure = pool.get('qltt.seizure')
        Lot = pool.get('stock.lot')
        lots = {}
        new_units = {}  # product name: (line, unit) of a product to create
        for number, rows in self.new_numbered(Seizure, 'seizure_number',
                SEIZURE_COLUMNS, 'qltt_warehouse.msg_goods_import_number_used',
                'qltt_warehouse.msg_goods_import_differs'):
            for i, (line, row) in enumerate(rows, 1):
                if not row['lot_number']:
                    # as the seizure hold numbers its lots
                    row['lot_number'] = f'{number}-{i:03d}'
                if row['lot_number'] in lots:
                    self.error(line, 'lot_number',
                        'qltt_cases.msg_import_duplicate',
                        line=lots[row['lot_number']])
                lots.setdefault(row['lot_number'], line)
                if not row['product']:
                    name = row['goods_description']
                    unit_line, unit = new_units.setdefault(
                        name, (line, row['unit']))
                    if unit.category != row['unit'].category:
                        self.error(line, 'unit',
                            'qltt_warehouse.msg_goods_import_unit_category',
                            unit=row['unit'].rec_name, product=name,
                            default=unit.rec_name)
        for sub in grouped_slice(list(lots), BATCH):
            for lot in Lot.search([('number', 'in', list(sub))]):
                if lot.number in lots:
                    self.error(lots[lot.number], 'lot_number',
                        'qltt_warehouse.msg_goods_import_lot_used',
                        number=lot.number)

    # Writing -----------------------------------------------------------

    def products(self, numbers):
        "The products of the rows: found, else created with their unit"
        pool = Pool()
        Template = pool.get('product.template')
        if not hasattr(self, '_products'):
            self._products = {}
        to_create = OrderedDict()
        for number in numbers:
            for _, row in self.seizures[number]:
                name = row['goods_description']
                if not row['product'] and name not in self._products:
                    to_create.setdefault(name, row['unit'])
        templates = Template.create([{
                    'name': name,
                    'type': 'goods',
                    'default_uom': unit.id,
                    'products': [('create', [{}])],
                    } for name, unit in to_create.items()])
        for template in templates:
            self._products[template.name] = template.products[0]
        for number in numbers:
            for _, row in self.seizures[number]:
                if not row['product']:
                    row['product'] = self._products[row['goods_description']]

    def write_batch(self, numbers):
        pool = Pool()
        Seizure = pool.get('qltt.seizure')
        Line = pool.get('qltt.seizure.line')
        Lot = pool.get('stock.lot')
        Move = pool.get('stock.move')
        Location = pool.get('stock.location')
        ModelData = pool.get('ir.model.data')
        offenders = Location(ModelData.get_id(
                'qltt_warehouse', 'location_offenders'))
        currency = self.company.currency
        self.products(numbers)
        seizures = Seizure.create([{
                    'company': self.company.id,
                    'number': number,
                    'case': self.seizures[number][0][1]['case'].id,
                    'seizure_date': self.seizures[number][0][1][
                        'seizure_date'],
                    'location': self.seizures[number][0][1]['store'].id,
                    'seals': self.seizures[number][0][1]['seals'] or None,
                    'state': 'held',
                    'import_file': self.file_name,
                    'import_row': self.seizures[number][0][0],
                    } for number in numbers])
        rows = [(s, row) for s in seizures
            for _, row in self.seizures[s.number]]
        lots = Lot.create([{
                    'number': row['lot_number'],
                    'product': row['product'].id,
                    'qltt_seizure': seizure.id,
                    } for seizure, row in rows])
        lines = Line.create([{
                    'seizure': seizure.id,
                    'product': row['product'].id,
                    'quantity': row['quantity'],
                    'unit': row['unit'].id,
                    'category': row['category'],
                    'brand': row['brand'] or None,
                    'origin': row['origin'] or None,
                    'unit_value': row['unit_value'],
                    'weight': row['weight'],
                    'condition': row['condition'] or None,
                    'expiry_date': row['expiry_date'],
                    'lot': lot.id,
                    } for (seizure, row), lot in zip(rows, lots)])
        # the moves the seizure hold makes (Seizure.hold)
        moves = [evidence_move(
                row['unit_value'] or Decimal(0), currency,
                product=row['product'], lot=lot, unit=row['unit'],
                quantity=row['quantity'],
                from_location=offenders, to_location=seizure.location,
                planned_date=seizure.seizure_date,
                effective_date=seizure.seizure_date,
                company=self.company, origin=seizure)
            for (seizure, row), lot in zip(rows, lots)]
        Move.save(moves)
        Move.do(moves)
        self.write_measures(list(zip(rows, lines)))

    def write_measures(self, rows):
        """The measure of the decision naming the goods it confiscated or
        ordered destroyed (confiscation.py), one per act and kind"""
        pool = Pool()
        Measure = pool.get('qltt.case.measure')
        MeasureGoods = pool.get('qltt.case.measure.goods')
        ordered = [(row, line) for (_, row), line in rows
            if GOODS_STATES[row['goods_state']]]
        if not ordered:
            return
        wanted = OrderedDict()
        for row, _ in ordered:
            key = (row['act'].id, GOODS_STATES[row['goods_state']])
            wanted.setdefault(key, row['act'])
        measures = {}
        for measure in Measure.search([
                    ('violation', 'in', list({k[0] for k in wanted})),
                    ('kind', 'in', list({k[1] for k in wanted})),
                    ]):
            measures.setdefault((measure.violation.id, measure.kind), measure)
        to_create = [(k, a) for k, a in wanted.items() if k not in measures]
        created = Measure.create([{
                    'case': act.case.id,
                    'violation': act.id,
                    'kind': kind,
                    } for (_, kind), act in to_create])
        measures.update(zip((k for k, _ in to_create), created))
        MeasureGoods.create([{
                    'measure': measures[(row['act'].id,
                            GOODS_STATES[row['goods_state']])].id,
                    'seizure_line': line.id,
                    'quantity': row['quantity'],
                    } for row, line in ordered])


register('goods', GoodsImport)


class GoodsImportWizard(FileImportWizard, Wizard):
    "Import goods in custody from a CSV or XLSX file"
    __name__ = 'qltt.seizure.import'
    importer = GoodsImport
