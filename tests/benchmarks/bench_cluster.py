#!/usr/bin/env python3
# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The production topology measured (`make bench-cluster`): the topology of
`make cluster` (deploy/cluster.py) with 4 web workers, on the demo
database.

- calls/s through nginx with 1, 2 and 4 workers in its upstream, for the
  case list (search_read of the list view's fields, 80 rows) and for case
  creation, CLIENTS clients calling for SECONDS each;
- the replica's lag during the creation load (pg_stat_replication on the
  primary: bytes of WAL not yet replayed, and replay_lag);
- recovery after a worker is killed (kill -9) under list load: the time
  until the proxy answers again, the errors clients saw, and the time
  until the worker is back.

Results: var/bench/cluster.json and a table on stdout.
"""
import argparse
import datetime as dt
import http.client
import importlib.util
import json
import threading
import time
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location('qltt_deploy_cluster',
    ROOT / 'deploy' / 'cluster.py')
cluster = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(cluster)
fixtures = cluster.trust_fixtures()
# what a client sees of a worker dying: the proxy's 502, or an answer cut
# short (the worker died while sending it)
RETRYABLE = (fixtures.RPCError, OSError, http.client.HTTPException)


def load(make_call, clients, seconds):
    "Run make_call()() from clients threads for seconds: calls/s, errors"
    calls, errors = [0] * clients, [0] * clients
    stop = time.monotonic() + seconds

    def run(i):
        call = make_call(i)
        while time.monotonic() < stop:
            try:
                call()
                calls[i] += 1
            except RETRYABLE:
                errors[i] += 1
    threads = [threading.Thread(target=run, args=(i,))
        for i in range(clients)]
    start = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(calls) / (time.monotonic() - start), sum(errors)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--clients', type=int, default=8)
    parser.add_argument('--seconds', type=float, default=15)
    args = parser.parse_args()
    topology = cluster.Topology(workers=4,
        state=ROOT / 'var' / 'bench' / 'cluster')
    results = {'date': dt.date.today().isoformat(), 'clients': args.clients,
        'seconds': args.seconds}
    try:
        topology.start()
        proxy = SimpleNamespace(url=topology.url,
            database=topology.database)
        admin = fixtures.Client(proxy, 'admin')
        fields = list(admin.model('qltt.case', 'fields_view_get', None,
                'tree')['fields'])
        team, = admin.model('qltt.team', 'search_read',
            [('code', '=', '01')], 0, None, None, ['leader', 'members'])
        inspector = [m for m in team['members'] if m != team['leader']][0]
        basis, = admin.model('qltt.legal.basis', 'search',
            [('code', '=', 'ND98-A09-K1-b')], 0, 1, None)
        offender, = admin.model('party.party', 'create',
            [{'name': "Hộ kinh doanh Đo Tải"}])
        today = admin.context.get('date') or dt.date.today()
        sessions = [fixtures.Client(proxy, 'doitruong1')
            for _ in range(args.clients)]

        def list_call(i):
            return lambda: sessions[i].model('qltt.case', 'search_read',
                [], 0, 80, None, fields)

        def create_call(i):
            return lambda: sessions[i].model('qltt.case', 'create', [{
                        'team': team['id'], 'offender': offender,
                        'source': 'planned',
                        'inspection_date': today - dt.timedelta(days=2),
                        'inspectors': [('add', [inspector])],
                        'violations': [('create', [{
                                        'legal_basis': basis,
                                        'goods_value': Decimal(4_000_000),
                                        'fine': Decimal(4_000_000)}])],
                        }])
        list_call(0)()  # warm every cache once
        # the creations first (with the replica's lag meanwhile),
        # for 1, 2 and 4 workers
        lag = {'bytes': 0, 'seconds': 0.0}
        for workers in [1, 2, 4]:
            topology.proxy_to(workers)
            sampling = [True]

            def sample():
                while sampling[0]:
                    for row in topology.primary.psql("""
                            SELECT pg_wal_lsn_diff(pg_current_wal_lsn(),
                                replay_lsn),
                                EXTRACT(EPOCH FROM replay_lag)
                            FROM pg_stat_replication"""):
                        lag['bytes'] = max(lag['bytes'], int(row[0] or 0))
                        lag['seconds'] = max(lag['seconds'],
                            float(row[1] or 0))
                    time.sleep(0.2)
            sampler = threading.Thread(target=sample)
            sampler.start()
            creating, errors = load(create_call, args.clients, args.seconds)
            sampling[0] = False
            sampler.join()
            results[f'workers_{workers}'] = {
                'create_calls_per_s': round(creating, 1), 'errors': errors}
            print(f"{workers} workers: create {creating:.1f} calls/s",
                flush=True)
        results['replica_lag_max_bytes'] = lag['bytes']
        results['replica_lag_max_seconds'] = round(lag['seconds'], 3)
        # then the lists, on the same data for each number of workers (full
        # pages of 80 cases, after the creations)
        results['cases_listed'] = len(list_call(0)())
        for workers in [1, 2, 4]:
            topology.proxy_to(workers)
            # each worker loads its caches before the measure
            for i in range(workers * 2):
                list_call(i % args.clients)()
            listing, errors = load(list_call, args.clients, args.seconds)
            results[f'workers_{workers}'].update({
                    'list_calls_per_s': round(listing, 1)})
            results[f'workers_{workers}']['errors'] += errors
            print(f"{workers} workers: list {listing:.1f} calls/s",
                flush=True)

        # a worker killed under list load (2 workers)
        topology.proxy_to(2)
        seen = {'errors': 0, 'last_error': None}
        first_ok = {}
        killed = [None]
        stop = [False]

        def listing_clients(i):
            while not stop[0]:
                started = time.monotonic()
                try:
                    list_call(i)()
                except RETRYABLE:
                    seen['errors'] += 1
                    seen['last_error'] = time.monotonic()
                    continue
                if killed[0] and started > killed[0]:
                    first_ok.setdefault(i, time.monotonic())
        threads = [threading.Thread(target=listing_clients, args=(i,))
            for i in range(args.clients)]
        for t in threads:
            t.start()
        time.sleep(3)
        topology.web[0].kill()
        killed[0] = time.monotonic()
        topology.start_web(0)
        back = time.monotonic() - killed[0]
        time.sleep(2)
        stop[0] = True
        for t in threads:
            t.join()
        results['kill'] = {
            # every client had a call started after the kill answered
            'all_clients_served_after_s': round(
                max(first_ok.values()) - killed[0], 2)
            if len(first_ok) == args.clients else None,
            'worker_back_after_s': round(back, 1),
            'client_errors': seen['errors'],
            'last_error_after_s': round(seen['last_error'] - killed[0], 2)
            if seen['last_error'] else None}
    finally:
        topology.stop()
    out = ROOT / 'var' / 'bench' / 'cluster.json'
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=1))
    print(json.dumps(results, indent=1))


if __name__ == '__main__':
    main()
