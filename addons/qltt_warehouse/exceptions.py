# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from trytond.model.exceptions import AccessError, ValidationError


class SeizureError(ValidationError):
    pass


class DispositionError(ValidationError):
    pass


class CustodyError(AccessError):
    pass


class ConfiscationError(ValidationError):
    pass
