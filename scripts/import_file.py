#!/usr/bin/env python3
# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Import a department's past records from a CSV or XLSX file
(docs/import.md): the same code as the import wizards of the web client.

    .venv/bin/python scripts/import_file.py -c config/trytond.conf \\
        -d qltt [--kind cases|businesses|commitments|goods] [--company 1] \\
        [--user admin] [--language vi] FILE

Every row is checked first; with one bad row nothing is written and every
bad row is printed (line, column, reason; exit status 1).  A good file is
written in batches, each committed as it is written with its progress
printed (exit status 0): an interrupted import run again resumes, as the
records of the file already imported are left as they are."""
import argparse
import csv
import os
import sys
import time


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('file')
    parser.add_argument('--kind', default='cases',
        help="what the file holds: cases (default), businesses (the "
        "business register), commitments or goods (goods in custody, "
        "qltt_warehouse); see docs/import.md")
    parser.add_argument('-d', '--database', required=True)
    parser.add_argument('-c', '--config',
        default=os.environ.get('TRYTOND_CONFIG'))
    parser.add_argument('--company', type=int,
        help="id of the department (default: the user's current company)")
    parser.add_argument('--user', default='admin',
        help="login of the user importing (default: admin)")
    parser.add_argument('--language', default='vi',
        help="language of the reasons (default: vi)")
    args = parser.parse_args(argv)
    if not os.path.isfile(args.file):
        parser.error(f"no such file: {args.file}")

    from trytond import config
    config.update_etc(args.config)
    from trytond import backend
    from trytond.exceptions import UserError
    from trytond.pool import Pool
    from trytond.transaction import Transaction, TransactionError

    with open(args.file, 'rb') as file:
        data = file.read()
    file_name = os.path.basename(args.file)
    if args.database not in Pool.database_list():
        # (loaded already when called in a process that serves it; asked
        # before Pool() adds the name, as trytond's dispatcher does)
        Pool(args.database).init()
    start = time.perf_counter()
    with Transaction().start(args.database, 0, readonly=True):
        User = Pool().get('res.user')
        user, = User.search([('login', '=', args.user)])
        company = args.company or (user.company and user.company.id)
        user_id = user.id
    if not company:
        sys.exit(f"{args.user} has no current company: give --company")
    from trytond.modules.qltt_cases.import_file import IMPORTS
    if args.kind not in IMPORTS:
        sys.exit(f"--kind is one of: {', '.join(sorted(IMPORTS))}")
    # Run again from the start, as trytond's dispatcher runs a request,
    # when a lock was not held yet (TransactionError: taken first on the
    # next run) or the database refused the transaction (a concurrent
    # update): the batches committed before are then skipped as imported
    extras = {}
    committed = 0  # written and committed by the runs before the last
    retry = config.getint('database', 'retry')
    while True:
        written = [0]

        def progress(done, total):
            written[0] = done
            print(f"{file_name}: {done}/{total} written and committed, "
                f"{time.perf_counter() - start:.1f} s", file=sys.stderr)
        with Transaction().start(args.database, user_id, context={
                    'company': company, 'language': args.language,
                    }, **extras) as transaction:
            try:
                importer = IMPORTS[args.kind].run(data, file_name, company,
                    commit=True, progress=progress)
            except (TransactionError, backend.DatabaseOperationalError) as e:
                transaction.rollback()
                if isinstance(e, TransactionError):
                    e.fix(extras)
                elif retry > 0:
                    retry -= 1
                else:
                    raise
                committed += written[0]
                continue
            except UserError as e:
                # refused while writing (the checks of the whole file let
                # it through): the batch is rolled back, those before kept
                transaction.rollback()
                done = committed + written[0]
                print(f"{file_name}: {e.message}", file=sys.stderr)
                print(f"{file_name}: stopped; {done} {args.kind} imported "
                    "before (importing the file again skips them)",
                    file=sys.stderr)
                return 1
            if importer.errors:
                transaction.rollback()
                writer = csv.writer(sys.stdout, lineterminator='\n')
                writer.writerow(['line', 'column', 'reason'])
                writer.writerows(sorted(importer.errors))
                print(f"{file_name}: {len({e[0] for e in importer.errors})} "
                    "bad row(s), nothing imported", file=sys.stderr)
                return 1
            transaction.commit()
        break
    seconds = time.perf_counter() - start
    created = committed + len(importer.created)
    skipped = len(importer.skipped) - committed
    print(f"{file_name}: {created} {args.kind} imported, "
        f"{skipped} already imported, {seconds:.1f} s")
    return 0


if __name__ == '__main__':
    sys.exit(main())
