# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The year-end task rating of each officer and team: the basis of the
emulation titles (Bắc Ninh Decision 86/2025 Art 6-7)."""
from trytond.model import Index, ModelSQL, ModelView, Unique, fields
from trytond.modules.qltt_cases.value import ValueCheckMixin
from trytond.pool import Pool
from trytond.pyson import Bool, Eval
from trytond.transaction import Transaction

# The four levels of the rating of civil servants (Decree 90/2020/NĐ-CP),
# best first
RATINGS = [
    ('excellent', "Excellent"),
    ('good', "Good"),
    ('completed', "Completed"),
    ('not_completed', "Not Completed"),
    ]
RATING_ORDER = {r: i for i, (r, _) in enumerate(RATINGS)}
KINDS = [
    ('individual', "Individual"),
    ('collective', "Collective"),
    ]
INITIATIVE_LEVELS = [
    (None, ""),
    ('grassroots', "Grassroots"),
    ('provincial', "Provincial"),
    ('national', "National"),
    ]


def rating_at_least(rating, required):
    "Whether rating is required or better"
    return (rating is not None
        and RATING_ORDER[rating] <= RATING_ORDER[required])


class RecipientMixin:
    "An employee or a team (collective), of a company, in a year"
    __slots__ = ()
    company = fields.Many2One('company.company', "Company", required=True)
    kind = fields.Selection(KINDS, "Kind", required=True)
    employee = fields.Many2One(
        'company.employee', "Employee",
        domain=[('company', '=', Eval('company', -1))],
        states={
            'invisible': Eval('kind') != 'individual',
            'required': Eval('kind') == 'individual',
            })
    team = fields.Many2One(
        'qltt.team', "Team",
        domain=[('company', '=', Eval('company', -1))],
        states={
            'invisible': Eval('kind') != 'collective',
            'required': Eval('kind') == 'collective',
            })

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @classmethod
    def default_kind(cls):
        return 'individual'

    @fields.depends('kind', 'employee', 'team')
    def on_change_kind(self):
        if self.kind == 'individual':
            self.team = None
        elif self.kind == 'collective':
            self.employee = None

    @property
    def recipient(self):
        return self.employee if self.kind == 'individual' else self.team

    @classmethod
    def preprocess_values(cls, mode, values):
        values = super().preprocess_values(mode, values)
        # one recipient only, the one of the kind
        if values.get('kind') == 'individual':
            values['team'] = None
        elif values.get('kind') == 'collective':
            values['employee'] = None
        return values


class Rating(ValueCheckMixin, RecipientMixin, ModelSQL, ModelView):
    __string__ = "Task Rating"
    __name__ = 'qltt.hr.rating'
    year = fields.Integer("Year", required=True)
    rating = fields.Selection(
        RATINGS, "Rating", required=True,
        help="Decree 90/2020/NĐ-CP: excellent, good, completed, not "
        "completed.")
    initiative = fields.Char(
        "Initiative", states={
            'invisible': Eval('kind') != 'individual',
            },
        help="A recognised initiative (sáng kiến) of the year.")
    initiative_level = fields.Selection(
        INITIATIVE_LEVELS, "Initiative Impact", states={
            'invisible': Eval('kind') != 'individual',
            'required': Bool(Eval('initiative')),
            },
        help="Grassroots, provincial or national impact "
        "(Law 06/2022 Art 21-23).")
    notes = fields.Text("Notes")
    cases = fields.Function(fields.Integer("Cases Handled"), 'get_work')
    violations = fields.Function(
        fields.Integer("Violations Recorded"), 'get_work')
    fines = fields.Function(
        fields.Numeric("Fines Decided", digits=(16, 0)), 'get_work')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints = [
            ('employee_year_uniq', Unique(t, t.employee, t.year),
                'qltt_hr.msg_rating_unique'),
            ('team_year_uniq', Unique(t, t.team, t.year),
                'qltt_hr.msg_rating_unique'),
            ]
        cls._sql_indexes.add(Index(t, (t.year, Index.Range())))
        cls._order = [('year', 'DESC'), ('id', 'DESC')]

    @classmethod
    def default_year(cls):
        return Pool().get('ir.date').today().year

    def get_rec_name(self, name):
        return f'{self.recipient.rec_name} ({self.year})'

    @classmethod
    def search_rec_name(cls, name, clause):
        _, operator, value = clause
        bool_op = 'AND' if operator.startswith(('!', 'not ')) else 'OR'
        return [bool_op,
            ('employee.rec_name', operator, value),
            ('team.rec_name', operator, value),
            ]

    @classmethod
    def get_work(cls, ratings, names):
        "Work done in the year from the cases: evidence for the rating"
        pool = Pool()
        WorkEmployee = pool.get('qltt.hr.work.employee')
        WorkTeam = pool.get('qltt.hr.work.team')
        result = {n: {} for n in names}
        for rating in ratings:
            Work = WorkEmployee if rating.kind == 'individual' else WorkTeam
            figures = Work.get_figures([rating.recipient], rating.year)[
                rating.recipient.id]
            for i, name in enumerate(['cases', 'violations', 'fines']):
                if name in result:
                    result[name][rating.id] = figures[i]
        return result

    @classmethod
    def get_rating(cls, recipient, year):
        "The rating (code) of the employee or team for year, or None"
        field = 'team' if recipient.__name__ == 'qltt.team' else 'employee'
        ratings = cls.search([
                (field, '=', recipient.id),
                ('year', '=', year),
                ], limit=1)
        return ratings[0] if ratings else None
