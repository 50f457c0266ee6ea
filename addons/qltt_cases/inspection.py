# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The inspection decision (quyết định kiểm tra) that opens a case.

- Ordinance on Market Surveillance 11/2016/UBTVQH13 Art 19: a planned
  inspection starts within 05 working days of its decision; an ad-hoc one
  at once.
- Ordinance Art 22: the on-site inspection lasts at most 03 working days,
  extendable to 05 by the official who signed the decision [unverified:
  counted here from the first day of the on-site work, that day included].
- Decree 33/2022/NĐ-CP Art 4 as amended by Decree 241/2025: the heads of
  the Department, of its operations divisions, of the provincial
  Sub-department and of the teams issue inspection decisions; a deputy
  only with a written delegation (the positions are data:
  SanctionAuthority.inspection_decision).
- Circular 22/2021/TT-BCT: the form of the inspection decision, printed
  from the case (InspectionDecisionForm).
When the decision is entered on the case, starting the inspection checks
it; the day counts are legal values of the configuration.
"""
import datetime as dt

from trytond.i18n import gettext
from trytond.model import fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Bool, Eval
from trytond.transaction import Transaction

from . import deadline
from .exceptions import InspectionDecisionError
from .form import FormReport

PLANNED_SOURCES = {'planned'}
# the positions of authority.xml that issue inspection decisions
INSPECTION_DECISION_CODES = ['team_leader', 'subdept_head', 'director']


class Configuration(metaclass=PoolMeta):
    __name__ = 'qltt.configuration'

    inspection_start_days = fields.Integer(
        "Planned Inspection Start (working days)", required=True,
        help="Ordinance on Market Surveillance Art 19: a planned inspection "
        "starts within 05 working days of its decision.")
    inspection_onsite_days = fields.Integer(
        "On-site Inspection (working days)", required=True,
        help="Ordinance Art 22: at most 03 working days on site.")
    inspection_onsite_extended_days = fields.Integer(
        "Extended On-site Inspection (working days)", required=True,
        help="Ordinance Art 22: extendable to at most 05 working days.")

    @classmethod
    def default_inspection_start_days(cls):
        return 5

    @classmethod
    def default_inspection_onsite_days(cls):
        return 3

    @classmethod
    def default_inspection_onsite_extended_days(cls):
        return 5


class SanctionAuthority(metaclass=PoolMeta):
    __name__ = 'qltt.sanction.authority'

    inspection_decision = fields.Boolean(
        "Issues Inspection Decisions",
        help="The position may sign inspection decisions (Decree 33/2022 "
        "Art 4 as amended by Decree 241/2025).")

    @classmethod
    def __register__(cls, module):
        # a database made before: flag the positions authority.xml flags
        # (its records are not updated, noupdate="1")
        cursor = Transaction().connection.cursor()
        table = cls.__table__()
        added = not cls.__table_handler__(module).column_exist(
            'inspection_decision')
        super().__register__(module)
        if added:
            cursor.execute(*table.update(
                    [table.inspection_decision], [True],
                    where=table.code.in_(INSPECTION_DECISION_CODES)))

    @classmethod
    def default_inspection_decision(cls):
        return False


class Case(metaclass=PoolMeta):
    __name__ = 'qltt.case'

    _open = {'readonly': ~Eval('state').in_(['draft', 'inspecting'])}
    inspection_decision_number = fields.Char(
        "Inspection Decision Number", states={
            'readonly': Eval('state') != 'draft',
            },
        help="The number the unit's register gave the inspection decision "
        "(Circular 22/2021/TT-BCT), printed on its form.")
    inspection_decision_date = fields.Date(
        "Inspection Decision Date", states={
            'readonly': Eval('state') != 'draft',
            })
    inspection_decision_signer = fields.Many2One(
        'company.employee', "Inspection Decision Signer", states={
            'readonly': Eval('state') != 'draft',
            'required': Bool(Eval('inspection_decision_date')),
            },
        domain=[('company', '=', Eval('company', -1))])
    inspection_delegation = fields.Char(
        "Written Delegation", states={
            'readonly': Eval('state') != 'draft',
            },
        help="The number and date of the written delegation of a deputy "
        "who signs the inspection decision (Decree 33/2022 Art 4).")
    inspection_start_deadline = fields.Function(fields.Date(
            "Inspection Start Deadline",
            help="Planned inspections: 05 working days from the decision; "
            "ad-hoc inspections at once (Ordinance Art 19)."),
        'get_inspection_deadlines')
    onsite_extended = fields.Boolean(
        "On-site Inspection Extended", states=_open,
        help="Extended by the signer of the inspection decision to 05 "
        "working days (Ordinance Art 22).")
    onsite_deadline = fields.Function(fields.Date(
            "On-site Inspection Deadline",
            help="03 working days on site, 05 when extended (Ordinance "
            "Art 22)."),
        'get_inspection_deadlines')
    del _open

    @classmethod
    def default_onsite_extended(cls):
        return False

    def compute_inspection_start_deadline(self, config, holidays):
        """Planned: 05 working days from the decision; ad-hoc: the day of
        the decision (Ordinance Art 19)"""
        if not self.inspection_decision_date:
            return None
        if self.source in PLANNED_SOURCES:
            return deadline.add_working_days(
                self.inspection_decision_date, config.inspection_start_days,
                holidays)
        return self.inspection_decision_date

    def compute_onsite_deadline(self, config, holidays):
        """The last of the 03 (05 when extended) working days on site,
        the first day of the inspection included (Ordinance Art 22)"""
        if not self.inspection_date:
            return None
        days = (config.inspection_onsite_extended_days
            if self.onsite_extended else config.inspection_onsite_days)
        return deadline.add_working_days(
            self.inspection_date - dt.timedelta(days=1), days,
            holidays)

    @classmethod
    def get_inspection_deadlines(cls, cases, names):
        pool = Pool()
        Configuration = pool.get('qltt.configuration')
        config = Configuration(1)
        result = {n: {} for n in names}
        for case in cases:
            dates = [d for d in (case.inspection_decision_date,
                    case.inspection_date) if d]
            holidays = deadline.get_holidays(
                min(dates), max(dates).replace(year=max(dates).year + 1,
                    day=1)) if dates else set()
            values = {
                'inspection_start_deadline': (
                    case.compute_inspection_start_deadline(config, holidays)),
                'onsite_deadline': case.compute_onsite_deadline(
                    config, holidays),
                }
            for name in names:
                result[name][case.id] = values[name]
        return result

    def check_inspection_decision(self):
        """The decision is signed by a position that issues inspection
        decisions, or a deputy with a written delegation (Decree 33/2022
        Art 4); the inspection starts on or after it and, when planned,
        within its 05 working days (Ordinance Art 19)"""
        pool = Pool()
        Configuration = pool.get('qltt.configuration')
        if not self.inspection_decision_date:
            return
        self.check_required(['inspection_decision_signer'],
            'qltt_cases.msg_case_required_to_inspect')
        signer = self.inspection_decision_signer
        authority = signer.sanction_authority
        if not (authority and authority.inspection_decision) and (
                not self.inspection_delegation):
            raise InspectionDecisionError(gettext(
                    'qltt_cases.msg_inspection_decision_signer',
                    case=self.rec_name, signer=signer.rec_name))
        start = self.inspection_date
        if not start:
            return  # refused by start_inspection itself
        if start < self.inspection_decision_date:
            raise InspectionDecisionError(gettext(
                    'qltt_cases.msg_inspection_before_decision',
                    case=self.rec_name,
                    date=self.inspection_decision_date.strftime('%d/%m/%Y')))
        end = self.compute_inspection_start_deadline(
            Configuration(1), deadline.get_holidays(
                self.inspection_decision_date, start))
        if start > end:
            raise InspectionDecisionError(gettext(
                    'qltt_cases.msg_inspection_start_late',
                    case=self.rec_name,
                    date=start.strftime('%d/%m/%Y'),
                    deadline=end.strftime('%d/%m/%Y')))

    # The checks run after the parent's button (access, transition and its
    # own checks); an error rolls everything back.

    @classmethod
    def start_inspection(cls, cases):
        super().start_inspection(cases)
        for case in cases:
            case.check_inspection_decision()

    @classmethod
    def copy(cls, cases, default=None):
        default = default.copy() if default is not None else {}
        default.setdefault('inspection_decision_date')
        default.setdefault('onsite_extended', False)
        return super().copy(cases, default=default)


class InspectionDecisionForm(FormReport):
    """The inspection decision printed from its case: whom and where it
    inspects, the start and on-site limits (Ordinance on Market Surveillance
    Art 19, 22), the inspection team and the signer (Decree 33/2022 Art 4;
    Circular 22/2021/TT-BCT form)"""
    __name__ = 'qltt_cases.form_inspection_decision'

    @classmethod
    def get_context(cls, records, header, data):
        pool = Pool()
        Configuration = pool.get('qltt.configuration')
        context = super().get_context(records, header, data)
        case = context['case']
        config = Configuration(1)
        context['signer'] = case.inspection_decision_signer if case else None
        context['planned'] = bool(case and case.source in PLANNED_SOURCES)
        context['onsite_days'] = (config.inspection_onsite_extended_days
            if case and case.onsite_extended
            else config.inspection_onsite_days)
        return context
