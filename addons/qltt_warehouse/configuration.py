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
