# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Import of the commitments signed by businesses (issue 25) from CSV or
XLSX: docs/import.md, layout "Commitments".

One row per commitment.  The business is found by its tax code or id
number among the parties (import the business register first); a number
no party has is a bad row, so no business is made up from a commitment.
A commitment has no number of its own: it is keyed by its business and
its date, so a file imported twice adds nothing the second time, and a
commitment of the same business and day entered in the product by hand is
a bad row (remove the row: the commitment is already there).

Checks kept: types, references (team, officer of the department, area),
no date after today, duplicates in the file and in the database."""
from trytond.pool import Pool
from trytond.tools import grouped_slice
from trytond.transaction import Transaction
from trytond.wizard import Wizard

from .import_file import (
    FileImport, FileImportWizard, RowError, parse_code, parse_date,
    parse_text, register)

COLUMNS = [
    'tax_code', 'date', 'team_code', 'officer_number', 'area_code',
    'content',
    ]
REQUIRED = ['tax_code', 'date', 'team_code']
BATCH = 500


def parties_by_code(codes):
    """code: [party] of the parties whose identifier is one of codes (a
    code of several parties is ambiguous: the caller says so)"""
    pool = Pool()
    Identifier = pool.get('party.identifier')
    found = {}
    for sub in grouped_slice(list(codes), BATCH):
        for identifier in Identifier.search([('code', 'in', list(sub))]):
            parties = found.setdefault(identifier.code, [])
            if identifier.party not in parties:
                parties.append(identifier.party)
    return found


def subdivisions_by_code(codes):
    "code: country.subdivision (inactive ones too: past records name them)"
    Subdivision = Pool().get('country.subdivision')
    with Transaction().set_context(active_test=False):
        return {s.code: s for s in Subdivision.search(
                [('code', 'in', list(codes))])}


class CommitmentImport(FileImport):
    "Check then write the commitments of a file for the department"
    columns = COLUMNS
    optional_columns = set(COLUMNS) - set(REQUIRED)
    batch_size = BATCH
    done_message = 'qltt_cases.msg_commitment_import_done'

    @staticmethod
    def key(parsed):
        return (parsed['tax_code'], parsed['date'])

    def references(self, rows):
        pool = Pool()
        Team = pool.get('qltt.team')
        Employee = pool.get('company.employee')

        def values(column):
            return list({str(r[column]).strip() for _, r in rows
                    if r[column] not in ('', None)})
        company = self.company.id
        return {
            'business': parties_by_code(values('tax_code')),
            'team': {t.code: t for t in Team.search([
                        ('company', '=', company),
                        ('code', 'in', values('team_code'))])},
            'officer': {e.officer_number: e for e in Employee.search([
                        ('company', '=', company),
                        ('officer_number', 'in', values('officer_number')),
                        ])},
            'area': subdivisions_by_code(values('area_code')),
            'today': Pool().get('ir.date').today(),
            }

    def parse(self, row, refs):
        p = parse_text(row, COLUMNS)
        p['tax_code'] = parse_code('tax_code', row['tax_code'])
        p['date'] = parse_date('date', row['date'])
        for column in REQUIRED:
            if p[column] in ('', None):
                raise RowError(column, 'qltt_cases.msg_import_required')
        if p['date'] > refs['today']:
            raise RowError('date', 'qltt_cases.msg_import_future')
        parties = refs['business'].get(p['tax_code'], [])
        if not parties:
            raise RowError('tax_code',
                'qltt_cases.msg_commitment_import_business',
                value=p['tax_code'])
        if len(parties) > 1:
            raise RowError('tax_code', 'qltt_cases.msg_import_ambiguous',
                value=p['tax_code'])
        p['business'], = parties
        for column, kind in [('team_code', 'team'),
                ('officer_number', 'officer'), ('area_code', 'area')]:
            p[kind] = None
            if p[column]:
                p[kind] = refs[kind].get(p[column])
                if not p[kind]:
                    raise RowError(column, 'qltt_cases.msg_import_unknown',
                        value=p[column])
        return p

    def check_records(self, refs):
        "Duplicates in the file and in the database"
        Commitment = Pool().get('qltt.commitment')
        for key, rows in self.records.items():
            for line, _ in rows[1:]:
                self.error(line, 'date', 'qltt_cases.msg_import_duplicate',
                    line=rows[0][0])
        first = {(rows[0][1]['business'].id, date): (rows[0][0], code)
            for (code, date), rows in self.records.items()}
        businesses = list({b for b, _ in first})
        for sub in grouped_slice(businesses, BATCH):
            for commitment in Commitment.search([
                        ('company', '=', self.company.id),
                        ('business', 'in', list(sub)),
                        ]):
                key = (commitment.business.id, commitment.date)
                if key not in first:
                    continue
                line, code = first[key]
                if commitment.import_file:
                    self.skip((code, commitment.date), commitment)
                else:
                    self.error(line, 'date',
                        'qltt_cases.msg_commitment_import_entered',
                        business=commitment.business.rec_name,
                        date=commitment.date.strftime('%d/%m/%Y'))

    def write_batch(self, keys):
        Commitment = Pool().get('qltt.commitment')
        values = []
        for key in keys:
            line, row = self.records[key][0]
            values.append({
                    'company': self.company.id,
                    'business': row['business'].id,
                    'date': row['date'],
                    'team': row['team'].id,
                    'officer': row['officer'].id if row['officer'] else None,
                    'area': row['area'].id if row['area'] else None,
                    'content': row['content'] or None,
                    'import_file': self.file_name,
                    'import_row': line,
                    })
        Commitment.create(values)


register('commitments', CommitmentImport)


class CommitmentImportWizard(FileImportWizard, Wizard):
    "Import signed commitments from a CSV or XLSX file"
    __name__ = 'qltt.commitment.import'
    importer = CommitmentImport
