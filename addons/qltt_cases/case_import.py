# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Import of past cases (issue 25) from CSV or XLSX: docs/import.md.

One row per act of an offender of a case.  The whole file is checked
first; one bad row and nothing is written, every bad row is reported with
its line, column and a translated reason.  A good file is written in
batches (one create per model and batch).  Cases are keyed by company and
their original number: a file imported twice adds nothing the second time.

Checks kept (they protect the data): types and values, references (team,
legal basis, signer of the department), the bracket of each act and of its
goods value (Decree 118/2021 Art 9; the legal basis rows), the order of the
dates, duplicates in the file and against the database (case numbers,
decision numbers unique per type and year, Circular 22/2021 Art 6).
Skipped (they only make sense at the time of the act): the deadlines
counted to today, the signer's authority as it is now, the workflow's
steps; the imported cases are written in their final state directly.
"""
from collections import OrderedDict
from decimal import Decimal

from trytond.model import Index, fields
from trytond.pool import Pool, PoolMeta
from trytond.tools import grouped_slice
from trytond.transaction import Transaction
from trytond.wizard import Wizard

from .case import CLOSED_STATES
from .display import format_amount
from .legal import offender_multiplier
from .minor import age_group, age_on, age_refusal
from .import_file import (
    FileImport, FileImportWizard, RowError, free_number, parse_amount,
    parse_code, parse_date, parse_selection, parse_text, register)

COLUMNS = [
    'case_number', 'inspection_date', 'violation_date', 'minutes_date',
    'team_code', 'offender_name', 'offender_kind', 'offender_address',
    'offender_id_number', 'legal_basis_code', 'goods_value', 'fine',
    'decision_number', 'decision_date', 'decision_signer', 'state',
    'amount_paid', 'sanction', 'offender_birth_date',
    ]
# the same on every row of a case
CASE_COLUMNS = [
    'inspection_date', 'violation_date', 'minutes_date', 'team_code',
    'decision_number', 'decision_date', 'decision_signer', 'state',
    ]
# the same on every row of an offender of a case
OFFENDER_COLUMNS = ['offender_kind', 'offender_address', 'offender_birth_date']
# in the order of the legal steps (Case.check_dates)
DATE_COLUMNS = [
    'violation_date', 'inspection_date', 'minutes_date', 'decision_date']
AMOUNT_COLUMNS = ['goods_value', 'fine', 'amount_paid']
IMPORT_STATES = ['decided', 'done', 'transferred', 'no_violation']
KINDS = {
    'individual': 'individual', 'cá nhân': 'individual',
    'organisation': 'organisation', 'tổ chức': 'organisation',
    }
SANCTIONS = {
    'fine': 'fine', 'phạt tiền': 'fine',
    'warning': 'warning', 'cảnh cáo': 'warning',
    }
# what a state needs besides the case's number, team and inspection date
REQUIRED = {
    'decided': ['offender_name', 'offender_kind', 'legal_basis_code',
        'fine', 'decision_number', 'decision_date', 'decision_signer'],
    'transferred': ['decision_number', 'decision_date', 'decision_signer'],
    'no_violation': [],
    }
REQUIRED['done'] = REQUIRED['decided']
BATCH = 500


class Case(metaclass=PoolMeta):
    __name__ = 'qltt.case'
    import_file = fields.Char(
        "Imported From", readonly=True,
        help="The file the case was imported from; its legal steps "
        "happened before the product.")
    import_row = fields.Integer("Import Row", readonly=True)
    import_amount_paid = fields.Numeric(
        "Paid Before Import", digits=(16, 0), readonly=True,
        help="What the offenders had paid of the fines when the case was "
        "imported.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        # set by the import only (HISTORY_IMPORT), never from outside
        cls._workflow_owned_fields |= {
            'import_file', 'import_row', 'import_amount_paid'}
        t = cls.__table__()
        # the import and the numbering look a number up in a department
        cls._sql_indexes.add(Index(t, (t.company, Index.Equality()),
                (t.number, Index.Equality())))

    @classmethod
    def preprocess_values(cls, mode, values):
        "A number from the sequence skips those of imported cases"
        if mode == 'create' and not values.get('number'):
            company = values.get('company', cls.default_company())
            values = values.copy()
            values['number'] = free_number(cls, company, 'case_sequence')
        return super().preprocess_values(mode, values)

    # Hooks of the import for the modules that extend the case (their
    # optional columns, docs/import.md)

    @classmethod
    def import_parse(cls, importer, row, parsed):
        """Type and check the columns of the modules in the row (its cells
        by column) into parsed; raise RowError for a bad cell.
        importer.cache keeps what the checks read once per file"""

    @classmethod
    def import_lock(cls, importer, numbers):
        """Take the locks that writing the cases of numbers will need
        (importer.cases gives their rows), before the first batch"""

    @classmethod
    def imported(cls, cases, importer):
        """Called once the cases of a batch are written in their final
        state: importer.cases gives their rows, importer.offenders the
        offender of (case id, importer.party_key(row))"""


def goods_value_fits(basis, value):
    """Whether the value of the goods fits the bracket of the act (as
    Violation.check_goods_value, on the legal basis rows)"""
    if value is None or (basis.value_from is None and basis.value_to is None):
        return True
    low, high = basis.value_from, basis.value_to
    if basis.value_lower_exclusive:
        return ((low is None or value > low)
            and (high is None or value <= high))
    return ((low is None or value >= low)
        and (high is None or value < high))


class CaseImport(FileImport):
    "Check then write the cases of a file for the department of company"
    columns = COLUMNS
    optional_columns = {
        'violation_date', 'minutes_date', 'offender_address',
        'offender_id_number', 'goods_value', 'amount_paid', 'sanction',
        'offender_birth_date'}
    batch_size = BATCH
    done_message = 'qltt_cases.msg_case_import_done'

    def __init__(self, company, file_name):
        super().__init__(company, file_name)
        self.offenders = {}  # (case id, party_key): offender written
        self.cache = {}  # of the modules' checks (Case.import_parse)

    @property
    def cases(self):
        "number: [(line, parsed row)]"
        return self.records

    @staticmethod
    def key(parsed):
        return parsed['case_number']

    def lock(self, numbers):
        Pool().get('qltt.case').import_lock(self, numbers)

    # Checks ------------------------------------------------------------

    def references(self, rows):
        "The records the rows name, each read in one query"
        pool = Pool()
        Team = pool.get('qltt.team')
        LegalBasis = pool.get('qltt.legal.basis')
        Employee = pool.get('company.employee')
        DocumentType = pool.get('qltt.case.document.type')

        def values(column):
            return list({str(r[column]) for _, r in rows if r[column]})
        company = self.company.id
        # a past case may cite a legal basis repealed since (inactive)
        with Transaction().set_context(active_test=False):
            bases = LegalBasis.search(
                [('code', 'in', values('legal_basis_code'))])
        return {
            'team': {t.code: t for t in Team.search([
                        ('company', '=', company),
                        ('code', 'in', values('team_code'))])},
            'basis': {b.code: b for b in bases},
            'signer': {e.officer_number: e for e in Employee.search([
                        ('company', '=', company),
                        ('officer_number', 'in', values('decision_signer')),
                        ])},
            'type': {t.code: t for t in DocumentType.search([
                        ('code', 'in', ['MQĐ01', 'MQĐ02', 'MQĐ33'])])},
            }

    def parse(self, row, refs):
        "The row's values typed and its references found, or RowError"
        pool = Pool()
        Case = pool.get('qltt.case')
        Violation = pool.get('qltt.case.violation')
        Offender = pool.get('qltt.case.offender')
        Field = pool.get('ir.model.field')
        p = parse_text(row, COLUMNS)
        p['offender_id_number'] = parse_code(
            'offender_id_number', row['offender_id_number'])
        for column in DATE_COLUMNS + ['offender_birth_date']:
            p[column] = parse_date(column, row[column])
        for column in AMOUNT_COLUMNS:
            p[column] = parse_amount(column, row[column])
        state = p['state'].lower()
        if state not in IMPORT_STATES:
            raise RowError('state', 'qltt_cases.msg_import_selection',
                value=p['state'], allowed=', '.join(IMPORT_STATES))
        p['state'] = state
        # one principal sanction per act: a fine, or a warning where the
        # decree provides it (Law Art 21(1), 21(3), 22)
        p['sanction'] = (parse_selection('sanction', p['sanction'], SANCTIONS)
            if p['sanction'] else 'fine')
        required = REQUIRED[state]
        if p['sanction'] == 'warning':
            required = [c for c in required if c != 'fine']
        for column in (['case_number', 'inspection_date', 'team_code']
                + required):
            if p[column] in ('', None):
                raise RowError(column, 'qltt_cases.msg_case_import_required',
                    state=state)
        if p['offender_kind']:
            p['offender_kind'] = parse_selection(
                'offender_kind', p['offender_kind'], KINDS)
        if p['legal_basis_code'] and not p['offender_name']:
            raise RowError('offender_name',
                'qltt_cases.msg_case_import_required', state=state)
        if p['offender_name'] and not p['offender_kind']:
            raise RowError('offender_kind',
                'qltt_cases.msg_case_import_required', state=state)
        for column, kind in [('team_code', 'team'),
                ('legal_basis_code', 'basis'), ('decision_signer', 'signer')]:
            if p[column]:
                p[kind] = refs[kind].get(p[column])
                if not p[kind]:
                    raise RowError(column,
                        'qltt_cases.msg_import_unknown',
                        value=p[column])
        # the order of the legal steps (as Case.check_dates)
        previous = None
        for column in DATE_COLUMNS:
            if p[column] is None:
                continue
            if previous and p[column] < p[previous]:
                raise RowError(column, 'qltt_cases.msg_case_import_order',
                    previous=Field.get_name('qltt.case', previous))
            previous = column
        age = self.check_age(p)
        if p['sanction'] == 'warning':
            if not p.get('basis'):
                raise RowError('legal_basis_code',
                    'qltt_cases.msg_case_import_required', state=state)
            # a minor from 14 to under 16 is warned for every act (Law
            # Art 22 as amended by Law 67/2020)
            if not p['basis'].warning and age_group(age) != 'warned':
                raise RowError('sanction',
                    'qltt_cases.msg_case_import_warning_not_provided',
                    act=p['basis'].code)
            if p['fine']:
                raise RowError('fine',
                    'qltt_cases.msg_case_import_warning_fine')
            p['fine'] = None
        if p.get('basis'):
            # the product's own checks of the act, on an unsaved act
            offender = Offender(kind=p['offender_kind'],
                birth_date=p['offender_birth_date'])
            act = Violation(legal_basis=p['basis'], offender=offender,
                goods_value=p['goods_value'], fine=p['fine'],
                case=Case(violation_date=p['violation_date'],
                    inspection_date=p['inspection_date']))
            # a minor's from 16 to under 18 halved (Law Art 134(3))
            low, high = act.fine_bracket()
            if p['fine'] is not None and low is not None and not (
                    low <= p['fine'] <= high):
                raise RowError('fine', 'qltt_cases.msg_case_import_bracket',
                    act=p['basis'].code, low=format_amount(low),
                    high=format_amount(high))
            if not goods_value_fits(p['basis'], p['goods_value']):
                raise RowError('goods_value',
                    'qltt_cases.msg_case_import_value_bracket',
                    act=p['basis'].code, low=format_amount(
                        p['basis'].value_from),
                    high=format_amount(p['basis'].value_to)
                    if p['basis'].value_to is not None else '...')
        elif p['fine'] is not None or p['amount_paid'] is not None:
            raise RowError('legal_basis_code',
                'qltt_cases.msg_case_import_required', state=state)
        if p['amount_paid'] is not None and p['amount_paid'] > (
                p['fine'] or 0):
            raise RowError('amount_paid', 'qltt_cases.msg_case_import_paid')
        if p['decision_number']:
            code = ('MQĐ33' if state == 'transferred'
                else 'MQĐ02' if p['minutes_date'] else 'MQĐ01')
            p['type'] = refs['type'][code]
        pool.get('qltt.case').import_parse(self, row, p)
        return p

    @staticmethod
    def check_age(p):
        """The offender's age on the date of the violation, or None; the
        rules of the Law for minors of a sanctioned act (minor.py)"""
        birth = p['offender_birth_date']
        if not birth:
            return None
        date = p['violation_date'] or p['inspection_date']
        if p['offender_kind'] != 'individual' or birth > date:
            raise RowError('offender_birth_date',
                'qltt_cases.msg_case_import_birth_date')
        age = age_on(birth, date)
        if p['state'] not in {'decided', 'done'} or not p.get('basis'):
            return age
        refusal = age_refusal(age, p['sanction'])
        if refusal:
            raise RowError(
                'offender_birth_date' if refusal == 'not_liable'
                else 'sanction',
                'qltt_cases.msg_case_import_minor_' + refusal, age=age)
        return age

    def check_records(self, refs):
        "What the rows of a case share, and duplicates in the file and in the "
        "database"
        pool = Pool()
        Case = pool.get('qltt.case')
        Document = pool.get('qltt.case.document')
        decisions = {}
        for number, rows in self.new_numbered(Case, 'case_number',
                CASE_COLUMNS, 'qltt_cases.msg_case_import_number_used',
                'qltt_cases.msg_case_import_differs'):
            first_line, first = rows[0]
            acts, offenders = {}, {}
            for line, row in rows:
                if row['offender_name']:
                    # an offender's kind, address and birth date, once
                    offender_line, offender = offenders.setdefault(
                        self.party_key(row), (line, row))
                    for column in OFFENDER_COLUMNS:
                        if row[column] != offender[column]:
                            self.error(line, column,
                                'qltt_cases.msg_case_import_offender_differs',
                                offender=row['offender_name'],
                                number=number, line=offender_line)
                key = (row['offender_id_number'] or row['offender_name'],
                    row['legal_basis_code'])
                if row['legal_basis_code'] and key in acts:
                    self.error(line, 'legal_basis_code',
                        'qltt_cases.msg_import_duplicate',
                        line=acts[key])
                acts.setdefault(key, line)
            self.check_without_minutes(rows)
            if first['decision_number']:
                key = (first['type'].id, first['decision_date'].year,
                    first['decision_number'])
                if key in decisions:
                    self.error(first_line, 'decision_number',
                        'qltt_cases.msg_import_duplicate',
                        line=decisions[key])
                decisions.setdefault(key, first_line)
        numbers = list({k[2] for k in decisions})
        for sub in grouped_slice(numbers, BATCH):
            for document in Document.search([('number', 'in', list(sub))]):
                key = (document.type.id, document.year, document.number)
                if key in decisions:
                    self.error(decisions[key], 'decision_number',
                        'qltt_cases.msg_case_import_decision_used',
                        number=document.number)

    def check_without_minutes(self, rows):
        """A decision without minutes orders only a warning or a fine up to
        the limit (250,000 VND an individual, twice an organisation) per
        violator (Law Art 56(1) as amended by Law 67/2020), as
        Case.check_without_minutes on a decision made in the product"""
        Configuration = Pool().get('qltt.configuration')
        first_line, first = rows[0]
        if (first['state'] not in {'decided', 'done'}
                or first['minutes_date'] or not first['decision_number']):
            return
        with Transaction().set_context(company=self.company.id):
            limit = Configuration(1).without_minutes_limit
        fines = OrderedDict()  # per offender, as they are written
        for line, row in rows:
            if row['offender_name']:
                entry = fines.setdefault(
                    self.party_key(row), [line, row, Decimal(0)])
                entry[2] += row['fine'] or 0
        for line, row, fine in fines.values():
            top = limit * offender_multiplier(row['offender_kind'])
            if fine > top:
                self.error(line, 'minutes_date',
                    'qltt_cases.msg_case_import_without_minutes',
                    offender=row['offender_name'], fine=format_amount(fine),
                    limit=format_amount(top))

    # Writing -----------------------------------------------------------

    def parties(self, numbers):
        "The offenders' parties: found by id number, else created"
        pool = Pool()
        Party = pool.get('party.party')
        Identifier = pool.get('party.identifier')
        Address = pool.get('party.address')
        wanted = OrderedDict()
        for number in numbers:
            for _, row in self.cases[number]:
                if row['offender_name']:
                    wanted.setdefault(self.party_key(row), row)
        ids = [k[0] for k in wanted if k[0]]
        parties = {}
        for sub in grouped_slice(ids, BATCH):
            for identifier in Identifier.search(
                    [('code', 'in', list(sub))]):
                parties[(identifier.code, None)] = identifier.party
        to_create = [(k, r) for k, r in wanted.items() if k not in parties]
        # the party codes in one call to their sequence
        sequence = Party._code_sequence()
        codes = (list(sequence.get_many(len(to_create)))
            if sequence and to_create else [None] * len(to_create))
        created = Party.create([{'name': r['offender_name'], 'code': code}
                for (_, r), code in zip(to_create, codes)])
        # their addresses and identifiers in one create each (nested in
        # the parties' create, they were created party by party)
        Address.create([{
                    'party': p.id,
                    'street_unstructured': r['offender_address'],
                    } for p, (_, r) in zip(created, to_create)
                if r['offender_address']])
        Identifier.create([{'party': p.id, 'code': r['offender_id_number']}
                for p, (_, r) in zip(created, to_create)
                if r['offender_id_number']])
        parties.update(zip((k for k, _ in to_create), created))
        return parties

    @staticmethod
    def party_key(row):
        if row['offender_id_number']:
            return (row['offender_id_number'], None)
        return (None, (row['offender_name'], row['offender_address']))

    def write_batch(self, numbers):
        pool = Pool()
        Case = pool.get('qltt.case')
        Offender = pool.get('qltt.case.offender')
        Violation = pool.get('qltt.case.violation')
        Document = pool.get('qltt.case.document')
        parties = self.parties(numbers)
        case_values = []
        for number in numbers:
            line, row = self.cases[number][0]
            paid = [r['amount_paid'] for _, r in self.cases[number]
                if r['amount_paid'] is not None]
            transferred = row['state'] == 'transferred'
            case_values.append({
                    'company': self.company.id,
                    'number': number,
                    'team': row['team'].id,
                    'inspection_date': row['inspection_date'],
                    'violation_date': (
                        row['violation_date'] or row['inspection_date']),
                    'minutes_date': row['minutes_date'],
                    'sanction_without_minutes': bool(
                        row['decision_number'] and not row['minutes_date']
                        and not transferred),
                    'decision_date': (
                        None if transferred else row['decision_date']),
                    'transfer_date': (
                        row['decision_date'] if transferred else None),
                    'decision_signer': (
                        row['signer'].id if row.get('signer') else None),
                    'import_file': self.file_name,
                    'import_row': line,
                    'import_amount_paid': sum(paid) if paid else None,
                    })
        cases = Case.create(case_values)
        offender_values, offender_keys = [], []
        for case in cases:
            seen = {}
            for _, row in self.cases[case.number]:
                if not row['offender_name']:
                    continue
                key = self.party_key(row)
                if key in seen:
                    continue
                seen[key] = len(seen) + 1
                offender_keys.append((case.id, key))
                offender_values.append({
                        'case': case.id,
                        'party': parties[key].id,
                        'kind': row['offender_kind'],
                        'birth_date': row['offender_birth_date'],
                        'sequence': seen[key],
                        })
        offenders = dict(zip(offender_keys, Offender.create(offender_values)))
        self.offenders = offenders  # of this batch (Case.imported)
        act_values, document_values = [], []
        for case in cases:
            rows = self.cases[case.number]
            for _, row in rows:
                if not row.get('basis'):
                    continue
                act_values.append({
                        'case': case.id,
                        'offender': offenders[
                            (case.id, self.party_key(row))].id,
                        'legal_basis': row['basis'].id,
                        'goods_value': row['goods_value'],
                        'sanction': row['sanction'],
                        'fine': row['fine'],
                        })
            row = rows[0][1]
            if row['decision_number']:
                document_values.append({
                        'case': case.id,
                        'type': row['type'].id,
                        'number': row['decision_number'],
                        'year': row['decision_date'].year,
                        'date': row['decision_date'],
                        'signer': row['signer'].id,
                        'state': 'issued',
                        })
        Violation.create(act_values)
        Document.create(document_values)
        # the final state last: the acts of a closed case are frozen
        by_state = {}
        for case in cases:
            by_state.setdefault(
                self.cases[case.number][0][1]['state'], []).append(case)
        to_write = []
        for state, records in by_state.items():
            assert state in CLOSED_STATES
            to_write.extend((records, {'state': state}))
        Case.write(*to_write)
        Case.imported(cases, self)


register('cases', CaseImport)


def import_cases(data, file_name, company=None):
    "The cases of the file imported (CaseImport.run)"
    return CaseImport.run(data, file_name, company)


class CaseImportWizard(FileImportWizard, Wizard):
    "Import past cases from a CSV or XLSX file"
    __name__ = 'qltt.case.import'
    importer = CaseImport
