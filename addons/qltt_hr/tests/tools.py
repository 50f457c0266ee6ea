# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Proteus helpers for the scenarios of qltt_hr and the demo data."""
from dateutil.relativedelta import relativedelta
from proteus import Model

__all__ = ['give_card', 'get_title']


def give_card(employee, number, issue_date, years=5, config=None):
    """Give employee a valid inspector card issued on issue_date for years
    (Ordinance on Market Surveillance Art 12)"""
    Employee = Model.get('company.employee', config=config)
    employee = Employee(employee.id)
    employee.card_number = number
    employee.card_issue_date = issue_date
    employee.card_expiry_date = issue_date + relativedelta(years=years)
    employee.card_status = 'active'
    employee.save()
    return employee


def get_title(code, config=None):
    "The commendation title of that code"
    Title = Model.get('qltt.commendation.title', config=config)
    title, = Title.find([('code', '=', code)])
    return title
