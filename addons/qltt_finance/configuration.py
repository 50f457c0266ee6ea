# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Settings of the unit's money: journals, accounts, budget codes and the
legal values the law may change.

docs/law.md, Money: the accounts of Circular 24/2024/TT-BTC for fines
collected on the budget's behalf and for seized cash, the budget chapter of a
Department of Industry and Trade and the sub-item of QLTT fines are
unverified, so they are configuration with the shipped chart
(account_chart.xml) as default.

The journals, accounts, reminder procedure and budget codes are a
department's (values per company, CompanyMultiValueMixin); the law's values
are national."""
from decimal import Decimal

from trytond.cache import Cache
from trytond.i18n import gettext
from trytond.model import ModelSingleton, ModelSQL, ModelView, fields
from trytond.modules.qltt_cases.configuration import (
    CompanyConfigurationMixin, ConfigurationValueMixin, default_company_value)
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.transaction import Transaction

from .exceptions import FinanceError

# field name -> XML id of the account template of the shipped chart
ACCOUNT_TEMPLATES = {
    'treasury_account': 'account_template_1121',
    'cash_account': 'account_template_111',
    'fine_receivable_account': 'account_template_13881',
    'sale_receivable_account': 'account_template_13882',
    'fine_payable_account': 'account_template_33381',
    'surcharge_payable_account': 'account_template_33382',
    'sale_holding_account': 'account_template_33781',
    'other_holding_account': 'account_template_33782',
    'overpayment_account': 'account_template_3388',
    'custody_cost_account': 'account_template_6118',
    }
JOURNALS = {
    'fine_journal': 'journal_fine',
    'payment_journal': 'journal_treasury',
    'proceeds_journal': 'journal_proceeds',
    'remittance_journal': 'journal_remittance',
    }
ACCOUNT_FIELDS = [*JOURNALS, *ACCOUNT_TEMPLATES, 'dunning_procedure']
BUDGET_FIELDS = [
    'budget_chapter', 'budget_subitem_fine', 'budget_subitem_surcharge',
    'budget_subitem_sale', 'budget_subitem_other']


def _account_field(string, help, type_=None):
    domain = [
        ('closed', '!=', True),
        ('company', '=', Eval('context', {}).get('company', -1)),
        ]
    if type_:
        domain.append((f'type.{type_}', '=', True))
    return fields.Many2One('account.account', string, domain=domain,
        help=help)


class Configuration(
        CompanyConfigurationMixin, ModelSingleton, ModelSQL, ModelView):
    __string__ = "Market Surveillance Finance Configuration"
    __name__ = 'qltt.finance.configuration'
    _get_account_cache = Cache(
        'qltt.finance.configuration.get_account', context=False)
    _company_values = {
        **{n: 'qltt.finance.configuration.account' for n in ACCOUNT_FIELDS},
        **{n: 'qltt.finance.configuration.budget' for n in BUDGET_FIELDS},
        }

    fine_journal = fields.MultiValue(fields.Many2One(
            'account.journal', "Fine Journal",
            help="Journal of the fine receivables and their changes."))
    payment_journal = fields.MultiValue(fields.Many2One(
            'account.journal', "Payment Journal",
            help="Journal of the money received at the Treasury, the bank or "
            "on the spot."))
    proceeds_journal = fields.MultiValue(fields.Many2One(
            'account.journal', "Proceeds Journal",
            help="Journal of the sales of confiscated goods."))
    remittance_journal = fields.MultiValue(fields.Many2One(
            'account.journal', "Remittance Journal",
            help="Journal of the remittances to the State budget."))
    treasury_account = fields.MultiValue(_account_field(
            "Treasury Account",
            "Money at the State Treasury or the bank "
            "(Circular 24/2024: 112)."))
    cash_account = fields.MultiValue(_account_field(
            "Cash Account",
            "Cash collected on the spot before it is paid into the Treasury "
            "(Circular 24/2024: 111)."))
    fine_receivable_account = fields.MultiValue(_account_field(
            "Fine Receivable Account",
            "Fines to collect on behalf of the State budget (1388).",
            'receivable'))
    sale_receivable_account = fields.MultiValue(_account_field(
            "Buyer Receivable Account",
            "Price of confiscated goods sold and not yet paid (1388).",
            'receivable'))
    fine_payable_account = fields.MultiValue(_account_field(
            "Fines Payable to the Budget",
            "Fines decided, owed to the State budget (333)."))
    surcharge_payable_account = fields.MultiValue(_account_field(
            "Surcharges Payable to the Budget",
            "Late-payment surcharges collected, owed to the State budget "
            "(333)."))
    sale_holding_account = fields.MultiValue(_account_field(
            "Sale Proceeds Holding Account",
            "Temporary holding of the proceeds of confiscated goods until the "
            "costs are deducted and the rest is remitted (337)."))
    other_holding_account = fields.MultiValue(_account_field(
            "Other Holding Account",
            "Temporary holding of seized cash and other money (337)."))
    overpayment_account = fields.MultiValue(_account_field(
            "Overpayment Account",
            "Money paid above what is due, kept to refund to the payer (338).",
            'payable'))
    custody_cost_account = fields.MultiValue(_account_field(
            "Custody Cost Account",
            "Costs of custody, transport, valuation, auction and destruction "
            "of seized goods (611)."))
    dunning_procedure = fields.MultiValue(fields.Many2One(
            'account.dunning.procedure', "Reminder Procedure",
            help="Dunning procedure of the fine receivables; passing its last "
            "level flags the fine for enforcement."))

    budget_chapter = fields.MultiValue(fields.Char(
            "Budget Chapter",
            help="Chapter (Chương) of the State budget classification "
            "printed on payment documents (Circular 324/2016/TT-BTC) "
            "[unverified]."))
    budget_subitem_fine = fields.MultiValue(fields.Char(
            "Budget Sub-item for Fines",
            help="Sub-item (Tiểu mục) of the fines [unverified, e.g. 4254]."))
    budget_subitem_surcharge = fields.MultiValue(fields.Char(
            "Budget Sub-item for Surcharges",
            help="Sub-item of the late-payment surcharges of administrative "
            "fines [unverified, e.g. 4272]."))
    budget_subitem_sale = fields.MultiValue(fields.Char(
            "Budget Sub-item for Sale Proceeds",
            help="Sub-item of the proceeds of confiscated goods "
            "[unverified, e.g. 4902]."))
    budget_subitem_other = fields.MultiValue(fields.Char(
            "Budget Sub-item for Other Money",
            help="Sub-item of confiscated money and other collections "
            "[unverified, e.g. 4949]."))

    payment_days = fields.Integer(
        "Payment Deadline (days)", required=True,
        help="Law on Handling Administrative Violations Art 73: 10 days "
        "from the receipt of the decision.")
    delivery_days = fields.Integer(
        "Delivery Time (working days)", required=True,
        help="A correction decision that raises a fine is presumed received "
        "this many working days after it is made (Law Art 70: sent within 2 "
        "working days); the fine itself is due from its recorded delivery.")
    surcharge_rate = fields.Numeric(
        "Late Surcharge Rate per Day", digits=(16, 6), required=True,
        help="Law Art 78(1): 0.05 % (0.0005) of the unpaid fine per day.")
    cash_deposit_days = fields.Integer(
        "Cash Deposit Deadline (days)", required=True,
        help="Cash collected on the spot is paid into the Treasury within "
        "7 days in remote areas (Law Art 78(2)).")
    cash_deposit_working_days = fields.Integer(
        "Cash Deposit Deadline at Sea or After Hours (working days)",
        required=True,
        help="Law Art 78(2): 2 working days at sea or outside office hours.")
    postponement_months = fields.Integer(
        "Longest Postponement (months)", required=True,
        help="Law Art 76 as amended by Law 67/2020: a fine may be postponed "
        "up to 3 months from the decision to postpone.")
    instalment_min_individual = fields.Numeric(
        "Smallest Fine for Instalments (Individual)", digits=(16, 0),
        required=True,
        help="Law Art 79(1) as amended by Law 67/2020: instalments only for "
        "a fine of at least 20,000,000 VND on an individual.")
    instalment_min_organisation = fields.Numeric(
        "Smallest Fine for Instalments (Organisation)", digits=(16, 0),
        required=True,
        help="Law Art 79(1) as amended by Law 67/2020: instalments only for "
        "a fine of at least 200,000,000 VND on an organisation.")
    instalment_months = fields.Integer(
        "Longest Instalment Plan (months)", required=True,
        help="Law Art 79(2) as amended by Law 67/2020: instalments within 6 "
        "months of the decision.")
    instalment_count = fields.Integer(
        "Most Instalments", required=True,
        help="Law Art 79(2) as amended by Law 67/2020: at most 3 "
        "instalments.")
    instalment_first_rate = fields.Numeric(
        "Smallest First Instalment", digits=(16, 2), required=True,
        help="Law Art 79: the first instalment is at least 40 % (0.40) of "
        "the fine.")

    default_fine_journal = default_company_value('fine_journal')
    default_payment_journal = default_company_value('payment_journal')
    default_proceeds_journal = default_company_value('proceeds_journal')
    default_remittance_journal = default_company_value('remittance_journal')
    default_treasury_account = default_company_value('treasury_account')
    default_cash_account = default_company_value('cash_account')
    default_fine_receivable_account = default_company_value(
        'fine_receivable_account')
    default_sale_receivable_account = default_company_value(
        'sale_receivable_account')
    default_fine_payable_account = default_company_value(
        'fine_payable_account')
    default_surcharge_payable_account = default_company_value(
        'surcharge_payable_account')
    default_sale_holding_account = default_company_value(
        'sale_holding_account')
    default_other_holding_account = default_company_value(
        'other_holding_account')
    default_overpayment_account = default_company_value('overpayment_account')
    default_custody_cost_account = default_company_value(
        'custody_cost_account')
    default_dunning_procedure = default_company_value('dunning_procedure')
    default_budget_chapter = default_company_value('budget_chapter')
    default_budget_subitem_fine = default_company_value('budget_subitem_fine')
    default_budget_subitem_surcharge = default_company_value(
        'budget_subitem_surcharge')
    default_budget_subitem_sale = default_company_value('budget_subitem_sale')
    default_budget_subitem_other = default_company_value(
        'budget_subitem_other')

    @classmethod
    def default_payment_days(cls):
        return 10

    @classmethod
    def default_delivery_days(cls):
        return 2

    @classmethod
    def default_surcharge_rate(cls):
        return Decimal('0.0005')

    @classmethod
    def default_cash_deposit_days(cls):
        return 7

    @classmethod
    def default_cash_deposit_working_days(cls):
        return 2

    @classmethod
    def default_postponement_months(cls):
        return 3

    @classmethod
    def default_instalment_min_individual(cls):
        return Decimal(20_000_000)

    @classmethod
    def default_instalment_min_organisation(cls):
        return Decimal(200_000_000)

    @classmethod
    def default_instalment_months(cls):
        return 6

    @classmethod
    def default_instalment_count(cls):
        return 3

    @classmethod
    def default_instalment_first_rate(cls):
        return Decimal('0.40')

    @staticmethod
    def _data_id(xml_id):
        ModelData = Pool().get('ir.model.data')
        try:
            return ModelData.get_id('qltt_finance', xml_id)
        except KeyError:
            return None

    def get_account(self, name):
        """The account configured for name, else the one the shipped chart
        created for the company from its template"""
        pool = Pool()
        Account = pool.get('account.account')
        Field = pool.get('ir.model.field')
        # the department of the context at the call, not at the instance
        company = Transaction().context.get('company')
        # each fine, payment and proceeds asks for two or three accounts:
        # the searches cost 6 ms a call (the accounts' period domain)
        key = (company, name)
        account_id = self._get_account_cache.get(key)
        if account_id is not None:
            return Account(account_id)
        account = self.get_multivalue(name, company=company)
        if not account:
            template = self._data_id(ACCOUNT_TEMPLATES[name])
            accounts = Account.search([
                    ('template', '=', template),
                    ('company', '=', company),
                    ], limit=1) if template and company else []
            if not accounts:
                raise FinanceError(gettext(
                        'qltt_finance.msg_configuration_missing',
                        field=Field.get_name(self.__name__, name)))
            account, = accounts
        self._get_account_cache.set(key, account.id)
        return account

    def get_journal(self, name):
        pool = Pool()
        Journal = pool.get('account.journal')
        Field = pool.get('ir.model.field')
        journal = self.get_multivalue(name)
        if journal:
            return journal
        journal_id = self._data_id(JOURNALS[name])
        if not journal_id:
            raise FinanceError(gettext(
                    'qltt_finance.msg_configuration_missing',
                    field=Field.get_name(self.__name__, name)))
        return Journal(journal_id)


class ConfigurationAccount(ConfigurationValueMixin, ModelSQL):
    "The journals, accounts and reminder procedure of a department"
    __string__ = "Market Surveillance Finance Configuration Account"
    __name__ = 'qltt.finance.configuration.account'
    _configuration_model = 'qltt.finance.configuration'

    @classmethod
    def on_modification(cls, mode, records, field_names=None):
        super().on_modification(mode, records, field_names=field_names)
        Pool().get(cls._configuration_model)._get_account_cache.clear()

    fine_journal = fields.Many2One(
        'account.journal', "Fine Journal",
        help="Journal of the fine receivables and their changes.")
    payment_journal = fields.Many2One(
        'account.journal', "Payment Journal",
        help="Journal of the money received at the Treasury, the bank or "
        "on the spot.")
    proceeds_journal = fields.Many2One(
        'account.journal', "Proceeds Journal",
        help="Journal of the sales of confiscated goods.")
    remittance_journal = fields.Many2One(
        'account.journal', "Remittance Journal",
        help="Journal of the remittances to the State budget.")

    treasury_account = _account_field(
        "Treasury Account",
        "Money at the State Treasury or the bank (Circular 24/2024: 112).")
    cash_account = _account_field(
        "Cash Account",
        "Cash collected on the spot before it is paid into the Treasury "
        "(Circular 24/2024: 111).")
    fine_receivable_account = _account_field(
        "Fine Receivable Account",
        "Fines to collect on behalf of the State budget (1388).",
        'receivable')
    sale_receivable_account = _account_field(
        "Buyer Receivable Account",
        "Price of confiscated goods sold and not yet paid (1388).",
        'receivable')
    fine_payable_account = _account_field(
        "Fines Payable to the Budget",
        "Fines decided, owed to the State budget (333).")
    surcharge_payable_account = _account_field(
        "Surcharges Payable to the Budget",
        "Late-payment surcharges collected, owed to the State budget (333).")
    sale_holding_account = _account_field(
        "Sale Proceeds Holding Account",
        "Temporary holding of the proceeds of confiscated goods until the "
        "costs are deducted and the rest is remitted (337).")
    other_holding_account = _account_field(
        "Other Holding Account",
        "Temporary holding of seized cash and other money (337).")
    overpayment_account = _account_field(
        "Overpayment Account",
        "Money paid above what is due, kept to refund to the payer (338).",
        'payable')
    custody_cost_account = _account_field(
        "Custody Cost Account",
        "Costs of custody, transport, valuation, auction and destruction "
        "of seized goods (611).")

    dunning_procedure = fields.Many2One(
        'account.dunning.procedure', "Reminder Procedure",
        help="Dunning procedure of the fine receivables; passing its last "
        "level flags the fine for enforcement.")

    @classmethod
    def default_dunning_procedure(cls):
        return Configuration._data_id('dunning_procedure_fine')


class ConfigurationBudget(ConfigurationValueMixin, ModelSQL):
    "The budget codes of a department printed on payment documents"
    __string__ = "Market Surveillance Finance Configuration Budget"
    __name__ = 'qltt.finance.configuration.budget'
    _configuration_model = 'qltt.finance.configuration'

    budget_chapter = fields.Char(
        "Budget Chapter",
        help="Chapter (Chương) of the State budget classification printed on "
        "payment documents (Circular 324/2016/TT-BTC) [unverified].")
    budget_subitem_fine = fields.Char(
        "Budget Sub-item for Fines",
        help="Sub-item (Tiểu mục) of the fines [unverified, e.g. 4254].")
    budget_subitem_surcharge = fields.Char(
        "Budget Sub-item for Surcharges",
        help="Sub-item of the late-payment surcharges of administrative "
        "fines [unverified, e.g. 4272].")
    budget_subitem_sale = fields.Char(
        "Budget Sub-item for Sale Proceeds",
        help="Sub-item of the proceeds of confiscated goods "
        "[unverified, e.g. 4902].")
    budget_subitem_other = fields.Char(
        "Budget Sub-item for Other Money",
        help="Sub-item of confiscated money and other collections "
        "[unverified, e.g. 4949].")

    # The budget codes are unverified defaults (docs/law.md, Money):
    # the admin enters the unit's own; a remittance is not posted without.
    @classmethod
    def default_budget_chapter(cls):
        return '416'

    @classmethod
    def default_budget_subitem_fine(cls):
        return '4254'

    @classmethod
    def default_budget_subitem_surcharge(cls):
        return '4272'

    @classmethod
    def default_budget_subitem_sale(cls):
        return '4902'

    @classmethod
    def default_budget_subitem_other(cls):
        return '4949'
