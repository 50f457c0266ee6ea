# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""A throwaway PostgreSQL cluster for the benchmarks (as scripts/test.sh:
initdb/pg_ctl on a free port, as user postgres when run by root)."""
import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path


def find_bindir():
    explicit = os.environ.get('QLTT_PG_BINDIR')
    candidates = [explicit] if explicit else []
    candidates += sorted(glob.glob('/usr/lib/postgresql/*/bin'),
        reverse=True)
    pg_ctl = shutil.which('pg_ctl')
    if pg_ctl:
        candidates.append(os.path.dirname(os.path.realpath(pg_ctl)))
    for directory in candidates:
        if all(os.access(os.path.join(directory, b), os.X_OK)
                for b in ['initdb', 'pg_ctl', 'postgres']):
            return directory
    raise SystemExit(
        "PostgreSQL is required (apt-get install postgresql), "
        "or set QLTT_PG_BINDIR")


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


class Cluster:

    def __init__(self):
        self.bindir = find_bindir()
        self.tmp = Path(tempfile.mkdtemp(prefix='qltt-bench-'))
        self.data = self.tmp / 'data'
        self.port = free_port()
        self.root = os.geteuid() == 0
        if self.root:
            shutil.chown(self.tmp, 'postgres', 'postgres')

    def run(self, binary, *args, **kwargs):
        command = [os.path.join(self.bindir, binary), *args]
        if self.root:
            command = ['runuser', '-u', 'postgres', '--', *command]
        return subprocess.run(command, check=True, **kwargs)

    @property
    def uri(self):
        return f'postgresql://postgres@127.0.0.1:{self.port}/'

    def start(self):
        self.run('initdb', '-D', str(self.data), '-U', 'postgres',
            '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8',
            stdout=subprocess.DEVNULL)
        self.run('pg_ctl', '-D', str(self.data), '-l',
            str(self.tmp / 'postgres.log'), '-w', '-t', '60', '-o',
            f'-p {self.port} -k {self.tmp} -c listen_addresses=127.0.0.1 '
            '-c fsync=off -c synchronous_commit=off '
            '-c full_page_writes=off -c shared_buffers=256MB '
            '-c max_connections=200', 'start',
            stdout=subprocess.DEVNULL)
        return self

    def createdb(self, name):
        self.run('psql', '-h', '127.0.0.1', '-p', str(self.port),
            '-U', 'postgres', '-q', '-c', f'CREATE DATABASE "{name}"',
            stdout=subprocess.DEVNULL)

    def stop(self):
        try:
            self.run('pg_ctl', '-D', str(self.data), '-m', 'fast', '-w',
                '-t', '60', 'stop', stdout=subprocess.DEVNULL)
        finally:
            shutil.rmtree(self.tmp, ignore_errors=True)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
