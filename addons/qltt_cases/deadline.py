# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Counting legal time limits.

The Law on Handling Administrative Violations (Art 8) applies the Civil
Code's rules on periods except where it speaks of working days:

- Civil Code 2015 Art 147(2): a period in days, months or years starts on the
  day after the event.
- Civil Code 2015 Art 148(1): it ends at the end of its last day; Art 148(4):
  a period in years ends on the corresponding day and month of its last year.
- Civil Code 2015 Art 148(3): a period in months ends on the corresponding
  day of its last month, or on the last day of that month if it has none.
- Civil Code 2015 Art 148(5): when the last day is a weekend day or a public
  holiday, the period ends at the end of the next working day.
- Working-day periods skip weekends and the days off of the Labour Code 2019
  Art 111-112 (public holidays, compensatory days) and the swaps the
  Government announces each year for civil servants; a swapped working
  Saturday counts.  They are data (qltt.holiday, holiday.py) because they
  are announced each year.
"""
import calendar
import datetime as dt

from trytond.pool import Pool
from trytond.transaction import Transaction

WEEKEND = {5, 6}  # Saturday, Sunday


class DaysOff(frozenset):
    """The non-working dates of a period (public holidays, compensatory and
    swapped days off), with `working`: the weekend days made working days
    by a swap the Government announced for civil servants"""

    def __new__(cls, days_off=(), working=()):
        days = super().__new__(cls, days_off)
        days.working = frozenset(working)
        return days


def get_holidays(start, end):
    "Days off and swapped working days between start and end, from the data"
    Holiday = Pool().get('qltt.holiday')
    with Transaction().set_context(active_test=False):
        return Holiday.between(start, end)


def is_working_day(date, holidays):
    """Not a day off; a weekend day only when a swap made it a working day
    (holidays: a set of days off, or DaysOff)"""
    if date in holidays:
        return False
    if date.weekday() in WEEKEND:
        return date in getattr(holidays, 'working', ())
    return True


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
    """Last day of a period of `days` working days counted from the day
    after start (Civil Code Art 147(2)): weekends and days off are skipped,
    a swapped working Saturday counts"""
    date = start
    while days > 0:
        date += dt.timedelta(days=1)
        if is_working_day(date, holidays):
            days -= 1
    return date


def add_months(start, months, holidays):
    """Last day of a period in months: the corresponding day of its last
    month, or the last day of that month when it has no such day (Civil
    Code Art 148(3)): one month from 31 January ends on 28 (29) February;
    then moved past weekends and days off (Art 148(5))"""
    month = start.month - 1 + months
    year, month = start.year + month // 12, month % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return next_working_day(dt.date(year, month, day), holidays)


def add_years(start, years, holidays):
    """Last day of a period in years: the corresponding day and month of its
    last year (Civil Code Art 148(4)); 29 February ends on 28 February of a
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
