# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from trytond.modules.company.tests import CompanyTestMixin
from trytond.tests.test_tryton import ModuleTestCase

from ..stock import merge_writes


class QlttWarehouseTestCase(CompanyTestMixin, ModuleTestCase):
    "Test QLTT Warehouse module"
    module = 'qltt_warehouse'

    @property
    def _skip_company_rule(self):
        # its rule also shows the stores shared by every department (no
        # company): access.xml rule_location_companies
        return super()._skip_company_rule | {
            ('stock.location', 'qltt_company')}

    def test_merge_writes(self):
        "Only consecutive writes of equal values are joined, in order"
        done = {'state': 'done'}
        priced = {'state': 'done', 'cost_price': 1}
        self.assertEqual(
            merge_writes([[1], done, [2], dict(done), [3], priced, [4], done]),
            [[1, 2], done, [3], priced, [4], done])
        self.assertEqual(merge_writes([]), [])


del ModuleTestCase
