"""Access matrix (issue #9): for every role and every qltt model, read /
create / write / delete and each workflow button, asked to a running trytond
as that user over JSON-RPC, against access_matrix.MATRIX, which is also the
table of docs/trust.md (the test fails if they diverge).  Denied reads, writes,
creates and deletes are then tried for real and must fail with an access
error.  Team isolation both ways; HR records of someone else are hidden."""
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from access_matrix import (
    BUTTONS, DOCUMENT, MATRIX, ROLES, SKIPPED_MODELS, markdown)
from conftest import Client, RPCError

ROOT = Path(__file__).resolve().parents[2]
# the document that holds the generated table (access_matrix.DOCUMENT)
MATRIX_DOCUMENT = ROOT / DOCUMENT
# JSON-RPC names every Tryton user error UserError (access errors included)
ACCESS_ERRORS = {'UserError', 'AccessError', 'AccessButtonError', 'RuleError',
    # a method not published over RPC (link tables have no search/read)
    'HTTP403',
    # reports computed by SQL (table_query) refuse any create/write/delete
    'On table_query'}


@pytest.fixture(scope='module')
def clients(demo_server):
    return {role: Client(demo_server, login)
        for role, login in ROLES.items()}


def qltt_models(admin):
    return sorted(m['name'] for m in admin.model('ir.model', 'search_read',
            [('name', 'like', 'qltt.%')], 0, None, None, ['name'])
        if m['name'] not in SKIPPED_MODELS)


def test_matrix_covers_every_model(clients):
    "A new qltt model must be added to the matrix (and so to docs/trust.md)"
    assert qltt_models(clients['admin']) == sorted(MATRIX)


def test_document_has_the_matrix():
    text = MATRIX_DOCUMENT.read_text()
    match = re.search(r'<!-- access-matrix -->\n(.*?)<!-- /access-matrix -->',
        text, re.S)
    assert match, f"{DOCUMENT} has no access matrix section"
    assert match.group(1) == markdown(), (
        f"{DOCUMENT} access matrix differs from tests/trust/access_matrix.py; "
        "run `python tests/trust/access_matrix.py --write`")


@pytest.mark.parametrize('role', list(ROLES))
def test_model_access(clients, role):
    "ir.model.access as the user sees it equals the matrix"
    client = clients[role]
    access = client.model('ir.model.access', 'get_access', sorted(MATRIX))
    differences = []
    for model, rights in sorted(MATRIX.items()):
        expected = rights.get(role, '')
        actual = ''.join(letter for letter, mode in [
                ('R', 'read'), ('C', 'create'), ('W', 'write'),
                ('D', 'delete')] if access[model][mode])
        if actual != expected:
            differences.append(f"{model}: expected {expected or '-'}, "
                f"got {actual or '-'}")
    assert not differences, '\n'.join(differences)


def rpc_models(admin):
    "The models of the matrix that RPC reaches (link tables are not)"
    result = set()
    for model in MATRIX:
        try:
            admin.model(model, 'search', [], 0, 1, None)
        except RPCError as error:
            assert error.kind == 'HTTP403', error.error
            continue
        result.add(model)
    return result


def _first_id(admin, model):
    try:
        ids = admin.model(model, 'search', [], 0, 1, None)
    except RPCError as error:
        assert error.kind == 'HTTP403', error.error
        return None
    return ids[0] if ids else None


@pytest.mark.parametrize('role', list(ROLES))
def test_denied_operations_fail_for_real(clients, role):
    """Every cell without R/C/W/D is tried through RPC: read (search),
    create, write and delete of an existing record all raise an access
    error, and the record is unchanged"""
    client, admin = clients[role], clients['admin']
    tried = 0
    leaks = []
    for model, rights in sorted(MATRIX.items()):
        granted = rights.get(role, '')
        record_id = _first_id(admin, model)
        attempts = []
        if 'R' not in granted:
            attempts.append(('search', ([],)))
        if 'C' not in granted:
            attempts.append(('create', ([{}],)))
        if record_id and 'W' not in granted:
            attempts.append(('write', ([record_id], {})))
        # a singleton never saved has no row: its delete is a no-op
        if record_id and 'D' not in granted and not (
                model.endswith('.configuration') and not admin.model(
                    model, 'search_count', [('id', '=', record_id)])):
            attempts.append(('delete', ([record_id],)))
        for method, args in attempts:
            tried += 1
            try:
                client.model(model, method, *args)
            except RPCError as error:
                assert error.kind in ACCESS_ERRORS, (
                    model, method, error.error)
            else:
                leaks.append((model, method))
        if record_id and any(m == 'delete' for m, _ in attempts):
            assert admin.model(model, 'read', [record_id], ['id'])
    assert not leaks, leaks
    print(f"{role}: {tried} denied operations tried")


@pytest.mark.parametrize('role', list(ROLES))
def test_granted_reads_work(clients, role):
    client = clients[role]
    reachable = rpc_models(clients['admin'])
    assert 'qltt.case' in reachable
    for model, rights in sorted(MATRIX.items()):
        if 'R' in rights.get(role, '') and model in reachable:
            client.model(model, 'search', [], 0, 1, None)


def _button_states(client, model):
    "{button name: readonly for this user} of the form view"
    view = client.model(model, 'fields_view_get', None, 'form')
    result = {}
    for element in ET.fromstring(view['arch']).iter('button'):
        name = element.get('name')
        states = element.get('states') or '{}'
        # the server sets readonly true when the user's groups may not click
        result[name] = '"readonly": true' in states
    return result


@pytest.mark.parametrize('model', sorted(BUTTONS))
def test_buttons(clients, model):
    "Each workflow button of the form is clickable by exactly its roles"
    differences = []
    for role, client in clients.items():
        if 'R' not in MATRIX[model].get(role, ''):
            continue
        states = _button_states(client, model)
        for button, roles in BUTTONS[model].items():
            assert button in states, (model, button, sorted(states))
            allowed = not states[button]
            if allowed != (role in roles):
                differences.append(f"{model}.{button} for {role}: "
                    f"{'allowed' if allowed else 'denied'}")
    assert not differences, '\n'.join(differences)


def _cases(client):
    return client.model('qltt.case', 'search_read', [], 0, None, None,
        ['number', 'team.code'])


def test_team_isolation_both_ways(demo_server, clients):
    team1 = Client(demo_server, 'kiemsoatvien11')
    team2 = Client(demo_server, 'kiemsoatvien21')
    everything = _cases(clients['admin'])
    seen1, seen2 = _cases(team1), _cases(team2)
    assert {c['team.']['code'] for c in seen1} == {'01'}
    assert {c['team.']['code'] for c in seen2} == {'02'}
    assert len(seen1) + len(seen2) < len(everything)
    assert {c['id'] for c in seen1} == {c['id'] for c in everything
        if c['team.']['code'] == '01'}
    # asking by id, or through a domain on another field, reveals nothing
    other = [c['id'] for c in everything if c['team.']['code'] == '02']
    with pytest.raises(RPCError) as info:
        team1.model('qltt.case', 'read', other, ['number'])
    assert info.value.kind in ACCESS_ERRORS
    with pytest.raises(RPCError) as info:
        team2.model('qltt.case', 'read', [seen1[0]['id']], ['number'])
    assert info.value.kind in ACCESS_ERRORS
    assert team1.model('qltt.case', 'search',
        ['OR', ('team.code', '=', '02'), ('id', 'in', other)],
        0, None, None) == []
    # nor the goods in custody, seizures or documents of the other team
    for model in ['qltt.seizure', 'qltt.case.document', 'qltt.tip']:
        for client, code in [(team1, '01'), (team2, '02')]:
            for record in client.model(model, 'search_read', [], 0, None,
                    None, ['case.team.code' if model != 'qltt.tip'
                        else 'team.code']):
                team = (record.get('case.') or {}).get('team.') \
                    if model != 'qltt.tip' else record.get('team.')
                assert team and team['code'] == code, (model, record)
    # the department leader sees every team
    assert len(_cases(clients['dept_leader'])) == len(everything)


def test_employee_reads_only_own_hr_records(demo_server, clients):
    "An inspector sees their own ratings, disciplines and commendations only"
    import datetime as dt
    inspector = Client(demo_server, 'kiemsoatvien11')
    colleague = Client(demo_server, 'kiemsoatvien12')
    employee = inspector.context.get('employee')
    assert employee
    hr = clients['hr_officer']
    company = hr.context['company']
    # the HR officer records a reprimand for each of the two colleagues
    hr.model('qltt.discipline', 'create', [{
                'company': company, 'employee': e, 'form': 'reprimand',
                'date': dt.date(2026, 5, 4), 'reason': "Late report",
                } for e in [employee, colleague.context['employee']]])
    for model in ['qltt.hr.rating', 'qltt.discipline', 'qltt.commendation']:
        if 'R' not in MATRIX[model].get('inspector', ''):
            continue
        all_records = clients['admin'].model(model, 'search_read', [], 0,
            None, None, ['employee'])
        mine = inspector.model(model, 'search_read', [], 0, None, None,
            ['employee'])
        assert {r['employee'] for r in mine} <= {employee}
        assert len(mine) == len([r for r in all_records
                if r['employee'] == employee])
        others = [r['id'] for r in all_records if r['employee'] != employee]
        if others:
            with pytest.raises(RPCError) as info:
                inspector.model(model, 'read', others[:1], ['employee'])
            assert info.value.kind in ACCESS_ERRORS
