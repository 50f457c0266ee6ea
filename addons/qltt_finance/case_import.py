# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The money of imported past cases (issue 25, docs/import.md).

An imported decided or done case gets what deciding it in the product
books (case.py, fine.py): one fine per fined offender for their own acts
(Law on Handling Administrative Violations Art 67), its receivable posted
on the decision date (debit the offender, credit the State budget, Decree
118/2021 Art 20).  What the rows say was paid (`amount_paid`, on
`payment_date` or else the decision date) is a posted payment to the
Treasury that credits the receivable, reconciled and settled when the fine
is paid in full; a done case is paid in full (a bad row otherwise).

The delivery of a past decision is not imported, so the fine has no due
date (Law Art 70, 73(1)): an unpaid one shows as owed, without reminder or
late surcharge until its delivery is recorded in the product.  Nothing is
booked into a missing or closed accounting period: a bad row, checked
before anything is written.  Everything is written in batch: one create
per model, the moves posted and the lines reconciled in one call each."""
from collections import defaultdict
from decimal import Decimal

from sql import Cast
from sql.operators import Concat

from trytond.exceptions import UserError
from trytond.model import fields
from trytond.modules.qltt_cases.display import format_amount, format_date
from trytond.modules.qltt_cases.import_file import (
    RowError, parse_date, refresh_statistics)
from trytond.pool import Pool, PoolMeta
from trytond.tools import grouped_slice
from trytond.transaction import Transaction, without_check_access

from .account import lock_posting, open_period
from .fine import today

# the states of a case whose decision fined the offenders
FINED_STATES = {'decided', 'done'}
ACCOUNTS = [
    'fine_receivable_account', 'fine_payable_account', 'treasury_account']
JOURNALS = ['fine_journal', 'payment_journal']
LINE_CHUNK = 1000


def accounts(importer):
    """The accounts and journals of the fines and payments of the
    department, read once per import (or UserError)"""
    pool = Pool()
    Configuration = pool.get('qltt.finance.configuration')
    if 'accounts' not in importer.cache:
        config = Configuration(1)
        try:
            with Transaction().set_context(company=importer.company.id):
                importer.cache['accounts'] = tuple(
                    config.get_account(n) for n in ACCOUNTS) + tuple(
                    config.get_journal(n) for n in JOURNALS)
        except UserError as e:
            importer.cache['accounts'] = e
    if isinstance(importer.cache['accounts'], UserError):
        raise importer.cache['accounts']
    return importer.cache['accounts']


def period(importer, date):
    "The open period of date, read once per import (or UserError)"
    periods = importer.cache.setdefault('periods', {})
    if date not in periods:
        try:
            periods[date] = open_period(importer.company, date)
        except UserError as e:
            periods[date] = e
    if isinstance(periods[date], UserError):
        raise periods[date]
    return periods[date]


class Case(metaclass=PoolMeta):
    __name__ = 'qltt.case'

    @classmethod
    def import_parse(cls, importer, row, parsed):
        """The optional payment date; a done case paid in full; the periods
        of the postings open"""
        super().import_parse(importer, row, parsed)
        parsed['payment_date'] = parse_date(
            'payment_date', row.get('payment_date', ''))
        if parsed['state'] not in FINED_STATES:
            return
        fine = parsed['fine'] or Decimal(0)
        paid = parsed['amount_paid'] or Decimal(0)
        if parsed['state'] == 'done' and paid != fine:
            # done: the money is settled (Case.close)
            raise RowError('amount_paid',
                'qltt_finance.msg_case_import_done_unpaid',
                fine=format_amount(fine))
        decision_date = parsed['decision_date']
        paid_on = parsed['payment_date']
        if paid_on and not paid:
            raise RowError('payment_date',
                'qltt_finance.msg_case_import_payment_amount')
        if paid_on and not (decision_date <= paid_on <= today()):
            raise RowError('payment_date',
                'qltt_finance.msg_case_import_payment_date',
                decision=format_date(decision_date))
        for column, _, date in postings(parsed):
            try:
                accounts(importer)
                period(importer, date)
            except UserError as e:
                raise RowError(column, None, text=e.message)

    @classmethod
    def import_lock(cls, importer, numbers):
        "The posting of the fines and payments on their dates"
        super().import_lock(importer, numbers)
        dates = {journal: set() for journal in JOURNALS}
        for number in numbers:
            for _, row in importer.cases[number]:
                if row['state'] in FINED_STATES:
                    for _, journal, date in postings(row):
                        dates[journal].add((importer.company, date))
        with without_check_access():
            for journal, company_dates in dates.items():
                lock_posting(journal, company_dates)

    @classmethod
    def imported(cls, cases, importer):
        super().imported(cases, importer)
        with without_check_access():
            book_fines(cases, importer)


def postings(parsed):
    """What the row of a fined case posts: (column of the date, journal,
    date) of its fine and of what was paid of it"""
    result = []
    if parsed['fine']:
        result.append(
            ('decision_date', 'fine_journal', parsed['decision_date']))
    if parsed['amount_paid']:
        paid_on = parsed['payment_date']
        result.append(('payment_date' if paid_on else 'decision_date',
                'payment_journal', paid_on or parsed['decision_date']))
    return result


def owed(cases, importer):
    """{offender: [case, decision date, amount, {payment date: paid}]} of
    the fined offenders of the cases, in their order"""
    result = {}
    for case in cases:
        rows = importer.cases[case.number]
        first = rows[0][1]
        if first['state'] not in FINED_STATES:
            continue
        for _, row in rows:
            if not row['fine']:
                continue  # a warning, or remedial measures only
            offender = importer.offenders[
                (case.id, importer.party_key(row))]
            entry = result.setdefault(offender, [
                    case, first['decision_date'], Decimal(0),
                    defaultdict(Decimal)])
            entry[2] += row['fine']
            if row['amount_paid']:
                entry[3][row['payment_date'] or first['decision_date']] += (
                    row['amount_paid'])
    return result


def book_fines(cases, importer):
    """The fines of the batch's cases, their receivables and what was paid,
    as Fine.create_for_offenders and Payment.post book them"""
    pool = Pool()
    Fine = pool.get('qltt.fine')
    Payment = pool.get('qltt.fine.payment')
    Move = pool.get('account.move')
    Line = pool.get('account.move.line')
    fined = owed(cases, importer)
    if not fined:
        return
    company = importer.company
    (receivable, payable, treasury, fine_journal,
        payment_journal) = accounts(importer)
    counts = defaultdict(int)
    for case_id, _ in importer.offenders:
        counts[case_id] += 1

    def party(account, offender):
        return offender.party.id if account.party_required else None

    def move(journal, date, origin, description):
        return {
            'company': company.id, 'journal': journal.id, 'date': date,
            'period': period(importer, date).id, 'origin': origin,
            'description': description,
            }

    offenders = list(fined)
    # the fine's rec_name (Fine.get_rec_name)
    names = [fined[o][0].rec_name + (' - ' + o.party.rec_name
            if counts[fined[o][0].id] > 1 else '') for o in offenders]
    fine_moves = Move.create([
            move(fine_journal, fined[o][1], str(fined[o][0]), name)
            for o, name in zip(offenders, names)])
    fines = Fine.create([{
                'company': company.id, 'case': fined[o][0].id,
                'offender': o.id, 'party': o.party.id,
                'amount': fined[o][2], 'decision_date': fined[o][1],
                'move': m.id,
                'state': ('settled' if sum(fined[o][3].values()) == fined[o][2]
                    else 'open'),
                } for o, m in zip(offenders, fine_moves)])
    lines = []
    for offender, fine, fine_move in zip(offenders, fines, fine_moves):
        amount = fined[offender][2]
        lines += [{
                'move': fine_move.id, 'account': receivable.id,
                'party': party(receivable, offender), 'debit': amount,
                'credit': Decimal(0), 'origin': str(fine),
                }, {
                'move': fine_move.id, 'account': payable.id,
                'party': party(payable, offender), 'debit': Decimal(0),
                'credit': amount,
                }]
    # each offender's payments, a move each (Payment._move, to the Treasury)
    paid = [(o, f, d, a) for o, f in zip(offenders, fines)
        for d, a in sorted(fined[o][3].items())]
    payment_moves = Move.create([
            move(payment_journal, d, None,
                f'{fined[o][0].rec_name} - {format_date(d)}')
            for o, _, d, _ in paid])
    payments = Payment.create([{
                'company': company.id, 'case': fined[o][0].id,
                'offender': o.id, 'fine': f.id, 'date': d, 'amount': a,
                'method': 'treasury', 'principal': a,
                'surcharge': Decimal(0), 'overpayment': Decimal(0),
                'move': m.id, 'state': 'posted',
                } for (o, f, d, a), m in zip(paid, payment_moves)])
    for (offender, fine, _, amount), payment_move in zip(
            paid, payment_moves):
        lines += [{
                'move': payment_move.id, 'account': treasury.id,
                'party': party(treasury, offender), 'debit': amount,
                'credit': Decimal(0),
                }, {
                'move': payment_move.id, 'account': receivable.id,
                'party': party(receivable, offender), 'debit': Decimal(0),
                'credit': amount, 'origin': str(fine),
                }]
    # core checks the balance of the moves of each create with queries on
    # the lines: created by chunks, the lines' statistics refreshed after
    # each, so that those queries use the index on the move even when the
    # first chunk fills an empty table
    created = []
    for sub in grouped_slice(lines, LINE_CHUNK):
        created += Line.create(list(sub))
        refresh_statistics(Line)
    # the posting and the reconciliation query the tables just filled
    refresh_statistics(Move, Fine, Payment)
    if payments:
        # the origin of each draft payment move in one statement (a write
        # per move costs as much as the move)
        move, payment = Move.__table__(), Payment.__table__()
        cursor = Transaction().connection.cursor()
        for sub in grouped_slice([p.id for p in payments], 1000):
            cursor.execute(*move.update([move.origin],
                    [Concat('qltt.fine.payment,',
                            Cast(payment.id, 'VARCHAR'))],
                    from_=[payment],
                    where=(payment.move == move.id)
                    & fields.SQL_OPERATORS['in'](payment.id, list(sub))))
    Move.post(Move.browse(fine_moves + payment_moves))
    # a fine paid in full: its receivable lines reconciled (Fine.reconcile)
    settled = {str(f) for f in fines if f.state == 'settled'}
    groups = defaultdict(list)
    for values, line in zip(lines, created):
        if values.get('origin') in settled:
            groups[values['origin']].append(line)
    if groups:
        Line.reconcile(*groups.values())
