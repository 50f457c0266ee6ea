# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Seized goods nobody claims: the offender is unknown or does not come.

The official gives notice twice before the goods may be confiscated (Law on
Handling Administrative Violations Art 126): a second notice once the first
one's period has run, and confiscation once the second one's period has run;
the periods are working days kept in the configuration (3 then 7 by
default), counted with the holiday calendar.
"""
from trytond.i18n import gettext
from trytond.model import ModelView, fields
from trytond.modules.company.model import employee_field, set_employee
from trytond.modules.qltt_cases import deadline
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval

from .exceptions import ConfiscationError, SeizureError

FIRST_DAYS, SECOND_DAYS = 3, 7


class Configuration(metaclass=PoolMeta):
    __name__ = 'qltt.configuration'
    unclaimed_first_days = fields.Integer(
        "Period of the First Notice of Unclaimed Goods (working days)",
        domain=['OR', ('unclaimed_first_days', '=', None),
            ('unclaimed_first_days', '>', 0)],
        help="After it the second notice is given (Law Art 126).")
    unclaimed_second_days = fields.Integer(
        "Period of the Second Notice of Unclaimed Goods (working days)",
        domain=['OR', ('unclaimed_second_days', '=', None),
            ('unclaimed_second_days', '>', 0)],
        help="After it the unclaimed goods may be confiscated (Law Art 126).")

    @classmethod
    def default_unclaimed_first_days(cls):
        return FIRST_DAYS

    @classmethod
    def default_unclaimed_second_days(cls):
        return SECOND_DAYS


class Seizure(metaclass=PoolMeta):
    __name__ = 'qltt.seizure'
    unclaimed = fields.Boolean(
        "Unclaimed", states={
            'readonly': ~Eval('state').in_(['draft', 'held']),
            },
        help="The offender is unknown or does not come for the goods: they "
        "are confiscated only after two notices (Law Art 126).")
    first_notice_date = fields.Date(
        "First Notice", readonly=True, states={
            'invisible': ~Eval('unclaimed'),
            })
    second_notice_date = fields.Date(
        "Second Notice", readonly=True, states={
            'invisible': ~Eval('unclaimed'),
            })
    claim_deadline = fields.Date(
        "Claim Deadline", readonly=True, states={
            'invisible': ~Eval('unclaimed'),
            },
        help="Last day of the second notice: the goods may be confiscated "
        "after it.")
    notified_by = employee_field(
        "Notified By", states=['held', 'closed', 'cancelled'])

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._workflow_owned_fields |= {
            'first_notice_date', 'second_notice_date', 'claim_deadline',
            'notified_by'}
        cls._buttons.update({
                'notify_unclaimed': {
                    'invisible': ((Eval('state') != 'held')
                        | ~Eval('unclaimed')
                        | Eval('claim_deadline')),
                    'depends': ['state', 'unclaimed', 'claim_deadline'],
                    },
                })

    @staticmethod
    def default_unclaimed():
        return False

    @classmethod
    def copy(cls, seizures, default=None):
        default = default.copy() if default is not None else {}
        for name in ['first_notice_date', 'second_notice_date',
                'claim_deadline', 'notified_by']:
            default.setdefault(name)
        return super().copy(seizures, default=default)

    @classmethod
    @ModelView.button
    @set_employee('notified_by')
    def notify_unclaimed(cls, seizures):
        """Record a notice given today: the first, or the second once the
        first one's period has run"""
        pool = Pool()
        Date = pool.get('ir.date')
        Configuration = pool.get('qltt.configuration')
        config = Configuration(1)
        first_days = config.unclaimed_first_days or FIRST_DAYS
        second_days = config.unclaimed_second_days or SECOND_DAYS
        today = Date.today()
        holidays = deadline.get_holidays(today, today.replace(
                year=today.year + 1))
        to_write = []
        for seizure in seizures:
            if seizure.state != 'held' or not seizure.unclaimed:
                raise SeizureError(gettext(
                        'qltt_warehouse.msg_seizure_not_unclaimed',
                        seizure=seizure.rec_name))
            if not seizure.first_notice_date:
                to_write.extend(([seizure], {'first_notice_date': today}))
                continue
            due = deadline.add_working_days(
                seizure.first_notice_date, first_days, holidays)
            if today <= due:
                raise SeizureError(gettext(
                        'qltt_warehouse.msg_seizure_second_notice_early',
                        seizure=seizure.rec_name,
                        date=due.strftime('%d/%m/%Y')))
            to_write.extend(([seizure], {
                        'second_notice_date': today,
                        'claim_deadline': deadline.add_working_days(
                            today, second_days, holidays),
                        }))
        if to_write:
            cls.write(*to_write)


class Case(metaclass=PoolMeta):
    __name__ = 'qltt.case'

    def check_measures(self):
        "Unclaimed goods are confiscated only after the two notices"
        super().check_measures()
        for measure in self.measures:
            if measure.kind != 'sanction_confiscation':
                continue
            for goods in measure.goods:
                seizure = goods.seizure_line.seizure
                if seizure.unclaimed and not (seizure.claim_deadline
                        and self.decision_date > seizure.claim_deadline):
                    raise ConfiscationError(gettext(
                            'qltt_warehouse.msg_unclaimed_too_early',
                            case=self.rec_name, seizure=seizure.rec_name,
                            date=seizure.claim_deadline.strftime('%d/%m/%Y')
                            if seizure.claim_deadline else '-'))
