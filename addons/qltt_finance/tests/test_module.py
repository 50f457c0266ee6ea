# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
import datetime as dt
import random
import unittest
from decimal import Decimal

from trytond.modules.account.tests import create_chart
from trytond.modules.company.tests import (
    CompanyTestMixin, create_company, set_company)
from trytond.modules.qltt_finance import surcharge
from trytond.modules.qltt_finance.exceptions import FinanceError
from trytond.pool import Pool
from trytond.tests.test_tryton import ModuleTestCase, with_transaction
from trytond.transaction import Transaction

D = dt.date
RATE = Decimal('0.0005')


class SurchargeTestCase(unittest.TestCase):
    "Late-payment surcharge (Law Art 78; Circular 18/2023/TT-BTC Art 5)"

    def test_circular_example(self):
        "Last day 12 March, paid 29 March: 16 days"
        versions = [(None, [(D(2026, 3, 12), Decimal(10_000_000))])]
        self.assertEqual(
            surcharge.late_surcharge(versions, [], [], RATE, D(2026, 3, 29)),
            Decimal(10_000_000) * RATE * 16)
        self.assertEqual(
            surcharge.simple_surcharge(Decimal(10_000_000), D(2026, 3, 12),
                D(2026, 3, 29), RATE),
            Decimal(80_000))

    def test_paid_on_time(self):
        "Nothing is late up to and on the last day"
        versions = [(None, [(D(2026, 3, 12), Decimal(10_000_000))])]
        for until in [D(2026, 3, 10), D(2026, 3, 12), D(2026, 3, 13)]:
            with self.subTest(until=until):
                self.assertEqual(surcharge.late_surcharge(
                        versions, [], [], RATE, until), 0)

    def test_partial_payment(self):
        """Each part is late until the day before it is paid: 4M paid on
        20 March is late 7 days, the 6M paid on 29 March 16 days"""
        versions = [(None, [(D(2026, 3, 12), Decimal(10_000_000))])]
        credits = [(D(2026, 3, 20), Decimal(4_000_000))]
        self.assertEqual(
            surcharge.late_surcharge(
                versions, credits, [], RATE, D(2026, 3, 29)),
            (Decimal(4_000_000) * 7 + Decimal(6_000_000) * 16) * RATE)

    def test_payment_before_due(self):
        "A payment before the due date reduces what becomes late"
        versions = [(None, [(D(2026, 3, 12), Decimal(10_000_000))])]
        credits = [(D(2026, 3, 1), Decimal(4_000_000))]
        self.assertEqual(
            surcharge.late_surcharge(
                versions, credits, [], RATE, D(2026, 3, 15)),
            Decimal(6_000_000) * 2 * RATE)

    def test_exempt_consideration(self):
        """No surcharge while a request is considered: 13-29 March less
        the 5 days of 16-20 March"""
        versions = [(None, [(D(2026, 3, 12), Decimal(10_000_000))])]
        exempt = [(D(2026, 3, 16), D(2026, 3, 20))]
        self.assertEqual(
            surcharge.late_surcharge(
                versions, [], exempt, RATE, D(2026, 3, 29)),
            Decimal(10_000_000) * 11 * RATE)

    def test_instalments(self):
        """Each instalment is late from its own due date; instalments
        decided on 10 March replace the single due date"""
        versions = [
            (None, [(D(2026, 3, 12), Decimal(10_000_000))]),
            (D(2026, 3, 10), [
                    (D(2026, 3, 12), Decimal(0)),
                    (D(2026, 3, 20), Decimal(4_000_000)),
                    (D(2026, 4, 20), Decimal(6_000_000))]),
            ]
        credits = [(D(2026, 3, 25), Decimal(4_000_000))]
        # first instalment late 21-24 March (4 days); second not yet due
        self.assertEqual(
            surcharge.late_surcharge(
                versions, credits, [], RATE, D(2026, 4, 21)),
            Decimal(4_000_000) * 4 * RATE)
        # second one late 21-22 April
        self.assertEqual(
            surcharge.late_surcharge(
                versions, credits, [], RATE, D(2026, 4, 23)),
            (Decimal(4_000_000) * 4 + Decimal(6_000_000) * 2) * RATE)

    def test_late_before_postponement(self):
        """Days late before a postponement was decided stay charged; the
        postponement moves the due date from its decision on"""
        versions = [
            (None, [(D(2026, 3, 12), Decimal(10_000_000))]),
            (D(2026, 3, 20), [
                    (D(2026, 3, 12), Decimal(0)),
                    (D(2026, 6, 12), Decimal(10_000_000))]),
            ]
        exempt = [(D(2026, 3, 18), D(2026, 3, 20))]
        # late 13-17 March (5 days); 18-20 considered; then postponed
        self.assertEqual(
            surcharge.late_surcharge(
                versions, [], exempt, RATE, D(2026, 6, 12)),
            Decimal(10_000_000) * 5 * RATE)

    def test_overpaid_never_negative(self):
        versions = [(None, [(D(2026, 3, 12), Decimal(10_000_000))])]
        credits = [(D(2026, 3, 1), Decimal(12_000_000))]
        self.assertEqual(
            surcharge.late_surcharge(
                versions, credits, [], RATE, D(2026, 4, 1)), 0)

    def test_periods_as_days(self):
        """Counting by period gives what counting day by day gives, for
        random schedules, versions, credits and exempt periods"""
        def day_by_day(versions, credits, exempt, until):
            dues = [d for _, s in versions for d, _ in s]
            total, day = Decimal(0), min(dues) + dt.timedelta(days=1)
            while day < until:
                if not surcharge.is_exempt(day, exempt):
                    total += surcharge.late_amount(
                        surcharge.schedule_at(versions, day), credits,
                        day) * RATE
                day += dt.timedelta(days=1)
            return total

        rng = random.Random(78)
        start = D(2024, 1, 1)

        def day():
            return start + dt.timedelta(days=rng.randrange(400))

        for i in range(300):
            versions = [(None, [(day(), Decimal(rng.randrange(1, 50))
                            * 1_000_000)])]
            for _ in range(rng.randrange(3)):
                versions.append((day(), [(day(), Decimal(
                                    rng.randrange(0, 30)) * 1_000_000)
                            for _ in range(rng.randrange(1, 4))]))
            versions.sort(key=lambda v: v[0] or D.min)
            credits = [(day(), Decimal(rng.randrange(1, 20)) * 1_000_000)
                for _ in range(rng.randrange(4))]
            exempt = [(a, a + dt.timedelta(days=rng.randrange(30)))
                for a in (day() for _ in range(rng.randrange(3)))]
            until = day()
            with self.subTest(i=i):
                self.assertEqual(
                    surcharge.late_surcharge(
                        versions, credits, exempt, RATE, until),
                    day_by_day(versions, credits, exempt, until))


class QlttFinanceTestCase(CompanyTestMixin, ModuleTestCase):
    "Test QLTT Finance module"
    module = 'qltt_finance'

    @with_transaction()
    def test_due_date_from_receipt(self):
        """10 days from the recorded receipt (Law Art 73(1)), moved past a
        weekend or a holiday (Civil Code Art 148(5)); no due date while the
        delivery is not recorded (Law Art 70)"""
        pool = Pool()
        Fine = pool.get('qltt.fine')
        Holiday = pool.get('qltt.holiday')
        Holiday.create([{'date': D(2026, 3, 20), 'name': "Day off"}])
        self.assertEqual(Fine.compute_due_date(D(2026, 3, 12)),
            D(2026, 3, 23))
        # not delivered: no payment period, so nothing is late
        self.assertIsNone(Fine.compute_due_date(None))
        # day 10 is Friday 20 March, a holiday: moved to Monday
        self.assertEqual(Fine.compute_due_date(D(2026, 3, 10)),
            D(2026, 3, 23))
        # day 10 is Thursday 19 March, a working day
        self.assertEqual(Fine.compute_due_date(D(2026, 3, 9)),
            D(2026, 3, 19))
        # a correction decision is presumed received 2 working days after
        # it is made (Monday 9 -> Wednesday 11 March; day 10 Saturday 21)
        self.assertEqual(Fine.compute_presumed_due_date(D(2026, 3, 9)),
            D(2026, 3, 23))

    @with_transaction()
    def test_configuration_defaults(self):
        "The legal values of the law are the defaults"
        pool = Pool()
        Configuration = pool.get('qltt.finance.configuration')
        config = Configuration(1)
        self.assertEqual(config.payment_days, 10)
        self.assertEqual(config.surcharge_rate, Decimal('0.0005'))
        self.assertEqual(config.cash_deposit_days, 7)
        self.assertEqual(config.cash_deposit_working_days, 2)
        self.assertEqual(config.postponement_months, 3)
        self.assertEqual(config.instalment_months, 6)
        self.assertEqual(config.instalment_first_rate, Decimal('0.40'))
        self.assertEqual(config.dunning_procedure.name, "Fine Reminders")

    @with_transaction()
    def test_account_missing_without_chart(self):
        "Without the chart, booking tells which account to configure"
        pool = Pool()
        Configuration = pool.get('qltt.finance.configuration')
        company = create_company()
        with set_company(company):
            with self.assertRaises(FinanceError) as cm:
                Configuration(1).get_account('fine_receivable_account')
            self.assertIn("Fine Receivable Account", cm.exception.message)

    @with_transaction()
    def test_account_configured_after_use(self):
        """The account found for the chart's template gives way to the one
        configured later, and back when it is cleared (cached lookups)"""
        pool = Pool()
        Configuration = pool.get('qltt.finance.configuration')
        Account = pool.get('account.account')
        company = create_company()
        with set_company(company):
            create_chart(company, chart='qltt_finance.account_template_root')
            config = Configuration(1)
            shipped = config.get_account('treasury_account')
            self.assertEqual(shipped.code, '1121')
            other, = Account.search([('code', '=', '1122')])
            config.treasury_account = other
            config.save()
            self.assertEqual(
                Configuration(1).get_account('treasury_account'), other)
            config.treasury_account = None
            config.save()
            self.assertEqual(
                Configuration(1).get_account('treasury_account'), shipped)

    @with_transaction()
    def test_cash_deposit_deadline(self):
        "7 days on land, 2 working days at sea or after hours (Art 78(2))"
        pool = Pool()
        Payment = pool.get('qltt.fine.payment')
        # Thursday 5 March 2026
        land = Payment(date=D(2026, 3, 5), cash_place='land')
        sea = Payment(date=D(2026, 3, 5), cash_place='sea')
        self.assertEqual(land.compute_deposit_deadline(), D(2026, 3, 12))
        self.assertEqual(sea.compute_deposit_deadline(), D(2026, 3, 9))

    @with_transaction()
    def test_migration_one_offender_per_case(self):
        """A database of one offender per case (its party and kind were
        columns of the case, its fine unique per case) is migrated by the
        update: each case's party becomes its offender, owning its acts and
        its fine; a case without a party gets none"""
        pool = Pool()
        Case = pool.get('qltt.case')
        Offender = pool.get('qltt.case.offender')
        Violation = pool.get('qltt.case.violation')
        Fine = pool.get('qltt.fine')
        Party = pool.get('party.party')
        LegalBasis = pool.get('qltt.legal.basis')
        Team = pool.get('qltt.team')
        transaction = Transaction()
        cursor = transaction.connection.cursor()
        company = create_company()
        with set_company(company):
            team = Team(code='01', name="Team")
            team.save()
            party, = Party.create([{'name': "Hộ kinh doanh A"}])
            basis, = LegalBasis.search(
                [('code', '=', 'ND98-A15-K1-d')], limit=1)
            case, empty = Case.create([{
                        'team': team.id, 'offender': party.id,
                        'offender_kind': 'organisation',
                        'violations': [('create', [{
                                        'legal_basis': basis.id,
                                        'fine': Decimal(10_000_000)}])],
                        }, {'team': team.id}])
            violation, = case.violations
            # back to the old schema: party and kind on the case, acts and
            # the fine without offender, no offender rows
            case_h = Case.__table_handler__('qltt_cases')
            case_h.add_column('offender', 'INTEGER')
            case_h.add_column('offender_kind', 'VARCHAR')
            table = Case.__table__()
            cursor.execute(*table.update(
                    [table.offender, table.offender_kind],
                    [party.id, 'organisation'], where=table.id == case.id))
            cursor.execute(*table.update(
                    [table.offender_kind], ['individual'],
                    where=table.id == empty.id))
            fine = Fine.__table__()
            cursor.execute(*fine.insert(
                    [fine.company, fine.case, fine.party, fine.amount,
                        fine.state],
                    [[company.id, case.id, party.id,
                        Decimal(10_000_000), 'open']]))
            violation_t = Violation.__table__()
            cursor.execute(*violation_t.update(
                    [violation_t.offender], [None]))
            offender = Offender.__table__()
            cursor.execute(*offender.delete())
            history = Offender.__table_history__()
            cursor.execute(*history.delete())

            Offender.__register__('qltt_cases')
            Fine.__register__('qltt_finance')
            # twice changes nothing more
            Offender.__register__('qltt_cases')
            transaction.cache.clear()

            self.assertFalse(Case.__table_handler__(
                    'qltt_cases').column_exist('offender_kind'))
            new, = Offender.search([])
            self.assertEqual(
                (new.case, new.party, new.kind), (case, party, 'organisation'))
            self.assertEqual(Violation(violation.id).offender, new)
            fine, = Fine.search([])
            self.assertEqual(fine.offender, new)
            self.assertEqual(Case(empty.id).offenders, ())
            case = Case(case.id)
            self.assertEqual(
                (case.offender, case.offender_kind), (party, 'organisation'))
            # the history reads the offender at the case's dates
            with transaction.set_context(_datetime=case.create_date):
                self.assertEqual(Case(case.id).offender, party)


del ModuleTestCase
