# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Where a record imported from a file comes from (issue 25,
docs/import.md): the file and its row, set by the import only.

A mixin registered nowhere, put in the bases of a model without a
workflow (qltt.commitment, party.party); the models with a workflow own
their import fields through `_workflow_owned_fields` (qltt.case).  The
import writes without access check (FileImport.write); from outside (RPC,
the web client) the fields are refused and a copy leaves them empty."""
from trytond.i18n import gettext
from trytond.model import fields
from trytond.model.exceptions import AccessError
from trytond.pool import Pool

IMPORT_FIELDS = ('import_file', 'import_row')


class ImportMarkMixin:
    __slots__ = ()
    import_file = fields.Char(
        "Imported From", readonly=True,
        help="The file the record was imported from.")
    import_row = fields.Integer(
        "Import Row", readonly=True,
        help="The line of the file the record was imported from.")

    @classmethod
    def check_modification(cls, mode, records, values=None, external=False):
        super().check_modification(
            mode, records, values=values, external=external)
        if not external:
            return
        if mode == 'create':
            names = [n for n in IMPORT_FIELDS
                if any(getattr(r, n) is not None for r in records)]
        elif mode == 'write':
            names = [n for n in IMPORT_FIELDS if n in values]
        else:
            names = []
        if names:
            pool = Pool()
            Field = pool.get('ir.model.field')
            Model = pool.get('ir.model')
            raise AccessError(gettext('qltt_cases.msg_import_mark',
                    model=Model.get_name(cls.__name__),
                    field=Field.get_name(cls.__name__, names[0])))

    @classmethod
    def copy(cls, records, default=None):
        default = default.copy() if default is not None else {}
        for name in IMPORT_FIELDS:
            default.setdefault(name)
        return super().copy(records, default=default)
