# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Proteus helpers for the scenarios of qltt_finance and of the modules that
build on it: the accounts of the unit and the trial balance."""
import datetime as dt
from collections import defaultdict
from decimal import Decimal

from proteus import Model
from trytond.modules.account.tests.tools import (
    create_chart, create_fiscalyear)
from trytond.modules.qltt_cases.tests.tools import current_unit

__all__ = ['create_finance', 'get_account', 'trial_balance', 'balances']

CHART = 'qltt_finance.account_template_root'


def create_finance(year=2026, config=None):
    """Open the fiscal year (monthly periods) and create the chart of
    accounts of the current unit from the QLTT template (Circular 24/2024)"""
    company = current_unit(config=config)
    fiscalyear = create_fiscalyear(company=company,
        today=(dt.date(year, 1, 1), dt.date(year, 12, 31)), config=config)
    fiscalyear.save()
    fiscalyear.click('create_period')
    create_chart(company=company, chart=CHART, config=config)
    return fiscalyear


def get_account(code, config=None):
    Account = Model.get('account.account', config=config)
    account, = Account.find([('code', '=', code)])
    return account


def trial_balance(config=None):
    "(total debit, total credit) of the posted move lines"
    Line = Model.get('account.move.line', config=config)
    lines = Line.find([('move.state', '=', 'posted')])
    return (sum((l.debit for l in lines), Decimal(0)),
        sum((l.credit for l in lines), Decimal(0)))


def balances(config=None):
    "{account code: debit - credit} of the accounts that are not zero"
    Line = Model.get('account.move.line', config=config)
    result = defaultdict(Decimal)
    for line in Line.find([('move.state', '=', 'posted')]):
        result[line.account.code] += line.debit - line.credit
    return {k: v for k, v in sorted(result.items()) if v}


def decide_case(offender, team, inspector, leader, code, goods_value=None,
        inspection_date=dt.date(2026, 3, 2), minutes_date=None,
        decision_date=None, config=None):
    """Open, record and decide a case of act `code` with the fine at the
    midpoint of its bracket; the current user must be able to decide"""
    Case = Model.get('qltt.case', config=config)
    Employee = Model.get('company.employee', config=config)
    LegalBasis = Model.get('qltt.legal.basis', config=config)
    case = Case(source='planned', offender=offender, team=team)
    case.inspection_date = inspection_date
    case.inspectors.append(Employee(inspector.id))
    violation = case.violations.new()
    violation.legal_basis, = LegalBasis.find([('code', '=', code)])
    violation.goods_value = goods_value
    case.save()
    case.click('start_inspection')
    case.minutes_date = minutes_date or inspection_date + dt.timedelta(1)
    case.decision_date = decision_date or case.minutes_date + dt.timedelta(6)
    case.decision_signer = Employee(leader.id)
    case.save()
    case.click('record')
    case.click('decide')
    return case
