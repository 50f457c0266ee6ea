# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The print menu of a case: the form of its latest document (issue #23:
the case's own print button was greyed, forms printed only from the
document)."""
import datetime as dt

from trytond.i18n import gettext
from trytond.pool import Pool
from trytond.report import Report

from .form import FormError


class CaseDocumentForm(Report):
    __name__ = 'qltt_cases.case_document_form'

    @classmethod
    def execute(cls, ids, data):
        pool = Pool()
        ActionReport = pool.get('ir.action.report')
        Case = pool.get('qltt.case')
        action_id = (data or {}).get('action_id')
        if action_id is None:
            action, = ActionReport.search([
                    ('report_name', '=', cls.__name__),
                    ], limit=1)
        else:
            action = ActionReport(action_id)
        ids = list(map(int, ids))[:1]
        cls.check_access(action, 'qltt.case', ids)
        case, = Case.browse(ids)
        documents = [d for d in case.documents
            if d.state != 'cancelled' and d.type.report]
        if not documents:
            raise FormError(gettext(
                    'qltt_cases.msg_case_no_printed_form',
                    case=case.rec_name))
        # the latest: issued last, or drafted last
        document = max(documents, key=lambda d: (
                d.state == 'issued', d.date or dt.date.min, d.id))
        report = document.type.report
        Form = pool.get(report.report_name, type='report')
        return Form.execute([document.id], {
                'model': 'qltt.case.document',
                'id': document.id,
                'ids': [document.id],
                'action_id': report.id,
                })
