# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The work diary (Nhật ký công tác) of each team: who went where and did
what in the field, day by day (Circular 27/2020/TT-BCT Art 34; its form is
in the annex of Circular 22/2021/TT-BCT).  Printed per team and month."""
from itertools import groupby

from trytond.model import Index, ModelSQL, ModelView, fields
from trytond.modules.qltt_cases.report import PdfReportMixin
from trytond.modules.qltt_cases.value import ValueCheckMixin
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.report import Report
from trytond.transaction import Transaction


class WorkDiary(ValueCheckMixin, ModelSQL, ModelView):
    __string__ = "Work Diary Entry"
    __name__ = 'qltt.work.diary'
    company = fields.Many2One('company.company', "Company", required=True)
    team = fields.Many2One(
        'qltt.team', "Team", required=True,
        domain=[('company', '=', Eval('company', -1))])
    date = fields.Date("Date", required=True)
    officers = fields.Many2Many(
        'qltt.work.diary-company.employee', 'entry', 'employee', "Officers",
        domain=[('company', '=', Eval('company', -1))])
    place = fields.Char("Place", required=True)
    area = fields.Many2One('country.subdivision', "Area")
    activity = fields.Text("Activity", required=True)
    result = fields.Text("Result")
    cases = fields.Many2Many(
        'qltt.work.diary-qltt.case', 'entry', 'case', "Cases",
        domain=[('company', '=', Eval('company', -1))],
        help="The cases and inspections of the day.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.add(Index(t, (t.date, Index.Range())))
        cls._order = [('date', 'DESC'), ('id', 'DESC')]

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @classmethod
    def default_team(cls):
        pool = Pool()
        User = pool.get('res.user')
        teams = User.get_qltt_teams()
        if len(teams) == 1:
            return teams[0]

    @staticmethod
    def default_date():
        return Pool().get('ir.date').today()

    def get_rec_name(self, name):
        return f'{self.team.rec_name} {self.date.strftime("%d/%m/%Y")}'


class WorkDiaryEmployee(ModelSQL):
    __string__ = "Work Diary Entry - Officer"
    __name__ = 'qltt.work.diary-company.employee'
    entry = fields.Many2One(
        'qltt.work.diary', "Entry", required=True, ondelete='CASCADE')
    employee = fields.Many2One(
        'company.employee', "Officer", required=True, ondelete='RESTRICT')


class WorkDiaryCase(ModelSQL):
    __string__ = "Work Diary Entry - Case"
    __name__ = 'qltt.work.diary-qltt.case'
    entry = fields.Many2One(
        'qltt.work.diary', "Entry", required=True, ondelete='CASCADE')
    case = fields.Many2One(
        'qltt.case', "Case", required=True, ondelete='CASCADE')


class WorkDiaryReport(PdfReportMixin, Report):
    "The work diary of the printed entries, one section per team and month"
    __name__ = 'qltt_office.work_diary'

    @classmethod
    def get_context(cls, records, header, data):
        context = super().get_context(records, header, data)

        def key(entry):
            return (entry.team.code, entry.date.year, entry.date.month)
        entries = sorted(records, key=lambda e: (*key(e), e.date, e.id))
        context['months'] = months = []
        for (_, year, month), group in groupby(entries, key=key):
            group = list(group)
            months.append((group[0].team, month, year, group))
        return context
