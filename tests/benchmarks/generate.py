#!/usr/bin/env python3
# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Seeded generator of a national-scale year of market surveillance data,
created through the modules' own models (batched creates and batched
workflow transitions), in the database of trytond's configuration.

    TRYTOND_DATABASE__URI=postgresql://postgres@127.0.0.1:5432/ \\
        .venv/bin/python tests/benchmarks/generate.py -d bench --cases 2000

The database must have qltt_finance activated (trytond-admin).  A year of
national data is about 100,000 cases, 500,000 seized-goods lines and 100,000
fines (issue #8); the default (500 cases) is a quick run.  The database
holds the 34 provincial departments (since 2025), one company each with 3
teams (a leader and 3 inspectors each) and the head who signs, and a
national reader (login `national`, every company).  The cases generated
through the models are the first department's (the one with a chart of
accounts, whose decisions post receivables); `--replicate-to` spreads
their copies over the 34.  Per 100 cases about 40 have a seizure of ~12
lines (5 lines per case on average), 80 are decided (a posted fine
receivable each), 4 sent to investigators, 4 without violation, the rest
left open.

The data is history: the year is 2025 and every step happens on its day.
Tryton's business rules that compare with today (the seizure term of Law
Art 125(8) is checked against `ir.date.today`) are run with today set to
the day of the batch being generated, as if the officers had worked then;
nothing else is changed.

Prints the seconds generation took and writes them as JSON with --output.

Through the models this runs at about 0.5-2 cases/s on one core, so a
national year (100,000 cases) would take days.  For the read benchmarks
only, `--replicate-to N` then copies the generated cases in SQL until
there are N (`replicate`: cases with their violations, inspectors,
forces, seizures and their lines, fines; new ids, numbers with '/R<copy>'
appended, the same dates, offenders, states and amounts; each copied case
in a department in turn, with that department's team of the same rank).  Those
copies are not made through the models and have no stock moves, documents
or account moves of their own: they are there to measure how reading grows,
not to test the rules.  `--cases 0 --replicate-to N` copies again (to N) in
a database generated earlier:

    .venv/bin/python -O tests/benchmarks/generate.py -d bench --cases 300 \
        --replicate-to 10000
    .venv/bin/python tests/benchmarks/generate.py -d bench --cases 0 \
        --replicate-to 100000

`--via-import` makes the cases through the import of past cases instead
(qltt_cases.case_import, issue 25: each batch checked then written with
one create per model, the fines booked and posted by qltt_finance), so
that 10,000 cases and more are made through the models in reasonable
time: closed cases only (decided, done and paid, transferred, without
violation), without seizures; see import_batch.  The default (the
workflow, what bench_national.py measures) is unchanged.
"""
import argparse
import datetime as dt
import json
import random
import sys
import time
from decimal import Decimal

PROVINCES = 34
TEAMS_PER_PROVINCE = 3
YEAR = 2025
BATCH = 500
PRODUCTS = 200
LINES_PER_SEIZURE = (6, 18)  # mean 12


def setup(database):
    """Unit, fiscal year and chart, teams of 34 provinces with their
    officers, products, offenders' pool: through proteus, committed"""
    from proteus import Model
    from trytond.modules.qltt_cases.tests.tools import create_unit
    from trytond.modules.qltt_finance.tests.tools import create_finance

    Company = Model.get('company.company')
    if Company.find([]):
        return False
    create_unit(name="Chi cục Quản lý thị trường tỉnh 01 (benchmark)",
        unit_code='01', parent_unit_name="Sở Công Thương tỉnh 01")
    create_finance(YEAR)
    return True


def bulk_setup(rng, n_cases):
    """The other 33 departments, each department's head and teams with
    their officers, the national reader, products and offenders in bulk
    (Pool, batched)"""
    from trytond.pool import Pool
    pool = Pool()
    Party = pool.get('party.party')
    Employee = pool.get('company.employee')
    Authority = pool.get('qltt.sanction.authority')
    Team = pool.get('qltt.team')
    Template = pool.get('product.template')
    Uom = pool.get('product.uom')
    Company = pool.get('company.company')
    User = pool.get('res.user')
    ModelData = pool.get('ir.model.data')
    company, = Company.search([])
    controller, = Authority.search([('code', '=', 'controller')])
    head, = Authority.search([('code', '=', 'subdept_head')])
    leader_authority, = Authority.search([('code', '=', 'team_leader')])

    others = Company.create([{
                'party': p.id, 'currency': company.currency.id,
                } for p in Party.create([{
                        'name': f"Chi cục Quản lý thị trường tỉnh "
                        f"{i + 1:02d} (benchmark)"}
                    for i in range(1, PROVINCES)])])
    companies = [company, *others]
    # per province a head of the sub-department who signs the decisions;
    # per team a leader and 3 inspectors
    names = []
    for p, department in enumerate(companies):
        names.append((f"Chi cục trưởng tỉnh {p + 1:02d}", head, department))
        for t in range(TEAMS_PER_PROVINCE):
            code = f"{p + 1:02d}-{t + 1:02d}"
            names.append((f"Đội trưởng đội {code}", leader_authority,
                    department))
            for k in range(3):
                names.append((f"Kiểm soát viên {code}-{k + 1}",
                        controller, department))
    parties = Party.create([{'name': n} for n, _, _ in names])
    employees = Employee.create([{
                'party': p.id, 'company': c.id,
                'officer_number': f'{i:05d}',
                'sanction_authority': a.id,
                } for i, (p, (_, a, c)) in enumerate(zip(parties, names))])
    per_province = 1 + TEAMS_PER_PROVINCE * 4
    teams_values, staff = [], []
    for p, department in enumerate(companies):
        head_, *rest = employees[p * per_province:(p + 1) * per_province]
        for t in range(TEAMS_PER_PROVINCE):
            leader, *inspectors = rest[t * 4:t * 4 + 4]
            teams_values.append({
                    'code': f'{t + 1:02d}', 'company': department.id,
                    'name': f"Đội QLTT số {t + 1} tỉnh {p + 1:02d}",
                    'leader': leader.id,
                    'members': [('add', [
                                e.id for e in [leader, *inspectors]])],
                    })
            staff.append({'inspectors': inspectors, 'signer': head_})
    teams = Team.create(teams_values)
    # the cases generated through the models are the first department's
    team_staff = [dict(s, team=team)
        for team, s in zip(teams, staff) if team.company == company]

    User.create([{
                'name': "Cục Quản lý thị trường (national reader)",
                'login': 'national', 'company_filter': 'all',
                'companies': [('add', [c.id for c in companies])],
                'company': company.id,
                'groups': [('add', [ModelData.get_id(
                                'qltt_cases', 'group_qltt_national')])],
                }])

    unit, = Uom.search([('name', '=', 'Unit')])
    templates = Template.create([{
                'name': f"Hàng hóa {i:03d}", 'type': 'goods',
                'default_uom': unit.id, 'products': [('create', [{}])],
                } for i in range(PRODUCTS)])
    products = [t.products[0] for t in templates]
    offenders = []
    n_offenders = max(n_cases * 3 // 4, 10)
    for start in range(0, n_offenders, 5000):
        offenders.extend(Party.create([{
                        'name': f"Hộ kinh doanh {i:06d}",
                        } for i in range(start,
                        min(start + 5000, n_offenders))]))
    return company, team_staff, unit, products, offenders


def acts():
    """Acts an individual may be fined for by a head of sub-department
    without a required measure, with a goods value inside their value
    bracket and the fine at the midpoint (Decree 118/2021 Art 9 without
    circumstances)"""
    from trytond.modules.qltt_cases.legal import MEASURES
    from trytond.pool import Pool
    pool = Pool()
    LegalBasis = pool.get('qltt.legal.basis')
    Authority = pool.get('qltt.sanction.authority')
    head, = Authority.search([('code', '=', 'subdept_head')])
    result = []
    for basis in LegalBasis.search([]):
        # a decision of a required measure (confiscation) names it: the
        # generated decisions impose the fine only
        if any(getattr(basis, k) == 'required' for k, _ in MEASURES):
            continue
        low, high = basis.bracket('individual')
        if low is None or high > head.limit(basis.field, 'individual'):
            continue
        if basis.value_from is None and basis.value_to is None:
            value = Decimal(5_000_000)
        else:
            start = basis.value_from or Decimal(0)
            end = basis.value_to or start + Decimal(100_000_000)
            value = ((start + end) / 2).quantize(Decimal(1))
        middle = ((low + high) / 2).quantize(Decimal(1))
        result.append((basis, value, middle))
    assert result, "no legal basis fits"
    return result


def plan(rng, n_cases):
    "(inspection date, outcome) of each case, sorted by date"
    start = dt.date(YEAR, 1, 2)
    span = (dt.date(YEAR, 12, 10) - start).days
    outcomes = rng.choices(
        ['decided', 'transferred', 'no_violation', 'recorded', 'inspecting'],
        weights=[80, 4, 4, 6, 6], k=n_cases)
    dates = sorted(start + dt.timedelta(rng.randrange(span))
        for _ in range(n_cases))
    return list(zip(dates, outcomes))


def generate_batch(rng, batch, ctx):
    pool_ = __import__('trytond.pool', fromlist=['Pool']).Pool()
    Case = pool_.get('qltt.case')
    Seizure = pool_.get('qltt.seizure')
    Date = pool_.get('ir.date')
    # the batch happens on its first day (see the module docstring)
    clock = [batch[0][0]]
    Date.today = staticmethod(lambda timezone=None: clock[0])

    company = ctx['company']
    case_values, extra = [], []
    for inspection_date, outcome in batch:
        staff = rng.choice(ctx['teams'])
        n_acts = 1 if rng.random() < 0.8 else 2
        violations = []
        for basis, value, fine in rng.sample(ctx['acts'], n_acts):
            violations.append({
                    'legal_basis': basis.id, 'goods_value': value,
                    'fine': fine})
        ecommerce = rng.random() < 0.1
        values = {
            'company': company.id,
            'team': staff['team'].id,
            'source': rng.choice(['planned', 'adhoc', 'request']),
            'channel': 'ecommerce' if ecommerce else 'physical',
            'offender': rng.choice(ctx['offenders']).id,
            'offender_kind': 'individual',
            'inspection_date': inspection_date,
            'violation_date': inspection_date,
            'inspectors': [('add', [rng.choice(staff['inspectors']).id])],
            'violations': [('create', violations)],
            }
        if ecommerce:
            values['platform'] = 'Shopee'
            values['url'] = f'https://shopee.vn/shop/{rng.randrange(10**8)}'
        case_values.append(values)
        extra.append((outcome, staff))
    cases = Case.create(case_values)
    Case.start_inspection(cases)

    # seizures: about 40% of the cases, ~12 lines each
    seizure_values = []
    for case in cases:
        if rng.random() >= 0.4:
            continue
        lines = []
        for _ in range(rng.randint(*LINES_PER_SEIZURE)):
            quantity = rng.randint(1, 300)
            lines.append({
                    'product': rng.choice(ctx['products']).id,
                    'quantity': quantity, 'unit': ctx['unit'].id,
                    'category': rng.choice(['smuggled', 'counterfeit',
                            'unclear_origin']),
                    'unit_value': Decimal(rng.randrange(10, 500) * 1000),
                    'weight': 0.25 * quantity,
                    })
        seizure_values.append({
                'company': company.id, 'case': case.id,
                'seizure_date': case.inspection_date,
                'location': ctx['store'].id,
                'lines': [('create', lines)],
                })
    seizures = Seizure.create(seizure_values)
    if seizures:
        Seizure.hold(seizures)

    to_write, to_record, to_transfer, to_close = [], [], [], []
    for case, (outcome, staff) in zip(cases, extra):
        if outcome == 'inspecting':
            continue
        if outcome == 'no_violation':
            to_write.extend(([case], {
                        'no_violation_reason': "Không phát hiện vi phạm"}))
            to_close.append(case)
            continue
        if outcome == 'transferred':
            to_write.extend(([case], {
                        'investigation_agency': ctx['police'].id,
                        'transfer_date': case.inspection_date
                        + dt.timedelta(days=3),
                        'decision_signer': staff['signer'].id,
                        }))
            to_transfer.append(case)
            continue
        minutes = case.inspection_date + dt.timedelta(days=1)
        values = {'minutes_date': minutes}
        if outcome == 'decided':
            values['decision_date'] = minutes + dt.timedelta(
                days=rng.randint(1, 6))
            values['decision_signer'] = staff['signer'].id
            # seized goods may reach a criminal threshold (Law Art 62):
            # the team decides here with a reason
            values['criminal_confirmed'] = True
            values['criminal_reason'] = "Hàng hóa đã được xác minh"
        to_write.extend(([case], values))
        to_record.append((case, outcome))
    if to_write:
        Case.write(*to_write)
    cases = Case.browse([c.id for c in cases])
    by_id = {c.id: c for c in cases}
    to_close = [by_id[c.id] for c in to_close]
    to_transfer = [by_id[c.id] for c in to_transfer]
    to_record = [(by_id[c.id], o) for c, o in to_record]
    if to_close:
        Case.find_no_violation(to_close)
    if to_transfer:
        Case.transfer(to_transfer)
    recorded = [c for c, _ in to_record]
    if recorded:
        Case.record(recorded)
    decided = [c for c, o in to_record if o == 'decided']
    if decided:
        # the decisions are the latest step of the batch
        clock[0] = max(c.decision_date for c in decided)
        Case.decide(Case.browse([c.id for c in decided]))
    return {
        'cases': len(cases),
        'seizures': len(seizures),
        'seizure_lines': sum(len(v['lines'][0][1]) for v in seizure_values),
        'decided': len(decided),
        }


def import_batch(rng, batch, ctx, first):
    """The batch's cases made by the import of past cases instead
    (--via-import, qltt_cases.case_import: checked then written in batch,
    with their fines and postings): the decided ones stay unpaid, the
    transferred and without violation as generated; the import writes
    closed cases only, so those the plan leaves open are imported done
    (their fines paid on the decision date).  No seizures (goods are not
    imported yet).  Numbered GEN-<year>-<rank> from first"""
    import csv
    import io
    from trytond.modules.qltt_cases.case_import import COLUMNS, CaseImport
    output = io.StringIO()
    writer = csv.DictWriter(output, COLUMNS)
    writer.writeheader()
    decided = 0
    for rank, (inspection_date, outcome) in enumerate(batch, first):
        staff = rng.choice(ctx['teams'])
        state = {'recorded': 'done', 'inspecting': 'done'}.get(
            outcome, outcome)
        case = {
            'case_number': f'GEN-{YEAR}-{rank:06d}', 'state': state,
            'inspection_date': inspection_date.isoformat(),
            'team_code': staff['team'].code,
            }
        if state == 'no_violation':
            writer.writerow(case)
            continue
        minutes = inspection_date + dt.timedelta(days=1)
        signer = staff['signer'].officer_number
        if state == 'transferred':
            writer.writerow(dict(case, decision_number=f'{rank}/QĐ-CGHS',
                    decision_date=(inspection_date
                        + dt.timedelta(days=3)).isoformat(),
                    decision_signer=signer))
            continue
        decided += 1
        offender = rng.randrange(len(ctx['offenders']))
        case.update(minutes_date=minutes.isoformat(),
            decision_number=f'{rank}/QĐ-XPHC',
            decision_date=(minutes + dt.timedelta(
                    days=rng.randint(1, 6))).isoformat(),
            decision_signer=signer,
            offender_name=f"Hộ kinh doanh {offender:06d}",
            offender_kind='individual',
            offender_id_number=f'0019{offender:08d}')
        n_acts = 1 if rng.random() < 0.8 else 2
        for basis, value, fine in rng.sample(ctx['acts'], n_acts):
            writer.writerow(dict(case, legal_basis_code=basis.code,
                    goods_value=value, fine=fine,
                    amount_paid=fine if state == 'done' else ''))
    importer = CaseImport(ctx['company'], 'generate.csv')
    importer.check(output.getvalue().encode('utf-8'))
    if importer.errors:
        raise RuntimeError(importer.errors[:5])
    importer.write()
    return {
        'cases': len(importer.created), 'seizures': 0, 'seizure_lines': 0,
        'decided': decided,
        }


def in_transaction(database, extras, func, *args):
    """Run func in a committed transaction of the root user, retried with
    the tables locked that it asked for (as trytond's dispatcher does);
    extras keeps those locks for the next calls"""
    from trytond.transaction import Transaction, TransactionError
    while True:
        with Transaction().start(database, 0, **extras) as transaction:
            try:
                result = func(*args)
            except TransactionError as e:
                transaction.rollback()
                e.fix(extras)
                continue
            transaction.commit()
            return result


def generate(database, n_cases, seed, log=print, via_import=False):
    from proteus import config as pconfig
    pconfig.set_trytond(database=database)
    from trytond.pool import Pool
    from trytond.transaction import Transaction

    rng = random.Random(seed)
    started = time.perf_counter()
    if not setup(database):
        raise SystemExit(f"{database} already has data: use a new database")
    extras = {}

    def setup_staff():
        pool = Pool()
        Company = pool.get('company.company')
        company, = Company.search([])
        with Transaction().set_context(company=company.id,
                companies=[company.id]):
            result = bulk_setup(random.Random(seed), n_cases)
            Party = pool.get('party.party')
            police = Party(name="Cơ quan Cảnh sát điều tra")
            police.save()
        return result + (police,)
    company, teams, unit, products, offenders, police = in_transaction(
        database, extras, setup_staff)
    setup_seconds = time.perf_counter() - started
    log(f"setup: {setup_seconds:.1f}s")

    totals = {'cases': 0, 'seizures': 0, 'seizure_lines': 0, 'decided': 0}
    items = plan(rng, n_cases)

    def batch(start, end):
        pool = Pool()
        Location = pool.get('stock.location')
        ModelData = pool.get('ir.model.data')
        if True:
            with Transaction().set_context(company=company.id):
                ctx = {
                    'company': pool.get('company.company')(company.id),
                    'teams': [{
                            'team': pool.get('qltt.team')(s['team'].id),
                            'inspectors': [pool.get('company.employee')(
                                    e.id) for e in s['inspectors']],
                            'signer': pool.get('company.employee')(
                                s['signer'].id),
                            } for s in teams],
                    'unit': unit, 'products': products,
                    'offenders': offenders,
                    'police': police,
                    'store': Location(ModelData.get_id(
                            'qltt_warehouse', 'location_evidence_storage')),
                    'acts': acts(),
                    }
                # a random stream per batch: a retried batch is the same
                if via_import:
                    return import_batch(random.Random(f'{seed}-{start}'),
                        items[start:end], ctx, start + 1)
                return generate_batch(random.Random(f'{seed}-{start}'),
                    items[start:end], ctx)

    # a first small batch learns which tables the steps lock (document
    # numbering, sequences): a retry then costs little
    starts = [0] + list(range(min(10, len(items)), len(items), BATCH))
    for start, end in zip(starts, starts[1:] + [len(items)]):
        counts = in_transaction(database, extras, batch, start, end)
        for key, value in counts.items():
            totals[key] += value
        elapsed = time.perf_counter() - started
        log(f"{totals['cases']:>7} cases, {totals['seizure_lines']:>7} "
            f"seized lines, {totals['decided']:>7} fines: {elapsed:.1f}s")
    seconds = time.perf_counter() - started
    return {
        'cases': n_cases, 'seed': seed, 'year': YEAR,
        'via_import': via_import,
        'teams': PROVINCES * TEAMS_PER_PROVINCE, 'provinces': PROVINCES,
        'teams_of_generated_cases': len(teams),
        **{f'created_{k}': v for k, v in totals.items()},
        'setup_seconds': round(setup_seconds, 1),
        'seconds': round(seconds, 1),
        'cases_per_second': round(n_cases / (seconds - setup_seconds), 1),
        }


# Replication in SQL (--replicate-to) -----------------------------------

# The tables the read benchmarks (statistics, xlsx, listview) read, with
# the columns that refer to another replicated table
REPLICATED = [
    ('qltt_case', {}),
    ('qltt_case_offender', {'case': 'qltt_case'}),
    ('qltt_case_violation', {
            'case': 'qltt_case', 'offender': 'qltt_case_offender'}),
    ('qltt_case-company_employee', {'case': 'qltt_case'}),
    ('qltt_case-qltt_force', {'case': 'qltt_case'}),
    ('qltt_seizure', {'case': 'qltt_case'}),
    ('qltt_seizure_line', {'seizure': 'qltt_seizure'}),
    ('qltt_fine', {'case': 'qltt_case', 'offender': 'qltt_case_offender'}),
    ]
# numbered tables: a copy gets the original number with '/R<copy>'
NUMBERED = {'qltt_case', 'qltt_seizure'}


def replicate(database, target, log=print):
    """Copy the cases generated through the models, in SQL, until the
    database holds target cases: copy c of a row gets id + c * (the highest
    id of the generated rows of its table), its references to replicated
    tables shifted the same way, '/R<c>' after its number; every other
    column (dates, team, offender, state, amounts, the lots, documents and
    account moves it refers to) is the original's.  The year keeps the
    distribution of the generated one (each generated case is copied
    target // generated times or once more); the copies exist only in
    these tables: no stock move, document, account move or history is
    copied.  The copies of an earlier run are deleted first: run it again
    with another target on a database whose cases came from generate."""
    from trytond.transaction import Transaction
    started = time.perf_counter()
    with Transaction().start(database, 0) as transaction:
        cursor = transaction.connection.cursor()

        def q(name):
            return '"%s"' % name
        # the generated rows: cases without '/R' in their number, the rows
        # of the other tables that belong to them; copies have higher ids
        highest = {}
        for table, references in REPLICATED:
            where = "number NOT LIKE '%/R%'"
            if references:
                column, parent = next(iter(references.items()))
                where = f'{q(column)} <= {highest[parent]}'
            cursor.execute(
                f'SELECT COALESCE(MAX(id), 0) FROM {q(table)} WHERE {where}')
            highest[table], = cursor.fetchone()
        # the copies of an earlier run go: each run copies to its target
        for table, _ in reversed(REPLICATED):
            cursor.execute(
                f'DELETE FROM {q(table)} WHERE id > {highest[table]}')
        cursor.execute('SELECT COUNT(*) FROM qltt_case WHERE id <= %s',
            (highest['qltt_case'],))
        generated, = cursor.fetchone()
        if not generated or target <= generated:
            transaction.commit()
            return {'replicated_to': generated, 'generated_cases': generated,
                'copies': 0, 'seconds': 0}
        copies = -(-target // generated) - 1
        # copy c of the case of rank r goes to department (c * generated
        # + r) mod the number of departments, to its team of the rank of
        # the original's team in the first department
        cursor.execute('SELECT id FROM company_company ORDER BY id')
        companies = [c for c, in cursor.fetchall()]
        cursor.execute('SELECT id, company FROM qltt_team ORDER BY id')
        teams = {c: [] for c in companies}
        for team, company in cursor.fetchall():
            teams[company].append(team)
        sources = teams[companies[0]]
        targets = [teams[c][k] if k < len(teams[c]) else None
            for c in companies for k in range(len(sources))]

        def array(values):
            return 'ARRAY[%s]::INTEGER[]' % ', '.join(
                'NULL' if v is None else str(int(v)) for v in values)
        province = f'((c * {generated} + t.rank_) %% {len(companies)})'
        case_company = f'({array(companies)})[{province} + 1]'
        case_team = (f'({array(targets)})[{province} * {len(sources)} '
            f'+ array_position({array(sources)}, t.team)]')
        counts = {}

        def has_company(table):
            cursor.execute(
                'SELECT 1 FROM information_schema.columns '
                'WHERE table_name = %s AND table_schema = current_schema() '
                "AND column_name = 'company'", (table,))
            return bool(cursor.fetchone())
        for table, references in REPLICATED:
            cursor.execute(
                'SELECT column_name FROM information_schema.columns '
                'WHERE table_name = %s AND table_schema = current_schema() '
                'ORDER BY ordinal_position', (table,))
            columns = [c for c, in cursor.fetchall()]
            values = []
            for column in columns:
                if column == 'id':
                    values.append(f't.id + c * {highest[table]}')
                elif column in references:
                    values.append(f't.{q(column)} + c * '
                        f'{highest[references[column]]}')
                elif column == 'number' and table in NUMBERED:
                    values.append("t.number || '/R' || c")
                elif column == 'company' and table == 'qltt_case':
                    values.append(case_company)
                elif column == 'team' and table == 'qltt_case':
                    values.append(case_team)
                elif column == 'team' and table == 'qltt_seizure':
                    # the team of its case's copy (Seizure.update_team)
                    values.append('p.team')
                elif column == 'company' and has_company(
                        next(iter(references.values()))):
                    # the department of what it belongs to
                    values.append('p.company')
                else:
                    values.append(f't.{q(column)}')
            if table == 'qltt_case':
                # the last copy is partial: cases in id order up to target
                source = (f'(SELECT *, ROW_NUMBER() OVER (ORDER BY id) - 1 '
                    f'AS rank_ FROM qltt_case WHERE id <= {highest[table]}'
                    ') AS t CROSS JOIN generate_series(1, %s) AS c')
                where = f'c * {generated} + t.rank_ < %s'
                params = (copies, target)
            else:
                # the copy of a row exists if the copy of what it belongs
                # to does
                column, parent = next(iter(references.items()))
                source = (f'{q(table)} AS t CROSS JOIN generate_series('
                    f'1, %s) AS c JOIN {q(parent)} AS p ON p.id = '
                    f't.{q(column)} + c * {highest[parent]}')
                where = f't.id <= {highest[table]}'
                params = (copies,)
            cursor.execute(
                f'INSERT INTO {q(table)} '
                f'({", ".join(q(c) for c in columns)}) '
                f'SELECT {", ".join(values)} FROM {source} WHERE {where}',
                params)
            counts[table] = cursor.rowcount
            # the next ids that trytond gives, after the copies
            cursor.execute(f'SELECT setval(%s, (SELECT MAX(id) FROM '
                f'{q(table)}))', (q(table + '_id_seq'),))
            # the planner statistics of the grown table
            cursor.execute(f'ANALYZE {q(table)}')
            log(f"replicated {table}: {counts[table]} rows")
        transaction.commit()
    return {
        'replicated_to': generated + counts['qltt_case'],
        'generated_cases': generated,
        'copies': copies,
        'departments': len(companies),
        'copied_rows': {t: n for t, n in counts.items()},
        'seconds': round(time.perf_counter() - started, 1),
        }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('-d', '--database', required=True)
    parser.add_argument('--cases', type=int, default=500)
    parser.add_argument('--seed', type=int, default=8)
    parser.add_argument('--replicate-to', type=int, metavar='N',
        help="then copy the generated cases in SQL until there are N "
        "(see replicate); with --cases 0, only that, on a generated "
        "database")
    parser.add_argument('--via-import', action='store_true',
        help="make the cases through the import of past cases (batched, "
        "closed cases with their fines and postings, no seizures; see "
        "import_batch) instead of their workflow")
    parser.add_argument('--output', help="JSON file of the figures")
    args = parser.parse_args()
    result = {}
    if args.cases:
        result = generate(args.database, args.cases, args.seed,
            via_import=args.via_import)
    if args.replicate_to:
        if not args.cases:
            from trytond.config import config
            config.update_etc()
            from trytond.pool import Pool
            Pool.start()
        result['replicate'] = replicate(args.database, args.replicate_to)
    print(json.dumps(result, indent=2))
    if args.output:
        with open(args.output, 'w') as file:
            json.dump(result, file, indent=2)
    return 0


if __name__ == '__main__':
    sys.exit(main())
