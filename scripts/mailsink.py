#!/usr/bin/env python3
# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The demo's mail server: keeps every message, sends none.

    mailsink.py serve [--host 127.0.0.1] [--port 8025] [--folder var/mail]
    mailsink.py list  [--folder var/mail]

`serve` is an SMTP server (aiosmtpd) on 127.0.0.1 that writes each message
it receives to FOLDER/<date>-<time>-<n>.eml (one file a message, readable
with any mail program or a text editor) and never relays it: the demo's
deadline e-mails (trytond-cron, [email] uri of var/run.conf) stay on the
machine.  `list` prints the messages kept, the newest last, with their
text decoded (`make mail`).
Production uses a real SMTP server (docs/install.md, Deadline e-mails).
"""
import argparse
import datetime as dt
import email
import email.policy
import itertools
import signal
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FOLDER = ROOT / 'var' / 'mail'


class Keeper:
    "aiosmtpd handler writing each message to a .eml file"

    def __init__(self, folder):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.counter = itertools.count(1)
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        content = envelope.original_content or envelope.content
        if isinstance(content, str):
            content = content.encode('utf-8')
        # the envelope's recipients (Bcc included) as a header of the file
        header = 'X-Envelope-To: %s\r\n' % ', '.join(envelope.rcpt_tos)
        with self.lock:
            stamp = dt.datetime.now().strftime('%Y%m%d-%H%M%S')
            path = self.folder / f'{stamp}-{next(self.counter):04d}.eml'
            # written under another name then renamed: a reader never sees
            # half a message
            partial = path.with_suffix('.part')
            partial.write_bytes(header.encode('ascii') + content)
            partial.rename(path)
        print(f"mail sink: {path.name} to {', '.join(envelope.rcpt_tos)}",
            flush=True)
        return '250 OK'


def serve(host, port, folder):
    from aiosmtpd.controller import Controller

    controller = Controller(Keeper(folder), hostname=host, port=port)
    controller.start()
    print(f"mail sink: smtp://{host}:{port}, messages in {folder}",
        flush=True)
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *args: stop.set())
    stop.wait()
    controller.stop()
    return 0


def messages(folder):
    "The messages kept in folder, oldest first: (path, message)"
    for path in sorted(Path(folder).glob('*.eml')):
        with path.open('rb') as file:
            yield path, email.message_from_binary_file(
                file, policy=email.policy.default)


def list_messages(folder):
    "Each message: file, date, recipients, subject and its text decoded"
    found = False
    for path, message in messages(folder):
        found = True
        print(f"{path.name}  {message['Date'] or ''}")
        print(f"    To: {message['X-Envelope-To'] or message['To']}")
        print(f"    Subject: {message['Subject']}")
        body = message.get_body(preferencelist=('plain',))
        if body is not None:
            for line in body.get_content().strip().splitlines():
                print(f"    | {line}")
        print()
    if not found:
        print(f"No e-mail yet in {folder}")
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('command', choices=['serve', 'list'])
    parser.add_argument('--host', default='127.0.0.1')
    parser.add_argument('--port', type=int, default=8025)
    parser.add_argument('--folder', type=Path, default=DEFAULT_FOLDER)
    options = parser.parse_args(argv)
    if options.command == 'serve':
        return serve(options.host, options.port, options.folder)
    return list_messages(options.folder)


if __name__ == '__main__':
    sys.exit(main())
