# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from trytond.exceptions import UserError, UserWarning
from trytond.model.exceptions import AccessError, ValidationError


class CaseValidationError(ValidationError):
    pass


class TransitionError(AccessError):
    pass


class AuthorityError(UserError):
    pass


class LimitationError(UserError):
    pass


class DecisionDeadlineError(UserError):
    pass


class ExtensionError(UserError):
    pass


class HolidayValidationError(ValidationError):
    pass


class DocumentNumberError(UserError):
    pass


class CorrectionError(UserError):
    pass


class ExplanationError(UserError):
    pass


class DeliveryError(UserError):
    pass


class DeliveryLateWarning(UserWarning):
    pass


class InspectionDecisionError(UserError):
    pass


class CriminalThresholdError(UserError):
    pass


class MeasureError(UserError):
    pass
