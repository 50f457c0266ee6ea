"""The administrator account cannot be taken over (issue #17).

Over JSON-RPC, as each demo role: the password reset is refused while the
server sends no e-mail (`[qltt] reset_by_email`), the temporary password and
the hash are never read, searched or ordered on (qltt_cases/access.py, also
through another model's relation or an export), and a user
sets as their employee only one of their own employees."""
import pytest

from access_matrix import ROLES
from conftest import Client, RPCError, refused, rpc

TOKEN = 'Stolen-Reset-Token-17'


@pytest.fixture(scope='module')
def server(module_server):
    return module_server('trust_takeover')


@pytest.fixture(scope='module')
def clients(server):
    return {role: Client(server, login) for role, login in ROLES.items()}


@pytest.fixture(scope='module')
def admin_id(clients):
    admin, = clients['admin'].model('res.user', 'search',
        [('login', '=', 'admin')], 0, 1, None)
    return admin


def test_reset_password_is_refused_and_said(pg, server):
    "No mail server: the reset is refused with a message, nothing stored"
    for login in ['admin', 'kiemsoatvien11']:
        with pytest.raises(RPCError) as info:
            rpc(server, None, 'common.db.reset_password', [login, 'vi'])
        assert info.value.kind == 'UserError', info.value.error
        assert 'e-mail' in info.value.message.lower(), info.value.error
    assert pg.psql("SELECT COUNT(*) FROM res_user WHERE password_reset "
        "IS NOT NULL", server.database) == [['0']]


@pytest.mark.parametrize('role', list(ROLES))
def test_temporary_password_is_never_read(pg, server, clients, admin_id,
        role):
    "Even a stored reset token is neither read nor searched over RPC"
    pg.psql(f"UPDATE res_user SET password_reset = '{TOKEN}', "
        f"password_reset_expire = NOW() + INTERVAL '1 hour' "
        f"WHERE id = {admin_id}", server.database)
    client = clients[role]
    for field in ['password_reset', 'password_reset_expire',
            'password_hash']:
        # read as empty, like Tryton's hash
        assert client.model('res.user', 'read', [admin_id],
            [field]) == [{'id': admin_id, field: None}]
        refused(client, 'res.user', 'search_count', [(field, '!=', None)])
        refused(client, 'res.user', 'search', [], 0, None, [(field, 'ASC')])
    refused(client, 'res.user', 'search_count',
        [('password_reset', '=', TOKEN)])
    # nor through a relation or an export
    for result in [
            client.model('res.user', 'read', [admin_id],
                ['write_uid.password_reset', 'create_uid.password_reset']),
            client.model('res.user', 'search_read',
                [('id', '=', admin_id)], 0, None, None, None),
            ]:
        assert TOKEN not in str(result), result
    for path in ['password_reset', 'password_reset_expire',
            'create_uid/password_reset']:
        refused(client, 'res.user', 'export_data', [admin_id], [path])


@pytest.mark.parametrize('role', list(ROLES))
def test_no_hash_oracle(server, clients, role):
    """search_count on the hash, directly or through a relation ('where'
    on create_uid, a path through a Many2One), is refused"""
    client = clients[role]
    for domain in [
            [('login', '=', 'admin'), ('password_hash', '>=', '$')],
            [('create_uid', 'where', [('password_hash', '>=', '$')])],
            [('create_uid.password_hash', '>=', '$')],
            [('write_uid', 'where', [('password_reset', '!=', None)])],
            ]:
        refused(client, 'res.user', 'search_count', domain)


def test_employee_preference_is_own(server, clients):
    "An inspector cannot act as another officer by the preferences"
    inspector = Client(server, 'kiemsoatvien11')
    own = inspector.context['employee']
    other = Client(server, 'kiemsoatvien21').context['employee']
    assert own and other and own != other
    refused(inspector, 'res.user', 'set_preferences', {'employee': other})
    assert rpc(server, inspector.auth, 'model.res.user.get_preferences',
        [True, {}])['employee'] == own
    # their own employee stays selectable
    inspector.model('res.user', 'set_preferences', {'employee': own})
    assert rpc(server, inspector.auth, 'model.res.user.get_preferences',
        [True, {}])['employee'] == own


def test_admin_login_unchanged(server):
    "After all the attempts the administrator logs in with their password"
    Client(server, 'admin')
