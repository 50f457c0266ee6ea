"""Two provincial departments in one database (issue 21).

Bắc Ninh (`lanhdao`, `doitruong1`, `kiemsoatvien11`, …) and Thái Nguyên
(`lanhdao_tn`, `doitruong1_tn`, `kiemsoatvien11_tn`, …) of the trust data
never read or change each other's records, over JSON-RPC: by id, by
domain, through related records, the statistics, the dashboard or the XLSX
workbook, even naming the other company in the context. Each numbers its
cases and decisions on its own. The national reader `cucqltt` reads both
and changes nothing."""
import io

import openpyxl
import pytest

from conftest import Client, refused


@pytest.fixture(scope='module')
def server(module_server):
    return module_server('trust_provinces')


@pytest.fixture(scope='module')
def clients(server):
    return {login: Client(server, login) for login in [
            'admin', 'lanhdao', 'doitruong1', 'kiemsoatvien11', 'thukho',
            'lanhdao_tn', 'doitruong1_tn', 'kiemsoatvien11_tn', 'cucqltt']}


@pytest.fixture(scope='module')
def departments(clients):
    """{department: (company id, case ids, team ids, force ids, logins)}
    as each department's leader sees them"""
    result = {}
    for name, leader, logins in [
            ('bn', 'lanhdao', ['lanhdao', 'doitruong1', 'kiemsoatvien11',
                    'thukho']),
            ('tn', 'lanhdao_tn', ['lanhdao_tn', 'doitruong1_tn',
                    'kiemsoatvien11_tn'])]:
        client = clients[leader]
        cases = client.model('qltt.case', 'search_read', [], 0, None, None,
            ['company', 'number', 'offender.rec_name'])
        result[name] = {
            'company': client.context['company'],
            'cases': [c['id'] for c in cases],
            'numbers': [c['number'] for c in cases],
            'offenders': {c['offender.']['rec_name'] for c in cases},
            'companies': {c['company'] for c in cases},
            'teams': client.model('qltt.team', 'search', [], 0, None, None),
            'forces': client.model('qltt.force', 'search', [], 0, None,
                None),
            'staff': client.model('company.employee', 'search', [], 0,
                None, None),
            'logins': logins,
            }
    return result


def pairs(departments):
    "(own, other) both ways"
    return [(departments['bn'], departments['tn']),
        (departments['tn'], departments['bn'])]


def test_each_leader_reads_own_department(departments):
    bn, tn = departments['bn'], departments['tn']
    assert bn['company'] != tn['company']
    assert bn['companies'] == {bn['company']}
    assert tn['companies'] == {tn['company']}
    assert len(tn['cases']) == 3 and len(bn['cases']) > 3
    assert tn['teams'] and not set(tn['teams']) & set(bn['teams'])
    assert tn['forces'] and not set(tn['forces']) & set(bn['forces'])
    assert tn['staff'] and not set(tn['staff']) & set(bn['staff'])


def test_numbers_belong_to_the_department(clients, departments):
    """Thái Nguyên's cases are numbered 1-3 by its own sequence while Bắc
    Ninh has numbered many more; its decision carries its unit code"""
    assert sorted(n[-5:] for n in departments['tn']['numbers']) == [
        '00001', '00002', '00003']
    decisions = clients['lanhdao_tn'].model('qltt.case.document',
        'search_read', [('type.code', '=', 'MQĐ02')], 0, None, None,
        ['number'])
    assert [d['number'][:2] for d in decisions] == ['19']


@pytest.mark.parametrize('direction', [0, 1])
def test_other_department_by_id_and_domain(clients, departments, direction):
    own, other = pairs(departments)[direction]
    for login in own['logins']:
        client = clients[login]
        assert client.model('qltt.case', 'search',
            [('id', 'in', other['cases'])], 0, None, None) == []
        # the same numbers exist in both departments: only its own found
        assert set(client.model('qltt.case', 'search',
                [('number', 'in', other['numbers'])], 0, None,
                None)) <= set(own['cases'])
        assert client.model('qltt.case', 'search',
            [('company', '=', other['company'])], 0, None, None) == []
        refused(client, 'qltt.case', 'read', other['cases'][:1], ['number'])
        refused(client, 'qltt.team', 'read', other['teams'][:1], ['name'])
        refused(client, 'qltt.force', 'read', other['forces'][:1], ['name'])
        # a department's staff records (core leaves them open)
        assert client.model('company.employee', 'search',
            [('id', 'in', other['staff'])], 0, None, None) == []
        refused(client, 'company.employee', 'read', other['staff'][:1],
            ['party'])
        # through related records
        assert client.model('qltt.case.document', 'search',
            [('case', 'in', other['cases'])], 0, None, None) == []
        assert client.model('party.party', 'search',
            [('qltt_cases', 'in', other['cases'])], 0, None, None) == []
        assert client.model('qltt.case', 'search',
            [('team', 'in', other['teams'])], 0, None, None) == []


@pytest.mark.parametrize('direction', [0, 1])
def test_other_department_never_changed(clients, departments, direction):
    own, other = pairs(departments)[direction]
    leader = clients[own['logins'][0]]
    refused(leader, 'qltt.case', 'write', other['cases'][:1],
        {'description': "x"})
    refused(leader, 'qltt.case', 'delete', other['cases'][:1])
    refused(leader, 'qltt.case', 'create', [{
                'team': other['teams'][0], 'company': other['company']}])
    admin = clients['admin']
    admin_ctx = {'company': other['company']}
    # unchanged, as the administrator of the other department reads it
    assert admin.model('qltt.case', 'search_count',
        [('description', '=', "x")], context=admin_ctx) == 0


@pytest.mark.parametrize('direction', [0, 1])
def test_reports_of_other_department(clients, departments, direction):
    """Statistics, dashboard and workbook give the user's department only,
    even when the context names the other one"""
    own, other = pairs(departments)[direction]
    leader = clients[own['logins'][0]]
    context = {'company': other['company']}
    rows = leader.model('qltt.report.statistics', 'search_read', [], 0,
        None, None, ['company', 'team', 'cases_inspected'], context=context)
    # a company not the user's in the context: their own rows or none
    assert {r['company'] for r in rows} <= {own['company']}
    assert not {r['team'] for r in rows} & set(other['teams'])
    rows = leader.model('qltt.report.statistics', 'search_read', [], 0,
        None, None, ['company', 'team', 'cases_inspected'])
    assert rows and {r['company'] for r in rows} == {own['company']}
    dashboard = leader.model('qltt.dashboard.case', 'search_read', [], 0,
        None, None, ['company'], context=context)
    assert {r['company'] for r in dashboard} <= {own['company']}
    # the offenders of the cases are the department's own (the numbers
    # of two departments may be the same)
    assert not own['offenders'] & other['offenders']
    for context_ in [context, {}]:
        texts = cell_texts(xlsx(leader, context_))
        assert not other['offenders'] & texts
    assert own['offenders'] & texts


def cell_texts(workbook):
    return {c.value for sheet in workbook for row in sheet.iter_rows()
        for c in row if isinstance(c.value, str)}


def test_goods_in_custody_of_own_department(clients, departments):
    "The evidence stock and seizures: each department's own"
    for login, department in [('thukho', 'bn'), ('lanhdao', 'bn'),
            ('lanhdao_tn', 'tn'), ('kiemsoatvien21_tn', 'tn')]:
        own = departments[department]
        client = clients.get(login) or Client(
            clients['admin'].server, login)
        goods = client.model('qltt.evidence.stock', 'search_read', [], 0,
            None, None, ['company', 'case'])
        assert {g['company'] for g in goods} == {own['company']}, login
        assert {g['case'] for g in goods} <= set(own['cases'])
        seizures = client.model('qltt.seizure', 'search_read', [], 0, None,
            None, ['case'])
        assert seizures and {s['case'] for s in seizures} <= set(
            own['cases'])


def xlsx(client, context):
    _, content, _, _ = client.call(
        'report.qltt.report.statistics.xlsx.execute', [], {},
        context=context)
    return openpyxl.load_workbook(io.BytesIO(content), read_only=True)


def test_national_reader_reads_every_department(clients, departments):
    national = clients['cucqltt']
    bn, tn = departments['bn'], departments['tn']
    cases = national.model('qltt.case', 'search_read', [], 0, None, None,
        ['company'])
    assert {c['company'] for c in cases} == {bn['company'], tn['company']}
    assert len(cases) == len(bn['cases']) + len(tn['cases'])
    rows = national.model('qltt.report.statistics', 'search_read', [], 0,
        None, None, ['company', 'team', 'cases_inspected'])
    assert {r['company'] for r in rows} == {bn['company'], tn['company']}
    for department in [bn, tn]:
        leader = clients[department['logins'][0]]
        own = leader.model('qltt.report.statistics', 'search_read', [], 0,
            None, None, ['cases_inspected'])
        assert sum(r['cases_inspected'] for r in rows
            if r['company'] == department['company']) == sum(
            r['cases_inspected'] for r in own)
    # goods in custody of every department
    goods = national.model('qltt.evidence.stock', 'search_read', [], 0,
        None, None, ['company'])
    assert {g['company'] for g in goods} == {bn['company'], tn['company']}
    texts = cell_texts(xlsx(national, {}))
    assert tn['offenders'] & texts and bn['offenders'] & texts


def test_national_reader_changes_nothing(clients, departments):
    national = clients['cucqltt']
    for department in departments.values():
        refused(national, 'qltt.case', 'write', department['cases'][:1],
            {'description': "x"})
        refused(national, 'qltt.case', 'delete', department['cases'][:1])
    refused(national, 'qltt.case', 'create', [{}])
