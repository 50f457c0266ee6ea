"""The production topology under load and faults (issue #22), as started
by `make cluster` (deploy/cluster.py): PostgreSQL primary and hot-standby
replica, two trytond web workers behind nginx, trytond-cron,
trytond-worker, an SMTP sink.

1. CLIENTS clients through the proxy create cases, hold seizures and
   decide, as tests/trust/test_concurrency.py does; meanwhile one web
   worker is killed (kill -9) and started again.  Clients see only
   retryable errors (the proxy's 502 for the calls the dead worker was
   running, nothing else) and retry them; a retried create first looks for
   what it created.  Afterwards every case is decided once, and document
   and case numbers are unique and gapless.
2. The queue worker is stopped, deadline e-mails are queued (the
   ir.trigger|trigger_time cron run once), the worker is started again:
   every queued e-mail reaches the SMTP sink exactly once.
3. The statistics report run on the replica (deploy/qltt-report.py) equals
   the same report on the primary once the replica has replayed the
   primary's WAL.
"""
import datetime as dt
import http.client
import importlib.util
import json
import mailbox
import subprocess
import sys
import threading
import time
import urllib.request
from collections import Counter
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import openpyxl
import pytest

ROOT = Path(__file__).resolve().parents[2]
CLIENTS = 20
LINES = 2
# what a client may see while a worker dies: the proxy's answer for a call
# the worker was running (502), or a gateway timeout
RETRYABLE = {'HTTP502', 'HTTP503', 'HTTP504'}


def _load(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


cluster = _load('qltt_deploy_cluster', ROOT / 'deploy' / 'cluster.py')
fixtures = cluster.trust_fixtures()
# how a call fails: an error answer, no connection, or an answer cut short
# (the worker died while sending it: nginx had passed on its first bytes)
FAILED_CALL = (fixtures.RPCError, OSError, http.client.HTTPException)
# test_concurrency's helpers (setup, gapless numbers, stock) import the
# trust tests' `conftest`, not the root one pytest loaded under that name
_root_conftest = sys.modules.get('conftest')
sys.modules['conftest'] = fixtures
try:
    concurrency = _load('qltt_trust_concurrency',
        ROOT / 'tests' / 'trust' / 'test_concurrency.py')
finally:
    if _root_conftest is not None:
        sys.modules['conftest'] = _root_conftest


@pytest.fixture(scope='module')
def topology(tmp_path_factory):
    topology = cluster.Topology(workers=2,
        state=tmp_path_factory.mktemp('cluster'))
    try:
        topology.start(log=lambda line: print(line, flush=True))
        yield topology
    finally:
        topology.stop(log=lambda line: print(line, flush=True))


def proxy(topology):
    return SimpleNamespace(url=topology.url, database=topology.database)


def test_web_client_calls_through_the_proxy(topology):
    "A call as the browser makes it: its Origin is the proxy's address"
    origin = topology.url.rstrip('/')
    request = urllib.request.Request(topology.url + 'rpc/',
        data=json.dumps({'id': 1, 'method': 'common.server.version',
                'params': []}).encode(),
        headers={'Content-Type': 'application/json', 'Origin': origin})
    with urllib.request.urlopen(request, timeout=60) as answer:
        assert json.loads(answer.read())['result']


def retrying(errors, index, call, *args, find=None, attempts=10):
    """call(*args); on a retryable error, find() (what the failed call may
    have committed) or call again"""
    for attempt in range(attempts):
        try:
            return call(*args)
        except FAILED_CALL as error:
            kind = getattr(error, 'kind', type(error).__name__)
            errors.append((index, kind))
            if isinstance(error, fixtures.RPCError) and \
                    kind not in RETRYABLE:
                raise
            time.sleep(0.5 * (attempt + 1))
            if find is not None:
                try:
                    found = find()
                except FAILED_CALL:
                    continue
                if found:
                    return found
    raise AssertionError(f"client {index}: still failing after {attempts}")


def work(client, keeper, team, basis, offender, product, today, errors,
        index):
    "One client's case, from creation to decision (test_concurrency)"
    leader = team['leader']
    inspector = [m for m in team['members'] if m != leader][0]
    marker = f"cluster-test-{index}"

    def call(who, model, method, *args, find=None):
        return retrying(errors, index, who.model, model, method, *args,
            find=find)

    def transition(who, model, method, record, reached):
        # a retried button whose first call committed is refused by the
        # button's states (the record left the origin state): look first
        def moved():
            state, = who.model(model, 'read', [record], ['state'])
            return state['state'] in reached
        return call(who, model, method, [record], find=moved)
    case, = call(client, 'qltt.case', 'create', [{
                'team': team['id'], 'offender': offender,
                'source': 'planned', 'notes': marker,
                'inspection_date': today - dt.timedelta(days=6),
                'inspectors': [('add', [inspector])],
                'violations': [('create', [{
                                'legal_basis': basis,
                                'goods_value': Decimal(4_000_000),
                                'fine': Decimal(4_000_000)}])],
                }],
        find=lambda: client.model('qltt.case', 'search',
            [('notes', '=', marker)], 0, None, None))
    transition(client, 'qltt.case', 'start_inspection', case,
        {'inspecting', 'recorded', 'decided'})
    seizure, = call(keeper, 'qltt.seizure', 'create', [{
                'case': case, 'seizure_date': today - dt.timedelta(days=5),
                'seals': marker,
                'lines': [('create', [{
                                'product': product['id'],
                                'unit': product['default_uom'],
                                'quantity': 10 + i,
                                'category': 'unclear_origin',
                                'unit_value': Decimal(100_000)}
                            for i in range(LINES)])],
                }],
        find=lambda: keeper.model('qltt.seizure', 'search',
            [('seals', '=', marker)], 0, None, None))
    transition(keeper, 'qltt.seizure', 'hold', seizure, {'held'})
    call(client, 'qltt.case', 'write', [case], {
            'minutes_date': today - dt.timedelta(days=5),
            'decision_date': today - dt.timedelta(days=3),
            'decision_signer': leader})
    transition(client, 'qltt.case', 'record', case, {'recorded', 'decided'})
    transition(client, 'qltt.case', 'decide', case, {'decided'})
    return case


def test_load_with_a_worker_killed(topology):
    pg = topology.primary
    database = topology.database
    admin = fixtures.Client(proxy(topology), 'admin')
    today, teams, basis, offender, product = concurrency._setup(admin)
    leaders = {'01': 'doitruong1', '02': 'doitruong2', '03': 'doitruong3'}
    teams = [t for t in teams if t['code'] in leaders]
    jobs = []
    for i in range(CLIENTS):
        team = teams[i % len(teams)]
        jobs.append((fixtures.Client(proxy(topology), leaders[team['code']]),
                fixtures.Client(proxy(topology), 'thukho'), team))
    stocks_before = concurrency._stock(pg, database)
    errors, done, failures = [], {}, []
    barrier = threading.Barrier(CLIENTS + 1)

    def run(i, client, keeper, team):
        try:
            barrier.wait()
            done[i] = work(client, keeper, team, basis, offender, product,
                today, errors, i)
        except Exception as exc:  # reported below
            failures.append((i, repr(exc)))
    threads = [threading.Thread(target=run, args=(i, *job))
        for i, job in enumerate(jobs)]
    for t in threads:
        t.start()
    start = time.monotonic()
    barrier.wait()
    # a few seconds into the load: kill a worker, as a crash would
    time.sleep(3)
    victim = topology.web[0]
    victim.kill()
    killed = time.monotonic()
    running_at_kill = sum(t.is_alive() for t in threads)
    # how long until the proxy serves again (it skips the dead worker)
    probe = fixtures.Client(proxy(topology), 'admin')
    recovered = time.monotonic() - killed
    assert probe.model('qltt.case', 'search_count', []) > 0
    topology.start_web(0)
    restarted = time.monotonic() - killed
    for t in threads:
        t.join(600)
    took = time.monotonic() - start
    print(f"\n{CLIENTS} clients through nginx, 2 workers, one killed "
        f"after 3s ({running_at_kill} clients running) and back after "
        f"{restarted:.1f}s; proxy serving {recovered:.2f}s after the kill; "
        f"{len(done)} cases decided in {took:.1f}s; errors seen and "
        f"retried: {dict(Counter(k for _, k in errors))}")
    assert not failures, failures[:5]
    assert running_at_kill, "the kill must happen during the load"
    assert {k for _, k in errors} <= RETRYABLE | {
        'ConnectionResetError', 'RemoteDisconnected', 'URLError',
        'IncompleteRead'}, errors
    assert len(done) == CLIENTS

    # nothing committed lost, nothing twice: one case per client, decided
    rows = fixtures_rows(pg, database, """
        SELECT notes, state, number FROM qltt_case
        WHERE notes LIKE 'cluster-test-%%'""")
    assert sorted(r[0] for r in rows) == sorted(
        f"cluster-test-{i}" for i in range(CLIENTS))
    assert {r[1] for r in rows} == {'decided'}, rows
    # case numbers belong to a department (one sequence per company)
    numbers = [tuple(r) for r in pg.psql(
            'SELECT company, number FROM qltt_case', database) if r[1]]
    assert len(numbers) == len(set(numbers))
    concurrency._assert_gapless_documents(pg, database)
    held = pg.psql("""
        SELECT COUNT(*), SUM(l.quantity) FROM qltt_seizure_line l
        JOIN qltt_seizure s ON s.id = l.seizure
        WHERE s.seals LIKE 'cluster-test-%%'""", database)
    assert int(held[0][0]) == CLIENTS * LINES
    stocks_after = concurrency._stock(pg, database)
    assert abs(sum(stocks_after.values()) - sum(stocks_before.values())
        - float(held[0][1])) < 1e-6


def fixtures_rows(pg, database, sql):
    return pg.psql(sql.replace('%%', '%'), database)


def test_queued_emails_survive_a_worker_restart(topology):
    pg = topology.primary
    database = topology.database
    admin = fixtures.Client(proxy(topology), 'admin')
    leader = fixtures.Client(proxy(topology), 'doitruong1')
    today = admin.context.get('date') or dt.date.today()
    topology.queue.stop()
    assert not topology.queue.alive()
    # what trytond-cron sent before (the demo's deadlines, at its start)
    before = {str(m['Message-ID']) for m in _messages(topology)}

    # cases recorded long ago, their decision deadline passed, with an
    # inspector who has an e-mail address
    team, = admin.model('qltt.team', 'search_read',
        [('code', '=', '01')], 0, None, None, ['leader', 'members'])
    inspector = [m for m in team['members'] if m != team['leader']][0]
    employee, = admin.model('company.employee', 'read', [inspector],
        ['party'])
    admin.model('party.contact_mechanism', 'create', [{
                'party': employee['party'], 'type': 'email',
                'value': 'thanhtra@qltt.example'}])
    basis, = admin.model('qltt.legal.basis', 'search',
        [('code', '=', 'ND98-A09-K1-b')], 0, 1, None)
    offender, = admin.model('party.party', 'create',
        [{'name': "Hộ kinh doanh Quá Hạn"}])
    cases = leader.model('qltt.case', 'create', [{
                'team': team['id'], 'offender': offender,
                'source': 'planned', 'notes': f'cluster-mail-{i}',
                'inspection_date': today - dt.timedelta(days=20),
                'inspectors': [('add', [inspector])],
                'violations': [('create', [{
                                'legal_basis': basis,
                                'goods_value': Decimal(4_000_000),
                                'fine': Decimal(4_000_000)}])],
                } for i in range(3)])
    leader.model('qltt.case', 'start_inspection', cases)
    leader.model('qltt.case', 'write', cases, {
            'minutes_date': today - dt.timedelta(days=19)})
    leader.model('qltt.case', 'record', cases)
    numbers = [c['number'] for c in leader.model('qltt.case', 'read', cases,
            ['number'])]

    # what trytond-cron does every 5 minutes, now: the e-mails are queued,
    # nobody sends them
    cron, = admin.model('ir.cron', 'search',
        [('method', '=', 'ir.trigger|trigger_time')], 0, 1, None)
    admin.model('ir.cron', 'run_once', [cron])
    pending = int(pg.psql("""SELECT COUNT(*) FROM ir_queue
        WHERE finished_at IS NULL""", database)[0][0])
    assert pending, "the deadline e-mails must be queued"
    time.sleep(3)
    assert {str(m['Message-ID']) for m in _messages(topology)} == before, \
        "sent without a queue worker"

    topology.start_queue()
    deadline = time.monotonic() + 120
    while int(pg.psql("""SELECT COUNT(*) FROM ir_queue
                WHERE finished_at IS NULL""", database)[0][0]):
        assert time.monotonic() < deadline, "the queue is not emptied"
        time.sleep(0.5)
    time.sleep(1)  # the SMTP sink writes the last message
    messages = _messages(topology)
    subjects = Counter(str(m['Subject']) for m in messages)
    print(f"\n{pending} tasks queued with the worker stopped; "
        f"{len(messages) - len(before)} e-mails received after its restart")
    for number in numbers:
        # "Decision deadline of case N", or its Vietnamese
        assert sum(n for s, n in subjects.items()
            if s.endswith(f" {number}")) == 1, (number, subjects)
    # every e-mail recorded as sent (ir.email) arrived, once
    recorded = int(pg.psql('SELECT COUNT(*) FROM ir_email',
            database)[0][0])
    assert len(messages) == recorded
    ids = Counter(str(m['Message-ID']) for m in messages)
    assert max(ids.values()) == 1, ids


def _messages(topology):
    path = topology.maildir
    if not path.exists():
        return []
    return list(mailbox.Maildir(str(path), create=False))


def test_report_on_the_replica(topology):
    primary, replica = topology.primary, topology.replica
    database = topology.database
    assert primary.psql('SELECT pg_is_in_recovery()')[0][0] == 'f'
    assert replica.psql('SELECT pg_is_in_recovery()')[0][0] == 't'
    # the standby refuses writes
    with pytest.raises(subprocess.CalledProcessError):
        replica.psql('CREATE TABLE refused (id integer)', database)

    lsn = primary.psql('SELECT pg_current_wal_lsn()')[0][0]
    start = time.monotonic()
    while replica.psql(f"""SELECT pg_wal_lsn_diff(
                pg_last_wal_replay_lsn(), '{lsn}') >= 0""")[0][0] != 't':
        assert time.monotonic() - start < 60, "the replica does not catch up"
        time.sleep(0.1)
    print(f"\nreplica caught up in {time.monotonic() - start:.2f}s")

    today = dt.date.today()
    period = ['statistics', '--from-date', f'{today.year - 1}-01-01',
        '--to-date', f'{today.year}-12-31']

    workbook = topology.state / 'thong-ke.xlsx'
    commands = [
        topology.report_command(replica=True) + period,
        topology.report_command(replica=False) + period,
        topology.report_command(replica=True) + ['xlsx'] + period[1:]
        + ['-o', str(workbook)]]
    # all at once: each loads its own trytond pool
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True, cwd=ROOT, env=topology._env())
        for command in commands]
    outputs = []
    for run in runs:
        out, err = run.communicate(timeout=300)
        assert run.returncode == 0, err[-3000:]
        outputs.append(out)
    on_replica, on_primary = [[json.loads(line) for line in out.splitlines()]
        for out in outputs[:2]]
    assert on_replica
    assert on_replica == on_primary
    # the cases decided by the load are in it
    assert sum(Decimal(r['fines_decided']) for r in on_replica) >= \
        CLIENTS * Decimal(4_000_000)
    # the workbook of the same period, built on the replica, lists the
    # load's cases
    book = openpyxl.load_workbook(workbook, read_only=True)
    cells = {str(cell) for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True) for cell in row}
    numbers = {r[0] for r in primary.psql("""SELECT number FROM qltt_case
        WHERE notes LIKE 'cluster-test-%'""", database)}
    assert numbers and numbers <= cells, numbers - cells
