# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Values of the wrong type are refused with a translated message.

Tryton converts a written value to its column type only when it builds the
SQL (Field.sql_format in ModelSQL.create/write), so a wrong type sent over
RPC ("abc" for a team, "ten" for a quantity, 2**63 for an id) ends in a raw
Python or database error.  ValueCheckMixin checks each value against its
field in preprocess_values, before anything is written, and raises a
ValidationError "The value of field X on Y is not valid." instead.

A mixin: registered nowhere, put first in the bases of a model
(class Case(ValueCheckMixin, Workflow, ModelSQL, ModelView))."""
import datetime as dt
import math
from decimal import Decimal, InvalidOperation

from trytond.i18n import gettext
from trytond.model import Model, fields
from trytond.model.exceptions import ValidationError

# ids and Integer fields are INTEGER columns on PostgreSQL
INT_MIN, INT_MAX = -2**31, 2**31 - 1
X2M_ACTIONS = {'create', 'write', 'delete', 'add', 'remove', 'copy'}


class InvalidValueError(ValidationError):
    "A value of the wrong type for its field"
    pass


def _integer(value):
    if isinstance(value, bool):
        return False
    if isinstance(value, str):
        try:
            value = int(value)
        except ValueError:
            return False
    return isinstance(value, int) and INT_MIN <= value <= INT_MAX


def _id(value):
    if isinstance(value, Model):
        return True
    return _integer(value)


def _ids(value):
    return (isinstance(value, (list, tuple))
        and all(_id(i) for i in value))


def _values(value):
    return isinstance(value, dict) and all(isinstance(k, str) for k in value)


def _x2m(value):
    "A list of actions: ('create', [{...}]), ('add', [ids]), ..."
    if not isinstance(value, (list, tuple)):
        return False
    for action in value:
        if (not isinstance(action, (list, tuple)) or not action
                or action[0] not in X2M_ACTIONS):
            return False
        kind, args = action[0], action[1:]
        if kind == 'create':
            if (len(args) != 1 or not isinstance(args[0], (list, tuple))
                    or not all(_values(v) for v in args[0])):
                return False
        elif kind == 'write':
            if (not args or len(args) % 2
                    or not all(_ids(i) and _values(v)
                        for i, v in zip(args[::2], args[1::2]))):
                return False
        elif kind == 'copy':
            if (not 1 <= len(args) <= 2 or not _ids(args[0])
                    or (len(args) == 2 and not _values(args[1]))):
                return False
        elif len(args) != 1 or not _ids(args[0]):
            return False
    return True


def _number(value, type_):
    if isinstance(value, bool):
        return False
    try:
        number = type_(value)
    except (TypeError, ValueError, InvalidOperation, OverflowError):
        return False
    if isinstance(number, Decimal):
        return number.is_finite()
    return math.isfinite(number)


def _text(value):
    # PostgreSQL text cannot hold a NUL character
    return isinstance(value, str) and '\x00' not in value


def _date(value):
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            return False
    return (isinstance(value, dt.date)
        and not isinstance(value, dt.datetime))


def _datetime(value):
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            return False
    return isinstance(value, dt.datetime)


def _reference(value):
    if isinstance(value, str):
        model, sep, id_ = value.partition(',')
        return bool(model) and (not sep or id_ == '' or _integer(id_))
    if isinstance(value, Model):
        return True
    return (isinstance(value, (list, tuple)) and len(value) == 2
        and isinstance(value[0], str) and _integer(value[1]))


CHECKS = {
    'integer': _integer,
    'many2one': _id,
    'one2one': _id,
    'reference': _reference,
    'float': lambda v: _number(v, float),
    'numeric': lambda v: _number(v, Decimal),
    'char': _text,
    'text': _text,
    'selection': _text,
    'multiselection': lambda v: (isinstance(v, (list, tuple))
        and all(_text(s) for s in v)),
    'boolean': lambda v: isinstance(v, int) and v in (0, 1),
    'date': _date,
    'datetime': _datetime,
    'timestamp': _datetime,
    'time': lambda v: isinstance(v, dt.time),
    'timedelta': lambda v: isinstance(v, dt.timedelta),
    'binary': lambda v: isinstance(v, (bytes, bytearray, memoryview)),
    'dict': lambda v: isinstance(v, dict),
    'one2many': _x2m,
    'many2many': _x2m,
    }


def valid(field, value):
    "Whether value can be stored in field (None is left to required)"
    if isinstance(field, fields.Function):
        field = field._field
    if value is None:
        return True
    check = CHECKS.get(field._type)
    return check is None or check(value)


class ValueCheckMixin:
    __slots__ = ()

    @classmethod
    def preprocess_values(cls, mode, values):
        for name, value in values.items():
            field = cls._fields.get(name)
            if field is None:
                raise InvalidValueError(gettext('qltt_cases.msg_field_unknown',
                        field=name, model=cls.__names__()['model']))
            if not valid(field, value):
                raise InvalidValueError(gettext('qltt_cases.msg_value_invalid',
                        **cls.__names__(name)))
        return super().preprocess_values(mode, values)
