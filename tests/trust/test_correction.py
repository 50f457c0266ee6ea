"""The legal correction path (issue #9): a decided case changes only through
a correction decision (MQĐ38 amendment, MQĐ40 cancellation; Decree
118/2021 Art 13) issued by someone with sanction authority, which keeps the
old values; the correction itself is then immutable, for the administrator
too.  Over JSON-RPC to a real trytond on PostgreSQL."""
import datetime as dt
from decimal import Decimal

import pytest

from conftest import Client, refused


@pytest.fixture(scope='module')
def srv(module_server):
    return module_server('trust_correction')


def decided_case_with_fine(client, lowerable=True):
    "A decided case of the user's team with a fine (that can be lowered)"
    cases = client.model('qltt.case', 'search_read',
        [('state', '=', 'decided')], 0, None, [('id', 'ASC')],
        ['number', 'violations', 'fine_total', 'decision_date'])
    for case in cases:
        violations = client.model('qltt.case.violation', 'read',
            case['violations'], ['fine', 'fine_min', 'mitigating',
                'aggravating'])
        if len(violations) == 1 and (not lowerable or (
                    violations[0]['fine_min'] is not None
                    and violations[0]['fine_min'] < violations[0]['fine']
                    and not violations[0]['mitigating']
                    and not violations[0]['aggravating'])):
            fines = client.model('qltt.fine', 'search_read',
                [('case', '=', case['id'])], 0, 1, None, ['amount'])
            if fines:
                return case, violations[0], fines[0]
    pytest.fail("the trust data has no decided case with a fine to amend")


def test_amendment_keeps_the_old_values(srv):
    # team 3 has the decided case of the trust data
    leader = Client(srv, 'doitruong3')
    inspector = Client(srv, 'kiemsoatvien31')
    admin = Client(srv, 'admin')
    case, violation, fine = decided_case_with_fine(leader)
    signer = leader.model('qltt.case', 'read', [case['id']],
        ['decision_signer'])[0]['decision_signer']
    # the private context key of the correction cannot be sent over RPC
    refused(leader, 'qltt.case.violation', 'write', [violation['id']],
        {'fine': violation['fine_min']},
        context={'_qltt_correction': True})

    # one mitigating circumstance more: the minimum of the bracket
    new_fine = violation['fine_min']
    correction_id, = leader.model('qltt.case.correction', 'create', [{
                'case': case['id'], 'kind': 'amendment',
                'date': case['decision_date'] + dt.timedelta(days=3),
                'signer': signer,
                'reason': "Tình tiết giảm nhẹ chưa được xem xét.",
                'lines': [('create', [{
                                'violation': violation['id'],
                                'mitigating': 1, 'aggravating': 0,
                                'fine': new_fine}])],
                }])
    # an inspector has no sanction authority: the button is refused
    refused(inspector, 'qltt.case.correction', 'issue', [correction_id])
    leader.model('qltt.case.correction', 'issue', [correction_id])

    correction, = admin.model('qltt.case.correction', 'read',
        [correction_id], ['state', 'fine_before', 'fine_after', 'document',
            'lines', 'move', 'issued_by', 'state_before',
            'state_before:string'])
    assert correction['state'] == 'issued'
    assert correction['state_before'] == 'decided'
    # shown by the case's translated state label (the users work in
    # Vietnamese)
    assert correction['state_before:string'] == "Đã ra quyết định"
    assert correction['fine_before'] == case['fine_total']
    assert correction['fine_after'] == new_fine
    assert correction['issued_by'], "who issued it is stamped"
    line, = admin.model('qltt.case.correction.line', 'read',
        correction['lines'], ['fine_before', 'mitigating_before', 'fine',
            'mitigating'])
    assert (line['fine_before'], line['mitigating_before']) == (
        violation['fine'], 0)
    assert (line['fine'], line['mitigating']) == (new_fine, 1)
    document, = admin.model('qltt.case.document', 'read',
        [correction['document']], ['state', 'number', 'type.code'])
    assert document['state'] == 'issued' and document['number']
    assert document['type.']['code'] == 'MQĐ38'

    # the case and the fine show the amount in force
    after, = admin.model('qltt.case', 'read', [case['id']],
        ['state', 'fine_total'])
    assert after == {'id': case['id'], 'state': 'decided',
        'fine_total': new_fine}
    amount, = admin.model('qltt.fine', 'read', [fine['id']], ['amount'])
    assert amount['amount'] == new_fine
    # the difference is a posted move; the first booking is unchanged
    move, = admin.model('account.move', 'read', [correction['move']],
        ['state', 'lines'])
    assert move['state'] == 'posted'
    lines = admin.model('account.move.line', 'read', move['lines'],
        ['debit', 'credit'])
    assert sum(l['debit'] for l in lines) == fine['amount'] - new_fine

    # the issued correction is a legal record like the decision
    for login in ['admin', 'lanhdao', 'doitruong3']:
        user = Client(srv, login)
        refused(user, 'qltt.case.correction', 'write', [correction_id],
            {'reason': "đổi"})
        refused(user, 'qltt.case.correction', 'write', [correction_id],
            {'state': 'draft'})
        refused(user, 'qltt.case.correction', 'delete', [correction_id])
        refused(user, 'qltt.case.correction.line', 'write',
            correction['lines'], {'fine': Decimal(1)})
    again, = admin.model('qltt.case.correction', 'read', [correction_id],
        ['state', 'fine_before', 'fine_after'])
    assert again['fine_before'] == case['fine_total']

    # Tryton's record log has the click on issue by the team leader and
    # the transition
    logs = admin.model('ir.model.log', 'search_read', [
            ('resource', '=', f'qltt.case.correction,{correction_id}'),
            ], 0, None, [('id', 'ASC')], ['event', 'user', 'target'])
    assert {('button', 'issue'), ('transition', 'state:issued')} <= {
        (l['event'], l['target']) for l in logs}
    assert {l['user'] for l in logs if l['user']} == {leader.user_id}


def test_cancellation_keeps_the_case_on_file(srv):
    leader = Client(srv, 'doitruong3')
    admin = Client(srv, 'admin')
    case, _, fine = decided_case_with_fine(leader, lowerable=False)
    signer = leader.model('qltt.case', 'read', [case['id']],
        ['decision_signer'])[0]['decision_signer']
    correction_id, = leader.model('qltt.case.correction', 'create', [{
                'case': case['id'], 'kind': 'cancellation',
                'date': case['decision_date'] + dt.timedelta(days=5),
                'signer': signer,
                'reason': "Hàng hóa có nguồn gốc hợp pháp.",
                }])
    leader.model('qltt.case.correction', 'issue', [correction_id])
    after, = admin.model('qltt.case', 'read', [case['id']],
        ['state', 'fine_total', 'documents'])
    assert after['state'] == 'cancelled'
    balance, = admin.model('qltt.fine', 'read', [fine['id']],
        ['amount', 'balance', 'paid'])
    assert balance['amount'] == 0
    assert balance['balance'] == -balance['paid']
    # the cancelled decision stays: no reset to draft, no deletion
    refused(leader, 'qltt.case', 'draft', [case['id']])
    refused(leader, 'qltt.case', 'delete', [case['id']])
    refused(admin, 'qltt.case', 'delete', [case['id']])
    documents = admin.model('qltt.case.document', 'read', after['documents'],
        ['type.code', 'state'])
    codes = {d['type.']['code'] for d in documents if d['state'] == 'issued'}
    assert {'MQĐ40'} <= codes and codes & {'MQĐ01', 'MQĐ02'}
