# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
import datetime as dt
import unittest

from trytond.modules.company.tests import (
    CompanyTestMixin, create_company, set_company)
from trytond.modules.qltt_office.exceptions import (
    INSImportError, OfficeValidationError)
from trytond.modules.qltt_office.ins import ascii_name
from trytond.pool import Pool
from trytond.tests.test_tryton import ModuleTestCase, with_transaction

D = dt.date


class AsciiNameTestCase(unittest.TestCase):
    "File names in the exported case file"

    def test_ascii_name(self):
        self.assertEqual(ascii_name('MQĐ02'), 'MQD02')
        self.assertEqual(ascii_name('27010001/QĐ-XPHC'), '27010001-QD-XPHC')
        self.assertEqual(ascii_name('Biên bản'), 'Bien-ban')


class QlttOfficeTestCase(CompanyTestMixin, ModuleTestCase):
    "Test QLTT Office module"
    module = 'qltt_office'

    def _case(self):
        pool = Pool()
        Case = pool.get('qltt.case')
        Team = pool.get('qltt.team')
        team = Team(code='01', name="Team 1")
        team.save()
        case = Case(team=team)
        case.save()
        return case

    @with_transaction()
    def test_ins_deadline(self):
        "48 hours after signing: the end of the second day after it"
        pool = Pool()
        Document = pool.get('qltt.case.document')
        DocumentType = pool.get('qltt.case.document.type')
        company = create_company()
        with set_company(company):
            document = Document(
                case=self._case(), type=DocumentType.get_by_code('MBB01'),
                date=D(2026, 3, 6))
            document.save()
            self.assertEqual(document.ins_deadline, D(2026, 3, 8))
            document.date = D(2026, 3, 7)
            document.save()
            self.assertEqual(document.ins_deadline, D(2026, 3, 9))

    @with_transaction()
    def test_ins_status(self):
        "Due from the day before the deadline, overdue after it"
        pool = Pool()
        Document = pool.get('qltt.case.document')
        Date = pool.get('ir.date')
        today = Date.today()
        for deadline, uploaded, expected in [
                (today + dt.timedelta(days=2), None, 'pending'),
                (today + dt.timedelta(days=1), None, 'due'),
                (today, None, 'due'),
                (today - dt.timedelta(days=1), None, 'overdue'),
                (today - dt.timedelta(days=1), today, 'uploaded'),
                ]:
            with self.subTest(deadline=deadline, uploaded=uploaded):
                document = Document(state='issued', ins_deadline=deadline,
                    ins_uploaded_date=uploaded)
                self.assertEqual(
                    document.get_ins_status('ins_status'), expected)
        self.assertIsNone(
            Document(state='draft').get_ins_status('ins_status'))

    @with_transaction()
    def test_incoming_dates(self):
        "A reply cannot be due before the letter is received"
        pool = Pool()
        Incoming = pool.get('qltt.incoming.document')
        Party = pool.get('party.party')
        company = create_company()
        with set_company(company):
            sender = Party(name="Công an tỉnh")
            sender.save()
            for values in [
                    {'received_date': D(2026, 3, 5),
                        'reply_due_date': D(2026, 3, 4)},
                    {'received_date': D(2026, 3, 5),
                        'sender_date': D(2026, 3, 6)},
                    ]:
                with self.subTest(**values):
                    with self.assertRaises(OfficeValidationError):
                        Incoming.create([{'sender': sender.id,
                                    'summary': "x", **values}])
            incoming, = Incoming.create([{'sender': sender.id,
                        'summary': "x", 'received_date': D(2026, 3, 5),
                        'sender_date': D(2026, 3, 4),
                        'reply_due_date': D(2026, 3, 5)}])
            self.assertTrue(incoming.number.startswith('DEN-'))

    @with_transaction()
    def test_outgoing_numbers(self):
        "Decree 30/2020 Art 15: from 01 each year, per type, unit symbol"
        pool = Pool()
        Outgoing = pool.get('qltt.outgoing.document')
        Type = pool.get('qltt.outgoing.document.type')
        Employee = pool.get('company.employee')
        Party = pool.get('party.party')
        company = create_company()
        with set_company(company):
            party = Party(name="Signer")
            party.save()
            signer = Employee(party=party)
            signer.save()
            letter, = Type.search([('code', '=', 'CV')])
            decision, = Type.search([('code', '=', 'QD')])
            documents = [
                Outgoing(type=decision, date=D(2026, 12, 30), summary="a",
                    signer=signer),
                Outgoing(type=decision, date=D(2026, 12, 31), summary="b",
                    signer=signer),
                Outgoing(type=letter, date=D(2026, 12, 31), summary="c",
                    signer=signer),
                Outgoing(type=decision, date=D(2027, 1, 2), summary="d",
                    signer=signer),
                ]
            Outgoing.save(documents)
            Outgoing.issue(documents)
            self.assertEqual([d.number for d in documents], [
                    '01/QĐ-CCQLTT', '02/QĐ-CCQLTT', '01/CCQLTT',
                    '01/QĐ-CCQLTT'])

    @with_transaction()
    def test_ins_parse_refuses(self):
        "A file that is not an INS CSV export is refused"
        pool = Pool()
        Document = pool.get('qltt.case.document')
        for data in [
                b'%PDF-1.4\x00\xff\xfe binary',
                b'',
                'case_number,type_code,date\nVV-1,MBB01,01/01/2026\n'.encode(),
                ('case_number,type_code,ins_number,date,'
                    'signer_officer_number\n').encode(),
                ]:
            with self.subTest(data=data):
                with self.assertRaises(INSImportError):
                    Document.ins_parse(data, 'ins.csv')


del ModuleTestCase
