# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from trytond.modules.company.tests import CompanyTestMixin
from trytond.tests.test_tryton import ModuleTestCase


class QlttCasesTestCase(CompanyTestMixin, ModuleTestCase):
    "Test QLTT Cases module"
    module = 'qltt_cases'


del ModuleTestCase
