# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from trytond.model import fields
from trytond.pool import PoolMeta


class Party(metaclass=PoolMeta):
    __name__ = 'party.party'

    # The forms of Decree 118/2021 address a person as "ông (bà)": "ông"
    # or "bà" when known (offenders, officers)
    gender = fields.Selection([
            (None, ""),
            ('male', "Male"),
            ('female', "Female"),
            ], "Gender",
        help="For a person: the forms print \"ông\" or \"bà\" instead of "
        "\"ông (bà)\".")
