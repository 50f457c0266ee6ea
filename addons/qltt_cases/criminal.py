# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Thresholds of criminal liability and the decision of a case that crosses
one.

Law on Handling Administrative Violations Art 62: when a case shows signs of
a crime, the file goes to the criminal investigators (forms MQĐ33 and MBB28,
Case.transfer).  The Penal Code 2015 as amended in 2017 sets, per crime, the
value or quantity of goods from which trading them is a crime (Art 188
smuggling, 190-191 prohibited goods, 192-195 counterfeit goods).  The
thresholds are records linked to the acts of the catalogue, so the
administrator follows a change of the Code; a case whose goods reach one is
flagged before its decision, and the sanction decision then needs an
explicit confirmation, with its reason, that the file is not sent to the
investigators (e.g. a prior conviction is lacking, or they declined it).
"""
from decimal import Decimal

from trytond.i18n import gettext
from trytond.model import (
    DeactivableMixin, ModelSQL, ModelView, Unique, fields)
from trytond.modules.company.model import employee_field
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Bool, Eval
from trytond.tools import cached_property
from trytond.transaction import Transaction

from .display import format_amount
from .exceptions import CriminalThresholdError
from .legal import CATEGORIES
from .value import ValueCheckMixin


class CriminalThreshold(
        ValueCheckMixin, DeactivableMixin, ModelSQL, ModelView):
    """Criminal Threshold

    The value (or, with qltt_warehouse, the quantity) of goods from which
    the acts linked are a crime of the Penal Code."""
    __string__ = "Criminal Threshold"
    __name__ = 'qltt.criminal.threshold'

    code = fields.Char("Code", required=True)
    name = fields.Char("Name", required=True, translate=True)
    penal_article = fields.Char(
        "Penal Code Article", required=True,
        help="Article, clause and point of the Penal Code 2015 (as amended "
        "in 2017), e.g. 190(1)(b).")
    category = fields.Selection(
        CATEGORIES, "Category", required=True,
        help="The category of the goods: seized goods of this category "
        "count, and acts of it when no act is listed.")
    legal_bases = fields.Many2Many(
        'qltt.criminal.threshold-qltt.legal.basis', 'threshold',
        'legal_basis', "Acts",
        help="The acts of the catalogue the threshold applies to; empty, "
        "every act of the category.")
    value = fields.Numeric(
        "Value From", digits=(16, 0),
        help="Value of the goods from which the threshold is crossed, "
        "included.")
    source = fields.Text("Source")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints = [
            ('code_uniq', Unique(t, t.code),
                'qltt_cases.msg_criminal_threshold_code_unique'),
            ]
        cls._order.insert(0, ('code', 'ASC'))

    def get_rec_name(self, name):
        return f'{self.penal_article} - {self.name}'

    @classmethod
    def search_rec_name(cls, name, clause):
        _, operator, value = clause
        bool_op = 'AND' if operator.startswith(('!', 'not ')) else 'OR'
        return [bool_op,
            ('code', operator, value),
            ('penal_article', operator, value),
            ('name', operator, value),
            ]

    @cached_property
    def legal_basis_ids(self):
        "The ids of the threshold's acts, read once per instance (a batch)"
        return {b.id for b in self.legal_bases}

    def applies_to(self, violation):
        "Whether the act of violation is one of the threshold"
        basis = violation.legal_basis
        if not basis:
            return False
        if self.legal_basis_ids:
            return basis.id in self.legal_basis_ids
        return basis.category == self.category

    def measure(self, case, violations):
        """The figures of case compared with the threshold, as
        [(kind, measured, threshold)] with kind 'value' or 'quantity'
        (qltt_warehouse adds the seized goods)"""
        figures = []
        if self.value is not None:
            value = sum((v.goods_value or 0 for v in violations), 0)
            figures.append(('value', value, self.value))
        return figures

    def crossed(self, case):
        """The figures of case that reach the threshold (an empty list when
        none does or no act of the case is the threshold's)"""
        violations = [v for v in case.violations if self.applies_to(v)]
        if not violations:
            return []
        return [(kind, measured, limit)
            for kind, measured, limit in self.measure(case, violations)
            if limit is not None and measured >= limit]


class CriminalThresholdLegalBasis(ModelSQL):
    __string__ = "Criminal Threshold - Act"
    __name__ = 'qltt.criminal.threshold-qltt.legal.basis'
    threshold = fields.Many2One(
        'qltt.criminal.threshold', "Threshold", required=True,
        ondelete='CASCADE')
    legal_basis = fields.Many2One(
        'qltt.legal.basis', "Act", required=True, ondelete='CASCADE')


class Case(metaclass=PoolMeta):
    __name__ = 'qltt.case'

    criminal_signs = fields.Function(
        fields.Text(
            "Signs of a Crime",
            help="The criminal thresholds the goods of the case reach "
            "(Penal Code; Law Art 62): consider sending the file to the "
            "investigators."),
        'get_criminal_signs')
    criminal_confirmed = fields.Boolean(
        "Decide Without Transfer",
        states={
            'readonly': ~Eval('state').in_(
                ['draft', 'inspecting', 'recorded']),
            'invisible': ~Eval('criminal_signs') & ~Eval(
                'criminal_confirmed'),
            },
        help="The team considered the signs of a crime and the case is "
        "sanctioned here: the reason is required.")
    criminal_reason = fields.Text(
        "Reason Not to Transfer",
        states={
            'readonly': ~Eval('state').in_(
                ['draft', 'inspecting', 'recorded']),
            'invisible': ~Eval('criminal_confirmed'),
            'required': Bool(Eval('criminal_confirmed')),
            })
    criminal_signs_decided = fields.Text(
        "Signs of a Crime at the Decision", readonly=True,
        states={'invisible': ~Eval('criminal_signs_decided')})
    criminal_confirmed_by = employee_field(
        "Decided Without Transfer By", states=['decided', 'done'])

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._workflow_owned_fields |= {
            'criminal_signs_decided', 'criminal_confirmed_by'}

    @staticmethod
    def default_criminal_confirmed():
        return False

    def crossed_thresholds(self, thresholds=None):
        """[(threshold, figures)] of the active thresholds the case reaches;
        thresholds: those searched once for a batch of cases"""
        pool = Pool()
        Threshold = pool.get('qltt.criminal.threshold')
        if not self.violations:
            return []
        if thresholds is None:
            thresholds = Threshold.search([])
        result = []
        for threshold in thresholds:
            figures = threshold.crossed(self)
            if figures:
                result.append((threshold, figures))
        return result

    @staticmethod
    def _format_sign(threshold, figures):
        parts = []
        for kind, measured, limit in figures:
            if kind == 'value':
                parts.append(gettext('qltt_cases.msg_criminal_sign_value',
                        measured=format_amount(measured),
                        limit=format_amount(limit)))
            else:
                unit = getattr(threshold, 'unit', None)
                parts.append(gettext(
                        'qltt_cases.msg_criminal_sign_quantity',
                        measured=format_amount(Decimal(str(measured))),
                        limit=format_amount(Decimal(str(limit))),
                        unit=unit.symbol if unit else ''))
        return gettext('qltt_cases.msg_criminal_sign',
            article=threshold.penal_article, name=threshold.name,
            figures='; '.join(parts))

    def get_criminal_signs(self, name, thresholds=None):
        signs = [self._format_sign(t, f)
            for t, f in self.crossed_thresholds(thresholds)]
        return '\n'.join(signs) or None

    def check_criminal_thresholds(self, thresholds=None):
        """A case whose goods reach a criminal threshold is decided here
        only when the team confirmed it with a reason (Law Art 62)"""
        signs = self.get_criminal_signs(None, thresholds)
        if not signs:
            return None
        if not self.criminal_confirmed or not (
                self.criminal_reason or '').strip():
            raise CriminalThresholdError(gettext(
                    'qltt_cases.msg_case_criminal_signs',
                    case=self.rec_name, signs=signs))
        return signs

    @classmethod
    def _criminal_employee(cls):
        pool = Pool()
        User = pool.get('res.user')
        user_id = Transaction().user
        if not user_id:
            return None
        user = User(user_id)
        return user.employee.id if user.employee else None

    @classmethod
    def _check_and_stamp(cls, cases):
        pool = Pool()
        Threshold = pool.get('qltt.criminal.threshold')
        employee = cls._criminal_employee()
        # read once for the batch, not once per case
        thresholds = Threshold.search([])
        to_write = []
        for case in cases:
            signs = case.check_criminal_thresholds(thresholds)
            if signs:
                to_write.extend(([case], {
                            'criminal_signs_decided': signs,
                            'criminal_confirmed_by': employee,
                            }))
        return to_write

    @classmethod
    def _stamp_then(cls, cases, lock, decide):
        """Take the locks of the decision (lock) before the stamps are
        written, write the stamps (a decided case is frozen), then decide
        with the locks held"""
        lock(cases)
        with Transaction().set_context(_qltt_decision_locked=True):
            to_write = cls._check_and_stamp(cases)
            if to_write:
                cls.write(*to_write)
            decide(cases)

    @classmethod
    @ModelView.button
    def decide(cls, cases):
        cls._stamp_then(cases, cls.lock_decision, super().decide)

    @classmethod
    @ModelView.button
    def decide_confiscation(cls, cases):
        cls._stamp_then(
            cases, cls.lock_confiscation, super().decide_confiscation)

    @classmethod
    def copy(cls, cases, default=None):
        default = default.copy() if default is not None else {}
        default.setdefault('criminal_confirmed', False)
        default.setdefault('criminal_reason')
        return super().copy(cases, default=default)
