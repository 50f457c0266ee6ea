# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
import datetime as dt
from decimal import Decimal

from trytond.model.exceptions import AccessError
from trytond.modules.company.tests import (
    CompanyTestMixin, create_company, set_company)
from trytond.modules.qltt_hr.exceptions import (
    CardError, EligibilityError, HRValidationError)
from trytond.pool import Pool
from trytond.tests.test_tryton import ModuleTestCase, with_transaction

D = dt.date
YEAR = 2026


class QlttHrTestCase(CompanyTestMixin, ModuleTestCase):
    "Test QLTT HR module"
    module = 'qltt_hr'

    # helpers ------------------------------------------------------------

    def _employees(self, *names):
        pool = Pool()
        Employee = pool.get('company.employee')
        Party = pool.get('party.party')
        employees = []
        for name in names:
            party = Party(name=name)
            party.save()
            employee = Employee(party=party)
            employee.save()
            employees.append(employee)
        return employees

    def _team(self, code, members):
        pool = Pool()
        Team = pool.get('qltt.team')
        team = Team(code=code, name=f"Team {code}", members=members)
        team.save()
        return team

    def _rate(self, recipient, rating, year=YEAR, initiative_level=None):
        pool = Pool()
        Rating = pool.get('qltt.hr.rating')
        if recipient.__name__ == 'qltt.team':
            record = Rating(kind='collective', team=recipient)
        else:
            record = Rating(kind='individual', employee=recipient)
        record.year = year
        record.rating = rating
        if initiative_level:
            record.initiative = "Initiative"
            record.initiative_level = initiative_level
        record.save()
        return record

    def _title(self, code):
        pool = Pool()
        Title = pool.get('qltt.commendation.title')
        title, = Title.search([('code', '=', code)])
        return title

    def _commendation(self, recipient, code, year=YEAR, state='draft'):
        pool = Pool()
        Commendation = pool.get('qltt.commendation')
        if recipient.__name__ == 'qltt.team':
            record = Commendation(kind='collective', team=recipient)
        else:
            record = Commendation(kind='individual', employee=recipient)
        record.title = self._title(code)
        record.year = year
        record.state = state
        if state == 'decided':
            record.decision_number = f'{year}/QĐ'
            record.decision_date = D(year, 12, 15)
            record.authority = "Director"
        record.save()
        return record

    def _discipline(self, employee, form, date=D(YEAR, 5, 1)):
        pool = Pool()
        Discipline = pool.get('qltt.discipline')
        Discipline(employee=employee, form=form, date=date).save()

    def _conditions(self, commendation):
        return [ok for ok, _ in commendation.check_eligibility()[1]]

    # cash awards --------------------------------------------------------

    @with_transaction()
    def test_cash_award_multiples(self):
        "Decree 152/2025 Art 50-52: multiples of the base salary"
        pool = Pool()
        Configuration = pool.get('qltt.hr.configuration')
        config = Configuration(1)
        self.assertEqual(config.base_salary, Decimal(2_340_000))
        expected = {
            'CSTDTQ': 10_530_000, 'CSTDT': 7_020_000, 'CSTDCS': 2_340_000,
            'LDTT': 702_000, 'TTLDXS': 3_510_000, 'TTLDTT': 1_872_000,
            'CTD-T': 18_720_000, 'CTD-CP': 28_080_000,
            'BK-TTG-TT': 16_380_000, 'BK-UBND-TT': 7_020_000,
            'GK-TT': 1_404_000, 'GK-CN': None,
            }
        for code, amount in expected.items():
            with self.subTest(code=code):
                award = config.cash_award(self._title(code).cash_multiple)
                self.assertEqual(award,
                    Decimal(amount) if amount is not None else None)
                if award is not None:
                    self.assertIsInstance(award, Decimal)
                    self.assertEqual(award.as_tuple().exponent, 0)

    @with_transaction()
    def test_cash_award_rounding(self):
        "Cash awards in whole VND, rounded up to the configured unit"
        pool = Pool()
        Configuration = pool.get('qltt.hr.configuration')
        config = Configuration(1)
        self.assertEqual(
            config.cash_award(Decimal('0.3'), Decimal(2_340_001)),
            Decimal(702_001))
        config.cash_rounding = Decimal(10_000)
        self.assertEqual(
            config.cash_award(Decimal('0.3'), Decimal(2_340_000)),
            Decimal(710_000))

    @with_transaction()
    def test_no_cash_for_title_without_multiple(self):
        "A cash award for a title that has none is refused"
        company = create_company()
        with set_company(company):
            employee, = self._employees("An")
            merit = self._commendation(employee, 'GK-CN')
            merit.cash_award = Decimal(500_000)
            with self.assertRaises(HRValidationError):
                merit.save()

    # inspector card -----------------------------------------------------

    @with_transaction()
    def test_card_valid_dates(self):
        "Ordinance Art 12, 21: valid from issue to expiry, only if active"
        company = create_company()
        with set_company(company):
            employee, = self._employees("An")
            self.assertFalse(employee.card_valid_on(D(2026, 3, 1)))
            employee.card_number = 'C1'
            employee.card_issue_date = D(2026, 1, 5)
            employee.card_expiry_date = D(2031, 1, 5)
            employee.save()
            for date, valid in [
                    (D(2026, 1, 4), False), (D(2026, 1, 5), True),
                    (D(2031, 1, 5), True), (D(2031, 1, 6), False)]:
                with self.subTest(date=date):
                    self.assertEqual(employee.card_valid_on(date), valid)
            for status in ['suspended', 'withdrawn']:
                with self.subTest(status=status):
                    employee.card_status = status
                    self.assertFalse(employee.card_valid_on(D(2026, 3, 1)))

    @with_transaction()
    def test_card_transition(self):
        "Circular 45/2025 Art 7: old cards end on 31/12/2025"
        company = create_company()
        with set_company(company):
            employee, = self._employees("An")
            employee.card_number = 'C1'
            employee.card_issue_date = D(2024, 9, 1)
            employee.card_expiry_date = D(2029, 9, 1)
            employee.save()
            self.assertEqual(employee.card_valid_until, D(2025, 12, 31))
            self.assertTrue(employee.card_valid_on(D(2025, 12, 31)))
            self.assertFalse(employee.card_valid_on(D(2026, 1, 1)))
            employee.card_issue_date = D(2025, 7, 15)
            employee.card_expiry_date = D(2030, 7, 15)
            employee.save()
            self.assertEqual(employee.card_valid_until, D(2030, 7, 15))

    @with_transaction()
    def test_card_expiry_after_issue_within_5_years(self):
        "Ordinance Art 12: expiry after issue, 5 years at most"
        company = create_company()
        with set_company(company):
            employee, = self._employees("An")
            employee.card_number = 'C1'
            employee.card_issue_date = D(2026, 1, 5)
            for expiry in [D(2026, 1, 5), D(2025, 1, 1), D(2031, 1, 6)]:
                with self.subTest(expiry=expiry):
                    employee.card_expiry_date = expiry
                    with self.assertRaises(HRValidationError):
                        employee.save()
            employee.card_expiry_date = D(2031, 1, 5)
            employee.save()

    @with_transaction()
    def test_case_refuses_inspector_without_card(self):
        "Ordinance Art 21: no valid card, no inspection"
        pool = Pool()
        Case = pool.get('qltt.case')
        company = create_company()
        with set_company(company):
            employee, = self._employees("An")
            team = self._team('01', [employee])
            case = Case(team=team, inspection_date=D(2026, 3, 2),
                inspectors=[employee])
            with self.assertRaises(CardError):
                case.save()

    # eligibility rules --------------------------------------------------

    @with_transaction()
    def test_rule_advanced_worker(self):
        "Law 06/2022 Art 24; Decree 152/2025 Art 4"
        company = create_company()
        with set_company(company):
            good, completed, disciplined, unrated, last_year = (
                self._employees("Good", "Completed", "Disciplined",
                    "Unrated", "Disciplined last year"))
            self._rate(good, 'good')
            self._rate(completed, 'completed')
            self._rate(disciplined, 'excellent')
            self._discipline(disciplined, 'reprimand')
            self._rate(last_year, 'good')
            self._discipline(last_year, 'warning', D(YEAR - 1, 5, 1))
            for employee, eligible in [(good, True), (completed, False),
                    (disciplined, False), (unrated, False),
                    (last_year, True)]:
                with self.subTest(employee=employee.rec_name):
                    commendation = self._commendation(employee, 'LDTT')
                    self.assertEqual(commendation.eligible, eligible)

    @with_transaction()
    def test_rule_grassroots_soldier(self):
        "Law 06/2022 Art 23: advanced worker + excellent or initiative"
        company = create_company()
        with set_company(company):
            excellent, initiative, good, no_title = self._employees(
                "Excellent", "Initiative", "Good", "No title")
            self._rate(excellent, 'excellent')
            self._rate(initiative, 'good', initiative_level='grassroots')
            self._rate(good, 'good')
            self._rate(no_title, 'excellent')
            for employee in [excellent, initiative, good]:
                self._commendation(employee, 'LDTT', state='approved')
            for employee, conditions in [
                    (excellent, [True, True, True]),
                    (initiative, [True, True, True]),
                    (good, [True, False, True]),
                    (no_title, [False, True, True])]:
                with self.subTest(employee=employee.rec_name):
                    commendation = self._commendation(employee, 'CSTDCS')
                    self.assertEqual(
                        self._conditions(commendation), conditions)

    @with_transaction()
    def test_rule_provincial_soldier(self):
        "Law 06/2022 Art 22: 3 consecutive grassroots titles + initiative"
        company = create_company()
        with set_company(company):
            three, two, gap = self._employees("Three", "Two", "Gap")
            for employee, years in [(three, [2024, 2025, 2026]),
                    (two, [2025, 2026]), (gap, [2023, 2024, 2026])]:
                for year in years:
                    self._commendation(
                        employee, 'CSTDCS', year=year, state='decided')
                self._rate(employee, 'excellent',
                    initiative_level='provincial')
            for employee, eligible in [
                    (three, True), (two, False), (gap, False)]:
                with self.subTest(employee=employee.rec_name):
                    self.assertEqual(
                        self._commendation(employee, 'CSTDT').eligible,
                        eligible)
            # a grassroots initiative is not enough
            other, = self._employees("Other")
            for year in [2024, 2025, 2026]:
                self._commendation(other, 'CSTDCS', year=year,
                    state='decided')
            self._rate(other, 'excellent', initiative_level='grassroots')
            self.assertEqual(
                self._conditions(self._commendation(other, 'CSTDT')),
                [True, False, True])

    @with_transaction()
    def test_rule_national_soldier(self):
        "Law 06/2022 Art 21: 2 consecutive provincial titles + initiative"
        company = create_company()
        with set_company(company):
            national, provincial = self._employees("National", "Provincial")
            for employee, level in [(national, 'national'),
                    (provincial, 'provincial')]:
                for year in [2025, 2026]:
                    self._commendation(
                        employee, 'CSTDT', year=year, state='decided')
                self._rate(employee, 'excellent', initiative_level=level)
            self.assertTrue(self._commendation(national, 'CSTDTQ').eligible)
            self.assertEqual(
                self._conditions(self._commendation(provincial, 'CSTDTQ')),
                [True, False, True])

    @with_transaction()
    def test_rule_collective_advanced(self):
        "Decision 86/2025 Art 3: 70 % advanced workers, no warning"
        company = create_company()
        with set_company(company):
            members = self._employees("A", "B", "C", "D")
            team = self._team('01', members)
            self._rate(team, 'good')
            for member in members:
                self._rate(member, 'good')
            for member in members[:2]:
                self._commendation(member, 'LDTT', state='approved')
            proposal = self._commendation(team, 'TTLDTT')
            # 2 of 4: 50 %
            self.assertEqual(self._conditions(proposal), [True, False, True])
            self._commendation(members[2], 'LDTT', state='approved')
            # 3 of 4: 75 %
            self.assertEqual(self._conditions(proposal), [True, True, True])
            self._discipline(members[3], 'reprimand')
            self.assertTrue(proposal.eligible)
            self._discipline(members[3], 'warning')
            self.assertEqual(self._conditions(proposal), [True, True, False])

    @with_transaction()
    def test_rule_collective_excellent(self):
        "Decision 86/2025 Art 4: excellent, all completed, 70 %, one CSTĐ"
        company = create_company()
        with set_company(company):
            members = self._employees("A", "B", "C")
            team = self._team('01', members)
            self._rate(team, 'excellent')
            for member, rating in zip(members,
                    ['excellent', 'good', 'not_completed']):
                self._rate(member, rating)
            for member in members:
                self._commendation(member, 'LDTT', state='approved')
            proposal = self._commendation(team, 'TTLDXS')
            self.assertEqual(
                self._conditions(proposal), [True, False, True, False])
            self._commendation(members[0], 'CSTDCS', state='decided')
            self.assertEqual(
                self._conditions(proposal), [True, False, True, True])

    @with_transaction()
    def test_collective_needs_every_member_rated(self):
        "Decision 86/2025 Art 3-4: a collective is judged on all members"
        pool = Pool()
        Commendation = pool.get('qltt.commendation')
        company = create_company()
        with set_company(company):
            rated, unrated = self._employees("Rated", "Unrated")
            team = self._team('01', [rated, unrated])
            self._rate(rated, 'good')
            proposal = self._commendation(team, 'TTLDTT')
            with self.assertRaises(HRValidationError):
                Commendation.propose([proposal])
            self._rate(unrated, 'good')
            Commendation.propose([proposal])
            self.assertEqual(proposal.state, 'proposed')

    # workflow -----------------------------------------------------------

    @with_transaction()
    def test_duplicate_title(self):
        "A title once per person and year; a refused proposal frees it"
        company = create_company()
        with set_company(company):
            employee, = self._employees("An")
            first = self._commendation(employee, 'LDTT', state='refused')
            self._commendation(employee, 'LDTT', year=YEAR - 1)
            self._commendation(employee, 'LDTT')
            with self.assertRaises(HRValidationError):
                self._commendation(employee, 'LDTT', state='proposed')
            self.assertEqual(first.state, 'refused')

    @with_transaction()
    def test_approve_refuse_override(self):
        "Failing proposals are refused with the reason unless overridden"
        pool = Pool()
        Commendation = pool.get('qltt.commendation')
        company = create_company()
        with set_company(company):
            refused, overridden = self._employees("Refused", "Overridden")
            first = self._commendation(refused, 'LDTT', state='proposed')
            with self.assertRaises(EligibilityError):
                Commendation.approve([first])
            Commendation.refuse([first])
            self.assertEqual(first.state, 'refused')
            self.assertIn(str(YEAR), first.refusal_reason)
            second = self._commendation(overridden, 'LDTT', state='proposed')
            with self.assertRaises(EligibilityError):
                Commendation.override([second])
            second.override_justification = "Maternity leave counts"
            second.save()
            Commendation.override([second])
            self.assertEqual(second.state, 'approved')
            self.assertEqual(
                second.override_justification, "Maternity leave counts")

    @with_transaction()
    def test_decision_frozen(self):
        "The decision computes the cash award and freezes the record"
        pool = Pool()
        Commendation = pool.get('qltt.commendation')
        company = create_company()
        with set_company(company):
            employee, = self._employees("An")
            commendation = self._commendation(
                employee, 'CSTDCS', state='approved')
            commendation.decision_number = '1/QĐ'
            commendation.decision_date = D(YEAR, 12, 15)
            commendation.save()
            Commendation.decide([commendation])
            self.assertEqual(commendation.cash_award, Decimal(2_340_000))
            self.assertEqual(commendation.base_salary, Decimal(2_340_000))
            commendation.reason = "changed"
            with self.assertRaises(AccessError):
                commendation.save()
            with self.assertRaises(AccessError):
                Commendation.delete([Commendation(commendation.id)])

    # work done ----------------------------------------------------------

    @with_transaction()
    def test_work_done(self):
        "Cases, violations and decided fines per officer, team and year"
        pool = Pool()
        Case = pool.get('qltt.case')
        Violation = pool.get('qltt.case.violation')
        LegalBasis = pool.get('qltt.legal.basis')
        WorkEmployee = pool.get('qltt.hr.work.employee')
        WorkTeam = pool.get('qltt.hr.work.team')
        basis, = LegalBasis.search([('code', '=', 'ND98-A15-K1-g')])
        company = create_company()
        with set_company(company):
            an, binh = self._employees("An", "Binh")
            team = self._team('01', [an, binh])
            for employee in [an, binh]:
                employee.card_number = employee.rec_name
                employee.card_issue_date = D(2025, 7, 15)
                employee.card_expiry_date = D(2030, 7, 15)
                employee.save()
            cases = []
            for state, inspection, decision, inspectors in [
                    ('decided', D(2025, 12, 20), D(2026, 1, 5), [an]),
                    ('recorded', D(2026, 3, 2), None, [an, binh]),
                    ('inspecting', D(2026, 4, 2), None, [binh]),
                    ('draft', D(2026, 5, 2), None, [an]),
                    ('decided', D(2025, 9, 2), D(2025, 9, 9), [an]),
                    ]:
                case = Case(team=team, inspection_date=inspection,
                    decision_date=decision, inspectors=inspectors)
                case.violations = [Violation(legal_basis=basis,
                        fine=Decimal(25_000_000))]
                case.save()
                cases.append((case, state))
            # states written directly: the workflow is tested in qltt_cases
            for case, state in cases:
                Case.write([case], {'state': state})
            self.assertEqual(
                WorkEmployee.get_figures([an, binh], 2026), {
                    an.id: (2, 2, Decimal(25_000_000)),
                    binh.id: (2, 1, Decimal(0)),
                    })
            self.assertEqual(WorkEmployee.get_figures([an], 2025),
                {an.id: (1, 1, Decimal(25_000_000))})
            self.assertEqual(WorkTeam.get_figures([team], 2026),
                {team.id: (3, 2, Decimal(25_000_000))})


del ModuleTestCase
