# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Printed forms in PDF when the server can make PDF, in ODT otherwise.

The forms are ODT (relatorio) templates.  Tryton converts a report to the
"Extension" of its action by running `[report] convert_command` (LibreOffice:
`soffice --headless --convert-to ...` by default, trytond/report/report.py
`convert`).  A form whose action keeps the default extension (empty: "as the
template") comes out:

- as PDF when that command is installed (found on the PATH), so staff print
  the legal forms without an admin changing each report by hand;
- as ODT when it is not, with the reason written once in the server log.

An extension set on the action (e.g. "docx") is kept as it is.
`[qltt] form_pdf = False` in trytond.conf keeps every form in ODT, e.g. to
edit the forms in a word processor (the scenarios that read the ODT content
of the forms turn it off: tests/__init__.py; scenario_forms_pdf.rst turns it
on).
"""
import logging
import shlex
import shutil

from trytond import config

logger = logging.getLogger(__name__)

# trytond's default convert_command starts with this program
DEFAULT_CONVERTER = 'soffice'
_fallback_logged = False


def converter():
    "The program trytond runs to convert a report"
    command = config.get('report', 'convert_command', default='')
    words = shlex.split(command) if command else []
    return words[0] if words else DEFAULT_CONVERTER


def pdf_status():
    """(True, path of the converter) when the forms are printed in PDF, else
    (False, the reason they stay ODT)"""
    if not config.getboolean('qltt', 'form_pdf', default=True):
        return False, "[qltt] form_pdf is off in the configuration"
    program = converter()
    path = shutil.which(program)
    if path:
        return True, path
    return False, (f"{program!r} (LibreOffice) is not installed or not on "
        "the PATH; install libreoffice-writer-nogui (docs/install.md)")


def _log_fallback(reason):
    global _fallback_logged
    if not _fallback_logged:
        _fallback_logged = True
        logger.warning("Printed forms are ODT, not PDF: %s", reason)


class _PdfAction:
    "The report action, read as if its extension were 'pdf'"
    __slots__ = ('_action',)
    extension = 'pdf'

    def __init__(self, action):
        self._action = action

    def __getattr__(self, name):
        return getattr(self._action, name)


class PdfReportMixin:
    "Convert the ODT report to PDF when the server can (see above)"
    __slots__ = ()

    @classmethod
    def convert(cls, report, data, *args, **kwargs):
        if report.template_extension == 'odt' and not report.extension:
            available, reason = pdf_status()
            if available:
                report = _PdfAction(report)
            else:
                _log_fallback(reason)
        return super().convert(report, data, *args, **kwargs)
