# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Dates and amounts in messages, files and forms as the unit's staff read
them: with the formats of the Vietnamese language record (ir.lang `vi` of
qltt.xml: dd/mm/yyyy, 1.234.567), whatever the language of the user."""
from decimal import Decimal

from trytond.pool import Pool

LANGUAGE = 'vi'


def _lang():
    return Pool().get('ir.lang').get(LANGUAGE)


def format_date(value):
    "'09/03/2026', or '' without a date"
    return _lang().strftime(value) if value else ''


def format_amount(value):
    "An amount of whole dong: '25.000.000', '-1.500', '0' without one"
    value = int(Decimal(value or 0).quantize(Decimal(1)))
    return _lang().format_number(value, digits=0)
