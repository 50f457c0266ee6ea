# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Legal documents of a case and their numbering.

Numbering follows Circular 22/2021/TT-BCT Art 6:
- unit documents: 8 digits "/" abbreviation, digits 1-2 the unit code,
  3-4 the sub-unit (team) code or "00", 5-8 a sequence restarting at 0001
  every 1 January;
- officer-signed documents: "sequence/abbreviation-officer number".
Numbers are unique per department, type and year.
"""
from collections import defaultdict

from psycopg.sql import SQL, Identifier
from sql import Null

from trytond import backend
from trytond.i18n import gettext
from trytond.model import (
    DeactivableMixin, ModelSQL, ModelView, Unique, Workflow, fields)
from trytond.model.exceptions import AccessError
from trytond.model.modelsql import ForeignKeyError
from trytond.modules.company.model import employee_field, set_employee
from trytond.pool import Pool
from trytond.pyson import Bool, Eval
from trytond.transaction import Transaction, TransactionError

from .company import migrate_to_first_company
from .exceptions import DocumentNumberError
from .form import FormError, form_slug
from .value import ValueCheckMixin
from .workflow import WorkflowStateGuardMixin

KINDS = [
    ('decision', "Decision"),
    ('minutes', "Minutes"),
    ('other', "Other"),
    ]


class DocumentType(DeactivableMixin, ModelSQL, ModelView):
    __string__ = "Document Type"
    __name__ = 'qltt.case.document.type'
    code = fields.Char("Code", required=True, help="Form code, e.g. MQĐ02.")
    name = fields.Char("Name", required=True, translate=True)
    kind = fields.Selection(KINDS, "Kind", required=True)
    abbreviation = fields.Char(
        "Abbreviation", required=True,
        help="Type abbreviation in the number, e.g. QĐ-XPHC.")
    numbering = fields.Selection([
            ('unit', "Unit"),
            ('officer', "Officer"),
            ], "Numbering", required=True,
        help="Unit documents carry the unit and team codes; officer "
        "documents carry the signer's officer number.")
    report = fields.Function(
        fields.Many2One('ir.action.report', "Printed Form",
            help="The report that prints documents of this type: the one "
            "named \"form_\" and the code in lower case, Đ written d (e.g. "
            "qltt_cases.form_mqd02)."),
        'get_report')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints = [
            ('code_uniq', Unique(t, t.code),
                'qltt_cases.msg_document_type_code_unique'),
            ]
        cls._order.insert(0, ('code', 'ASC'))

    @classmethod
    def get_report(cls, types, name):
        """The report of each type: the ir.action.report on documents named
        `<module>.form_<code>` (form.form_slug), in any module"""
        pool = Pool()
        ActionReport = pool.get('ir.action.report')
        reports = {}
        for report in ActionReport.search([
                    ('model', '=', 'qltt.case.document'),
                    ('report_name', 'like', '%.form_%'),
                    ], order=[('id', 'ASC')]):
            _, _, slug = report.report_name.partition('.form_')
            if slug:
                reports.setdefault(slug, report.id)
        return {t.id: reports.get(form_slug(t.code)) for t in types}

    def get_rec_name(self, name):
        return f'{self.code} - {self.name}'

    @classmethod
    def search_rec_name(cls, name, clause):
        _, operator, value = clause
        bool_op = 'AND' if operator.startswith(('!', 'not ')) else 'OR'
        return [bool_op,
            ('code', operator, value),
            ('name', operator, value),
            ]

    @classmethod
    def get_by_code(cls, code):
        type_, = cls.search([('code', '=', code)], limit=1)
        return type_


class SequenceCreated(TransactionError):
    "The sequence of new keys was committed: run the request again"


class YearlySequenceMixin:
    """Gapless numbers per company, document type and year (and any other
    key): a strict sequence created on first use, kept on a record of the
    keys. Numbers belong to the issuing unit (Circular 22/2021/TT-BCT Art 6,
    Decree 30/2020/NĐ-CP Art 15): two departments never share a sequence."""
    __slots__ = ()
    company = fields.Many2One(
        'company.company', "Company", required=True, ondelete='CASCADE')

    @classmethod
    def __register__(cls, module):
        migrate_to_first_company(cls, module)
        super().__register__(module)

    @classmethod
    def _next_numbers(cls, sequence_type, name, count, **keys):
        "The next count numbers of the sequence of keys, in order"
        record = cls._existing(sequence_type, name, keys)
        if not record:
            record = cls._create_sequence(sequence_type, name, keys)
        # numbers lock only the row of their own strict sequence
        return [int(n) for n in record.sequence.get_many(count)]

    @classmethod
    def _existing(cls, sequence_type, name, keys):
        """The record of the sequence of keys; None when this request is to
        create it, holding the lock of the table of the keys"""
        domain = [(k, '=', getattr(v, 'id', v)) for k, v in keys.items()]
        records = cls.search(domain, limit=1)
        if (not records and backend.name == 'postgresql'
                and cls._create_sequence_apart(sequence_type, name, keys)):
            # the request runs again and sees the committed sequence
            raise SequenceCreated()
        if not records:
            # one transaction at a time creates the sequence of new keys
            cls.lock()
            records = cls.search(domain, limit=1)
        return records[0] if records else None

    @classmethod
    def _create_sequence_apart(cls, sequence_type, name, keys):
        """Commit the sequence of new keys in a transaction of its own:
        users who need new keys at the same moment (a new year, a new team)
        wait only for one another's short creation, not for whole requests.
        False when the keys are records not committed yet, or when this
        request already holds the key table (it would wait for itself)."""
        current = Transaction()
        if (cls._table in getattr(current, '_locked_tables', ())
                or current.create_records.get(cls.__name__)):
            return False
        try:
            with current.new_transaction() as transaction:
                cursor = transaction.connection.cursor()
                # never wait long for a lock held by this very request
                cursor.execute(SQL("SET LOCAL lock_timeout = '10s'"))
                # waits; takes no snapshot before the lock is held
                cursor.execute(SQL('LOCK {} IN EXCLUSIVE MODE').format(
                        Identifier(cls._table)))
                domain = [(k, '=', getattr(v, 'id', v))
                    for k, v in keys.items()]
                if not cls.search(domain, limit=1):
                    cls._create_sequence(sequence_type, name, keys)
                transaction.commit()
        except (ForeignKeyError, backend.DatabaseOperationalError):
            # e.g. a team or signer created by the same request
            return False
        return True

    @classmethod
    def _create_sequence(cls, sequence_type, name, keys):
        pool = Pool()
        Sequence = pool.get('ir.sequence.strict')
        sequence = Sequence(name=name, sequence_type=sequence_type,
            company=keys.get('company'),
            padding=0, number_next=cls._first_number(**keys))
        sequence.save()
        record = cls(sequence=sequence, **keys)
        record.save()
        return record

    @classmethod
    def _first_number(cls, **keys):
        "The first number of the sequence of new keys"
        return 1


class IssuedDocumentMixin:
    """An issued document is a record of what was signed: it is neither
    deleted nor changed (a case's documents are corrected only by MQĐ38-40
    decisions, Decree 118/2021); its copy is a draft without number
    (WorkflowStateGuardMixin: `_workflow_owned_fields`, and
    `_workflow_deletable_states` that excludes 'issued').
    _issued_messages: the ids of the delete and modify messages"""
    __slots__ = ()

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._workflow_delete_error = cls._issued_messages[0], 'document'

    @classmethod
    def check_modification(cls, mode, documents, values=None, external=False):
        super().check_modification(
            mode, documents, values=values, external=external)
        modify_message = cls._issued_messages[1]
        if mode == 'write' and set(values) - {'state', 'issued_by'}:
            for document in documents:
                if document.state == 'issued':
                    raise AccessError(gettext(
                            modify_message, document=document.rec_name))

    @classmethod
    def copy(cls, documents, default=None):
        default = default.copy() if default is not None else {}
        # the copy is numbered when it is issued
        default.setdefault('number')
        return super().copy(documents, default=default)


class DocumentSequence(YearlySequenceMixin, ModelSQL):
    __string__ = "Document Sequence per Type and Year"
    __name__ = 'qltt.case.document.sequence'
    type = fields.Many2One(
        'qltt.case.document.type', "Type", required=True, ondelete='CASCADE')
    year = fields.Integer("Year", required=True)
    signer = fields.Many2One(
        'company.employee', "Signer", ondelete='CASCADE',
        help="Officer documents are numbered per officer.")
    team = fields.Many2One(
        'qltt.team', "Team", ondelete='CASCADE',
        help="Unit documents are numbered per sub-unit (team).")
    sequence = fields.Many2One(
        'ir.sequence.strict', "Sequence", required=True, ondelete='RESTRICT')

    @classmethod
    def next_numbers(
            cls, type_, year, signer=None, team=None, count=1, company=None):
        """The next count gapless numbers of type_ in year in company (a
        strict sequence): per signing officer for officer documents, per
        team for unit documents, whose number carries the team's code
        (Circular 22/2021 Art 6), so that teams deciding at the same moment
        do not wait for one another's numbers"""
        sequence_type, name, keys = cls._key_args(
            type_, year, signer, team, company)
        return cls._next_numbers(sequence_type, name, count, **keys)

    @classmethod
    def _key_args(cls, type_, year, signer=None, team=None, company=None):
        "The sequence type, the name and the keys of a document sequence"
        pool = Pool()
        ModelData = pool.get('ir.model.data')
        company = cls._key_company(company, signer, team)
        name = ' '.join([type_.code, str(year)]
            + [r.rec_name for r in [signer, team] if r])
        return (ModelData.get_id('qltt_cases', 'sequence_type_document'),
            name, dict(company=company, type=type_, year=year,
                signer=signer, team=team))

    @classmethod
    def lock_keys(cls, keys):
        """Before the work that numbers documents of keys (type, year,
        signer, team, company): lock their strict sequences, and create
        those of new keys (apart, the request then runs again) or lock the
        table that creates them.  Tryton runs a request again from its
        start for each lock it does not hold yet: taken at the numbering,
        the locks redid the work before it"""
        pool = Pool()
        Sequence = pool.get('ir.sequence.strict')
        sequences = []
        for key in keys:
            record = cls._existing(*cls._key_args(*key))
            if record:
                sequences.append(record.sequence)
        Sequence.lock(sequences)

    @staticmethod
    def _key_company(company, signer, team):
        "The company of the keys: given, else the team's, else the context's"
        if company is not None:
            return getattr(company, 'id', company)
        for record in [team, signer]:
            if record:
                return record.company.id
        return Transaction().context.get('company')

    @classmethod
    def _first_number(cls, company, type, year, signer, team):
        """After the numbers a team took from the unit's sequence of the
        type and year, as kept before sequences were per team"""
        if team:
            shared = cls.search([
                    ('company', '=', getattr(company, 'id', company)),
                    ('type', '=', type.id), ('year', '=', year),
                    ('signer', '=', None), ('team', '=', None),
                    ], limit=1)
            if shared:
                return shared[0].sequence.number_next
        return super()._first_number(
            company=company, type=type, year=year, signer=signer, team=team)


class Document(
        IssuedDocumentMixin, WorkflowStateGuardMixin, ValueCheckMixin,
        Workflow, ModelSQL, ModelView):
    __string__ = "Case Document"
    __name__ = 'qltt.case.document'
    _issued_messages = (
        'qltt_cases.msg_document_delete_issued',
        'qltt_cases.msg_document_modify_issued')
    # the number of a document numbered by INS is typed in draft (ins.py)
    _workflow_owned_fields = {'year', 'issued_by'}
    _workflow_deletable_states = {'draft', 'cancelled'}
    _rec_name = 'number'
    _states = {
        'readonly': Eval('state') != 'draft',
        }

    case = fields.Many2One(
        'qltt.case', "Case", required=True, ondelete='CASCADE',
        states=_states)
    # stored: numbers are unique per department (Circular 22/2021 Art 6:
    # a number belongs to the issuing unit), two departments may both
    # issue 00000001/QĐ-XPHC
    company = fields.Many2One(
        'company.company', "Company", required=True, readonly=True)
    type = fields.Many2One(
        'qltt.case.document.type', "Type", required=True, states=_states)
    number = fields.Char(
        "Number", states=_states,
        help="Left empty, the number is given when the document is issued. "
        "Fill it in for a number given by INS.")
    year = fields.Integer("Year", readonly=True)
    date = fields.Date("Date", required=True, states=_states)
    signer = fields.Many2One(
        'company.employee', "Signer", states=_states,
        domain=[('company', '=', Eval('company', -1))])
    description = fields.Char("Description", states=_states)
    file = fields.Binary(
        "File", filename='file_name', file_id='file_id', states=_states)
    file_name = fields.Char("File Name", states=_states)
    file_id = fields.Char("File ID", readonly=True)
    form_report = fields.Function(
        fields.Many2One('ir.action.report', "Printed Form"),
        'on_change_with_form_report')
    state = fields.Selection([
            ('draft', "Draft"),
            ('issued', "Issued"),
            ('cancelled', "Cancelled"),
            ], "State", readonly=True, required=True)
    issued_by = employee_field("Issued By", states=['issued', 'cancelled'])

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints = [
            ('company_number_uniq',
                Unique(t, t.company, t.type, t.year, t.number),
                'qltt_cases.msg_document_number_unique'),
            ]
        cls.__access__.add('case')
        cls._order = [('date', 'DESC'), ('id', 'DESC')]
        cls._transitions |= {
            ('draft', 'issued'),
            ('draft', 'cancelled'),
            ('cancelled', 'draft'),
            }
        cls._buttons.update({
                'issue': {
                    'invisible': Eval('state') != 'draft',
                    'depends': ['state'],
                    },
                'cancel': {
                    'invisible': Eval('state') != 'draft',
                    'depends': ['state'],
                    },
                'draft': {
                    'invisible': Eval('state') != 'cancelled',
                    'depends': ['state'],
                    },
                'print_': {
                    'invisible': ~Bool(Eval('form_report')),
                    'depends': ['form_report'],
                    },
                })

    @classmethod
    def __register__(cls, module):
        pool = Pool()
        Case = pool.get('qltt.case')
        exist = backend.TableHandler.table_exist(cls._table)
        if exist and not cls.__table_handler__(module).column_exist(
                'company'):
            # the documents kept before the column belong to their case's
            # department
            table_h = cls.__table_handler__(module)
            table_h.add_column('company', 'INTEGER')
            table = cls.__table__()
            case = Case.__table__()
            cursor = Transaction().connection.cursor()
            # per company: SQLite has no alias in UPDATE for a correlated
            # subquery
            cursor.execute(*case.select(case.company, distinct=True))
            for company, in cursor.fetchall():
                cursor.execute(*table.update([table.company], [company],
                        where=(table.company == Null) & table.case.in_(
                            case.select(case.id,
                                where=case.company == company))))
        super().__register__(module)
        # numbers were unique in the database before departments
        cls.__table_handler__(module).drop_constraint('number_uniq')

    @classmethod
    def preprocess_values(cls, mode, values):
        "The department of a document is its case's"
        pool = Pool()
        Case = pool.get('qltt.case')
        values = super().preprocess_values(mode, values)
        # never given: it follows the case
        values.pop('company', None)
        if values.get('case') is not None:
            values['company'] = Case(values['case']).company.id
        return values

    @staticmethod
    def default_state():
        return 'draft'

    @staticmethod
    def default_date():
        return Pool().get('ir.date').today()

    @fields.depends('type')
    def on_change_with_form_report(self, name=None):
        if self.type:
            return self.type.report

    @fields.depends('case', '_parent_case.company')
    def on_change_with_company(self, name=None):
        return self.case.company if self.case else None

    def get_rec_name(self, name):
        return self.number or f'{self.type.code} ({self.id})'

    @classmethod
    def search_rec_name(cls, name, clause):
        _, operator, value = clause
        bool_op = 'AND' if operator.startswith(('!', 'not ')) else 'OR'
        return [bool_op,
            ('number', operator, value),
            ('type.code', operator, value),
            ]

    def _sequence_key(self):
        """The sequence numbering the document: of its type and year, and of
        the signing officer for officer documents (Circular 22/2021 Art 6)"""
        if self.type.numbering == 'officer':
            if not self.signer or not self.signer.officer_number:
                raise DocumentNumberError(gettext(
                        'qltt_cases.msg_document_officer_number',
                        document=self.type.rec_name))
            return (self.type, self.date.year, self.signer, None,
                self.case.company)
        return (self.type, self.date.year, None, self.case.team,
            self.case.company)

    def format_number(self, sequence, config=None):
        """Number in the unit format of Circular 22/2021 Art 6; config: the
        settings of the document's company, read once for a batch"""
        pool = Pool()
        Configuration = pool.get('qltt.configuration')
        if self.type.numbering == 'officer':
            return (f'{sequence}/{self.type.abbreviation}'
                f'-{self.signer.officer_number}')
        if config is None:
            config = Configuration.of_company(self.case.company)
        team = self.case.team
        team_code = team.code if team else '00'
        return (f'{config.unit_code}{team_code}{sequence:04d}'
            f'/{self.type.abbreviation}')

    @classmethod
    @ModelView.button
    @Workflow.transition('issued')
    @set_employee('issued_by')
    def issue(cls, documents):
        "Numbered if they are not (set_number), then issued"
        cls.set_number(documents)
        cls.save(documents)

    @classmethod
    def issue_new(cls, documents):
        """Create the documents a step of the case makes and issue them:
        numbered first, so that each is written once"""
        cls.set_number(documents)
        cls.save(documents)
        cls.issue(documents)

    @classmethod
    def lock_numbering(cls, documents):
        """Before the work of the step that makes the unsaved documents,
        take the locks their numbering needs (DocumentSequence.lock_keys),
        for those whose keys are known yet"""
        Sequence = Pool().get('qltt.case.document.sequence')
        keys = set()
        for document in documents:
            if getattr(document, 'number', None) or not document.date:
                continue
            try:
                keys.add(document._sequence_key())
            except DocumentNumberError:
                continue  # refused with its reason when it is numbered
        Sequence.lock_keys(keys)

    @classmethod
    def set_number(cls, documents):
        """Number the documents without a number in the order of their
        dates, a batch per sequence (not saved)"""
        pool = Pool()
        Sequence = pool.get('qltt.case.document.sequence')
        Configuration = pool.get('qltt.configuration')
        to_number = defaultdict(list)
        for document in sorted(documents,
                key=lambda d: (d.date, d.id if d.id is not None else 0)):
            # (a new document has no value yet)
            if getattr(document, 'year', None) != document.date.year:
                document.year = document.date.year
            if not getattr(document, 'number', None):
                to_number[document._sequence_key()].append(document)
        # every sequence of the batch locked at once: the request waits
        # for them together instead of restarting once per sequence
        Sequence.lock_keys(to_number.keys())
        configs = {}  # the settings of each company, read once
        for (type_, year, signer, team, company), group in (
                to_number.items()):
            numbers = Sequence.next_numbers(
                type_, year, signer, team, len(group), company=company)
            if company not in configs:
                configs[company] = Configuration.of_company(company)
            for document, number in zip(group, numbers):
                document.number = document.format_number(
                    number, configs[company])

    @classmethod
    @ModelView.button
    @Workflow.transition('cancelled')
    def cancel(cls, documents):
        pass

    @classmethod
    @ModelView.button
    @Workflow.transition('draft')
    def draft(cls, documents):
        pass

    @classmethod
    @ModelView.button
    def print_(cls, documents):
        """Print the form of Decree 118/2021 of the documents' type
        (module form.py)"""
        pool = Pool()
        Action = pool.get('ir.action')
        reports = set()
        for document in documents:
            if not document.type.report:
                raise FormError(gettext(
                        'qltt_cases.msg_document_no_form',
                        document=document.rec_name,
                        type=document.type.rec_name))
            reports.add(document.type.report)
        if len(reports) > 1:
            raise FormError(gettext('qltt_cases.msg_document_print_types'))
        if reports:
            report, = reports
            return Action.get_action_id(report.id)
