# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Settings of the office work: the register of incoming documents, the
unit's abbreviation in outgoing numbers (both per department) and the INS
upload limit."""
from trytond.model import fields
from trytond.modules.qltt_cases.configuration import (
    default_company_value, default_sequence, sequence_domain)
from trytond.pool import PoolMeta


class Configuration(metaclass=PoolMeta):
    __name__ = 'qltt.configuration'

    incoming_sequence = fields.MultiValue(fields.Many2One(
            'ir.sequence', "Incoming Document Sequence", required=True,
            domain=sequence_domain(
                'sequence_type_incoming', 'qltt_office'),
            help="Numbers of the register of incoming documents (số đến)."))
    office_unit_abbreviation = fields.MultiValue(fields.Char(
            "Unit Abbreviation", required=True,
            help="Abbreviation of the unit in the numbers of its outgoing "
            "documents, e.g. 15/QĐ-CCQLTT (Decree 30/2020/NĐ-CP Annex I)."))
    ins_upload_days = fields.Integer(
        "INS Upload Limit (days)", required=True,
        help="Paper documents must be scanned and uploaded to INS within "
        "48 hours of signing (Circular 22/2021/TT-BCT). Documents carry "
        "the signing day, not the hour: the limit is counted in days after "
        "that day.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._company_values = {
            **cls._company_values,
            'incoming_sequence': 'qltt.configuration.sequence',
            'office_unit_abbreviation': 'qltt.configuration.unit',
            }

    default_incoming_sequence = default_company_value('incoming_sequence')
    default_office_unit_abbreviation = default_company_value(
        'office_unit_abbreviation')

    @classmethod
    def default_ins_upload_days(cls):
        return 2


class ConfigurationUnit(metaclass=PoolMeta):
    __name__ = 'qltt.configuration.unit'
    office_unit_abbreviation = fields.Char("Unit Abbreviation")

    @classmethod
    def default_office_unit_abbreviation(cls):
        return 'CCQLTT'


class ConfigurationSequence(metaclass=PoolMeta):
    __name__ = 'qltt.configuration.sequence'
    incoming_sequence = fields.Many2One(
        'ir.sequence', "Incoming Document Sequence",
        domain=sequence_domain(
            'sequence_type_incoming', 'qltt_office'))

    default_incoming_sequence = default_sequence(
        'sequence_incoming', 'qltt_office')
