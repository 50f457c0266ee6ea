#!/usr/bin/env python3
# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""`make bench`: every benchmark on a throwaway PostgreSQL cluster.

Starts a cluster (initdb/pg_ctl on a free port, as user postgres when run
by root), creates a database with qltt_finance (and its dependencies) by
trytond-admin, generates a national year in it (generate.py, --cases), runs
the benchmarks of bench_national.py, bench_intake.py and bench_import.py
(--import-cases past cases imported), prints each figure with its
baseline, ratio, goal and PASS/MISS, writes var/bench/results.json and
stops the cluster.

    .venv/bin/python tests/benchmarks/run.py [--cases 500] [--decide 200]
        [--import-cases 300]
        [--skip intake listview ...] [--replicate-to 10000 100000]

With --replicate-to, after every benchmark on the generated year, the
generated cases are copied in SQL (generate.py --replicate-to: not through
the models) up to each size in turn and the read benchmarks (statistics,
xlsx, listview) run again at that size; the figures are under "scale".
"""
import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
PYTHON = str(ROOT / '.venv' / 'bin' / 'python')
sys.path.insert(0, str(HERE))

from pgcluster import Cluster, free_port  # noqa: E402

DATABASE = 'qltt_bench'
PASSWORD = 'bench-admin-password'  # throwaway cluster only
BENCHMARKS = ['statistics', 'xlsx', 'listview', 'decide', 'intake', 'import']
READ_BENCHMARKS = ['statistics', 'xlsx', 'listview']


def step(title):
    print(f"\n=== {title} ({dt.datetime.now():%H:%M:%S})", flush=True)


def run_json(command, env):
    "Run command, echo its output, return the JSON of its last line"
    process = subprocess.run(command, env=env, capture_output=True,
        text=True)
    sys.stderr.write(process.stderr[-3000:] if process.returncode else '')
    if process.returncode:
        raise RuntimeError(f"{command[1:3]} failed")
    lines = process.stdout.strip().splitlines()
    print('\n'.join(lines[:-1][-20:]))
    return json.loads(lines[-1]) if lines[-1].startswith('{') else \
        json.loads(process.stdout[process.stdout.index('{'):])


def summary(results):
    generated = results.get('generate')
    if generated:
        print(f"generation: {generated['cases']} cases, "
            f"{generated['created_seizure_lines']} seized lines, "
            f"{generated['created_decided']} fines in "
            f"{generated['seconds']} s ({generated['cases_per_second']} "
            "cases/s after the setup)")
    rows = []
    for name in BENCHMARKS:
        r = results.get(name)
        if not r:
            continue
        if 'error' in r:
            rows.append((name, 'ERROR', '', '', '', r['error'][:60]))
            continue
        if name == 'statistics':
            figure = (f"{r.get('seconds')} s, window "
                f"{r.get('search_then_read_seconds')} s")
        elif name == 'xlsx':
            figure = f"{r.get('seconds')} s, {r.get('peak_rss_mb')} MB"
        elif name == 'listview':
            figure = f"{r.get('milliseconds')} ms"
        elif name == 'decide':
            figure = f"{r.get('ms_per_case')} ms/case"
        elif name == 'import':
            rows.append((name, f"{r['cases_per_second']} cases/s",
                    f"{r['one_by_one_cases_per_second']} cases/s one by one",
                    str(r['ratio']), r['goal'],
                    'PASS' if r['goal_met'] else 'MISS'))
            if 'copy_cases_per_second' in r:
                rows.append(('  vs COPY', '',
                        f"{r['copy_cases_per_second']} cases/s",
                        str(r['ratio_copy']), '(the physical limit)', '-'))
            continue
        else:
            figure = f"{r['seconds']['intake']} s"
        baseline = r.get('baseline_seconds')
        if name == 'intake':
            baseline = r.get('seconds', {}).get('core_lots_moves')
        elif name == 'xlsx':
            baseline = r['small']['seconds']
        met = r.get('goal_met')
        rows.append((name, figure, f"{baseline} s", str(r.get('ratio')),
            r.get('goal', f"ratio <= {r.get('goal_ratio')}"),
            'PASS' if met else ('-' if met is None else 'MISS')))
        for step in ['decide', 'hold']:
            if (name == {'hold': 'intake'}.get(step, step)
                    and 'click_seconds' in r):
                rows.append(('  click', f"{r['click_seconds']} s", '', '',
                        f"{r[f'restarts_in_{step}']} restart(s) in "
                        f"{step} for its locks", '-'))
        if name == 'statistics' and 'national' in r:
            n = r['national']
            rows.append(('  national', f"{n['seconds']} s, window "
                    f"{n['search_then_read_seconds']} s",
                    f"{n['baseline_seconds']} s", str(n['ratio']),
                    f"{n['departments']} departments",
                    'PASS' if n['goal_met'] else 'MISS'))
    widths = [max(len(str(row[i])) for row in rows + [(
                    'benchmark', 'figure', 'baseline', 'ratio', 'goal',
                    'result')]) for i in range(6)]
    for row in [('benchmark', 'figure', 'baseline', 'ratio', 'goal',
                'result')] + rows:
        print('  '.join(str(c).ljust(w) for c, w in zip(row, widths)))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--cases', type=int, default=500)
    parser.add_argument('--decide', type=int, default=200)
    parser.add_argument('--import-cases', type=int, default=300,
        help="past cases imported (bench_import.py)")
    parser.add_argument('--seed', type=int, default=8)
    parser.add_argument('--skip', nargs='*', default=[],
        choices=BENCHMARKS)
    parser.add_argument('--replicate-to', type=int, nargs='*', default=[],
        metavar='N', help="sizes to copy the year to in SQL, in turn")
    parser.add_argument('--output', default=str(
            ROOT / 'var' / 'bench' / 'results.json'))
    args = parser.parse_args()

    results = {
        'date': dt.date.today().isoformat(),
        'machine': {'cpus': os.cpu_count(),
            'python': platform.python_version(),
            'load_average_at_start': os.getloadavg()},
        }
    started = time.perf_counter()
    with Cluster() as cluster, tempfile.TemporaryDirectory() as tmp:
        passfile = Path(tmp) / 'password'
        passfile.write_text(PASSWORD + '\n')
        env = dict(os.environ,
            TRYTOND_DATABASE__URI=cluster.uri,
            TRYTOND_DATABASE_URI=cluster.uri,
            TRYTONPASSFILE=str(passfile),
            QLTT_BENCH_PASSWORD=PASSWORD,
            PYTHONWARNINGS='ignore')
        env.pop('TRYTOND_CONFIG', None)
        print(f"PostgreSQL {cluster.bindir} on port {cluster.port}")

        step("database: trytond-admin, qltt_finance and its dependencies")
        start = time.perf_counter()
        cluster.createdb(DATABASE)
        subprocess.run([str(ROOT / '.venv' / 'bin' / 'trytond-admin'),
                '-d', DATABASE, '--all', '--activate-dependencies',
                '-u', 'qltt_finance', '--email', 'admin@bench.example'],
            env=env, check=True, stdout=subprocess.DEVNULL)
        results['database_seconds'] = round(time.perf_counter() - start, 1)

        step(f"generate: {args.cases} cases")
        # -O: without the assertions of trytond's record instances, which
        # cost O(n) per record in a batch (see docs/performance.md)
        results['generate'] = run_json([PYTHON, '-O',
                str(HERE / 'generate.py'), '-d', DATABASE,
                '--cases', str(args.cases), '--seed', str(args.seed)], env)

        def bench(name):
            step(name)
            try:
                if name == 'intake':
                    intake_env = dict(env, DB_NAME='qltt_bench_intake')
                    return run_json([PYTHON,
                            str(HERE / 'bench_intake.py'), '--runs', '1'],
                        intake_env)
                if name == 'import':
                    # its own database of every module (bench_import.py)
                    import_env = dict(env, DB_NAME='qltt_bench_import')
                    import_env.pop('DB_CACHE', None)
                    return run_json([PYTHON, '-O',
                            str(HERE / 'bench_import.py'),
                            '--cases', str(args.import_cases)], import_env)
                command = [PYTHON, str(HERE / 'bench_national.py'),
                    '-d', DATABASE, name]
                if name == 'listview':
                    command += ['--ports', str(free_port()),
                        str(free_port())]
                elif name == 'decide':
                    command += ['--decide', str(args.decide)]
                return run_json(command, env)
            except Exception as exception:
                return {'error': str(exception)}

        for name in BENCHMARKS:
            if name not in args.skip:
                results[name] = bench(name)
                print(json.dumps(results[name]))

        results['scale'] = []
        for size in args.replicate_to:
            step(f"replicate in SQL to {size} cases")
            scale = {'replicate': run_json([PYTHON,
                        str(HERE / 'generate.py'), '-d', DATABASE,
                        '--cases', '0', '--replicate-to', str(size)],
                    env)['replicate']}
            scale['cases'] = scale['replicate']['replicated_to']
            for name in READ_BENCHMARKS:
                if name not in args.skip:
                    scale[name] = bench(name)
                    print(json.dumps(scale[name]))
            results['scale'].append(scale)
    results['total_seconds'] = round(time.perf_counter() - started, 1)

    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(results, indent=2, default=str) + '\n')
    step(f"results ({args.cases} cases) -> {output}")
    summary(results)
    for scale in results['scale']:
        step(f"{scale['cases']} cases ({args.cases} generated, the rest "
            "replicated in SQL)")
        summary(scale)
    return 1 if any('error' in r.get(n, {}) for r in [
                results, *results['scale']] for n in BENCHMARKS) else 0


if __name__ == '__main__':
    sys.exit(main())
