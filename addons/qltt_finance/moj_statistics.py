# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The statistics of administrative sanctions the Ministry of Justice
collects (Decree 118/2021/NĐ-CP Art 35; Circular 01/2023/TT-BTP; the national
database of Decree 20/2016/NĐ-CP): decisions issued, executed, postponed,
reduced or waived, paid by instalments, enforced and challenged; licences
or practising certificates withdrawn and activities suspended (Law Art 25);
files sent to the investigators; exhibits confiscated.  The Circular's
templates were not read: the table gives these figures, not the official
layout [unverified].

One row per month and team.  Each figure is dated by its own event (the
decision, the last payment that settled the fine, the relief's or the
enforcement's decision, the challenge, the disposition of the goods), as
the statistics table of qltt_cases does (statistics.py there)."""

from sql import Literal, Null, Union
from sql.aggregate import Count, Max, Sum
from sql.conditionals import Case as SqlCase, Coalesce
from sql.functions import DateTrunc, Extract

from trytond.model import ModelSQL, ModelView, fields
from trytond.modules.qltt_cases.statistics import (
    DECIDED_STATES, StatisticsWorkbook)
from trytond.pool import Pool

# dispositions of goods confiscated by the decision (Decree 77/2025):
# destroyed, sold or transferred; a return is no confiscation and a
# hand-over to the investigators goes with the criminal file
CONFISCATED_DISPOSITIONS = ['destroy', 'sell', 'transfer']


class MojStatistics(ModelSQL, ModelView):
    __string__ = "Sanction Statistics (MoJ)"
    __name__ = 'qltt.report.moj'

    month = fields.Date("Month")
    team = fields.Many2One('qltt.team', "Team")
    decisions = fields.Integer(
        "Decisions Issued",
        help="Sanction decisions, and confiscations without sanction.")
    fines_decided = fields.Numeric("Fines Decided", digits=(16, 0))
    warnings = fields.Integer(
        "Offenders Warned",
        help="Offenders warned by the decisions for one of their acts at "
        "least (Law Art 21(1)(a), 22).")
    decisions_executed = fields.Integer(
        "Decisions Executed",
        help="Fines settled, dated by the payment that settled them.")
    decisions_postponed = fields.Integer("Decisions Postponed")
    decisions_reduced = fields.Integer("Fines Reduced or Waived")
    amount_reduced = fields.Numeric(
        "Amount Reduced or Waived", digits=(16, 0))
    decisions_instalments = fields.Integer("Fines Paid by Instalments")
    decisions_enforced = fields.Integer(
        "Decisions Enforced",
        help="Enforcement decisions issued (cancelled ones excluded).")
    enforcement_collected = fields.Numeric(
        "Collected by Enforcement", digits=(16, 0))
    decisions_challenged = fields.Integer(
        "Decisions Challenged", help="By a complaint or a lawsuit.")
    files_transferred = fields.Integer(
        "Files Sent to Investigators")
    licences_withdrawn = fields.Integer(
        "Licences Withdrawn",
        help="Licences or practising certificates withdrawn for a period by "
        "the decisions (Law Art 25).")
    activities_suspended = fields.Integer(
        "Activities Suspended",
        help="Activities suspended for a period by the decisions (Law Art "
        "25).")
    exhibits_confiscated_value = fields.Numeric(
        "Confiscated Exhibits Disposed", digits=(16, 0),
        help="Value of the confiscated goods destroyed, sold or "
        "transferred.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('month', 'ASC'), ('team', 'ASC'), ('id', 'ASC')]

    @classmethod
    def _measures(cls):
        return ['decisions', 'fines_decided', 'warnings',
            'decisions_executed',
            'decisions_postponed', 'decisions_reduced', 'amount_reduced',
            'decisions_instalments', 'decisions_enforced',
            'enforcement_collected', 'decisions_challenged',
            'files_transferred', 'licences_withdrawn', 'activities_suspended',
            'exhibits_confiscated_value']

    @classmethod
    def _sources(cls):
        """Yield (from, date column, team column, where, {measure:
        expression}) as qltt.report.statistics does"""
        pool = Pool()
        Statistics = pool.get('qltt.report.statistics')
        Case = pool.get('qltt.case')
        Violation = pool.get('qltt.case.violation')
        Fine = pool.get('qltt.fine')
        Payment = pool.get('qltt.fine.payment')
        Relief = pool.get('qltt.fine.relief')
        Enforcement = pool.get('qltt.fine.enforcement')
        Measure = pool.get('qltt.case.measure')
        Disposition = pool.get('qltt.disposition')
        DispositionLine = pool.get('qltt.disposition.line')
        SeizureLine = pool.get('qltt.seizure.line')
        where_case = Statistics._case_where

        def flag(condition):
            return SqlCase((condition, 1), else_=0)

        case = Case.__table__()
        violation = Violation.__table__()
        fines = violation.select(violation.case.as_('case'),
            Sum(Coalesce(violation.fine, 0)).as_('fine'),
            Count(SqlCase((violation.sanction == 'warning',
                        violation.offender)), distinct=True).as_('warned'),
            group_by=[violation.case])
        confiscation = Coalesce(case.confiscation_only, Literal(False))
        yield (case.join(fines, 'LEFT', condition=fines.case == case.id),
            case.decision_date, case.team,
            where_case(case) & case.state.in_(DECIDED_STATES),
            {
                'decisions': Literal(1),
                # a confiscation without sanction imposes no fine
                'fines_decided': SqlCase(
                    (confiscation, 0), else_=Coalesce(fines.fine, 0)),
                'warnings': SqlCase(
                    (confiscation, 0), else_=Coalesce(fines.warned, 0)),
                })

        case = Case.__table__()
        fine = Fine.__table__()
        payment = Payment.__table__()
        last = payment.select(payment.fine.as_('fine'),
            Max(payment.date).as_('date'),
            where=payment.state.in_(['posted', 'deposited']),
            group_by=[payment.fine])
        executed = Coalesce(last.date, fine.decision_date)
        yield (fine.join(case, condition=fine.case == case.id
                ).join(last, 'LEFT', condition=last.fine == fine.id),
            executed, case.team,
            where_case(case) & (fine.state == 'settled'),
            {'decisions_executed': Literal(1)})

        case = Case.__table__()
        fine = Fine.__table__()
        relief = Relief.__table__()
        yield (relief.join(fine, condition=relief.fine == fine.id
                ).join(case, condition=fine.case == case.id),
            relief.decision_date, case.team,
            where_case(case) & (relief.state == 'approved'),
            {
                'decisions_postponed': flag(relief.kind == 'postponement'),
                'decisions_reduced': flag(relief.kind == 'reduction'),
                'amount_reduced': SqlCase((relief.kind == 'reduction',
                        Coalesce(relief.amount, 0)), else_=0),
                'decisions_instalments': flag(relief.kind == 'instalments'),
                })

        case = Case.__table__()
        fine = Fine.__table__()
        enforcement = Enforcement.__table__()
        yield (enforcement.join(fine, condition=enforcement.fine == fine.id
                ).join(case, condition=fine.case == case.id),
            enforcement.decision_date, case.team,
            where_case(case)
            & enforcement.state.in_(['decided', 'executed']),
            {'decisions_enforced': Literal(1)})

        case = Case.__table__()
        fine = Fine.__table__()
        enforcement = Enforcement.__table__()
        yield (enforcement.join(fine, condition=enforcement.fine == fine.id
                ).join(case, condition=fine.case == case.id),
            enforcement.executed_date, case.team,
            where_case(case) & (enforcement.state == 'executed'),
            {'enforcement_collected': Coalesce(
                    enforcement.amount_collected, 0)})

        case = Case.__table__()
        yield (case, case.challenge_date, case.team,
            where_case(case) & case.state.in_(DECIDED_STATES)
            & (case.challenge_kind != Null),
            {'decisions_challenged': Literal(1)})

        case = Case.__table__()
        yield (case, case.transfer_date, case.team,
            where_case(case) & (case.state == 'transferred'),
            {'files_transferred': Literal(1)})

        # the additional sanctions of Law Art 25 ordered by the decisions,
        # dated by the decision
        case = Case.__table__()
        measure = Measure.__table__()
        yield (measure.join(case, condition=measure.case == case.id),
            case.decision_date, case.team,
            where_case(case) & case.state.in_(DECIDED_STATES)
            & measure.kind.in_(['sanction_licence', 'sanction_suspension']),
            {
                'licences_withdrawn': flag(
                    measure.kind == 'sanction_licence'),
                'activities_suspended': flag(
                    measure.kind == 'sanction_suspension'),
                })

        case = Case.__table__()
        disposition = Disposition.__table__()
        d_line = DispositionLine.__table__()
        s_line = SeizureLine.__table__()
        yield (d_line.join(disposition,
                condition=d_line.disposition == disposition.id
                ).join(s_line, condition=d_line.seizure_line == s_line.id
                ).join(case, condition=disposition.case == case.id),
            disposition.date, case.team,
            where_case(case) & (disposition.state == 'done')
            & disposition.kind.in_(CONFISCATED_DISPOSITIONS),
            {'exhibits_confiscated_value':
                d_line.quantity * Coalesce(s_line.unit_value, 0)})

    @classmethod
    def table_query(cls):
        pool = Pool()
        Statistics = pool.get('qltt.report.statistics')
        measures = cls._measures()
        queries = []
        for from_item, date, team, where, values in cls._sources():
            rows = from_item.select(
                DateTrunc('month', date).as_('month'), team.as_('team'),
                *[Coalesce(v, 0).as_(n) for n, v in values.items()],
                where=where & Statistics._date_where(date))
            columns = [rows.month, rows.team]
            for name in measures:
                if name in values:
                    columns.append(Sum(getattr(rows, name)).as_(name))
                else:
                    columns.append(Literal(0).as_(name))
            queries.append(rows.select(
                    *columns, group_by=[rows.month, rows.team]))
        rows = Union(*queries, all_=True)
        month = cls.month.sql_cast(rows.month)
        # months since 1900, then the team: one integer id per row
        id_ = (((Extract('YEAR', month) - 1900) * 12
                + Extract('MONTH', month)) * 100_000
            + Coalesce(rows.team, 0))
        return rows.select(
            cls.id.sql_cast(Max(id_)).as_('id'),
            Max(month).as_('month'),
            rows.team.as_('team'),
            *[cls._fields[n].sql_cast(
                    Coalesce(Sum(getattr(rows, n)), 0)).as_(n)
                for n in measures],
            group_by=[rows.month, rows.team])


class MojStatisticsWorkbook(StatisticsWorkbook):
    "The Ministry of Justice statistics as an XLSX workbook"
    __name__ = 'qltt.report.moj.xlsx'

    @classmethod
    def execute(cls, ids, data):
        ext, content, direct, name = super().execute(ids, data)
        return ext, content, direct, name.replace('thong-ke', 'thong-ke-btp')

    @classmethod
    def _sheets(cls, company):
        pool = Pool()
        Moj = pool.get('qltt.report.moj')
        Team = pool.get('qltt.team')
        Model = pool.get('ir.model')
        measures = Moj._measures()
        columns = [(cls._heading(Moj, 'month'), 'month'),
            (cls._heading(Moj, 'team'), 'text')]
        for name in measures:
            kind = ('vnd' if isinstance(Moj._fields[name], fields.Numeric)
                else 'int')
            columns.append((cls._heading(Moj, name), kind))

        def rows():
            records = Moj.search([])
            teams = {}
            cls._rec_names(Team, {r.team.id for r in records if r.team},
                teams)
            for record in records:
                # whole dong and counts
                yield [record.month,
                    teams.get(record.team.id, '') if record.team else '',
                    *[int(getattr(record, n) or 0) for n in measures]]
        yield Model.get_name(Moj.__name__), columns, rows()
