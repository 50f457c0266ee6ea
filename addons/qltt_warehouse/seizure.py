# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Temporary seizure (tạm giữ) of goods for a case.

Law on Handling Administrative Violations Art 125: seizure to verify facts,
stop a violation or secure enforcement, with a decision (MQĐ20) and minutes
(MBB15, Decree 118/2021) listing each item's name, quantity, type and
condition.  Holding the seizure moves the goods into an evidence store
(Decree 138/2021 Art 6) with one lot per line so every item can be traced.
"""
import datetime as dt
from collections import defaultdict
from decimal import Decimal

from sql import Literal
from sql.aggregate import Sum
from sql.conditionals import Coalesce

from trytond import backend
from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, Workflow, fields
from trytond.model.exceptions import AccessError
from trytond.modules.company.model import employee_field, set_employee
from trytond.modules.qltt_cases import deadline
from trytond.modules.qltt_cases.case import transition
from trytond.modules.qltt_cases.report import PdfReportMixin
from trytond.modules.qltt_cases.stored_sums import ParentSumsMixin
from trytond.modules.qltt_cases.value import ValueCheckMixin
from trytond.modules.qltt_cases.workflow import (
    WorkflowStateGuardMixin)
from trytond.pool import Pool
from trytond.pyson import Bool, Eval, If
from trytond.report import Report
from trytond.tools import grouped_slice
from trytond.transaction import Transaction
from trytond.wizard import Button, StateTransition, StateView, Wizard

from .exceptions import CustodyError, SeizureError
from .stock import evidence_move

CATEGORIES = [
    ('smuggled', "Smuggled"),
    ('counterfeit', "Counterfeit"),
    ('ip', "IP-infringing"),
    ('unclear_origin', "Unclear Origin"),
    ('poor_quality', "Poor Quality"),
    ('prohibited', "Prohibited"),
    ('other', "Other"),
    ]
# A seizure is a preventive measure before the decision (Law Art 119, 125)
OPEN_CASE_STATES = {'inspecting', 'recorded'}
# the fields of a line that change the stored value of its seizure
_VALUE_FIELDS = {'quantity', 'unit_value', 'seizure'}


def lot_quantities(lot_ids, evidence_only=True):
    """Quantity of each lot in each location from its done moves:
    {lot id: {location id: quantity}} (in the move unit, one unit per lot)"""
    pool = Pool()
    Move = pool.get('stock.move')
    Location = pool.get('stock.location')
    move = Move.__table__()
    location = Location.__table__()
    cursor = Transaction().connection.cursor()
    result = defaultdict(dict)
    if not lot_ids:
        return result
    for column, sign in [(move.to_location, 1), (move.from_location, -1)]:
        where = ((move.state == 'done')
            & fields.SQL_OPERATORS['in'](move.lot, lot_ids))
        if evidence_only:
            where &= location.qltt_evidence == Literal(True)
        cursor.execute(*move.join(location,
                condition=column == location.id).select(
                move.lot, column, Sum(move.quantity),
                where=where,
                group_by=[move.lot, column]))
        for lot_id, location_id, quantity in cursor:
            quantities = result[lot_id]
            quantities[location_id] = (
                quantities.get(location_id, 0) + sign * quantity)
    return result


class Seizure(
        WorkflowStateGuardMixin, ValueCheckMixin, Workflow, ModelSQL,
        ModelView):
    "Seizure"
    __string__ = "Seizure"
    __name__ = 'qltt.seizure'
    _history = True
    _rec_name = 'number'
    # lines_value: kept by the lines, team: by the case; never written
    # from outside
    _workflow_owned_fields = {
        'number', 'moves', 'decision', 'minutes', 'extension', 'extended',
        'held_by', 'lines_value', 'team'}
    _workflow_deletable_states = {'draft', 'cancelled'}
    _workflow_delete_error = (
        'qltt_warehouse.msg_seizure_delete_held', 'seizure')
    _states = {'readonly': Eval('state') != 'draft'}

    number = fields.Char("Number", readonly=True)
    company = fields.Many2One(
        'company.company', "Company", required=True, states=_states)
    case = fields.Many2One(
        'qltt.case', "Case", required=True, states=_states,
        domain=[('company', '=', Eval('company', -1))])
    # stored so that the statistics add up the seizures of a national
    # year per team without joining their 100,000 cases (issue 21)
    team = fields.Many2One('qltt.team', "Team", readonly=True,
        help="The team of the case, kept when the case changes team.")
    seizure_date = fields.Date("Seizure Date", required=True,
        states=_states)
    location = fields.Many2One(
        'stock.location', "Evidence Store", required=True, states=_states,
        domain=[('qltt_evidence', '=', True), ('type', '=', 'storage'),
            ('qltt_company', 'in', [Eval('company', -1), None])])
    seals = fields.Char(
        "Seals", states=_states,
        help="Numbers of the seals put on the goods (MBB26).")
    extended = fields.Boolean(
        "Extended", readonly=True,
        help="Term extended by a decision MQĐ21 (Law Art 125(8)).")
    term_end = fields.Date(
        "Term End", readonly=True,
        help="Last day of holding: 07 working days, 10 when the file goes "
        "up, 01 month when the decision may take 01 month, 01 more month "
        "when extended, never past the decision deadline (Law Art 125(8) "
        "as amended by Law 67/2020).")
    lines = fields.One2Many(
        'qltt.seizure.line', 'seizure', "Lines", states=_states)
    moves = fields.One2Many(
        'stock.move', 'origin', "Moves", readonly=True)
    documents = fields.Function(
        fields.Many2Many('qltt.case.document', None, None, "Documents"),
        'get_documents')
    decision = fields.Many2One(
        'qltt.case.document', "Seizure Decision", readonly=True)
    minutes = fields.Many2One(
        'qltt.case.document', "Seizure Minutes", readonly=True)
    extension = fields.Many2One(
        'qltt.case.document', "Extension Decision", readonly=True)
    quantity = fields.Function(
        fields.Float("Quantity"), 'get_totals')
    value = fields.Function(
        fields.Numeric("Value", digits=(16, 0)), 'get_totals')
    weight = fields.Function(
        fields.Float("Weight (kg)"), 'get_totals')
    # stored so that the statistics of a national year add up 42,500
    # seizures, not their 510,000 lines (issue 21)
    lines_value = fields.Numeric(
        "Value of the Lines", digits=(16, 0), readonly=True,
        help="The quantity times the unit value of each line, added up "
        "when a line changes; empty without lines.")
    state = fields.Selection([
            ('draft', "Draft"),
            ('held', "Held"),
            ('closed', "Closed"),
            ('cancelled', "Cancelled"),
            ], "State", readonly=True, required=True)
    held_by = employee_field("Held By", states=['held', 'closed', 'cancelled'])
    del _states

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.update({
                Index(t, (t.state, Index.Equality(cardinality='low'))),
                Index(t, (t.term_end, Index.Range())),
                # the order of the list, and the statistics of a month
                Index(t, (t.seizure_date, Index.Range())),
                })
        cls._order = [('seizure_date', 'DESC'), ('id', 'DESC')]
        cls._transitions |= {
            ('draft', 'held'),
            ('draft', 'cancelled'),
            ('cancelled', 'draft'),
            ('held', 'closed'),
            }
        cls._buttons.update({
                'hold': {
                    'invisible': Eval('state') != 'draft',
                    'depends': ['state'],
                    },
                'cancel': {
                    'invisible': Eval('state') != 'draft',
                    'depends': ['state'],
                    },
                'draft': {
                    'invisible': Eval('state') != 'cancelled',
                    'depends': ['state'],
                    },
                'extend': {
                    'invisible': ~Eval('state').in_(['draft', 'held'])
                    | Eval('extended', False),
                    'depends': ['state', 'extended'],
                    },
                'custody': {
                    'invisible': Eval('state') != 'held',
                    'depends': ['state'],
                    },
                })

    @classmethod
    def __register__(cls, module_name):
        pool = Pool()
        SeizureLine = pool.get('qltt.seizure.line')
        # migration: the seizures made before the value was stored (no
        # line table, no line: the value stays empty)
        exists = backend.TableHandler.table_exist(cls._table)
        table_h = cls.__table_handler__(module_name)
        fill = (backend.TableHandler.table_exist(SeizureLine._table)
            and not table_h.column_exist('lines_value'))
        # migration: the team was read from the case
        fill_team = exists and not table_h.column_exist('team')
        super().__register__(module_name)
        if fill:
            cls.update_lines_value(None)
        if fill_team:
            cls.update_team(None)

    @classmethod
    def update_team(cls, ids=None, cases=None):
        """Store the team of their case on the seizures of ids, or of the
        cases of cases (every seizure if both are None), in SQL as
        update_lines_value does"""
        pool = Pool()
        Case = pool.get('qltt.case')
        seizure = cls.__table__()
        case = Case.__table__()
        cursor = Transaction().connection.cursor()
        team = case.select(case.team, where=case.id == seizure.case)
        if ids is None and cases is None:
            cursor.execute(*seizure.update([seizure.team], [team]))
            return
        column, keys = ((seizure.id, ids) if cases is None
            else (seizure.case, cases))
        for sub_ids in grouped_slice(
                sorted(set(keys)), backend.MAX_QUERY_PARAMS):
            cursor.execute(*seizure.update([seizure.team], [team],
                    where=fields.SQL_OPERATORS['in'](column, sub_ids)))
        Transaction().counter += 1

    @classmethod
    def update_lines_value(cls, ids):
        """Store the value of the lines of the seizures of ids (every
        seizure if None) in SQL, as the statistics added up the lines:
        no write, so no history row, no workflow check, no write date"""
        pool = Pool()
        SeizureLine = pool.get('qltt.seizure.line')
        seizure = cls.__table__()
        line = SeizureLine.__table__()
        cursor = Transaction().connection.cursor()
        # NULL without lines, 0 for lines without a unit value
        value = line.select(
            Sum(Coalesce(line.quantity * line.unit_value, 0)),
            where=line.seizure == seizure.id)
        if ids is None:
            cursor.execute(*seizure.update([seizure.lines_value], [value]))
            return
        transaction = Transaction()
        for sub_ids in grouped_slice(
                sorted(set(ids)), backend.MAX_QUERY_PARAMS):
            cursor.execute(*seizure.update([seizure.lines_value], [value],
                    where=fields.SQL_OPERATORS['in'](seizure.id, sub_ids)))
        # the records of the transaction read the new value
        transaction.counter += 1
        for cache in transaction.cache.values():
            if cls.__name__ in cache:
                cache[cls.__name__].clear()

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @staticmethod
    def default_state():
        return 'draft'

    @staticmethod
    def default_seizure_date():
        return Pool().get('ir.date').today()

    @classmethod
    def default_location(cls):
        pool = Pool()
        Location = pool.get('stock.location')
        company = Transaction().context.get('company')
        locations = Location.search([
                ('qltt_evidence', '=', True), ('type', '=', 'storage'),
                ('qltt_company', 'in', [company, None])])
        if len(locations) == 1:
            return locations[0].id

    def get_rec_name(self, name):
        return self.number or str(self.id)

    def compute_term_end(self, holidays):
        """Law Art 125(8) as amended by Law 67/2020 (since 1/1/2022): 07
        working days from the seizure, 10 when the file goes to the
        official who holds the authority; up to 01 month when the decision
        may take 01 month (explanation, verification: Art 66(1)); 01 more
        month by a written extension; never past the decision deadline"""
        pool = Pool()
        Configuration = pool.get('qltt.configuration')
        if not self.seizure_date:
            return None
        config = Configuration(1)
        case = self.case
        if case and case.one_month_kind:
            end = deadline.add_months(
                self.seizure_date, config.seizure_months, holidays)
        else:
            days = (config.seizure_days_level_up
                if case and case.decision_level_up else config.seizure_days)
            end = deadline.add_working_days(
                self.seizure_date, days, holidays)
        if self.extended:
            end = deadline.add_months(
                end, config.seizure_extension_months, holidays)
        if self.case and self.case.decision_deadline:
            end = min(end, self.case.decision_deadline)
        return end

    @classmethod
    def update_term_end(cls, seizures):
        "Store the term end of the seizures whose term changed"
        seizures = [s for s in seizures if s.state in {'draft', 'held'}]
        dates = [s.seizure_date for s in seizures if s.seizure_date]
        if not dates:
            return
        holidays = deadline.get_holidays(
            min(dates), max(dates) + dt.timedelta(days=120))
        to_write = []
        for seizure in seizures:
            term_end = seizure.compute_term_end(holidays)
            if seizure.term_end != term_end:
                to_write.extend(([seizure], {'term_end': term_end}))
        if to_write:
            cls.write(*to_write)

    @classmethod
    def on_modification(cls, mode, seizures, field_names=None):
        super().on_modification(mode, seizures, field_names=field_names)
        if mode == 'create' or (
                mode == 'write' and 'case' in (field_names or {'case'})):
            cls.update_team([s.id for s in seizures])
        if mode in {'create', 'write'} and (field_names is None
                or field_names & {'seizure_date', 'extended', 'case'}):
            cls.update_term_end(cls.browse(seizures))

    def get_documents(self, name):
        return [d.id for d in (self.decision, self.minutes, self.extension)
            if d]

    @classmethod
    def get_totals(cls, seizures, names):
        result = {n: {} for n in names}
        for seizure in seizures:
            lines = seizure.lines
            if 'quantity' in names:
                result['quantity'][seizure.id] = sum(
                    l.quantity or 0 for l in lines)
            if 'value' in names:
                result['value'][seizure.id] = sum(
                    (l.value or 0 for l in lines), Decimal(0))
            if 'weight' in names:
                result['weight'][seizure.id] = sum(
                    l.weight or 0 for l in lines)
        return result

    @classmethod
    def preprocess_values(cls, mode, values):
        pool = Pool()
        Configuration = pool.get('qltt.configuration')
        values = super().preprocess_values(mode, values)
        if mode == 'create' and not values.get('number'):
            config = Configuration.of_company(values.get('company'))
            values['number'] = config.company_sequence(
                'seizure_sequence').get()
        return values

    @classmethod
    def _issue(cls, seizures, code, date, signer):
        pool = Pool()
        Document = pool.get('qltt.case.document')
        documents = cls._draft_documents(seizures, code, date, signer)
        Document.issue_new(documents)
        return documents

    @classmethod
    def _draft_documents(cls, seizures, code, date, signer):
        pool = Pool()
        Document = pool.get('qltt.case.document')
        DocumentType = pool.get('qltt.case.document.type')
        type_ = DocumentType.get_by_code(code)
        return [Document(case=s.case, type=type_, date=date(s),
                signer=signer(s), description=s.rec_name)
            for s in seizures]

    @staticmethod
    def _decision_signer(seizure):
        return seizure.case.team.leader

    @staticmethod
    def _minutes_signer(seizure):
        return (seizure.case.inspectors[0] if seizure.case.inspectors
            else seizure.case.team.leader)

    @classmethod
    @ModelView.button
    @transition('held')
    @set_employee('held_by')
    def hold(cls, seizures):
        """Move the goods into the evidence store, one lot per line, with
        the seizure decision MQĐ20 and minutes MBB15"""
        pool = Pool()
        Date = pool.get('ir.date')
        Lot = pool.get('stock.lot')
        Move = pool.get('stock.move')
        Location = pool.get('stock.location')
        ModelData = pool.get('ir.model.data')
        SeizureLine = pool.get('qltt.seizure.line')
        Document = pool.get('qltt.case.document')

        def date(seizure):
            return seizure.seizure_date
        # the decisions and the minutes, numbered in one batch; the locks
        # of their numbers taken before any work (Tryton runs the request
        # again from its start for a lock it does not hold yet)
        to_decide = [s for s in seizures if not s.decision]
        to_record = [s for s in seizures if not s.minutes]
        decisions = cls._draft_documents(
            to_decide, 'MQĐ20', date, cls._decision_signer)
        minutes = cls._draft_documents(
            to_record, 'MBB15', date, cls._minutes_signer)
        Document.lock_numbering(decisions + minutes)
        offenders = Location(ModelData.get_id(
                'qltt_warehouse', 'location_offenders'))
        today = Date.today()
        # seizures of the past entered afterwards by the administration
        # (e.g. the demo's 2022 data) are held as on the context date
        context = Transaction().context
        if context.get('date') and (Transaction().user == 0
                or ModelData.get_id('qltt_cases', 'group_qltt_admin')
                in pool.get('res.user').get_groups()):
            today = context['date']
        lots, lines, moves = [], [], []
        for seizure in seizures:
            if seizure.case.state not in OPEN_CASE_STATES:
                raise SeizureError(gettext(
                        'qltt_warehouse.msg_seizure_case_not_open',
                        seizure=seizure.rec_name, case=seizure.case.rec_name))
            if not seizure.lines:
                raise SeizureError(gettext(
                        'qltt_warehouse.msg_seizure_no_lines',
                        seizure=seizure.rec_name))
            if seizure.term_end and today > seizure.term_end:
                raise SeizureError(gettext(
                        'qltt_warehouse.msg_seizure_term_passed',
                        seizure=seizure.rec_name,
                        date=seizure.term_end.strftime('%d/%m/%Y')))
            for i, line in enumerate(seizure.lines, 1):
                lot = Lot(number=f'{seizure.number}-{i:03d}',
                    product=line.product, qltt_seizure=seizure)
                lots.append(lot)
                line.lot = lot
                lines.append(line)
                moves.append(evidence_move(
                        line.unit_value or Decimal(0),
                        seizure.company.currency,
                        product=line.product, lot=lot, unit=line.unit,
                        quantity=line.quantity,
                        from_location=offenders, to_location=seizure.location,
                        effective_date=seizure.seizure_date,
                        company=seizure.company,
                        origin=seizure))
        Lot.save(lots)
        SeizureLine.save(lines)
        Move.save(moves)
        Move.do(moves)

        Document.issue_new(decisions + minutes)
        to_write = []
        for seizure, document in zip(to_decide, decisions):
            to_write.extend(([seizure], {'decision': document.id}))
        for seizure, document in zip(to_record, minutes):
            to_write.extend(([seizure], {'minutes': document.id}))
        if to_write:
            cls.write(*to_write)

    @classmethod
    @ModelView.button
    def extend(cls, seizures):
        "Extend the term with a decision MQĐ21 (Law Art 125(8))"
        pool = Pool()
        Date = pool.get('ir.date')
        today = Date.today()
        for seizure, document in zip(seizures, cls._issue(
                    seizures, 'MQĐ21', lambda s: today,
                    lambda s: s.case.team.leader)):
            seizure.extension = document
            seizure.extended = True
        cls.save(seizures)

    @classmethod
    @ModelView.button
    @transition('cancelled')
    def cancel(cls, seizures):
        pass

    @classmethod
    @ModelView.button
    @transition('draft')
    def draft(cls, seizures):
        pass

    @classmethod
    @transition('closed')
    def close(cls, seizures):
        pass

    @classmethod
    def close_disposed(cls, seizures):
        "Close the held seizures of which no goods remain in custody"
        lines = [l for s in seizures for l in s.lines if l.lot]
        quantities = lot_quantities([l.lot.id for l in lines])
        cls.close([s for s in seizures
                if s.state == 'held'
                and not any(sum(quantities.get(l.lot.id, {}).values())
                    for l in s.lines if l.lot)])

    @classmethod
    @ModelView.button_action('qltt_warehouse.wizard_custody')
    def custody(cls, seizures):
        pass


class SeizureLine(
        ValueCheckMixin, ParentSumsMixin, ModelSQL, ModelView):
    "Seizure Line"
    __string__ = "Seizure Line"
    __name__ = 'qltt.seizure.line'
    _parent_sums = ('seizure', 'qltt.seizure', 'update_lines_value')
    _history = True
    _states = {'readonly': Eval('seizure_state') != 'draft'}

    seizure = fields.Many2One(
        'qltt.seizure', "Seizure", required=True, ondelete='CASCADE',
        states=_states)
    seizure_state = fields.Function(
        fields.Selection('get_seizure_states', "Seizure State"),
        'on_change_with_seizure_state')
    product = fields.Many2One(
        'product.product', "Product", required=True, states=_states,
        domain=[('type', '=', 'goods')],
        context={'company': Eval('_parent_seizure', {}).get('company', -1)})
    quantity = fields.Float(
        "Quantity", digits='unit', required=True, states=_states,
        domain=[('quantity', '>', 0)])
    unit = fields.Many2One(
        'product.uom', "Unit", required=True, states=_states,
        domain=[If(Bool(Eval('product_uom_category')),
                ('category', '=', Eval('product_uom_category', -1)),
                ())])
    product_uom_category = fields.Function(
        fields.Many2One('product.uom.category', "Product UoM Category"),
        'on_change_with_product_uom_category')
    category = fields.Selection(CATEGORIES, "Category", required=True,
        states=_states)
    category_string = category.translated('category')
    brand = fields.Char(
        "Brand", states=_states,
        help="The brand counterfeited or infringed.")
    origin = fields.Char("Origin", states=_states,
        help="Country or place of origin stated on the goods.")
    unit_value = fields.Numeric(
        "Unit Value", digits=(16, 0), states=_states,
        domain=[If(Bool(Eval('unit_value')), ('unit_value', '>=', 0), ())])
    value = fields.Function(
        fields.Numeric("Value", digits=(16, 0)), 'on_change_with_value')
    # no fixed decimals: 830 kg reads "830", not "830,000" (issue #23)
    weight = fields.Float(
        "Weight (kg)", states=_states,
        domain=[If(Bool(Eval('weight')), ('weight', '>=', 0), ())],
        help="Total weight of the line.")
    condition = fields.Char("Condition", states=_states)
    expiry_date = fields.Date(
        "Expiry Date", states=_states,
        help="For perishable goods, which may be sold or destroyed early "
        "(Decree 77/2025).")
    lot = fields.Many2One('stock.lot', "Lot", readonly=True)
    held_quantity = fields.Function(
        fields.Float("Held Quantity", digits='unit'), 'get_held_quantity')
    del _states

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('seizure')
        t = cls.__table__()
        cls._sql_indexes.add(Index(t, (t.lot, Index.Range())))

    @classmethod
    def get_seizure_states(cls):
        pool = Pool()
        Seizure = pool.get('qltt.seizure')
        return Seizure.fields_get(['state'])['state']['selection']

    @fields.depends('seizure', '_parent_seizure.state')
    def on_change_with_seizure_state(self, name=None):
        if self.seizure:
            return self.seizure.state

    @staticmethod
    def default_category():
        return 'smuggled'

    @fields.depends('product')
    def on_change_with_product_uom_category(self, name=None):
        if self.product:
            return self.product.default_uom_category

    @fields.depends('product', 'unit')
    def on_change_product(self):
        if self.product and not self.unit:
            self.unit = self.product.default_uom

    @fields.depends('quantity', 'unit_value')
    def on_change_with_value(self, name=None):
        if self.quantity is not None and self.unit_value is not None:
            return (Decimal(str(self.quantity)) * self.unit_value).quantize(
                Decimal(1))

    def get_rec_name(self, name):
        lot = f' [{self.lot.number}]' if self.lot else ''
        return f'{self.product.rec_name}{lot}'

    @classmethod
    def get_held_quantity(cls, lines, name):
        quantities = lot_quantities([l.lot.id for l in lines if l.lot])
        return {l.id: sum(quantities.get(l.lot.id, {}).values())
            if l.lot else 0 for l in lines}

    @property
    def perishable(self):
        return bool(self.expiry_date)

    @classmethod
    def validate_fields(cls, lines, field_names):
        super().validate_fields(lines, field_names)
        # a write that changes neither (holding writes the lots) checks
        # nothing new
        if field_names is not None and not (
                field_names & {'unit', 'product'}):
            return
        for line in lines:
            if (line.unit and line.product
                    and line.unit.category
                    != line.product.default_uom_category):
                raise SeizureError(gettext(
                        'qltt_warehouse.msg_seizure_line_unit',
                        unit=line.unit.rec_name,
                        product=line.product.rec_name))

    @classmethod
    def on_modification(cls, mode, lines, field_names=None):
        pool = Pool()
        Seizure = pool.get('qltt.seizure')
        super().on_modification(mode, lines, field_names=field_names)
        if mode in {'create', 'write'} and (field_names is None
                or field_names & _VALUE_FIELDS):
            Seizure.update_lines_value([l.seizure.id for l in lines])

    @classmethod
    def check_modification(cls, mode, lines, values=None, external=False):
        super().check_modification(mode, lines, values=values,
            external=external)
        if mode == 'delete' or (mode == 'write' and set(values) - {'lot'}):
            for line in lines:
                if line.seizure.state != 'draft':
                    raise AccessError(gettext(
                            'qltt_warehouse.msg_seizure_line_modify',
                            seizure=line.seizure.rec_name))


class LotLabel(PdfReportMixin, Report):
    "Label of a seized lot with its QR code"
    __name__ = 'qltt_warehouse.lot_label'


class CustodyStart(ModelView):
    "Custody Move"
    __string__ = "Custody Move"
    __name__ = 'qltt.seizure.custody.start'
    seizure = fields.Many2One('qltt.seizure', "Seizure", readonly=True)
    from_location = fields.Many2One(
        'stock.location', "From", required=True,
        domain=['OR', ('qltt_evidence', '=', True),
            ('qltt_examination', '=', True)])
    to_location = fields.Many2One(
        'stock.location', "To", required=True,
        domain=['OR', ('qltt_evidence', '=', True),
            ('qltt_examination', '=', True)])
    date = fields.Date("Date", required=True)
    reason = fields.Text("Reason", required=True)
    lines = fields.Many2Many(
        'qltt.seizure.line', None, None, "Goods", required=True,
        domain=[('seizure', '=', Eval('seizure', -1))])


class Custody(Wizard):
    """Move seized goods between evidence stores, or hand them over for
    expert examination and back, as an internal shipment done at once"""
    __name__ = 'qltt.seizure.custody'
    start = StateView('qltt.seizure.custody.start',
        'qltt_warehouse.custody_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Move", 'move_', 'tryton-ok', default=True),
            ])
    move_ = StateTransition()

    def default_start(self, fields):
        pool = Pool()
        Date = pool.get('ir.date')
        return {
            'seizure': self.record.id,
            'from_location': self.record.location.id,
            'date': Date.today(),
            }

    def transition_move_(self):
        pool = Pool()
        Shipment = pool.get('stock.shipment.internal')
        Move = pool.get('stock.move')
        seizure = self.record
        start = self.start
        if start.from_location == start.to_location:
            raise CustodyError(gettext(
                    'qltt_warehouse.msg_custody_same_location'))
        lots = [l.lot.id for l in start.lines if l.lot]
        quantities = lot_quantities(lots, evidence_only=False)
        moves = []
        for line in start.lines:
            quantity = quantities.get(line.lot.id, {}).get(
                start.from_location.id, 0) if line.lot else 0
            if quantity <= 0:
                raise CustodyError(gettext(
                        'qltt_warehouse.msg_custody_nothing_here',
                        line=line.rec_name,
                        location=start.from_location.rec_name))
            moves.append(Move(
                    product=line.product, lot=line.lot, unit=line.unit,
                    quantity=quantity,
                    from_location=start.from_location,
                    to_location=start.to_location,
                    planned_date=start.date, effective_date=start.date,
                    company=seizure.company, origin=seizure))
        shipment = Shipment(
            company=seizure.company,
            from_location=start.from_location,
            to_location=start.to_location,
            planned_date=start.date, planned_start_date=start.date,
            effective_date=start.date, effective_start_date=start.date,
            reference=seizure.number,
            qltt_seizure=seizure, qltt_reason=start.reason,
            moves=moves)
        shipment.save()
        Shipment.wait([shipment])
        Shipment.assign_force([shipment])
        Shipment.do([shipment])
        return 'end'
