#!/usr/bin/env python3
# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Serve the demo (`make run`): the mail sink, trytond-cron and trytond.

    serve.py --database qltt --mail-port 8025 --mail-folder var/mail \\
        -c config/trytond.conf var/run.conf

The three run side by side until Ctrl-C (or SIGTERM, or one of them
exiting): then each is asked to stop (SIGINT, as Ctrl-C would) in the
order STOP_ORDER — trytond, then trytond-cron, which lets its running job
commit, then the mail sink, which may still receive that job's e-mails —
then SIGTERM and SIGKILL if it has not stopped within STOP_TIMEOUT
seconds.  Each runs in its own process group, so that Ctrl-C reaches this
script only and the order holds.  The environment (TRYTOND_*) is the
Makefile's RUN_ENV.
"""
import argparse
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / '.venv' / 'bin'
STOP_TIMEOUT = 10
# trytond first; trytond-cron then lets its running job commit; the mail
# sink last, which may still receive that job's e-mails
STOP_ORDER = ('trytond', 'trytond-cron', 'mail sink')


def wait_listening(host, port, process, timeout=30):
    "Wait until the mail sink accepts connections"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            with socket.create_connection((host, port), timeout=1):
                return True
        except OSError:
            time.sleep(0.2)
    return False


def stop(name, process):
    """SIGINT (as Ctrl-C), then SIGTERM, then SIGKILL to the process group
    of process, each after STOP_TIMEOUT seconds"""
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGKILL):
        if process.poll() is not None:
            break
        if signum == signal.SIGKILL:
            print(f"{name} did not stop: killed", flush=True)
        try:
            os.killpg(process.pid, signum)
            process.wait(timeout=STOP_TIMEOUT)
        except ProcessLookupError:
            break
        except subprocess.TimeoutExpired:
            continue
    # the workers of trytond-cron are in its group: none is left behind
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('-d', '--database', required=True)
    parser.add_argument('-c', '--config', nargs='+', required=True)
    parser.add_argument('--mail-host', default='127.0.0.1')
    parser.add_argument('--mail-port', type=int, default=8025)
    parser.add_argument('--mail-folder', type=Path,
        default=ROOT / 'var' / 'mail')
    options = parser.parse_args(argv)

    stopping = []

    def request_stop(signum, frame):
        stopping.append(signum)
    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)

    def start(*command):
        return subprocess.Popen(command, cwd=ROOT, start_new_session=True,
            stdin=subprocess.DEVNULL)

    processes = []
    status = 0
    try:
        sink = start(str(BIN / 'python'), 'scripts/mailsink.py', 'serve',
            '--host', options.mail_host, '--port', str(options.mail_port),
            '--folder', str(options.mail_folder))
        processes.append(('mail sink', sink))
        # trytond loads its modules (1.5 s) while the sink starts: what the
        # user waits for comes first; the sink listens long before trytond
        processes.append(('trytond', start(str(BIN / 'trytond'),
                    '-c', *options.config, '-d', options.database)))
        if not wait_listening(options.mail_host, options.mail_port, sink):
            print(f"The mail sink does not listen on {options.mail_host}:"
                f"{options.mail_port} (port taken? `make run MAIL_PORT=...`)",
                file=sys.stderr, flush=True)
            return 1
        # the jobs send e-mails: started once the sink listens
        # -n 1: one worker is enough for the demo's few jobs
        processes.append(('trytond-cron', start(str(BIN / 'trytond-cron'),
                    '-c', *options.config, '-n', '1',
                    '-d', options.database)))
        while not stopping:
            for name, process in processes:
                if process.poll() is not None:
                    print(f"{name} exited ({process.returncode}): stopping",
                        file=sys.stderr, flush=True)
                    status = process.returncode or 1
                    stopping.append(name)
                    break
            else:
                time.sleep(0.5)
    finally:
        print("Stopping trytond, trytond-cron and the mail sink...",
            flush=True)
        for name, process in sorted(
                processes, key=lambda p: STOP_ORDER.index(p[0])):
            stop(name, process)
    print("Stopped.", flush=True)
    return status


if __name__ == '__main__':
    sys.exit(main())
