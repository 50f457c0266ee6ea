# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Values of the civil-service and emulation rules the law may change.

They are data the HR officer edits, with the law's value as default. The
cash rounding, the card warning and the collective ratio (a provincial
decision) are a department's (a value per company); the rest is national."""
import datetime as dt
from decimal import ROUND_UP, Decimal

from trytond.model import ModelSingleton, ModelSQL, ModelView, fields
from trytond.modules.qltt_cases.configuration import (
    CompanyConfigurationMixin, ConfigurationValueMixin, default_company_value)

UNIT_FIELDS = ['cash_rounding', 'card_warning_days', 'collective_ratio']


class Configuration(
        CompanyConfigurationMixin, ModelSingleton, ModelSQL, ModelView):
    __string__ = "Market Surveillance HR Configuration"
    __name__ = 'qltt.hr.configuration'
    _company_values = {
        n: 'qltt.hr.configuration.unit' for n in UNIT_FIELDS}

    base_salary = fields.Numeric(
        "Base Salary", digits=(16, 0), required=True,
        help="2,340,000 VND from 1 July 2024 (Decree 73/2024/NĐ-CP); "
        "cash awards are multiples of it (Decree 152/2025 Art 50-52). "
        "Change it when the Government does.")
    cash_rounding = fields.MultiValue(fields.Numeric(
            "Cash Award Rounding", digits=(16, 0), required=True,
            domain=[('cash_rounding', '>', 0)],
            help="Cash awards are rounded up to a multiple of this amount."))
    card_validity_years = fields.Integer(
        "Card Validity (years)", required=True,
        domain=[('card_validity_years', '>', 0)],
        help="An inspector card is valid 5 years "
        "(Ordinance on Market Surveillance Art 12).")
    card_warning_days = fields.MultiValue(fields.Integer(
            "Card Expiry Warning (days)", required=True,
            domain=[('card_warning_days', '>=', 0)],
            help="Cards expiring within this number of days are flagged."))
    card_transition_issued_before = fields.Date(
        "Old Cards Issued Before",
        help="Cards issued before this date stay valid only until the "
        "date below, or their own earlier expiry (Circular 45/2025 Art 7).")
    card_transition_valid_until = fields.Date("Old Cards Valid Until")
    provincial_soldier_years = fields.Integer(
        "Consecutive Years for Provincial Emulation Soldier", required=True,
        help="Consecutive grassroots emulation soldier titles "
        "(Law 06/2022 Art 22).")
    national_soldier_years = fields.Integer(
        "Consecutive Years for National Emulation Soldier", required=True,
        help="Consecutive provincial emulation soldier titles "
        "(Law 06/2022 Art 21).")
    collective_ratio = fields.MultiValue(fields.Numeric(
            "Advanced Workers in a Collective", digits=(3, 2), required=True,
            domain=[
                ('collective_ratio', '>=', 0),
                ('collective_ratio', '<=', 1),
                ],
            help="Share of the members who must be advanced workers for a "
            "collective title (Bắc Ninh Decision 86/2025 Art 3-4)."))

    @classmethod
    def default_base_salary(cls):
        return Decimal(2_340_000)

    default_cash_rounding = default_company_value('cash_rounding')

    @classmethod
    def default_card_validity_years(cls):
        return 5

    default_card_warning_days = default_company_value('card_warning_days')

    @classmethod
    def default_card_transition_issued_before(cls):
        return dt.date(2025, 7, 15)

    @classmethod
    def default_card_transition_valid_until(cls):
        return dt.date(2025, 12, 31)

    @classmethod
    def default_provincial_soldier_years(cls):
        return 3

    @classmethod
    def default_national_soldier_years(cls):
        return 2

    default_collective_ratio = default_company_value('collective_ratio')

    def cash_award(self, multiple, base_salary=None):
        """Multiple of the base salary (Decree 152/2025 Art 50-52), rounded
        up to the rounding unit, in whole VND"""
        if multiple is None:
            return None
        if base_salary is None:
            base_salary = self.base_salary
        unit = self.cash_rounding or Decimal(1)
        return ((multiple * base_salary / unit).quantize(
                Decimal(1), rounding=ROUND_UP) * unit).quantize(Decimal(1))


class ConfigurationUnit(ConfigurationValueMixin, ModelSQL):
    "The HR settings a department chooses"
    __string__ = "Market Surveillance HR Configuration Unit"
    __name__ = 'qltt.hr.configuration.unit'
    _configuration_model = 'qltt.hr.configuration'
    cash_rounding = fields.Numeric("Cash Award Rounding", digits=(16, 0))
    card_warning_days = fields.Integer("Card Expiry Warning (days)")
    collective_ratio = fields.Numeric(
        "Advanced Workers in a Collective", digits=(3, 2))

    @classmethod
    def default_cash_rounding(cls):
        return Decimal(1)

    @classmethod
    def default_card_warning_days(cls):
        return 60

    @classmethod
    def default_collective_ratio(cls):
        return Decimal('0.70')
