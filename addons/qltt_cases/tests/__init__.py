# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from trytond import config

# The scenarios read the ODT content of the printed forms (exact and fast):
# no PDF conversion even when LibreOffice is installed (report.py);
# scenario_forms_pdf.rst turns it on for itself.
if config.get('qltt', 'form_pdf') is None:
    if not config.has_section('qltt'):
        config.add_section('qltt')
    config.set('qltt', 'form_pdf', 'False')
