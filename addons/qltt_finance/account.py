# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Hooks in Tryton's accounting: the origins of the moves and lines booked
for the State budget, and the reminder procedure of fine receivables."""
from decimal import Decimal

from trytond.i18n import gettext
from trytond.modules.account.exceptions import PeriodNotFoundError
from trytond.modules.qltt_cases.display import format_date
from trytond.pool import Pool, PoolMeta
from trytond.transaction import Transaction

from .exceptions import FinanceError, PeriodClosedError


def open_period(company, date):
    """The open accounting period of date: nothing is booked into a closed
    or missing period (books stay as they were reported)"""
    pool = Pool()
    Period = pool.get('account.period')
    try:
        period = Period.find(company, date=date, test_state=False)
    except PeriodNotFoundError:
        raise PeriodClosedError(gettext(
                'qltt_finance.msg_period_missing', date=format_date(date)))
    if period.state != 'open':
        raise PeriodClosedError(gettext(
                'qltt_finance.msg_period_closed',
                period=period.rec_name, date=format_date(date)))
    return period


def posting_sequences(company_dates):
    """The strict sequences that number the moves posted on (company,
    date): the move sequence of each period (to lock before the work)"""
    pool = Pool()
    Period = pool.get('account.period')
    sequences = set()
    for company, date in set(company_dates):
        try:
            period = Period.find(company, date=date, test_state=False)
        except PeriodNotFoundError:
            continue  # refused with its reason when booked
        sequence = period.move_sequence_used
        if sequence:
            sequences.add(sequence)
    return list(sequences)


def lock_journal_periods(journal_company_dates):
    """Lock first the table of the journal periods when one of the
    (journal, company, date) has none yet: core creates it with the first
    line, under a lock of that table that would run the request again"""
    pool = Pool()
    Period = pool.get('account.period')
    JournalPeriod = pool.get('account.journal.period')
    for journal, company, date in set(journal_company_dates):
        try:
            period = Period.find(company, date=date, test_state=False)
        except PeriodNotFoundError:
            continue
        if not JournalPeriod.search([
                    ('journal', '=', journal.id),
                    ('period', '=', period.id),
                    ], limit=1):
            JournalPeriod.lock()
            return


def lock_posting(journal_name, company_dates):
    """Take first the locks that posting moves of the journal (journal_name:
    a field of the finance configuration) on each (company, date) needs:
    Tryton runs a request again from its start for each lock it does not
    hold yet, so that locks taken when the moves were posted redid the work
    of the request before them"""
    pool = Pool()
    Configuration = pool.get('qltt.finance.configuration')
    Sequence = pool.get('ir.sequence.strict')
    config = Configuration(1)
    company_dates = set(company_dates)
    journals = {}
    for company in {c for c, _ in company_dates}:
        with Transaction().set_context(company=company.id):
            try:
                journals[company] = config.get_journal(journal_name)
            except FinanceError:
                # refused with its reason when the moves are made
                journals[company] = None
    lock_journal_periods([(journals[c], c, d)
            for c, d in company_dates if journals[c]])
    Sequence.lock(posting_sequences(company_dates))


def new_move(company, journal, date, origin, description, periods=None):
    """An unsaved move in the open period of date; periods: a dict that
    keeps the period of each company and date for a batch"""
    pool = Pool()
    Move = pool.get('account.move')
    if periods is None:
        periods = {}
    if (company, date) not in periods:
        periods[company, date] = open_period(company, date)
    return Move(
        company=company, journal=journal, date=date,
        period=periods[company, date], origin=origin,
        description=description, lines=[])


def move_line(account, debit=0, credit=0, party=None, origin=None,
        maturity_date=None, description=None):
    pool = Pool()
    Line = pool.get('account.move.line')
    return Line(
        account=account, debit=Decimal(debit), credit=Decimal(credit),
        party=party if account.party_required else None,
        origin=origin, maturity_date=maturity_date, description=description)


def save_and_post(moves):
    "Save and post the moves in batch, skipping the empty ones"
    pool = Pool()
    Move = pool.get('account.move')
    moves = [m for m in moves if m and m.lines]
    if moves:
        Move.save(moves)
        Move.post(moves)
    return moves


class Account(metaclass=PoolMeta):
    __name__ = 'account.account'

    @classmethod
    def on_modification(cls, mode, accounts, field_names=None):
        "The accounts the finance configuration found may have changed"
        pool = Pool()
        Configuration = pool.get('qltt.finance.configuration')
        super().on_modification(mode, accounts, field_names=field_names)
        Configuration._get_account_cache.clear()


class Move(metaclass=PoolMeta):
    __name__ = 'account.move'

    @classmethod
    def _get_origin(cls):
        return super()._get_origin() + [
            'qltt.case', 'qltt.case.correction', 'qltt.fine',
            'qltt.fine.relief', 'qltt.fine.payment', 'qltt.proceeds',
            'qltt.remittance']


class MoveLine(metaclass=PoolMeta):
    __name__ = 'account.move.line'

    @classmethod
    def _get_origin(cls):
        return super()._get_origin() + ['qltt.fine', 'qltt.proceeds']

    @property
    def dunning_procedure(self):
        """Fines follow the reminder procedure of the finance configuration
        (offenders are not customers with their own procedure)"""
        pool = Pool()
        Fine = pool.get('qltt.fine')
        Configuration = pool.get('qltt.finance.configuration')
        if isinstance(self.origin, Fine):
            procedure = Configuration.of_company(
                self.origin.company).dunning_procedure
            if procedure:
                return procedure
        return super().dunning_procedure
