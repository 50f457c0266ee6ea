# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""What happens to seized goods.

Return to the owner with a decision MQĐ24 and minutes MBB17 (Decree
138/2021 Art 16); confiscation and destruction by a council with minutes
MBB21 recording basis, time, place, participants, items and method;
confiscation and sale, the proceeds going to the temporary holding account
(Decree 77/2025; former Decree 29/2018 Art 29, 33); transfer to another
agency, or to the investigators with hand-over minutes MBB28 (Law Art 62).
Goods leave custody only on a decision (Decree 138/2021 Art 8), so every
disposition is approved by a leader before it is done, and only as the
decided case orders (check_ordered): the goods the decision confiscates
are destroyed, sold or handed over, the goods it orders destroyed are
destroyed, the rest is returned; before the decision only perishable goods
are sold or destroyed early (Decree 77/2025); the goods of a case
transferred to the investigators go with its file (Law Art 62).  An
approved disposition reserves its quantities until it is done or
cancelled, so approvals never promise more than is held.
"""
from collections import defaultdict
from decimal import Decimal

from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, Workflow, fields
from trytond.modules.company.model import employee_field, set_employee
from trytond.modules.qltt_cases.case import transition
from trytond.modules.qltt_cases.value import ValueCheckMixin
from trytond.modules.qltt_cases.workflow import (
    WorkflowStateGuardMixin, check_required)
from trytond.pool import Pool
from trytond.pyson import Eval, If
from trytond.transaction import Transaction, without_check_access

from .exceptions import DispositionError
from .seizure import lot_quantities
from .stock import DISPOSITION_KINDS, evidence_move

# Form of Decree 118/2021 issued when each kind of disposition is done;
# goods sold or transferred are handed over with minutes (BBBG, form.py)
DOCUMENTS = {
    'return': ['MQĐ24', 'MBB17'],
    'destroy': ['MBB21'],
    'sell': ['BBBG'],
    'transfer': ['BBBG'],
    'investigators': ['MBB28'],
    }
# Kinds that dispose of the goods the decision confiscated
CONFISCATED_KINDS = {'sell', 'transfer'}
# Perishable goods may be sold, or destroyed when unusable, before the
# decision (Decree 77/2025; former Decree 29/2018)
EARLY_KINDS = {'sell', 'destroy'}
# Case states after which no decision will order anything: the goods go
# back to their owner
NO_DECISION_STATES = {'no_violation', 'cancelled'}
# Categories never sold: prohibited goods; counterfeit and IP-infringing
# goods only once the infringing elements are removed (Law Art 82;
# Decree 77/2025)
NEVER_SOLD = {'prohibited'}
SOLD_CLEANED = {'counterfeit', 'ip'}


class Disposition(
        WorkflowStateGuardMixin, ValueCheckMixin, Workflow, ModelSQL,
        ModelView):
    "Disposition of Seized Goods"
    __string__ = "Disposition of Seized Goods"
    __name__ = 'qltt.disposition'
    _history = True
    _rec_name = 'number'
    _workflow_owned_fields = {
        'number', 'moves', 'documents', 'approved_by', 'done_by'}
    _workflow_deletable_states = {'draft', 'cancelled'}
    _workflow_delete_error = (
        'qltt_warehouse.msg_disposition_delete', 'disposition')
    _states = {'readonly': Eval('state') != 'draft'}

    number = fields.Char("Number", readonly=True)
    company = fields.Many2One(
        'company.company', "Company", required=True, states=_states)
    case = fields.Many2One(
        'qltt.case', "Case", required=True, states=_states,
        domain=[('company', '=', Eval('company', -1))])
    kind = fields.Selection(DISPOSITION_KINDS, "Kind", required=True,
        states=_states)
    date = fields.Date("Date", required=True, states=_states)
    reason = fields.Text("Legal Basis", states=_states,
        help="The decision or plan that orders the disposition.")
    # destruction
    council = fields.Many2Many(
        'qltt.disposition-company.employee', 'disposition', 'employee',
        "Destruction Council", states={
            'readonly': _states['readonly'],
            'invisible': Eval('kind') != 'destroy',
            'required': (Eval('kind') == 'destroy')
            & (Eval('state') != 'draft'),
            })
    method = fields.Selection([
            (None, ''),
            ('chemical', "Chemical"),
            ('mechanical', "Mechanical"),
            ('burning', "Burning"),
            ('burial', "Burial"),
            ], "Method", states={
            'readonly': _states['readonly'],
            'invisible': Eval('kind') != 'destroy',
            'required': (Eval('kind') == 'destroy')
            & (Eval('state') != 'draft'),
            })
    place = fields.Char("Place", states=_states)
    # sale
    buyer = fields.Many2One(
        'party.party', "Buyer", states={
            'readonly': _states['readonly'],
            'invisible': Eval('kind') != 'sell',
            'required': (Eval('kind') == 'sell') & (Eval('state') != 'draft'),
            },
        context={'company': Eval('company', -1)}, depends={'company'})
    sale_amount = fields.Numeric(
        "Sale Amount", digits=(16, 0), states={
            'readonly': _states['readonly'],
            'invisible': Eval('kind') != 'sell',
            'required': (Eval('kind') == 'sell') & (Eval('state') != 'draft'),
            },
        domain=[If(Eval('sale_amount'), ('sale_amount', '>=', 0), ())])
    elements_removed = fields.Boolean(
        "Infringing Elements Removed", states={
            'readonly': _states['readonly'],
            'invisible': Eval('kind') != 'sell',
            },
        help="Counterfeit or IP-infringing goods are sold only once the "
        "infringing elements are removed (Law Art 82).")
    # return, transfer, investigators
    recipient = fields.Many2One(
        'party.party', "Recipient", states={
            'readonly': _states['readonly'],
            'invisible': ~Eval('kind').in_(
                ['return', 'transfer', 'investigators']),
            'required': Eval('kind').in_(
                ['return', 'transfer', 'investigators'])
            & (Eval('state') != 'draft'),
            },
        context={'company': Eval('company', -1)}, depends={'company'})
    lines = fields.One2Many(
        'qltt.disposition.line', 'disposition', "Lines", states=_states)
    moves = fields.One2Many('stock.move', 'origin', "Moves", readonly=True)
    documents = fields.Many2Many(
        'qltt.disposition-qltt.case.document', 'disposition', 'document',
        "Documents", readonly=True)
    value = fields.Function(
        fields.Numeric("Value", digits=(16, 0)), 'get_value')
    state = fields.Selection([
            ('draft', "Draft"),
            ('approved', "Approved"),
            ('done', "Done"),
            ('cancelled', "Cancelled"),
            ], "State", readonly=True, required=True)
    approved_by = employee_field(
        "Approved By", states=['approved', 'done', 'cancelled'])
    done_by = employee_field("Done By", states=['done', 'cancelled'])
    del _states

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.add(
            Index(t, (t.state, Index.Equality(cardinality='low'))))
        cls._order = [('date', 'DESC'), ('id', 'DESC')]
        cls._transitions |= {
            ('draft', 'approved'),
            ('approved', 'done'),
            ('approved', 'draft'),
            ('draft', 'cancelled'),
            ('approved', 'cancelled'),
            ('cancelled', 'draft'),
            }
        cls._buttons.update({
                'approve': {
                    'invisible': Eval('state') != 'draft',
                    'depends': ['state'],
                    },
                'do': {
                    'invisible': Eval('state') != 'approved',
                    'depends': ['state'],
                    },
                'draft': {
                    'invisible': ~Eval('state').in_(
                        ['approved', 'cancelled']),
                    'depends': ['state'],
                    },
                'cancel': {
                    'invisible': ~Eval('state').in_(['draft', 'approved']),
                    'depends': ['state'],
                    },
                })

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @staticmethod
    def default_state():
        return 'draft'

    @staticmethod
    def default_date():
        return Pool().get('ir.date').today()

    def get_rec_name(self, name):
        return self.number or str(self.id)

    def get_value(self, name):
        return sum((l.value or 0 for l in self.lines), Decimal(0))

    @classmethod
    def preprocess_values(cls, mode, values):
        pool = Pool()
        Configuration = pool.get('qltt.configuration')
        values = super().preprocess_values(mode, values)
        if mode == 'create' and not values.get('number'):
            values['number'] = Configuration.of_company(
                values.get('company')).company_sequence(
                'disposition_sequence').get()
        return values

    @staticmethod
    def default_elements_removed():
        return False

    @classmethod
    def lock_lots(cls, dispositions):
        """Lock the lots of the dispositions: two requests that approve
        the same lot run one after the other, the second one seeing what
        the first reserved (Tryton restarts the request with the lock)"""
        pool = Pool()
        Lot = pool.get('stock.lot')
        lots = {l.seizure_line.lot for d in dispositions for l in d.lines
            if l.seizure_line.lot}
        if lots:
            Lot.lock(sorted(lots, key=lambda l: l.id))

    @classmethod
    def reserved_quantities(cls, dispositions):
        """Quantity of each lot reserved by the approved dispositions other
        than dispositions: {lot id: quantity}"""
        pool = Pool()
        Line = pool.get('qltt.disposition.line')
        lots = list({l.seizure_line.lot.id for d in dispositions
                for l in d.lines if l.seizure_line.lot})
        reserved = defaultdict(float)
        if not lots:
            return reserved
        with without_check_access():
            for line in Line.search([
                        ('disposition.state', '=', 'approved'),
                        ('disposition', 'not in',
                            [d.id for d in dispositions]),
                        ('seizure_line.lot', 'in', lots),
                        ]):
                reserved[line.seizure_line.lot.id] += line.quantity
        return reserved

    @classmethod
    def check_quantities(cls, dispositions):
        """Never dispose of more than is held (Decree 138/2021 Art 8), less
        what the other approved dispositions reserved"""
        lines = [l for d in dispositions for l in d.lines]
        held = lot_quantities([l.seizure_line.lot.id for l in lines
                if l.seizure_line.lot])
        reserved = cls.reserved_quantities(dispositions)
        wanted = defaultdict(float)
        for lot_id, quantity in reserved.items():
            wanted[lot_id] = quantity
        for disposition in dispositions:
            if not disposition.lines:
                raise DispositionError(gettext(
                        'qltt_warehouse.msg_disposition_no_lines',
                        disposition=disposition.rec_name))
            for line in disposition.lines:
                lot = line.seizure_line.lot
                if line.seizure_line.seizure.case != disposition.case:
                    raise DispositionError(gettext(
                            'qltt_warehouse.msg_disposition_other_case',
                            line=line.seizure_line.rec_name,
                            case=disposition.case.rec_name))
                lot_id = lot.id if lot else None
                wanted[lot_id] += line.quantity
                available = sum(held.get(lot_id, {}).values()) if lot else 0
                if wanted[lot_id] > available:
                    if reserved.get(lot_id):
                        raise DispositionError(gettext(
                                'qltt_warehouse.msg_disposition_reserved',
                                disposition=disposition.rec_name,
                                line=line.seizure_line.rec_name,
                                quantity=line.quantity, held=available,
                                reserved=reserved[lot_id]))
                    raise DispositionError(gettext(
                            'qltt_warehouse.msg_disposition_over_held',
                            disposition=disposition.rec_name,
                            line=line.seizure_line.rec_name,
                            quantity=line.quantity, held=available))
        return held

    @classmethod
    def check_ordered(cls, dispositions):
        """Goods leave custody only as the case orders (Decree 138/2021
        Art 8, 16; Decree 77/2025; Law Art 62, 82)"""
        for disposition in dispositions:
            disposition.check_sale()
            case = disposition.case
            if case.state == 'transferred':
                # the exhibits go with the file (Law Art 62)
                if disposition.kind != 'investigators':
                    raise DispositionError(gettext(
                            'qltt_warehouse.msg_disposition_transferred',
                            disposition=disposition.rec_name,
                            case=case.rec_name))
            elif disposition.kind == 'investigators':
                raise DispositionError(gettext(
                        'qltt_warehouse.msg_disposition_not_transferred',
                        disposition=disposition.rec_name,
                        case=case.rec_name))
            elif case.state in NO_DECISION_STATES:
                if disposition.kind != 'return':
                    raise DispositionError(gettext(
                            'qltt_warehouse.msg_disposition_return_only',
                            disposition=disposition.rec_name,
                            case=case.rec_name))
            elif case.state not in {'decided', 'done'}:
                if (disposition.kind not in EARLY_KINDS
                        or not all(l.seizure_line.perishable
                            for l in disposition.lines)):
                    raise DispositionError(gettext(
                            'qltt_warehouse.msg_disposition_before_decision',
                            disposition=disposition.rec_name,
                            case=case.rec_name))
        decided = [d for d in dispositions if d.case.state in {
                'decided', 'done'}]
        if decided:
            cls.check_decision(decided)

    def check_sale(self):
        "Prohibited goods are never sold, counterfeit ones only cleaned"
        if self.kind != 'sell':
            return
        for line in self.lines:
            category = line.seizure_line.category
            if category in NEVER_SOLD or (
                    category in SOLD_CLEANED and not self.elements_removed):
                raise DispositionError(gettext(
                        'qltt_warehouse.msg_disposition_sale_forbidden',
                        disposition=self.rec_name,
                        line=line.seizure_line.rec_name,
                        category=line.seizure_line.category_string))

    @classmethod
    def check_decision(cls, dispositions):
        """The confiscated goods are sold or handed over, those confiscated
        or ordered destroyed are destroyed, the rest is returned (Decree
        138/2021 Art 16), counting the other approved or done
        dispositions of the same goods"""
        pool = Pool()
        Line = pool.get('qltt.disposition.line')
        ids = {d.id for d in dispositions}
        used = defaultdict(lambda: defaultdict(float))
        with without_check_access():
            others = Line.search([
                    ('disposition.case', 'in',
                        list({d.case.id for d in dispositions})),
                    ('disposition.state', 'in', ['approved', 'done']),
                    ('disposition', 'not in', list(ids)),
                    ])
        for line in others:
            used[line.seizure_line.id][line.disposition.kind] += (
                line.quantity)
        for disposition in dispositions:
            for line in disposition.lines:
                used[line.seizure_line.id][disposition.kind] += (
                    line.quantity)
        ordered = {}
        for disposition in dispositions:
            case = disposition.case
            if case.id not in ordered:
                ordered[case.id] = case.ordered_quantities()
            for line in disposition.lines:
                seizure_line = line.seizure_line
                order = ordered[case.id].get(seizure_line.id, {})
                confiscated = order.get('confiscated', 0)
                destroyed = order.get('destroyed', 0)
                kinds = used[seizure_line.id]
                sold = sum(kinds[k] for k in CONFISCATED_KINDS)
                checks = []
                if disposition.kind == 'return':
                    checks.append((kinds['return'],
                            seizure_line.quantity - confiscated - destroyed))
                else:
                    # only confiscated goods are sold or handed over;
                    # destroyed are the goods confiscated or ordered
                    # destroyed
                    checks.append((sold, confiscated))
                    checks.append((sold + kinds['destroy'],
                            confiscated + destroyed))
                if disposition.kind == 'return':
                    message = 'qltt_warehouse.msg_disposition_return_ordered'
                else:
                    message = 'qltt_warehouse.msg_disposition_not_ordered'
                for wanted, allowed in checks:
                    if wanted > allowed:
                        raise DispositionError(gettext(message,
                                disposition=disposition.rec_name,
                                case=case.rec_name,
                                line=seizure_line.rec_name,
                                quantity=wanted, ordered=max(allowed, 0)))

    @classmethod
    @ModelView.button
    @transition('approved')
    @set_employee('approved_by')
    def approve(cls, dispositions):
        cls.lock_lots(dispositions)
        cls.check_ordered(dispositions)
        cls.check_quantities(dispositions)

    @classmethod
    @ModelView.button
    @transition('draft')
    def draft(cls, dispositions):
        pass

    @classmethod
    @ModelView.button
    @transition('cancelled')
    def cancel(cls, dispositions):
        pass

    @classmethod
    @ModelView.button
    @transition('done')
    @set_employee('done_by')
    def do(cls, dispositions):
        "Move the goods out of custody and issue the minutes"
        pool = Pool()
        Move = pool.get('stock.move')
        Location = pool.get('stock.location')
        Seizure = pool.get('qltt.seizure')
        Document = pool.get('qltt.case.document')
        DocumentType = pool.get('qltt.case.document.type')
        for disposition in dispositions:
            disposition.check_required()
        cls.lock_lots(dispositions)
        documents = []
        for disposition in dispositions:
            signer = disposition.case.team.leader
            for code in DOCUMENTS[disposition.kind]:
                documents.append((disposition, Document(
                            case=disposition.case,
                            type=DocumentType.get_by_code(code),
                            date=disposition.date, signer=signer,
                            description=disposition.rec_name)))
        # their numbers' locks before the moves (a lock taken later runs
        # the request again from its start)
        Document.lock_numbering([d for _, d in documents])
        cls.check_ordered(dispositions)
        held = cls.check_quantities(dispositions)
        moves = []
        for disposition in dispositions:
            destination = Location.get_disposition_location(
                disposition.kind, disposition.company)
            for line in disposition.lines:
                seizure_line = line.seizure_line
                remaining = line.quantity
                # take the lot from the evidence stores that hold it
                for location_id, quantity in sorted(
                        held[seizure_line.lot.id].items()):
                    if remaining <= 0:
                        break
                    if quantity <= 0:
                        continue
                    taken = min(quantity, remaining)
                    held[seizure_line.lot.id][location_id] -= taken
                    remaining -= taken
                    moves.append(evidence_move(
                            seizure_line.unit_value or Decimal(0),
                            disposition.company.currency,
                            product=seizure_line.product,
                            lot=seizure_line.lot, unit=seizure_line.unit,
                            quantity=taken,
                            from_location=Location(location_id),
                            to_location=destination,
                            effective_date=disposition.date,
                            company=disposition.company,
                            origin=disposition))
        Move.save(moves)
        Move.do(moves)
        Document.issue_new([d for _, d in documents])
        for disposition, document in documents:
            disposition.documents += (document,)
        cls.save(dispositions)
        Seizure.close_disposed(list({
                    l.seizure_line.seizure for d in dispositions
                    for l in d.lines}))

    def check_required(self):
        "What each kind needs before it is done (Decree 77/2025)"
        required = {
            'destroy': ['council', 'method'],
            'sell': ['buyer', 'sale_amount'],
            'return': ['recipient'],
            'transfer': ['recipient'],
            'investigators': ['recipient'],
            }[self.kind]
        check_required(self, required, DispositionError,
            'qltt_warehouse.msg_disposition_required', 'disposition',
            zero=True)


class DispositionLine(ValueCheckMixin, ModelSQL, ModelView):
    "Disposition Line"
    __string__ = "Disposition Line"
    __name__ = 'qltt.disposition.line'
    _history = True
    _states = {'readonly': Eval('disposition_state') != 'draft'}
    disposition = fields.Many2One(
        'qltt.disposition', "Disposition", required=True,
        ondelete='CASCADE', states=_states)
    disposition_state = fields.Function(
        fields.Selection('get_disposition_states', "Disposition State"),
        'on_change_with_disposition_state')
    case = fields.Function(fields.Many2One('qltt.case', "Case"),
        'on_change_with_case')
    seizure_line = fields.Many2One(
        'qltt.seizure.line', "Seized Goods", required=True, states=_states,
        domain=[
            ('seizure.case', '=', Eval('case', -1)),
            ('seizure.state', '=', 'held'),
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
        cls.__access__.add('disposition')

    @classmethod
    def get_disposition_states(cls):
        pool = Pool()
        Disposition = pool.get('qltt.disposition')
        return Disposition.fields_get(['state'])['state']['selection']

    @fields.depends('disposition', '_parent_disposition.state')
    def on_change_with_disposition_state(self, name=None):
        if self.disposition:
            return self.disposition.state

    @fields.depends('disposition', '_parent_disposition.case')
    def on_change_with_case(self, name=None):
        if self.disposition and self.disposition.case:
            return self.disposition.case

    @fields.depends('seizure_line', 'quantity')
    def on_change_seizure_line(self):
        if self.seizure_line and not self.quantity:
            self.quantity = self.seizure_line.held_quantity

    @fields.depends('seizure_line', 'quantity')
    def on_change_with_value(self, name=None):
        if (self.seizure_line and self.quantity is not None
                and self.seizure_line.unit_value is not None):
            return (Decimal(str(self.quantity))
                * self.seizure_line.unit_value).quantize(Decimal(1))


class DispositionEmployee(ModelSQL):
    "Disposition - Council Member"
    __string__ = "Disposition - Council Member"
    __name__ = 'qltt.disposition-company.employee'
    disposition = fields.Many2One(
        'qltt.disposition', "Disposition", required=True, ondelete='CASCADE')
    employee = fields.Many2One(
        'company.employee', "Employee", required=True, ondelete='RESTRICT')


class DispositionDocument(ModelSQL):
    "Disposition - Document"
    __string__ = "Disposition - Document"
    __name__ = 'qltt.disposition-qltt.case.document'
    disposition = fields.Many2One(
        'qltt.disposition', "Disposition", required=True, ondelete='CASCADE')
    document = fields.Many2One(
        'qltt.case.document', "Document", required=True, ondelete='RESTRICT')
