# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Late-payment surcharge on fines (tiền chậm nộp phạt).

- Law on Handling Administrative Violations Art 78(1) (as amended 2020):
  after the payment deadline the offender pays 0.05 % of the unpaid fine for
  each day late.
- Circular 18/2023/TT-BTC Art 5: calendar days, holidays included, from the
  day after the last day of the payment period up to the day before the
  money is paid (`qltt_cases.deadline.calendar_days_late`): last day
  12 March, paid 29 March gives 16 days.
- No surcharge during a postponement (Law Art 76) nor while a request for
  reduction, waiver or instalments is being considered (Law Art 77, 79;
  Circular 18/2023 Art 5): such periods are given as `exempt` intervals and
  a postponement or instalments move the due dates themselves.

The computation is a pure function of the schedule, so that it is tested
without a database.  Amounts are Decimal; the caller rounds the total to the
currency (VND: no decimals).
"""
import datetime as dt
from decimal import Decimal

from trytond.modules.qltt_cases.deadline import calendar_days_late

ONE_DAY = dt.timedelta(days=1)


def schedule_at(versions, day):
    """The schedule in force on day: versions are (effective date or None,
    [(due date, amount), ...]) sorted by effective date"""
    current = None
    for start, schedule in versions:
        if start is None or start <= day:
            current = schedule
    return current or []


def late_amount(schedule, credits, day):
    """The part of the fine late on day: what fell due before day (first
    in, first out) less what was paid or reduced up to day included (the
    day of the payment itself is not late, Circular 18/2023 Art 5)"""
    due = sum((a for d, a in schedule if d < day), Decimal(0))
    paid = sum((a for d, a in credits if d <= day), Decimal(0))
    return max(due - paid, Decimal(0))


def is_exempt(day, exempt):
    return any(start <= day <= end for start, end in exempt)


def late_surcharge(versions, credits, exempt, rate, until):
    """Surcharge accrued for the days before `until` (the payment date, or
    the date the amount is shown for).

    versions: schedules of the fine, see schedule_at
    credits: [(date, amount)] payments of the fine and reductions
    exempt: [(first day, last day)] when no surcharge runs
    rate: per day, 0.0005 for 0.05 %

    The late amount changes only on the days of `changes`: between two of
    them each day is charged the same, so the days are counted by period
    (a fine unpaid for years is thousands of days, one period).
    """
    dues = [d for _, schedule in versions for d, _ in schedule]
    if not dues or not until:
        return Decimal(0)
    first = min(dues) + ONE_DAY
    days = sorted(d for d in changes(versions, credits, exempt)
        if first < d < until)
    total = Decimal(0)
    for start, end in zip([first] + days, days + [until]):
        if start < end and not is_exempt(start, exempt):
            late = late_amount(schedule_at(versions, start), credits, start)
            total += late * rate * (end - start).days
    return total


def changes(versions, credits, exempt):
    """The days the late amount or the exemption may change: a version
    comes into force, the day after a due date, a credit (counted on its
    day), the first and the day after the last of an exempt period"""
    for start, schedule in versions:
        if start:
            yield start
        for due, _ in schedule:
            yield due + ONE_DAY
    for day, _ in credits:
        yield day
    for start, end in exempt:
        yield start
        yield end + ONE_DAY


def simple_surcharge(amount, last_day, paid_date, rate):
    """Surcharge on one amount paid at once after its last day: the
    Circular 18/2023 Art 5 count of days times the rate"""
    return amount * rate * calendar_days_late(last_day, paid_date)
