"""A posted remittance to the State budget is a legal record (issue #9):
nobody changes or deletes it, its lines or its move, the administrator
included, nor writes its state back.  Over JSON-RPC on PostgreSQL."""
import datetime as dt
from decimal import Decimal

import pytest

from conftest import Client, refused


@pytest.fixture(scope='module')
def srv(module_server):
    return module_server('trust_remittance')


def test_posted_remittance_is_immutable(srv):
    accountant = Client(srv, 'ketoan')
    admin = Client(srv, 'admin')
    today = dt.date.today()
    remittance, = accountant.model('qltt.remittance', 'create', [{
                'start_date': today.replace(day=1), 'end_date': today,
                'date': today, 'reference': 'KBNN-NS-0001'}])
    accountant.model('qltt.remittance', 'compute', [remittance])
    accountant.model('qltt.remittance', 'post', [remittance])
    fields = ['state', 'date', 'reference', 'total', 'lines', 'move']
    before, = admin.model('qltt.remittance', 'read', [remittance], fields)
    assert before['state'] == 'posted' and before['move']
    assert before['total'] > 0, "the demo has money to remit this month"
    for login in ['admin', 'ketoan', 'lanhdao']:
        user = Client(srv, login)
        refused(user, 'qltt.remittance', 'write', [remittance],
            {'reference': 'changed'})
        refused(user, 'qltt.remittance', 'write', [remittance],
            {'state': 'draft'})
        refused(user, 'qltt.remittance', 'delete', [remittance])
        refused(user, 'qltt.remittance.line', 'write', before['lines'],
            {'amount': Decimal(1)})
        refused(user, 'qltt.remittance.line', 'delete', before['lines'])
        refused(user, 'account.move', 'delete', [before['move']])
    after, = admin.model('qltt.remittance', 'read', [remittance], fields)
    assert after == before
