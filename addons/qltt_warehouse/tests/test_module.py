# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from trytond.modules.company.tests import CompanyTestMixin
from trytond.tests.test_tryton import ModuleTestCase


class QlttWarehouseTestCase(CompanyTestMixin, ModuleTestCase):
    "Test QLTT Warehouse module"
    module = 'qltt_warehouse'

    @property
    def _skip_company_rule(self):
        # its rule also shows the stores shared by every department (no
        # company): access.xml rule_location_companies
        return super()._skip_company_rule | {
            ('stock.location', 'qltt_company')}


del ModuleTestCase
