# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Helpers of the scenarios that print the forms of Decree 118/2021."""
import html
import io
import re
import zipfile

from proteus import Model

__all__ = ['load_vietnamese', 'odt_text', 'show']


def load_vietnamese(config):
    """Load the Vietnamese translations of the activated modules, as
    `trytond-admin -l vi` does (without reloading the pool)"""
    from trytond.modules import create_graph, load_translations
    from trytond.pool import Pool
    from trytond.transaction import Transaction
    Module = Model.get('ir.module', config=config)
    activated = {m.name for m in Module.find([('state', '=', 'activated')])}
    with Transaction().start(config.database_name, 0):
        for node in create_graph(activated):
            load_translations(Pool(), node, {'vi'})


def odt_text(result):
    """The text of the content.xml of an ODT report (the result of its
    execution), one line a paragraph or cell"""
    ext, content, direct_print, name = result
    assert ext == 'odt', ext
    with zipfile.ZipFile(io.BytesIO(content)) as odt:
        xml = odt.read('content.xml').decode('utf-8')
    assert '&lt;' not in xml, "a placeholder was left"
    xml = re.sub(r'</text:p>|</text:h>', '\n', xml)
    text = html.unescape(re.sub(r'<[^>]+>', '', xml))
    return '\n'.join(l.strip() for l in text.splitlines() if l.strip())


def show(text, *words):
    "Print the lines of text that contain one of words"
    for line in text.splitlines():
        if any(w in line for w in words):
            print(line)
