# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Money figures of the statistics table: fines collected, sale proceeds,
the money remitted to the State budget, and the department's total of money
collected and goods disposed (fines, sales, and the value of the goods
destroyed or handed over, which are no budget revenue)."""
from decimal import Decimal

from sql import Literal
from sql.aggregate import Sum
from sql.conditionals import Coalesce

from trytond.model import fields
from trytond.pool import Pool, PoolMeta
from trytond.transaction import Transaction


class Statistics(metaclass=PoolMeta):
    __name__ = 'qltt.report.statistics'
    fines_collected = fields.Numeric(
        "Fines Collected", digits=(16, 0),
        help="Fines and late surcharges paid.")
    proceeds_collected = fields.Numeric(
        "Sale Proceeds Collected", digits=(16, 0))
    budget_remitted = fields.Numeric(
        "Remitted to the Budget", digits=(16, 0),
        help="Fines, late surcharges and proceeds less their costs, on the "
        "remittances posted in the month: the State budget's revenue.")
    money_total = fields.Function(fields.Numeric(
            "Total Collected and Goods Disposed", digits=(16, 0),
            help="Fines, sale proceeds, and the value of goods destroyed or "
            "transferred to other agencies, as the department reports it; "
            "the goods are no budget revenue."),
        'get_money_total')

    @classmethod
    def _measures(cls):
        return super()._measures() + [
            'fines_collected', 'proceeds_collected', 'budget_remitted']

    @classmethod
    def _sources(cls, with_):
        pool = Pool()
        Case = pool.get('qltt.case')
        Payment = pool.get('qltt.fine.payment')
        Proceeds = pool.get('qltt.proceeds')
        yield from super()._sources(with_)

        case = Case.__table__()
        payment = Payment.__table__()
        yield (payment.join(case, condition=payment.case == case.id),
            payment.date, case.team,
            cls._case_where(case)
            & payment.state.in_(['posted', 'deposited']),
            {'fines_collected': Coalesce(payment.principal, 0)
                + Coalesce(payment.surcharge, 0)})

        case = Case.__table__()
        proceeds = Proceeds.__table__()
        yield (proceeds.join(case, condition=proceeds.case == case.id),
            proceeds.received_date, case.team,
            cls._case_where(case) & (proceeds.state == 'received'),
            {'proceeds_collected': proceeds.amount})

        yield from cls._remitted_sources()

    @classmethod
    def _remitted_sources(cls):
        """The payments and proceeds of the posted remittances, dated by the
        remittance: the money that reached the State budget"""
        pool = Pool()
        Case = pool.get('qltt.case')
        Payment = pool.get('qltt.fine.payment')
        Proceeds = pool.get('qltt.proceeds')
        Cost = pool.get('qltt.proceeds.cost')
        Remittance = pool.get('qltt.remittance')

        case = Case.__table__()
        payment = Payment.__table__()
        remittance = Remittance.__table__()
        yield (payment.join(case, condition=payment.case == case.id
                ).join(remittance,
                condition=payment.remittance == remittance.id),
            remittance.date, case.team,
            cls._case_where(case) & (remittance.state == 'posted'),
            # with the illegal profits paid back (measure.py)
            {'budget_remitted': Coalesce(payment.principal, 0)
                + Coalesce(payment.surcharge, 0)
                + Coalesce(payment.profit, 0)})

        case = Case.__table__()
        proceeds = Proceeds.__table__()
        remittance = Remittance.__table__()
        cost = Cost.__table__()
        costs = cost.select(cost.proceeds.as_('proceeds'),
            Sum(Coalesce(cost.amount, 0)).as_('amount'),
            group_by=[cost.proceeds])
        # the costs are deducted before the rest is remitted (proceeds.py)
        yield (proceeds.join(case, condition=proceeds.case == case.id
                ).join(remittance,
                condition=proceeds.remittance == remittance.id
                ).join(costs, 'LEFT', condition=costs.proceeds == proceeds.id),
            remittance.date, case.team,
            cls._case_where(case) & (remittance.state == 'posted'),
            {'budget_remitted': Coalesce(proceeds.amount, 0)
                - Coalesce(costs.amount, 0)})

    def get_money_total(self, name):
        return sum((getattr(self, n) or Decimal(0) for n in [
                    'fines_collected', 'proceeds_collected',
                    'goods_destroyed_value', 'goods_transferred_value']),
            Decimal(0))


class StatisticsWorkbook(metaclass=PoolMeta):
    __name__ = 'qltt.report.statistics.xlsx'

    @classmethod
    def _sheets(cls, company):
        "Adds the money collected in the period: payments and proceeds"
        pool = Pool()
        Payment = pool.get('qltt.fine.payment')
        Model = pool.get('ir.model')
        yield from super()._sheets(company)
        columns = [
            (cls._heading(Payment, 'case'), 'text'),
            (cls._heading(Payment, 'date'), 'date'),
            (Model.get_name(Payment.__name__), 'text'),
            (cls._heading(Payment, 'reference'), 'text'),
            (cls._heading(Payment, 'principal'), 'vnd'),
            (cls._heading(Payment, 'surcharge'), 'vnd'),
            (cls._heading(Payment, 'amount'), 'vnd'),
            ]
        Statistics = pool.get('qltt.report.statistics')
        yield (cls._heading(Statistics, 'money_total'), columns,
            cls._money_rows())

    @classmethod
    def _money_queries(cls):
        """The payments then the proceeds collected in the period, as SQL
        queries of case number, date, reference, principal, surcharge and
        amount, in date order; the ids by search: the access rules apply"""
        pool = Pool()
        Case = pool.get('qltt.case')
        Payment = pool.get('qltt.fine.payment')
        Proceeds = pool.get('qltt.proceeds')
        Statistics = pool.get('qltt.report.statistics')
        context = Transaction().context

        def dated(field):
            domain = [('company', 'in', Statistics._companies())]
            if context.get('from_date'):
                domain.append((field, '>=', context['from_date']))
            if context.get('to_date'):
                domain.append((field, '<=', context['to_date']))
            if context.get('team'):
                domain.append(('case.team', '=', context['team']))
            return domain

        case = Case.__table__()
        payment = Payment.__table__()
        ids = Payment.search(
            dated('date') + [('state', 'in', ['posted', 'deposited'])],
            order=[], query=True)
        principal = Coalesce(payment.principal, 0)
        surcharge = Coalesce(payment.surcharge, 0)
        yield payment.join(case, condition=payment.case == case.id).select(
            case.number, payment.date, payment.reference, principal,
            surcharge, principal + surcharge,
            where=payment.id.in_(ids),
            order_by=[payment.date.asc, payment.id.asc])

        case = Case.__table__()
        proceeds = Proceeds.__table__()
        ids = Proceeds.search(
            dated('received_date') + [('state', '=', 'received')],
            order=[], query=True)
        yield proceeds.join(case, condition=proceeds.case == case.id).select(
            case.number, proceeds.received_date, proceeds.reference,
            Literal(0), Literal(0), Coalesce(proceeds.amount, 0),
            where=proceeds.id.in_(ids),
            order_by=[proceeds.received_date.asc, proceeds.id.asc])

    @classmethod
    def _money_rows(cls):
        """Rows of the money sheet from two SQL queries, a thousand at a
        time: memory stays constant however many payments the period has"""
        pool = Pool()
        Model = pool.get('ir.model')
        kinds = [Model.get_name(n)
            for n in ['qltt.fine.payment', 'qltt.proceeds']]
        for kind, query in zip(kinds, cls._money_queries()):
            for rows in cls._fetch(query):
                for number, date, reference, principal, surcharge, amount \
                        in rows:
                    yield [number, date, kind, reference, int(principal),
                        int(surcharge), int(amount)]
