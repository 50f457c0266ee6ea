# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""What the legal workflows of every QLTT module share.

- check_required(record, names, error, message, ...): before a workflow
  step, raise the model's error naming the first field the record lacks.
- WorkflowStateGuardMixin: the guard of every legal record with a state
  (docs/guarantees.md).  A mixin registered nowhere, put first in the bases
  of a model (class Case(WorkflowStateGuardMixin, ValueCheckMixin,
  Workflow, ...)); the model declares what its workflow owns:

      _workflow_owned_fields = {'number', 'decided_by', ...}
      _workflow_deletable_states = {'draft', 'cancelled'}
      _workflow_delete_error = 'qltt_cases.msg_case_delete_draft', 'case'
      _workflow_draft_fields = {...}  # optional

  From outside (RPC, the web client, the CSV import: the transaction
  checks access) a record is created in its initial state without any
  workflow-owned field, those fields are never written, and a copy starts
  again from the initial state without them.  The workflow buttons run
  without access check (ModelView.button), so their writes are internal
  and go through.  A record is deleted only in a deletable state, from
  inside too.

Hook for the audited history import (case_import.py): server code that
imports records of the past with their numbers, states and stamps sets the
context key HISTORY_IMPORT around its creates.  The RPC layer removes every
context key starting with "_" sent by a client (trytond.rpc.RPC.convert), so
only server code can set it."""
from trytond.i18n import gettext
from trytond.model.exceptions import AccessError
from trytond.pool import Pool
from trytond.transaction import Transaction

HISTORY_IMPORT = '_qltt_history_import'


def check_required(record, names, error, message, key='record',
        zero=False):
    """Raise error(message) naming the first field of names that record
    lacks: the message gets the record's name as `key` and the field's label
    as `field`.  With zero, 0 counts as a value (e.g. a sale for 0 dong)."""
    pool = Pool()
    Field = pool.get('ir.model.field')
    for name in names:
        value = getattr(record, name)
        if not value and not (zero and value == 0):
            raise error(gettext(message,
                    field=Field.get_name(record.__name__, name),
                    **{key: record.rec_name}))


def _empty(value):
    "Whether a value sent for a new record is no value (x2many: no action)"
    if isinstance(value, (list, tuple)):
        return all(isinstance(a, (list, tuple)) and not any(a[1:])
            for a in value)
    return not value


class WorkflowStateGuardMixin:
    "Only the workflow buttons set the state and the fields they own"
    __slots__ = ()
    # the fields the workflow buttons set, besides the state (declared)
    _workflow_owned_fields = None
    # the states a record may be deleted in, and the error saying so:
    # (message id, name of its record variable) (declared)
    _workflow_deletable_states = None
    _workflow_delete_error = None
    # fields written from outside only in the initial state
    _workflow_draft_fields = frozenset()

    @classmethod
    def __setup__(cls):
        super().__setup__()
        assert cls._workflow_owned_fields is not None, (
            f"{cls.__name__} declares _workflow_owned_fields")
        assert cls._workflow_deletable_states is not None, (
            f"{cls.__name__} declares _workflow_deletable_states")
        # frozen, so that a module extending the model rebinds it with |=
        cls._workflow_owned_fields = frozenset(
            cls._workflow_owned_fields) | {'state'}
        cls._workflow_deletable_states = frozenset(
            cls._workflow_deletable_states)
        cls._workflow_draft_fields = frozenset(cls._workflow_draft_fields)

    @classmethod
    def __post_setup__(cls):
        super().__post_setup__()
        assert cls._workflow_delete_error, (
            f"{cls.__name__} declares _workflow_delete_error")
        for name in cls._workflow_owned_fields | cls._workflow_draft_fields:
            assert name in cls._fields, f"{cls.__name__}.{name} exists"
        # what the server refuses, the client shows read-only
        for name in cls._workflow_owned_fields:
            cls._fields[name].readonly = True

    @classmethod
    def _workflow_initial_state(cls):
        return cls._defaults['state']()

    @classmethod
    def _workflow_field_name(cls, name):
        pool = Pool()
        Field = pool.get('ir.model.field')
        return Field.get_name(cls.__name__, name)

    @classmethod
    def _workflow_model_name(cls):
        pool = Pool()
        Model = pool.get('ir.model')
        return Model.get_name(cls.__name__)

    @classmethod
    def create(cls, vlist):
        transaction = Transaction()
        if (transaction.check_access
                and not transaction.context.get(HISTORY_IMPORT)):
            for values in vlist:
                cls._workflow_check_create(values)
        return super().create(vlist)

    @classmethod
    def _workflow_check_create(cls, values):
        "A record from outside starts in its initial state, owning nothing"
        initial = cls._workflow_initial_state()
        for name in sorted(cls._workflow_owned_fields & values.keys()):
            value = values[name]
            if name == 'state' and value in (initial, None):
                continue
            if name != 'state' and _empty(value):
                continue
            if name == 'number':
                # registry numbers come from their sequence only (gapless)
                raise AccessError(gettext('qltt_cases.msg_workflow_number',
                        model=cls._workflow_model_name()))
            raise AccessError(gettext('qltt_cases.msg_workflow_create',
                    model=cls._workflow_model_name(),
                    field=cls._workflow_field_name(name)))

    @classmethod
    def check_modification(cls, mode, records, values=None, external=False):
        super().check_modification(
            mode, records, values=values, external=external)
        if mode == 'write' and external:
            cls._workflow_check_write(records, values)
        elif mode == 'delete':
            message, key = cls._workflow_delete_error
            for record in records:
                if record.state not in cls._workflow_deletable_states:
                    raise AccessError(gettext(
                            message, **{key: record.rec_name}))

    @classmethod
    def _workflow_check_write(cls, records, values):
        # legal records move only through their workflow (Decree 118/2021
        # Art 12; corrections by MQĐ38-40 decisions)
        owned = cls._workflow_owned_fields & values.keys()
        if records and 'state' in owned:
            raise AccessError(gettext('qltt_cases.msg_workflow_state',
                    record=records[0].rec_name))
        if records and owned:
            raise AccessError(gettext('qltt_cases.msg_workflow_field',
                    record=records[0].rec_name,
                    field=cls._workflow_field_name(min(owned))))
        frozen = cls._workflow_draft_fields & values.keys()
        if frozen:
            initial = cls._workflow_initial_state()
            for record in records:
                if record.state != initial:
                    raise AccessError(gettext(
                            'qltt_cases.msg_workflow_draft_field',
                            record=record.rec_name,
                            field=cls._workflow_field_name(min(frozen))))

    @classmethod
    def copy(cls, records, default=None):
        default = default.copy() if default is not None else {}
        if Transaction().check_access and records:
            initial = cls._workflow_initial_state()
            for key, value in sorted(default.items()):
                name = key.split('.', 1)[0]
                if name not in cls._workflow_owned_fields:
                    continue
                if (key == name and not callable(value)
                        and (value in (initial, None) if name == 'state'
                            else _empty(value))):
                    continue
                raise AccessError(gettext('qltt_cases.msg_workflow_copy',
                        record=records[0].rec_name,
                        field=cls._workflow_field_name(name)))
        # the copy starts again from the initial state
        for name in cls._workflow_owned_fields - {'state'}:
            default.setdefault(name)
        default.setdefault('state', cls._workflow_initial_state())
        return super().copy(records, default=default)
