#!/usr/bin/env python3
# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The reporting jobs, run against the hot-standby replica (or any copy of
the database) in read-only transactions, so that a national year's
statistics or workbook never loads the primary of the interactive
workers.

    qltt-report.py -c CONF... -d DATABASE statistics --from-date D --to-date D
        the statistics (qltt.report.statistics), one JSON row per month and
        team, on stdout
    qltt-report.py -c CONF... -d DATABASE xlsx --from-date D --to-date D \\
        -o thong-ke.xlsx
        the statistics workbook (qltt.report.statistics.xlsx)

TRYTOND_DATABASE__URI (or a -c file) names the replica.  --company: the
company's id (default: the only one, or the first).
"""
import argparse
import datetime as dt
import json
import sys
from decimal import Decimal


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('-c', '--config', nargs='+', required=True)
    parser.add_argument('-d', '--database', required=True)
    parser.add_argument('report', choices=['statistics', 'xlsx'])
    parser.add_argument('--from-date', type=dt.date.fromisoformat,
        required=True)
    parser.add_argument('--to-date', type=dt.date.fromisoformat,
        required=True)
    parser.add_argument('--company', type=int)
    parser.add_argument('-o', '--output')
    args = parser.parse_args()

    from trytond import config
    config.update_etc(args.config)
    read_only_connections()
    from trytond.pool import Pool
    from trytond.transaction import Transaction

    Pool.start()
    pool = Pool(args.database)
    with Transaction().start(args.database, 0, readonly=True):
        pool.init()
    with Transaction().start(args.database, 0, readonly=True):
        Company = pool.get('company.company')
        company = args.company or Company.search([], limit=1,
            order=[('id', 'ASC')])[0].id
        context = {'company': company, 'from_date': args.from_date,
            'to_date': args.to_date}
        with Transaction().set_context(context):
            if args.report == 'statistics':
                Statistics = pool.get('qltt.report.statistics')
                # the measures, not the bookkeeping of the rows (ids,
                # timestamps of the query)
                names = [n for n, f in Statistics._fields.items()
                    if n not in {'create_uid', 'write_uid', 'rec_name',
                        'id'} and f._type != 'timestamp']
                rows = Statistics.search_read([], order=[
                        ('month', 'ASC'), ('team', 'ASC')],
                    fields_names=sorted(names))
                for row in rows:
                    print(json.dumps(row, sort_keys=True, default=_json))
            else:
                Workbook = pool.get('qltt.report.statistics.xlsx',
                    type='report')
                _, content, _, name = Workbook.execute([], context)
                output = args.output or f'{name}.xlsx'
                with open(output, 'wb') as out:
                    out.write(content)
                print(output)


def read_only_connections():
    """Every connection read-only: trytond asks for read-write ones while it
    loads its pool (psycopg then starts with BEGIN READ WRITE, which a hot
    standby refuses, even for reads).  Writing is not possible anyway."""
    from trytond import backend
    get_connection = backend.Database.get_connection

    def read_only(self, autocommit=False, readonly=False,
            statement_timeout=None):
        return get_connection(self, autocommit=autocommit, readonly=True,
            statement_timeout=statement_timeout)
    backend.Database.get_connection = read_only


def _json(value):
    if isinstance(value, (Decimal, dt.date)):
        return str(value)
    raise TypeError(repr(value))


if __name__ == '__main__':
    sys.exit(main())
