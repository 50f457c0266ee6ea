"""Fixtures of the trust tests (issue #9): a throwaway PostgreSQL cluster of
their own, one demo database built once per session, copies of it for the
tests that damage data, and real trytond processes serving JSON-RPC.

- `pg` (session): initdb + pg_ctl on a free port in a temporary folder (as
  the `postgres` OS user when running as root), stopped at the end.  fsync is
  off (the OS does not crash here) but synchronous_commit stays ON: a commit
  acknowledged to a client must survive a kill -9 of the server.
- `template_db` (session): database `trust_demo` with the five qltt modules
  and the small data set of trust_data.py (the users, teams and cases
  of the `make run` demo), never modified by a test.
- `fresh_db` (function factory): CREATE DATABASE ... TEMPLATE trust_demo.
- `module_server` (module factory): a copy of trust_demo and one trytond on
  it for the tests of a module.
- `server` (function factory): start N trytond processes on a database,
  wait until they answer, stop them at the end (or kill them in a test).
- `refused(client, model, method, *args, context=None)`: the call must be
  refused (one of REFUSED) with a message.

PostgreSQL is required: without its binaries the run FAILS (never skips).
QLTT_PG_BINDIR picks the binaries like scripts/test.sh.
"""
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

VENV_BIN = ROOT / '.venv' / 'bin'
DEMO_PASSWORD = 'qltt-demo'
TEMPLATE = 'trust_demo'
PRODUCTION_CONF = ROOT / 'config' / 'trytond-postgresql.conf'


def free_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def pg_bindir():
    explicit = os.environ.get('QLTT_PG_BINDIR')
    if explicit and explicit != 'none':
        return Path(explicit)
    candidates = sorted(Path('/usr/lib/postgresql').glob('*/bin'),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0)
    for path in reversed(candidates):
        if (path / 'initdb').exists():
            return path
    initdb = shutil.which('initdb')
    if initdb:
        return Path(initdb).resolve().parent
    return None


@dataclass
class Cluster:
    bindir: Path
    tmp: Path
    port: int
    log: Path

    @property
    def data(self):
        return self.tmp / 'data'

    @property
    def uri(self):
        return f'postgresql://postgres@127.0.0.1:{self.port}/'

    def as_pg(self, *args, **kwargs):
        args = [str(a) for a in args]
        if os.geteuid() == 0:
            args = ['runuser', '-u', 'postgres', '--'] + args
        kwargs.setdefault("check", True)
        return subprocess.run(args, **kwargs)

    def start(self):
        self.as_pg(self.bindir / 'pg_ctl', '-D', self.data, '-l', self.log,
            '-w', '-t', '120', '-o',
            f'-p {self.port} -k {self.tmp} -c listen_addresses=127.0.0.1 '
            '-c fsync=off -c full_page_writes=off -c max_connections=200',
            'start', stdout=subprocess.DEVNULL)

    def stop(self, mode='fast'):
        if (self.data / 'postmaster.pid').exists():
            self.as_pg(self.bindir / 'pg_ctl', '-D', self.data, '-m', mode,
                '-w', '-t', '120', 'stop', stdout=subprocess.DEVNULL,
                check=False)

    def psql(self, sql, database='postgres'):
        "Run sql, return the rows as lists of strings (tab separated)"
        result = subprocess.run([str(self.bindir / 'psql'), '-X', '-q',
                '-v', 'ON_ERROR_STOP=1', '-A', '-t', '-F', '\t',
                '-h', '127.0.0.1', '-p', str(self.port), '-U', 'postgres',
                '-d', database, '-c', sql],
            check=True, capture_output=True, text=True)
        return [line.split('\t') for line in result.stdout.splitlines()
            if line]

    def copy(self, name, template=TEMPLATE):
        self.psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.psql(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        return name


@pytest.fixture(scope='session')
def pg():
    bindir = pg_bindir()
    if bindir is None:
        pytest.fail("PostgreSQL server binaries not found (apt-get install "
            "postgresql, or set QLTT_PG_BINDIR): the trust tests need them",
            pytrace=False)
    tmp = Path(tempfile.mkdtemp(prefix='qltt-trust.', dir='/tmp'))
    os.chmod(tmp, 0o755)
    if os.geteuid() == 0:
        shutil.chown(tmp, 'postgres')
    cluster = Cluster(bindir, tmp, free_port(), tmp / 'postgres.log')
    cluster.as_pg(bindir / 'initdb', '-D', cluster.data, '-U', 'postgres',
        '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8',
        stdout=subprocess.DEVNULL)
    cluster.start()
    try:
        yield cluster
    finally:
        cluster.stop('immediate')
        shutil.rmtree(tmp, ignore_errors=True)


def write_conf(path, cluster, port=None):
    text = f"[database]\nuri = {cluster.uri}\nlist = False\n"
    if port:
        text += f"[web]\nlisten = 127.0.0.1:{port}\n"
    # the demo sessions must outlive a slow run
    text += "[session]\ntimeout = 3600\nmax_attempt = 1000\n"
    path.write_text(text)
    return path


def tryton_env(conf, **extra):
    env = {k: v for k, v in os.environ.items()
        if not k.startswith('TRYTOND_')
        and k not in {'DB_NAME', 'DB_CACHE', 'TRYTONPASSFILE'}}
    env['TRYTOND_CONFIG'] = str(conf)
    env.update(extra)
    return env


def cache_key():
    "Hash of the addons, trust_data.py, demo.py and the installed packages"
    digest = hashlib.sha1()
    files = sorted(p for p in (ROOT / 'addons').rglob('*')
        if p.is_file() and '__pycache__' not in p.parts
        and p.suffix != '.rst' and not p.name.startswith('test_'))
    for path in files + [ROOT / 'tests' / 'trust' / 'trust_data.py',
            ROOT / 'scripts' / 'demo.py',
            ROOT / 'pyproject.toml']:
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    freeze = subprocess.run([str(VENV_BIN / 'python'), '-m', 'pip', 'freeze',
            '--disable-pip-version-check'], capture_output=True, text=True)
    digest.update(''.join(l for l in freeze.stdout.splitlines(True)
            if 'qltt' not in l.lower()).encode())
    return digest.hexdigest()[:12]


@pytest.fixture(scope='session')
def template_db(pg):
    """Build trust_demo once: modules, Vietnamese, the data of
    trust_data.py.  Building takes minutes on a busy machine, so a
    pg_dump of it is kept in var/cache/trust-<hash>.dump (hash of the addons,
    the demo script and the packages) and restored on the next runs;
    QLTT_TRUST_REBUILD=1 forces a build."""
    start = time.monotonic()
    cache_dir = ROOT / 'var' / 'cache'
    cache_dir.mkdir(parents=True, exist_ok=True)
    dump = cache_dir / f'trust-{cache_key()}.dump'
    pg.psql(f'CREATE DATABASE "{TEMPLATE}"')
    if dump.exists() and not os.environ.get('QLTT_TRUST_REBUILD'):
        subprocess.run([str(pg.bindir / 'pg_restore'), '-h', '127.0.0.1',
                '-p', str(pg.port), '-U', 'postgres', '-d', TEMPLATE,
                '--no-owner', str(dump)], check=True)
        print(f"\ntrust_demo restored from {dump.name} "
            f"in {time.monotonic() - start:.0f}s")
        return TEMPLATE
    conf = write_conf(pg.tmp / 'build.conf', pg)
    passfile = pg.tmp / 'admin-password'
    passfile.write_text(DEMO_PASSWORD + '\n')
    env = tryton_env(conf, TRYTONPASSFILE=str(passfile),
        QLTT_DEMO_DB=TEMPLATE, QLTT_DEMO_PASSWORD=DEMO_PASSWORD,
        PYTHONPATH=str(ROOT / "tests" / "trust"))
    log = pg.tmp / 'build.log'
    with open(log, 'w') as out:
        # the modules and Vietnamese as scripts/demo.py, then the data
        subprocess.run([str(VENV_BIN / 'python'),
                str(ROOT / 'tests' / 'trust' / 'trust_data.py')],
            cwd=ROOT, env=env, check=True, stdout=out,
            stderr=subprocess.STDOUT)
    for old in cache_dir.glob('trust-*.dump'):
        old.unlink()
    tmp_dump = dump.with_suffix('.tmp')
    subprocess.run([str(pg.bindir / 'pg_dump'), '-h', '127.0.0.1',
            '-p', str(pg.port), '-U', 'postgres', '-Fc', '-f', str(tmp_dump),
            TEMPLATE], check=True)
    tmp_dump.rename(dump)
    print(f"\ntrust_demo built in {time.monotonic() - start:.0f}s")
    return TEMPLATE


@pytest.fixture
def fresh_db(pg, template_db, request):
    "A copy of the demo database for this test"
    names = []

    def make(suffix=''):
        name = f'trust_{request.node.name[:40]}{suffix}'.lower()
        name = ''.join(c if c.isalnum() or c == '_' else '_' for c in name)
        names.append(pg.copy(name))
        return name
    yield make
    for name in names:
        try:
            pg.psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        except subprocess.CalledProcessError:
            pass


@dataclass
class Server:
    cluster: Cluster
    database: str
    port: int
    process: subprocess.Popen
    log: Path

    @property
    def url(self):
        return f'http://127.0.0.1:{self.port}/'

    def alive(self):
        return self.process.poll() is None

    def kill(self):
        "kill -9"
        self.process.kill()
        self.process.wait(30)

    def stop(self):
        if self.alive():
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.kill()

    def tail(self, lines=60):
        try:
            return '\n'.join(
                self.log.read_text(errors='replace').splitlines()[-lines:])
        except OSError:
            return ''


def start_server(cluster, database, timeout=90, logconf=None):
    port = free_port()
    conf = write_conf(cluster.tmp / f'trytond-{port}.conf', cluster, port)
    log = cluster.tmp / f'trytond-{port}.log'
    out = open(log, 'w')
    # the shipped production settings, then this cluster and port
    process = subprocess.Popen(
        [str(VENV_BIN / 'trytond'), '-c', str(PRODUCTION_CONF), str(conf),
            '-d', database, *(['--logconf', str(logconf)] if logconf else [])],
        env=tryton_env(conf), stdout=out, stderr=subprocess.STDOUT,
        cwd=ROOT)
    server = Server(cluster, database, port, process, log)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not server.alive():
            raise RuntimeError("trytond died:\n" + server.tail())
        try:
            # the pool of the database is loaded at the first login
            session(server, 'admin')
            return server
        except (OSError, RPCError):
            time.sleep(0.3)
    server.stop()
    raise RuntimeError("trytond did not answer:\n" + server.tail())


@pytest.fixture(scope='module')
def module_server(pg, template_db):
    """module_server(name) -> Server: a copy `name` of the demo database and
    one trytond on it, shared by the tests of a module; stopped and dropped
    at the end of the module"""
    started = []

    def make(name):
        database = pg.copy(name)
        started.append((start_server(pg, database), database))
        return started[-1][0]
    yield make
    for s, database in started:
        s.stop()
        pg.psql(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


@pytest.fixture
def server(pg):
    "server(database, n=1, logconf=None) -> [Server]; all stopped at the end"
    started = []

    def make(database, n=1, logconf=None):
        servers = [start_server(pg, database, logconf=logconf)
            for _ in range(n)]
        started.extend(servers)
        return servers
    yield make
    for s in started:
        s.stop()


# ---- JSON-RPC --------------------------------------------------------------
class RPCError(Exception):
    def __init__(self, error):
        self.error = error
        super().__init__(repr(error))

    @property
    def kind(self):
        "UserError, AccessError, ... or the exception class name"
        if isinstance(self.error, list) and self.error:
            return self.error[0]
        return str(self.error)

    @property
    def message(self):
        if isinstance(self.error, list) and len(self.error) > 1:
            return str(self.error[1])
        return str(self.error)


def rpc(server, auth, method, params, database=None, timeout=120):
    "One JSON-RPC call; auth is (login, user_id, session) or None"
    database = database or server.database
    url = server.url + database + '/rpc/'
    request = urllib.request.Request(url, data=json.dumps({
                'id': 1, 'method': method, 'params': params,
                }, default=_json_default).encode(),
        headers={'Content-Type': 'application/json'})
    if auth:
        import base64
        login, user_id, key = auth
        token = base64.b64encode(f'{login}:{user_id}:{key}'.encode()).decode()
        request.add_header('Authorization', f'Session {token}')
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = json.loads(response.read(), object_hook=_json_object)
    except urllib.error.HTTPError as error:
        # 401/403: bad session or a method the user may not call
        raise RPCError([f'HTTP{error.code}', f'{method}: {error.reason}'])
    if body.get('error'):
        raise RPCError(body['error'])
    return body['result']


def _json_default(value):
    import datetime
    import decimal
    if isinstance(value, decimal.Decimal):
        return {'__class__': 'Decimal', 'decimal': str(value)}
    if isinstance(value, datetime.datetime):
        return {'__class__': 'datetime', 'year': value.year,
            'month': value.month, 'day': value.day, 'hour': value.hour,
            'minute': value.minute, 'second': value.second,
            'microsecond': value.microsecond}
    if isinstance(value, datetime.date):
        return {'__class__': 'date', 'year': value.year,
            'month': value.month, 'day': value.day}
    if isinstance(value, bytes):
        import base64
        return {'__class__': 'bytes',
            'base64': base64.b64encode(value).decode()}
    raise TypeError(repr(value))


def _json_object(dct):
    import base64
    import datetime
    import decimal
    cls = dct.get('__class__')
    if cls == 'Decimal':
        return decimal.Decimal(dct['decimal'])
    if cls == 'date':
        return datetime.date(dct['year'], dct['month'], dct['day'])
    if cls == 'datetime':
        return datetime.datetime(dct['year'], dct['month'], dct['day'],
            dct['hour'], dct['minute'], dct['second'], dct['microsecond'])
    if cls == 'bytes':
        return base64.b64decode(dct['base64'])
    return dct


# the kinds of error by which the server refuses a change
REFUSED = {'AccessError', 'UserError', 'ValidationError', 'RuleError',
    'AccessButtonError', 'HTTP403'}


def refused(client, model, method, *args, context=None):
    "Call model.method over RPC; it must be refused with a message"
    with pytest.raises(RPCError) as info:
        client.model(model, method, *args, context=context)
    assert info.value.kind in REFUSED, info.value.error
    assert info.value.message, "the refusal must say why"
    return info.value


def session(server, login, password=DEMO_PASSWORD, database=None):
    "Log in; return the auth triple for rpc()"
    result = rpc(server, None, 'common.db.login',
        [login, {'password': password}, 'en'], database=database)
    user_id, key = result[0], result[1]
    return (login, user_id, key)


class Client:
    """A logged-in user of one server:
    client.call('model.qltt.case.search', ...)"""

    def __init__(self, server, login, password=DEMO_PASSWORD):
        self.server = server
        self.login = login
        self.auth = session(server, login, password)
        self.user_id = self.auth[1]
        self.context = rpc(server, self.auth, 'model.res.user.get_preferences',
            [True, {}])

    def call(self, method, *args, context=None):
        ctx = dict(self.context)
        ctx.update(context or {})
        return rpc(self.server, self.auth, method, [*args, ctx])

    def model(self, name, method, *args, context=None):
        return self.call(f'model.{name}.{method}', *args, context=context)


@pytest.fixture(scope='session')
def demo_server(pg, template_db):
    """One trytond on a copy of the demo database for the read-only and
    rolled-back tests of the session (access matrix, hostile inputs)"""
    database = pg.copy('trust_shared')
    s = start_server(pg, database)
    yield s
    s.stop()
