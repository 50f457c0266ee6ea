# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The first screen of each role (issue #24).

Tryton opens a user's `actions` (res.user, "Actions that will be run at
login") when they log in.  Each group names its home action
(res.group.home_action, records in each module's home.xml); a user created
or given other groups gets the home action of their groups with the lowest
sequence (the leader's dashboard before the team's cases...), unless the
administrator chose other actions for that user by hand.
"""
from trytond.model import ModelSQL, ModelView, fields, sequence_ordered
from trytond.pool import Pool, PoolMeta
from trytond.transaction import Transaction


class GroupHomeAction(sequence_ordered(), ModelSQL, ModelView):
    "Group Home Action"
    __name__ = 'res.group.home_action'
    group = fields.Many2One(
        'res.group', "Group", required=True, ondelete='CASCADE')
    action = fields.Many2One(
        'ir.action', "Action", required=True, ondelete='CASCADE')


class Group(metaclass=PoolMeta):
    __name__ = 'res.group'
    home_actions = fields.One2Many(
        'res.group.home_action', 'group', "Home Actions",
        help="Opened at login for the users of the group "
        "(the first by sequence among the groups of a user).")


class User(metaclass=PoolMeta):
    __name__ = 'res.user'

    @classmethod
    def create(cls, vlist):
        users = super().create(vlist)
        cls.set_home_actions(users)
        return users

    @classmethod
    def write(cls, *args):
        super().write(*args)
        actions = iter(args)
        changed = []
        for users, values in zip(actions, actions):
            if 'groups' in values:
                changed.extend(users)
        if changed:
            cls.set_home_actions(cls.browse(changed))

    @classmethod
    def set_home_actions(cls, users):
        "Set the home action of users' groups, unless chosen by hand"
        pool = Pool()
        HomeAction = pool.get('res.group.home_action')
        with Transaction().set_context(_check_access=False):
            homes = HomeAction.search([])
        all_homes = {h.action.id for h in homes}
        to_write = []
        for user in users:
            current = [a.id for a in user.actions]
            if set(current) - all_homes:
                continue
            group_ids = {g.id for g in user.groups}
            home = [h.action.id for h in homes if h.group.id in group_ids]
            wanted = home[:1]
            if current != wanted:
                to_write.extend([[user], {'actions': [
                                ('remove', current), ('add', wanted)]}])
        if to_write:
            # actions only: this write does not come back here
            super().write(*to_write)
