# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Area management (quản lý địa bàn): the team leader assigns officers to
areas in writing (Circular 27/2020/TT-BCT Art 34).  The written assignment
is an outgoing document of the unit."""
from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, Workflow, fields
from trytond.modules.company.model import employee_field, set_employee
from trytond.modules.qltt_cases.case import transition
from trytond.modules.qltt_cases.value import ValueCheckMixin
from trytond.modules.qltt_cases.workflow import WorkflowStateGuardMixin
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.transaction import Transaction

from .exceptions import AreaAssignmentError, OfficeValidationError
from .outgoing import check_required


def is_department_leader():
    "Whether the user may act for every team (the department leader)"
    pool = Pool()
    User = pool.get('res.user')
    ModelData = pool.get('ir.model.data')
    if not Transaction().user:
        return True
    return ModelData.get_id('qltt_cases', 'group_qltt_leader') in (
        User.get_groups())


class AreaAssignment(
        WorkflowStateGuardMixin, ValueCheckMixin, Workflow, ModelSQL,
        ModelView):
    __string__ = "Area Assignment"
    __name__ = 'qltt.area.assignment'
    _workflow_owned_fields = {'approved_by'}
    # the leader's written assignment is chosen before the approval
    _workflow_draft_fields = {
        'company', 'team', 'officer', 'areas', 'start_date', 'document'}
    _workflow_deletable_states = {'draft', 'cancelled'}
    _workflow_delete_error = (
        'qltt_office.msg_area_delete_approved', 'assignment')
    _states = {'readonly': Eval('state') != 'draft'}

    company = fields.Many2One(
        'company.company', "Company", required=True, states=_states)
    team = fields.Many2One(
        'qltt.team', "Team", required=True, states=_states,
        domain=[('company', '=', Eval('company', -1))])
    officer = fields.Many2One(
        'company.employee', "Officer", required=True, states=_states,
        domain=[('company', '=', Eval('company', -1))])
    areas = fields.Many2Many(
        'qltt.area.assignment-country.subdivision', 'assignment',
        'subdivision', "Areas", states=_states,
        help="Communes and wards the officer manages.")
    start_date = fields.Date("Start Date", required=True, states=_states)
    end_date = fields.Date(
        "End Date", states={
            'readonly': Eval('state') == 'cancelled',
            })
    document = fields.Many2One(
        'qltt.outgoing.document', "Assignment Document", states=_states,
        domain=[
            ('company', '=', Eval('company', -1)),
            ('state', '=', 'issued'),
            ],
        help="The leader's written assignment.")
    state = fields.Selection([
            ('draft', "Draft"),
            ('approved', "Approved"),
            ('cancelled', "Cancelled"),
            ], "State", readonly=True, required=True)
    approved_by = employee_field("Approved By", states=['approved'])
    del _states

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.add(
            Index(t, (t.state, Index.Equality(cardinality='low'))))
        cls._order = [('start_date', 'DESC'), ('id', 'DESC')]
        cls._transitions |= {
            ('draft', 'approved'),
            ('draft', 'cancelled'),
            ('approved', 'cancelled'),
            ('cancelled', 'draft'),
            }
        cls._buttons.update({
                'approve': {
                    'invisible': Eval('state') != 'draft',
                    'depends': ['state'],
                    },
                'cancel': {
                    'invisible': Eval('state') == 'cancelled',
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
    def default_start_date():
        return Pool().get('ir.date').today()

    @classmethod
    def default_team(cls):
        pool = Pool()
        User = pool.get('res.user')
        teams = User.get_qltt_teams()
        if len(teams) == 1:
            return teams[0]

    def get_rec_name(self, name):
        return f'{self.officer.rec_name} - {self.team.rec_name}'

    @classmethod
    def validate_fields(cls, assignments, field_names):
        super().validate_fields(assignments, field_names)
        if field_names and not (field_names & {'start_date', 'end_date'}):
            return
        for assignment in assignments:
            if (assignment.end_date
                    and assignment.end_date < assignment.start_date):
                raise OfficeValidationError(gettext(
                        'qltt_office.msg_area_dates',
                        assignment=assignment.rec_name))

    def check_authority(self, employees, department_leader):
        """Only the leader of the team assigns its officers to areas
        (Circular 27/2020 Art 34); the department leader may assign an
        officer of any team"""
        if department_leader:
            return
        team = self.team
        if team.leader not in employees:
            raise AreaAssignmentError(gettext(
                    'qltt_office.msg_area_not_team_leader',
                    assignment=self.rec_name, team=team.rec_name))
        if self.officer not in team.members and self.officer != team.leader:
            raise AreaAssignmentError(gettext(
                    'qltt_office.msg_area_officer_other_team',
                    officer=self.officer.rec_name, team=team.rec_name))

    @classmethod
    @ModelView.button
    @transition('approved')
    @set_employee('approved_by')
    def approve(cls, assignments):
        pool = Pool()
        User = pool.get('res.user')
        user = User(Transaction().user)
        department_leader = is_department_leader()
        for assignment in assignments:
            check_required(assignment, ['areas', 'document'],
                'qltt_office.msg_area_required_to_approve')
            assignment.check_authority(user.employees, department_leader)

    @classmethod
    @ModelView.button
    @transition('cancelled')
    def cancel(cls, assignments):
        pass

    @classmethod
    @ModelView.button
    @transition('draft')
    def draft(cls, assignments):
        pass


class AreaAssignmentSubdivision(ModelSQL):
    __string__ = "Area Assignment - Area"
    __name__ = 'qltt.area.assignment-country.subdivision'
    assignment = fields.Many2One(
        'qltt.area.assignment', "Assignment", required=True,
        ondelete='CASCADE')
    subdivision = fields.Many2One(
        'country.subdivision', "Area", required=True, ondelete='CASCADE')
