# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
import datetime as dt
import unittest
from decimal import Decimal

from trytond import backend
from trytond.modules.company.tests import (
    CompanyTestMixin, create_company, set_company)
from trytond.modules.qltt_cases import deadline
from trytond.modules.qltt_cases.data_upgrade import backfill
from trytond.modules.qltt_cases.import_file import (
    RowError, commit_and_go_on, parse_amount, parse_code, parse_date)
from trytond.modules.qltt_cases.legal import MEASURES
from trytond.modules.qltt_cases.minor import (
    age_group, age_on, age_refusal, minor_bracket)
from trytond.modules.qltt_cases.exceptions import (
    CaseValidationError, HolidayValidationError, TransitionError)
from trytond.model import ModelStorage, fields
from trytond.model.exceptions import AccessError
from trytond.modules.qltt_cases.value import InvalidValueError
from trytond.modules.qltt_cases.workflow import (
    HISTORY_IMPORT, WorkflowStateGuardMixin)
from trytond.pool import Pool
from trytond.tests.test_tryton import (
    ModuleTestCase, activate_module, drop_db, with_transaction)
from trytond.transaction import Transaction, check_access

D = dt.date


class ImportAmountTestCase(unittest.TestCase):
    "Amounts of the import files, as spreadsheets write them"

    def test_grouped_thousands(self):
        for text in ['4000000', '4.000.000', '4,000,000', '4 000 000',
                '4\xa0000\xa0000', ' 4.000.000 ', 4000000, 4000000.0]:
            self.assertEqual(parse_amount('fine', text), Decimal(4000000))
        self.assertEqual(parse_amount('fine', '1.500'), Decimal(1500))

    def test_decimal_part_zero(self):
        "An export with decimals is read as its whole dong, not 100 times it"
        for text in ['4.000.000,00', '4,000,000.00', '4000000,00',
                '4000000.0']:
            self.assertEqual(parse_amount('fine', text), Decimal(4000000))

    def test_refused(self):
        "Never read as another amount: a fraction, a stray separator..."
        for text in ['1,5', '12.34', '4.000.000,50', '4.000.000.00',
                '4.000,000', '1.000.0000', '-100', '4.000.000 đ', 'abc',
                12.5]:
            with self.assertRaises(RowError, msg=text):
                parse_amount('fine', text)
        self.assertIsNone(parse_amount('fine', ''))


class ImportDateTestCase(unittest.TestCase):
    "Dates of the import files"

    def test_formats(self):
        for value in ['10/03/2022', '10/3/2022', '2022-03-10', ' 10/03/2022 ',
                '2022-03-10 00:00:00', '10/03/2022 00:00',
                dt.datetime(2022, 3, 10), D(2022, 3, 10)]:
            self.assertEqual(parse_date('date', value), D(2022, 3, 10))

    def test_refused(self):
        for value in ['31/02/2022', '10-03-2022', '2022-03-10 08:30:00',
                44630, 'mười tháng ba']:
            with self.assertRaises(RowError, msg=value):
                parse_date('date', value)


class ImportCodeTestCase(unittest.TestCase):
    "Tax and identity codes of the import files"

    def test_text_kept(self):
        for value in ['001088000001', '0101234567', '0101234567-001',
                ' 2300123456 ']:
            self.assertEqual(parse_code('tax_code', value), value.strip())
        self.assertEqual(parse_code('tax_code', None), '')

    def test_number_cell(self):
        "A number cell is a code only when no leading zero can be lost"
        self.assertEqual(parse_code('tax_code', 2300123456), '2300123456')
        self.assertEqual(
            parse_code('tax_code', 123456789012), '123456789012')
        # 0101234567 and 001088000001 as numbers: their zeros are gone
        for value in [101234567, 1088000001.5, 1088000001 * 10 + 1]:
            with self.assertRaises(RowError, msg=value):
                parse_code('tax_code', value)


class MinorAgeTestCase(unittest.TestCase):
    "Ages of an offender under the Law (Art 5(1)(a), 22, 134(3))"

    def test_full_years(self):
        "A year of age is full on the birthday, not the day before"
        born = D(2010, 6, 15)
        self.assertEqual(age_on(born, D(2024, 6, 14)), 13)
        self.assertEqual(age_on(born, D(2024, 6, 15)), 14)
        self.assertEqual(age_on(born, D(2026, 6, 14)), 15)
        self.assertEqual(age_on(born, D(2026, 6, 15)), 16)

    def test_born_on_29_february(self):
        """Full on 28 February of a common year: a count of years ending on
        a day its month lacks ends on the month's last day (Civil Code 2015
        Art 148)"""
        born = D(2008, 2, 29)
        self.assertEqual(age_on(born, D(2022, 2, 27)), 13)
        self.assertEqual(age_on(born, D(2022, 2, 28)), 14)
        self.assertEqual(age_on(born, D(2024, 2, 28)), 15)
        self.assertEqual(age_on(born, D(2024, 2, 29)), 16)

    def test_groups(self):
        self.assertEqual(
            [age_group(a) for a in [None, 0, 13, 14, 15, 16, 17, 18, 40]],
            [None, 'not_liable', 'not_liable', 'warned', 'warned',
                'half_fine', 'half_fine', None, None])

    def test_refusals(self):
        """No sanction under 14; from 14 to under 16 a warning, for an
        intentional act only (Law Art 5(1)(a), 22); no refusal from 16"""
        cases = [
            (13, 'warning', True, 'not_liable'),
            (14, 'warning', True, None),
            (14, 'fine', True, 'warning_only'),
            (15, 'warning', False, 'not_intentional'),
            (15, 'fine', False, 'not_intentional'),
            (16, 'fine', False, None),
            (None, 'fine', False, None),
            (30, 'warning', False, None),
            ]
        for age, sanction, intentional, refusal in cases:
            with self.subTest(age=age, sanction=sanction,
                    intentional=intentional):
                self.assertEqual(
                    age_refusal(age, sanction, intentional), refusal)

    def test_half_bracket(self):
        "At most half, in whole dong"
        self.assertEqual(minor_bracket(Decimal(1_000_000), Decimal(3_000_001)),
            (Decimal(500_000), Decimal(1_500_000)))


class DeadlineTestCase(unittest.TestCase):
    "Counting of legal periods (Civil Code Art 147-148)"

    def test_add_days_plain(self):
        "7 days from Tuesday 3 March 2026 end on Tuesday 10 March"
        self.assertEqual(deadline.add_days(D(2026, 3, 3), 7, set()),
            D(2026, 3, 10))

    def test_add_days_weekend(self):
        "A period ending on Saturday ends on Monday (Art 148(5))"
        self.assertEqual(deadline.add_days(D(2026, 3, 7), 7, set()),
            D(2026, 3, 16))

    def test_add_days_holiday(self):
        "A period ending on a holiday before a weekend ends after both"
        holidays = {D(2026, 4, 30), D(2026, 5, 1)}
        self.assertEqual(deadline.add_days(D(2026, 4, 23), 7, holidays),
            D(2026, 5, 4))

    def test_add_working_days(self):
        "2 working days from Thursday skip the weekend"
        self.assertEqual(
            deadline.add_working_days(D(2026, 3, 5), 2, set()),
            D(2026, 3, 9))

    def test_add_working_days_holiday(self):
        "Working days skip holidays too"
        self.assertEqual(
            deadline.add_working_days(D(2026, 3, 2), 2, {D(2026, 3, 3)}),
            D(2026, 3, 5))

    def test_add_years(self):
        "A period in years ends on the same day and month"
        self.assertEqual(deadline.add_years(D(2026, 3, 2), 2, set()),
            D(2028, 3, 2))

    def test_add_years_leap_day(self):
        "29 February ends on 28 February, moved past the weekend"
        # 28 February 2027 is a Sunday
        self.assertEqual(deadline.add_years(D(2024, 2, 29), 3, set()),
            D(2027, 3, 1))

    def test_add_working_days_swapped_saturday(self):
        "A swapped working Saturday counts as a working day"
        days_off = deadline.DaysOff(
            {D(2026, 1, 1), D(2026, 1, 2)}, {D(2026, 1, 10)})
        # from Monday 5 January 2026: 6, 7, 8, 9, 10 (Sat), 12, 13
        self.assertEqual(
            deadline.add_working_days(D(2026, 1, 5), 7, days_off),
            D(2026, 1, 13))
        self.assertEqual(
            deadline.add_working_days(D(2026, 1, 5), 7, set(days_off)),
            D(2026, 1, 14))
        self.assertTrue(deadline.is_working_day(D(2026, 1, 10), days_off))
        self.assertFalse(deadline.is_working_day(D(2026, 1, 2), days_off))
        self.assertFalse(deadline.is_working_day(D(2026, 1, 11), days_off))

    def test_add_months(self):
        "A month ends on the same day of the next month (Art 148(3))"
        self.assertEqual(deadline.add_months(D(2026, 3, 3), 1, set()),
            D(2026, 4, 3))
        self.assertEqual(deadline.add_months(D(2026, 12, 15), 1, set()),
            D(2027, 1, 15))

    def test_add_months_short_month(self):
        """One month from 31 January ends on the last day of February, here
        Saturday 28 February 2026, so on Monday 2 March (Art 148(3), (5))"""
        self.assertEqual(deadline.add_months(D(2026, 1, 31), 1, set()),
            D(2026, 3, 2))
        # 29 February 2028 is a Tuesday
        self.assertEqual(deadline.add_months(D(2028, 1, 31), 1, set()),
            D(2028, 2, 29))

    def test_add_months_holiday(self):
        "A month ending on a day off ends on the next working day"
        self.assertEqual(
            deadline.add_months(D(2026, 3, 30), 1, {D(2026, 4, 30),
                    D(2026, 5, 1)}),
            D(2026, 5, 4))

    def test_calendar_days_late(self):
        "Circular 18/2023 Art 5: last day 12 March, paid 29 March: 16 days"
        self.assertEqual(
            deadline.calendar_days_late(D(2026, 3, 12), D(2026, 3, 29)), 16)
        self.assertEqual(
            deadline.calendar_days_late(D(2026, 3, 12), D(2026, 3, 13)), 0)
        self.assertEqual(
            deadline.calendar_days_late(D(2026, 3, 12), D(2026, 3, 10)), 0)


class QlttCasesTestCase(CompanyTestMixin, ModuleTestCase):
    "Test QLTT Cases module"
    module = 'qltt_cases'

    @property
    def _skip_company_rule(self):
        # unlike core, a department's staff are checked too (access.xml)
        return super()._skip_company_rule - {
            ('company.employee', 'company')}

    def _violation(self, code, offender_kind='individual', **values):
        pool = Pool()
        Violation = pool.get('qltt.case.violation')
        Case = pool.get('qltt.case')
        LegalBasis = pool.get('qltt.legal.basis')
        basis, = LegalBasis.search([('code', '=', code)])
        return Violation(
            case=Case(offender_kind=offender_kind), legal_basis=basis,
            **values)

    @with_transaction()
    def test_catalogue_measures(self):
        "Each act carries the measures its decree provides, as data"
        pool = Pool()
        LegalBasis = pool.get('qltt.legal.basis')

        def measures(code):
            basis, = LegalBasis.search([
                    ('code', '=', code), ('active', 'in', [True, False])])
            return {n: getattr(basis, n) for n in [
                    'sanction_confiscation', 'sanction_licence',
                    'sanction_suspension', 'remedy_destroy', 'remedy_remove',
                    'remedy_profit']}
        # smuggled goods: confiscation without condition
        self.assertEqual(measures('ND98-A15-K1-c'), {
                'sanction_confiscation': 'required', 'sanction_licence': None,
                'sanction_suspension': None, 'remedy_destroy': 'allowed',
                'remedy_remove': None, 'remedy_profit': 'allowed'})
        # counterfeit labels: the licence "may" be withdrawn
        self.assertEqual(measures('ND98-A11-K1-a'), {
                'sanction_confiscation': 'required',
                'sanction_licence': 'allowed', 'sanction_suspension': None,
                'remedy_destroy': None, 'remedy_remove': 'allowed',
                'remedy_profit': None})
        # an act whose row states no additional sanction may confiscate
        self.assertEqual(
            measures('ND98-A06-K1-b')['sanction_confiscation'], 'allowed')

    @with_transaction()
    def test_criminal_thresholds_counterfeit_food(self):
        """Counterfeit food and medicines are a crime at any value, feed
        and the like from 20,000,000 VND (Penal Code Art 193-195), for the
        acts of counterfeit food, medicines, feed... (Decree 98/2020 Art
        9(2), 10(2)) only"""
        pool = Pool()
        Case = pool.get('qltt.case')
        Threshold = pool.get('qltt.criminal.threshold')

        def crossed(code, value):
            case = Case(offender_kind='individual')
            violation = self._violation(code, goods_value=Decimal(value))
            case.violations = [violation]
            return sorted(t.penal_article for t in Threshold.search([])
                if t.crossed(case))

        for code in ['BLHS-193-1', 'BLHS-194-1', 'BLHS-195-1-a']:
            threshold, = Threshold.search([('code', '=', code)])
            self.assertIn(
                f'Penal Code 2015 Art {threshold.penal_article[:3]}(1)',
                threshold.source)
            self.assertEqual(len(threshold.legal_bases), 12)
        self.assertEqual(crossed('ND98-A09-K2-K1a', 1_000_000),
            ['193(1)', '194(1)'])
        self.assertEqual(crossed('ND98-A10-K2-K1d', 20_000_000),
            ['193(1)', '194(1)', '195(1)(a)'])
        self.assertEqual(crossed('ND98-A09-K2-K1e', 30_000_000),
            ['192(1)(a)', '193(1)', '194(1)', '195(1)(a)'])
        # other counterfeit goods: Art 192 only
        self.assertEqual(crossed('ND98-A09-K1-a', 25_000_000), [])
        self.assertEqual(crossed('ND98-A09-K1-a', 30_000_000), ['192(1)(a)'])

    @with_transaction()
    def test_backfill_shipped_measures(self):
        """A database updated from a version without the measures gets the
        shipped flags on the shipped records, never over the admin's"""
        pool = Pool()
        LegalBasis = pool.get('qltt.legal.basis')
        Authority = pool.get('qltt.sanction.authority')
        ModelData = pool.get('ir.model.data')
        names = [n for n, _ in MEASURES]
        basis, edited, current = LegalBasis.search([('code', 'in', [
                        'ND98-A15-K1-c', 'ND98-A11-K1-a', 'ND98-A08-K1-d'])],
            order=[('code', 'DESC')])
        leader, = Authority.search([('code', '=', 'team_leader')])

        def created_by_old_version(record, fields):
            data, = ModelData.search([
                    ('model', '=', record.__name__),
                    ('db_id', '=', record.id)])
            ModelData.write([data], {'field_names': [
                        n for n in data.field_names if n not in fields]})
            record.__class__.write([record], {n: None for n in fields})
        created_by_old_version(basis, names)
        created_by_old_version(edited, names)
        created_by_old_version(leader, ['confiscation_multiple'])
        # edits of the admin: after the update on an old record, and the
        # emptying of a flag on a current one
        LegalBasis.write([edited], {'remedy_profit': 'required'})
        LegalBasis.write([current], {'sanction_licence': None})

        self.assertEqual(
            backfill(LegalBasis, 'qltt_cases', 'legal_basis.xml', names),
            {basis.id, edited.id})
        backfill(Authority, 'qltt_cases', 'authority.xml',
            ['confiscation_multiple'])
        basis, edited, current = LegalBasis.browse([basis, edited, current])
        leader = Authority(leader.id)
        self.assertEqual(
            (basis.sanction_confiscation, basis.remedy_destroy,
                basis.remedy_profit, basis.sanction_licence),
            ('required', 'allowed', 'allowed', None))
        self.assertEqual(
            (edited.sanction_confiscation, edited.remedy_remove,
                edited.remedy_profit),
            ('required', 'allowed', 'required'))
        self.assertIsNone(current.sanction_licence)
        self.assertEqual(leader.confiscation_multiple, Decimal(2))
        # once done, never again
        LegalBasis.write([basis], {'remedy_destroy': None})
        self.assertEqual(
            backfill(LegalBasis, 'qltt_cases', 'legal_basis.xml', names),
            set())
        self.assertIsNone(LegalBasis(basis.id).remedy_destroy)

    @with_transaction()
    def test_confiscation_limit(self):
        "Twice the fine limit for a team head, none for the department head"
        pool = Pool()
        Authority = pool.get('qltt.sanction.authority')
        leader, = Authority.search([('code', '=', 'team_leader')])
        head, = Authority.search([('code', '=', 'subdept_head')])
        self.assertEqual(leader.confiscation_limit('commerce', 'individual'),
            Decimal(60_000_000))
        self.assertEqual(
            leader.confiscation_limit('counterfeit', 'organisation'),
            Decimal(240_000_000))
        self.assertIsNone(head.confiscation_limit('commerce', 'individual'))

    @with_transaction()
    def test_fine_bracket_doubled_for_organisations(self):
        "Organisations pay twice (Decree 98/2020 Art 4(4))"
        individual = self._violation('ND98-A15-K1-g')
        organisation = self._violation('ND98-A15-K1-g', 'organisation')
        self.assertEqual(
            (individual.on_change_with_fine_min(),
                individual.on_change_with_fine_max()),
            (Decimal(20_000_000), Decimal(30_000_000)))
        self.assertEqual(
            (organisation.on_change_with_fine_min(),
                organisation.on_change_with_fine_max()),
            (Decimal(40_000_000), Decimal(60_000_000)))

    @with_transaction()
    def test_fine_bracket_of_saved_acts(self):
        """The server's checks read each saved act's bracket for its own
        offender's kind, else the case's first offender's: the same as the
        client's form shows, and a fine above it is refused"""
        pool = Pool()
        Case = pool.get('qltt.case')
        Violation = pool.get('qltt.case.violation')
        Offender = pool.get('qltt.case.offender')
        LegalBasis = pool.get('qltt.legal.basis')
        Party = pool.get('party.party')
        Team = pool.get('qltt.team')
        basis, = LegalBasis.search([('code', '=', 'ND98-A15-K1-g')])
        company = create_company()
        with set_company(company):
            team = Team(code='01', name="Team")
            team.save()
            person, firm = Party.create(
                [{'name': "Hộ kinh doanh A"}, {'name': "Công ty B"}])
            case, = Case.create([{'team': team.id}])
            first, second = Offender.create([
                    {'case': case.id, 'party': person.id,
                        'kind': 'individual'},
                    {'case': case.id, 'party': firm.id,
                        'kind': 'organisation'}])
            acts = Violation.create([
                    {'case': case.id, 'offender': o, 'legal_basis': basis.id}
                    for o in [first.id, second.id, None]])
            for act, kind in zip(Violation.browse(acts),
                    ['individual', 'organisation', 'individual']):
                bracket = basis.bracket(kind)
                with self.subTest(kind=kind, offender=act.offender):
                    self.assertEqual(act.fine_bracket(), bracket)
                    self.assertEqual(
                        (act.fine_min, act.fine_max), bracket)
            # 60M fits the firm's act only
            top = basis.bracket('organisation')[1]
            Violation.write([acts[1]], {'fine': top})
            with self.assertRaises(CaseValidationError):
                Violation.write([acts[0]], {'fine': top})

    @with_transaction()
    def test_fine_range_circumstances(self):
        "Decree 118/2021 Art 9: midpoint moved by circumstances"
        cases = [
            (0, 0, (25_000_000, 25_000_000)),
            (1, 0, (20_000_000, 25_000_000)),
            (2, 0, (20_000_000, 20_000_000)),
            (0, 1, (25_000_000, 30_000_000)),
            (0, 3, (30_000_000, 30_000_000)),
            (2, 2, (25_000_000, 25_000_000)),
            (3, 2, (20_000_000, 25_000_000)),
            ]
        for mitigating, aggravating, expected in cases:
            with self.subTest(mitigating=mitigating, aggravating=aggravating):
                violation = self._violation('ND98-A15-K1-g',
                    mitigating=mitigating, aggravating=aggravating)
                self.assertEqual(violation.allowed_fine_range(),
                    tuple(Decimal(a) for a in expected))

    @with_transaction()
    def test_authority_limits(self):
        "Decree 189/2025 Art 12: share of the field maximum, doubled"
        pool = Pool()
        Authority = pool.get('qltt.sanction.authority')
        limits = {
            'controller': (10_000_000, 20_000_000),
            'team_leader': (30_000_000, 60_000_000),
            'subdept_head': (50_000_000, 100_000_000),
            'director': (100_000_000, 200_000_000),
            }
        for code, (commerce, counterfeit) in limits.items():
            with self.subTest(code=code):
                authority, = Authority.search([('code', '=', code)])
                self.assertEqual(authority.limit('commerce', 'individual'),
                    commerce)
                self.assertEqual(
                    authority.limit('counterfeit', 'individual'),
                    counterfeit)
                self.assertEqual(
                    authority.limit('commerce', 'organisation'),
                    2 * commerce)

    @with_transaction()
    def test_holidays_shipped(self):
        """The days off of 2022-2027 are shipped (Labour Code 2019 Art 111,
        112), with the swaps of the Government's announcements"""
        pool = Pool()
        Holiday = pool.get('qltt.holiday')
        days = deadline.get_holidays(D(2022, 1, 1), D(2027, 12, 31))
        # Tết 2026: 16-20 February (29 Chạp to mùng 4)
        for day in range(16, 21):
            self.assertIn(D(2026, 2, day), days)
        # Hùng Kings' day 2026 (10/3 lunar) is Sunday 26 April: Monday off
        self.assertIn(D(2026, 4, 27), days)
        # 2 January 2026 is worked on Saturday 10 January
        self.assertIn(D(2026, 1, 2), days)
        self.assertEqual(days.working, {
                D(2024, 5, 4), D(2025, 4, 26), D(2026, 1, 10)})
        for year in range(2022, 2028):
            with self.subTest(year=year):
                self.assertTrue(Holiday.search([
                            ('date', '>=', D(year, 1, 1)),
                            ('date', '<=', D(year, 12, 31)),
                            ('kind', '=', 'holiday'),
                            ]))

    @with_transaction()
    def test_holiday_entered_before_shipped(self):
        """A day entered by the administrator before it was shipped becomes
        the shipped record on update, so that loading holiday_vn.xml does
        not create a second record of its date"""
        pool = Pool()
        Holiday = pool.get('qltt.holiday')
        ModelData = pool.get('ir.model.data')
        holiday, = Holiday.search([('date', '=', D(2026, 1, 1))])
        data = ModelData.__table__()
        cursor = Transaction().connection.cursor()
        cursor.execute(*data.delete(where=(data.module == 'qltt_cases')
                & (data.fs_id == 'holiday_2026_01_01')))
        ModelData._get_id_cache.clear()
        Holiday._adopt_shipped_days('qltt_cases')
        ModelData._get_id_cache.clear()
        self.assertEqual(
            ModelData.get_id('qltt_cases', 'holiday_2026_01_01'), holiday.id)
        record, = ModelData.search([
                ('module', '=', 'qltt_cases'),
                ('fs_id', '=', 'holiday_2026_01_01')])
        self.assertTrue(record.noupdate)
        # run again: nothing more
        Holiday._adopt_shipped_days('qltt_cases')
        self.assertEqual(ModelData.search_count([
                    ('module', '=', 'qltt_cases'),
                    ('fs_id', '=', 'holiday_2026_01_01')]), 1)

    @with_transaction()
    def test_holiday_working_day_on_weekend(self):
        "A swapped working day is a Saturday or Sunday"
        pool = Pool()
        Holiday = pool.get('qltt.holiday')
        with self.assertRaises(HolidayValidationError):
            Holiday.create([{'date': D(2026, 3, 11), 'name': "Swap",
                        'kind': 'working'}])

    @with_transaction()
    def test_holiday_next_year_warning(self):
        """In December the administrators are notified once when next year
        has no days off entered"""
        pool = Pool()
        Holiday = pool.get('qltt.holiday')
        Notification = pool.get('res.notification')
        # 2027 is shipped, 2028 is not
        self.assertEqual(Holiday.check_next_year(D(2026, 12, 1)), [])
        self.assertEqual(Holiday.check_next_year(D(2027, 11, 30)), [])
        notifications = Holiday.check_next_year(D(2027, 12, 1))
        self.assertEqual(
            [n.user.login for n in notifications], ['admin'])
        self.assertIn('2028', notifications[0].label)
        self.assertEqual(Holiday.check_next_year(D(2027, 12, 2)), [])
        self.assertEqual(Notification.search_count([]), 1)
        Holiday.create([{'date': D(2028, 1, 1), 'name': "New Year"}])
        Notification.delete(Notification.search([]))
        self.assertEqual(Holiday.check_next_year(D(2027, 12, 3)), [])

    @with_transaction()
    def test_explanation_right(self):
        "Law Art 61: bracket top from 15M (individual) or 30M (organisation)"
        pool = Pool()
        Case = pool.get('qltt.case')
        Violation = pool.get('qltt.case.violation')
        LegalBasis = pool.get('qltt.legal.basis')
        # bracket top 20M for an individual, 40M for an organisation
        basis, = LegalBasis.search([('code', '=', 'ND98-A15-K1-e')])
        below, = LegalBasis.search([('code', '=', 'ND98-A15-K1-d')])
        for code, kind, expected in [
                (basis, 'individual', True),
                (below, 'individual', False),
                (below, 'organisation', False),
                (basis, 'organisation', True),
                ]:
            with self.subTest(basis=code.code, kind=kind):
                case = Case(offender_kind=kind)
                case.violations = [Violation(legal_basis=code, case=case)]
                self.assertEqual(
                    case.get_explanation_right('explanation_right'),
                    expected)

    @with_transaction()
    def test_limitation_years(self):
        "Law Art 6: 2 years for trade in goods, 1 year otherwise"
        pool = Pool()
        Case = pool.get('qltt.case')
        Violation = pool.get('qltt.case.violation')
        LegalBasis = pool.get('qltt.legal.basis')
        goods, = LegalBasis.search([('code', '=', 'ND98-A15-K1-a')])
        online, = LegalBasis.search([('code', '=', 'ND98-A62-K3-a')])
        for bases, start, continuing, expected in [
                ([online], D(2026, 3, 2), False, D(2027, 3, 2)),
                ([online, goods], D(2026, 3, 2), False, D(2028, 3, 2)),
                # a continuing violation counts from its detection
                ([online], D(2025, 1, 5), True, D(2027, 3, 2)),
                ]:
            with self.subTest(bases=[b.code for b in bases]):
                case = Case(violation_date=start,
                    inspection_date=D(2026, 3, 2),
                    violation_continuing=continuing)
                case.violations = [Violation(legal_basis=b) for b in bases]
                self.assertEqual(
                    case.compute_limitation_date(set()), expected)

    @with_transaction()
    def test_transition_out_of_order(self):
        "A transition called on a record in the wrong state is refused"
        pool = Pool()
        Case = pool.get('qltt.case')
        Team = pool.get('qltt.team')
        company = create_company()
        with set_company(company):
            team = Team(code='01', name="Team")
            team.save()
            case = Case(team=team)
            case.save()
            with self.assertRaises(TransitionError):
                Case.decide([case])
            self.assertEqual(case.state, 'draft')

    @with_transaction()
    def test_import_commit_keeps_transactions(self):
        """An import commits each batch and goes on in its transaction: a
        batch that fails half-way is still rolled back whole (on SQLite
        the cache's commit leaves the shared connection in autocommit)"""
        pool = Pool()
        Party = pool.get('party.party')
        Lang = pool.get('ir.lang')
        transaction = Transaction()
        first, = Party.create([{'name': "Import batch 1"}])
        Lang._lang_cache.clear()  # as a write that clears a cache does
        commit_and_go_on(transaction)
        try:
            Party.create([{'name': "Import batch 2"}])
            transaction.rollback()
            self.assertEqual(
                Party.search([('name', 'like', "Import batch %")]), [first])
        finally:
            Party.delete([first])
            transaction.commit()

    def test_lock_numbering_first(self):
        """A step takes the locks of its documents' numbers before its work
        (Document.lock_numbering): Tryton runs a request again from its
        start for each lock it lacks, so the work after the lock runs once
        (taken at the numbering, the lock ran it twice)"""
        runs = []

        @with_transaction()
        def step():
            pool = Pool()
            Case = pool.get('qltt.case')
            Document = pool.get('qltt.case.document')
            DocumentType = pool.get('qltt.case.document.type')
            Team = pool.get('qltt.team')
            company = create_company()
            with set_company(company):
                team = Team(code='01', name="Team")
                team.save()
                case = Case(team=team)
                case.save()
                type_ = DocumentType.get_by_code('MQĐ02')
                today = pool.get('ir.date').today()
                Document.lock_numbering(
                    [Document(case=case, type=type_, date=today)])
                runs.append(case.id)  # the work of the step
                document = Document(case=case, type=type_, date=today)
                Document.issue_new([document])
                return document.number
        number = step()
        self.assertEqual(len(runs), 1)
        self.assertTrue(number.endswith('01' + '0001/QĐ-XPHC'), number)

    def test_lock_confiscation_first(self):
        """A confiscation without sanction locks the numbers of both its
        decisions, MQĐ14 and MQĐ15, before its work: the work runs once
        (locked at their numbering, it ran again)"""
        runs = []

        @with_transaction()
        def step():
            pool = Pool()
            Case = pool.get('qltt.case')
            LegalBasis = pool.get('qltt.legal.basis')
            Team = pool.get('qltt.team')
            Violation = pool.get('qltt.case.violation')
            company = create_company()
            with set_company(company):
                team = Team(code='01', name="Team")
                team.save()
                basis, = LegalBasis.search(
                    [('remedial_measures', '!=', None)], limit=1)
                case = Case(team=team,
                    decision_date=pool.get('ir.date').today(),
                    violations=[Violation(legal_basis=basis)])
                case.save()
                self.assertEqual(
                    case.confiscation_documents(), ['MQĐ14', 'MQĐ15'])
                Case.lock_confiscation([case])
                runs.append(case.id)  # the work of the step
                documents = [d for code in case.confiscation_documents()
                    for d in Case._create_documents(
                        [case], code, 'decision_date', lambda c: None)]
                return [d.number for d in documents]
        numbers = step()
        self.assertEqual(len(runs), 1)
        self.assertEqual(len(numbers), 2)
        self.assertTrue(all(numbers), numbers)

    @with_transaction()
    def test_settings_migrate_to_first_company(self):
        """On module update, the single unit code kept on the configuration
        record before companies becomes the first company's"""
        pool = Pool()
        Configuration = pool.get('qltt.configuration')
        Unit = pool.get('qltt.configuration.unit')
        TableHandler = backend.TableHandler
        first = create_company()
        second = create_company(name="Second")
        cursor = Transaction().connection.cursor()
        # the table as it was: the value on the configuration record
        Configuration.create([{}])
        Unit.delete(Unit.search([]))
        TableHandler(Configuration).add_column('unit_code', 'VARCHAR')
        table = Configuration.__table__()
        cursor.execute(*table.update([table.unit_code], ['27']))
        Unit._migrate_to_company(Configuration, ['unit_code'])
        Unit._values_cache().clear()
        with set_company(first):
            self.assertEqual(Configuration(1).unit_code, '27')
        with set_company(second):
            self.assertEqual(Configuration(1).unit_code, '00')

    @with_transaction()
    def test_sequences_per_company(self):
        "Each department numbers its cases from its own sequence"
        pool = Pool()
        Configuration = pool.get('qltt.configuration')
        first = create_company()
        second = create_company(name="Second")
        sequences = []
        for company in [first, second, first]:
            with set_company(company):
                sequences.append(Configuration.of_company(
                        company).company_sequence('case_sequence'))
        self.assertEqual([s.company for s in sequences],
            [first, second, first])
        self.assertEqual(sequences[0], sequences[2])
        self.assertNotEqual(sequences[0], sequences[1])
        numbers = [s.get() for s in sequences]
        self.assertEqual([n[-5:] for n in numbers],
            ['00001', '00001', '00002'])

    @with_transaction()
    def test_document_number_formats(self):
        "Circular 22/2021 Art 6: unit and officer numbers, yearly restart"
        pool = Pool()
        Case = pool.get('qltt.case')
        Team = pool.get('qltt.team')
        Document = pool.get('qltt.case.document')
        DocumentType = pool.get('qltt.case.document.type')
        Employee = pool.get('company.employee')
        Party = pool.get('party.party')
        Configuration = pool.get('qltt.configuration')
        company = create_company()
        with set_company(company):
            Configuration.write([Configuration(1)], {'unit_code': '27'})
            party = Party(name="Officer")
            party.save()
            officer = Employee(party=party, officer_number='0456')
            officer.save()
            team = Team(code='03', name="Team 3")
            team.save()
            case = Case(team=team)
            case.save()
            decision = DocumentType.get_by_code('MQĐ02')
            minutes = DocumentType.get_by_code('MBB01')
            documents = [
                Document(case=case, type=decision, date=D(2026, 12, 30)),
                Document(case=case, type=decision, date=D(2026, 12, 31)),
                Document(case=case, type=decision, date=D(2027, 1, 2)),
                Document(case=case, type=minutes, date=D(2026, 12, 31),
                    signer=officer),
                ]
            Document.save(documents)
            Document.issue(documents)
            self.assertEqual([d.number for d in documents], [
                    '27030001/QĐ-XPHC', '27030002/QĐ-XPHC',
                    '27030001/QĐ-XPHC', '1/BB-VPHC-0456'])
            self.assertEqual([d.year for d in documents],
                [2026, 2026, 2027, 2026])

    @with_transaction()
    def test_value_types(self):
        "A value of the wrong type is refused with the translated message"
        pool = Pool()
        Case = pool.get('qltt.case')
        Violation = pool.get('qltt.case.violation')
        Team = pool.get('qltt.team')
        company = create_company()
        with set_company(company):
            team = Team(code='01', name="Team")
            team.save()
            case, = Case.create([{'team': team.id}])
            for model, values in [
                    (Case, {'team': 'abc'}),
                    (Case, {'team': 2**31}),
                    (Case, {'team': [1, 2]}),
                    (Case, {'inspection_date': 'yesterday'}),
                    (Case, {'inspection_date': 20260101}),
                    (Case, {'inspection_date': dt.datetime(2026, 1, 1)}),
                    (Case, {'description': 12}),
                    (Case, {'description': "nul\x00byte"}),
                    (Case, {'source': 12}),
                    (Case, {'inspectors': [('add', [2**63])]}),
                    (Case, {'inspectors': [('hack', [1])]}),
                    (Case, {'violations': [('create', [1])]}),
                    (Case, {'no_such_field': 1}),
                    (Violation, {'fine': "một triệu"}),
                    (Violation, {'fine': Decimal('NaN')}),
                    (Violation, {'fine': Decimal('Infinity')}),
                    (Violation, {'fine': float('inf')}),
                    (Violation, {'fine': True}),
                    ]:
                with self.subTest(model=model.__name__, values=values):
                    with self.assertRaises(InvalidValueError) as cm:
                        model.preprocess_values('write', values)
                    self.assertTrue(cm.exception.message.startswith(
                            ("The value of field", "The field")),
                        cm.exception.message)
            # values of the right type go through, None included
            Case.write([case], {'team': str(team.id),
                    'inspection_date': '2026-03-02', 'description': None,
                    'inspectors': [('add', [])]})
            self.assertEqual(case.inspection_date, D(2026, 3, 2))

    @with_transaction()
    def test_workflow_guard(self):
        """From outside (access checked), a tip is created received and
        without number or stamp, neither is written, a copy starts again;
        the buttons and server code still set them"""
        pool = Pool()
        Tip = pool.get('qltt.tip')
        Team = pool.get('qltt.team')
        Employee = pool.get('company.employee')
        Party = pool.get('party.party')
        company = create_company()
        with set_company(company):
            team = Team(code='01', name="Team")
            team.save()
            party = Party(name="Officer")
            party.save()
            employee = Employee(party=party)
            employee.save()
            values = {'content': "Counterfeit shampoo", 'team': team.id}
            with Transaction().set_user(1), check_access():
                for forged in [{'state': 'verifying'}, {'number': 'TB-1'},
                        {'verified_by': employee.id}]:
                    with self.subTest(forged=forged):
                        with self.assertRaises(AccessError):
                            Tip.create([{**values, **forged}])
                # the initial state and empty stamps are no forgery
                tip, = Tip.create([{**values, 'state': 'received',
                            'verified_by': None}])
                self.assertTrue(tip.number)
                for forged in [{'state': 'dismissed'}, {'number': 'TB-1'},
                        {'verified_by': employee.id}]:
                    with self.subTest(forged=forged):
                        with self.assertRaises(AccessError):
                            Tip.write([tip], forged)
                with self.assertRaises(AccessError):
                    Tip.copy([tip], default={'state': 'verifying'})
                Tip.verify([tip])
                self.assertEqual(tip.state, 'verifying')
                copy, = Tip.copy([tip])
                self.assertEqual(copy.state, 'received')
                self.assertNotEqual(copy.number, tip.number)
                with self.assertRaises(AccessError):
                    Tip.delete([tip])
                with Transaction().set_context({HISTORY_IMPORT: True}):
                    old, = Tip.create([{**values, 'number': 'TB-2019-7'}])
                self.assertEqual(old.number, 'TB-2019-7')
            # server code is not external
            Tip.write([tip], {'verified_by': employee.id})
            with self.assertRaises(AccessError):
                Tip.delete([tip])

    @with_transaction()
    def test_acts_amounts_stored(self):
        """The sums of a case's acts and its number of offenders, stored
        for the statistics, follow every change of the acts and offenders
        and are never written from outside"""
        pool = Pool()
        Case = pool.get('qltt.case')
        Violation = pool.get('qltt.case.violation')
        Offender = pool.get('qltt.case.offender')
        LegalBasis = pool.get('qltt.legal.basis')
        Party = pool.get('party.party')
        Team = pool.get('qltt.team')

        def goods(basis):
            value = basis.value_from or Decimal(0)
            return value + 1 if basis.value_lower_exclusive else value

        def stored(case):
            case = Case(case.id)
            return (case.acts_fine, case.acts_goods_value,
                case.acts_smuggling, case.acts_counterfeit, case.acts_fraud,
                case.offender_count or 0)
        company = create_company()
        with set_company(company):
            team = Team(code='01', name="Team")
            team.save()
            smuggled = LegalBasis.search(
                [('category', '=', 'smuggled')], limit=1)[0]
            fake = LegalBasis.search(
                [('category', '=', 'counterfeit')], limit=1)[0]
            first, second = Party.create(
                [{'name': "Hộ kinh doanh A"}, {'name': "Hộ kinh doanh B"}])
            case, other = Case.create([{'team': team.id}] * 2)
            self.assertEqual(
                stored(case), (None, None, False, False, False, 0))
            offenders = Offender.create([
                    {'case': case.id, 'party': first.id},
                    {'case': case.id, 'party': second.id}])
            act, fake_act = Violation.create([{
                        'case': case.id, 'offender': o.id,
                        'legal_basis': b.id, 'fine': b.fine_min,
                        'goods_value': goods(b)}
                    for o, b in zip(offenders, [smuggled, fake])])
            self.assertEqual(stored(case), (
                    smuggled.fine_min + fake.fine_min,
                    goods(smuggled) + goods(fake), True, True, False, 2))
            self.assertEqual(Case(case.id).fine_total, stored(case)[0])

            # the offenders warned for an act (Law Art 21(1)(a))
            basis = LegalBasis.search([('warning', '=', True)], limit=1)[0]
            warned = Violation.create([{
                        'case': case.id, 'offender': o.id,
                        'legal_basis': basis.id, 'sanction': 'warning',
                        'goods_value': goods(basis)} for o in offenders])
            self.assertEqual(Case(case.id).offenders_warned, 2)
            Violation.write(warned[1:], {'offender': offenders[0].id})
            self.assertEqual(Case(case.id).offenders_warned, 1)
            Violation.write(warned, {
                    'sanction': 'fine', 'fine': basis.fine_min})
            self.assertEqual(Case(case.id).offenders_warned, 0)
            Violation.delete(warned)

            # an act moves to another case: both cases follow
            Violation.write([fake_act], {'case': other.id, 'offender': None})
            self.assertEqual(stored(case), (
                    smuggled.fine_min, goods(smuggled), True, False, False,
                    2))
            self.assertEqual(stored(other), (
                    fake.fine_min, goods(fake), False, True, False, 0))

            Violation.write([act], {'fine': smuggled.fine_max})
            self.assertEqual(stored(case)[0], smuggled.fine_max)
            # the groups follow the category of the catalogue
            LegalBasis.write([smuggled], {'category': 'other'})
            self.assertEqual(stored(case)[2:5], (False, False, True))

            copy, = Case.copy([other])
            self.assertEqual(stored(copy), stored(other))
            with Transaction().set_user(1), check_access():
                with self.assertRaises(AccessError):
                    Case.write([case], {'acts_fine': Decimal(1)})
                with self.assertRaises(AccessError):
                    Case.write([case], {'offender_count': 5})

            Offender.delete([offenders[1]])
            self.assertEqual(stored(case)[5], 1)
            Violation.delete([act])
            self.assertEqual(
                stored(case), (None, None, False, False, False, 1))

            # every case at once, as the module update fills them
            table = Case.__table__()
            cursor = Transaction().connection.cursor()
            cursor.execute(*table.update(
                    [table.acts_fine, table.offender_count], [None, None]))
            Case.update_acts_amounts(None)
            self.assertEqual(stored(other)[0], fake.fine_min)
            self.assertEqual(stored(case)[5], 1)

    @with_transaction()
    def test_migration_delivery_offender(self):
        """Deliveries recorded before they were per offender (Law Art 67,
        70) become the delivery to the case's first offender on update"""
        pool = Pool()
        Case = pool.get('qltt.case')
        Delivery = pool.get('qltt.case.delivery')
        Party = pool.get('party.party')
        Team = pool.get('qltt.team')
        cursor = Transaction().connection.cursor()
        company = create_company()
        with set_company(company):
            team = Team(code='01', name="Team")
            team.save()
            first, second = Party.create(
                [{'name': "Hộ kinh doanh A"}, {'name': "Công ty B"}])
            case, = Case.create([{'team': team.id, 'offenders': [
                            ('create', [
                                    {'party': first.id, 'kind': 'individual'},
                                    {'party': second.id,
                                        'kind': 'organisation'}])]}])
            table = Delivery.__table__()
            cursor.execute(*table.insert(
                    [table.case, table.method, table.state],
                    [[case.id, 'in_person', 'delivered']]))
            Delivery.__register__('qltt_cases')
            delivery, = Delivery.search([('case', '=', case.id)])
            self.assertEqual(delivery.offender, case.offenders[0])
            self.assertEqual(delivery.offender.party, first)


class WorkflowGuardTestCase(unittest.TestCase):
    "Every legal record with a state, in all five modules, is guarded"
    modules = ['qltt_cases', 'qltt_finance', 'qltt_hr', 'qltt_office',
        'qltt_warehouse']
    # the number of a case document is typed when INS gave it (ins.py)
    typed_numbers = {'qltt.case.document'}
    # who uploaded a document to INS is entered by the clerk (ins.py)
    typed_stamps = {('qltt.case.document', 'ins_uploaded_by')}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        drop_db()
        activate_module(cls.modules)

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        drop_db()

    @with_transaction()
    def test_workflow_models_are_guarded(self):
        """A qltt model with a stored state has WorkflowStateGuardMixin and
        declares what its workflow owns: the employee stamps, the register
        number, the deletable states"""
        pool = Pool()
        guarded = set()
        for name, Model in pool.iterobject():
            if (not name.startswith('qltt.')
                    or not issubclass(Model, ModelStorage)
                    or callable(getattr(Model, 'table_query', None))
                    or 'state' not in Model._fields
                    or isinstance(Model._fields['state'], fields.Function)):
                continue
            with self.subTest(model=name):
                self.assertTrue(
                    issubclass(Model, WorkflowStateGuardMixin), name)
                guarded.add(name)
                owned = Model._workflow_owned_fields
                self.assertIn('state', owned)
                self.assertTrue(owned <= Model._fields.keys())
                self.assertTrue(Model._workflow_delete_error)
                self.assertTrue(Model._workflow_deletable_states
                    <= {s for s, _ in Model._fields['state'].selection})
                stamps = {n for n, f in Model._fields.items()
                    if n.endswith('_by')
                    and getattr(f, 'model_name', None) == 'company.employee'
                    and not isinstance(f, fields.Function)
                    and (name, n) not in self.typed_stamps}
                self.assertTrue(stamps <= owned, stamps - owned)
                if ('number' in Model._fields
                        and name not in self.typed_numbers):
                    self.assertIn('number', owned)
                for field in owned:
                    self.assertTrue(Model._fields[field].readonly, field)
        # 17 workflows (issue 19: explanation, delivery; issue 20: the
        # fine's enforcement) and the fine
        self.assertEqual(len(guarded), 18, sorted(guarded))


del ModuleTestCase
