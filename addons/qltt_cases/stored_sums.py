# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Sums a parent stores of its children (the case's acts_* and
offender_count of its acts and offenders, the seizure's lines_value of its
lines), read by the statistics instead of adding the children up.

A mixin: registered nowhere, put in the bases of the child model before
ModelSQL.  The parent's update method recomputes the sums in SQL from the
children; here the parents a child leaves (its parent written) or loses
(the child deleted) are updated once the write or delete is done.  The
child's own on_modification updates the parent it is created in or moved
to, as only it knows which of its fields the sums read."""
from trytond.pool import Pool


class ParentSumsMixin:
    __slots__ = ()
    # (the child's parent field, the parent model, its update method)
    _parent_sums = None

    @classmethod
    def _parents_updated(cls, records):
        "A callback updating the sums of the records' parents now"
        field, model, method = cls._parent_sums
        update = getattr(Pool().get(model), method)
        ids = list({getattr(r, field).id for r in records})
        return lambda: update(ids)

    @classmethod
    def on_write(cls, records, values):
        callbacks = super().on_write(records, values)
        if cls._parent_sums[0] in values:
            # the parents the records leave
            callbacks.append(cls._parents_updated(records))
        return callbacks

    @classmethod
    def on_delete(cls, records):
        callbacks = super().on_delete(records)
        callbacks.append(cls._parents_updated(records))
        return callbacks
