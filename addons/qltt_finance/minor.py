# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Who pays a minor's fine.

Law on Handling Administrative Violations Art 134(3): a minor from 16 to
under 18 fined who has no money to pay, or cannot carry out a remedial
measure, has it paid or carried out by a parent or guardian.  The payment
keeps who paid; the receivable stays the minor's, whom the decision fines.
"""
from trytond.i18n import gettext
from trytond.model import fields
from trytond.modules.qltt_cases.minor import age_group
from trytond.pool import PoolMeta
from trytond.pyson import Eval

from .exceptions import FinanceValidationError


class Payment(metaclass=PoolMeta):
    __name__ = 'qltt.fine.payment'

    paid_by = fields.Many2One(
        'party.party', "Paid by Parent or Guardian", ondelete='RESTRICT',
        states={
            'readonly': Eval('state') != 'draft',
            'invisible': ~Eval('offender_minor'),
            },
        context={'company': Eval('company', -1)}, depends={'company'},
        help="A minor's fine or illegal profit the minor cannot pay is "
        "paid by a parent or guardian (Law on Handling Administrative "
        "Violations Art 134(3)): who paid.")
    offender_minor = fields.Function(
        fields.Boolean("Offender Under 18"), 'on_change_with_offender_minor')

    @fields.depends('case', 'offender', 'measure',
        '_parent_case.violation_date', '_parent_case.inspection_date',
        '_parent_offender.birth_date', '_parent_offender.kind')
    def on_change_with_offender_minor(self, name=None):
        return self.is_minor_paying()

    def paying_offender(self):
        """The case offender whose fine or illegal profit this pays, in the
        order the payment finds its party (on_change_with_party): the
        profit's act's, the payment's, or the case's only one"""
        if (self.measure and self.measure.violation
                and self.measure.violation.offender):
            return self.measure.violation.offender
        if self.offender:
            return self.offender
        offenders = self.case.offenders if self.case else ()
        return offenders[0] if len(offenders) == 1 else None

    def is_minor_paying(self):
        "Whether the offender paying was under 18 on the violation's date"
        offender = self.paying_offender()
        return bool(offender and age_group(offender.age))

    @classmethod
    def validate_fields(cls, payments, field_names):
        super().validate_fields(payments, field_names)
        if field_names and not (field_names & {
                    'paid_by', 'offender', 'measure', 'case'}):
            return
        for payment in payments:
            if payment.paid_by and not payment.is_minor_paying():
                raise FinanceValidationError(gettext(
                        'qltt_finance.msg_payment_paid_by_adult',
                        payment=payment.rec_name,
                        party=payment.paid_by.rec_name))
