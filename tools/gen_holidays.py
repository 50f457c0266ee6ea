#!/usr/bin/env python3
"""Generate addons/qltt_cases/holiday_vn.xml: Vietnam's days off 2022-2027.

Run from the repository root with the `lunardate` package installed (it is
needed only here, not by the module):

    .venv/bin/pip install lunardate
    .venv/bin/python tools/gen_holidays.py

The rule (Labour Code 2019 Art 111(3), 112(1)):
- holidays: 1 January; Tết, 5 days, by default the last day of the lunar
  year and the first 4 days of the new one; Hùng Kings' day, 10th day of
  the 3rd lunar month; 30 April; 1 May; 2 September and one day next to it;
- a holiday on a Saturday or Sunday (civil servants' weekly rest days)
  gives a compensatory day off on the next working day.
Tết and Hùng Kings' day are converted from the lunar calendar with
`lunardate` (the Chinese calendar, UTC+8; it gives the same dates as the
Vietnamese one, UTC+7, for 2022-2027: Tết 1/2/2022, 22/1/2023, 10/2/2024,
29/1/2025, 17/2/2026, 6/2/2027).

ANNOUNCED holds what the Government announced for civil servants each year
where it differs from the rule or completes it: the 5 days of Tết the Prime
Minister chose, the day next to 2 September, and the swaps of a working day
with a Saturday.  A year with `confirmed` False was not (fully) announced
when this file was written: its days follow the rule and its notes say
what is uncertain; the administrator corrects them in the application (the
data is noupdate: module updates keep the edits).

The output is deterministic: running the script twice gives the same file.
"""
import datetime as dt
from pathlib import Path

from lunardate import LunarDate

REPO_ROOT = Path(__file__).resolve().parent.parent
OUTPUT = REPO_ROOT / 'addons' / 'qltt_cases' / 'holiday_vn.xml'
YEARS = range(2022, 2028)
D = dt.date

NEW_YEAR = "New Year's Day"
TET = "Lunar New Year (Tết)"
HUNG_KINGS = "Hùng Kings' Commemoration Day"
REUNIFICATION = "Reunification Day"
LABOUR = "International Labour Day"
NATIONAL = "National Day"
COMPENSATORY = "Compensatory day off"
SWAPPED = "Day off swapped with a Saturday"
WORKING = "Working Saturday (swapped day)"

ANNOUNCED = {
    2022: {
        'confirmed': True,
        'national_day_extra': D(2022, 9, 1),
        'note': "Tết 31/1-4/2 (29 Chạp to mùng 4); National Day 1-2/9.",
        },
    2023: {
        'confirmed': True,
        # Official letter 8056/VPCP-KGVX of 1/12/2022: Tết off 20-26/1
        'tet': [D(2023, 1, 20) + dt.timedelta(days=i) for i in range(5)],
        'national_day_extra': D(2023, 9, 1),
        'note': "Tết 20/1-24/1 chosen by the Prime Minister, 21-22/1 on "
        "the weekend, compensated 25-26/1 (off 20-26/1); National Day "
        "1-2/9, 2/9 a Saturday compensated 4/9.",
        },
    2024: {
        'confirmed': True,
        'tet': [D(2024, 2, 8) + dt.timedelta(days=i) for i in range(5)],
        # Official letter 2450/VPCP-KGVX of 12/4/2024
        'swaps': [(D(2024, 4, 29), D(2024, 5, 4))],
        'national_day_extra': D(2024, 9, 3),
        'note': "Tết 8/2-12/2, 10-11/2 compensated 13-14/2 (off 8-14/2); "
        "29/4 swapped with Saturday 4/5 (off 27/4-1/5); National Day "
        "2-3/9.",
        },
    2025: {
        'confirmed': True,
        # Official letter 8726/VPCP-KGVX of 26/11/2024: 5 days of Tết and
        # the weekends before and after
        'tet': [D(2025, 1, 27) + dt.timedelta(days=i) for i in range(5)],
        'swaps': [(D(2025, 5, 2), D(2025, 4, 26))],
        'national_day_extra': D(2025, 9, 1),
        'note': "Tết 27/1-31/1 (off 25/1-2/2); 2/5 swapped with Saturday "
        "26/4 (off 30/4-4/5); National Day 1-2/9.",
        },
    2026: {
        'confirmed': False,
        # Official letter 12729/VPCP-KGVX of 25/12/2025: New Year off 1-4/1
        'swaps': [(D(2026, 1, 2), D(2026, 1, 10))],
        'national_day_extra': D(2026, 9, 1),
        'note': "2/1 swapped with Saturday 10/1 (off 1-4/1); Tết 16/2-20/2 "
        "(off 14-22/2); Hùng Kings' day 26/4 a Sunday, compensated 27/4. "
        "UNCERTAIN: the day next to 2/9 (1/9 entered) and any swap around "
        "it were not confirmed from the announcement.",
        },
    2027: {
        'confirmed': False,
        'national_day_extra': D(2027, 9, 3),
        'note': "NOT ANNOUNCED when generated: the Labour Code's rule only; "
        "the day next to 2/9 (3/9 entered), the days of Tết and any swap "
        "must be checked against the Government's announcement.",
        },
    }


def lunar(year, month, day):
    return LunarDate(year, month, day).to_solar_date()


def days_of(year):
    "{date: (kind, name)} of year"
    announced = ANNOUNCED.get(year, {})
    tet_day = lunar(year, 1, 1)
    tet = announced.get('tet') or [
        tet_day + dt.timedelta(days=i) for i in range(-1, 4)]
    assert len(tet) == 5 and tet_day in tet, year
    holidays = {D(year, 1, 1): NEW_YEAR}
    holidays.update((d, TET) for d in tet)
    holidays[lunar(year, 3, 10)] = HUNG_KINGS
    holidays[D(year, 4, 30)] = REUNIFICATION
    holidays[D(year, 5, 1)] = LABOUR
    holidays[D(year, 9, 2)] = NATIONAL
    extra = announced['national_day_extra']
    assert extra in {D(year, 9, 1), D(year, 9, 3)}, year
    holidays[extra] = NATIONAL
    days = {d: ('holiday', n) for d, n in holidays.items()}
    for date, name in sorted(holidays.items()):
        if date.weekday() < 5:
            continue
        # Labour Code Art 111(3): the next working day
        comp = date + dt.timedelta(days=1)
        while comp.weekday() >= 5 or comp in days:
            comp += dt.timedelta(days=1)
        days[comp] = ('compensatory', f"{name}: {COMPENSATORY.lower()}")
    for day_off, saturday in announced.get('swaps', []):
        assert day_off.weekday() < 5 and day_off not in days, day_off
        assert saturday.weekday() == 5 and saturday not in days, saturday
        days[day_off] = ('swapped', SWAPPED)
        days[saturday] = ('working', WORKING)
    return days


def main():
    lines = [
        '<?xml version="1.0"?>',
        '<!-- This file is part of QLTT ERP.  The COPYRIGHT file at the top '
        'level of',
        'this repository contains the full copyright notices and license '
        'terms. -->',
        '<!-- Generated by tools/gen_holidays.py; change ANNOUNCED there and '
        're-run it.',
        'Days off of civil servants (5-day week) in Vietnam: Labour Code '
        '2019 Art 111(3), 112(1)',
        'and the swaps the Government announced each year. Loaded with '
        'noupdate="1": the',
        'administrator corrects and completes them in the application '
        '(Configuration >',
        'Public Holidays) and module updates keep the edits. -->',
        '<tryton>',
        '    <data noupdate="1">',
        ]
    for year in YEARS:
        announced = ANNOUNCED[year]
        status = ("as announced" if announced['confirmed']
            else "NOT (fully) confirmed")
        lines.append(f'        <!-- {year}, {status}: {announced["note"]} -->')
        for date, (kind, name) in sorted(days_of(year).items()):
            lines.extend([
                    f'        <record model="qltt.holiday" '
                    f'id="holiday_{date:%Y_%m_%d}">',
                    f'            <field name="date" '
                    f'eval="datetime.date({date.year}, {date.month}, '
                    f'{date.day})"/>',
                    f'            <field name="name">{name}</field>',
                    f'            <field name="kind">{kind}</field>',
                    '        </record>',
                    ])
        lines.append('')
    lines[-1:] = ['    </data>', '</tryton>', '']
    OUTPUT.write_text('\n'.join(lines), encoding='utf-8')


if __name__ == '__main__':
    main()
