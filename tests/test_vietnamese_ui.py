# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Everything a QLTT role sees in the web client is Vietnamese (issue #23).

For a user of each role (language vi) the test walks what the web client
asks the server for: the menus the user sees, their actions (window title,
tabs), the views of each action (fields_view_get: labels, pages, buttons,
confirmations, field strings and selection labels), the print/action/relate
entries of their toolbars, then the lists and forms of the One2Many and
Many2Many fields of those views the user may read (two steps deep: the
lines of a form and their own lines).  Tooltips (help) are not walked.
The administrator's menus (all the menus) are checked too, not their
views.
A string left in English fails the test: a string in plain ASCII with a
word of three letters or more that is not in the short ALLOWED list
below.

QLTT_UNTRANSLATED=/tmp/missing.po writes the msgctxt and msgid of the
strings found, a skeleton for the modules' locale/override/vi.po.
"""
import os
import re
import unittest
from collections import defaultdict

from lxml import etree

from trytond.modules.qltt_cases.tests.form_tools import load_vietnamese
from trytond.modules.qltt_cases.tests.tools import (
    create_officer, create_unit)
from trytond.pool import Pool
from trytond.tests.tools import activate_modules
from trytond.transaction import Transaction

MODULES = ['qltt_cases', 'qltt_warehouse', 'qltt_finance', 'qltt_hr',
    'qltt_office']
ROLES = {
    'kiemsoatvien': "Market Surveillance Inspector",
    'doitruong': "Market Surveillance Team Leader",
    'lanhdao': "Market Surveillance Department Leader",
    'ketoan': "Market Surveillance Accountant",
    'tochuc': "Market Surveillance HR Officer",
    'thukho': "Market Surveillance Warehouse Keeper",
    'vanthu': "Market Surveillance Clerk",
    }
# Strings that are the same in Vietnamese: codes, abbreviations and
# foreign words the department uses as they are
ALLOWED = {
    'Email', 'E-mail', 'Fax', 'Website', 'URL', 'XLSX', 'VND', 'PDF',
    'CCCD', 'SKU', 'UTC', 'Internet', 'Zalo', 'Logo', 'SIP', 'Skype',
    'INS',  # the national inspection system (Hệ thống INS)
    'Kho', 'Doanh thu', 'Nam',  # Vietnamese without diacritics
    }
DEPTH = 2
ARCH_ATTRIBUTES = ['string', 'confirm', 'placeholder']
ASCII_WORD = re.compile(r'[A-Za-z]{3,}')


def english(text):
    "Whether text looks left untranslated"
    if not text or not isinstance(text, str) or text in ALLOWED:
        return False
    return text.isascii() and bool(ASCII_WORD.search(text))


def menu_problems(menus):
    """The folders of menus with nothing to open in them, and the entries
    named as their folder"""
    problems = []
    children = defaultdict(list)
    for menu in menus:
        if menu.parent:
            children[menu.parent.id].append(menu)

    def opens(menu):
        return bool(menu.action) or any(
            opens(c) for c in children[menu.id])
    for menu in menus:
        if not opens(menu):
            problems.append(f'empty folder {menu.complete_name}')
        if menu.parent and menu.parent.name == menu.name:
            problems.append(f'named as its folder {menu.complete_name}')
    return problems


class Walk:
    "The strings of the screens a user reaches, by place"

    def __init__(self, views=True):
        self.views = views
        self.pool = Pool()
        self.found = defaultdict(set)   # English string -> places
        self.contexts = set()   # (msgctxt, msgid) of the strings found
        self.seen = set()

    def check(self, text, place, context=None):
        if english(text):
            self.found[text].add(place)
            if context:
                self.contexts.add((context, text))

    def fs_id(self, record):
        "module.fs_id of a record, as in the msgctxt of a translation"
        ModelData = self.pool.get('ir.model.data')
        data = ModelData.search([
                ('model', '=', record.__name__),
                ('db_id', '=', record.id),
                ], limit=1)
        return f'{data[0].module}.{data[0].fs_id}' if data else ''

    def readable(self, model):
        try:
            self.pool.get(model)
        except KeyError:
            return False
        ModelAccess = self.pool.get('ir.model.access')
        return ModelAccess.check(model, 'read', raise_exception=False)

    def menus(self):
        Menu = self.pool.get('ir.ui.menu')
        menus = Menu.search([])
        self.menu_problems = menu_problems(menus)
        for menu in menus:
            self.check(menu.name, f'menu {menu.complete_name}',
                f'model:ir.ui.menu,name:{self.fs_id(menu)}')
            action = menu.action
            if (self.views and action
                    and action.__name__ == 'ir.action.act_window'):
                self.act_window(action, menu.complete_name)

    def act_window(self, action, place):
        self.check(action.name, f'{place}: title',
            f'model:ir.action,name:{self.fs_id(action)}')
        for tab in action.act_window_domains:
            self.check(tab.name, f'{place}: tab',
                f'model:ir.action.act_window.domain,name:{self.fs_id(tab)}')
        model = action.res_model
        if not model or not self.readable(model):
            return
        views = [(v.view.id, v.view.type) for v in action.act_window_views]
        if not views:
            views = [(None, 'tree'), (None, 'form')]
        for view_id, view_type in views:
            self.view(model, view_id, view_type, place, DEPTH)
        self.toolbar(model, place)

    def toolbar(self, model, place):
        Model = self.pool.get(model)
        if (model, 'toolbar') in self.seen:
            return
        self.seen.add((model, 'toolbar'))
        toolbar = Model.view_toolbar_get()
        for key in ['print', 'action', 'relate']:
            for action in toolbar.get(key, []):
                self.check(action.get('name'), f'{place}: {key} ({model})',
                    'model:ir.action,name:'
                    + self.fs_id(self.pool.get(action['type'])(action['id'])))

    def view(self, model, view_id, view_type, place, depth):
        key = (model, view_id, view_type)
        if key in self.seen or view_type not in {'tree', 'form'}:
            return
        self.seen.add(key)
        Model = self.pool.get(model)
        view = Model.fields_view_get(view_id, view_type)
        where = f'{place} > {model} {view_type}'
        arch = etree.fromstring(view['arch'])
        Button = self.pool.get('ir.model.button')
        for element in arch.iter():
            button = None
            if element.tag == 'button' and element.get('name'):
                button = Button.search([
                        ('model', '=', model),
                        ('name', '=', element.get('name')),
                        ])
            for attribute in ARCH_ATTRIBUTES:
                if button:
                    context = (f'model:ir.model.button,{attribute}:'
                        + self.fs_id(button[0]))
                else:
                    context = f'view:{model}:'
                self.check(element.get(attribute),
                    f'{where} <{element.tag}>', context)
        for name, field in view['fields'].items():
            self.check(field.get('string'), f'{where} field {name}',
                f'field:{model},{name}:')
            selection = field.get('selection')
            if isinstance(selection, list):
                for value, label in selection:
                    if label != value:  # not a code (e.g. time zones)
                        self.check(label, f'{where} {name}={value}',
                            f'selection:{model},{name}:')
            relation = field.get('relation')
            if (depth and field['type'] in {'one2many', 'many2many'}
                    and self.readable(relation)):
                self.view(relation, None, 'tree', where, depth - 1)
                self.view(relation, None, 'form', where, depth - 1)


class VietnameseUITestCase(unittest.TestCase):

    def test_roles_see_vietnamese(self):
        config = activate_modules(MODULES, create_unit)
        load_vietnamese(config)
        for login, group in ROLES.items():
            create_officer(login, login=login, groups=[group], config=config)
        with Transaction().start(config.database_name, 0):
            pool = Pool()
            User = pool.get('res.user')
            users = [(u.id, u.login, u.employee.company.id)
                for u in User.search([('login', 'in', list(ROLES))])]
            # the administrator's menus (all of them), not their views
            admin, = User.search([('login', '=', 'admin')])
            users.append((admin.id, admin.login, users[0][2]))
        report, contexts, menus_report = [], set(), []
        for user_id, login, company in users:
            with Transaction().start(config.database_name, user_id,
                    context={'language': 'vi', 'company': company,
                        'companies': [company], '_check_access': True}):
                walk = Walk(views=login != 'admin')
                walk.menus()
            contexts |= walk.contexts
            menus_report.extend(f'{login}: {p}' for p in walk.menu_problems)
            for text, places in sorted(walk.found.items()):
                report.append(f'{login}: {text!r} in '
                    f'{sorted(places)[0]} (+{len(places) - 1})')
        if os.environ.get('QLTT_UNTRANSLATED'):
            # a skeleton of the missing entries, for the locale files
            with open(os.environ['QLTT_UNTRANSLATED'], 'w') as file:
                for context, text in sorted(contexts):
                    file.write(f'msgctxt "{context}"\nmsgid "{text}"\n'
                        'msgstr ""\n\n')
        self.assertFalse(report, "English left in the Vietnamese client:\n"
            + '\n'.join(report))
        self.assertFalse(menus_report, "Menus:\n" + '\n'.join(menus_report))
