# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from trytond.model import fields
from trytond.pool import PoolMeta


class Team(metaclass=PoolMeta):
    __name__ = 'qltt.team'
    work = fields.One2Many(
        'qltt.hr.work.team', 'team', "Work Done", readonly=True)
    ratings = fields.One2Many(
        'qltt.hr.rating', 'team', "Task Ratings", readonly=True)
    commendations = fields.One2Many(
        'qltt.commendation', 'team', "Commendations", readonly=True)
