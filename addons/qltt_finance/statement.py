# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The payment notice of a fine: what the offender still owes and how to pay
it into the Treasury account named in the decision (Decree 118/2021 Art
20-21; docs/law.md, Money)."""
from trytond.model import fields
from trytond.modules.qltt_cases.form import FormReport, vi_quantity
from trytond.pool import Pool, PoolMeta
from trytond.transaction import Transaction

from .fine import today

# The sanction decisions whose number is the payment reference
DECISION_FORMS = ('MQĐ02', 'MQĐ01')


class Configuration(metaclass=PoolMeta):
    __name__ = 'qltt.finance.configuration'

    treasury_name = fields.Char(
        "Treasury",
        help="The State Treasury that collects the fines, as named in the "
        "sanction decisions and printed on the payment notices.")
    treasury_account_number = fields.Char(
        "Treasury Account Number",
        help="The account of the State Treasury into which the fines are "
        "paid, printed on the payment notices.")


def decision_document(case):
    "The issued sanction decision of case (the last one), or None"
    documents = [d for d in case.documents
        if d.state == 'issued' and d.type.code in DECISION_FORMS]
    return max(documents, key=lambda d: (d.date, d.id), default=None)


class FineStatement(FormReport):
    """Payment notice of a fine (Thông báo nộp tiền phạt vi phạm hành chính)

    One report is both the debtor's statement and the payment document: for
    each fine it states the fine, the reductions, what was paid, the balance
    and the late surcharge accrued up to the print date (the fine's amounts
    computed with the context `date`, today unless given), the total to pay
    and when, and the payment instructions: the Treasury and its account, the
    budget chapter and sub-items (Circular 324/2016/TT-BTC) of the finance
    configuration and the decision number as the payment reference.  The
    fines printed together make one document, a page each."""
    __name__ = 'qltt_finance.fine_statement'

    @classmethod
    def execute(cls, ids, data):
        with Transaction().set_context(date=today()):
            return super().execute(ids, data)

    @classmethod
    def get_context(cls, records, header, data):
        pool = Pool()
        Configuration = pool.get('qltt.finance.configuration')
        context = super().get_context(records, header, data)
        config = Configuration(1)
        rate = config.surcharge_rate or 0
        context.update({
                # the form base prints one document; here each fine is one
                'document': None,
                'case': None,
                'finance': config,
                'print_date': today(),
                'decision_document': decision_document,
                'surcharge_percent': vi_quantity(rate * 100),
                })
        return context
