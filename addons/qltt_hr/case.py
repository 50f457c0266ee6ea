# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Only officers with a valid inspector card act on a case (Ordinance on
Market Surveillance Art 21)."""
from trytond.pool import Pool, PoolMeta

OPEN_STATES = {'draft', 'inspecting'}


class Case(metaclass=PoolMeta):
    __name__ = 'qltt.case'

    @classmethod
    def validate_fields(cls, cases, field_names):
        super().validate_fields(cases, field_names)
        cls.check_inspector_cards(cases, field_names)

    @classmethod
    def check_inspector_cards(cls, cases, field_names=None):
        """The inspectors of an open case hold a card valid on the day of
        the inspection (today until it is set)"""
        pool = Pool()
        Date = pool.get('ir.date')
        if field_names and not (
                field_names & {'inspectors', 'inspection_date'}):
            return
        today = Date.today()
        for case in cases:
            if case.state not in OPEN_STATES:
                continue
            for inspector in case.inspectors:
                inspector.check_card(case.inspection_date or today, case)

    # The checks run after the parent's button (access, transition and its
    # own checks); an error rolls everything back.

    @classmethod
    def start_inspection(cls, cases):
        super().start_inspection(cases)
        cls.check_inspector_cards(cases)

    @classmethod
    def check_signer_cards(cls, cases):
        """The signer of each decision holds a card valid on its date; the
        card of a signer is checked once per date in a batch"""
        checked = set()
        for case in cases:
            key = (case.decision_signer.id, case.decision_date)
            if key not in checked:
                case.decision_signer.check_card(case.decision_date, case)
                checked.add(key)

    @classmethod
    def decide(cls, cases):
        "The signer of the decision holds a card valid on its date"
        super().decide(cases)
        cls.check_signer_cards(cases)

    @classmethod
    def decide_confiscation(cls, cases):
        "The signer of the confiscation decision too"
        super().decide_confiscation(cases)
        cls.check_signer_cards(cases)
