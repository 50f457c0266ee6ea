# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Money from selling confiscated goods (qltt_warehouse dispositions).

A sale done by the warehouse becomes proceeds for the accountant to post:
the buyer's receivable, held in the temporary account until the costs are
deducted and the rest is remitted (Decree 77/2025; former Decree 29/2018
Art 29, 33)."""
from trytond.model import ModelView, fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval


class Proceeds(metaclass=PoolMeta):
    __name__ = 'qltt.proceeds'

    @classmethod
    def _get_origin(cls):
        return super()._get_origin() + ['qltt.disposition']


class Disposition(metaclass=PoolMeta):
    __name__ = 'qltt.disposition'
    proceeds = fields.One2Many(
        'qltt.proceeds', 'origin', "Proceeds", readonly=True,
        states={
            'invisible': Eval('kind') != 'sell',
            })

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._workflow_owned_fields |= {'proceeds'}

    @classmethod
    @ModelView.button
    def do(cls, dispositions):
        pool = Pool()
        Proceeds = pool.get('qltt.proceeds')
        super().do(dispositions)
        Proceeds.save([Proceeds(
                    company=d.company, case=d.case, kind='sale', origin=d,
                    buyer=d.buyer, date=d.date, amount=d.sale_amount,
                    description=d.rec_name)
                for d in dispositions
                if d.kind == 'sell' and not d.proceeds])
