# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Sanctionable acts, their fine brackets, and who may sanction them."""
from decimal import Decimal

from trytond import backend
from trytond.i18n import gettext
from trytond.model import DeactivableMixin, ModelSQL, ModelView, Unique, fields
from trytond.model.exceptions import ValidationError
from trytond.pool import Pool
from trytond.tools import grouped_slice
from trytond.transaction import Transaction

from .data_upgrade import backfill
from .value import ValueCheckMixin

CATEGORIES = [
    ('smuggled', "Smuggled goods"),
    ('counterfeit', "Counterfeit goods"),
    ('ip', "IP infringement"),
    ('prohibited', "Prohibited goods"),
    ('unclear_origin', "Goods of unclear origin"),
    ('business_conditions', "Business conditions"),
    ('price', "Prices"),
    ('label', "Labels"),
    ('ecommerce', "E-commerce"),
    ('other', "Other"),
    ]
FIELDS = [
    ('commerce', "Commerce"),
    ('counterfeit', "Counterfeit or prohibited goods, consumer protection"),
    ]
OFFENDER_KINDS = [
    ('individual', "Individual"),
    ('organisation', "Organisation"),
    ]
# The principal sanctions QLTT gives (Law Art 21(1)(a), (b)); one per act
PRINCIPAL_SANCTIONS = [
    ('fine', "Fine"),
    ('warning', "Warning"),
    ]
# Additional sanctions (Law Art 21(2), 25, 26) and remedial measures (Law
# Art 28(1)) a decision may order for an act, as its decree lists them
MEASURES = [
    ('sanction_confiscation', "Confiscation of Exhibits and Means"),
    ('sanction_licence', "Withdrawal of Licence or Practising Certificate"),
    ('sanction_suspension', "Suspension of Activity"),
    ('remedy_destroy', "Forced Destruction"),
    ('remedy_remove', "Removal of Infringing Elements"),
    ('remedy_recall', "Forced Recall"),
    ('remedy_reexport', "Forced Re-export"),
    ('remedy_profit', "Payment of the Illegal Profit"),
    ]
MEASURE_REQUIREMENTS = [
    (None, "Not Provided"),
    ('allowed', "Allowed"),
    ('required', "Required"),
    ]


def offender_multiplier(offender_kind):
    """Organisations pay twice the individual amount and the authority over
    them is doubled too (Decree 98/2020 Art 4(4) as amended by Decree
    17/2022; Decree 189/2025 Art 12)"""
    return 2 if offender_kind == 'organisation' else 1


class LegalBasis(ValueCheckMixin, DeactivableMixin, ModelSQL, ModelView):
    __string__ = "Legal Basis"
    __name__ = 'qltt.legal.basis'
    _rec_name = 'code'

    code = fields.Char("Code", required=True)
    decree = fields.Char("Decree", required=True)
    article = fields.Char("Article")
    clause = fields.Char("Clause")
    point = fields.Char("Point")
    name = fields.Char("Act", required=True, translate=True)
    category = fields.Selection(CATEGORIES, "Category", required=True)
    field = fields.Selection(
        FIELDS, "Field", required=True,
        help="The field decides the maximum fine and so the sanctioning "
        "authority (Decree 98/2020 Art 4(4)).")
    value_from = fields.Numeric(
        "Value From", digits=(16, 0),
        help="Value of the goods (or illegal profit) from which the bracket "
        "applies, included.")
    value_to = fields.Numeric(
        "Value To", digits=(16, 0),
        help="Value up to which the bracket applies, excluded. "
        "Empty means no upper limit.")
    value_lower_exclusive = fields.Boolean(
        "Lower Value Excluded",
        help="For brackets worded \"from above X to Y\" (Decree 119/2017).")
    fine_min = fields.Numeric(
        "Minimum Fine", digits=(16, 0),
        help="For an individual; an organisation pays twice.")
    fine_max = fields.Numeric(
        "Maximum Fine", digits=(16, 0),
        help="For an individual; an organisation pays twice.")
    warning = fields.Boolean(
        "Warning Allowed",
        help="The decree provides a warning instead of the fine for this "
        "act (\"phạt cảnh cáo hoặc phạt tiền\"; Law on Handling "
        "Administrative Violations Art 21(1)(a), 22).")
    limitation_years = fields.Integer(
        "Limitation (years)",
        help="Limitation period for sanctioning (Law on Handling "
        "Administrative Violations Art 6). Empty means 1 year.")
    additional_sanctions = fields.Text("Additional Sanctions")
    remedial_measures = fields.Text("Remedial Measures")

    # additional sanctions and remedial measures the decree of the act
    # provides: a decision orders only these, and all the required ones
    sanction_confiscation = fields.Selection(
        MEASURE_REQUIREMENTS, "Confiscation",
        help="Confiscation of the exhibits and means (Law Art 26).")
    sanction_licence = fields.Selection(
        MEASURE_REQUIREMENTS, "Licence Withdrawal",
        help="Withdrawal of the licence or practising certificate for a "
        "period (Law Art 25).")
    sanction_suspension = fields.Selection(
        MEASURE_REQUIREMENTS, "Activity Suspension",
        help="Suspension of the activity for a period (Law Art 25).")
    remedy_destroy = fields.Selection(
        MEASURE_REQUIREMENTS, "Forced Destruction",
        help="Forced destruction of goods harmful to health, animals, "
        "plants or the environment (Law Art 28(1)).")
    remedy_remove = fields.Selection(
        MEASURE_REQUIREMENTS, "Removal of Infringing Elements",
        help="Law Art 28(1).")
    remedy_recall = fields.Selection(
        MEASURE_REQUIREMENTS, "Forced Recall", help="Law Art 28(1).")
    remedy_reexport = fields.Selection(
        MEASURE_REQUIREMENTS, "Forced Re-export", help="Law Art 28(1).")
    remedy_profit = fields.Selection(
        MEASURE_REQUIREMENTS, "Payment of the Illegal Profit",
        help="Law Art 28(1).")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints = [
            ('code_uniq', Unique(t, t.code),
                'qltt_cases.msg_legal_basis_code_unique'),
            ]
        cls._order.insert(0, ('code', 'ASC'))

    @classmethod
    def __register__(cls, module):
        super().__register__(module)
        # Migration from the catalogue without measures (issue #20) or
        # warnings: the shipped records get those of their act (noupdate)
        backfill(cls, module, 'legal_basis.xml',
            [n for n, _ in MEASURES] + ['warning'])

    @staticmethod
    def default_field():
        return 'commerce'

    @staticmethod
    def default_category():
        return 'other'

    def get_rec_name(self, name):
        return f'{self.code} - {self.name}'

    @classmethod
    def search_rec_name(cls, name, clause):
        _, operator, value = clause
        bool_op = 'AND' if operator.startswith(('!', 'not ')) else 'OR'
        return [bool_op,
            ('code', operator, value),
            ('name', operator, value),
            ]

    @property
    def limitation(self):
        "Limitation period in years (Law Art 6(1)(a): 1 year by default)"
        return self.limitation_years or 1

    def bracket(self, offender_kind):
        "Return (minimum, maximum) fine for the offender kind"
        multiplier = offender_multiplier(offender_kind)
        if self.fine_min is None or self.fine_max is None:
            return None, None
        return self.fine_min * multiplier, self.fine_max * multiplier

    @classmethod
    def on_modification(cls, mode, records, field_names=None):
        pool = Pool()
        Case = pool.get('qltt.case')
        Violation = pool.get('qltt.case.violation')
        super().on_modification(mode, records, field_names=field_names)
        if mode == 'write' and 'category' in field_names:
            # the statistics groups of the acts' cases follow the category
            violation = Violation.__table__()
            cursor = Transaction().connection.cursor()
            for sub_ids in grouped_slice(
                    [r.id for r in records], backend.MAX_QUERY_PARAMS):
                cursor.execute(*violation.select(violation.case,
                        where=fields.SQL_OPERATORS['in'](
                            violation.legal_basis, sub_ids),
                        group_by=[violation.case]))
                Case.update_acts_amounts([c for c, in cursor])

    @classmethod
    def validate_fields(cls, records, field_names):
        super().validate_fields(records, field_names)
        for record in records:
            if (record.fine_min is not None and record.fine_max is not None
                    and (record.fine_min < 0
                        or record.fine_min > record.fine_max)):
                raise ValidationError(gettext(
                        'qltt_cases.msg_legal_basis_bracket',
                        legal_basis=record.rec_name))


class SanctionAuthority(
        ValueCheckMixin, DeactivableMixin, ModelSQL, ModelView):
    """Sanctioning Authority

    The fine an official may decide, as a share of the field maximum
    (Decree 189/2025/NĐ-CP Art 12 for QLTT).
    """
    __string__ = "Sanctioning Authority"
    __name__ = 'qltt.sanction.authority'
    name = fields.Char("Position", required=True, translate=True)
    code = fields.Char("Code", required=True)
    sequence = fields.Integer("Sequence")
    share = fields.Numeric(
        "Share of Field Maximum", digits=(3, 2), required=True)
    limit_commerce = fields.Numeric(
        "Limit in Commerce", digits=(16, 0), required=True,
        help="For an individual; doubled for an organisation.")
    limit_counterfeit = fields.Numeric(
        "Limit for Counterfeit Goods", digits=(16, 0), required=True,
        help="For an individual; doubled for an organisation.")
    may_suspend_licence = fields.Boolean("May Suspend Licences")
    remedial_measures = fields.Boolean("May Apply Remedial Measures")
    confiscation = fields.Text("Confiscation")
    confiscation_multiple = fields.Numeric(
        "Confiscation Limit (Multiple of the Fine Limit)", digits=(3, 1),
        help="The official confiscates exhibits and means worth up to this "
        "multiple of the fine limit (Decree 189/2025 Art 12: twice for a "
        "controller and a team head); empty: without a value limit.")
    qltt = fields.Boolean("QLTT Position")
    source = fields.Text("Source")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints = [
            ('code_uniq', Unique(t, t.code),
                'qltt_cases.msg_authority_code_unique'),
            ]
        cls._order.insert(0, ('sequence', 'ASC NULLS LAST'))

    @classmethod
    def __register__(cls, module):
        super().__register__(module)
        # Migration from the authorities without confiscation limit (issue
        # #20): the shipped records get theirs (noupdate data)
        backfill(cls, module, 'authority.xml', ['confiscation_multiple'])

    def limit(self, field, offender_kind):
        """Highest bracket top this official may sanction: authority is
        judged on the top of the bracket of the act (Law Art 52) and doubled
        for organisations (Decree 189/2025 Art 12)"""
        amount = (self.limit_counterfeit if field == 'counterfeit'
            else self.limit_commerce)
        return (amount or Decimal(0)) * offender_multiplier(offender_kind)

    def confiscation_limit(self, field, offender_kind):
        "Highest value of goods this official may confiscate, or None"
        if self.confiscation_multiple is None:
            return None
        return self.limit(field, offender_kind) * self.confiscation_multiple
