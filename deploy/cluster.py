#!/usr/bin/env python3
# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The production topology on one machine, for trying and testing it
(`make cluster`, `make cluster-stop`, tests/cluster, `make bench-cluster`):

- PostgreSQL primary and a hot-standby replica (pg_basebackup -R,
  streaming replication), throwaway clusters in /tmp;
- the demo database (the trust tests' demo: tests/trust/conftest.py,
  cached in var/cache/trust-<hash>.dump);
- N trytond web workers, trytond-cron, trytond-worker, with the files of
  deploy/trytond;
- an SMTP sink (aiosmtpd, messages kept in a Maildir) as the mail server;
- nginx in front (deploy/nginx/qltt-locations.conf), serving the web
  client (`make sao`) and the workers.

Every process runs as the calling user (PostgreSQL as `postgres` when that
is root), on free ports of 127.0.0.1.  The pid of each is in
var/cluster/pids; `stop` ends exactly those (after checking each pid still
runs the command it started) and removes the clusters.

    deploy/cluster.py start [--workers 2]   # foreground; Ctrl-C stops all
    deploy/cluster.py stop
"""
import argparse
import importlib.util
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = ROOT / '.venv' / 'bin'
STATE = ROOT / 'var' / 'cluster'
SAO = ROOT / 'var' / 'sao' / 'package'
DATABASE = 'qltt'
PASSWORD = 'qltt-demo'
BASE_CONF = [ROOT / 'config' / 'trytond-postgresql.conf',
    ROOT / 'deploy' / 'trytond' / 'common.conf']
ROLE_CONF = {role: ROOT / 'deploy' / 'trytond' / f'{role}.conf'
    for role in ['web', 'cron', 'worker', 'report']}


def trust_fixtures():
    "tests/trust/conftest.py as a module: its cluster and demo builder"
    path = ROOT / 'tests' / 'trust' / 'conftest.py'
    spec = importlib.util.spec_from_file_location('qltt_trust_fixtures', path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def free_port():
    import socket
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def _cmdline(pid):
    try:
        return Path(f'/proc/{pid}/cmdline').read_bytes().replace(
            b'\0', b' ').decode(errors='replace')
    except OSError:
        return None


class Process:
    "A process started by the topology, known by its pid file"

    def __init__(self, topology, name, args, env=None, stop_signal=None):
        self.topology = topology
        self.name = name
        self.args = [str(a) for a in args]
        self.env = env
        self.stop_signal = stop_signal or signal.SIGTERM
        self.popen = None

    @property
    def pidfile(self):
        return self.topology.state / 'pids' / f'{self.name}.pid'

    @property
    def log(self):
        return self.topology.state / 'logs' / f'{self.name}.log'

    def start(self):
        self.pidfile.parent.mkdir(parents=True, exist_ok=True)
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with open(self.log, 'a') as out:
            # its own session: a Ctrl-C in the terminal reaches the
            # supervisor only, which stops everything in order
            self.popen = subprocess.Popen(self.args, env=self.env,
                stdout=out, stderr=subprocess.STDOUT, cwd=ROOT,
                start_new_session=True)
        self.pidfile.write_text(json.dumps({'pid': self.popen.pid,
                    'signal': int(self.stop_signal),
                    'match': self.args[0]}))
        return self

    def alive(self):
        if self.popen is not None:
            return self.popen.poll() is None
        return self.pid() is not None

    def pid(self):
        return _pid_of(self.pidfile)

    def kill(self):
        "kill -9, as a crash would (its child processes too)"
        _signal_group(self.popen.pid, signal.SIGKILL)
        self.popen.wait(30)

    def stop(self, timeout=30):
        if self.popen is not None and self.popen.poll() is None:
            # the main process ends its children (trytond-cron and
            # trytond-worker run jobs in a pool of processes; signalled too,
            # trytond-worker's would hang its shutdown)
            self.popen.send_signal(self.stop_signal)
            try:
                self.popen.wait(timeout)
            except subprocess.TimeoutExpired:
                pass
        if self.popen is not None:
            # what is left of its process group
            _signal_group(self.popen.pid, signal.SIGKILL)
            self.popen.wait(30)
        elif self.popen is None:
            _stop_pidfile(self.pidfile, timeout)
        self.pidfile.unlink(missing_ok=True)

    def tail(self, lines=40):
        try:
            text = self.log.read_text(errors='replace')
        except OSError:
            return ''
        return '\n'.join(text.splitlines()[-lines:])


def _signal_group(pid, signum):
    "Signal the process group a Process leads (start_new_session)"
    try:
        os.killpg(pid, signum)
    except ProcessLookupError:
        pass


def _pid_of(pidfile):
    "The pid of a pid file if it still runs what it started, else None"
    try:
        info = json.loads(pidfile.read_text())
    except (OSError, ValueError):
        return None
    cmdline = _cmdline(info['pid'])
    if cmdline is None or info['match'] not in cmdline:
        return None
    return info['pid']


def _stop_pidfile(pidfile, timeout=30):
    pid = _pid_of(pidfile)
    if pid is not None:
        info = json.loads(pidfile.read_text())
        os.kill(pid, info['signal'])
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and _cmdline(pid) is not None:
            time.sleep(0.2)
        _signal_group(pid, signal.SIGKILL)
    pidfile.unlink(missing_ok=True)


class Topology:
    """The whole topology; start() in order, stop() in reverse"""

    def __init__(self, workers=2, state=STATE, database=DATABASE):
        self.workers = workers
        self.state = Path(state)
        self.database = database
        self.fixtures = trust_fixtures()
        self.web = []
        self.ports = {}
        self.primary = self.replica = None

    # ---- PostgreSQL ------------------------------------------------------
    def _new_pg(self, name):
        bindir = self.fixtures.pg_bindir()
        if bindir is None:
            raise SystemExit("PostgreSQL server binaries not found "
                "(apt-get install postgresql, or set QLTT_PG_BINDIR)")
        tmp = Path(tempfile.mkdtemp(prefix=f'qltt-cluster-{name}.',
                dir='/tmp'))
        os.chmod(tmp, 0o755)
        if os.geteuid() == 0:
            shutil.chown(tmp, 'postgres')
        cluster = self.fixtures.Cluster(bindir, tmp, free_port(),
            tmp / 'postgres.log')
        self._save_state(**{f'pg_{name}': str(tmp)})
        return cluster

    def _pg_start(self, cluster, *settings):
        # fsync off: a throwaway cluster of one machine (production keeps
        # it on: docs/production.md); synchronous_commit stays on
        options = (f'-p {cluster.port} -k {cluster.tmp} '
            '-c listen_addresses=127.0.0.1 -c fsync=off '
            '-c full_page_writes=off -c max_connections=100 '
            + ' '.join(f'-c {s}' for s in settings))
        cluster.as_pg(cluster.bindir / 'pg_ctl', '-D', cluster.data,
            '-l', cluster.log, '-w', '-t', '120', '-o', options, 'start',
            stdout=subprocess.DEVNULL)

    def start_primary(self):
        self.primary = self._new_pg('primary')
        self.primary.as_pg(self.primary.bindir / 'initdb', '-D',
            self.primary.data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8',
            '--locale=C.UTF-8', stdout=subprocess.DEVNULL)
        self._pg_start(self.primary, 'wal_level=replica',
            'max_wal_senders=4')

    def build_database(self):
        "The demo database: restored from the trust tests' cached dump"
        fixtures = self.fixtures
        generator = fixtures.template_db.__wrapped__(self.primary)
        template = generator if isinstance(generator, str) else None
        template = template or fixtures.TEMPLATE
        self.primary.psql(f'ALTER DATABASE "{template}" '
            f'RENAME TO "{self.database}"')

    def start_replica(self):
        self.replica = self._new_pg('replica')
        # the standby is a copy of the primary's files, then follows its WAL
        # (-R writes primary_conninfo and standby.signal)
        self.replica.as_pg(self.replica.bindir / 'pg_basebackup',
            '-h', '127.0.0.1', '-p', str(self.primary.port), '-U', 'postgres',
            '-D', self.replica.data, '-R', '-X', 'stream', '-c', 'fast',
            '-d', f'host=127.0.0.1 port={self.primary.port} user=postgres '
            'application_name=replica')
        # feedback: the primary keeps the rows a long report still reads
        self._pg_start(self.replica, 'hot_standby=on',
            'hot_standby_feedback=on')

    # ---- trytond ---------------------------------------------------------
    def _conf(self, name, uri, listen=None, extra=''):
        "The host's own settings: the database and the address"
        path = self.state / 'conf' / f'{name}.conf'
        path.parent.mkdir(parents=True, exist_ok=True)
        text = f"[database]\nuri = {uri}\n"
        if listen:
            text += f"[web]\nlisten = {listen}\nroot = {SAO}\n"
        text += (f"[email]\nuri = smtp://127.0.0.1:{self.ports['smtp']}\n"
            "from = qltt-erp@qltt.example\n" + extra)
        path.write_text(text)
        return path

    def _env(self):
        "The caller's environment without its trytond settings"
        return {k: v for k, v in os.environ.items()
            if not k.startswith('TRYTOND_')
            and k not in {'DB_NAME', 'DB_CACHE', 'TRYTONPASSFILE'}}

    def web_process(self, index):
        port = self.ports.setdefault(f'web{index}', free_port())
        conf = self._conf(f'web{index}', self.primary.uri,
            f'127.0.0.1:{port}')
        return Process(self, f'trytond-web{index}', [
                VENV_BIN / 'trytond', '-c', *BASE_CONF, ROLE_CONF['web'],
                conf, '-d', self.database], env=self._env())

    def start_web(self, index, wait=True):
        process = self.web_process(index).start()
        if index < len(self.web):
            self.web[index] = process
        else:
            self.web.append(process)
        if wait:
            self.wait_http(f'http://127.0.0.1:{self.ports[f"web{index}"]}/',
                process)
        return process

    def start_cron(self):
        conf = self._conf('cron', self.primary.uri)
        self.cron = Process(self, 'trytond-cron', [
                VENV_BIN / 'trytond-cron', '-c', *BASE_CONF,
                ROLE_CONF['cron'], conf, '-d', self.database, '-n', '1'],
            env=self._env()).start()

    def start_queue(self):
        conf = self._conf('worker', self.primary.uri)
        # SIGINT: trytond-worker finishes the running task, then exits
        self.queue = Process(self, 'trytond-worker', [
                VENV_BIN / 'trytond-worker', '-c', *BASE_CONF,
                ROLE_CONF['worker'], conf, '-d', self.database, '-n', '1',
                '-t', '5'],
            env=self._env(), stop_signal=signal.SIGINT).start()
        return self.queue

    def start_smtp(self):
        self.ports['smtp'] = free_port()
        self.maildir = self.state / 'mail'
        self.smtp = Process(self, 'smtp-sink', [
                VENV_BIN / 'python', '-m', 'aiosmtpd', '-n',
                '-l', f'127.0.0.1:{self.ports["smtp"]}',
                '-c', 'aiosmtpd.handlers.Mailbox', self.maildir],
            env=self._env()).start()

    def report_command(self, replica=True):
        "The reporting job (deploy/qltt-report.py) on the replica"
        cluster = self.replica if replica else self.primary
        conf = self._conf('report' if replica else 'report-primary',
            cluster.uri)
        return [str(VENV_BIN / 'python'), str(ROOT / 'deploy' /
                'qltt-report.py'), '-c', *map(str, BASE_CONF),
            str(ROLE_CONF['report']), str(conf), '-d', self.database]

    # ---- the proxy -------------------------------------------------------
    def _proxy_conf(self, workers):
        "nginx.conf: the site of deploy/nginx without TLS, first workers"
        port = self.ports.setdefault('proxy', free_port())
        prefix = self.state / 'nginx'
        prefix.mkdir(parents=True, exist_ok=True)
        servers = ''.join(
            f"        server 127.0.0.1:{self.ports[f'web{i}']} "
            "max_fails=1 fail_timeout=2s;\n" for i in range(workers))
        # as root, nginx's workers would otherwise run as nobody, who may
        # not read the web client in the caller's folder
        user = 'user root root;\n' if os.geteuid() == 0 else ''
        conf = prefix / 'nginx.conf'
        conf.write_text(f"""\
# generated by deploy/cluster.py: the site of deploy/nginx without TLS
{user}daemon off;
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {self.state}/logs/nginx-error.log;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    access_log {self.state}/logs/nginx-access.log;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    upstream qltt_trytond {{
{servers}        keepalive 16;
    }}
    server {{
        listen 127.0.0.1:{port};
        root {SAO};
        include {ROOT}/deploy/nginx/qltt-locations.conf;
    }}
}}
""")
        return prefix, conf

    def start_proxy(self):
        nginx = shutil.which('nginx') or '/usr/sbin/nginx'
        if not os.access(nginx, os.X_OK):
            raise SystemExit("nginx not found (apt-get install nginx-light)")
        prefix, conf = self._proxy_conf(self.workers)
        self.proxy = Process(self, 'nginx', [nginx, '-p', prefix, '-c', conf,
                '-e', self.state / 'logs' / 'nginx-error.log']).start()
        self.wait_http(self.url, self.proxy)

    def proxy_to(self, workers):
        "Send the proxy's requests to the first workers only (nginx reload)"
        self._proxy_conf(workers)
        self.proxy.popen.send_signal(signal.SIGHUP)
        # the old nginx worker ends once its connections are done
        time.sleep(1)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.ports['proxy']}/"

    def wait_http(self, url, process, timeout=120):
        "Until trytond answers a JSON-RPC call at url"
        deadline = time.monotonic() + timeout
        body = json.dumps({'id': 0, 'method': 'common.server.version',
                'params': []}).encode()
        while time.monotonic() < deadline:
            if not process.alive():
                raise RuntimeError(f"{process.name} died:\n{process.tail()}")
            try:
                request = urllib.request.Request(url + 'rpc/', data=body,
                    headers={'Content-Type': 'application/json'})
                with urllib.request.urlopen(request, timeout=10) as answer:
                    if answer.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"{process.name} does not answer:\n"
            + process.tail())

    # ---- all -------------------------------------------------------------
    def _save_state(self, **values):
        path = self.state / 'state.json'
        state = json.loads(path.read_text()) if path.exists() else {}
        state.update(values)
        path.write_text(json.dumps(state, indent=1))

    def start(self, log=print):
        if (self.state / 'state.json').exists():
            raise SystemExit(f"{self.state} exists: a cluster may run "
                "(make cluster-stop first)")
        self.state.mkdir(parents=True, exist_ok=True)
        self._save_state(supervisor=os.getpid())
        start = time.monotonic()

        def step(what):
            log(f"[{time.monotonic() - start:5.0f}s] {what}")
        step("PostgreSQL primary")
        self.start_primary()
        step("demo database (cached dump, or built in a few minutes)")
        self.build_database()
        step("hot-standby replica (pg_basebackup)")
        self.start_replica()
        step("SMTP sink")
        self.start_smtp()
        step(f"{self.workers} trytond web workers")
        for i in range(self.workers):
            self.start_web(i, wait=False)
        for i, process in enumerate(self.web):
            self.wait_http(f"http://127.0.0.1:{self.ports[f'web{i}']}/",
                process)
        step("trytond-cron, trytond-worker")
        self.start_cron()
        self.start_queue()
        step("nginx")
        self.start_proxy()
        self._save_state(ports=self.ports, primary_port=self.primary.port,
            replica_port=self.replica.port)
        step("ready")
        return self

    def processes(self):
        return [p for p in [getattr(self, 'proxy', None),
                getattr(self, 'queue', None), getattr(self, 'cron', None),
                *reversed(self.web), getattr(self, 'smtp', None)] if p]

    def stop(self, log=lambda line: None):
        start = time.monotonic()

        def timed(what, stop):
            stop()
            log(f"[{time.monotonic() - start:5.1f}s] {what} stopped")
        # nginx first (no new requests), then the rest at once
        processes = self.processes()
        for process in processes[:1]:
            timed(process.name, process.stop)
        threads = [threading.Thread(target=timed, args=(p.name, p.stop))
            for p in processes[1:]]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        for name, cluster in [('replica', self.replica),
                ('primary', self.primary)]:
            if cluster is not None:
                # immediate: the throwaway clusters are removed next
                timed(f"PostgreSQL {name}",
                    lambda: cluster.stop('immediate'))
                shutil.rmtree(cluster.tmp, ignore_errors=True)
        shutil.rmtree(self.state, ignore_errors=True)


def stop_from_files(state=STATE):
    "`make cluster-stop`: end what the pid files and state.json name"
    state = Path(state)
    path = state / 'state.json'
    if not path.exists():
        print(f"no cluster in {state}")
        return
    info = json.loads(path.read_text())
    supervisor = info.get('supervisor')
    if supervisor and supervisor != os.getpid() and _cmdline(supervisor) \
            and 'cluster.py' in _cmdline(supervisor):
        # the supervisor stops everything in order, then exits
        os.kill(supervisor, signal.SIGTERM)
        deadline = time.monotonic() + 90
        while _cmdline(supervisor) and time.monotonic() < deadline:
            time.sleep(0.3)
    order = ['nginx', 'trytond-worker', 'trytond-cron']
    pidfiles = sorted((state / 'pids').glob('*.pid'),
        key=lambda p: order.index(p.stem) if p.stem in order else 99)
    for pidfile in pidfiles:
        _stop_pidfile(pidfile)
    fixtures = trust_fixtures()
    bindir = fixtures.pg_bindir()
    for key in ['pg_replica', 'pg_primary']:
        tmp = info.get(key)
        if tmp and Path(tmp, 'data', 'postmaster.pid').exists():
            cluster = fixtures.Cluster(bindir, Path(tmp), 0, None)
            cluster.stop('immediate')
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
    shutil.rmtree(state, ignore_errors=True)
    print("cluster stopped")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('action', choices=['start', 'stop'])
    parser.add_argument('--workers', type=int, default=2)
    args = parser.parse_args()
    if args.action == 'stop':
        stop_from_files()
        return
    if not (SAO / 'index.html').exists():
        raise SystemExit("the web client is missing: make sao")
    if (STATE / 'state.json').exists():
        raise SystemExit(f"{STATE} exists: a cluster may run "
            "(make cluster-stop first)")
    topology = Topology(workers=args.workers)

    def on_signal(signum, frame):
        raise KeyboardInterrupt
    signal.signal(signal.SIGTERM, on_signal)
    try:
        topology.start()
        year = time.localtime().tm_year
        print(f"""
================================================================
 QLTT ERP cluster:  {topology.url}#{DATABASE}
 Database: {DATABASE}   Login: admin   Password: {PASSWORD}   (demo only)
 {args.workers} web workers, trytond-cron, trytond-worker, nginx,
 PostgreSQL primary :{topology.primary.port}, replica :{topology.replica.port}
 Reports on the replica:  {' '.join(topology.report_command())} \\
     statistics --from-date {year}-01-01 --to-date {year}-12-31
 Logs: {topology.state}/logs; e-mails: {topology.maildir}
 Stop with Ctrl-C or `make cluster-stop`.
================================================================
""", flush=True)
        # supervise: say when a process dies (systemd restarts them in
        # production: deploy/systemd)
        reported = set()
        while True:
            for process in topology.processes():
                if not process.alive() and process.name not in reported:
                    reported.add(process.name)
                    print(f"!!! {process.name} exited:\n{process.tail(10)}",
                        flush=True)
            time.sleep(2)
    except KeyboardInterrupt:
        pass
    finally:
        print("stopping the cluster", flush=True)
        topology.stop(log=lambda line: print(line, flush=True))
        print("cluster stopped", flush=True)


if __name__ == '__main__':
    sys.exit(main())
