# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Counting legal time limits.

The Law on Handling Administrative Violations (Art 8) applies the Civil
Code's rules on periods except where it speaks of working days:

- Civil Code 2015 Art 147(2): a period in days, months or years starts on the
  day after the event.
- Civil Code 2015 Art 148(1): it ends at the end of its last day; a period in
  years ends on the corresponding day and month of its last year.
- Civil Code 2015 Art 148(5): when the last day is a weekend day or a public
  holiday, the period ends at the end of the next working day.
- Working-day periods skip weekends and the public holidays of the Labour
  Code 2019 Art 112, kept as data (qltt.holiday) because they are announced
  each year.
"""
import calendar
import datetime as dt

from trytond.model import ModelSQL, ModelView, Unique, fields
from trytond.pool import Pool
from trytond.transaction import Transaction, without_check_access

WEEKEND = {5, 6}  # Saturday, Sunday


class Holiday(ModelSQL, ModelView):
    __string__ = "Public Holiday"
    __name__ = 'qltt.holiday'
    date = fields.Date("Date", required=True)
    name = fields.Char("Name", required=True, translate=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints = [
            ('date_uniq', Unique(t, t.date), 'qltt_cases.msg_holiday_unique'),
            ]
        cls._order.insert(0, ('date', 'DESC'))

    @classmethod
    def on_modification(cls, mode, holidays, field_names=None):
        pool = Pool()
        Case = pool.get('qltt.case')
        super().on_modification(mode, holidays, field_names=field_names)
        # deadlines of open cases move with the calendar
        with without_check_access():
            Case.update_legal_dates(Case.search([
                        ('state', 'in', ['draft', 'inspecting', 'recorded']),
                        ]))

    @classmethod
    def between(cls, start, end):
        "Return the set of holiday dates between start and end included"
        holidays = cls.search([
                ('date', '>=', start),
                ('date', '<=', end),
                ])
        return {h.date for h in holidays}


def get_holidays(start, end):
    "Holidays between start and end from the admin's calendar"
    Holiday = Pool().get('qltt.holiday')
    with Transaction().set_context(active_test=False):
        return Holiday.between(start, end)


def is_working_day(date, holidays):
    return date.weekday() not in WEEKEND and date not in holidays


def next_working_day(date, holidays):
    "The date itself if it is a working day, else the next working day"
    while not is_working_day(date, holidays):
        date += dt.timedelta(days=1)
    return date


def add_days(start, days, holidays):
    """Last day of a period of `days` calendar days counted from the day
    after start (Civil Code Art 147(2), 148(1)), moved to the next working
    day when it falls on a weekend or holiday (Civil Code Art 148(5))"""
    return next_working_day(start + dt.timedelta(days=days), holidays)


def add_working_days(start, days, holidays):
    "Last day of a period of `days` working days counted after start"
    date = start
    while days > 0:
        date += dt.timedelta(days=1)
        if is_working_day(date, holidays):
            days -= 1
    return date


def add_years(start, years, holidays):
    """Last day of a period in years: the corresponding day and month of its
    last year (Civil Code Art 148(1)(d)); 29 February ends on 28 February of a
    common year; then moved past weekends and holidays (Art 148(5))"""
    year = start.year + years
    day = min(start.day, calendar.monthrange(year, start.month)[1])
    return next_working_day(dt.date(year, start.month, day), holidays)


def calendar_days_late(last_day, paid_date):
    """Days late from the day after the last day of the period up to the day
    before the payment (Circular 18/2023/TT-BTC Art 5): last day 12 March,
    paid 29 March gives 16 days"""
    if not last_day or not paid_date or paid_date <= last_day:
        return 0
    return (paid_date - last_day).days - 1
