# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The first screen of each role (issue #24, qltt_cases/home.py).

A new user of a group gets the group's home action (res.user `actions`,
opened by the client at login); changing the groups changes it, unless the
administrator chose the user's actions by hand.
"""
import unittest

from trytond.pool import Pool
from trytond.tests.test_tryton import (
    activate_module, drop_db, with_transaction)
from trytond.transaction import Transaction

MODULES = ['qltt_cases', 'qltt_finance', 'qltt_hr', 'qltt_office',
    'qltt_warehouse']
# group -> its home action (module.xml_id)
HOMES = {
    'qltt_cases.group_qltt_inspector': 'qltt_cases.act_case_form',
    'qltt_cases.group_qltt_team_leader': 'qltt_cases.act_case_form',
    'qltt_cases.group_qltt_leader': 'qltt_finance.act_dashboard',
    'qltt_warehouse.group_qltt_warehouse_keeper':
        'qltt_warehouse.act_seizure_form',
    'qltt_finance.group_qltt_accountant': 'qltt_finance.act_fine_form',
    'qltt_hr.group_hr_officer': 'qltt_hr.act_staff_form',
    'qltt_office.group_qltt_clerk': 'qltt_office.act_incoming_form',
    }


class HomeActionTestCase(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        drop_db()
        activate_module(MODULES)

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        drop_db()

    def ref(self, xml_id):
        pool = Pool()
        ModelData = pool.get('ir.model.data')
        module, name = xml_id.split('.')
        return ModelData.get_id(module, name)

    def action(self, xml_id):
        "The ir.action id of an act_window"
        pool = Pool()
        Action = pool.get('ir.action')
        return Action.get_action_id(self.ref(xml_id))

    @with_transaction()
    def test_new_user_of_each_group(self):
        "A user created in a group lands on the group's work"
        pool = Pool()
        User = pool.get('res.user')
        for group, action in HOMES.items():
            with self.subTest(group=group):
                user, = User.create([{
                            'name': group, 'login': group.split('.')[1],
                            'groups': [('add', [self.ref(group)])],
                            }])
                self.assertEqual(
                    [a.id for a in user.actions], [self.action(action)])
                # what the client runs at login
                with Transaction().set_user(user.id):
                    preferences = User.get_preferences()
                self.assertEqual(
                    preferences['actions'], [self.action(action)])

    @with_transaction()
    def test_groups_change(self):
        """A user given another group gets its home action; the leader's
        dashboard comes before the team's cases; without groups, none"""
        pool = Pool()
        User = pool.get('res.user')
        user, = User.create([{'name': "Officer", 'login': 'officer'}])
        self.assertEqual(list(user.actions), [])
        User.write([user], {'groups': [
                    ('add', [self.ref('qltt_cases.group_qltt_inspector')])]})
        self.assertEqual([a.id for a in user.actions],
            [self.action('qltt_cases.act_case_form')])
        User.write([user], {'groups': [
                    ('add', [self.ref('qltt_cases.group_qltt_leader')])]})
        self.assertEqual([a.id for a in user.actions],
            [self.action('qltt_finance.act_dashboard')])
        User.write([user], {'groups': [('remove', [
                            self.ref('qltt_cases.group_qltt_inspector'),
                            self.ref('qltt_cases.group_qltt_leader')])]})
        self.assertEqual(list(user.actions), [])

    @with_transaction()
    def test_chosen_by_hand_kept(self):
        "Actions the administrator chose for a user are left alone"
        pool = Pool()
        User = pool.get('res.user')
        statistics = self.action('qltt_cases.act_statistics')
        user, = User.create([{'name': "Officer", 'login': 'officer2',
                    'actions': [('add', [statistics])]}])
        self.assertEqual([a.id for a in user.actions], [statistics])
        User.write([user], {'groups': [('add', [
                            self.ref('qltt_finance.group_qltt_accountant')])]})
        self.assertEqual([a.id for a in user.actions], [statistics])
