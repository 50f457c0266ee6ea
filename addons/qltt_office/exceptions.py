# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from trytond.exceptions import UserError, UserWarning
from trytond.model.exceptions import ValidationError


class OfficeValidationError(ValidationError):
    pass


class AreaAssignmentError(UserError):
    pass


class INSImportError(UserError):
    pass


class INSLateWarning(UserWarning):
    pass
