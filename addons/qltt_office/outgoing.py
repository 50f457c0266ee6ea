# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Outgoing official documents (văn bản đi) of the unit.

Administrative documents follow Decree 30/2020/NĐ-CP on clerical work: the
number is an Arabic numeral of at least two digits, counted from 01 on
1 January to 31 December of each year and unique in the year (Art 15); the
symbol joins the abbreviation of the type and of the issuing unit, e.g.
"15/QĐ-CCQLTT", or only the unit for an official letter (công văn),
"15/CCQLTT" (Annex I, abbreviations of Annex III).  Each type has its own
gapless sequence per year.  Scans and annexes are attachments.
"""
from trytond.model import (
    DeactivableMixin, Index, ModelSQL, ModelView, Unique, Workflow, fields)
from trytond.modules.company.model import employee_field, set_employee
from trytond.modules.qltt_cases.case import transition
from trytond.modules.qltt_cases.document import (
    IssuedDocumentMixin, YearlySequenceMixin)
from trytond.modules.qltt_cases.value import ValueCheckMixin
from trytond.modules.qltt_cases.workflow import (
    WorkflowStateGuardMixin, check_required as _check_required)
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.transaction import Transaction

from .exceptions import OfficeValidationError


def check_required(record, names, message):
    "Raise message naming the first field of names that record lacks"
    _check_required(record, names, OfficeValidationError, message)


class OutgoingDocumentType(
        ValueCheckMixin, DeactivableMixin, ModelSQL, ModelView):
    __string__ = "Outgoing Document Type"
    __name__ = 'qltt.outgoing.document.type'
    code = fields.Char("Code", required=True)
    name = fields.Char("Name", required=True, translate=True)
    abbreviation = fields.Char(
        "Abbreviation",
        help="Abbreviation of the type in the number, e.g. QĐ; empty for "
        "official letters (Decree 30/2020/NĐ-CP Annex III).")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints = [
            ('code_uniq', Unique(t, t.code),
                'qltt_office.msg_outgoing_type_code_unique'),
            ]
        cls._order.insert(0, ('code', 'ASC'))

    def get_rec_name(self, name):
        return self.name

    @classmethod
    def search_rec_name(cls, name, clause):
        _, operator, value = clause
        bool_op = 'AND' if operator.startswith(('!', 'not ')) else 'OR'
        return [bool_op,
            ('code', operator, value),
            ('name', operator, value),
            ]


class OutgoingDocumentSequence(YearlySequenceMixin, ModelSQL):
    __string__ = "Outgoing Document Sequence per Type and Year"
    __name__ = 'qltt.outgoing.document.sequence'
    type = fields.Many2One(
        'qltt.outgoing.document.type', "Type", required=True,
        ondelete='CASCADE')
    year = fields.Integer("Year", required=True)
    sequence = fields.Many2One(
        'ir.sequence.strict', "Sequence", required=True, ondelete='RESTRICT')

    @classmethod
    def next_number(cls, type_, year, company=None):
        """The next gapless number of type_ in year of the company
        (Decree 30/2020 Art 15)"""
        pool = Pool()
        ModelData = pool.get('ir.model.data')
        if company is None:
            company = Transaction().context.get('company')
        number, = cls._next_numbers(
            ModelData.get_id('qltt_office', 'sequence_type_outgoing'),
            f'{type_.code} {year}', 1,
            company=getattr(company, 'id', company), type=type_, year=year)
        return number


class OutgoingDocument(
        IssuedDocumentMixin, WorkflowStateGuardMixin, ValueCheckMixin,
        Workflow, ModelSQL, ModelView):
    __string__ = "Outgoing Document"
    __name__ = 'qltt.outgoing.document'
    _issued_messages = (
        'qltt_office.msg_outgoing_delete_issued',
        'qltt_office.msg_outgoing_modify_issued')
    _workflow_owned_fields = {'number', 'year', 'issued_by'}
    _workflow_deletable_states = {'draft', 'cancelled'}
    _rec_name = 'number'
    _states = {'readonly': Eval('state') != 'draft'}

    company = fields.Many2One(
        'company.company', "Company", required=True, states=_states)
    type = fields.Many2One(
        'qltt.outgoing.document.type', "Type", required=True,
        states=_states)
    number = fields.Char(
        "Number", readonly=True,
        help="Given when the document is issued.")
    year = fields.Integer("Year", readonly=True)
    date = fields.Date("Date", required=True, states=_states)
    signer = fields.Many2One(
        'company.employee', "Signer", states={
            'readonly': _states['readonly'],
            'required': Eval('state') == 'issued',
            },
        domain=[('company', '=', Eval('company', -1))])
    team = fields.Many2One(
        'qltt.team', "Team", states=_states,
        domain=[('company', '=', Eval('company', -1))],
        help="The team that drafted the document; empty for documents of "
        "the unit's office.")
    summary = fields.Text("Summary", required=True, states=_states)
    recipients = fields.Many2Many(
        'qltt.outgoing.document-party.party', 'document', 'party',
        "Recipients", states=_states,
        context={'company': Eval('company', -1)}, depends={'company'})
    reply_to = fields.Many2One(
        'qltt.incoming.document', "Reply To", states=_states,
        domain=[('company', '=', Eval('company', -1))])
    case = fields.Many2One(
        'qltt.case', "Case", states=_states,
        domain=[('company', '=', Eval('company', -1))])
    tip = fields.Many2One(
        'qltt.tip', "Tip", states=_states,
        domain=[('company', '=', Eval('company', -1))])
    business = fields.Many2One(
        'party.party', "Business", states=_states,
        context={'company': Eval('company', -1)}, depends={'company'})
    state = fields.Selection([
            ('draft', "Draft"),
            ('issued', "Issued"),
            ('cancelled', "Cancelled"),
            ], "State", readonly=True, required=True)
    issued_by = employee_field("Issued By", states=['issued', 'cancelled'])
    del _states

    @classmethod
    def __setup__(cls):
        cls.number.search_unaccented = False
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints = [
            ('number_uniq', Unique(t, t.company, t.type, t.year, t.number),
                'qltt_office.msg_outgoing_number_unique'),
            ]
        cls._sql_indexes.update({
                Index(t, (t.state, Index.Equality(cardinality='low'))),
                Index(t, (t.date, Index.Range())),
                })
        cls._order = [('date', 'DESC'), ('id', 'DESC')]
        cls._transitions |= {
            ('draft', 'issued'),
            ('draft', 'cancelled'),
            ('cancelled', 'draft'),
            }
        cls._buttons.update({
                'issue': {
                    'invisible': Eval('state') != 'draft',
                    'depends': ['state'],
                    },
                'cancel': {
                    'invisible': Eval('state') != 'draft',
                    'depends': ['state'],
                    },
                'draft': {
                    'invisible': Eval('state') != 'cancelled',
                    'depends': ['state'],
                    },
                })

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @staticmethod
    def default_state():
        return 'draft'

    @staticmethod
    def default_date():
        return Pool().get('ir.date').today()

    @fields.depends('reply_to', 'case', 'tip', 'business', 'team',
        'recipients', '_parent_reply_to.case', '_parent_reply_to.tip',
        '_parent_reply_to.business', '_parent_reply_to.team',
        '_parent_reply_to.sender')
    def on_change_reply_to(self):
        "A reply concerns what the letter concerns and goes to its sender"
        if not self.reply_to:
            return
        for name in ['case', 'tip', 'business', 'team']:
            if not getattr(self, name):
                setattr(self, name, getattr(self.reply_to, name))
        if not self.recipients:
            self.recipients = [self.reply_to.sender]

    def get_rec_name(self, name):
        return self.number or f'{self.type.name} ({self.id})'

    @classmethod
    def search_rec_name(cls, name, clause):
        _, operator, value = clause
        bool_op = 'AND' if operator.startswith(('!', 'not ')) else 'OR'
        return [bool_op,
            ('number', operator, value),
            ('summary', operator, value),
            ]

    def compute_number(self):
        "Number and symbol (Decree 30/2020/NĐ-CP Art 15, Annex I)"
        pool = Pool()
        Configuration = pool.get('qltt.configuration')
        Sequence = pool.get('qltt.outgoing.document.sequence')
        unit = Configuration.of_company(
            self.company).office_unit_abbreviation
        sequence = Sequence.next_number(
            self.type, self.date.year, self.company)
        if self.type.abbreviation:
            return f'{sequence:02d}/{self.type.abbreviation}-{unit}'
        return f'{sequence:02d}/{unit}'

    @classmethod
    @ModelView.button
    @transition('issued')
    @set_employee('issued_by')
    def issue(cls, documents):
        for document in sorted(documents, key=lambda d: (d.date, d.id)):
            check_required(document, ['signer'],
                'qltt_office.msg_outgoing_required_to_issue')
            document.year = document.date.year
            document.number = document.compute_number()
        cls.save(documents)

    @classmethod
    @ModelView.button
    @transition('cancelled')
    def cancel(cls, documents):
        pass

    @classmethod
    @ModelView.button
    @transition('draft')
    def draft(cls, documents):
        pass


class OutgoingDocumentRecipient(ModelSQL):
    __string__ = "Outgoing Document - Recipient"
    __name__ = 'qltt.outgoing.document-party.party'
    document = fields.Many2One(
        'qltt.outgoing.document', "Document", required=True,
        ondelete='CASCADE')
    party = fields.Many2One(
        'party.party', "Recipient", required=True, ondelete='RESTRICT')
