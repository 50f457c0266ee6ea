#!/usr/bin/env python3
# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Import of past cases (issue 25): cases per second of the batched import
(qltt_cases.case_import: the whole file checked, then one create per model
and batch) against creating the same cases one by one through the models
(the same values, one create call per case, offender, act, decision, fine,
move and payment) and, on PostgreSQL, against COPY of the rows the import
wrote into the same tables (the physical limit: the same rows, indexes and
constraints, no Python).

    .venv/bin/python tests/benchmarks/bench_import.py [--cases 1000]

Without TRYTOND_DATABASE_URI it starts a throwaway PostgreSQL cluster
(pgcluster.py, as `make bench`); with it, it uses Tryton's test backend
there (DB_NAME, default qltt_bench_import).  Each case has two offenders'
acts (an individual with two acts, an organisation with one: 3 rows) and
its decision; with qltt_finance (the default) each offender's fine is
booked (a posted move of the decision date) and the individual paid half
of theirs (a posted payment): 2 fines, 3 posted moves of 6 lines and a
payment per case.  Prints the figures and writes them as JSON to
var/bench/import-<backend>.json (last line of the output)."""
import argparse
import csv
import datetime as dt
import io
import json
import os
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
MODULES = [
    'qltt_cases', 'qltt_warehouse', 'qltt_finance', 'qltt_hr', 'qltt_office']


def rows(count, prefix):
    "The CSV of count decided cases (3 rows each)"
    from trytond.modules.qltt_cases.case_import import COLUMNS
    output = io.StringIO()
    writer = csv.DictWriter(output, COLUMNS)
    writer.writeheader()
    start = dt.date(2021, 1, 4)
    for i in range(count):
        day = start + dt.timedelta(days=i % 300)
        case = {
            'case_number': f'{prefix}-{i:06d}', 'state': 'decided',
            'inspection_date': day.isoformat(),
            'minutes_date': day.isoformat(),
            'decision_date': (day + dt.timedelta(days=7)).isoformat(),
            'decision_number': f'{prefix}{i}/QĐ-XPHC',
            'decision_signer': '0007', 'team_code': '01',
            }
        person = dict(case, offender_name=f"Hộ kinh doanh {i}",
            offender_kind='individual', offender_id_number=f'0010{i:08d}',
            offender_address=f"{i} Trần Phú")
        writer.writerow(dict(person, legal_basis_code='ND98-A06-K1-a',
                fine=4_000_000, amount_paid=4_000_000))
        writer.writerow(dict(person, legal_basis_code='ND98-A08-K2-d',
                goods_value=4_000_000, fine=4_000_000))
        writer.writerow(dict(case, offender_name=f"Công ty {i}",
                offender_kind='organisation',
                offender_id_number=f'23{i:08d}',
                legal_basis_code='ND98-A06-K1-a', fine=8_000_000))
    return output.getvalue().encode('utf-8')


def setup():
    """A VND department, its team 01 and the signer 0007; with qltt_finance
    its chart of accounts and the fiscal year 2021 of the cases"""
    from trytond.modules.company.tests import create_company, set_company
    from trytond.pool import Pool
    pool = Pool()
    Currency = pool.get('currency.currency')
    Party = pool.get('party.party')
    Employee = pool.get('company.employee')
    Team = pool.get('qltt.team')
    vnd = Currency(name="Vietnamese Dong", code='VND', digits=0,
        rounding=Decimal(1), symbol='₫')
    vnd.save()
    company = create_company(currency=vnd)
    with set_company(company):
        party = Party(name="Leader")
        party.save()
        leader = Employee(party=party, officer_number='0007')
        leader.save()
        Team(code='01', name="Team 1", leader=leader).save()
        if 'qltt_finance' in MODULES:
            from trytond.modules.account.tests import (
                create_chart, get_fiscalyear)
            FiscalYear = pool.get('account.fiscalyear')
            create_chart(company, chart='qltt_finance.account_template_root')
            fiscalyear = get_fiscalyear(company, today=dt.date(2021, 1, 1))
            fiscalyear.save()
            FiscalYear.create_period([fiscalyear])
    return company


def table_keys(cursor):
    "{table: (serial key column, highest key)} of the database's tables"
    cursor.execute("SELECT c.table_name, c.column_name "
        "FROM information_schema.columns c "
        "JOIN information_schema.tables t ON t.table_name = c.table_name "
        "AND t.table_schema = c.table_schema "
        "WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE' "
        "AND c.column_name IN ('id', '__id')")
    keys = {}
    for table, column in cursor.fetchall():
        # history tables: __id is the row, id the record
        if column == '__id' or table not in keys:
            keys[table] = column
    result = {}
    for table, column in keys.items():
        cursor.execute(f'SELECT MAX("{column}") FROM "{table}"')
        result[table] = (column, cursor.fetchone()[0] or 0)
    return result


def parents_first(cursor, tables):
    "The tables in an order where each comes after those it references"
    cursor.execute("SELECT conrelid::regclass::text, "
        "confrelid::regclass::text "
        "FROM pg_constraint WHERE contype = 'f'")
    parents = {t: set() for t in tables}
    for child, parent in cursor.fetchall():
        child, parent = child.strip('"'), parent.strip('"')
        if child in parents and parent in parents and parent != child:
            parents[child].add(parent)
    order = []
    while parents:
        ready = sorted(t for t, p in parents.items() if not p)
        if not ready:
            raise RuntimeError(f"foreign key cycle in {sorted(parents)}")
        order += ready
        parents = {t: p - set(ready) for t, p in parents.items()
            if t not in ready}
    return order


def copy_seconds(cursor, before):
    """Seconds to COPY the rows written since `before` (table_keys) back
    into their tables, parents first, foreign keys checked; the rows are
    dumped and deleted first (not timed).  Returns (seconds, rows)"""
    new = {}
    for table, (column, high) in before.items():
        cursor.execute(
            f'SELECT COUNT(*) FROM "{table}" WHERE "{column}" > %s', (high,))
        if cursor.fetchone()[0]:
            new[table] = (column, high)
    order = parents_first(cursor, list(new))
    dumps, rows = {}, 0
    for table in order:
        column, high = new[table]
        dump = io.BytesIO()
        with cursor.copy(f'COPY (SELECT * FROM "{table}" '
                f'WHERE "{column}" > {int(high)}) TO STDOUT') as copy:
            for data in copy:
                dump.write(data)
        dumps[table] = dump.getvalue()
        rows += dumps[table].count(b'\n')
    # deleted without the foreign keys' triggers (they are all deleted)
    cursor.execute("SET LOCAL session_replication_role = replica")
    for table in reversed(order):
        column, high = new[table]
        cursor.execute(f'DELETE FROM "{table}" WHERE "{column}" > %s', (high,))
    cursor.execute("SET LOCAL session_replication_role = origin")
    start = time.perf_counter()
    for table in order:
        with cursor.copy(f'COPY "{table}" FROM STDIN') as copy:
            copy.write(dumps[table])
    return time.perf_counter() - start, rows


def run(count, one_by_one, copy=False):
    """Seconds to check and write count cases; with copy (PostgreSQL) also
    those of COPY of the rows written, and their number"""
    from trytond.modules.company.tests import set_company
    from trytond.modules.qltt_cases import case_import
    from trytond.tests.test_tryton import with_transaction
    from trytond.transaction import Transaction

    @with_transaction()
    def once():
        company = setup()
        data = rows(count, 'OBO' if one_by_one else 'BAT')
        cursor = Transaction().connection.cursor()
        before = table_keys(cursor) if copy else None
        with set_company(company):
            start = time.perf_counter()
            importer = case_import.CaseImport(company, 'bench.csv')
            importer.check(data)
            if importer.errors:
                raise RuntimeError(importer.errors[:3])
            if one_by_one:
                # the same values, one create call per record
                importer.batch_size = 1
            created = importer.write()
            elapsed = time.perf_counter() - start
            if len(created) != count:
                raise RuntimeError(f"{len(created)} cases written")
        if copy:
            return (elapsed, *copy_seconds(cursor, before))
        return elapsed
    return once()


def measure(count, one_by_one=True):
    from trytond.modules.qltt_cases.tests.tools import serving_mode
    from trytond.tests.test_tryton import activate_module
    # every module, as a department runs them (their checks and the
    # accounting fields of the parties cost their share)
    activate_module(MODULES)
    # measure what trytond runs in production
    serving_mode()
    backend = os.environ['TRYTOND_DATABASE_URI'].split(':')[0]
    if backend == 'postgresql':
        batched, copied, copy_rows = run(count, one_by_one=False, copy=True)
    else:
        batched, copied, copy_rows = run(count, one_by_one=False), None, None
    if not one_by_one:
        # profiling the import (python -m cProfile ... --no-one-by-one)
        print(f"import: {count / batched:.1f} cases/s ({batched:.2f} s)")
        return
    one_by_one = run(count, one_by_one=True)
    report = {
        'benchmark': f'import of {count} past cases (3 acts, 2 offenders, '
        'a decision each)',
        'backend': backend,
        'modules': MODULES,
        'cases': count,
        'seconds': {'import': round(batched, 2),
            'one_by_one': round(one_by_one, 2)},
        'cases_per_second': round(count / batched, 1),
        'one_by_one_cases_per_second': round(count / one_by_one, 1),
        'ratio': round(batched / one_by_one, 3),
        'goal': '>= 20 cases/s',
        }
    if copied is not None:
        report['seconds']['copy'] = round(copied, 2)
        report['copy_rows'] = copy_rows
        report['copy_cases_per_second'] = round(count / copied, 1)
        # how far the import is from the physical limit
        report['ratio_copy'] = round(batched / copied, 1)
    report['goal_met'] = report['cases_per_second'] >= 20
    out = ROOT / 'var' / 'bench' / f'import-{backend}.json'
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + '\n')
    print(f"import: {report['cases_per_second']} cases/s "
        f"({report['seconds']['import']} s); one by one: "
        f"{report['one_by_one_cases_per_second']} cases/s "
        f"({report['seconds']['one_by_one']} s); ratio {report['ratio']}")
    if copied is not None:
        print(f"COPY of the same {copy_rows} rows: "
            f"{report['copy_cases_per_second']} cases/s "
            f"({report['seconds']['copy']} s); the import takes "
            f"{report['ratio_copy']} times as long")
    print(json.dumps(report))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--cases', type=int, default=1000)
    parser.add_argument('--no-one-by-one', dest='one_by_one',
        action='store_false', help="measure the import only")
    args = parser.parse_args()
    if os.environ.get('TRYTOND_DATABASE_URI', '').startswith('postgresql'):
        os.environ.setdefault('DB_NAME', 'qltt_bench_import')
        measure(args.cases, args.one_by_one)
        return 0
    sys.path.insert(0, str(HERE))
    from pgcluster import Cluster
    with Cluster() as cluster, tempfile.TemporaryDirectory():
        env = dict(os.environ, TRYTOND_DATABASE_URI=cluster.uri,
            DB_NAME='qltt_bench_import', PYTHONWARNINGS='ignore')
        env.pop('TRYTOND_CONFIG', None)
        env.pop('DB_CACHE', None)
        # -O: without the assertions of trytond's record instances, as
        # generate.py (docs/performance.md)
        extra = [] if args.one_by_one else ['--no-one-by-one']
        return subprocess.run([sys.executable, '-O', __file__,
                '--cases', str(args.cases), *extra], env=env).returncode


if __name__ == '__main__':
    sys.exit(main())
