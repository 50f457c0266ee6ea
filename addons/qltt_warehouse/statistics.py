# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Goods figures of the statistics table: value seized, destroyed, sold and
handed to other agencies or to investigators (docs/law.md, Statistics)."""
from decimal import Decimal

from sql import Null
from sql.conditionals import Case as SqlCase

from trytond.model import fields
from trytond.pool import Pool, PoolMeta
from trytond.transaction import Transaction


class Statistics(metaclass=PoolMeta):
    __name__ = 'qltt.report.statistics'
    goods_seized_value = fields.Numeric(
        "Value of Goods Seized", digits=(16, 0))
    goods_destroyed_value = fields.Numeric(
        "Value of Goods Destroyed", digits=(16, 0))
    goods_sold_amount = fields.Numeric(
        "Goods Sold (Sale Amount)", digits=(16, 0))
    goods_transferred_value = fields.Numeric(
        "Value of Goods Transferred", digits=(16, 0),
        help="To other agencies and to investigators.")

    @classmethod
    def _measures(cls):
        return super()._measures() + [
            'goods_seized_value', 'goods_destroyed_value',
            'goods_sold_amount', 'goods_transferred_value']

    @classmethod
    def _sources(cls, with_):
        pool = Pool()
        Case = pool.get('qltt.case')
        Seizure = pool.get('qltt.seizure')
        SeizureLine = pool.get('qltt.seizure.line')
        Disposition = pool.get('qltt.disposition')
        DispositionLine = pool.get('qltt.disposition.line')
        yield from super()._sources(with_)

        # the value of the lines stored on the seizure, and its case's
        # team: a national year adds up 42,500 seizures, not 510,000 lines
        # joined to 100,000 cases (the cases only filter by force or
        # category); a seizure without lines (an empty value) makes no row
        context = Transaction().context
        seizure = Seizure.__table__()
        where = (seizure.state.in_(['held', 'closed'])
            & (seizure.lines_value != Null))
        if context.get('force') or context.get('category'):
            case = Case.__table__()
            where &= seizure.case.in_(
                case.select(case.id, where=cls._case_where(case)))
        else:
            where &= seizure.company.in_(cls._companies() or [-1])
            if context.get('team'):
                where &= seizure.team == context['team']
        yield (seizure, seizure.seizure_date, seizure.team, where,
            {'goods_seized_value': seizure.lines_value})

        case = Case.__table__()
        disposition = Disposition.__table__()
        d_line = DispositionLine.__table__()
        s_line = SeizureLine.__table__()
        value = d_line.quantity * s_line.unit_value
        yield (d_line.join(disposition,
                condition=d_line.disposition == disposition.id
                ).join(s_line, condition=d_line.seizure_line == s_line.id
                ).join(case, condition=disposition.case == case.id),
            disposition.date, case.team,
            cls._case_where(case) & (disposition.state == 'done'),
            {
                'goods_destroyed_value': SqlCase(
                    (disposition.kind == 'destroy', value), else_=0),
                'goods_transferred_value': SqlCase(
                    (disposition.kind.in_(['transfer', 'investigators']),
                        value), else_=0),
                })

        case = Case.__table__()
        disposition = Disposition.__table__()
        yield (disposition.join(case,
                condition=disposition.case == case.id),
            disposition.date, case.team,
            cls._case_where(case) & (disposition.state == 'done')
            & (disposition.kind == 'sell'),
            {'goods_sold_amount': disposition.sale_amount})


class StatisticsWorkbook(metaclass=PoolMeta):
    __name__ = 'qltt.report.statistics.xlsx'

    @classmethod
    def _sheets(cls, company):
        "Adds the goods seized in the period, line by line"
        pool = Pool()
        Line = pool.get('qltt.seizure.line')
        Seizure = pool.get('qltt.seizure')
        Model = pool.get('ir.model')
        yield from super()._sheets(company)
        columns = [
            (cls._heading(Seizure, 'number'), 'text'),
            (cls._heading(Seizure, 'case'), 'text'),
            (cls._heading(Seizure, 'seizure_date'), 'date'),
            (cls._heading(Line, 'product'), 'text'),
            (cls._heading(Line, 'category'), 'text'),
            (cls._heading(Line, 'brand'), 'text'),
            (cls._heading(Line, 'quantity'), 'int'),
            (cls._heading(Line, 'value'), 'vnd'),
            (cls._heading(Line, 'weight'), 'int'),
            ]
        yield Model.get_name(Line.__name__), columns, cls._goods_rows()

    @classmethod
    def _goods_query(cls):
        """The seized lines of the period in one query: seizure number,
        case number, seizure date, product id, category, brand, quantity,
        unit value, weight"""
        pool = Pool()
        Line = pool.get('qltt.seizure.line')
        Seizure = pool.get('qltt.seizure')
        Case = pool.get('qltt.case')
        Statistics = pool.get('qltt.report.statistics')
        context = Transaction().context
        domain = [
            ('seizure.company', 'in', Statistics._companies()),
            ('seizure.state', 'in', ['held', 'closed']),
            ]
        if context.get('from_date'):
            domain.append(('seizure.seizure_date', '>=', context['from_date']))
        if context.get('to_date'):
            domain.append(('seizure.seizure_date', '<=', context['to_date']))
        if context.get('team'):
            domain.append(('seizure.case.team', '=', context['team']))
        # the ids by Line.search: the access rules of the user apply
        ids = Line.search(domain, order=[], query=True)
        line = Line.__table__()
        seizure = Seizure.__table__()
        case = Case.__table__()
        return (line
            .join(seizure, condition=line.seizure == seizure.id)
            .join(case, 'LEFT', condition=seizure.case == case.id)
            .select(
                seizure.number, case.number, seizure.seizure_date,
                line.product, line.category, line.brand, line.quantity,
                line.unit_value, line.weight,
                where=line.id.in_(ids),
                order_by=[line.id.asc]))

    @classmethod
    def _goods_rows(cls):
        "Rows of the goods seized from one SQL query, a thousand at a time"
        pool = Pool()
        Line = pool.get('qltt.seizure.line')
        Product = pool.get('product.product')
        categories = dict(Line.fields_get(['category'])['category'][
                'selection'])
        products = {}
        for rows in cls._fetch(cls._goods_query()):
            cls._rec_names(Product, {r[3] for r in rows}, products)
            for (seizure, case, date, product, category, brand, quantity,
                    unit_value, weight) in rows:
                # as SeizureLine.on_change_with_value
                value = 0
                if quantity is not None and unit_value is not None:
                    value = int((Decimal(str(quantity))
                            * Decimal(str(unit_value))).quantize(
                            Decimal(1)))
                yield [seizure, case, date, products.get(product),
                    categories.get(category), brand, quantity, value,
                    weight]
