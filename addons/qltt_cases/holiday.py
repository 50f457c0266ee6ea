# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The calendar of days off that working-day periods skip.

- Labour Code 2019 Art 112(1): public holidays: 1 January; Tết, 5 days; Hùng
  Kings' day (10th day of the 3rd lunar month); 30 April; 1 May; 2
  September and one day before or after it.  The Prime Minister sets the
  days of Tết and of the day next to 2 September each year.
- Labour Code 2019 Art 111(3): a holiday on a weekly rest day gives a
  compensatory day off (nghỉ bù) on the next working day.
- Each year the Government announces, for civil servants, swaps of a
  working day with a Saturday (hoán đổi ngày làm việc): the day off is
  worked on that Saturday, which becomes a working day.

The days of 2022-2027 are shipped in holiday_vn.xml (tools/gen_holidays.py);
the administrator keeps them and enters the following years, warned each
December by check_next_year when next year has none.
"""
import datetime as dt
import re

from sql.functions import CurrentTimestamp

from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, Unique, fields
from trytond.pool import Pool, PoolMeta
from trytond.tools import file_open
from trytond.transaction import Transaction, without_check_access

from .deadline import WEEKEND, DaysOff
from .exceptions import HolidayValidationError

KINDS = [
    ('holiday', "Public Holiday"),
    ('compensatory', "Compensatory Day Off"),
    ('swapped', "Swapped Day Off"),
    ('working', "Swapped Working Day"),
    ]


class Holiday(ModelSQL, ModelView):
    __string__ = "Public Holiday"
    __name__ = 'qltt.holiday'
    date = fields.Date("Date", required=True)
    name = fields.Char("Name", required=True, translate=True)
    kind = fields.Selection(
        KINDS, "Kind", required=True,
        help="Public holidays, compensatory and swapped days off are not "
        "working days; a swapped working day is a Saturday or Sunday "
        "worked instead of a swapped day off.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints = [
            ('date_uniq', Unique(t, t.date), 'qltt_cases.msg_holiday_unique'),
            ]
        cls._order.insert(0, ('date', 'DESC'))

    @classmethod
    def __register__(cls, module):
        super().__register__(module)
        cls._adopt_shipped_days(module)

    @classmethod
    def _adopt_shipped_days(cls, module):
        """A day the administrator entered before holiday_vn.xml shipped it
        becomes the shipped record (kept as entered: noupdate), instead of a
        second record of the same date refused on update"""
        pool = Pool()
        ModelData = pool.get('ir.model.data')
        with file_open('qltt_cases/holiday_vn.xml') as file_:
            shipped = set(re.findall(
                    r'id="(holiday_\d{4}_\d{2}_\d{2})"', file_.read()))
        table = cls.__table__()
        data = ModelData.__table__()
        cursor = Transaction().connection.cursor()
        cursor.execute(*data.select(data.fs_id, data.db_id,
                where=(data.module == module)
                & (data.model == cls.__name__)))
        known_fs, known_db = set(), set()
        for fs_id, db_id in cursor:
            known_fs.add(fs_id)
            known_db.add(db_id)
        cursor.execute(*table.select(table.id, table.date))
        rows = []
        for id_, date in cursor.fetchall():
            if isinstance(date, str):
                date = dt.date.fromisoformat(date)
            fs_id = f'holiday_{date:%Y_%m_%d}'
            if (fs_id in shipped and fs_id not in known_fs
                    and id_ not in known_db):
                rows.append([0, CurrentTimestamp(), fs_id, cls.__name__,
                        module, id_, True])
        if rows:
            cursor.execute(*data.insert([data.create_uid, data.create_date,
                        data.fs_id, data.model, data.module, data.db_id,
                        data.noupdate], rows))

    @classmethod
    def default_kind(cls):
        return 'holiday'

    @classmethod
    def validate_fields(cls, holidays, field_names):
        super().validate_fields(holidays, field_names)
        if field_names and not (field_names & {'date', 'kind'}):
            return
        for holiday in holidays:
            if (holiday.kind == 'working'
                    and holiday.date.weekday() not in WEEKEND):
                raise HolidayValidationError(gettext(
                        'qltt_cases.msg_holiday_working_weekend',
                        date=holiday.date.strftime('%d/%m/%Y')))

    @classmethod
    def on_modification(cls, mode, holidays, field_names=None):
        pool = Pool()
        Case = pool.get('qltt.case')
        super().on_modification(mode, holidays, field_names=field_names)
        # deadlines of open cases move with the calendar
        with without_check_access():
            Case.update_legal_dates(Case.search([
                        ('state', 'in', ['draft', 'inspecting', 'recorded']),
                        ]))

    @classmethod
    def between(cls, start, end):
        "The DaysOff between start and end included"
        records = cls.search([
                ('date', '>=', start),
                ('date', '<=', end),
                ])
        return DaysOff(
            (h.date for h in records if h.kind != 'working'),
            (h.date for h in records if h.kind == 'working'))

    @classmethod
    def check_next_year(cls, date=None):
        """In December, notify the administrators when no day of next year
        is entered: every working-day deadline depends on them (run daily
        by a scheduled action; returns the notifications created)"""
        pool = Pool()
        Date = pool.get('ir.date')
        ModelData = pool.get('ir.model.data')
        Notification = pool.get('res.notification')
        User = pool.get('res.user')
        date = date or Date.today()
        if date.month != 12:
            return []
        year = date.year + 1
        with without_check_access():
            if cls.search([
                        ('date', '>=', dt.date(year, 1, 1)),
                        ('date', '<=', dt.date(year, 12, 31)),
                        ], limit=1):
                return []
            group = ModelData.get_id('qltt_cases', 'group_qltt_admin')
            action = ModelData.get_id('qltt_cases', 'act_holiday_form')
            users = User.search([('groups', '=', group)])
            notifications = []
            for user in users:
                with Transaction().set_context(language=user.language.code
                        if user.language else None):
                    label = gettext(
                        'qltt_cases.msg_holiday_next_year_missing',
                        year=year)
                    description = gettext(
                        'qltt_cases.msg_holiday_next_year_description',
                        year=year)
                # once per user and year
                if Notification.search([
                            ('user', '=', user.id),
                            ('label', '=', label),
                            ], limit=1):
                    continue
                notifications.append(Notification(
                        user=user, label=label, description=description,
                        icon='tryton-warning', action=action))
            Notification.save(notifications)
        return notifications


class Cron(metaclass=PoolMeta):
    __name__ = 'ir.cron'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.method.selection.append(
            ('qltt.holiday|check_next_year', "Check Next Year's Holidays"))
