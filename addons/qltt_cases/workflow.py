# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""What the legal workflows of every QLTT module share.

- check_required(record, names, error, message, ...): before a workflow
  step, raise the model's error naming the first field the record lacks.
- WorkflowStateGuardMixin: the state of a legal record is not written over
  RPC; it moves only through the workflow buttons.  A mixin registered
  nowhere, put first in the bases of a model
  (class Case(WorkflowStateGuardMixin, ValueCheckMixin, Workflow, ...))."""
from trytond.i18n import gettext
from trytond.model.exceptions import AccessError
from trytond.pool import Pool


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


class WorkflowStateGuardMixin:
    "The state is not written from outside: only workflow buttons move it"
    __slots__ = ()

    @classmethod
    def check_modification(cls, mode, records, values=None, external=False):
        super().check_modification(
            mode, records, values=values, external=external)
        if mode == 'write' and external and 'state' in values:
            # legal records move only through their workflow (Decree
            # 118/2021 Art 12; corrections by MQĐ38-40 decisions)
            for record in records:
                raise AccessError(gettext(
                        'qltt_cases.msg_workflow_state',
                        record=record.rec_name))
