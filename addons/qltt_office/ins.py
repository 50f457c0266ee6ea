# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Exchange with INS, the national QLTT software that drafts, numbers, signs
and stores case documents (ins.dms.gov.vn; Circular 22/2021/TT-BCT Art 5-8).

- Paper documents not made in INS are scanned and uploaded within 48 hours
  of signing.  A case document carries its signing day, not the hour, so the
  limit is the end of the second day after that day (`ins_upload_days` of
  the configuration), stored as `ins_deadline`; the tab "INS Upload Due"
  lists issued documents not uploaded whose deadline is today or tomorrow or
  passed, and recording an upload after it asks for confirmation.
- The case file (hồ sơ vụ việc) is exported as one ZIP: `index.csv`, the
  index of its documents in the order of the file (bút lục, Circular
  27/2020/TT-BCT Art 26), and each document's file under its number.
- Documents numbered by INS are imported from a CSV file so that their
  numbers are not typed twice.  Format: UTF-8 (a BOM is allowed), comma or
  semicolon separated, a header row with at least the columns
  `case_number, type_code, ins_number, date, signer_officer_number`; the
  date as dd/mm/yyyy (or yyyy-mm-dd); the signer may be empty.  Every row is
  checked before anything is written.
"""
import csv
import datetime as dt
import io
import os
import re
import unicodedata
import zipfile

from trytond.i18n import gettext
from trytond.model import Index, ModelView, fields
from trytond.modules.qltt_cases.display import format_date
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval, If
from trytond.transaction import Transaction
from trytond.wizard import Button, StateAction, StateView, Wizard

from .exceptions import INSImportError, INSLateWarning, OfficeValidationError

# where the signed document is stored, not what it says: these stay
# writable once the document is issued
INS_FIELDS = {
    'ins_deadline', 'ins_uploaded_date', 'ins_uploaded_by', 'ins_number'}
IMPORT_COLUMNS = [
    'case_number', 'type_code', 'ins_number', 'date',
    'signer_officer_number']
INDEX_COLUMNS = [
    'no', 'type_code', 'type_name', 'number', 'date', 'signer',
    'ins_number', 'file']
INS_STATUSES = [
    (None, ''),
    ('pending', "To Upload"),
    ('due', "Due Soon"),
    ('overdue', "Overdue"),
    ('uploaded', "Uploaded"),
    ]


def ascii_name(text):
    "text as a portable file name: Vietnamese letters without diacritics"
    text = text.replace('Đ', 'D').replace('đ', 'd')
    text = unicodedata.normalize('NFKD', text).encode(
        'ascii', 'ignore').decode()
    return re.sub(r'[^A-Za-z0-9._-]+', '-', text).strip('-')


class Document(metaclass=PoolMeta):
    __name__ = 'qltt.case.document'
    _ins_states = {'readonly': Eval('state') != 'issued'}

    ins_deadline = fields.Date(
        "INS Deadline", readonly=True,
        help="Last day to upload the signed document to INS: 48 hours "
        "after signing (Circular 22/2021/TT-BCT).")
    ins_uploaded_date = fields.Date(
        "Uploaded to INS", states=_ins_states)
    ins_uploaded_by = fields.Many2One(
        'company.employee', "Uploaded By", states=_ins_states,
        domain=[('company', '=', Eval('company', -1))])
    ins_number = fields.Char(
        "INS Number", states=_ins_states,
        help="The number of the document in INS.")
    ins_status = fields.Function(
        fields.Selection(INS_STATUSES, "INS Status"), 'get_ins_status')
    del _ins_states

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.add(Index(t, (t.ins_deadline, Index.Range())))

    @classmethod
    def view_attributes(cls):
        return super().view_attributes() + [
            ('/tree/field[@name="ins_status"]', 'visual',
                If(Eval('ins_status') == 'overdue', 'danger',
                    If(Eval('ins_status') == 'due', 'warning', ''))),
            ]

    def compute_ins_deadline(self):
        pool = Pool()
        Configuration = pool.get('qltt.configuration')
        if self.date:
            return self.date + dt.timedelta(
                days=Configuration(1).ins_upload_days)

    def compute_fields(self, field_names=None):
        values = super().compute_fields(field_names=field_names)
        if field_names is None or 'date' in field_names:
            deadline = self.compute_ins_deadline()
            if getattr(self, 'ins_deadline', None) != deadline:
                values['ins_deadline'] = deadline
        return values

    def get_ins_status(self, name):
        pool = Pool()
        Date = pool.get('ir.date')
        if self.state != 'issued':
            return None
        if self.ins_uploaded_date:
            return 'uploaded'
        today = Date.today()
        if self.ins_deadline and self.ins_deadline < today:
            return 'overdue'
        if self.ins_deadline and self.ins_deadline <= (
                today + dt.timedelta(days=1)):
            return 'due'
        return 'pending'

    @classmethod
    def preprocess_values(cls, mode, values):
        pool = Pool()
        User = pool.get('res.user')
        values = super().preprocess_values(mode, values)
        if (values.get('ins_uploaded_date')
                and not values.get('ins_uploaded_by')
                and Transaction().user):
            employee = User(Transaction().user).employee
            if employee:
                values['ins_uploaded_by'] = employee.id
        return values

    @classmethod
    def validate_fields(cls, documents, field_names):
        super().validate_fields(documents, field_names)
        cls.check_ins_upload(documents, field_names)

    @classmethod
    def check_ins_upload(cls, documents, field_names=None):
        """Only a signed document is uploaded, not before it is signed, and
        within 48 hours (Circular 22/2021/TT-BCT)"""
        pool = Pool()
        Warning = pool.get('res.user.warning')
        if field_names and not (field_names & {'ins_uploaded_date', 'date'}):
            return
        for document in documents:
            uploaded = document.ins_uploaded_date
            if not uploaded:
                continue
            if document.state != 'issued':
                raise OfficeValidationError(gettext(
                        'qltt_office.msg_ins_upload_not_issued',
                        document=document.rec_name))
            if uploaded < document.date:
                raise OfficeValidationError(gettext(
                        'qltt_office.msg_ins_upload_before_signing',
                        document=document.rec_name,
                        uploaded=format_date(uploaded),
                        date=format_date(document.date)))
            if document.ins_deadline and uploaded > document.ins_deadline:
                warning_name = Warning.format('ins_late', [document])
                if Warning.check(warning_name):
                    raise INSLateWarning(warning_name, gettext(
                            'qltt_office.msg_ins_upload_late',
                            document=document.rec_name,
                            uploaded=format_date(uploaded),
                            deadline=format_date(document.ins_deadline)))

    @classmethod
    def check_modification(cls, mode, documents, values=None, external=False):
        if mode == 'write':
            values = {k: v for k, v in values.items() if k not in INS_FIELDS}
        super().check_modification(
            mode, documents, values=values, external=external)

    @classmethod
    def copy(cls, documents, default=None):
        default = default.copy() if default is not None else {}
        for name in INS_FIELDS:
            default.setdefault(name)
        return super().copy(documents, default=default)

    # Import ------------------------------------------------------------

    @classmethod
    def ins_parse(cls, data, file_name=None):
        """Check the rows of an INS CSV export and return them as
        (line, case, type, number, date, signer); raise on the first
        problem"""
        pool = Pool()
        Case = pool.get('qltt.case')
        DocumentType = pool.get('qltt.case.document.type')
        Employee = pool.get('company.employee')
        file_name = file_name or ''

        def error(message, **values):
            return INSImportError(gettext(
                    'qltt_office.' + message, file=file_name, **values))
        try:
            text = bytes(data or b'').decode('utf-8-sig')
        except UnicodeDecodeError:
            text = None
        if not text or '\x00' in text:
            raise error('msg_ins_import_not_csv')
        header = text.splitlines()[0]
        delimiter = ';' if header.count(';') > header.count(',') else ','
        reader = csv.reader(io.StringIO(text), delimiter=delimiter)
        columns = [c.strip() for c in next(reader)]
        missing = [c for c in IMPORT_COLUMNS if c not in columns]
        if missing:
            raise error('msg_ins_import_columns',
                columns=', '.join(missing),
                expected=', '.join(IMPORT_COLUMNS))
        rows, seen = [], {}
        for cells in reader:
            line = reader.line_num
            if not any(c.strip() for c in cells):
                continue
            if len(cells) != len(columns):
                raise error('msg_ins_import_cells', line=line)
            row = {c: v.strip() for c, v in zip(columns, cells)}
            # case numbers are per department: the current one's
            cases = Case.search([
                    ('number', '=', row['case_number']),
                    ('company', '=', Transaction().context.get('company')),
                    ], limit=1)
            if not cases:
                raise error('msg_ins_import_case',
                    line=line, case=row['case_number'])
            case, = cases
            types = DocumentType.search(
                [('code', '=', row['type_code'])], limit=1)
            if not types:
                raise error('msg_ins_import_type',
                    line=line, type=row['type_code'])
            type_, = types
            number = row['ins_number']
            if not number:
                raise error('msg_ins_import_number', line=line)
            for format_ in ['%d/%m/%Y', '%Y-%m-%d']:
                try:
                    date = dt.datetime.strptime(row['date'], format_).date()
                    break
                except ValueError:
                    pass
            else:
                raise error('msg_ins_import_date', line=line, date=row['date'])
            signer = None
            if row['signer_officer_number']:
                signers = Employee.search([
                        ('officer_number', '=', row['signer_officer_number']),
                        ('company', '=', case.company.id),
                        ], limit=1)
                if not signers:
                    raise error('msg_ins_import_signer', line=line,
                        officer=row['signer_officer_number'])
                signer, = signers
            # numbers are unique per department, type and year (Circular
            # 22/2021 Art 6: the number belongs to the issuing unit)
            key = (case.company.id, type_.id, date.year, number)
            others = cls.search([
                    ('company', '=', case.company.id),
                    ('type', '=', type_.id),
                    ('year', '=', date.year),
                    ('number', '=', number),
                    ('case', '!=', case.id),
                    ], limit=1)
            if key in seen or others:
                raise error('msg_ins_import_duplicate', line=line,
                    number=number)
            seen[key] = line
            rows.append((line, case, type_, number, date, signer))
        if not rows:
            raise error('msg_ins_import_empty')
        return rows

    @classmethod
    def ins_import(cls, data, file_name=None):
        """Create or complete the documents of an INS export: a document of
        the case with that number is completed, else its first draft of
        that type without number, else a new one; they are issued with the
        INS number and count as uploaded"""
        rows = cls.ins_parse(data, file_name)
        documents, to_issue = [], []
        for line, case, type_, number, date, signer in rows:
            existing = cls.search([
                    ('case', '=', case.id),
                    ['OR',
                        ('ins_number', '=', number),
                        ('number', '=', number),
                        ],
                    ], limit=1)
            if not existing:
                existing = cls.search([
                        ('case', '=', case.id),
                        ('type', '=', type_.id),
                        ('state', '=', 'draft'),
                        ('number', '=', None),
                        ], order=[('date', 'ASC'), ('id', 'ASC')], limit=1)
            if existing:
                document, = existing
            else:
                document = cls(case=case, type=type_, state='draft')
            if document.state == 'draft':
                document.number = number
                document.date = date
                if signer:
                    document.signer = signer
                to_issue.append(document)
            documents.append((document, number, signer))
        cls.save([d for d, _, _ in documents])
        cls.issue(to_issue)
        to_write = []
        for document, number, signer in documents:
            to_write.extend(([document], {
                        'ins_number': number,
                        'ins_uploaded_date': document.date,
                        'ins_uploaded_by': (
                            signer.id if signer else None),
                        }))
        cls.write(*to_write)
        return [d for d, _, _ in documents]

    # Case file ---------------------------------------------------------

    @classmethod
    def case_file(cls, case):
        """The case file as ZIP data: index.csv lists the issued documents
        in the order of the file (bút lục) and each document's file follows
        under its order number"""
        documents = sorted(
            (d for d in case.documents if d.state == 'issued'),
            key=lambda d: (d.date, d.id))
        index = io.StringIO()
        writer = csv.writer(index, lineterminator='\n')
        writer.writerow(INDEX_COLUMNS)
        files = []
        for no, document in enumerate(documents, 1):
            file_name = ''
            if document.file:
                ext = os.path.splitext(document.file_name or '')[1] or '.pdf'
                file_name = (f'{no:03d}-{ascii_name(document.type.code)}'
                    f'{ext.lower()}')
                files.append((file_name, document.file))
            writer.writerow([
                    no, document.type.code, document.type.name,
                    document.number or '', format_date(document.date),
                    document.signer.rec_name if document.signer else '',
                    document.ins_number or '', file_name])
        data = io.BytesIO()
        with zipfile.ZipFile(data, 'w', zipfile.ZIP_DEFLATED) as archive:
            archive.writestr('index.csv', index.getvalue().encode('utf-8-sig'))
            for file_name, content in files:
                archive.writestr(file_name, bytes(content))
        return data.getvalue()


class CaseFileExportResult(ModelView):
    __string__ = "Case File Export"
    __name__ = 'qltt.case.file.export.result'
    case = fields.Many2One('qltt.case', "Case", readonly=True)
    file = fields.Binary("File", readonly=True, filename='file_name')
    file_name = fields.Char("File Name", readonly=True)


class CaseFileExport(Wizard):
    "Export the case file (hồ sơ vụ việc) to upload it to INS"
    __name__ = 'qltt.case.file.export'
    start = StateView('qltt.case.file.export.result',
        'qltt_office.case_file_export_result_view_form', [
            Button("Close", 'end', 'tryton-close', default=True),
            ])

    def default_start(self, fields):
        pool = Pool()
        Document = pool.get('qltt.case.document')
        case = self.record
        return {
            'case': case.id,
            'file': Document.case_file(case),
            'file_name': f'{ascii_name(case.rec_name)}.zip',
            }


class INSImportStart(ModelView):
    __string__ = "INS Import"
    __name__ = 'qltt.case.document.ins_import.start'
    file = fields.Binary("File", required=True, filename='file_name')
    file_name = fields.Char("File Name")


class INSImport(Wizard):
    "Import the documents numbered by INS"
    __name__ = 'qltt.case.document.ins_import'
    start = StateView('qltt.case.document.ins_import.start',
        'qltt_office.ins_import_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Import", 'import_', 'tryton-ok', default=True),
            ])
    import_ = StateAction('qltt_cases.act_document_form')

    def do_import_(self, action):
        pool = Pool()
        Document = pool.get('qltt.case.document')
        documents = Document.ins_import(
            self.start.file, self.start.file_name)
        self.start.file = None
        data = {'res_id': [d.id for d in documents]}
        if len(documents) == 1:
            action['views'].reverse()
        return action, data
