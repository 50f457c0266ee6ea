"""Fixtures of the browser tests: a fresh demo database, trytond serving the
sao web client on a free port, and headless Chromium driven by Playwright.

- `demo_server` (session): builds the demo database with scripts/demo.py in
  a temporary folder (same environment as `make run`, but
  TRYTOND_DATABASE__PATH points to that folder), makes sure the web client
  exists (`make sao`), starts `.venv/bin/trytond -c config/trytond.conf` on
  a free port, waits until it answers and stops it at the end.
- `browser` (session): Debian's /usr/bin/chromium, headless.  Playwright
  never downloads a browser here (never run `playwright install`).
- `page` (function): a fresh browser context (Vietnamese locale) and page.
- `shot` (function): `shot('logged-in')` saves
  var/screenshots/<test>-NN-logged-in.png (NN counts the steps).  The
  screenshots are kept after the run; those of a test are removed when that
  test starts again.  A failing test also saves <test>-failure.png/.html.

Environment: QLTT_DEMO_PASSWORD (default qltt-demo, as in the Makefile);
QLTT_DEMO_SQLITE=/path/qltt.sqlite starts from a copy of that demo database
instead of building one (while writing tests; `make test` never sets it).
"""
import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = ROOT / '.venv' / 'bin'
CHROMIUM = Path('/usr/bin/chromium')
SAO_DIR = ROOT / 'var' / 'sao' / 'package'
SCREENSHOTS = ROOT / 'var' / 'screenshots'
CHROMIUM_ARGS = [
    '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update',
    '--disable-sync',
    ]
DEMO_DB = 'qltt'
DEMO_LOGIN = 'admin'
SERVER_START_TIMEOUT = 120
ACTION_TIMEOUT = 45_000     # ms: Playwright's waits and expect()


@dataclass
class DemoServer:
    url: str            # http://127.0.0.1:PORT/
    database: str
    login: str
    password: str
    log: Path           # trytond's output

    def log_tail(self, lines=40):
        try:
            text = self.log.read_text(errors='replace')
        except OSError:
            return ''
        return '\n'.join(text.splitlines()[-lines:])


def _free_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def _run_env(db_path, password_file, password):
    "The environment of the Makefile's `run` target, for db_path"
    # Drop the caller's Tryton settings (e.g. TRYTOND_DATABASE_URI of
    # scripts/test.sh, DB_NAME of the unit tests): the demo is SQLite only.
    env = {k: v for k, v in os.environ.items()
        if not k.startswith('TRYTOND_')
        and k not in {'DB_NAME', 'DB_CACHE', 'TRYTONPASSFILE'}}
    env.update({
            'TRYTOND_CONFIG': str(ROOT / 'config' / 'trytond.conf'),
            'TRYTOND_DATABASE__PATH': str(db_path),
            'TRYTOND_WEB__ROOT': str(SAO_DIR),
            'QLTT_DEMO_DB': DEMO_DB,
            'QLTT_DEMO_LOGIN': DEMO_LOGIN,
            'QLTT_DEMO_PASSWORD': password,
            'TRYTONPASSFILE': str(password_file),
            })
    return env


def _wait_until_answers(url, process, log, timeout):
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            pytest.fail(f"trytond exited ({process.returncode}) before "
                f"answering:\n{log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        if time.monotonic() > deadline:
            pytest.fail(f"trytond did not answer {url} within {timeout}s:\n"
                f"{log.read_text(errors='replace')}")
        time.sleep(0.25)


def _stop(process):
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)


@pytest.fixture(scope='session')
def demo_server(tmp_path_factory):
    password = os.environ.get('QLTT_DEMO_PASSWORD') or 'qltt-demo'
    folder = tmp_path_factory.mktemp('demo')
    db_path = folder / 'db'
    db_path.mkdir()
    password_file = folder / 'demo-password'
    password_file.write_text(password + '\n')
    password_file.chmod(0o600)
    env = _run_env(db_path, password_file, password)

    # The web client (npm, once; `make sao` is a no-op when it exists)
    subprocess.run(['make', '--no-print-directory', 'sao'], cwd=ROOT,
        check=True)
    assert (SAO_DIR / 'index.html').exists(), "make sao did not install sao"

    # A fresh demo database, or a copy of QLTT_DEMO_SQLITE (a demo
    # database built before by scripts/demo.py, to re-run the tests faster
    # while writing them; the tests change the copy, never the original)
    start = time.monotonic()
    template = os.environ.get('QLTT_DEMO_SQLITE')
    if template:
        shutil.copyfile(template, db_path / f'{DEMO_DB}.sqlite')
    else:
        result = subprocess.run(
            [str(VENV_BIN / 'python'), 'scripts/demo.py'],
            cwd=ROOT, env=env, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True)
        if result.returncode:
            pytest.fail(f"scripts/demo.py failed ({result.returncode}):\n"
                f"{result.stdout}")
    print(f"demo database ready in {time.monotonic() - start:.0f}s "
        f"in {db_path}")

    # trytond reads config/trytond.conf AFTER the environment, so its
    # `[web] listen = 127.0.0.1:8000` would override TRYTOND_WEB__LISTEN:
    # the port comes from a second configuration file, read last (as
    # var/run.conf in `make run`).
    port = _free_port()
    listen_conf = folder / 'listen.conf'
    listen_conf.write_text(f'[web]\nlisten = 127.0.0.1:{port}\n')
    log = folder / 'trytond.log'
    # `-d DB` loads the database's pool before serving.  Without it the
    # first login of trytond 8.0.12 fails with "Application Error
    # 'res.user'": Transaction.start() -> Cache.sync() -> Pool() registers
    # the database name, so security._get_pool() never calls pool.init().
    command = [str(VENV_BIN / 'trytond'),
        '-c', 'config/trytond.conf', str(listen_conf), '-d', DEMO_DB]
    with log.open('w') as log_file:
        process = subprocess.Popen(command, cwd=ROOT, env=env,
            stdout=log_file, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        url = f'http://127.0.0.1:{port}/'
        _wait_until_answers(url, process, log, SERVER_START_TIMEOUT)
        yield DemoServer(url=url, database=DEMO_DB, login=DEMO_LOGIN,
            password=password, log=log)
    finally:
        _stop(process)


@pytest.fixture(scope='session')
def browser():
    from playwright.sync_api import expect
    expect.set_options(timeout=ACTION_TIMEOUT)
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True,
            args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f'report_{report.when}', report)
    return report


def _test_slug(request):
    name = request.node.name
    name = re.sub(r'^test_', '', name)
    return re.sub(r'[^A-Za-z0-9_.-]+', '-', name)


@pytest.fixture
def page(browser, request, demo_server):
    context = browser.new_context(
        viewport={'width': 1600, 'height': 1000},
        locale='vi-VN', timezone_id='Asia/Ho_Chi_Minh')
    # generous: the trust tests load both cores beside the browser tests
    # (CI), and a server answer late is not a failure; a real one still
    # fails, later
    context.set_default_timeout(ACTION_TIMEOUT)
    page = context.new_page()
    errors = []
    page.on('pageerror', lambda error: errors.append(str(error)))
    page.js_errors = errors
    yield page
    report = getattr(request.node, 'report_call', None)
    if report is not None and report.failed:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        stem = SCREENSHOTS / f'{_test_slug(request)}-failure'
        try:
            page.screenshot(path=str(stem.with_suffix('.png')))
            stem.with_suffix('.html').write_text(page.content())
        except Exception as exception:  # the page may be gone
            print(f"no failure screenshot: {exception}")
        print(f"trytond log (end):\n{demo_server.log_tail()}")
        if errors:
            print("JavaScript errors:\n" + '\n'.join(errors))
    context.close()


@pytest.fixture
def shot(page, request):
    "shot(name): screenshot of the page as the next numbered step"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    prefix = _test_slug(request)
    for old in SCREENSHOTS.glob(f'{prefix}-*'):
        if old.is_file():
            old.unlink()
    counter = iter(range(1, 100))

    def take(name):
        path = SCREENSHOTS / f'{prefix}-{next(counter):02d}-{name}.png'
        page.screenshot(path=str(path))
        return path
    return take
