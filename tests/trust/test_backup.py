"""Backup and restore (issue #9): pg_dump of the demo database, restored with
pg_restore into a new database; the statistics report (every column, every
month and team of the year) and the history of every lot (stock.lot.trace:
its moves, dates, quantities, locations and the seizure or disposition of
each) read through trytond are identical on both."""
import datetime as dt
import subprocess

from conftest import Client

STAT_FIELDS = ['month', 'team', 'cases_inspected', 'cases_violation',
    'cases_smuggling', 'cases_counterfeit', 'cases_fraud', 'cases_ecommerce',
    'cases_with_force', 'cases_transferred', 'transferred_goods_value',
    'fines_decided', 'goods_value', 'commitments']
TRACE_FIELDS = ['product', 'lot', 'from_location', 'to_location',
    'quantity', 'unit', 'date', 'document', 'upward_traces',
    'downward_traces']


def _facts(srv):
    admin = Client(srv, 'admin')
    today = dt.date.today()
    context = {'from_date': dt.date(today.year, 1, 1),
        'to_date': dt.date(today.year, 12, 31), 'period': 'month'}
    stats = admin.model('qltt.report.statistics', 'search_read', [], 0,
        None, [('id', 'ASC')], STAT_FIELDS, context=context)
    lots = admin.model('stock.lot', 'search_read', [], 0, None,
        [('id', 'ASC')], ['number', 'product', 'quantity'])
    traces = admin.model('stock.lot.trace', 'search_read',
        [('lot', 'in', [l['id'] for l in lots])], 0, None, [('id', 'ASC')],
        TRACE_FIELDS)
    return stats, lots, traces


def test_dump_and_restore(pg, fresh_db, server):
    source = fresh_db()
    dump = pg.tmp / f'{source}.dump'
    subprocess.run([str(pg.bindir / 'pg_dump'), '-h', '127.0.0.1', '-p',
            str(pg.port), '-U', 'postgres', '-Fc', '-f', str(dump), source],
        check=True)
    target = source + '_restored'
    pg.psql(f'DROP DATABASE IF EXISTS "{target}"')
    pg.psql(f'CREATE DATABASE "{target}"')
    try:
        subprocess.run([str(pg.bindir / 'pg_restore'), '-h', '127.0.0.1',
                '-p', str(pg.port), '-U', 'postgres', '--no-owner',
                '-d', target, str(dump)], check=True)
        original, = server(source)
        restored, = server(target)
        stats, lots, traces = _facts(original)
        assert stats and lots and traces
        assert any(s['cases_inspected'] for s in stats)
        assert _facts(restored) == (stats, lots, traces)
        print(f"\nrestored: {len(stats)} statistics rows, {len(lots)} lots, "
            f"{len(traces)} trace rows identical")
    finally:
        pg.psql(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')
