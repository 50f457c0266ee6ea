# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The offenders of a case, each sanctioned for their own acts.

One case may have several violators (đối tượng vi phạm).  The Law on Handling
Administrative Violations Art 67 (as amended by Law 67/2020/QH14) lets the
official make one sanction decision for them, stating the sanction of each
violator for each act separately (Decree 118/2021 form MQĐ02); each is fined
for their own acts, within the bracket of their kind (an organisation pays
twice an individual, Decree 98/2020 Art 4(4)), may explain when their own
brackets reach the threshold (Law Art 61(1)), and owes their own fine
(qltt_finance: one receivable per offender).

Databases made before offenders had their own table kept one party and its
kind on the case: `Offender.__register__` turns each such case into one
offender owning all the case's acts.
"""
from decimal import Decimal

from sql import Null
from sql.aggregate import Min

from trytond.i18n import gettext
from trytond.model import (
    Index, ModelSQL, ModelView, Unique, fields, sequence_ordered)
from trytond.model.exceptions import AccessError
from trytond.pool import Pool
from trytond.pyson import Bool, Eval
from trytond.transaction import Transaction

from .case import CLOSED_STATES
from .display import format_amount
from .exceptions import CaseValidationError
from .legal import OFFENDER_KINDS, offender_multiplier
from .stored_sums import ParentSumsMixin
from .value import ValueCheckMixin


# an offender added without a sequence comes after the others: the first
# offender of a case stays the first
class Offender(
        ValueCheckMixin, ParentSumsMixin,
        sequence_ordered(order='ASC NULLS LAST'), ModelSQL, ModelView):
    __string__ = "Case Offender"
    __name__ = 'qltt.case.offender'
    _parent_sums = ('case', 'qltt.case', 'update_acts_amounts')
    _history = True
    _states = {
        'readonly': ~Eval('case_state', 'draft').in_(
            ['draft', 'inspecting', 'recorded']),
        }

    case = fields.Many2One(
        'qltt.case', "Case", required=True, ondelete='CASCADE',
        states=_states)
    case_state = fields.Function(
        fields.Selection('get_case_states', "Case State"),
        'on_change_with_case_state')
    company = fields.Function(
        fields.Many2One('company.company', "Company"),
        'on_change_with_company')
    party = fields.Many2One(
        'party.party', "Offender", required=True, states=_states,
        ondelete='RESTRICT',
        context={'company': Eval('company', -1)}, depends={'company'})
    kind = fields.Selection(
        OFFENDER_KINDS, "Offender Kind", required=True, states=_states,
        help="An organisation is fined twice the individual amount "
        "(Decree 98/2020 Art 4(4)).")
    violations = fields.One2Many(
        'qltt.case.violation', 'offender', "Acts", readonly=True,
        help="The acts of this offender, entered on the case.")
    fine_total = fields.Function(
        fields.Numeric("Fine", digits=(16, 0)), 'get_amounts')
    goods_value = fields.Function(
        fields.Numeric("Value of Goods", digits=(16, 0)), 'get_amounts')
    explanation_right = fields.Function(
        fields.Boolean("Right to Explain"), 'get_explanation_right')
    del _states

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('case')
        t = cls.__table__()
        cls._sql_constraints = [
            ('case_party_uniq', Unique(t, t.case, t.party),
                'qltt_cases.msg_offender_party_unique'),
            ]
        cls._sql_indexes.add(Index(t, (t.case, Index.Range())))

    @classmethod
    def __register__(cls, module):
        pool = Pool()
        Case = pool.get('qltt.case')
        super().__register__(module)
        case_h = Case.__table_handler__(module)
        # Migration from one offender per case: its party and kind were
        # columns of the case
        if case_h.column_exist('offender_kind'):
            cls._migrate_case_offender(module)
            Case.update_acts_amounts(None)
            case_h.drop_column('offender')
            case_h.drop_column('offender_kind')

    @classmethod
    def _migrate_case_offender(cls, module):
        """One offender per case that had a party, owning the case's acts;
        dated as the case so that the history reads them at its dates"""
        pool = Pool()
        Case = pool.get('qltt.case')
        Violation = pool.get('qltt.case.violation')
        cursor = Transaction().connection.cursor()
        case = Case.__table__()
        offender = cls.__table__()
        violation = Violation.__table__()
        # no sequence: ordered by id, like those added later
        columns = [offender.create_date, offender.create_uid,
            offender.case, offender.party, offender.kind]
        cursor.execute(*offender.insert(columns, case.select(
                    case.create_date, case.create_uid, case.id,
                    case.offender, case.offender_kind,
                    where=(case.offender != Null)
                    & ~case.id.in_(offender.select(offender.case)))))
        if cls._history:
            history = cls.__table_history__()
            cursor.execute(*history.insert(
                    [history.id] + [
                        getattr(history, c.name) for c in columns],
                    offender.select(offender.id, *columns,
                        where=~offender.id.in_(history.select(history.id)))))
        cursor.execute(*violation.update(
                [violation.offender],
                [offender.select(Min(offender.id),
                        where=offender.case == violation.case)],
                where=violation.offender == Null))

    @classmethod
    def get_case_states(cls):
        pool = Pool()
        Case = pool.get('qltt.case')
        return Case.fields_get(['state'])['state']['selection']

    @fields.depends('case', '_parent_case.state')
    def on_change_with_case_state(self, name=None):
        return self.case.state if self.case else None

    @fields.depends('case', '_parent_case.company')
    def on_change_with_company(self, name=None):
        return self.case.company if self.case and self.case.company else None

    @staticmethod
    def default_kind():
        return 'individual'

    def get_rec_name(self, name):
        return self.party.rec_name if self.party else str(self.id)

    @classmethod
    def search_rec_name(cls, name, clause):
        return [('party.rec_name',) + tuple(clause[1:])]

    @classmethod
    def get_amounts(cls, offenders, names):
        "Sums of the fines and goods values of each offender's acts"
        columns = {'fine_total': 'fine', 'goods_value': 'goods_value'}
        result = {n: {} for n in names}
        for offender in offenders:
            for name in names:
                result[name][offender.id] = sum(
                    (getattr(v, columns[name]) or Decimal(0)
                        for v in offender.violations), Decimal(0))
        return result

    @property
    def bracket_top(self):
        "Highest top of the fine brackets of this offender's acts"
        return max(
            (v.fine_max for v in self.violations if v.fine_max is not None),
            default=Decimal(0))

    def get_explanation_right(self, name):
        """The offender may explain when the top of a bracket of their acts
        reaches 15M for an individual or 30M for an organisation (Law Art
        61(1))"""
        pool = Pool()
        Configuration = pool.get('qltt.configuration')
        threshold = Configuration(1).explanation_threshold * (
            offender_multiplier(self.kind))
        return self.bracket_top >= threshold

    def check_acts(self):
        "Each offender named in a decision is sanctioned for their own acts"
        if not self.violations:
            raise CaseValidationError(gettext(
                    'qltt_cases.msg_offender_no_act',
                    case=self.case.rec_name, offender=self.rec_name))

    def check_without_minutes(self, limit):
        """Without minutes only a warning or a fine up to 250,000 VND
        (individual) / 500,000 VND (organisation) per violator (Law Art
        56(1))"""
        limit *= offender_multiplier(self.kind)
        if self.fine_total > limit:
            raise CaseValidationError(gettext(
                    'qltt_cases.msg_case_without_minutes_limit',
                    case=(f'{self.case.rec_name} ({self.rec_name})'
                        if len(self.case.offenders) > 1
                        else self.case.rec_name),
                    fine=format_amount(self.fine_total),
                    limit=format_amount(limit)))

    @classmethod
    def check_modification(
            cls, mode, offenders, values=None, external=False):
        super().check_modification(
            mode, offenders, values=values, external=external)
        for offender in offenders:
            if offender.case.state in CLOSED_STATES:
                raise AccessError(gettext(
                        'qltt_cases.msg_case_modify_closed',
                        case=offender.case.rec_name))

    @classmethod
    def copy(cls, offenders, default=None):
        default = default.copy() if default is not None else {}
        # the acts are copied with their case (Case.copy)
        default.setdefault('violations')
        return super().copy(offenders, default=default)

    @classmethod
    def on_modification(cls, mode, offenders, field_names=None):
        pool = Pool()
        Case = pool.get('qltt.case')
        super().on_modification(mode, offenders, field_names=field_names)
        if mode == 'create' or (field_names and 'case' in field_names):
            Case.update_acts_amounts({o.case.id for o in offenders})
        if mode == 'create' or (field_names and 'kind' in field_names):
            # the acts' brackets follow the kind; lone acts find their owner
            Case.assign_offenders(Case.browse({o.case.id for o in offenders}))


class CaseOffenderMixin:
    """A record of a case about one of its offenders: each offender of a
    decision is sanctioned for their own acts (Law Art 67), explains them
    (Art 61) and receives the decision (Art 70).  Required when the case
    has several offenders, the only one by default."""
    __slots__ = ()
    offender = fields.Many2One(
        'qltt.case.offender', "Offender", ondelete='RESTRICT',
        domain=[('case', '=', Eval('case', -1))],
        states={
            'readonly': Eval('state') != 'draft',
            'required': Bool(Eval('several_offenders')),
            })
    several_offenders = fields.Function(
        fields.Boolean("Several Offenders"),
        'on_change_with_several_offenders')

    @classmethod
    def __register__(cls, module):
        pool = Pool()
        Offender = pool.get('qltt.case.offender')
        cursor = Transaction().connection.cursor()
        super().__register__(module)
        # Migration from records of the whole case: they were about its
        # first offender (the only one, mostly)
        table = cls.__table__()
        offender = Offender.__table__()
        cursor.execute(*table.update(
                [table.offender],
                [offender.select(Min(offender.id),
                        where=offender.case == table.case)],
                where=table.offender == Null))

    @fields.depends('case', '_parent_case.offenders')
    def on_change_with_several_offenders(self, name=None):
        return bool(self.case and len(self.case.offenders) > 1)

    @fields.depends('case', 'offender', '_parent_case.offenders')
    def on_change_case(self):
        "The only offender of the case is the one concerned"
        if self.case and len(self.case.offenders) == 1:
            self.offender, = self.case.offenders
        elif self.offender and self.offender.case != self.case:
            self.offender = None

    @property
    def offender_name(self):
        return self.offender.party.rec_name if self.offender else ''

    def offender_rec_name(self, name):
        "name followed by the offender's when the case has several"
        if self.offender and len(self.case.offenders) > 1:
            return f'{name} - {self.offender.party.rec_name}'
        return name

    def check_offender(self, error):
        """The record is about one offender of its case, the only one by
        default (Law Art 67)"""
        offenders = self.case.offenders
        if not self.offender and len(offenders) == 1:
            self.offender, = offenders
        if self.offender and self.offender.case != self.case:
            raise error(gettext(
                    'qltt_cases.msg_case_offender_other',
                    record=self.rec_name,
                    offender=self.offender.party.rec_name,
                    case=self.case.rec_name))
        if not self.offender and offenders:
            raise error(gettext(
                    'qltt_cases.msg_case_offender_required',
                    record=self.rec_name))
