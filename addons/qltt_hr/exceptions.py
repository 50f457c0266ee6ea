# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from trytond.exceptions import UserError
from trytond.model.exceptions import ValidationError


class CardError(ValidationError):
    pass


class HRValidationError(ValidationError):
    pass


class EligibilityError(UserError):
    pass
