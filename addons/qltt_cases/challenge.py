# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""A sanction decision challenged by the offender: a complaint or a lawsuit
(Law on Handling Administrative Violations Art 15).  The decision stays in
force meanwhile; the Ministry of Justice statistics count the decisions
challenged (Decree 118/2021 Art 35)."""
from trytond.model import fields
from trytond.pool import PoolMeta
from trytond.pyson import Bool, Eval

CHALLENGE_KINDS = [
    (None, ''),
    ('complaint', "Complaint"),
    ('lawsuit', "Lawsuit"),
    ]


class Case(metaclass=PoolMeta):
    __name__ = 'qltt.case'
    challenge_kind = fields.Selection(
        CHALLENGE_KINDS, "Decision Challenged By",
        states={
            'invisible': ~Eval('state').in_(['decided', 'done']),
            },
        help="The offender filed a complaint or a lawsuit against the "
        "sanction decision (Law Art 15).")
    challenge_date = fields.Date(
        "Challenged On",
        states={
            'invisible': ~Eval('challenge_kind'),
            'required': Bool(Eval('challenge_kind')),
            })

    @classmethod
    def copy(cls, cases, default=None):
        default = default.copy() if default is not None else {}
        default.setdefault('challenge_kind')
        default.setdefault('challenge_date')
        return super().copy(cases, default=default)
