# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Proteus helpers shared by the scenarios of every qltt module and by the
demo data: a unit in VND, its officers, users and teams."""
from decimal import Decimal

from proteus import Model
from proteus.config import get_config
from trytond.modules.company.tests.tools import create_company, get_company

__all__ = ['serving_mode', 'get_vnd', 'create_unit', 'add_unit',
    'switch_unit', 'current_unit', 'create_officer', 'create_team',
    'get_group', 'legal_basis', 'deliver_decision']


def serving_mode():
    """Write as trytond does when serving (the demo data, the
    benchmarks): importing these tools imports trytond.tests, which turns
    on Tryton's test mode, validating again every function field of every
    record written (a third of the demo's time)"""
    from trytond.pool import Pool
    Pool.test = False


def get_vnd(config=None):
    "The Vietnamese dong: no decimals"
    Currency = Model.get('currency.currency', config=config)
    currencies = Currency.find([('code', '=', 'VND')])
    if currencies:
        return currencies[0]
    currency = Currency(
        name="Vietnamese Dong", code='VND', symbol='₫', numeric_code='704',
        digits=0, rounding=Decimal(1))
    currency.save()
    return currency


def create_unit(
        name="Chi cục Quản lý thị trường tỉnh Bắc Ninh", unit_code='27',
        parent_unit_name="Sở Công Thương tỉnh Bắc Ninh", config=None):
    "Create the company of the unit in VND and set its codes"
    Party = Model.get('party.party', config=config)
    Configuration = Model.get('qltt.configuration', config=config)
    party = Party(name=name)
    party.save()
    create_company(party=party, currency=get_vnd(config=config),
        config=config)
    configuration = Configuration(1)
    configuration.unit_code = unit_code
    configuration.parent_unit_name = parent_unit_name
    configuration.save()
    return get_company(config=config)


def add_unit(name, unit_code, parent_unit_name, config=None):
    """Create one more department (company) in VND, make it the current
    company of the administrator and set its codes"""
    Party = Model.get('party.party', config=config)
    Company = Model.get('company.company', config=config)
    party = Party(name=name)
    party.save()
    company = Company(party=party, currency=get_vnd(config=config))
    company.save()
    switch_unit(company, config=config)
    Configuration = Model.get('qltt.configuration', config=config)
    configuration = Configuration(1)
    configuration.unit_code = unit_code
    configuration.parent_unit_name = parent_unit_name
    configuration.save()
    return company


def switch_unit(company, config=None):
    "Make company the administrator's current company (adding it to theirs)"
    User = Model.get('res.user', config=config)
    Company = Model.get('company.company', config=config)
    config = config or get_config()
    user = User(config.user)
    if company not in user.companies:
        user.companies.append(Company(company.id))
    user.company = Company(company.id)
    user.save()
    # the preferences of the company, in the language of the script
    language = config.context.get('language')
    config._context = User.get_preferences(True, {})
    if language:
        config._context['language'] = language


def current_unit(config=None):
    "The current company of the proteus user"
    Company = Model.get('company.company', config=config)
    config = config or get_config()
    company = config.context.get('company')
    return Company(company) if company else get_company(config=config)


def get_group(name, config=None):
    "The group of that (English) name, whatever the user's language"
    Group = Model.get('res.group', config=config)
    config = config or get_config()
    with config.set_context(language='en'):
        group, = Group.find([('name', '=', name)])
    return Group(group.id)


def create_officer(
        name, officer_number=None, authority=None, login=None, groups=(),
        password=None, config=None, company=None):
    """Create an employee of company (default: the current one) and, with a
    login, a user in groups (names) acting as that employee; return
    (employee, user)"""
    Party = Model.get('party.party', config=config)
    Employee = Model.get('company.employee', config=config)
    Authority = Model.get('qltt.sanction.authority', config=config)
    User = Model.get('res.user', config=config)
    party = Party(name=name)
    party.save()
    Company = Model.get('company.company', config=config)
    if company is None:
        company = current_unit(config=config)
    employee = Employee(party=party, company=Company(company.id))
    employee.officer_number = officer_number
    if authority:
        employee.sanction_authority, = Authority.find(
            [('code', '=', authority)])
    employee.save()
    user = None
    if login:
        user = User(name=name, login=login)
        if password:
            user.password = password
        for group in groups:
            user.groups.append(get_group(group, config=config))
        user.employees.append(employee)
        user.employee = employee
        user.companies.append(Company(company.id))
        user.company = Company(company.id)
        user.save()
    return employee, user


def create_team(code, name, leader=None, members=(), config=None):
    Team = Model.get('qltt.team', config=config)
    Employee = Model.get('company.employee', config=config)
    team = Team(code=code, name=name, leader=leader)
    for member in members:
        team.members.append(Employee(member.id))
    team.save()
    return team


def legal_basis(code, config=None):
    LegalBasis = Model.get('qltt.legal.basis', config=config)
    record, = LegalBasis.find([('code', '=', code)])
    return record


def deliver_decision(case, received_date, offender=None, sent_date=None,
        config=None):
    """Record the delivery in person of the case's decision to offender
    (the only one by default), sent on the day of the decision: the 10
    days to comply start from received_date (Law Art 70, 73(1))"""
    Delivery = Model.get('qltt.case.delivery', config=config)
    delivery = Delivery(case=case.id, method='in_person',
        sent_date=sent_date or case.decision_date,
        received_date=received_date)
    if offender is not None:
        delivery.offender = offender
    delivery.click('deliver')
    return delivery
