# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Emulation campaigns (phong trào thi đua) and the registrations of
officers and teams with the title they aim for (Law 06/2022 Art 7, 12;
Bắc Ninh Decision 86/2025 Art 6-7: year-end dossiers by 10 December)."""
from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, Unique, fields
from trytond.modules.qltt_cases.value import ValueCheckMixin
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.transaction import Transaction

from .exceptions import HRValidationError
from .rating import RATINGS, RecipientMixin


class Campaign(ValueCheckMixin, ModelSQL, ModelView):
    __string__ = "Emulation Campaign"
    __name__ = 'qltt.emulation.campaign'
    name = fields.Char("Name", required=True)
    company = fields.Many2One('company.company', "Company", required=True)
    year = fields.Integer("Year", required=True)
    kind = fields.Selection([
            ('yearly', "Yearly"),
            ('thematic', "Thematic"),
            ], "Kind", required=True,
        help="The yearly campaign ends with the year-end titles; a thematic "
        "one with awards 10 days before its event (Decision 86/2025 Art 7).")
    start_date = fields.Date("Start Date")
    end_date = fields.Date("End Date")
    description = fields.Text("Description")
    registrations = fields.One2Many(
        'qltt.emulation.registration', 'campaign', "Registrations")
    commendations = fields.One2Many(
        'qltt.commendation', 'campaign', "Commendations", readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('year', 'DESC'), ('id', 'DESC')]
        cls._buttons.update({
                'make_proposals': {
                    'invisible': ~Eval('registrations', []),
                    'depends': ['registrations'],
                    },
                })

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @classmethod
    def default_year(cls):
        return Pool().get('ir.date').today().year

    @classmethod
    def default_kind(cls):
        return 'yearly'

    @classmethod
    def validate_fields(cls, campaigns, field_names):
        super().validate_fields(campaigns, field_names)
        for campaign in campaigns:
            if (campaign.start_date and campaign.end_date
                    and campaign.end_date < campaign.start_date):
                raise HRValidationError(gettext(
                        'qltt_hr.msg_campaign_dates',
                        campaign=campaign.rec_name))

    @classmethod
    @ModelView.button
    def make_proposals(cls, campaigns):
        """Draft commendation proposals for the registrations that have
        none yet"""
        pool = Pool()
        Commendation = pool.get('qltt.commendation')
        proposals = []
        for campaign in campaigns:
            for registration in campaign.registrations:
                if registration.commendations:
                    continue
                proposals.append(Commendation(
                        company=campaign.company,
                        year=campaign.year,
                        campaign=campaign,
                        registration=registration,
                        title=registration.title,
                        kind=registration.kind,
                        employee=registration.employee,
                        team=registration.team))
        Commendation.save(proposals)


class Registration(ValueCheckMixin, RecipientMixin, ModelSQL, ModelView):
    __string__ = "Emulation Registration"
    __name__ = 'qltt.emulation.registration'
    campaign = fields.Many2One(
        'qltt.emulation.campaign', "Campaign", required=True,
        ondelete='CASCADE',
        domain=[('company', '=', Eval('company', -1))])
    title = fields.Many2One(
        'qltt.commendation.title', "Title", required=True,
        domain=[('kind', '=', Eval('kind'))],
        help="The title the officer or team aims for.")
    date = fields.Date("Date", required=True)
    rating = fields.Function(
        fields.Selection([(None, "")] + RATINGS, "Task Rating"),
        'get_rating')
    commendations = fields.One2Many(
        'qltt.commendation', 'registration', "Proposals", readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints = [
            ('employee_uniq', Unique(t, t.campaign, t.employee),
                'qltt_hr.msg_registration_unique'),
            ('team_uniq', Unique(t, t.campaign, t.team),
                'qltt_hr.msg_registration_unique'),
            ]

    @classmethod
    def default_date(cls):
        return Pool().get('ir.date').today()

    @fields.depends('campaign', '_parent_campaign.company')
    def on_change_campaign(self):
        if self.campaign:
            self.company = self.campaign.company

    def get_rec_name(self, name):
        return f'{self.recipient.rec_name} - {self.title.rec_name}'

    def get_rating(self, name):
        pool = Pool()
        Rating = pool.get('qltt.hr.rating')
        rating = Rating.get_rating(self.recipient, self.campaign.year)
        return rating.rating if rating else None
