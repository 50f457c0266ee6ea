# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Import of the business register (issue 25) from CSV or XLSX:
docs/import.md, layout "Business register".

One row per premises or licence of a business: the rows of a business
share its tax code (or id number: the key), name and lines of business;
each row may add a premises (address and area) and a licence.

A business already known (a party with that identifier: entered by hand,
an offender of a case, or imported before) is matched, never duplicated,
and only completed: it is put in the register, its lines of business are
filled when empty, and the premises and licences of the file it lacks are
added; its name and what it has are left as they are.  So the same file
imported twice adds nothing the second time.

Checks kept: types, the areas exist (country subdivisions), the licence
kinds, a licence's expiry not before its issue, the rows of a business
agree, duplicates in the file (premises of a business, licences) and in
the database (a licence held by another business, a tax code of several
parties)."""
from trytond.modules.qltt_cases.commitment_import import (
    parties_by_code, subdivisions_by_code)
from trytond.modules.qltt_cases.import_file import (
    FileImport, FileImportWizard, RowError, parse_code, parse_date,
    parse_selection, parse_text, register)
from trytond.i18n import gettext
from trytond.pool import Pool
from trytond.tools import grouped_slice
from trytond.wizard import Wizard

COLUMNS = [
    'tax_code', 'name', 'business_lines', 'address', 'area_code',
    'licence_kind', 'licence_number', 'licence_issuer',
    'licence_issue_date', 'licence_expiry_date',
    ]
# the same on every row of a business
BUSINESS_COLUMNS = ['name', 'business_lines']
LICENCE_COLUMNS = [
    'licence_kind', 'licence_issuer', 'licence_issue_date',
    'licence_expiry_date']
LICENCE_KINDS = {
    'enterprise': 'enterprise', 'doanh nghiệp': 'enterprise',
    'household': 'household', 'hộ kinh doanh': 'household',
    'conditional': 'conditional', 'có điều kiện': 'conditional',
    'food_safety': 'food_safety', 'attp': 'food_safety',
    'other': 'other', 'khác': 'other',
    }
BATCH = 500


def premises_key(street, area):
    return (' '.join((street or '').split()).lower(),
        area.id if area else None)


class BusinessImport(FileImport):
    "Check then write (or complete) the businesses of a file"
    columns = COLUMNS
    optional_columns = set(COLUMNS) - {'tax_code', 'name'}
    batch_size = BATCH
    done_message = 'qltt_office.msg_business_import_done'

    def __init__(self, company, file_name):
        super().__init__(company, file_name)
        self.existing = {}  # tax code: party already known
        self.to_add = {}  # tax code: (premises rows, licence rows)

    @staticmethod
    def key(parsed):
        return parsed['tax_code']

    def references(self, rows):
        def values(column):
            return list({str(r[column]).strip() for _, r in rows
                    if r[column] not in ('', None)})
        return {
            'area': subdivisions_by_code(values('area_code')),
            'party': parties_by_code(values('tax_code')),
            }

    def parse(self, row, refs):
        p = parse_text(row, COLUMNS)
        p['tax_code'] = parse_code('tax_code', row['tax_code'])
        for column in ['licence_issue_date', 'licence_expiry_date']:
            p[column] = parse_date(column, row[column])
        for column in ['tax_code', 'name']:
            if not p[column]:
                raise RowError(column, 'qltt_cases.msg_import_required')
        p['area'] = None
        if p['area_code']:
            p['area'] = refs['area'].get(p['area_code'])
            if not p['area']:
                raise RowError('area_code',
                    'qltt_office.msg_business_import_area',
                    value=p['area_code'])
        elif p['address']:
            raise RowError('area_code', 'qltt_cases.msg_import_required')
        if p['licence_number']:
            if not p['licence_kind']:
                raise RowError('licence_kind',
                    'qltt_cases.msg_import_required')
            p['licence_kind'] = parse_selection(
                'licence_kind', p['licence_kind'], LICENCE_KINDS)
        else:
            for column in LICENCE_COLUMNS:
                if p[column] not in ('', None):
                    raise RowError('licence_number',
                        'qltt_cases.msg_import_required')
        if (p['licence_issue_date'] and p['licence_expiry_date']
                and p['licence_expiry_date'] < p['licence_issue_date']):
            raise RowError('licence_expiry_date',
                'qltt_office.msg_business_import_licence_dates')
        return p

    def check_records(self, refs):
        pool = Pool()
        Licence = pool.get('qltt.business.licence')
        licences = {}  # (kind, number): (line, tax code)
        ambiguous = set()
        for code, rows in self.records.items():
            first_line, first = rows[0]
            premises = {}
            for line, row in rows:
                for column in BUSINESS_COLUMNS:
                    if row[column] != first[column]:
                        self.error(line, column,
                            'qltt_office.msg_business_import_differs',
                            code=code, line=first_line)
                if row['address'] or row['area']:
                    key = premises_key(row['address'], row['area'])
                    if key in premises:
                        self.error(line, 'address',
                            'qltt_cases.msg_import_duplicate',
                            line=premises[key])
                    premises.setdefault(key, line)
                if row['licence_number']:
                    key = (row['licence_kind'], row['licence_number'])
                    if key in licences:
                        self.error(line, 'licence_number',
                            'qltt_cases.msg_import_duplicate',
                            line=licences[key][0])
                    licences.setdefault(key, (line, code))
            parties = refs['party'].get(code, [])
            if len(parties) > 1:
                self.error(first_line, 'tax_code',
                    'qltt_cases.msg_import_ambiguous', value=code)
                ambiguous.add(code)
            elif parties:
                self.existing[code] = parties[0]
        # a licence held by another business
        numbers = list({n for _, n in licences})
        for sub in grouped_slice(numbers, BATCH):
            for licence in Licence.search([('number', 'in', list(sub))]):
                key = (licence.kind, licence.number)
                if key not in licences:
                    continue
                line, code = licences[key]
                if (code not in ambiguous
                        and self.existing.get(code) != licence.party):
                    self.error(line, 'licence_number',
                        'qltt_office.msg_business_import_licence_used',
                        number=licence.number,
                        business=licence.party.rec_name)
        for code, party in self.existing.items():
            to_add = self.missing(party, self.records[code])
            if not any(to_add):
                self.skip(code, party)
            else:
                self.to_add[code] = to_add

    @staticmethod
    def missing(party, rows):
        """What the rows add to a party already known: whether to put it
        in the register, its lines of business, premises, licences"""
        _, first = rows[0]
        has_premises = {premises_key(a.street, a.subdivision)
            for a in party.addresses}
        has_licences = {(l.kind, l.number) for l in party.qltt_licences}
        premises, licences = [], []
        for _, row in rows:
            if row['address'] or row['area']:
                key = premises_key(row['address'], row['area'])
                if key not in has_premises:
                    has_premises.add(key)
                    premises.append(row)
            if (row['licence_number'] and (row['licence_kind'],
                        row['licence_number']) not in has_licences):
                licences.append(row)
        lines = (first['business_lines']
            if first['business_lines'] and not party.qltt_business_lines
            else None)
        return (not party.qltt_business, lines, premises, licences)

    @staticmethod
    def address_values(row):
        return {
            'street_unstructured': row['address'] or None,
            'subdivision': row['area'].id if row['area'] else None,
            'country': row['area'].country.id if row['area'] else None,
            }

    @staticmethod
    def licence_values(row):
        return {
            'kind': row['licence_kind'],
            'number': row['licence_number'],
            'issuer': row['licence_issuer'] or None,
            'issue_date': row['licence_issue_date'],
            'expiry_date': row['licence_expiry_date'],
            }

    def write_batch(self, codes):
        pool = Pool()
        Party = pool.get('party.party')
        Address = pool.get('party.address')
        Licence = pool.get('qltt.business.licence')
        new = [c for c in codes if c not in self.existing]
        sequence = Party._code_sequence()
        party_codes = (list(sequence.get_many(len(new)))
            if sequence and new else [None] * len(new))
        party_values = []
        for code, party_code in zip(new, party_codes):
            rows = self.records[code]
            line, first = rows[0]
            premises = {}
            for _, row in rows:
                if row['address'] or row['area']:
                    premises.setdefault(
                        premises_key(row['address'], row['area']), row)
            party_values.append({
                    'name': first['name'],
                    'code': party_code,
                    'qltt_business': True,
                    'qltt_business_lines': first['business_lines'] or None,
                    'identifiers': [('create', [{'code': code}])],
                    'addresses': [('create', [self.address_values(r)
                                for r in premises.values()])],
                    'qltt_licences': [('create', [self.licence_values(r)
                                for _, r in rows if r['licence_number']])],
                    'import_file': self.file_name,
                    'import_row': line,
                    })
        Party.create(party_values)
        # the businesses already known: completed, one call per model
        to_write, addresses, licences = [], [], []
        for code in codes:
            if code not in self.existing:
                continue
            party = self.existing[code]
            register_, lines, premises, new_licences = self.to_add[code]
            values = {}
            if register_:
                values['qltt_business'] = True
            if lines:
                values['qltt_business_lines'] = lines
            if values:
                to_write.extend(([party], values))
            addresses.extend(dict(self.address_values(r), party=party.id)
                for r in premises)
            licences.extend(dict(self.licence_values(r), party=party.id)
                for r in new_licences)
        if to_write:
            Party.write(*to_write)
        Address.create(addresses)
        Licence.create(licences)

    def summary(self, earlier=0):
        if self.errors:
            return super().summary()
        completed = len([c for c in self.created if c in self.existing])
        return gettext(self.done_message,
            created=len(self.created) - completed + earlier,
            completed=completed, skipped=len(self.skipped) - earlier)


register('businesses', BusinessImport)


class BusinessImportWizard(FileImportWizard, Wizard):
    "Import the business register from a CSV or XLSX file"
    __name__ = 'qltt.business.import'
    importer = BusinessImport
