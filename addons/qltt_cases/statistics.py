# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The department's periodic statistics table (Circular 55/2020 reports;
metrics of docs/law.md, Statistics), one row per month and team.

Each source gives dated rows with some measures; the table adds them up per
month and team.  Later modules add sources and measures (goods in
qltt_warehouse, money in qltt_finance) by extending `_measures` and
`_sources`.
"""
import datetime as dt
import itertools
import os
import tempfile
from decimal import Decimal

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name

from dateutil.relativedelta import relativedelta
from sql import Cast, Column, Literal, Null, Union, With
from sql.aggregate import Count, Max, Min, Sum
from sql.conditionals import Case, Coalesce
from sql.functions import DateTrunc, Extract
from sql.operators import Concat, Exists

from trytond import backend
from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, fields
from trytond.model.modelstorage import is_leaf
from trytond.pool import Pool
from trytond.pyson import Eval, If
from trytond.report import Report
from trytond.transaction import Transaction

# Statistics groups of the categories of acts (docs/law.md, Statistics)
CATEGORY_GROUPS = {
    'smuggling': ['smuggled'],
    'counterfeit': ['counterfeit', 'ip'],
    'fraud': ['prohibited', 'unclear_origin', 'business_conditions', 'price',
        'label', 'other'],
    }
VIOLATION_STATES = ['recorded', 'decided', 'done', 'transferred']
DECIDED_STATES = ['decided', 'done']
PERIODS = [
    ('week', "Week (Thursday to Wednesday)"),
    ('month', "Month"),
    ('quarter', "Quarter"),
    ('half', "Half-Year"),
    ('year', "Year"),
    ('range', "Any Range"),
    ]
# names of the server-side cursors of the workbook
_CURSORS = itertools.count()


def _operators(domain):
    "The 'AND' and 'OR' of a domain, at every depth"
    if isinstance(domain, str):
        yield domain
    elif not is_leaf(domain):
        for item in domain:
            yield from _operators(item)


def period_range(period, date):
    """First and last day of the reporting period containing date; the
    reporting week runs from Thursday to Wednesday (Circular 55/2020 Art 8)"""
    if period == 'week':
        start = date - dt.timedelta(days=(date.weekday() - 3) % 7)
        return start, start + dt.timedelta(days=6)
    if period == 'month':
        start = date.replace(day=1)
        months = 1
    elif period == 'quarter':
        start = date.replace(month=(date.month - 1) // 3 * 3 + 1, day=1)
        months = 3
    elif period == 'half':
        start = date.replace(month=1 if date.month <= 6 else 7, day=1)
        months = 6
    elif period == 'year':
        start = date.replace(month=1, day=1)
        months = 12
    else:
        return None, None
    return start, start + relativedelta(months=months) - dt.timedelta(days=1)


class Statistics(ModelSQL, ModelView):
    "Market Surveillance Statistics"
    __string__ = "Market Surveillance Statistics"
    __name__ = 'qltt.report.statistics'

    month = fields.Date("Month")
    company = fields.Many2One(
        'company.company', "Department",
        help="The department (company, one per province) of the team.")
    team = fields.Many2One('qltt.team', "Team")
    cases_inspected = fields.Integer("Cases Inspected")
    cases_violation = fields.Integer("Cases with Violations")
    cases_smuggling = fields.Integer("Smuggling")
    cases_counterfeit = fields.Integer("Counterfeit and IP")
    cases_fraud = fields.Integer("Fraud and Other")
    cases_ecommerce = fields.Integer("E-commerce")
    cases_with_force = fields.Integer(
        "With Coordinating Force",
        help="Cases handled with the force of the context, or with any.")
    cases_transferred = fields.Integer("Sent to Investigators")
    transferred_goods_value = fields.Numeric(
        "Goods of Cases Sent to Investigators", digits=(16, 0))
    fines_decided = fields.Numeric("Fines Decided", digits=(16, 0))
    offenders_sanctioned = fields.Integer(
        "Offenders Sanctioned",
        help="The violators of the cases decided, each counted once "
        "however many acts (Decree 118/2021 Art 35: who the violators "
        "were); a case with several offenders is one case.")
    offenders_warned = fields.Integer(
        "Offenders Warned",
        help="The offenders of the cases decided warned for one of their "
        "acts (Law Art 21(1)(a), 22); also counted among the offenders "
        "sanctioned.")
    cases_confiscation_only = fields.Integer(
        "Confiscations Without Sanction",
        help="Cases past their decision deadline or limitation period: the "
        "exhibits confiscated without a fine (Law Art 65(2)); their fines "
        "are not in the fines decided.")
    goods_value = fields.Numeric(
        "Value of Violating Goods", digits=(16, 0))
    commitments = fields.Integer("Commitments Signed")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('month', 'ASC'), ('company', 'ASC'), ('team', 'ASC'),
            ('id', 'ASC')]

    @classmethod
    def _companies(cls):
        """The departments reported: the user's (the current one, or every
        one of a user who reads all their companies, as the national
        role); the context's for the root user (scripts, tests)"""
        pool = Pool()
        User = pool.get('res.user')
        if Transaction().user:
            return list(User.get_companies())
        company = Transaction().context.get('company')
        return [company] if company is not None else []

    @classmethod
    def _measures(cls):
        "Names of the columns added up per month and team, in table order"
        return ['cases_inspected', 'cases_violation', 'cases_smuggling',
            'cases_counterfeit', 'cases_fraud', 'cases_ecommerce',
            'cases_with_force', 'cases_transferred', 'transferred_goods_value',
            'fines_decided', 'cases_confiscation_only', 'goods_value',
            'commitments', 'offenders_sanctioned', 'offenders_warned']

    @classmethod
    def _date_where(cls, column):
        context = Transaction().context
        where = column != Null
        if context.get('from_date'):
            where &= column >= context['from_date']
        if context.get('to_date'):
            where &= column <= context['to_date']
        return where

    @classmethod
    def _rows_where(cls, date, team):
        """Only the months and teams of the rows read (see read): the
        other rows are not computed"""
        rows = Transaction().context.get('_qltt_statistics_rows')
        if not rows:
            return Literal(True)
        first, end, teams = rows
        where = (date >= first) & (date < end)
        team_where = team.in_([t for t in teams if t]) if any(teams) else (
            Literal(False))
        if 0 in teams:
            team_where |= team == Null
        return where & team_where

    @classmethod
    def _row_keys(cls, ids):
        """(first day, day after the last month, team ids) of the rows of
        ids: an id is the month since 1900 times 100,000 plus the team id
        (table_query)"""
        months = {i // 100_000 for i in ids}
        teams = tuple(sorted({i % 100_000 for i in ids}))

        def day(month):
            return dt.date(1900 + (month - 1) // 12, (month - 1) % 12 + 1, 1)
        return day(min(months)), day(max(months) + 1), teams

    @classmethod
    def _case_where(cls, case):
        "Filters of the context on cases: company, team, force, category"
        pool = Pool()
        CaseForce = pool.get('qltt.case-qltt.force')
        context = Transaction().context
        where = case.company.in_(cls._companies() or [-1])
        if context.get('team'):
            where &= case.team == context['team']
        if context.get('force'):
            case_force = CaseForce.__table__()
            where &= Exists(case_force.select(Literal(1),
                    where=(case_force.case == case.id)
                    & (case_force.force == context['force'])))
        if context.get('category'):
            where &= cls._has_category(case, context['category'])
        return where

    @classmethod
    def _has_category(cls, case, group):
        pool = Pool()
        Violation = pool.get('qltt.case.violation')
        LegalBasis = pool.get('qltt.legal.basis')
        violation = Violation.__table__()
        basis = LegalBasis.__table__()
        if group == 'ecommerce':
            return case.channel == 'ecommerce'
        return Exists(violation.join(basis,
                condition=violation.legal_basis == basis.id).select(
                Literal(1),
                where=(violation.case == case.id)
                & basis.category.in_(CATEGORY_GROUPS[group])))

    @classmethod
    def _sources(cls, with_):
        """Yield (query, date column, team column, where, {measure:
        expression}): each query selects rows dated by its date column
        (or by the column of the first true condition of a list of
        (condition, date column), the source then filtering the period
        and the rows read itself).
        with_ holds the WITH queries of the table by name, computed once
        however many sources join them"""
        pool = Pool()
        Case_ = pool.get('qltt.case')
        CaseForce = pool.get('qltt.case-qltt.force')
        Commitment = pool.get('qltt.commitment')
        context = Transaction().context

        def flag(condition):
            return Case((condition, 1), else_=0)

        # the inspected, decided and transferred cases in one scan of the
        # cases, where a union of four scans joined the amounts three
        # times: the cases are first added up per team and months of
        # inspection, decision and transfer (a month is empty out of the
        # period or when the case is not of the kind), and the groups
        # then read once per kind
        # the sums of the acts and the offenders are stored on the case
        # (Case.update_acts_amounts): a national year reads 100,000 cases,
        # not their acts and offenders
        case = Case_.__table__()
        case_force = CaseForce.__table__()
        # the cases with a force joined, not an EXISTS per case: a subplan
        # keeps PostgreSQL from scanning the cases in parallel
        forces = case_force.select(case_force.case.as_('case'),
            where=(case_force.force == context['force'])
            if context.get('force') else Literal(True),
            group_by=[case_force.case])
        violation = case.state.in_(VIOLATION_STATES)
        # a confiscation without sanction imposes no fine (Law Art 65(2))
        confiscation = Coalesce(case.confiscation_only, Literal(False))
        dates = {
            'inspected': (~case.state.in_(['draft', 'cancelled']),
                case.inspection_date),
            'decided': (case.state.in_(DECIDED_STATES), case.decision_date),
            'transferred': (case.state == 'transferred', case.transfer_date),
            }
        in_period = Literal(False)
        months = []
        for name, (condition, column) in dates.items():
            dated = (condition & cls._date_where(column)
                & cls._rows_where(column, case.team))
            in_period |= dated
            months.append(Case((dated, DateTrunc('month', column))
                    ).as_(name))
        goods = Coalesce(case.acts_goods_value, 0)
        values = {} if context.get('_qltt_statistics_keys') else {
            'cases': Literal(1),
            'violation': flag(violation),
            'smuggling': flag(violation & case.acts_smuggling),
            'counterfeit': flag(violation & case.acts_counterfeit),
            'fraud': flag(violation & case.acts_fraud),
            'ecommerce': flag(case.channel == 'ecommerce'),
            'with_force': flag(forces.case != Null),
            'violation_goods': Case((violation, goods), else_=0),
            'goods': goods,
            'fines': Case((confiscation, 0),
                else_=Coalesce(case.acts_fine, 0)),
            'confiscation': flag(confiscation),
            # each offender of a decided case, however many it has
            'offenders': Case((confiscation, 0),
                else_=Coalesce(case.offender_count, 0)),
            'warned': Case((confiscation, 0),
                else_=Coalesce(case.offenders_warned, 0)),
            }
        cases = case.join(forces, 'LEFT',
            condition=forces.case == case.id).select(
            case.team.as_('team'), *months,
            *[v.as_(n) for n, v in values.items()],
            where=cls._case_where(case) & in_period)
        keys = [cases.team, *[Column(cases, n) for n in dates]]
        # a WITH read three times: PostgreSQL computes it once
        groups = with_.setdefault('case_groups', With(query=cases.select(
                    *keys, *[Sum(Column(cases, n)).as_(n) for n in values],
                    group_by=keys)))
        kinds = {
            'inspected': {
                'cases_inspected': 'cases',
                'cases_violation': 'violation',
                'cases_smuggling': 'smuggling',
                'cases_counterfeit': 'counterfeit',
                'cases_fraud': 'fraud',
                'cases_ecommerce': 'ecommerce',
                'cases_with_force': 'with_force',
                'goods_value': 'violation_goods',
                },
            'decided': {
                'fines_decided': 'fines',
                'cases_confiscation_only': 'confiscation',
                'offenders_sanctioned': 'offenders',
                'offenders_warned': 'warned',
                },
            'transferred': {
                'cases_transferred': 'cases',
                'transferred_goods_value': 'goods',
                },
            }
        for name, measures in kinds.items():
            month = Column(groups, name)
            # dated by the month, which the cases have in the period
            yield (groups, [(month != Null, month)], groups.team,
                Literal(True), {m: Column(groups, c)
                    for m, c in measures.items() if c in values})

        commitment = Commitment.__table__()
        where = commitment.company.in_(cls._companies() or [-1])
        if context.get('team'):
            where &= commitment.team == context['team']
        if not context.get('force') and not context.get('category'):
            yield (commitment, commitment.date, commitment.team, where,
                {'commitments': Literal(1)})

    @classmethod
    def table_query(cls):
        measures = cls._measures()
        queries = []
        with_ = {}
        # the months and teams only (see search): the sources need not
        # compute their measures
        keys_only = Transaction().context.get('_qltt_statistics_keys')
        for from_item, date, team, where, values in cls._sources(with_):
            if keys_only:
                values = {}
            if isinstance(date, list):
                # [(condition, date column)]: each row is dated by the
                # column of its condition, and the source has selected
                # the rows of the period and rows read itself
                period = Literal(False)
                for condition, _ in date:
                    period |= condition
                date = Case(*date)
            else:
                period = cls._date_where(date) & cls._rows_where(date, team)
            # each source adds up its rows per month and team first: the
            # union then carries a few rows per month and team, not one per
            # case or seized line
            # a measure is 0, never NULL, when its source has no value
            # (e.g. a seized line without unit value): a month and team
            # with rows of other sources would otherwise show a blank
            rows = from_item.select(
                DateTrunc('month', date).as_('month'), team.as_('team'),
                *[Coalesce(v, 0).as_(n) for n, v in values.items()],
                where=where & period)
            columns = [rows.month, rows.team]
            for name in measures:
                if name in values:
                    columns.append(Sum(getattr(rows, name)).as_(name))
                else:
                    columns.append(Literal(0).as_(name))
            queries.append(rows.select(
                    *columns, group_by=[rows.month, rows.team]))
        union = Union(*queries, all_=True)
        # the department of each row is its team's: a case and a
        # commitment always have a team, and a team one department
        team = Pool().get('qltt.team').__table__()
        rows = union.join(team, 'LEFT', condition=union.team == team.id
            ).select(*[Column(union, n) for n in ['month', 'team', *measures]],
            team.company.as_('company'))
        month = cls.month.sql_cast(rows.month)
        # one id per month and team that fits an integer column: months
        # since 1900 (up to 2,400 for year 2100), then the team id.  It is
        # an aggregate so that PostgreSQL filters the grouped rows when
        # read() asks for some ids, instead of computing the id of every
        # case and seized line below the union to compare it.
        id_ = (((Extract('YEAR', month) - 1900) * 12
                + Extract('MONTH', month)) * 100_000
            + Coalesce(rows.team, 0))
        return rows.select(
            cls.id.sql_cast(Max(id_)).as_('id'),
            Max(month).as_('month'),
            Max(rows.company).as_('company'),
            rows.team.as_('team'),
            *[cls._fields[n].sql_cast(
                    Coalesce(Sum(getattr(rows, n)), 0)).as_(n)
                for n in measures],
            group_by=[rows.month, rows.team],
            with_=[w for w in with_.values() if isinstance(w, With)])

    @classmethod
    def _keys_only(cls, domain, order):
        "Whether domain and order read only the keys of the rows"
        keys = {'id', 'month', 'company', 'team'}

        def names(domain):
            if isinstance(domain, str):
                return
            if is_leaf(domain):
                yield domain[0].split('.', 1)[0]
            else:
                for item in domain:
                    yield from names(item)
        return (set(names(domain)) <= keys
            and {o[0].split('.', 1)[0] for o in order or []} <= keys)

    @classmethod
    def search(cls, domain, offset=0, limit=None, order=None, count=False,
            query=False):
        """The ids without the measures when neither domain nor order need
        them, as the web client searches before it reads: the figures are
        computed once, by read"""
        if query or not cls._keys_only(domain, order):
            return super().search(domain, offset=offset, limit=limit,
                order=order, count=count, query=query)
        with Transaction().set_context(_qltt_statistics_keys=True):
            # the query: records made in this context would read zeros
            query = super().search(domain, offset=offset, limit=limit,
                order=order, count=count, query=True)
        cursor = Transaction().connection.cursor()
        cursor.execute(*query)
        if count:
            return cursor.fetchone()[0]
        return cls.browse([i for i, in cursor])

    @classmethod
    def browse(cls, ids):
        """Records in batches of 100: a record checks that its id is in
        its batch (trytond's assertions, O(n²) for n rows), and a national
        year has 1,224 rows; reading a field reads the rows of its batch"""
        ids = list(map(int, ids))
        records = []
        for i in range(0, len(ids), 100):
            records.extend(super().browse(ids[i:i + 100]))
        return records

    @classmethod
    def read(cls, ids, fields_names):
        "The table of the months and teams of ids only"
        ids = [int(i) for i in ids]
        if not ids or set(fields_names) <= {'id'}:
            return super().read(ids, fields_names)
        with Transaction().set_context(
                _qltt_statistics_rows=cls._row_keys(ids)):
            return super().read(ids, fields_names)

    @classmethod
    def search_read(cls, domain, offset=0, limit=None, order=None,
            fields_names=None):
        """The rows in one query: the search query selecting the columns
        read, where reading the found ids would compute the table of the
        period a second time (an OR domain keeps the usual path: its
        search may be a union of queries)"""
        names = [n for n in fields_names or [] if n != 'id']
        if (not set(names) <= {'month', 'company', 'team', *cls._measures()}
                or 'OR' in _operators(domain)):
            return super().search_read(domain, offset=offset, limit=limit,
                order=order, fields_names=fields_names)
        cls._before_read([], ['id', *names])
        query = cls.search(
            domain, offset=offset, limit=limit, order=order, query=True)
        table = query.columns[0].expression.table
        columns = [Column(table, n).as_(n) for n in ['id', *names]]
        if backend.name == 'sqlite':
            # the type in the name lets sqlite3 convert dates and decimals
            for column in columns:
                column.output_name += ' [%s]' % (
                    cls._fields[column.output_name].sql_type().base)
        query.columns = columns
        cursor = Transaction().connection.cursor()
        cursor.execute(*query)
        # the names read once: trytond's cursor_dict reads the cursor's
        # description per row (32,000 column objects for a national year)
        names = [d[0] for d in cursor.description]
        return cls._after_read([dict(zip(names, row)) for row in cursor])

    @classmethod
    def totals(cls, records):
        "Sum of each measure over records"
        return {name: sum((getattr(r, name) or 0 for r in records),
                Decimal(0) if isinstance(cls._fields[name], fields.Numeric)
                else 0)
            for name in cls._measures()}


class StatisticsContext(ModelView):
    "Market Surveillance Statistics Context"
    __string__ = "Market Surveillance Statistics Context"
    __name__ = 'qltt.report.statistics.context'

    company = fields.Many2One('company.company', "Company", required=True)
    period = fields.Selection(PERIODS, "Period", required=True)
    date = fields.Date("Date", states={
            'invisible': Eval('period') == 'range',
            },
        help="A day in the period to report on.")
    from_date = fields.Date("From Date", required=True,
        domain=[If(Eval('to_date') & Eval('from_date'),
                ('from_date', '<=', Eval('to_date')), ())],
        states={'readonly': Eval('period') != 'range'})
    to_date = fields.Date("To Date", required=True,
        domain=[If(Eval('from_date') & Eval('to_date'),
                ('to_date', '>=', Eval('from_date')), ())],
        states={'readonly': Eval('period') != 'range'})
    team = fields.Many2One('qltt.team', "Team")
    force = fields.Many2One('qltt.force', "Coordinating Force")
    category = fields.Selection([
            (None, ''),
            ('smuggling', "Smuggling"),
            ('counterfeit', "Counterfeit and IP"),
            ('fraud', "Fraud and Other"),
            ('ecommerce', "E-commerce"),
            ], "Category")

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @classmethod
    def default_period(cls):
        return Transaction().context.get('period', 'month')

    @classmethod
    def default_date(cls):
        return Transaction().context.get(
            'date', Pool().get('ir.date').today())

    @classmethod
    def default_from_date(cls):
        context = Transaction().context
        if 'from_date' in context:
            return context['from_date']
        return period_range(cls.default_period(), cls.default_date())[0]

    @classmethod
    def default_to_date(cls):
        context = Transaction().context
        if 'to_date' in context:
            return context['to_date']
        return period_range(cls.default_period(), cls.default_date())[1]

    @fields.depends('period', 'date', 'from_date', 'to_date')
    def on_change_period(self):
        if self.period != 'range' and self.date:
            self.from_date, self.to_date = period_range(
                self.period, self.date)

    @fields.depends(methods=['on_change_period'])
    def on_change_date(self):
        self.on_change_period()


class StatisticsWorkbook(Report):
    """The statistics as an XLSX workbook: the summary table with totals as
    formulas and a sheet per detail, written in constant memory so that a
    national year exports without loading it all"""
    __name__ = 'qltt.report.statistics.xlsx'

    @classmethod
    def execute(cls, ids, data):
        pool = Pool()
        Company = pool.get('company.company')
        context = Transaction().context
        data = data or {}
        # the filters come from the data (command line) or from the context
        # of the statistics window (web client)
        values = {k: data.get(k) or context.get(k) for k in [
                'company', 'from_date', 'to_date', 'team', 'force',
                'category'] if data.get(k) or context.get(k)}
        for key in ['from_date', 'to_date']:
            if isinstance(values.get(key), str):
                values[key] = dt.date.fromisoformat(values[key])
        values.setdefault('company', context.get('company'))
        with Transaction().set_context(values):
            company = Company(values['company'])
            content = cls.render_workbook(company)
        name = 'thong-ke'
        if values.get('from_date') and values.get('to_date'):
            name += (f"-{values['from_date'].strftime('%Y%m%d')}"
                f"-{values['to_date'].strftime('%Y%m%d')}")
        return 'xlsx', content, False, name

    @classmethod
    def render_workbook(cls, company):
        with tempfile.TemporaryDirectory() as directory:
            path = os.path.join(directory, 'statistics.xlsx')
            workbook = xlsxwriter.Workbook(path, {
                    'constant_memory': True,
                    'tmpdir': directory,
                    'default_date_format': 'dd/mm/yyyy',
                    })
            formats = {
                'title': workbook.add_format({'bold': True, 'font_size': 13}),
                'header': workbook.add_format({
                        'bold': True, 'text_wrap': True, 'valign': 'top',
                        'border': 1, 'bg_color': '#DDEBF7'}),
                'vnd': workbook.add_format({'num_format': '#,##0'}),
                'int': workbook.add_format({'num_format': '0'}),
                'date': workbook.add_format({'num_format': 'dd/mm/yyyy'}),
                'month': workbook.add_format({'num_format': 'mm/yyyy'}),
                'total': workbook.add_format({
                        'bold': True, 'num_format': '#,##0', 'top': 1}),
                }
            for title, columns, rows in cls._sheets(company):
                cls._write_sheet(workbook, formats, title, columns, rows)
            workbook.close()
            with open(path, 'rb') as file:
                return file.read()

    @classmethod
    def _write_sheet(cls, workbook, formats, title, columns, rows):
        """columns: [(heading, kind)] with kind 'text', 'date', 'month',
        'int' or 'vnd'; a totals row sums the int and vnd columns"""
        context = Transaction().context
        sheet = workbook.add_worksheet(title[:31])
        sheet.write(0, 0, title, formats['title'])
        period = ' – '.join(d.strftime('%d/%m/%Y') for d in [
                context.get('from_date'), context.get('to_date')] if d)
        sheet.write(1, 0, period)
        header_row = 3
        for col, (heading, kind) in enumerate(columns):
            sheet.write(header_row, col, heading, formats['header'])
            sheet.set_column(col, col, 14 if kind != 'text' else 28)
        sheet.freeze_panes(header_row + 1, 0)
        row = header_row
        for row, values in enumerate(rows, header_row + 1):
            for col, ((_, kind), value) in enumerate(zip(columns, values)):
                if value is None:
                    continue
                if kind in {'date', 'month'}:
                    sheet.write_datetime(row, col, dt.datetime.combine(
                            value, dt.time()), formats[kind])
                elif kind in {'int', 'vnd'}:
                    sheet.write_number(row, col, value, formats[kind])
                else:
                    sheet.write_string(row, col, str(value))
        first, last = header_row + 2, row + 1
        total_row = row + 1
        sheet.write(total_row, 0, cls._total_label(), formats['total'])
        for col, (_, kind) in enumerate(columns):
            if kind in {'int', 'vnd'}:
                letter = xl_col_to_name(col)
                sheet.write_formula(total_row, col,
                    f'=SUM({letter}{first}:{letter}{last})'
                    if last >= first else '=0', formats['total'])

    @classmethod
    def _total_label(cls):
        return gettext('qltt_cases.msg_statistics_total')

    @classmethod
    def _heading(cls, Model, name):
        return Model.fields_get([name])[name]['string']

    @classmethod
    def _sheets(cls, company):
        "Yield (title, columns, rows) for each sheet"
        pool = Pool()
        Statistics = pool.get('qltt.report.statistics')
        Case = pool.get('qltt.case')
        Team = pool.get('qltt.team')
        Model = pool.get('ir.model')

        Company = pool.get('company.company')
        measures = Statistics._measures()
        # the national workbook names the department of each row
        national = len(Statistics._companies()) > 1
        columns = [(cls._heading(Statistics, 'month'), 'month')]
        if national:
            columns.append((cls._heading(Statistics, 'company'), 'text'))
        columns.append((cls._heading(Statistics, 'team'), 'text'))
        for name in measures:
            kind = ('vnd' if isinstance(Statistics._fields[name],
                    fields.Numeric) else 'int')
            columns.append((cls._heading(Statistics, name), kind))

        def summary():
            # search_read computes the table once
            rows = Statistics.search_read(
                [], fields_names=['month', 'company', 'team', *measures])
            teams, companies = {}, {}
            cls._rec_names(Team, {r['team'] for r in rows}, teams)
            cls._rec_names(
                Company, {r['company'] for r in rows}, companies)
            for row in rows:
                department = (
                    [companies.get(row['company'], '')] if national else [])
                yield [row['month'], *department,
                    teams.get(row['team'], ''),
                    *[row[n] or 0 for n in measures]]
        yield Model.get_name(Statistics.__name__), columns, summary()

        names = ['number', 'inspection_date', 'team', 'offender', 'channel',
            'main_category', 'state', 'decision_date', 'fine_total',
            'goods_value']
        kinds = ['text', 'date', 'text', 'text', 'text', 'text', 'text',
            'date', 'vnd', 'vnd']
        yield (Model.get_name(Case.__name__),
            [(cls._heading(Case, n), k) for n, k in zip(names, kinds)],
            cls._case_rows(names))

    @classmethod
    def _fetch(cls, query, size=1000):
        """Rows of the SQL query, fetched size at a time: on PostgreSQL by a
        server-side cursor, so that memory stays constant as rows grow"""
        connection = Transaction().connection
        if backend.name == 'postgresql':
            cursor = connection.cursor(f'qltt_xlsx_{next(_CURSORS)}')
        else:
            cursor = connection.cursor()
        try:
            cursor.execute(*query)
            while rows := cursor.fetchmany(size):
                yield rows
        finally:
            cursor.close()

    @classmethod
    def _rec_names(cls, Model, ids, cache):
        """Fill cache with the record names of ids (teams, products: few
        records that many rows share) read by the model, translated"""
        missing = {i for i in ids if i is not None and i not in cache}
        if len(cache) + len(missing) > 10_000:
            cache.clear()
            missing = {i for i in ids if i is not None}
        for record in Model.browse(sorted(missing)):
            cache[record.id] = record.rec_name

    @classmethod
    def _case_query(cls):
        """The case rows of the period in one query: number, inspection
        date, team id, offender name, channel, main category, state,
        decision date, total fine, value of goods"""
        pool = Pool()
        Case_ = pool.get('qltt.case')
        Violation = pool.get('qltt.case.violation')
        LegalBasis = pool.get('qltt.legal.basis')
        Party = pool.get('party.party')
        Offender = pool.get('qltt.case.offender')
        Statistics = pool.get('qltt.report.statistics')
        context = Transaction().context
        domain = [
            ('company', 'in', Statistics._companies()),
            ('state', 'not in', ['draft', 'cancelled']),
            ]
        if context.get('from_date'):
            domain.append(('inspection_date', '>=', context['from_date']))
        if context.get('to_date'):
            domain.append(('inspection_date', '<=', context['to_date']))
        if context.get('team'):
            domain.append(('team', '=', context['team']))
        # the ids by Case.search: the access rules of the user apply
        ids = Case_.search(domain, order=[], query=True)

        case = Case_.__table__()
        party = Party.__table__()
        offender = Offender.__table__()
        # the first offender names the case; the others are counted
        offenders = offender.select(offender.case.as_('case'),
            Min(offender.id).as_('first'),
            Count(offender.id).as_('count'),
            group_by=[offender.case])
        first = Offender.__table__()
        violation = Violation.__table__()
        basis = LegalBasis.__table__()
        # as Case.get_main_category: e-commerce, else the category of the
        # act with the highest fine (the first one on a tie)
        main_category = Case((case.channel == 'ecommerce', 'ecommerce'),
            else_=violation.join(basis,
                condition=violation.legal_basis == basis.id).select(
                basis.category,
                where=violation.case == case.id,
                order_by=[Coalesce(violation.fine, 0).desc,
                    violation.id.asc],
                limit=1))
        # as Party.get_rec_name: the name, or the code in brackets
        name = Case(
            ((party.name == Null) | (party.name == ''),
                Concat(Concat('[', party.code), ']')),
            else_=party.name)
        others = Case((offenders.count > 1,
                Concat(Concat(' (+', Cast(offenders.count - 1, 'VARCHAR')),
                    ')')),
            else_='')
        return (case
            .join(offenders, 'LEFT', condition=offenders.case == case.id)
            .join(first, 'LEFT', condition=first.id == offenders.first)
            .join(party, 'LEFT', condition=first.party == party.id)
            .select(
                case.number, case.inspection_date, case.team,
                Concat(name, others), case.channel, main_category, case.state,
                case.decision_date,
                Coalesce(case.acts_fine, 0),
                Coalesce(case.acts_goods_value, 0),
                where=case.id.in_(ids),
                order_by=[case.inspection_date.asc, case.id.asc]))

    @classmethod
    def _case_rows(cls, names):
        """Rows of the cases inspected in the period from one SQL query,
        a thousand at a time (names: the columns of the sheet, in the
        order of _case_query)"""
        pool = Pool()
        Case_ = pool.get('qltt.case')
        Team = pool.get('qltt.team')
        selections = {n: dict(Case_.fields_get([n])[n]['selection'])
            for n in ['channel', 'main_category', 'state']}
        teams = {}
        for rows in cls._fetch(cls._case_query()):
            cls._rec_names(Team, {r[2] for r in rows}, teams)
            for (number, inspection_date, team, offender, channel,
                    category, state, decision_date, fine, goods) in rows:
                yield [number, inspection_date, teams.get(team), offender,
                    selections['channel'].get(channel, channel),
                    selections['main_category'].get(category, category),
                    selections['state'].get(state, state), decision_date,
                    int(fine), int(goods)]
