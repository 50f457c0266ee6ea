# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Disciplinary measures against civil servants: they hold back the
emulation titles (Decree 152/2025 Art 4; Bắc Ninh Decision 86/2025 Art 3)."""
import datetime as dt

from trytond.model import Index, ModelSQL, ModelView, fields
from trytond.modules.qltt_cases.value import ValueCheckMixin
from trytond.pyson import Eval
from trytond.transaction import Transaction

# Forms of discipline of civil servants (Law on Cadres and Civil Servants),
# lightest first
FORMS = [
    ('reprimand', "Reprimand"),
    ('warning', "Warning"),
    ('salary_reduction', "Salary Grade Reduction"),
    ('demotion', "Demotion"),
    ('removal', "Removal from Office"),
    ('dismissal', "Dismissal"),
    ]
FORM_ORDER = {f: i for i, (f, _) in enumerate(FORMS)}


def at_least(form, minimum):
    "Whether the form is minimum or heavier"
    return FORM_ORDER[form] >= FORM_ORDER[minimum]


class Discipline(ValueCheckMixin, ModelSQL, ModelView):
    __string__ = "Discipline"
    __name__ = 'qltt.discipline'
    company = fields.Many2One('company.company', "Company", required=True)
    employee = fields.Many2One(
        'company.employee', "Employee", required=True,
        domain=[('company', '=', Eval('company', -1))])
    date = fields.Date("Date", required=True)
    form = fields.Selection(FORMS, "Form", required=True)
    decision_number = fields.Char("Decision Number")
    reason = fields.Text("Reason")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.add(Index(t, (t.date, Index.Range())))
        cls._order = [('date', 'DESC'), ('id', 'DESC')]

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    def get_rec_name(self, name):
        return f'{self.employee.rec_name} ({self.date.strftime("%d/%m/%Y")})'

    @classmethod
    def search_rec_name(cls, name, clause):
        return [('employee.rec_name', *clause[1:])]

    @classmethod
    def of_year(cls, employees, year, minimum=None):
        "The disciplines of employees dated in year, of minimum form or more"
        disciplines = cls.search([
                ('employee', 'in', [e.id for e in employees]),
                ('date', '>=', dt.date(year, 1, 1)),
                ('date', '<=', dt.date(year, 12, 31)),
                ])
        if minimum:
            disciplines = [d for d in disciplines
                if at_least(d.form, minimum)]
        return disciplines
