# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Settings of the office work: the register of incoming documents, the
unit's abbreviation in outgoing numbers and the INS upload limit."""
from trytond.model import fields
from trytond.modules.qltt_cases.configuration import default_sequence
from trytond.pool import PoolMeta
from trytond.pyson import Id


class Configuration(metaclass=PoolMeta):
    __name__ = 'qltt.configuration'

    incoming_sequence = fields.Many2One(
        'ir.sequence', "Incoming Document Sequence", required=True,
        domain=[('sequence_type', '=',
                Id('qltt_office', 'sequence_type_incoming'))],
        help="Numbers of the register of incoming documents (số đến).")
    office_unit_abbreviation = fields.Char(
        "Unit Abbreviation", required=True,
        help="Abbreviation of the unit in the numbers of its outgoing "
        "documents, e.g. 15/QĐ-CCQLTT (Decree 30/2020/NĐ-CP Annex I).")
    ins_upload_days = fields.Integer(
        "INS Upload Limit (days)", required=True,
        help="Paper documents must be scanned and uploaded to INS within "
        "48 hours of signing (Circular 22/2021/TT-BCT). Documents carry "
        "the signing day, not the hour: the limit is counted in days after "
        "that day.")

    default_incoming_sequence = default_sequence(
        'sequence_incoming', 'qltt_office')

    @classmethod
    def default_office_unit_abbreviation(cls):
        return 'CCQLTT'

    @classmethod
    def default_ins_upload_days(cls):
        return 2
