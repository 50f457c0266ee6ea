# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Settings of the unit: its codes and the legal values the law may change.

docs/law.md marks several of these as unverified or recently changed, so
they are data the admin edits, with the law's current value as default.

One database serves several provincial departments (one company each): what
belongs to a department (its codes and names, its sequences) is a value per
company (CompanyMultiValueMixin, as Tryton's stock and account
configurations); the law's values are national and stay single."""
from decimal import Decimal

from sql import Column, Literal, Table
from sql.functions import CurrentTimestamp

from trytond import backend
from trytond.model import ModelSingleton, ModelSQL, ModelView, Unique, fields
from trytond.modules.company.model import (
    CompanyMultiValueMixin, CompanyValueMixin)
from trytond.pool import Pool
from trytond.pyson import Id
from trytond.transaction import Transaction, without_check_access


def default_sequence(name, module='qltt_cases'):
    "Default to the sequence of XML id module.name"
    def default(cls):
        ModelData = Pool().get('ir.model.data')
        try:
            return ModelData.get_id(module, name)
        except KeyError:
            return None
    return classmethod(default)


def default_company_value(name):
    "Default of the configuration field name: the one of its value model"
    @classmethod
    def default(cls, **pattern):
        return getattr(
            cls.multivalue_model(name), 'default_%s' % name, lambda: None)()
    return default


def sequence_domain(type_xml_id, module='qltt_cases'):
    """Sequences of the type. Another department's sequences are hidden by
    the company rule of ir.sequence, and company_sequence gives a
    department its own on first use when the default is another's."""
    return [('sequence_type', '=', Id(module, type_xml_id))]


class CompanyConfigurationMixin(CompanyMultiValueMixin):
    """A configuration singleton whose department values are per company;
    `_company_values`: field name -> model name of its values"""
    __slots__ = ()
    _company_values = {}

    @classmethod
    def multivalue_model(cls, field):
        if field in cls._company_values:
            return Pool().get(cls._company_values[field])
        return super().multivalue_model(field)

    @classmethod
    def of_company(cls, company=None):
        """The settings as seen by company (default: the context's): its
        own values, else the defaults"""
        company = getattr(company, 'id', company)
        if company is None:
            company = Transaction().context.get('company')
        with Transaction().set_context(company=company):
            return cls(1)

    def company_sequence(self, name):
        """The sequence name of the company of the settings. A department
        without its own gets the shipped one when it kept it before (the
        single company of an older database), else a copy of it starting at
        1: two departments never share numbers (Circular 22/2021/TT-BCT Art
        6: numbers belong to the issuing unit)."""
        pool = Pool()
        Sequence = pool.get('ir.sequence')
        Value = self.multivalue_model(name)
        company = self._context.get('company')
        sequence = getattr(self, name)
        if not company or not sequence or self._owns(sequence, company):
            return sequence
        with without_check_access():
            # two first uses at once in a department: the unique value per
            # company refuses the second (the user tries again)
            own = [v for v in Value.search([('company', '=', company)])
                if getattr(v, name)]
            if own:
                sequence = getattr(own[0], name)
                if self._owns(sequence, company):
                    return sequence
            if own and not sequence.company:
                Sequence.write([sequence], {'company': company})
            else:
                sequence, = Sequence.copy([sequence], default={
                        'company': company,
                        'number_next_internal': 1,
                        })
                self.set_multivalue(name, sequence.id, company=company)
        return Sequence(sequence.id)

    @staticmethod
    def _owns(sequence, company):
        return bool(sequence.company and sequence.company.id == company)


class ConfigurationValueMixin(CompanyValueMixin):
    """Values of a department (company); on module update the single value
    kept on the configuration record before becomes the first company's"""
    __slots__ = ()
    _configuration_model = None

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints.append(
            ('company_uniq', Unique(t, t.company),
                'qltt_cases.msg_configuration_company_unique'))

    @classmethod
    def __register__(cls, module):
        TableHandler = backend.TableHandler
        names = [n for n, f in cls._fields.items()
            if n not in {'id', 'company', 'create_uid', 'create_date',
                'write_uid', 'write_date'}
            and not isinstance(f, fields.Function)]
        if TableHandler.table_exist(cls._table):
            table_h = TableHandler(cls, module)
            missing = [n for n in names if not table_h.column_exist(n)]
        else:
            missing = names
        super().__register__(module)
        Configuration = Pool().get(cls._configuration_model)
        if missing and TableHandler.table_exist(Configuration._table):
            cls._migrate_to_company(Configuration, missing)

    @classmethod
    def _migrate_to_company(cls, Configuration, names):
        "Copy the single values of names to the value of the first company"
        cursor = Transaction().connection.cursor()
        config_name = Configuration._table
        config_h = backend.TableHandler(Configuration)
        present = [n for n in names if config_h.column_exist(n)]
        if not present:
            return
        config = Table(config_name)
        value = cls.__table__()
        company = Table('company_company')
        cursor.execute(*company.select(
                company.id, order_by=company.id.asc, limit=1))
        row = cursor.fetchone()
        if not row:
            return
        company_id, = row
        cursor.execute(*config.select(
                *[Column(config, n) for n in present],
                order_by=config.id.asc, limit=1))
        row = cursor.fetchone()
        if not row or all(v is None for v in row):
            return
        columns = [Column(value, n) for n in present]
        cursor.execute(*value.select(
                value.id, where=value.company == company_id, limit=1))
        existing = cursor.fetchone()
        if existing:
            cursor.execute(*value.update(
                    columns, list(row), where=value.id == existing[0]))
        else:
            cursor.execute(*value.insert(
                    [value.company, value.create_uid, value.create_date]
                    + columns,
                    [[company_id, Literal(0), CurrentTimestamp()]
                        + list(row)]))
        # the old columns are no longer written
        for name in present:
            config_h.not_null_action(name, 'remove')


UNIT_FIELDS = {'parent_unit_name', 'unit_code', 'province'}
SEQUENCE_FIELDS = {'case_sequence', 'tip_sequence'}


class Configuration(
        CompanyConfigurationMixin, ModelSingleton, ModelSQL, ModelView):
    __string__ = "Market Surveillance Configuration"
    __name__ = 'qltt.configuration'
    _company_values = {
        **{n: 'qltt.configuration.unit' for n in UNIT_FIELDS},
        **{n: 'qltt.configuration.sequence' for n in SEQUENCE_FIELDS},
        }

    parent_unit_name = fields.MultiValue(fields.Char(
            "Parent Unit",
            help="Printed above the unit's name on documents, e.g. the "
            "provincial Department of Industry and Trade (since 2025)."))
    unit_code = fields.MultiValue(fields.Char(
            "Unit Code", size=2, required=True,
            help="Digits 1-2 of unit document numbers "
            "(Circular 22/2021/TT-BCT Art 6)."))
    province = fields.MultiValue(fields.Many2One(
            'country.subdivision', "Province",
            help="The province whose communes and wards are the areas."))
    case_sequence = fields.MultiValue(fields.Many2One(
            'ir.sequence', "Case Sequence", required=True,
            domain=sequence_domain('sequence_type_case')))
    tip_sequence = fields.MultiValue(fields.Many2One(
            'ir.sequence', "Tip Sequence", required=True,
            domain=sequence_domain('sequence_type_tip')))
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

    default_parent_unit_name = default_company_value('parent_unit_name')
    default_unit_code = default_company_value('unit_code')
    default_province = default_company_value('province')
    default_case_sequence = default_company_value('case_sequence')
    default_tip_sequence = default_company_value('tip_sequence')

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


class ConfigurationUnit(ConfigurationValueMixin, ModelSQL):
    "The codes and names of a department printed on its documents"
    __string__ = "Market Surveillance Configuration Unit"
    __name__ = 'qltt.configuration.unit'
    _configuration_model = 'qltt.configuration'
    parent_unit_name = fields.Char("Parent Unit")
    unit_code = fields.Char("Unit Code", size=2)
    province = fields.Many2One('country.subdivision', "Province")

    @classmethod
    def default_unit_code(cls):
        return '00'


class ConfigurationSequence(ConfigurationValueMixin, ModelSQL):
    "The sequences numbering a department's records"
    __string__ = "Market Surveillance Configuration Sequence"
    __name__ = 'qltt.configuration.sequence'
    _configuration_model = 'qltt.configuration'
    case_sequence = fields.Many2One(
        'ir.sequence', "Case Sequence",
        domain=sequence_domain('sequence_type_case'))
    tip_sequence = fields.Many2One(
        'ir.sequence', "Tip Sequence",
        domain=sequence_domain('sequence_type_tip'))

    default_case_sequence = default_sequence('sequence_case')
    default_tip_sequence = default_sequence('sequence_tip')
