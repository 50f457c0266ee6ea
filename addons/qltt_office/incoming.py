# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Incoming official documents (văn bản đến).

The clerk registers each document on receipt with the sender's number and
date and a register number of the unit; it is handed to the team (and
officer) that handles it, and its handling is followed up to the reply
(Decree 30/2020/NĐ-CP on clerical work, Art 20-24).  Scans are attachments
of the record.  Replies are outgoing documents; a reply due date, stored,
lists the documents whose reply is near or late.
"""
from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, Workflow, fields
from trytond.modules.company.model import employee_field, set_employee
from trytond.modules.qltt_cases.case import transition
from trytond.modules.qltt_cases.value import ValueCheckMixin
from trytond.modules.qltt_cases.workflow import WorkflowStateGuardMixin
from trytond.pool import Pool
from trytond.pyson import Eval, If
from trytond.transaction import Transaction

from .exceptions import OfficeValidationError
from .outgoing import check_required

STATES = [
    ('received', "Received"),
    ('assigned', "Assigned"),
    ('handled', "Handled"),
    ('archived', "Archived"),
    ]


class IncomingDocument(
        WorkflowStateGuardMixin, ValueCheckMixin, Workflow, ModelSQL,
        ModelView):
    __string__ = "Incoming Document"
    __name__ = 'qltt.incoming.document'
    _rec_name = 'number'
    _workflow_owned_fields = {'number', 'assigned_by', 'handled_by'}
    _workflow_deletable_states = {'received'}
    _workflow_delete_error = (
        'qltt_office.msg_incoming_delete_received', 'document')
    _states = {'readonly': Eval('state') != 'received'}
    _open = {'readonly': ~Eval('state').in_(['received', 'assigned'])}

    number = fields.Char(
        "Register Number", readonly=True,
        help="Number in the unit's register of incoming documents.")
    company = fields.Many2One(
        'company.company', "Company", required=True, states=_states)
    received_date = fields.Date(
        "Received Date", required=True, states=_states)
    sender = fields.Many2One(
        'party.party', "Sender", required=True, states=_states,
        context={'company': Eval('company', -1)}, depends={'company'})
    sender_number = fields.Char(
        "Sender's Number", states=_states,
        help="Number and symbol given by the sender, e.g. 123/CAT-PC03.")
    sender_date = fields.Date("Sender's Date", states=_states)
    summary = fields.Text("Summary", required=True, states=_states)
    team = fields.Many2One(
        'qltt.team', "Team", states={
            'readonly': _open['readonly'],
            'required': Eval('state').in_(['assigned', 'handled']),
            },
        domain=[('company', '=', Eval('company', -1))],
        help="The team that handles the document.")
    officer = fields.Many2One(
        'company.employee', "Officer", states=_open,
        domain=[('company', '=', Eval('company', -1))])
    reply_due_date = fields.Date(
        "Reply Due Date", states=_open,
        help="The date by which the sender expects a reply.")
    case = fields.Many2One(
        'qltt.case', "Case", states=_open,
        domain=[('company', '=', Eval('company', -1))])
    tip = fields.Many2One(
        'qltt.tip', "Tip", states=_open,
        domain=[('company', '=', Eval('company', -1))])
    business = fields.Many2One(
        'party.party', "Business", states=_open,
        context={'company': Eval('company', -1)}, depends={'company'})
    replies = fields.One2Many(
        'qltt.outgoing.document', 'reply_to', "Replies", states=_open)
    result = fields.Text(
        "Result", states={
            'readonly': Eval('state') != 'assigned',
            'invisible': Eval('state') == 'received',
            })
    reply_late = fields.Function(
        fields.Boolean("Reply Late"), 'get_reply_late')
    state = fields.Selection(STATES, "State", readonly=True, required=True)
    assigned_by = employee_field(
        "Assigned By", states=['assigned', 'handled', 'archived'])
    handled_by = employee_field("Handled By", states=['handled', 'archived'])
    del _states, _open

    @classmethod
    def view_attributes(cls):
        return super().view_attributes() + [
            ('/tree', 'visual',
                If(Eval('reply_late', False), 'danger', '')),
            ]

    @classmethod
    def __setup__(cls):
        cls.number.search_unaccented = False
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.update({
                Index(t, (t.state, Index.Equality(cardinality='low'))),
                Index(t, (t.reply_due_date, Index.Range())),
                })
        cls._order = [('received_date', 'DESC'), ('id', 'DESC')]
        cls._transitions |= {
            ('received', 'assigned'),
            ('assigned', 'handled'),
            ('received', 'archived'),
            ('assigned', 'archived'),
            }
        cls._buttons.update({
                'assign': {
                    'invisible': Eval('state') != 'received',
                    'depends': ['state'],
                    },
                'handle': {
                    'invisible': Eval('state') != 'assigned',
                    'depends': ['state'],
                    },
                'archive': {
                    'invisible': ~Eval('state').in_(['received', 'assigned']),
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
    def default_received_date():
        return Pool().get('ir.date').today()

    @fields.depends('case', 'business', '_parent_case.offender')
    def on_change_case(self):
        if self.case and not self.business:
            self.business = self.case.offender

    def get_reply_late(self, name):
        pool = Pool()
        Date = pool.get('ir.date')
        return bool(self.state in {'received', 'assigned'}
            and self.reply_due_date
            and self.reply_due_date < Date.today())

    @classmethod
    def preprocess_values(cls, mode, values):
        pool = Pool()
        Configuration = pool.get('qltt.configuration')
        values = super().preprocess_values(mode, values)
        if mode == 'create' and not values.get('number'):
            values['number'] = Configuration.of_company(
                values.get('company')).company_sequence(
                'incoming_sequence').get()
        return values

    @classmethod
    def validate_fields(cls, documents, field_names):
        super().validate_fields(documents, field_names)
        cls.check_dates(documents, field_names)

    @classmethod
    def check_dates(cls, documents, field_names=None):
        """A document is dated by its sender before it is received, and its
        reply cannot be due before it arrives"""
        if field_names and not (field_names & {
                    'sender_date', 'received_date', 'reply_due_date'}):
            return
        pool = Pool()
        Field = pool.get('ir.model.field')
        for document in documents:
            for earlier, later in [
                    ('sender_date', 'received_date'),
                    ('received_date', 'reply_due_date'),
                    ]:
                first, second = (
                    getattr(document, earlier), getattr(document, later))
                if first and second and second < first:
                    raise OfficeValidationError(gettext(
                            'qltt_office.msg_incoming_dates_order',
                            document=document.rec_name,
                            field=Field.get_name(cls.__name__, later),
                            previous=Field.get_name(cls.__name__, earlier)))

    @classmethod
    @ModelView.button
    @transition('assigned')
    @set_employee('assigned_by')
    def assign(cls, documents):
        for document in documents:
            check_required(document, ['team'],
                'qltt_office.msg_incoming_required_to_assign')
            team = document.team
            if (document.officer
                    and document.officer not in team.members
                    and document.officer != team.leader):
                raise OfficeValidationError(gettext(
                        'qltt_office.msg_incoming_officer_team',
                        document=document.rec_name,
                        officer=document.officer.rec_name,
                        team=team.rec_name))

    @classmethod
    @ModelView.button
    @transition('handled')
    @set_employee('handled_by')
    def handle(cls, documents):
        for document in documents:
            if not document.result and not any(
                    r.state == 'issued' for r in document.replies):
                raise OfficeValidationError(gettext(
                        'qltt_office.msg_incoming_handle_result',
                        document=document.rec_name))

    @classmethod
    @ModelView.button
    @transition('archived')
    def archive(cls, documents):
        pass
