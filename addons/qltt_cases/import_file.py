# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""What every import of a department's past records shares (issue 25,
docs/import.md): reading a CSV or XLSX file, typing its cells, checking
the whole file before writing anything, reporting every bad row with its
line, column and translated reason (also as a CSV file to download),
writing a good file in batches, and the wizard of the web client.

An import is a subclass of FileImport (case_import.CaseImport, ...)
registered under a name with `register` so that scripts/import_file.py
runs the same code as the wizard."""
import csv
import datetime as dt
import io
import re
import time
import zipfile
from collections import OrderedDict
from decimal import Decimal

from trytond import backend
from trytond.i18n import gettext
from trytond.model import ModelView, fields
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.tools import grouped_slice
from trytond.transaction import Transaction, without_check_access
from trytond.wizard import Button, StateView

from .workflow import HISTORY_IMPORT

IMPORTS = {}


def refresh_statistics(*Models):
    """ANALYZE the tables of Models on PostgreSQL, after a batch filled them.
    The planner otherwise keeps the row counts of before the import
    (autovacuum analyzes a minute later at best, never the rows of a
    transaction not yet committed): core's posting then reads the move
    lines by sequential scans whose cost grows with every batch (3 s for
    one UPDATE of the second batch).  A table the database user does not
    own is skipped with a warning by PostgreSQL."""
    if backend.name != 'postgresql':
        return
    cursor = Transaction().connection.cursor()
    cursor.execute('ANALYZE ' + ', '.join(
            '"%s"' % Model._table for Model in Models))


def commit_and_go_on(transaction):
    """Commit what the transaction wrote so far and keep writing in it.
    trytond's SQLite backend shares one connection, which its cache's
    commit turns to autocommit (Cache.commit asks the database for an
    autocommit connection): the writes after would then be committed
    one statement at a time, and a batch that fails half-way would stay
    half-written.  The connection is given back its transactions."""
    transaction.commit()
    if backend.name == 'sqlite':
        transaction.database.get_connection(autocommit=False)


def register(name, importer):
    "Make the import known to scripts/import_file.py as `name`"
    IMPORTS[name] = importer
    return importer


def free_number(Model, company, sequence_name):
    """The next number of the department's sequence that no record of
    Model has: imported records keep their original numbers and the
    sequence continues after them without clashes"""
    Configuration = Pool().get('qltt.configuration')
    sequence = Configuration.of_company(company).company_sequence(
        sequence_name)
    table = Model.__table__()
    cursor = Transaction().connection.cursor()
    while True:
        number = sequence.get()
        cursor.execute(*table.select(table.id,
                where=(table.company == company)
                & (table.number == number), limit=1))
        if not cursor.fetchone():
            return number


class RowError(Exception):
    "A bad cell: its column and the message id of the reason (or its text)"

    def __init__(self, column, message, text=None, **variables):
        super().__init__(message)
        self.column = column
        self.message = message
        self.text = text
        self.variables = variables


def read_rows(data, file_name):
    """The header and the rows of a CSV (UTF-8, comma or semicolon) or XLSX
    file as (line, {column: value}); XLSX cells keep their types"""
    data = bytes(data)
    # by content, a workbook is a zip: a CSV named .xlsx is read as CSV
    if data[:2] == b'PK':
        from openpyxl import load_workbook
        book = load_workbook(io.BytesIO(data), read_only=True,
            data_only=True)
        lines = ((i, list(r)) for i, r in enumerate(
                book.worksheets[0].iter_rows(values_only=True), 1))
    else:
        text = data.decode('utf-8-sig')
        if '\x00' in text:
            # a binary file (an old .xls workbook, a PDF) is no CSV
            raise csv.Error("NUL byte")
        first = text.split('\n', 1)[0]
        delimiter = ';' if first.count(';') > first.count(',') else ','
        reader = csv.reader(io.StringIO(text), delimiter=delimiter)
        lines = ((reader.line_num, r) for r in reader)
    header, rows = None, []
    for line, cells in lines:
        cells = ['' if c is None else c.strip() if isinstance(c, str) else c
            for c in cells]
        if not any(c != '' for c in cells):
            continue
        if header is None:
            header = [str(c).strip().lower() for c in cells]
            continue
        cells += [''] * (len(header) - len(cells))
        rows.append((line, dict(zip(header, cells))))
    return header or [], rows


def parse_text(row, columns):
    "The cells of columns as stripped text ('' when empty)"
    return {c: (str(row[c]).strip() if row[c] is not None else '')
        for c in columns}


def parse_code(column, value):
    """A tax or identity code as text.  A number cell (XLSX) has dropped
    the leading zeros of a code (a citizen id always starts with 0, a
    Hà Nội tax code with 01): it is taken only with the 10 digits of a tax
    code or the 12 of a citizen id, otherwise it is a bad row"""
    if isinstance(value, (int, float, Decimal)) and not isinstance(
            value, bool):
        digits = str(int(value)) if value == int(value) else ''
        if len(digits) not in {10, 12}:
            raise RowError(column, 'qltt_cases.msg_import_code_number',
                value=value)
        return digits
    return '' if value is None else str(value).strip()


MIDNIGHT = re.compile(r'[ T]00:00(:00)?$')


def parse_date(column, value):
    if value in ('', None):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    # a CSV export of a date cell may add midnight: "2022-03-10 00:00:00"
    text = MIDNIGHT.sub('', str(value).strip())
    for format_ in ['%d/%m/%Y', '%Y-%m-%d']:
        try:
            return dt.datetime.strptime(text, format_).date()
        except ValueError:
            pass
    raise RowError(column, 'qltt_cases.msg_import_date', value=value)


# an amount in a text cell: digits, or thousands grouped by one separator
# ("4.000.000", "4,000,000", "4 000 000"), with maybe a decimal part after
# the other separator ("4.000.000,00", "4,000,000.00", "4000000,00")
AMOUNT = re.compile(
    r'(?P<whole>\d+|\d{1,3}(?P<group>[., ])\d{3}(?:(?P=group)\d{3})*)'
    r'(?:(?P<point>[.,])(?P<fraction>\d{1,2}))?')


def parse_amount(column, value):
    """A whole number of dong >= 0.  A decimal part must be zero: "1,5" is
    refused, never read as 15, and "4.000.000,00" is 4.000.000"""
    if value in ('', None):
        return None
    if isinstance(value, (int, float, Decimal)):
        amount = Decimal(str(value))
    else:
        match = AMOUNT.fullmatch(str(value).strip().replace('\xa0', ' '))
        if match and match['point'] and match['point'] == match['group']:
            match = None  # "4.000.000.00": the point groups too
        if match:
            whole = match['whole']
            if match['group']:
                whole = whole.replace(match['group'], '')
            amount = Decimal(f"{whole}.{match['fraction'] or 0}")
        else:
            amount = None
    if amount is None or amount < 0 or amount != amount.to_integral():
        raise RowError(column, 'qltt_cases.msg_import_amount', value=value)
    return amount.quantize(Decimal(1))


def parse_selection(column, value, choices):
    "The key of choices (lower-cased text: key) the cell names"
    key = choices.get(str(value).strip().lower())
    if key is None:
        raise RowError(column, 'qltt_cases.msg_import_selection',
            value=value, allowed=', '.join(choices))
    return key


class FileImport:
    """Check a whole file, then write its new records in batches.

    Subclasses give `columns` (the layout's header), `key` (what makes
    rows one record: a record of several rows, e.g. a case and its acts),
    `parse` (a row typed, or RowError), and `write_batch`; optionally
    `references` (records the rows name, read once) and `check_records`
    (checks across rows and against the database; it gives `skip` the
    keys already imported with their record)."""
    columns = []
    # columns whose every value may be empty: the file may leave them out
    optional_columns = set()
    batch_size = 500
    done_message = None  # message id, with created and skipped
    # the wizard writes batches for at most this long per request, each
    # committed, then shows the progress (Continue writes the next ones)
    request_seconds = 20

    def __init__(self, company, file_name):
        self.company = company
        self.file_name = file_name
        self.errors = []  # (line, column, reason)
        self.records = OrderedDict()  # key: [(line, parsed row)]
        self.skipped = set()  # keys already imported
        self.skipped_by = {}  # key: (create_date, create_uid) of its record
        self.created = []
        self.remaining = 0  # keys left to write when write() stopped

    def skip(self, key, record):
        "The record of key was imported before: left as it is"
        self.skipped.add(key)
        # a record written in SQL (a migration) may have no creator
        self.skipped_by[key] = (record.create_date,
            record.create_uid.id if record.create_uid else None)

    def skipped_since(self, moment, user):
        """How many keys skipped were written by user from moment on: an
        earlier step of the same wizard, or an attempt of this request that
        committed a batch before Tryton ran the request again"""
        return sum(1 for date, uid in self.skipped_by.values()
            if uid == user and date and date >= moment)

    def error(self, line, column, message, /, **variables):
        # positional only: a reason may name a line too (msg_import_duplicate)
        self.errors.append((line, column, gettext(message, **variables)))

    def check(self, data):
        try:
            header, rows = read_rows(data, self.file_name)
        except (UnicodeDecodeError, csv.Error, zipfile.BadZipFile,
                KeyError):
            # not a CSV in UTF-8 nor a workbook (e.g. a CSV named .xlsx)
            self.error(1, '', 'qltt_cases.msg_import_file')
            return
        missing = [c for c in self.columns
            if c not in header and c not in self.optional_columns]
        for column in missing:
            self.error(1, column, 'qltt_cases.msg_import_column',
                column=column)
        if missing:
            return
        if not rows:
            self.error(1, '', 'qltt_cases.msg_import_empty')
            return
        left_out = [c for c in self.columns if c not in header]
        for _, row in rows:
            row.update(dict.fromkeys(left_out, ''))
        refs = self.references(rows)
        for line, row in rows:
            try:
                parsed = self.parse(row, refs)
            except RowError as e:
                if e.text:
                    self.errors.append((line, e.column, e.text))
                else:
                    self.error(line, e.column, e.message, **e.variables)
                continue
            self.records.setdefault(self.key(parsed), []).append(
                (line, parsed))
        self.check_records(refs)

    def references(self, rows):
        return {}

    def key(self, parsed):
        raise NotImplementedError

    def parse(self, row, refs):
        raise NotImplementedError

    def check_records(self, refs):
        pass

    def numbered(self, Model):
        """number: the record of Model of the department that has it, for
        the file's keys (original numbers), searched by batch"""
        found = {}
        for numbers in grouped_slice(list(self.records), self.batch_size):
            for record in Model.search([
                        ('company', '=', self.company.id),
                        ('number', 'in', list(numbers)),
                        ]):
                found[record.number] = record
        return found

    def new_numbered(self, Model, number_column, columns, used, differs):
        """(number, rows) of the file's records of several rows that are
        new: one imported before is skipped, a number already used by a
        record entered by hand is the error used, and a row that differs
        from the first row of its record in columns the error differs"""
        existing = self.numbered(Model)
        for number, rows in self.records.items():
            first_line, first = rows[0]
            record = existing.get(number)
            if record and record.import_file:
                self.skip(number, record)
                continue
            elif record:
                self.error(first_line, number_column, used, number=number)
            for line, row in rows:
                for column in columns:
                    if row[column] != first[column]:
                        self.error(line, column, differs,
                            number=number, line=first_line)
            yield number, rows

    def write(self, commit=False, seconds=None):
        """Write the records not yet imported, one create per model and
        batch; commit=True commits after each batch (the command line and
        the wizard), so an interrupted import resumes where it stopped;
        with seconds, stop after the batch that passes that time, leaving
        self.remaining keys"""
        # who may import is the wizard's group (department administrators)
        # or whoever runs scripts/import_file.py on the server; the records
        # are written as their workflow would write them (HISTORY_IMPORT)
        keys = [k for k in self.records if k not in self.skipped]
        transaction = Transaction()
        done = 0
        until = time.monotonic() + seconds if seconds is not None else None
        with without_check_access(), transaction.set_context(
                {HISTORY_IMPORT: True, 'company': self.company.id}):
            if keys:
                self.lock(keys)
            for batch in grouped_slice(keys, self.batch_size):
                batch = list(batch)
                self.write_batch(batch)
                self.created.extend(batch)
                done += len(batch)
                if commit:
                    commit_and_go_on(transaction)
                self.progress(done, len(keys))
                if until is not None and time.monotonic() >= until:
                    break
        self.remaining = len(keys) - done
        return self.created

    def write_batch(self, keys):
        raise NotImplementedError

    def lock(self, keys):
        """Take the locks that writing the records of keys will need,
        before the first batch: Tryton runs a request again from its start
        for each lock it does not hold yet, and a batch committed before
        that would be counted as imported before"""

    def progress(self, done, total):
        "Called after each batch (the command line prints it)"

    def errors_csv(self):
        "The bad rows as CSV (UTF-8 with BOM for spreadsheets)"
        output = io.StringIO()
        writer = csv.writer(output, lineterminator='\n')
        writer.writerow(['line', 'column', 'reason'])
        for error in sorted(self.errors, key=lambda e: (e[0], e[1])):
            writer.writerow(error)
        return output.getvalue().encode('utf-8-sig')

    @classmethod
    def run(cls, data, file_name, company=None, commit=False,
            progress=None, seconds=None):
        """Check the file then, if it has no bad row, write its new
        records (for at most about `seconds`).  Returns the import: .errors
        (line, column, reason), .records, .created (the keys written),
        .skipped (imported before), .remaining (left to write);
        progress(done, total) is called after each batch"""
        Company = Pool().get('company.company')
        importer = cls(
            Company(company or Transaction().context['company']), file_name)
        if progress:
            importer.progress = progress
        importer.check(data)
        if not importer.errors:
            importer.write(commit=commit, seconds=seconds)
        return importer

    def summary(self, earlier=0):
        """What was done; earlier: keys skipped that this wizard wrote
        (skipped_since)"""
        if self.errors:
            return gettext('qltt_cases.msg_import_refused',
                rows=len({e[0] for e in self.errors}))
        return gettext(self.done_message,
            created=len(self.created) + earlier,
            skipped=len(self.skipped) - earlier)


class FileImportStart(ModelView):
    __string__ = "Import a File"
    __name__ = 'qltt.import.start'
    file = fields.Binary("File", required=True, filename='file_name',
        help="CSV (UTF-8) or XLSX in the layout of the user guide "
        "(import): the first row names the columns.")
    file_name = fields.Char("File Name")


class FileImportResult(ModelView):
    __string__ = "Import Result"
    __name__ = 'qltt.import.result'
    file_name = fields.Char("File Name", readonly=True)
    created = fields.Integer("Imported", readonly=True)
    skipped = fields.Integer(
        "Already Imported", readonly=True,
        help="Records of the file imported before: left as they are.")
    remaining = fields.Integer(
        "Still to Import", readonly=True,
        help="Records of the file not written yet: Continue writes them.")
    steps = fields.Integer("Steps", readonly=True)
    bad_rows = fields.Integer(
        "Bad Rows", readonly=True,
        help="With one bad row nothing is imported.")
    summary = fields.Text("Result", readonly=True)
    errors_file = fields.Binary(
        "Bad Rows File", filename='errors_file_name', readonly=True)
    errors_file_name = fields.Char("Bad Rows File Name", readonly=True)


class FileImportWizard:
    """The steps of an import wizard: the file, then what was done.  A
    large file is written in steps of about `request_seconds` (each batch
    committed): the result shows the progress and Continue writes the
    next batches; the file is checked again at each step, so what was
    written is skipped and nothing is written twice."""
    importer = None  # the FileImport subclass
    start = StateView('qltt.import.start',
        'qltt_cases.import_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Import", 'result', 'tryton-ok', default=True),
            ])
    result = StateView('qltt.import.result',
        'qltt_cases.import_result_view_form', [
            Button("Close", 'end', 'tryton-close', default=True),
            Button("Continue", 'result', 'tryton-forward',
                states={'invisible': ~Eval('remaining', 0)}),
            ])

    def default_result(self, fields):
        pool = Pool()
        Session = pool.get('ir.session.wizard')
        steps = getattr(self.result, 'steps', None) or 0
        importer = self.importer.run(self.start.file, self.start.file_name,
            commit=True, seconds=self.importer.request_seconds)
        # what this user wrote since the wizard opened, found imported now,
        # is this wizard's: written by an earlier step, or by an attempt of
        # this request committed before a lock made Tryton run it again
        before = importer.skipped_since(
            Session(self._session_id).create_date, Transaction().user)
        created = before + len(importer.created)
        skipped = len(importer.skipped) - before
        values = {
            'file_name': self.start.file_name,
            'created': created,
            'skipped': skipped,
            'remaining': importer.remaining,
            'steps': steps + 1,
            'bad_rows': len({e[0] for e in importer.errors}),
            }
        if importer.errors and before:
            # the file or the data changed since the earlier steps
            values['summary'] = gettext(
                'qltt_cases.msg_import_refused_after_steps',
                created=before, rows=values['bad_rows'])
        elif importer.errors:
            values['summary'] = importer.summary()
        elif importer.remaining:
            values['summary'] = gettext('qltt_cases.msg_import_progress',
                created=created, remaining=importer.remaining)
        elif steps:
            values['summary'] = gettext('qltt_cases.msg_import_steps_done',
                created=created, steps=steps + 1, skipped=skipped)
        else:
            values['summary'] = importer.summary(earlier=before)
        if importer.errors:
            values['errors_file'] = importer.errors_csv()
            values['errors_file_name'] = 'errors-%s.csv' % (
                (self.start.file_name or 'import').rsplit('.', 1)[0])
        return values
