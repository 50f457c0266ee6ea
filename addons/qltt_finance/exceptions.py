# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from trytond.exceptions import UserError, UserWarning
from trytond.model.exceptions import ValidationError


class FinanceError(UserError):
    pass


class FinanceValidationError(ValidationError):
    pass


class PeriodClosedError(UserError):
    pass


class ReliefError(UserError):
    pass


class RemittanceError(UserError):
    pass


class CaseNotSettledError(UserError):
    pass


class OverpaymentWarning(UserWarning):
    pass


class EnforcementError(UserError):
    pass
