# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The "Decide" button of a case form: a dialog that checks the case
first, then shows the decision date (today unless the case has one) and
the signer (only officials with sanction authority), and issues the
decision when the user confirms (issue #23: validate first, confirm
last).  The decision itself is Case.decide, the button of the API."""
from trytond.i18n import gettext
from trytond.model import ModelView, fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.wizard import Button, StateTransition, StateView, Wizard

from .exceptions import TransitionError


class Case(metaclass=PoolMeta):
    __name__ = 'qltt.case'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._buttons['decide_dialog'] = cls._buttons['decide'].copy()

    @classmethod
    @ModelView.button_action('qltt_cases.wizard_case_decide')
    def decide_dialog(cls, cases):
        pass


class CaseDecideStart(ModelView):
    __name__ = 'qltt.case.decide.start'
    __string__ = "Decide Case"

    case = fields.Many2One('qltt.case', "Case", readonly=True)
    company = fields.Many2One('company.company', "Company", readonly=True)
    decision_date = fields.Date("Decision Date", required=True)
    decision_signer = fields.Many2One(
        'company.employee', "Decision Signer", required=True,
        domain=[
            ('company', '=', Eval('company', -1)),
            ('sanction_authority', '!=', None),
            ],
        help="Only officials with sanction authority (Law Art 82-87).")


class CaseDecide(Wizard):
    __name__ = 'qltt.case.decide'
    __string__ = "Decide Case"

    start = StateTransition()
    confirm = StateView('qltt.case.decide.start',
        'qltt_cases.case_decide_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Issue the Decision", 'decide', 'tryton-ok',
                default=True),
            ])
    decide = StateTransition()

    def transition_start(self):
        "What the decision needs besides its date and signer, checked first"
        case = self.record
        if (case.state == 'inspecting'
                and not case.sanction_without_minutes):
            raise TransitionError(gettext(
                    'qltt_cases.msg_case_decide_needs_minutes',
                    case=case.rec_name))
        case.check_required(['offender', 'violations'],
            'qltt_cases.msg_case_required_to_decide')
        for violation in case.violations:
            violation.check_fine()
        return 'confirm'

    def default_confirm(self, fields):
        pool = Pool()
        Date = pool.get('ir.date')
        case = self.record
        signer = case.decision_signer
        if signer and not signer.sanction_authority:
            signer = None
        return {
            'case': case.id,
            'company': case.company.id,
            'decision_date': case.decision_date or Date.today(),
            'decision_signer': signer.id if signer else None,
            }

    def transition_decide(self):
        pool = Pool()
        Case = pool.get('qltt.case')
        case = self.record
        case.decision_date = self.confirm.decision_date
        case.decision_signer = self.confirm.decision_signer
        case.save()
        Case.decide([case])
        return 'end'

    def end(self):
        return 'reload'
