# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Deadline notifications by e-mail (issue #7).

The four on-time triggers of qltt_cases, qltt_warehouse, qltt_finance and
qltt_hr are run by `ir.trigger.trigger_time` (what the `ir.trigger|
trigger_time` cron calls) against a real SMTP server (aiosmtpd on
127.0.0.1, free port) started by the test; the test reads the messages it
received.  notification_email sends through an SMTPDataManager joined to the
transaction, so nothing leaves before the commit: the test commits.
"""
import datetime as dt
import email
import email.policy
import socket
import unittest
from decimal import Decimal

from aiosmtpd.controller import Controller
from proteus import Model

import trytond.config as config
from trytond.modules.account.tests.tools import create_fiscalyear
from trytond.modules.qltt_cases.tests.tools import (
    create_officer, create_team, create_unit, deliver_decision,
    legal_basis)
from trytond.modules.qltt_cases.tests.form_tools import load_vietnamese
from trytond.modules.qltt_finance.tests.tools import (
    create_finance, decide_case)
from trytond.pool import Pool
from trytond.tests.tools import activate_modules
from trytond.transaction import Transaction
from trytond.worker import run_task


class Mailbox:
    "aiosmtpd handler keeping the messages received"

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(
            envelope.original_content or envelope.content,
            policy=email.policy.default)
        self.messages.append((list(envelope.rcpt_tos), message))
        return '250 OK'


def body(message):
    part = message.get_body(preferencelist=('plain', 'html'))
    return part.get_content()


class NotificationTestCase(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.mailbox = Mailbox()
        # a free port given by the OS (Controller.start connects to its
        # port to check that it listens, so it cannot be 0)
        with socket.socket() as sock:
            sock.bind(('127.0.0.1', 0))
            port = sock.getsockname()[1]
        cls.controller = Controller(
            cls.mailbox, hostname='127.0.0.1', port=port)
        cls.controller.start()
        cls._email = {k: config.get('email', k)
            for k in ['uri', 'from']}
        if not config.has_section('email'):
            config.add_section('email')
        config.set('email', 'uri', f'smtp://127.0.0.1:{port}')
        config.set('email', 'from', 'qltt-erp@qltt.example')

    @classmethod
    def tearDownClass(cls):
        cls.controller.stop()
        for key, value in cls._email.items():
            config.set('email', key, value)

    def run_cron(self, database_name):
        """What the ir.trigger|trigger_time cron does, committed, then the
        e-mails it queued ("send after": without a trytond-worker the cron
        runs them itself, as here)"""
        with Transaction().start(database_name, 0) as transaction:
            Pool(database_name).get('ir.trigger').trigger_time()
            transaction.commit()
            # taken from the list as ir.cron does (it outlives the
            # transaction)
            tasks = []
            while transaction.tasks:
                tasks.append(transaction.tasks.pop())
        for task_id in tasks:
            run_task(database_name, task_id)

    def test_deadline_notifications(self):
        today = dt.date.today()
        cfg = activate_modules(['qltt_finance', 'qltt_hr'], create_unit)
        old = today - dt.timedelta(days=60)
        create_finance(today.year)
        if old.year != today.year:
            fiscalyear = create_fiscalyear(today=(
                    dt.date(old.year, 1, 1), dt.date(old.year, 12, 31)))
            fiscalyear.save()
            fiscalyear.click('create_period')
        Party = Model.get('party.party')
        Employee = Model.get('company.employee')
        Case = Model.get('qltt.case')
        Seizure = Model.get('qltt.seizure')
        Fine = Model.get('qltt.fine')
        Template = Model.get('product.template')
        Uom = Model.get('product.uom')

        def with_email(party, address):
            party = Party(party.id)
            party.contact_mechanisms.new(type='email', value=address)
            party.save()

        leader, _ = create_officer("Trần Thị Bình", officer_number='0007',
            authority='team_leader')
        inspector, _ = create_officer("Nguyễn Văn An", officer_number='0123',
            authority='controller')
        keeper, _ = create_officer("Lê Văn Kho")
        expiring, _ = create_officer("Phạm Thu Hà")
        renewed, _ = create_officer("Đỗ Minh Khôi")
        # one officer reads Vietnamese: her e-mail comes from vi.po
        Lang = Model.get('ir.lang')
        vietnamese, = Lang.find([('code', '=', 'vi')])
        load_vietnamese(cfg)
        party = Party(expiring.party.id)
        party.lang = vietnamese
        party.save()
        for officer, address in [
                (leader, 'binh@qltt.example'),
                (inspector, 'an@qltt.example'),
                (keeper, 'kho@qltt.example'),
                (expiring, 'ha@qltt.example'),
                (renewed, 'khoi@qltt.example'),
                ]:
            with_email(officer.party, address)
        team = create_team('01', "Đội QLTT số 1", leader=leader,
            members=[leader, inspector])

        # Inspector cards: one ends in 10 days, the others in about 5 years
        for officer, number, end in [
                (leader, 'QLTT-0007', today + dt.timedelta(days=1700)),
                (inspector, 'QLTT-0123', today + dt.timedelta(days=1700)),
                (expiring, 'QLTT-0451', today + dt.timedelta(days=10)),
                (renewed, 'QLTT-0452', today + dt.timedelta(days=1700)),
                ]:
            officer = Employee(officer.id)
            officer.card_number = number
            officer.card_issue_date = today - dt.timedelta(days=100)
            officer.card_expiry_date = end
            officer.card_status = 'active'
            officer.save()

        def recorded_case(offender_name, minutes_date):
            offender = Party(name=offender_name)
            offender.save()
            case = Case(team=team, offender=offender,
                offender_kind='organisation', inspection_date=minutes_date)
            case.inspectors.append(Employee(inspector.id))
            violation = case.violations.new()
            violation.legal_basis = legal_basis('ND98-A15-K1-c')
            violation.goods_value = Decimal(8_000_000)
            case.save()
            case.click('start_inspection')
            case.minutes_date = minutes_date
            case.save()
            case.click('record')
            return Case(case.id)

        # Decision deadline of 7 working days from the minutes (Law Art
        # 66(1) as amended in 2020): 21 days hold at least 8 working days,
        # Tết included, so the near one is due by today
        near = recorded_case("Hộ kinh doanh Hoa Mai",
            today - dt.timedelta(days=21))
        far = recorded_case("Công ty TNHH Xa Hạn", today)
        self.assertEqual(near.state, 'recorded')
        self.assertLessEqual(near.decision_deadline,
            today + dt.timedelta(days=2))
        self.assertGreater(far.decision_deadline,
            today + dt.timedelta(days=2))

        # Goods held for 07 working days from the seizure (Law Art 125(8)
        # as amended in 2020): seized 7 working days before the first
        # working day from today, the term ends in the next days
        Holiday = Model.get('qltt.holiday')
        days_off = {h.date: h.kind for h in Holiday.find([
                    ('date', '>=', today - dt.timedelta(days=40)),
                    ('date', '<=', today + dt.timedelta(days=15))])}

        def working(date):
            if date in days_off:
                return days_off[date] == 'working'
            return date.weekday() < 5
        term_end = today
        while not working(term_end):
            term_end += dt.timedelta(days=1)
        seizure_date, count = term_end, 7
        while count:
            seizure_date -= dt.timedelta(days=1)
            count -= working(seizure_date)
        unit, = Uom.find([('name', '=', 'Unit')])
        template = Template(name="Mỹ phẩm", type='goods', default_uom=unit)
        template.save()
        cosmetics, = template.products
        seizure = Seizure(case=far, seizure_date=seizure_date)
        seizure.lines.new(product=cosmetics, quantity=400,
            category='smuggled', unit_value=Decimal(20_000))
        seizure.save()
        # the administrator holds the goods as the warehouse keeper
        User = Model.get('res.user')
        admin = User(cfg.user)
        admin.employees.append(Employee(keeper.id))
        admin.employee = Employee(keeper.id)
        admin.save()
        cfg._context = User.get_preferences(True, {})
        seizure.click('hold')
        seizure = Seizure(seizure.id)
        self.assertEqual(seizure.held_by.id, keeper.id)
        self.assertEqual(seizure.state, 'held')
        self.assertEqual(seizure.term_end, term_end)
        self.assertLessEqual(seizure.term_end, today + dt.timedelta(days=5))

        # A fine decided 60 days ago: due 10 days after receipt (Art 73)
        offender = Party(name="Công ty TNHH Mỹ phẩm Hàn Việt")
        offender.save()
        with_email(offender, 'ketoan@hanviet.example')
        decided = decide_case(offender, team, inspector, leader,
            'ND98-A15-K1-c', goods_value=Decimal(8_000_000),
            inspection_date=old)
        # received the day after the decision: the 10 days run from the
        # recorded delivery (Law Art 70, 73(1))
        deliver_decision(decided,
            decided.decision_date + dt.timedelta(days=1))
        fine = Fine(decided.fine.id)
        self.assertEqual(fine.state, 'open')
        self.assertLess(fine.due_date, today)

        self.mailbox.messages.clear()
        self.run_cron(cfg.database_name)
        # the far case, the decided case and the cards far from their end
        # are not notified: exactly 4 messages, one to each
        self.assertEqual(len(self.mailbox.messages), 4,
            msg=[m['Subject'] for _, m in self.mailbox.messages])
        received = {tuple(rcpt): message
            for rcpt, message in self.mailbox.messages}
        self.assertEqual(sorted(received), [
                ('an@qltt.example',),
                ('ha@qltt.example',),
                ('ketoan@hanviet.example',),
                ('kho@qltt.example',),
                ], msg=[m['Subject'] for m in received.values()])

        message = received[('an@qltt.example',)]
        self.assertIn(near.number, message['Subject'])
        self.assertIn(near.number, body(message))
        self.assertIn(near.decision_deadline.strftime('%m/%d/%Y'),
            body(message))

        message = received[('kho@qltt.example',)]
        self.assertIn(seizure.number, message['Subject'])
        self.assertIn(seizure.number, body(message))

        message = received[('ketoan@hanviet.example',)]
        self.assertIn(decided.number, message['Subject'])
        self.assertIn("overdue", body(message))
        self.assertIn(offender.name, body(message))

        message = received[('ha@qltt.example',)]
        # Python 3.11's e-mail header folder drops the space where it splits
        # a long non-ASCII subject into two encoded words ("QLTT-0451sắp"):
        # a stdlib defect, so the two halves are checked
        self.assertTrue(message['Subject'].startswith(
                "Thẻ kiểm tra thị trường QLTT-0451"), message['Subject'])
        self.assertTrue(message['Subject'].endswith("sắp hết hạn"),
            message['Subject'])
        self.assertIn("Thẻ kiểm tra thị trường QLTT-0451 của Phạm Thu Hà "
            "có hiệu lực đến ngày", body(message))
        self.assertIn("Pháp lệnh Quản lý thị trường, Điều 12", body(message))
        self.assertEqual(message['From'], 'qltt-erp@qltt.example')

        # Sent once: the next run of the cron sends nothing more
        self.mailbox.messages.clear()
        self.run_cron(cfg.database_name)
        self.assertEqual(self.mailbox.messages, [])

        # Each e-mail is recorded on its record (ir.email)
        IrEmail = Model.get('ir.email')
        self.assertEqual(
            len(IrEmail.find([('resource', '=', f'qltt.case,{near.id}')])), 1)
