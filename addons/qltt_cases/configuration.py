# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Settings of the unit: its codes and the legal values the law may change.

docs/law.md marks several of these as unverified or recently changed, so
they are data the admin edits, with the law's current value as default."""
from decimal import Decimal

from trytond.model import ModelSingleton, ModelSQL, ModelView, fields
from trytond.pool import Pool
from trytond.pyson import Id


def default_sequence(name, module='qltt_cases'):
    "Default to the sequence of XML id module.name"
    def default(cls):
        ModelData = Pool().get('ir.model.data')
        try:
            return ModelData.get_id(module, name)
        except KeyError:
            return None
    return classmethod(default)


class Configuration(ModelSingleton, ModelSQL, ModelView):
    __string__ = "Market Surveillance Configuration"
    __name__ = 'qltt.configuration'

    parent_unit_name = fields.Char(
        "Parent Unit",
        help="Printed above the unit's name on documents, e.g. the "
        "provincial Department of Industry and Trade (since 2025).")
    unit_code = fields.Char(
        "Unit Code", size=2, required=True,
        help="Digits 1-2 of unit document numbers "
        "(Circular 22/2021/TT-BCT Art 6).")
    province = fields.Many2One(
        'country.subdivision', "Province",
        help="The province whose communes and wards are the areas.")
    case_sequence = fields.Many2One(
        'ir.sequence', "Case Sequence", required=True,
        domain=[('sequence_type', '=',
                Id('qltt_cases', 'sequence_type_case'))])
    tip_sequence = fields.Many2One(
        'ir.sequence', "Tip Sequence", required=True,
        domain=[('sequence_type', '=',
                Id('qltt_cases', 'sequence_type_tip'))])
    minutes_days = fields.Integer(
        "Minutes Deadline (working days)", required=True,
        help="Decree 118/2021 Art 12: minutes within 2 working days.")
    minutes_days_complex = fields.Integer(
        "Minutes Deadline for Complex Cases (working days)", required=True,
        help="Decree 118/2021 Art 12: 5 working days when complex.")
    decision_days = fields.Integer(
        "Decision Deadline (working days)", required=True,
        help="Law on Handling Administrative Violations Art 66(1) as "
        "amended by Law 67/2020: 07 working days from the minutes.")
    decision_days_level_up = fields.Integer(
        "Decision Deadline When the File Goes Up (working days)",
        required=True,
        help="Law Art 66(1) as amended: 10 working days when the file goes "
        "to the official who holds the authority.")
    decision_months = fields.Integer(
        "Decision Deadline With Explanation or Verification (months)",
        required=True,
        help="Law Art 66(1) as amended: 01 month when the offender explains "
        "(Art 61) or the facts are verified (Art 59).")
    decision_extension_months = fields.Integer(
        "Decision Deadline Extension (months)", required=True,
        help="Law Art 66(1) as amended: at most 01 more month, requested "
        "and approved in writing.")
    explanation_threshold = fields.Numeric(
        "Explanation Threshold", digits=(16, 0), required=True,
        help="Law Art 61: the offender may explain when the top of the "
        "bracket reaches this amount (individual; doubled for "
        "organisations).")
    without_minutes_limit = fields.Numeric(
        "Limit Without Minutes", digits=(16, 0), required=True,
        help="Law Art 56: a sanction without minutes up to this amount "
        "(individual; doubled for organisations).")

    default_case_sequence = default_sequence('sequence_case')
    default_tip_sequence = default_sequence('sequence_tip')

    @classmethod
    def default_unit_code(cls):
        return '00'

    @classmethod
    def default_minutes_days(cls):
        return 2

    @classmethod
    def default_minutes_days_complex(cls):
        return 5

    @classmethod
    def default_decision_days(cls):
        return 7

    @classmethod
    def default_decision_days_level_up(cls):
        return 10

    @classmethod
    def default_decision_months(cls):
        return 1

    @classmethod
    def default_decision_extension_months(cls):
        return 1

    @classmethod
    def default_explanation_threshold(cls):
        return Decimal(15_000_000)

    @classmethod
    def default_without_minutes_limit(cls):
        return Decimal(250_000)
