# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Evidence warehouses on Tryton's stock: every custody step is a stock move
whose origin is the seizure or the disposition."""
from sql.conditionals import Case

from trytond.model import fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Bool, Eval, If
from trytond.transaction import Transaction

DISPOSITION_KINDS = [
    ('return', "Return to Owner"),
    ('destroy', "Destruction"),
    ('sell', "Sale"),
    ('transfer', "Transfer to Another Agency"),
    ('investigators', "Hand-over to Investigators"),
    ]
CUSTODY_ORIGINS = ('qltt.seizure,', 'qltt.disposition,')


def evidence_move(price, currency, **values):
    "A stock move that carries the value of the goods where stock needs it"
    Move = Pool().get('stock.move')
    move = Move(**values)
    if move.on_change_with_unit_price_required():
        move.unit_price = price
        move.currency = currency
    # created with it, core does not write it back move by move after the
    # create (compute_fields) and check the closed period for each
    move.internal_quantity = move.on_change_with_internal_quantity()
    return move


def merge_writes(args):
    """The (records, values) pairs of a write with the consecutive pairs of
    equal values joined: one UPDATE and one set of checks for them"""
    merged = []
    for records, values in zip(args[::2], args[1::2]):
        if merged and merged[-1] == values:
            merged[-2] = list(merged[-2]) + list(records)
        else:
            merged.extend([records, values])
    return merged


class Location(metaclass=PoolMeta):
    __name__ = 'stock.location'
    qltt_evidence = fields.Boolean(
        "Evidence Store",
        states={
            'invisible': Eval('type') != 'storage',
            },
        help="Seized goods are kept here (Decree 138/2021 Art 6).")
    qltt_team = fields.Many2One(
        'qltt.team', "Team",
        states={
            'invisible': ~Eval('qltt_evidence'),
            },
        domain=[If(Bool(Eval('qltt_company')),
                ('company', '=', Eval('qltt_company', -1)), ())],
        help="The team whose store it is; empty for a shared store.")
    qltt_company = fields.Many2One(
        'company.company', "Department", ondelete='RESTRICT',
        states={
            'invisible': ~Eval('qltt_evidence'),
            },
        help="The department (company) whose store it is; empty for a "
        "store shared by every department.")
    qltt_disposition = fields.Selection(
        [(None, '')] + DISPOSITION_KINDS, "Disposition",
        help="Where goods go when they are disposed of this way.")
    qltt_examination = fields.Boolean(
        "Expert Examination",
        help="Goods handed over for expert examination (MQĐ41) are here.")

    @classmethod
    def get_disposition_location(cls, kind, company=None):
        "The location of kind of the company, else a shared one"
        if company is None:
            company = Transaction().context.get('company')
        company = getattr(company, 'id', company)
        locations = cls.search([
                ('qltt_disposition', '=', kind),
                ('qltt_company', 'in', [company, None]),
                ])
        locations.sort(key=lambda l: l.qltt_company is None)
        if locations:
            return locations[0]


class Lot(metaclass=PoolMeta):
    __name__ = 'stock.lot'
    qltt_seizure = fields.Many2One(
        'qltt.seizure', "Seizure", readonly=True, ondelete='RESTRICT')


class Move(metaclass=PoolMeta):
    __name__ = 'stock.move'

    @classmethod
    def _get_origin(cls):
        return super()._get_origin() + ['qltt.seizure', 'qltt.disposition']

    @classmethod
    def do(cls, moves):
        # core saves the moves it does one by one (a write, its checks and
        # a closed period search each); for custody moves (a seizure's or a
        # disposition's) the equal ones are written together (write below)
        # with the same checks
        if moves and all(str(m.origin).startswith(CUSTODY_ORIGINS)
                for m in moves):
            with Transaction().set_context(_qltt_merge_writes=True):
                super().do(moves)
        else:
            super().do(moves)

    @classmethod
    def write(cls, *args):
        if Transaction().context.get('_qltt_merge_writes'):
            args = merge_writes(args)
        super().write(*args)


class LotTrace(metaclass=PoolMeta):
    "The history of a lot names the seizure or disposition of each move"
    __name__ = 'stock.lot.trace'

    @classmethod
    def get_documents(cls):
        pool = Pool()
        Model = pool.get('ir.model')
        return super().get_documents() + [
            (m, Model.get_name(m))
            for m in ['qltt.seizure', 'qltt.disposition']]

    @classmethod
    def get_document(cls, tables):
        move = tables['move']
        document = super().get_document(tables)
        qltt = (move.origin.like('qltt.seizure,%')
            | move.origin.like('qltt.disposition,%'))
        # custody moves in an internal shipment show the shipment
        return Case(
            (qltt & (move.shipment == None), move.origin),  # noqa: E711
            else_=document)


class ShipmentInternal(metaclass=PoolMeta):
    "Custody moves between evidence stores or to and from examination"
    __name__ = 'stock.shipment.internal'
    qltt_seizure = fields.Many2One(
        'qltt.seizure', "Seizure", readonly=True,
        states={
            'invisible': ~Eval('qltt_seizure'),
            })
    qltt_reason = fields.Text(
        "Reason", states={
            'invisible': ~Eval('qltt_seizure'),
            'readonly': Eval('state').in_(['done', 'cancelled']),
            })
