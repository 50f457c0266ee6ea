"""Another team's records leak through no path but search (issue #17).

The inspector `kiemsoatvien11` (team 01) tries, over JSON-RPC, every path by
which team 02's records answered: copy, on_change, the project's own
refusal messages, domains and orders through relations, seized goods,
statistics rows, computed deadlines, links to another team's tip, and the
size limits of a request.  Each is refused or finds nothing of team 02."""
import base64
import configparser
import datetime as dt
import json
import urllib.error
import urllib.request
from pathlib import Path

import pytest

import conftest
from conftest import REFUSED, Client, RPCError, refused

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope='module')
def server(module_server):
    return module_server('trust_leaks')


@pytest.fixture(scope='module')
def admin(server):
    return Client(server, 'admin')


@pytest.fixture(scope='module')
def inspector(server):
    return Client(server, 'kiemsoatvien11')


@pytest.fixture(scope='module')
def other(admin):
    "Team 02's records, as the administrator sees them"
    cases = admin.model('qltt.case', 'search_read',
        [('team.code', '=', '02')], 0, None, None,
        ['number', 'state', 'offender', 'documents'])
    seizures = admin.model('qltt.seizure', 'search_read',
        [('case.team.code', '=', '02')], 0, None, None, ['number', 'lines'])
    lots = admin.model('stock.lot', 'search',
        [('qltt_seizure.case.team.code', '=', '02')], 0, None, None)
    moves = admin.model('stock.move', 'search',
        [('lot', 'in', lots)], 0, None, None)
    tips = admin.model('qltt.tip', 'search_read',
        [('team.code', '=', '02')], 0, None, None, ['url'])
    documents = admin.model('qltt.case.document', 'search_read',
        [('case.team.code', '=', '02')], 0, None, None, ['rec_name'])
    assert cases and seizures and lots and moves and tips and documents
    return dict(cases=cases, seizures=seizures, lots=set(lots),
        moves=set(moves), tips=tips,
        case_ids=[c['id'] for c in cases],
        offenders={c['offender'] for c in cases},
        numbers={c['number'] for c in cases} | {
            s['number'] for s in seizures} | {
            d['rec_name'] for d in documents})


def test_copy_is_refused(pg, server, inspector, other):
    before = pg.psql('SELECT COUNT(*) FROM qltt_case', server.database)
    team1 = inspector.model('qltt.team', 'search', [('code', '=', '01')],
        0, 1, None)[0]
    refused(inspector, 'qltt.case', 'copy', other['case_ids'][:1],
        {'team': team1})
    refused(inspector, 'qltt.tip', 'copy', [other['tips'][0]['id']],
        {'team': team1})
    assert pg.psql('SELECT COUNT(*) FROM qltt_case',
        server.database) == before


def test_on_change_is_refused(inspector, other):
    tip = other['tips'][0]
    error = refused(inspector, 'qltt.case', 'on_change', {
            'tip': tip['id'], 'channel': 'physical', 'url': None,
            'platform': None, 'seller_account': None}, ['tip'])
    assert tip['url'] not in str(error.error)
    refused(inspector, 'qltt.case.violation', 'on_change_with', {
            'case': other['case_ids'][0]}, ['case_state', 'offender_kind'])


def _names_no_number(error, other):
    text = str(error.error)
    assert not any(n in text for n in other['numbers'] if n), text


def test_refusals_name_no_hidden_record(inspector, other):
    "The access rule answers first: ids only, never a number or a state"
    closed = [c['id'] for c in other['cases']
        if c['state'] not in {'draft', 'cancelled'}]
    for method, args in [
            ('write', (other['case_ids'], {'description': 'x'})),
            ('delete', (closed,)),
            ]:
        _names_no_number(refused(inspector, 'qltt.case', method, *args),
            other)
    # a violation added to another team's decided case
    basis = inspector.model('qltt.legal.basis', 'search', [], 0, 1, None)[0]
    _names_no_number(refused(inspector, 'qltt.case.violation', 'create',
            [{'case': closed[0], 'legal_basis': basis}]), other)


def test_form_refusal_names_no_hidden_document(inspector, other):
    documents = [d for c in other['cases'] for d in c['documents']]
    assert documents
    with pytest.raises(RPCError) as info:
        inspector.call('report.qltt_cases.form_mbb01.execute',
            documents[:1], {'model': 'qltt.case.document',
                'id': documents[0], 'ids': documents[:1]})
    assert info.value.kind in REFUSED, info.value.error
    _names_no_number(info.value, other)


DOMAINS = [
    ('party.party', [('qltt_cases.team.code', '=', '02')]),
    ('party.party', [('qltt_cases', 'in', [2, 3, 4, 5])]),
    ('party.party', [('qltt_cases', '!=', None)]),
    ('party.party', [('qltt_cases', 'where', [
                    ('violations.fine', '>=', 0),
                    ('team.code', '!=', '01')])]),
    ('party.party', [('qltt_cases.description', 'not ilike', '%zzz%'),
            ('qltt_cases', '!=', None)]),
    ('party.party', [('qltt_cases.violations.fine', '>=', 0)]),
    ('party.party', [('qltt_cases', 'ilike', 'VV-%')]),
    ('stock.lot', [('qltt_seizure.case.team.code', '=', '02')]),
    ]


@pytest.mark.parametrize('index', range(len(DOMAINS)))
def test_domains_through_relations(inspector, other, index):
    model, domain = DOMAINS[index]
    try:
        found = set(inspector.model(model, 'search', domain, 0, None, None))
    except RPCError as error:
        assert error.kind in REFUSED, error.error
        return
    assert not found & (other['offenders'] | other['lots']), found


def test_order_through_relations(inspector, other):
    "Ordering lots by a hidden seizure's case date reveals nothing"
    try:
        found = inspector.model('stock.lot', 'search', [], 0, None,
            [('qltt_seizure.case.inspection_date', 'ASC')])
    except RPCError as error:
        assert error.kind in REFUSED, error.error
        return
    assert not set(found) & other['lots']


def test_seized_goods_of_other_teams(admin, inspector, other):
    "Lots and moves of team 02's seizures are hidden, team 01's are seen"
    lots = set(inspector.model('stock.lot', 'search', [], 0, None, None))
    moves = set(inspector.model('stock.move', 'search', [], 0, None, None))
    assert not lots & other['lots'], lots & other['lots']
    assert not moves & other['moves'], moves & other['moves']
    own = set(admin.model('stock.lot', 'search',
            [('qltt_seizure.case.team.code', '=', '01')], 0, None, None))
    assert own <= lots
    refused(inspector, 'stock.lot', 'read', sorted(other['lots'])[:1],
        ['number'])
    assert not inspector.model('qltt.evidence.stock', 'search_read',
        [('seizure', 'in', [s['id'] for s in other['seizures']])],
        0, None, None, ['id'])


def test_statistics_rows_of_own_teams(admin, inspector):
    """An inspector reads the rows of their teams only; the department
    leader reads the whole unit (docs/security.md)"""
    rows = inspector.model('qltt.report.statistics', 'search_read', [],
        0, None, None, ['team'])
    team1, = inspector.model('qltt.team', 'search', [('code', '=', '01')],
        0, 1, None)
    assert rows and {r['team'] for r in rows} == {team1}
    everything = admin.model('qltt.report.statistics', 'search_read', [],
        0, None, None, ['team'])
    assert len({r['team'] for r in everything}) > 1
    leader = Client(inspector.server, 'lanhdao')
    assert len(leader.model('qltt.report.statistics', 'search_read', [],
            0, None, None, ['team'])) == len(everything)


@pytest.fixture(scope='module')
def own_case(server):
    leader = Client(server, 'doitruong1')
    team1, = leader.model('qltt.team', 'search', [('code', '=', '01')],
        0, 1, None)
    case, = leader.model('qltt.case', 'create', [{'team': team1,
                'source': 'planned', 'inspection_date': dt.date.today()}])
    return leader, case


@pytest.mark.parametrize('field', ['limitation_date', 'minutes_deadline',
        'decision_deadline'])
def test_deadlines_are_not_written(own_case, field):
    leader, case = own_case
    before = leader.model('qltt.case', 'read', [case], [field])[0][field]
    refused(leader, 'qltt.case', 'write', [case],
        {field: dt.date(2099, 12, 31)})
    assert leader.model('qltt.case', 'read', [case],
        [field])[0][field] == before


def test_link_to_hidden_tip_is_refused(admin, own_case, other):
    leader, case = own_case
    tip = other['tips'][0]['id']
    refused(leader, 'qltt.case', 'write', [case],
        {'source': 'tip', 'tip': tip})
    assert admin.model('qltt.tip', 'read', [tip], ['cases'])[0][
        'cases'] == []


@pytest.mark.parametrize('window', [(2**63, None), (0, 2**63), (-1, None),
        (0, -5)])
def test_huge_offset_is_a_clean_error(inspector, window):
    offset, limit = window
    with pytest.raises(RPCError) as info:
        inspector.model('qltt.case', 'search', [], offset, limit, None)
    assert info.value.kind == 'UserError', info.value.error
    assert info.value.message


def _shipped(section):
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(ROOT / 'config' / 'trytond-postgresql.conf')
    assert parser.has_section(section), section
    return dict(parser.items(section))


def test_request_limits_are_shipped():
    for path in ['trytond.conf', 'trytond-postgresql.conf']:
        parser = configparser.ConfigParser(interpolation=None)
        parser.read(ROOT / 'config' / path)
        assert parser.getint('request', 'max_size') <= 2**20, path
        assert parser.getint('request', 'max_size_authenticated') <= \
            64 * 2**20, path


@pytest.fixture
def limited_server(pg, fresh_db, monkeypatch):
    "trytond with the [request] and [qltt] sections of the shipped config"
    write_conf = conftest.write_conf

    def shipped_conf(path, cluster, port=None):
        write_conf(path, cluster, port)
        with open(path, 'a') as file:
            for section in ['request', 'qltt']:
                file.write(f'[{section}]\n')
                for key, value in _shipped(section).items():
                    file.write(f'{key} = {value}\n')
        return path
    monkeypatch.setattr(conftest, 'write_conf', shipped_conf)
    server = conftest.start_server(pg, fresh_db())
    yield server
    server.stop()


def test_oversized_requests_are_refused(pg, limited_server):
    server = limited_server
    client = Client(server, 'doitruong1')
    case, = client.model('qltt.case', 'search', [], 0, 1, None)
    limit = int(_shipped('request')['max_size_authenticated'])
    login, user_id, key = client.auth
    token = base64.b64encode(f'{login}:{user_id}:{key}'.encode()).decode()

    def post(size):
        "An attachment of size characters as raw JSON-RPC"
        body = json.dumps({'id': 1, 'method': 'model.ir.attachment.create',
                'params': [[{'name': 'big.bin',
                            'resource': f'qltt.case,{case}', 'type': 'data',
                            'data': 'x' * size}], {}]}).encode()
        request = urllib.request.Request(
            server.url + server.database + '/rpc/', data=body,
            headers={'Content-Type': 'application/json',
                'Authorization': f'Session {token}'})
        with urllib.request.urlopen(request, timeout=120) as response:
            return json.loads(response.read())
    # above the limit: refused before any model is called (werkzeug's 413
    # reaches JSON-RPC as an unreadable request)
    with pytest.raises(urllib.error.HTTPError) as info:
        post(limit + 1)
    assert info.value.code in {400, 413}
    # just under it the request is read: the attachment's own limit answers
    answer = post(limit - 4096)
    assert answer['error'][0] == 'UserError', answer
    # an attachment above its own limit, in a request under the limit
    size = int(_shipped('qltt')['attachment_max_size'])
    assert size * 4 // 3 < limit
    before = pg.psql('SELECT COUNT(*) FROM ir_attachment', server.database)
    refused(client, 'ir.attachment', 'create', [{'name': 'scan.pdf',
                'resource': f'qltt.case,{case}', 'type': 'data',
                'data': b'%PDF' + b'0' * size}])
    assert pg.psql('SELECT COUNT(*) FROM ir_attachment',
        server.database) == before
    # and a small one still goes in
    client.model('ir.attachment', 'create', [{'name': 'scan.pdf',
                'resource': f'qltt.case,{case}', 'type': 'data',
                'data': b'%PDF-1.4'}])
