# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The recorded delivery of the decision starts the payment period.

Law on Handling Administrative Violations Art 73(1): the offender complies
within 10 days of receiving the decision, the receipt being its delivery
(Art 70, qltt_cases/delivery.py).  Recording the delivery to an offender
gives their fine its due date; the illegal profit ordered by the decision
is due once every offender received it."""
from trytond.model import ModelView
from trytond.pool import Pool, PoolMeta
from trytond.transaction import without_check_access


class Delivery(metaclass=PoolMeta):
    __name__ = 'qltt.case.delivery'

    # the parent's button already checks the transition and stamps the
    # employee
    @classmethod
    @ModelView.button
    def deliver(cls, deliveries):
        pool = Pool()
        Fine = pool.get('qltt.fine')
        Measure = pool.get('qltt.case.measure')
        super().deliver(deliveries)
        with without_check_access():
            deliveries = cls.browse(deliveries)
            offenders = [d.offender.id for d in deliveries if d.offender]
            Fine.update_received(
                Fine.search([('offender', 'in', offenders)]))
            Measure.update_received({d.case for d in deliveries})
