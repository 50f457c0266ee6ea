"""The demo's deadline e-mails, as `make run` serves them (issue #24).

scripts/serve.py starts the mail sink, trytond-cron and trytond on a copy
of the session's demo database (free ports, the [email] uri pointing at
the sink as the Makefile writes it in var/run.conf).  The demo has a
recorded case of team 2 whose decision is due within 2 days (scripts/
demo.py) and the on-time triggers run every minute: trytond-cron must
send its decision deadline e-mail to the case's inspector, kept by the
sink as an .eml file and listed by `mailsink.py list` (`make mail`).
Then SIGINT, as Ctrl-C: the three stop and free their ports.

(In tests/browser for the demo database that the browser tests build once
per session; no browser is used.)
"""
import datetime as dt
import email
import email.policy
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PYTHON = ROOT / '.venv' / 'bin' / 'python'
OFFENDER = "Hộ kinh doanh Phạm Thị Hằng"
INSPECTOR = 'kiemsoatvien21@qltt.example'     # Vũ Văn Nam, team 2
# trytond-cron starts, loads the pool, runs the due jobs at once, then
# every minute
MAIL_TIMEOUT = 300
STOP_TIMEOUT = 60


def free_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def listening(port):
    try:
        with socket.create_connection(('127.0.0.1', port), timeout=1):
            return True
    except OSError:
        return False


def processes_using(path):
    "Pids of the processes whose command line names path"
    found = []
    for proc in Path('/proc').iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / 'cmdline').read_bytes()
        except OSError:
            continue
        if str(path).encode() in cmdline:
            found.append(int(proc.name))
    return found


@pytest.fixture
def demo_copy(demo_server, tmp_path):
    "A copy of the session's demo database (the conftest's folder/db)"
    source = demo_server.log.parent / 'db' / f'{demo_server.database}.sqlite'
    assert source.exists(), source
    db = tmp_path / 'db'
    db.mkdir()
    shutil.copyfile(source, db / source.name)
    return db


def test_deadline_email_through_cron(demo_copy, tmp_path):
    database = 'qltt'
    with sqlite3.connect(demo_copy / f'{database}.sqlite') as connection:
        (number, due), = connection.execute(
            'SELECT c.number, c.decision_deadline FROM qltt_case c '
            'JOIN qltt_case_offender o ON o."case" = c.id '
            'JOIN party_party p ON p.id = o.party WHERE p.name = ?',
            (OFFENDER,)).fetchall()
    web_port, mail_port = free_port(), free_port()
    run_conf = tmp_path / 'run.conf'
    run_conf.write_text(
        f'[web]\nlisten = 127.0.0.1:{web_port}\n'
        f'[email]\nuri = smtp://127.0.0.1:{mail_port}\n'
        'from = QLTT ERP (demo) <qltt-demo@localhost>\n')
    mail = tmp_path / 'mail'
    env = {k: v for k, v in os.environ.items()
        if not k.startswith('TRYTOND_')
        and k not in {'DB_NAME', 'DB_CACHE', 'TRYTONPASSFILE'}}
    env.update({
            'TRYTOND_CONFIG': str(ROOT / 'config' / 'trytond.conf'),
            'TRYTOND_DATABASE__PATH': str(demo_copy),
            'TRYTOND_WEB__ROOT': str(ROOT / 'var' / 'sao' / 'package'),
            })
    log = tmp_path / 'serve.log'
    with log.open('w') as out:
        serve = subprocess.Popen([str(PYTHON), 'scripts/serve.py',
                '-d', database, '-c', 'config/trytond.conf', str(run_conf),
                '--mail-port', str(mail_port), '--mail-folder', str(mail)],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + MAIL_TIMEOUT
        found = None
        while found is None and time.monotonic() < deadline:
            assert serve.poll() is None, log.read_text()
            for path in sorted(mail.glob('*.eml')):
                with path.open('rb') as file:
                    message = email.message_from_binary_file(
                        file, policy=email.policy.default)
                if number in str(message['Subject']):
                    found = message
            time.sleep(2)
        assert found is not None, (
            f"no e-mail for case {number} within {MAIL_TIMEOUT}s: "
            f"{sorted(p.name for p in mail.glob('*'))}\n{log.read_text()}")
        assert INSPECTOR in found['X-Envelope-To'], found['X-Envelope-To']
        # in the inspector's language (their party's), dates dd/mm/yyyy
        assert found['Content-Language'] == 'vi', found['Content-Language']
        assert "Hạn ra quyết định xử phạt" in str(found['Subject'])
        due = dt.date.fromisoformat(due).strftime('%d/%m/%Y')
        assert due in found.get_body(('plain',)).get_content(), due
        assert INSPECTOR in str(found['To']), found['To']
        assert listening(web_port), "trytond does not listen"

        listed = subprocess.run([str(PYTHON), 'scripts/mailsink.py',
                'list', '--folder', str(mail)], cwd=ROOT,
            capture_output=True, text=True, check=True).stdout
        # with the text decoded
        assert number in listed and INSPECTOR in listed, listed
        assert due in listed, listed
    finally:
        # Ctrl-C in `make run`
        if serve.poll() is None:
            serve.send_signal(signal.SIGINT)
        try:
            status = serve.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(serve.pid, signal.SIGKILL)
            for pid in processes_using(run_conf):
                os.kill(pid, signal.SIGKILL)
            pytest.fail(f"serve.py did not stop within {STOP_TIMEOUT}s:\n"
                f"{log.read_text()}")
    assert status == 0, log.read_text()
    assert not listening(web_port) and not listening(mail_port)
    # trytond, trytond-cron and its workers, the mail sink are gone
    assert processes_using(run_conf) == [], log.read_text()
    assert processes_using(mail) == [], log.read_text()
