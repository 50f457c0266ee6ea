# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""New fields of shipped records that the administrator may edit.

The catalogue of acts and the sanctioning authorities are loaded with
noupdate="1" so that `trytond-admin -u` keeps the administrator's edits;
it also never fills a field added by a later version into the records an
older version created (e.g. the measures each act provides and the
confiscation limits of issue #20).  backfill() sets such a field from the
XML file once: on the records the module's file created (ir.model.data),
whose model data does not list the field yet, and only where the column is
still empty, so a value the administrator entered is kept.  The field is
then listed in the model data, so a later emptying by the administrator
is kept too."""
import json
import os
from decimal import Decimal

from lxml import etree
from sql import Null

from trytond.pool import Pool
from trytond.transaction import Transaction


def shipped_values(module, filename, model, names):
    "{fs_id: {field: value}} of the records of model in the module's file"
    path = os.path.join(os.path.dirname(__file__), '..', module, filename)
    tree = etree.parse(path)
    result = {}
    for record in tree.iterfind('.//record'):
        if record.get('model') != model:
            continue
        values = {}
        for field in record.iterfind('field'):
            name = field.get('name')
            if name not in names:
                continue
            if field.get('eval') is not None:
                values[name] = eval(field.get('eval'), {'Decimal': Decimal})
            else:
                values[name] = field.text or None
        result[record.get('id')] = values
    return result


def backfill(Model, module, filename, names):
    """Set the fields names of the records of Model created from filename
    by an older version of module; return the ids changed"""
    pool = Pool()
    ModelData = pool.get('ir.model.data')
    cursor = Transaction().connection.cursor()
    table = Model.__table__()
    data = ModelData.__table__()
    shipped = shipped_values(module, filename, Model.__name__, set(names))
    cursor.execute(*data.select(data.id, data.fs_id, data.db_id,
            data.field_names,
            where=(data.module == module)
            & (data.model == Model.__name__)
            & (data.db_id != Null)))
    changed = set()
    for data_id, fs_id, db_id, field_names in cursor.fetchall():
        if isinstance(field_names, str):
            field_names = json.loads(field_names)
        field_names = set(field_names or [])
        values = shipped.get(fs_id, {})
        missing = [n for n in names if n in values and n not in field_names]
        if not missing:
            continue
        for name in missing:
            column = getattr(table, name)
            value = Model._fields[name].sql_format(values[name])
            cursor.execute(*table.update([column], [value],
                    where=(table.id == db_id) & (column == Null)))
            if cursor.rowcount:
                changed.add(db_id)
        cursor.execute(*data.update([data.field_names],
                [ModelData.field_names.sql_format(field_names | set(missing))],
                where=data.id == data_id))
    # the records read before in the transaction are stale
    for cache in Transaction().cache.values():
        cache.pop(Model.__name__, None)
    return changed
