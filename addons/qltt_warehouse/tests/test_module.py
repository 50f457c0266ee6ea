# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from trytond.modules.company.tests import CompanyTestMixin
from trytond.tests.test_tryton import ModuleTestCase


class QlttWarehouseTestCase(CompanyTestMixin, ModuleTestCase):
    "Test QLTT Warehouse module"
    module = 'qltt_warehouse'


del ModuleTestCase
