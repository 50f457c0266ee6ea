# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from trytond.model import fields
from trytond.modules.qltt_cases.configuration import (
    default_company_value, default_sequence, sequence_domain)
from trytond.pool import PoolMeta

SEQUENCE_FIELDS = {'seizure_sequence', 'disposition_sequence'}


class Configuration(metaclass=PoolMeta):
    __name__ = 'qltt.configuration'
    seizure_sequence = fields.MultiValue(fields.Many2One(
            'ir.sequence', "Seizure Sequence", required=True,
            domain=sequence_domain(
                'sequence_type_seizure', 'qltt_warehouse')))
    disposition_sequence = fields.MultiValue(fields.Many2One(
            'ir.sequence', "Disposition Sequence", required=True,
            domain=sequence_domain(
                'sequence_type_disposition', 'qltt_warehouse')))

    # Law Art 125(8) as amended by Law 67/2020: the seizure term
    seizure_days = fields.Integer(
        "Seizure Term (working days)", required=True,
        help="Law on Handling Administrative Violations Art 125(8) as "
        "amended by Law 67/2020: 07 working days from the seizure.")
    seizure_days_level_up = fields.Integer(
        "Seizure Term When the File Goes Up (working days)", required=True,
        help="Law Art 125(8) as amended: 10 working days when the file goes "
        "to the official who holds the authority [unverified].")
    seizure_months = fields.Integer(
        "Seizure Term With Explanation or Verification (months)",
        required=True,
        help="Law Art 125(8) as amended: up to 01 month from the seizure "
        "for a case decided within 01 month (Art 66(1)).")
    seizure_extension_months = fields.Integer(
        "Seizure Term Extension (months)", required=True,
        help="Law Art 125(8) as amended: at most 01 more month, by a "
        "written extension (MQĐ21).")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._company_values = {
            **cls._company_values,
            **{n: 'qltt.configuration.sequence' for n in SEQUENCE_FIELDS},
            }

    default_seizure_sequence = default_company_value('seizure_sequence')
    default_disposition_sequence = default_company_value(
        'disposition_sequence')

    @classmethod
    def default_seizure_days(cls):
        return 7

    @classmethod
    def default_seizure_days_level_up(cls):
        return 10

    @classmethod
    def default_seizure_months(cls):
        return 1

    @classmethod
    def default_seizure_extension_months(cls):
        return 1


class ConfigurationSequence(metaclass=PoolMeta):
    __name__ = 'qltt.configuration.sequence'
    seizure_sequence = fields.Many2One(
        'ir.sequence', "Seizure Sequence",
        domain=sequence_domain(
            'sequence_type_seizure', 'qltt_warehouse'))
    disposition_sequence = fields.Many2One(
        'ir.sequence', "Disposition Sequence",
        domain=sequence_domain(
            'sequence_type_disposition', 'qltt_warehouse'))

    default_seizure_sequence = default_sequence(
        'sequence_seizure', 'qltt_warehouse')
    default_disposition_sequence = default_sequence(
        'sequence_disposition', 'qltt_warehouse')
