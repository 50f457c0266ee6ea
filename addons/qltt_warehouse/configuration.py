# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from trytond.model import fields
from trytond.modules.qltt_cases.configuration import default_sequence
from trytond.pool import PoolMeta
from trytond.pyson import Id


class Configuration(metaclass=PoolMeta):
    __name__ = 'qltt.configuration'
    seizure_sequence = fields.Many2One(
        'ir.sequence', "Seizure Sequence", required=True,
        domain=[('sequence_type', '=',
                Id('qltt_warehouse', 'sequence_type_seizure'))])
    disposition_sequence = fields.Many2One(
        'ir.sequence', "Disposition Sequence", required=True,
        domain=[('sequence_type', '=',
                Id('qltt_warehouse', 'sequence_type_disposition'))])

    default_seizure_sequence = default_sequence(
        'sequence_seizure', 'qltt_warehouse')
    default_disposition_sequence = default_sequence(
        'sequence_disposition', 'qltt_warehouse')
