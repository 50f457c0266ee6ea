#!/usr/bin/env python3
# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Import of past cases (issue 25): cases per second of the batched import
(qltt_cases.case_import: the whole file checked, then one create per model
and batch) against creating the same cases one by one through the models
(the same values, one create call per case, offender, act and decision).

    .venv/bin/python tests/benchmarks/bench_import.py [--cases 1000]

Without TRYTOND_DATABASE_URI it starts a throwaway PostgreSQL cluster
(pgcluster.py, as `make bench`); with it, it uses Tryton's test backend
there (DB_NAME, default qltt_bench_import).  Each case has two offenders'
acts (an individual with two acts, an organisation with one: 3 rows) and
its decision.  Prints the figures and writes them as JSON to
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
    "A VND department, its team 01 and the signer 0007"
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
    return company


def run(count, one_by_one):
    "Seconds to check and write count cases, and the numbers written"
    from trytond.modules.company.tests import set_company
    from trytond.modules.qltt_cases import case_import
    from trytond.tests.test_tryton import with_transaction

    @with_transaction()
    def once():
        company = setup()
        data = rows(count, 'OBO' if one_by_one else 'BAT')
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
        return elapsed
    return once()


def measure(count):
    from trytond.tests.test_tryton import activate_module
    # every module, as a department runs them (their checks and the
    # accounting fields of the parties cost their share)
    activate_module(MODULES)
    backend = os.environ['TRYTOND_DATABASE_URI'].split(':')[0]
    batched = run(count, one_by_one=False)
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
        # the goal (with fines and postings, not imported yet)
        'goal': '>= 20 cases/s',
        }
    report['goal_met'] = report['cases_per_second'] >= 20
    out = ROOT / 'var' / 'bench' / f'import-{backend}.json'
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + '\n')
    print(f"import: {report['cases_per_second']} cases/s "
        f"({report['seconds']['import']} s); one by one: "
        f"{report['one_by_one_cases_per_second']} cases/s "
        f"({report['seconds']['one_by_one']} s); ratio {report['ratio']}")
    print(json.dumps(report))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--cases', type=int, default=1000)
    args = parser.parse_args()
    if os.environ.get('TRYTOND_DATABASE_URI', '').startswith('postgresql'):
        os.environ.setdefault('DB_NAME', 'qltt_bench_import')
        measure(args.cases)
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
        return subprocess.run([sys.executable, '-O', __file__,
                '--cases', str(args.cases)], env=env).returncode


if __name__ == '__main__':
    sys.exit(main())
