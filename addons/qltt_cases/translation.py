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
        to_create = []
        for path in po_path:
            for entry in polib.pofile(path):
                if entry.obsolete or entry.msgid_plural:
                    continue
                type_, name, res_id = entry.msgctxt.split(':')
                if type_ != 'model' or '.' not in res_id:
                    continue
                target_module, fs_id = res_id.split('.')
                data = ModelData.search([
                        ('module', '=', target_module),
                        ('fs_id', '=', fs_id),
                        ], limit=1)
                if not data:
                    continue
                db_id = data[0].db_id
                if cls.search([
                            ('name', '=', name),
                            ('res_id', '=', db_id),
                            ('lang', '=', lang),
                            ('type', '=', type_),
                            ('module', '=', target_module),
                            ], limit=1):
                    continue
                to_create.append({
                        'name': name,
                        'res_id': db_id,
                        'lang': lang,
                        'type': type_,
                        'module': target_module,
                        'src': entry.msgid,
                        'value': '',
                        })
        if to_create:
            cls.create(to_create)
