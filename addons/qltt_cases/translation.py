# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
import polib

from trytond.pool import Pool, PoolMeta


class Translation(metaclass=PoolMeta):
    __name__ = 'ir.translation'

    @classmethod
    def translation_import(cls, lang, module, po_path):
        cls._create_override_targets(lang, po_path)
        return super().translation_import(lang, module, po_path)

    @classmethod
    def _create_override_targets(cls, lang, po_path):
        """Create the empty records that an override of another module's
        record (msgctxt "model:ir.ui.menu,name:stock.menu_stock") updates.

        Tryton overrides only translations that exist, and the upstream
        modules ship no Vietnamese, so their menus would stay in English.
        """
        pool = Pool()
        ModelData = pool.get('ir.model.data')
        if isinstance(po_path, str):
            po_path = [po_path]
        # (field name, target module, XML id) -> source text
        overrides = {}
        for path in po_path:
            for entry in polib.pofile(path):
                if entry.obsolete or entry.msgid_plural:
                    continue
                type_, name, res_id = entry.msgctxt.split(':')
                if type_ != 'model' or '.' not in res_id:
                    continue
                target_module, fs_id = res_id.split('.')
                overrides.setdefault(
                    (name, target_module, fs_id), entry.msgid)
        if not overrides:
            return
        # read in two searches, not two per entry (module install time)
        modules = list({m for _, m, _ in overrides})
        db_ids = {(d.module, d.fs_id): d.db_id for d in ModelData.search([
                    ('module', 'in', modules),
                    ('fs_id', 'in', list({f for _, _, f in overrides})),
                    ])}
        existing = {(t.name, t.res_id, t.module) for t in cls.search([
                    ('lang', '=', lang),
                    ('type', '=', 'model'),
                    ('module', 'in', modules),
                    ('res_id', 'in', list(db_ids.values())),
                    ])}
        to_create = []
        for (name, target_module, fs_id), src in overrides.items():
            db_id = db_ids.get((target_module, fs_id))
            if db_id is None or (name, db_id, target_module) in existing:
                continue
            to_create.append({
                    'name': name,
                    'res_id': db_id,
                    'lang': lang,
                    'type': 'model',
                    'module': target_module,
                    'src': src,
                    'value': '',
                    })
        if to_create:
            cls.create(to_create)
