# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Helpers of the scenarios that print the forms of Decree 118/2021."""
import html
import io
import re
import shutil
import subprocess
import tempfile
import unicodedata
import zipfile

from proteus import Model

__all__ = ['load_vietnamese', 'odt_text', 'pdf_text', 'pdf_pages', 'show']


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


def _poppler(program, content, *args):
    """The output of a poppler-utils program on PDF content (the file,
    then args)"""
    assert shutil.which(program), (
        f"{program} (Debian package poppler-utils) reads the PDF forms")
    with tempfile.NamedTemporaryFile(suffix='.pdf') as pdf:
        pdf.write(content)
        pdf.flush()
        return subprocess.run([program, pdf.name, *args],
            check=True, stdout=subprocess.PIPE, timeout=60).stdout.decode()


def pdf_text(result):
    """The text of a PDF report (the result of its execution) read back by
    pdftotext, one line a line of the page (NFC: as the templates write
    Vietnamese)"""
    ext, content, direct_print, name = result
    assert ext == 'pdf', ext
    assert bytes(content[:5]) == b'%PDF-', bytes(content[:5])
    text = unicodedata.normalize('NFC', _poppler('pdftotext', content, '-'))
    return '\n'.join(l.strip() for l in text.splitlines() if l.strip())


def pdf_pages(result):
    "The number of pages of a PDF report (pdfinfo)"
    ext, content, direct_print, name = result
    info = _poppler('pdfinfo', content)
    return int(re.search(r'^Pages:\s+(\d+)', info, re.M).group(1))
