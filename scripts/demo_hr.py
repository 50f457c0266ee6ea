# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The HR part of the demo (issue #23: the HR officer had nothing to look
at): ranks, positions and civil-servant codes of the staff, last year's
task ratings, commendations and a reprimand, this year's emulation
campaign with its registrations.  Dates are relative to today, like the
rest of scripts/demo.py; the 2022 dataset is not touched."""
import datetime as dt
from decimal import Decimal


def load_hr(config, head, officers, teams, today):
    """head: the head's employee; officers: {team number: [leader,
    controllers...]}; teams: the teams (scripts/demo.py load_unit)"""
    from proteus import Model

    from trytond.modules.qltt_hr.tests.tools import get_title

    Employee = Model.get('company.employee')
    Rank = Model.get('qltt.hr.rank')
    Position = Model.get('qltt.hr.position')
    Campaign = Model.get('qltt.emulation.campaign')
    Rating = Model.get('qltt.hr.rating')
    Commendation = Model.get('qltt.commendation')
    Discipline = Model.get('qltt.discipline')
    Team = Model.get('qltt.team')

    rank = {r.code: r for r in Rank.find([])}
    position = {p.code: p for p in Position.find([])}
    # (employee, position, rank, salary grade, coefficient)
    staff = [(head, 'CCT', '21.187', 2, Decimal('5.75'))]
    for members in officers.values():
        chief, *controllers = members
        staff.append((chief, 'DT', '21.188', 3, Decimal('4.98')))
        staff.extend((c, 'KSV', '21.189', 3, Decimal('3.00'))
            for c in controllers)
    for number, (employee, code, rank_code, grade, coefficient) in (
            enumerate(staff, 1)):
        employee = Employee(employee.id)
        employee.position = position[code]
        employee.rank = rank[rank_code]
        employee.salary_grade = grade
        employee.salary_coefficient = coefficient
        employee.civil_servant_code = f'{56_000_000 + number:09d}'
        employee.save()
    others = Employee.find([('position', '=', None)])
    for employee in others:
        employee.position = position['CC']
    Employee.save(others)

    # Last year: every officer rated, a few commendations, one reprimand
    last = today.year - 1
    ratings = ['excellent', 'good', 'good', 'completed']
    rated = [e for e, *_ in staff]
    for i, employee in enumerate(rated):
        Rating(kind='individual', year=last, rating=ratings[i % 4],
            employee=Employee(employee.id)).save()
    for team in teams:
        Rating(kind='collective', year=last, rating='good',
            team=Team(team.id)).save()
    reprimanded = rated[-1]
    Discipline(employee=Employee(reprimanded.id),
        date=dt.date(last, 10, 15), form='reprimand',
        decision_number='45/QĐ-CCQLTT',
        reason="Chậm lập biên bản vi phạm hành chính").save()
    proposals = []
    for employee in rated[:4]:
        commendation = Commendation(kind='individual', year=last,
            employee=Employee(employee.id), title=get_title('LDTT'))
        commendation.save()
        proposals.append(commendation)
    Commendation.click(proposals, 'propose')
    Commendation.click(proposals[:3], 'approve')

    # This year's campaign, its registrations still open
    campaign = Campaign(name=f"Phong trào thi đua năm {today.year}",
        year=today.year, kind='yearly', start_date=dt.date(today.year, 1, 1),
        end_date=dt.date(today.year, 12, 10))
    for i, employee in enumerate(rated):
        registration = campaign.registrations.new(kind='individual')
        registration.employee = Employee(employee.id)
        registration.title = get_title('CSTDCS' if i == 1 else 'LDTT')
    for team in teams:
        registration = campaign.registrations.new(kind='collective')
        registration.team = Team(team.id)
        registration.title = get_title('TTLDTT')
    campaign.save()
