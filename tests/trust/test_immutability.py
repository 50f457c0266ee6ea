"""Immutability and audit (issue #9).  Decided cases, issued documents, done
stock moves, posted account moves, posted payments and fines cannot be
changed or deleted through RPC by anyone, the administrator included, not
even by writing their state back; the attempts leave the records as they
were.  Every change and workflow step of a case, seizure, disposition, fine
is in the record log (ir.model.log: who, when, which fields), and the
values before and after a change are kept by Tryton's history (_history on
cases, violations, seizures and lines, dispositions and lines, fines,
commendations)."""
import datetime as dt
from decimal import Decimal

import pytest

from conftest import Client, refused


@pytest.fixture(scope='module')
def srv(module_server):
    return module_server('trust_immutability')


@pytest.fixture(scope='module')
def db(srv):
    return srv.database


@pytest.fixture(scope='module')
def admin(srv):
    return Client(srv, 'admin')


def decided_case(admin):
    case, = admin.model('qltt.case', 'search_read',
        [('state', '=', 'decided')], 0, 1, None,
        ['number', 'offender', 'violations', 'documents', 'fine_total',
            'decision_date'])
    return case


def snapshot(client, model, ids, fields):
    return client.model(model, 'read', ids, fields)


def test_decided_case_is_immutable(srv, admin):
    case = decided_case(admin)
    fields = ['number', 'offender', 'decision_date', 'state', 'fine_total']
    before = snapshot(admin, 'qltt.case', [case['id']], fields)
    for login in ['admin', 'lanhdao', 'doitruong3']:
        user = Client(srv, login)
        refused(user, 'qltt.case', 'write', [case['id']],
            {'decision_date': dt.date(2026, 1, 1)})
        refused(user, 'qltt.case', 'delete', [case['id']])
        # going back through the state field itself is refused too
        refused(user, 'qltt.case', 'write', [case['id']], {'state': 'draft'})
        refused(user, 'qltt.case.violation', 'write', case['violations'],
            {'fine': Decimal(1)})
        refused(user, 'qltt.case.violation', 'delete', case['violations'])
    assert snapshot(admin, 'qltt.case', [case['id']], fields) == before


def test_issued_documents_are_immutable(srv, admin):
    documents = admin.model('qltt.case.document', 'search_read',
        [('state', '=', 'issued')], 0, None, [('id', 'ASC')],
        ['number', 'date', 'state', 'signer'])
    assert documents
    ids = [d['id'] for d in documents]
    for login in ['admin', 'lanhdao']:
        user = Client(srv, login)
        refused(user, 'qltt.case.document', 'write', ids[:1],
            {'date': dt.date(2020, 1, 1)})
        refused(user, 'qltt.case.document', 'write', ids[:1],
            {'state': 'draft'})
        refused(user, 'qltt.case.document', 'delete', ids[:1])
    after = admin.model('qltt.case.document', 'read', ids,
        ['number', 'date', 'state', 'signer'])
    assert sorted(after, key=lambda d: d['id']) == documents


def test_done_stock_moves_and_posted_moves_are_immutable(srv, admin):
    moves = admin.model('stock.move', 'search_read',
        [('state', '=', 'done')], 0, None, None,
        ['quantity', 'from_location', 'to_location', 'effective_date'])
    assert moves
    refused(admin, 'stock.move', 'write', [moves[0]['id']],
        {'quantity': moves[0]['quantity'] + 1})
    refused(admin, 'stock.move', 'delete', [moves[0]['id']])
    account_moves = admin.model('account.move', 'search_read',
        [('state', '=', 'posted')], 0, None, None, ['number', 'date'])
    assert account_moves
    refused(admin, 'account.move', 'write', [account_moves[0]['id']],
        {'date': dt.date(2026, 1, 2)})
    refused(admin, 'account.move', 'delete', [account_moves[0]['id']])
    refused(admin, 'account.move', 'draft', [account_moves[0]['id']])
    accountant = Client(srv, 'ketoan')
    refused(accountant, 'account.move', 'delete', [account_moves[0]['id']])

    def key(record):
        return record['id']

    assert sorted(admin.model('stock.move', 'read', [m['id'] for m in moves],
        ['quantity', 'from_location', 'to_location',
            'effective_date']), key=key) == sorted(moves, key=key)
    assert sorted(admin.model('account.move', 'read',
        [m['id'] for m in account_moves], ['number', 'date']),
        key=key) == sorted(account_moves, key=key)


def test_posted_payments_and_fines_are_immutable(srv, admin):
    payments = admin.model('qltt.fine.payment', 'search_read',
        [('state', '=', 'posted')], 0, None, None, ['amount', 'date'])
    assert payments
    accountant = Client(srv, 'ketoan')
    for user in [admin, accountant]:
        refused(user, 'qltt.fine.payment', 'write', [payments[0]['id']],
            {'amount': Decimal(1)})
        refused(user, 'qltt.fine.payment', 'delete', [payments[0]['id']])
        refused(user, 'qltt.fine.payment', 'write', [payments[0]['id']],
            {'state': 'draft'})
    fines = admin.model('qltt.fine', 'search_read', [], 0, None, None,
        ['amount', 'state'])
    assert fines
    for user in [admin, accountant]:
        refused(user, 'qltt.fine', 'write', [fines[0]['id']],
            {'amount': Decimal(1)})
        refused(user, 'qltt.fine', 'delete', [fines[0]['id']])
    assert sorted(admin.model('qltt.fine', 'read', [f['id'] for f in fines],
        ['amount', 'state']), key=lambda r: r['id']) == sorted(
        fines, key=lambda r: r['id'])


def test_workflow_state_is_not_written(srv, admin):
    """The state of a seizure or a disposition past draft is not written
    back over RPC, by the administrator either (WorkflowStateGuardMixin):
    only the workflow buttons move it"""
    for model in ['qltt.seizure', 'qltt.disposition']:
        records = admin.model(model, 'search_read',
            [('state', '!=', 'draft')], 0, 1, None, ['state', 'rec_name'])
        assert records, f"the trust data has a {model} past draft"
        record, = records
        error = refused(admin, model, 'write', [record['id']],
            {'state': 'draft'})
        # qltt_cases.msg_workflow_state, in the admin's Vietnamese
        assert record['rec_name'] in error.message
        assert "chỉ thay đổi qua các nút quy trình" in error.message, (
            error.error)
        after, = admin.model(model, 'read', [record['id']], ['state'])
        assert after['state'] == record['state']


def test_record_log(srv, admin):
    "A change and a workflow step by a user are read back from the log"
    leader = Client(srv, 'doitruong1')
    case, = leader.model('qltt.case', 'search_read',
        [('state', '=', 'recorded')], 0, 1, None, ['number', 'notes'])
    start = dt.datetime.now() - dt.timedelta(minutes=5)
    leader.model('qltt.case', 'write', [case['id']],
        {'notes': "Offender called"})
    seizures = admin.model('qltt.seizure', 'search', [], 0, 1, None)
    keeper = Client(srv, 'thukho')
    keeper.model('qltt.seizure', 'write', seizures, {'seals': "NP-NEW-01"})
    logs = admin.model('ir.model.log', 'search_read',
        [('resource', '=', f"qltt.case,{case['id']}")], 0, None, None,
        ['user', 'event', 'target', 'create_date'])
    writes = [l for l in logs if l['event'] == 'write'
        and 'notes' in l['target'].split(',')]
    assert writes and writes[0]['user'] == leader.user_id
    assert writes[0]['create_date'] >= start
    logs = admin.model('ir.model.log', 'search_read',
        [('resource', '=', f"qltt.seizure,{seizures[0]}")], 0, None, None,
        ['user', 'event', 'target'])
    assert any(l['event'] == 'write' and l['user'] == keeper.user_id
        and 'seals' in l['target'] for l in logs), logs
    # the workflow steps of the demo (decide, hold, do, post) are logged
    for model, event_target in [
            ('qltt.case', ('button', 'decide')),
            ('qltt.seizure', ('button', 'hold')),
            ('qltt.disposition', ('button', 'do')),
            ('qltt.fine.payment', ('button', 'post')),
            ]:
        count = admin.model('ir.model.log', 'search_count', [
                ('resource', 'like', f'{model},%'),
                ('event', '=', event_target[0]),
                ('target', '=', event_target[1])])
        assert count >= 1, (model, event_target)


def history_rows(pg, db, table, record_id, columns):
    "The rows of table__history for one record, oldest first"
    return pg.psql(f'SELECT {columns}, write_uid, '
        f'COALESCE(write_date, create_date) FROM "{table}__history" '
        f'WHERE id = {int(record_id)} ORDER BY __id', db)


def last_write(admin, model, record_id, field, user):
    "The last write of field on a record by user in the record log"
    logs = admin.model('ir.model.log', 'search_read', [
            ('resource', '=', f'{model},{record_id}'),
            ('event', '=', 'write')], 0, None, [('id', 'DESC')],
        ['user', 'target', 'create_date'])
    logs = [l for l in logs if field in l['target'].split(',')]
    assert logs, (model, record_id, field)
    assert logs[0]['user'] == user.user_id, (logs[0], user.login)
    return logs[0]


def value_before(client, model, record_id, field, when):
    "The value of field as it was just before when (Tryton's _history)"
    return client.model(model, 'read', [record_id], [field],
        context={'_datetime': when - dt.timedelta(microseconds=1)},
        )[0][field]


def test_record_log_before_after(pg, db, srv, admin):
    """A change over RPC by a named user is read back: who, when and which
    fields from the record log, the value before and after from the
    history that Tryton keeps for cases, violations, seizure lines and
    fines (_history), both over RPC (context _datetime) and in the
    __history tables"""
    leader = Client(srv, 'doitruong1')
    keeper = Client(srv, 'thukho')
    team, = admin.model('qltt.team', 'search', [('code', '=', '01')],
        0, 1, None)
    offender, = admin.model('party.party', 'search', [], 0, 1, None)
    basis, = admin.model('qltt.legal.basis', 'search',
        [('code', '=', 'ND98-A09-K1-b')], 0, 1, None)
    start = dt.datetime.utcnow() - dt.timedelta(minutes=1)
    case, = leader.model('qltt.case', 'create', [{
                'team': team, 'offender': offender, 'source': 'planned',
                'inspection_date': dt.date.today(),
                'description': "Planned inspection of cosmetics",
                'violations': [('create', [{'legal_basis': basis,
                                'goods_value': Decimal(4_000_000)}])]}])
    violation, = admin.model('qltt.case', 'read', [case],
        ['violations'])[0]['violations']
    low, high = (lambda v: (v['fine_min'], v['fine_max']))(admin.model(
            'qltt.case.violation', 'read', [violation],
            ['fine_min', 'fine_max'])[0])
    leader.model('qltt.case.violation', 'write', [violation], {'fine': low})

    # the case's description, changed in draft by the team leader
    leader.model('qltt.case', 'write', [case],
        {'description': "Cosmetics and hair dye without invoices"})
    log = last_write(admin, 'qltt.case', case, 'description', leader)
    assert log['create_date'] >= start
    assert value_before(admin, 'qltt.case', case, 'description',
        log['create_date']) == "Planned inspection of cosmetics"
    assert admin.model('qltt.case', 'read', [case], ['description'])[0][
        'description'] == "Cosmetics and hair dye without invoices"
    rows = history_rows(pg, db, 'qltt_case', case, 'description')
    assert [r[0] for r in rows][-2:] == ["Planned inspection of cosmetics",
        "Cosmetics and hair dye without invoices"], rows
    # the history row of the change is the log entry's: same user, time
    assert rows[-1][1] == str(leader.user_id)
    # (psql prints the microseconds without their trailing zeros)
    assert dt.datetime.fromisoformat(rows[-1][2]) == log['create_date'], (
        rows[-1], log)

    # the fine of a violation, from the bracket's minimum to its maximum
    leader.model('qltt.case.violation', 'write', [violation], {'fine': high})
    log = last_write(admin, 'qltt.case.violation', violation, 'fine',
        leader)
    assert value_before(admin, 'qltt.case.violation', violation, 'fine',
        log['create_date']) == low
    rows = history_rows(pg, db, 'qltt_case_violation', violation, 'fine')
    assert [Decimal(r[0]) for r in rows[-2:]] == [low, high], rows

    # a seizure line's quantity, corrected by the warehouse keeper
    product, = admin.model('product.product', 'search',
        [('type', '=', 'goods')], 0, 1, None)
    unit = admin.model('product.product', 'read', [product],
        ['default_uom'])[0]['default_uom']
    seizure, = admin.model('qltt.seizure', 'create', [{
                'case': case, 'seizure_date': dt.date.today(),
                'lines': [('create', [{'product': product, 'unit': unit,
                                'quantity': 12, 'category': 'smuggled',
                                'unit_value': Decimal(1000)}])]}])
    line, = admin.model('qltt.seizure', 'read', [seizure],
        ['lines'])[0]['lines']
    keeper.model('qltt.seizure.line', 'write', [line], {'quantity': 10})
    log = last_write(admin, 'qltt.seizure.line', line, 'quantity', keeper)
    assert value_before(keeper, 'qltt.seizure.line', line, 'quantity',
        log['create_date']) == 12
    assert keeper.model('qltt.seizure.line', 'read', [line],
        ['quantity'])[0]['quantity'] == 10
    rows = history_rows(pg, db, 'qltt_seizure_line', line, 'quantity')
    assert [float(r[0]) for r in rows[-2:]] == [12, 10], rows
    assert rows[-1][1] == str(keeper.user_id)

    # a fine settled by the accountant's payment: open before, settled
    # after; the payment's post is the log entry
    accountant = Client(srv, 'ketoan')
    fine = [f for f in admin.model('qltt.fine', 'search_read',
            [('state', '=', 'open')], 0, None, None,
            ['case', 'balance', 'state']) if f['balance'] > 0][0]
    payment, = accountant.model('qltt.fine.payment', 'create', [{
                'case': fine['case'], 'amount': fine['balance'],
                'date': dt.date.today(), 'method': 'treasury',
                'reference': "KBNN-BN-0002"}])
    accountant.model('qltt.fine.payment', 'post', [payment])
    post, = admin.model('ir.model.log', 'search_read', [
            ('resource', '=', f'qltt.fine.payment,{payment}'),
            ('event', '=', 'button'), ('target', '=', 'post')], 0, None,
        None, ['user', 'create_date'])
    assert post['user'] == accountant.user_id
    assert admin.model('qltt.fine', 'read', [fine['id']],
        ['state'])[0]['state'] == 'settled'
    assert value_before(admin, 'qltt.fine', fine['id'], 'state',
        post['create_date']) == 'open'
    rows = history_rows(pg, db, 'qltt_fine', fine['id'], 'state')
    assert [r[0] for r in rows][-2:] == ['open', 'settled'], rows
    assert rows[-1][1] == str(accountant.user_id)
