# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Information received (tin báo) and its verification."""
from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, Workflow, fields
from trytond.modules.company.model import employee_field, set_employee
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.transaction import Transaction

from .case import transition
from .exceptions import CaseValidationError
from .value import ValueCheckMixin
from .workflow import WorkflowStateGuardMixin


class Tip(
        WorkflowStateGuardMixin, ValueCheckMixin, Workflow, ModelSQL,
        ModelView):
    __string__ = "Tip"
    __name__ = 'qltt.tip'
    _rec_name = 'number'
    _workflow_owned_fields = {'number', 'verified_by'}
    _workflow_deletable_states = {'received'}
    _workflow_delete_error = 'qltt_cases.msg_tip_delete_received', 'tip'
    _states = {'readonly': Eval('state') != 'received'}

    number = fields.Char("Number", readonly=True)
    company = fields.Many2One(
        'company.company', "Company", required=True, states=_states)
    received_date = fields.Date("Received Date", required=True,
        states=_states)
    origin = fields.Selection([
            ('citizen', "Citizen"),
            ('hotline', "Hotline"),
            ('email', "E-mail"),
            ('ecommerce_monitoring', "E-commerce Monitoring"),
            ('agency', "Another Agency"),
            ], "Origin", required=True, states=_states)
    informant = fields.Char(
        "Informant", states=_states,
        help="Kept confidential; may be left empty for anonymous tips.")
    informant_contact = fields.Char("Informant Contact", states=_states)
    agency = fields.Many2One('party.party', "Agency", states={
            'readonly': _states['readonly'],
            'invisible': Eval('origin') != 'agency',
            },
        context={'company': Eval('company', -1)}, depends={'company'})
    subject = fields.Many2One(
        'party.party', "Subject", states={
            'readonly': ~Eval('state').in_(['received', 'verifying']),
            },
        context={'company': Eval('company', -1)}, depends={'company'},
        help="The business or person the tip is about.")
    channel = fields.Selection([
            ('physical', "Physical"),
            ('ecommerce', "E-commerce"),
            ], "Channel", required=True, states=_states)
    platform = fields.Char("Platform", states={
            'readonly': _states['readonly'],
            'invisible': Eval('channel') != 'ecommerce',
            })
    url = fields.Char("URL", states={
            'readonly': _states['readonly'],
            'invisible': Eval('channel') != 'ecommerce',
            'required': Eval('channel') == 'ecommerce',
            })
    area = fields.Many2One('country.subdivision', "Area", states=_states)
    content = fields.Text("Content", required=True, states=_states)
    team = fields.Many2One(
        'qltt.team', "Team", states={
            'readonly': ~Eval('state').in_(['received', 'verifying']),
            'required': Eval('state') != 'received',
            },
        domain=[('company', '=', Eval('company', -1))],
        help="The team that verifies the tip.")
    verification = fields.Text("Verification", states={
            'readonly': Eval('state') != 'verifying',
            'invisible': Eval('state') == 'received',
            })
    dismissal_reason = fields.Text("Dismissal Reason", states={
            'readonly': Eval('state') != 'verifying',
            'invisible': ~Eval('state').in_(['verifying', 'dismissed']),
            })
    cases = fields.One2Many('qltt.case', 'tip', "Cases", readonly=True)
    state = fields.Selection([
            ('received', "Received"),
            ('verifying', "Verifying"),
            ('case_opened', "Case Opened"),
            ('dismissed', "Dismissed"),
            ], "State", readonly=True, required=True)
    verified_by = employee_field(
        "Verified By", states=['case_opened', 'dismissed'])
    del _states

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.add(
            Index(t, (t.state, Index.Equality(cardinality='low'))))
        cls._order = [('received_date', 'DESC'), ('id', 'DESC')]
        cls._transitions |= {
            ('received', 'verifying'),
            ('verifying', 'case_opened'),
            ('verifying', 'dismissed'),
            ('dismissed', 'verifying'),
            }
        cls._buttons.update({
                'verify': {
                    'invisible': ~Eval('state').in_(
                        ['received', 'dismissed']),
                    'depends': ['state'],
                    },
                'open_case': {
                    'invisible': Eval('state') != 'verifying',
                    'depends': ['state'],
                    },
                'dismiss': {
                    'invisible': Eval('state') != 'verifying',
                    'depends': ['state'],
                    },
                })

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @staticmethod
    def default_state():
        return 'received'

    @staticmethod
    def default_origin():
        return 'citizen'

    @staticmethod
    def default_channel():
        return 'physical'

    @staticmethod
    def default_received_date():
        return Pool().get('ir.date').today()

    @classmethod
    def preprocess_values(cls, mode, values):
        pool = Pool()
        Configuration = pool.get('qltt.configuration')
        values = super().preprocess_values(mode, values)
        if mode == 'create' and not values.get('number'):
            values['number'] = Configuration.of_company(
                values.get('company')).company_sequence(
                'tip_sequence').get()
        return values

    @classmethod
    @ModelView.button
    @transition('verifying')
    def verify(cls, tips):
        for tip in tips:
            if not tip.team:
                raise CaseValidationError(gettext(
                        'qltt_cases.msg_tip_team_required',
                        tip=tip.rec_name))

    @classmethod
    @ModelView.button_action('qltt_cases.act_case_from_tip')
    @transition('case_opened')
    @set_employee('verified_by')
    def open_case(cls, tips):
        "Open an ad-hoc case from verified information (Ordinance Art 20)"
        pool = Pool()
        Case = pool.get('qltt.case')
        cases = []
        for tip in tips:
            cases.append(Case(
                    company=tip.company,
                    team=tip.team,
                    source='tip',
                    tip=tip,
                    channel=tip.channel,
                    platform=tip.platform,
                    url=tip.url,
                    offender=tip.subject,
                    area=tip.area,
                    description=tip.content))
        Case.save(cases)

    @classmethod
    @ModelView.button
    @transition('dismissed')
    @set_employee('verified_by')
    def dismiss(cls, tips):
        for tip in tips:
            if not tip.dismissal_reason:
                raise CaseValidationError(gettext(
                        'qltt_cases.msg_tip_dismissal_reason',
                        tip=tip.rec_name))
