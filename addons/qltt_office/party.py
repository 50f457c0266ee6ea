# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The register of businesses and premises per area (Circular 27/2020/
TT-BCT Art 34): a business is a party flagged as such, with its lines of
business and licences; each address is a premises whose subdivision
(commune or ward) is its area.  Its form shows its history: inspections and
cases, commitments signed, tips and official correspondence."""
from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, fields
from trytond.modules.qltt_cases.import_mark import ImportMarkMixin
from trytond.modules.qltt_cases.value import ValueCheckMixin
from trytond.pool import PoolMeta
from trytond.pyson import Eval
from trytond.transaction import Transaction

from .exceptions import OfficeValidationError


class Party(ImportMarkMixin, metaclass=PoolMeta):
    __name__ = 'party.party'

    qltt_business = fields.Boolean(
        "Business",
        help="Kept in the register of businesses and premises of the "
        "areas.")
    qltt_business_lines = fields.Text(
        "Lines of Business", states={
            'invisible': ~Eval('qltt_business', False),
            })
    qltt_licences = fields.One2Many(
        'qltt.business.licence', 'party', "Licences", states={
            'invisible': ~Eval('qltt_business', False),
            })
    qltt_areas = fields.Function(fields.Many2Many(
            'country.subdivision', None, None, "Areas",
            help="The communes and wards of the premises (addresses)."),
        'get_qltt_areas', searcher='search_qltt_areas')
    qltt_last_inspection = fields.Function(
        fields.Date("Last Inspection"), 'get_qltt_last_inspection')
    # through the offenders of the cases: a party may be one of several
    qltt_cases = fields.Many2Many(
        'qltt.case.offender', 'party', 'case', "Inspections and Cases",
        readonly=True)
    qltt_commitments = fields.One2Many(
        'qltt.commitment', 'business', "Commitments", readonly=True)
    qltt_tips = fields.One2Many(
        'qltt.tip', 'subject', "Tips", readonly=True)
    qltt_incoming_documents = fields.One2Many(
        'qltt.incoming.document', 'business', "Incoming Documents",
        readonly=True)
    qltt_outgoing_documents = fields.One2Many(
        'qltt.outgoing.document', 'business', "Outgoing Documents",
        readonly=True)

    @classmethod
    def default_qltt_business(cls):
        # the register of businesses creates businesses
        return bool(Transaction().context.get('qltt_business'))

    def get_qltt_areas(self, name):
        return sorted({a.subdivision.id for a in self.addresses
                if a.subdivision})

    @classmethod
    def search_qltt_areas(cls, name, clause):
        nested = clause[0][len(name):]
        return [('addresses.subdivision' + nested, *clause[1:])]

    def get_qltt_last_inspection(self, name):
        return max((c.inspection_date for c in self.qltt_cases
                if c.inspection_date), default=None)


class BusinessLicence(ValueCheckMixin, ModelSQL, ModelView):
    __string__ = "Business Licence"
    __name__ = 'qltt.business.licence'
    party = fields.Many2One(
        'party.party', "Business", required=True, ondelete='CASCADE')
    kind = fields.Selection([
            ('enterprise', "Enterprise Registration"),
            ('household', "Household Business Registration"),
            ('conditional', "Licence for a Conditional Business"),
            ('food_safety', "Food Safety Certificate"),
            ('other', "Other"),
            ], "Kind", required=True)
    number = fields.Char("Number", required=True)
    issuer = fields.Char("Issuer")
    issue_date = fields.Date("Issue Date")
    expiry_date = fields.Date("Expiry Date")
    business_lines = fields.Text("Lines of Business")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('party')
        cls._order.insert(0, ('issue_date', 'DESC NULLS LAST'))

    @staticmethod
    def default_kind():
        return 'household'

    def get_rec_name(self, name):
        return self.number

    @classmethod
    def validate_fields(cls, licences, field_names):
        super().validate_fields(licences, field_names)
        for licence in licences:
            if (licence.issue_date and licence.expiry_date
                    and licence.expiry_date < licence.issue_date):
                raise OfficeValidationError(gettext(
                        'qltt_office.msg_licence_dates',
                        licence=licence.rec_name,
                        business=licence.party.rec_name))
