# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Access checks that Tryton leaves to the caller (issue #17).

Tryton applies a model's record rules to the records searched and read, but
not to what other calls reveal.  Two mixins, put by tryton.cfg
[register_mixin] on every model of the pool (the upstream ones too), close
the other paths when a user calls over RPC (check_access):

- RecordAccessMixin (ModelSQL):
  * search: a domain or order that goes through a relation into a model
    with record rules gets the rules of that model (Tryton converts nested
    domains without them); a path through a ruled model in an order is
    refused; offset and limit must fit a 64-bit integer;
  * search and export refuse the secret fields (SECRET_FIELDS);
  * copy reads the originals with the user's rules first;
  * write and delete check the record rules before anything else answers,
    so that a refusal of the project (a decided case...) never names a
    record the user cannot read;
  * create and write link only to records the user can read.
- OnChangeAccessMixin (ModelView): on_change and on_change_with read the
  related records sent by the client with the user's rules first.

And res.user: the password reset is refused while the server sends no
e-mail, its password fields are never read, searched or sorted on over
RPC, a user picks only their own employee; ir.attachment: a size limit.
"""
from collections import defaultdict

from trytond.config import config
from trytond.i18n import gettext
from trytond.model import ModelSingleton, ModelStorage, dualmethod, fields
from trytond.model.exceptions import AccessError
from trytond.model.modelstorage import is_leaf
from trytond.model.modelview import on_change
from trytond.exceptions import UserError
from trytond.pool import Pool, PoolMeta
from trytond.transaction import Transaction

# OFFSET and LIMIT are 64-bit integers on PostgreSQL and SQLite
MAX_WINDOW = 2**63 - 1
# 20 MiB: scans of minutes and photos of goods; bigger files go by disk
ATTACHMENT_MAX_SIZE = 20 * 2**20
# read as None, never searched nor sorted on over RPC: a reset token read
# is the account, a search on the hash an oracle for it
SECRET_FIELDS = {
    'res.user': {'password_hash', 'password_reset', 'password_reset_expire'},
    }
NESTED_OPERATORS = {'where', 'not where'}
TREE_OPERATORS = {'child_of', 'not child_of', 'parent_of', 'not parent_of'}


def _checked():
    "True when the call comes from a user over RPC"
    transaction = Transaction()
    return bool(transaction.user and transaction.check_access)


def _target(field, leaf=None):
    "The model a relational field points to (a Reference: the leaf's)"
    pool = Pool()
    if isinstance(field, fields.Function):
        field = field._field
    if isinstance(field, fields.Reference):
        if leaf is not None and len(leaf) > 3:
            return pool.get(leaf[3])
        return None
    if hasattr(field, 'get_target'):
        return field.get_target()


def _rules(Model):
    pool = Pool()
    Rule = pool.get('ir.rule')
    return Rule.domain_get(Model.__name__, mode='read')


def _negative(operator):
    return operator.startswith('!') or operator.startswith('not ')


def related_rules(Model, domain):
    """domain where every path into a model with record rules keeps only
    the records of that model the user may read"""
    if is_leaf(domain):
        return _related_leaf(Model, domain)
    if not domain:
        return domain
    if isinstance(domain[0], str) and domain[0] in {'AND', 'OR'}:
        return [domain[0]] + [related_rules(Model, d) for d in domain[1:]]
    return [related_rules(Model, d) for d in domain]


def _related_leaf(Model, leaf):
    name, operator, value = leaf[:3]
    fname, _, rest = name.partition('.')
    _check_secret(Model, fname)
    field = Model._fields.get(fname)
    Target = _target(field, leaf) if field is not None else None
    if Target is None or operator in TREE_OPERATORS:
        return leaf
    if isinstance(field, fields.Function):
        if field.searcher and (rest or operator in NESTED_OPERATORS
                or _has_text(value)):
            # what the searcher makes of it, ruled in turn
            return related_rules(Model,
                getattr(Model, field.searcher)(fname, tuple(leaf)))
        return leaf
    if isinstance(field, fields.Reference):
        return _related_reference(leaf, fname, rest, Target)
    many = field._type in {'one2many', 'many2many'}
    if operator in NESTED_OPERATORS:
        original = value
    elif rest or _has_text(value):
        # as Tryton converts it: the rest of the path, or the record name
        original = [(rest or 'rec_name', operator, value, *leaf[4:])]
    elif many and value is None and operator in {'=', '!='}:
        # with or without targets: the targets the user may read
        rules = _rules(Target)
        if not rules:
            return leaf
        return (fname, 'where' if operator == '!=' else 'not where', rules)
    elif many:
        # the ids of the targets: those the user may read
        original = [('id', operator, value)]
    else:
        # the record's own foreign key: nothing of the target is compared
        return leaf
    nested = related_rules(Target, original)
    rules = _rules(Target)
    if not rules and nested == original:
        return leaf
    visible = [nested, rules] if rules else nested
    if operator in NESTED_OPERATORS:
        return (fname, operator, visible)
    where = (fname, 'where', visible)
    if not _negative(operator):
        return where
    # as Tryton: a negative test also matches the records without target
    # (here: without a target the user may read)
    if field._type in {'many2one', 'one2one'}:
        if _or_null(operator, value):
            return ['OR', (fname, '=', None), where]
        return where
    return ['OR', where, (fname, 'not where', rules or [])]


def _or_null(operator, value):
    "Whether Tryton's Many2One test also matches an empty value"
    return ((operator.startswith('not')
            and not (operator == 'not in' and None in value))
        or (operator == '!=' and value is not None))


def _related_reference(leaf, fname, rest, Target):
    """A Reference has no 'where': the rules of its target are added as
    paths through it (the target's own relations are its rules' business:
    a seizure is readable only with its case)"""
    rules = _rules(Target)
    if not rest or not rules:
        return leaf
    target = leaf[3]

    def prefix(domain):
        if is_leaf(domain):
            if domain[1] in NESTED_OPERATORS | TREE_OPERATORS:
                raise AccessError(gettext(
                        'qltt_cases.msg_domain_through_rule',
                        path=leaf[0], model=Target.__names__()['model']))
            return (f'{fname}.{domain[0]}', *domain[1:3], target,
                *domain[3:])
        if domain and isinstance(domain[0], str) and domain[0] in {
                'AND', 'OR'}:
            return [domain[0]] + [prefix(d) for d in domain[1:]]
        return [prefix(d) for d in domain]
    visible = [leaf, prefix(rules)]
    if _or_null(leaf[1], leaf[2]):
        return ['OR', (fname, '=', None), visible]
    return visible


def _has_text(value):
    if isinstance(value, str):
        return True
    return isinstance(value, (list, tuple)) and any(
        isinstance(v, str) for v in value)


def _check_secret(Model, name):
    if name in SECRET_FIELDS.get(Model.__name__, ()):
        raise AccessError(gettext('qltt_cases.msg_secret_field',
                field=Model.fields_get([name])[name]['string'],
                model=Model.__names__()['model']))


def check_order(Model, order):
    "Refuse an order through a model whose records the user may not all see"
    for oexpr, _ in order or []:
        parts = oexpr.split('.')
        Current = Model
        for i, part in enumerate(parts):
            _check_secret(Current, part)
            if i == len(parts) - 1:
                break
            field = Current._fields.get(part)
            Target = _target(field) if field is not None else None
            if Target is None:
                break
            if parts[i + 1:] != ['id'] and _rules(Target):
                raise AccessError(gettext(
                        'qltt_cases.msg_order_through_rule',
                        order=oexpr,
                        model=Target.__names__()['model']))
            Current = Target


def check_export(Model, fields_names):
    "Refuse an export of a secret field, at any depth ('create_uid/…')"
    for path in fields_names:
        Current = Model
        for part in path.split('/'):
            name = part.split('.')[0].split(':lang=')[0]
            _check_secret(Current, name)
            field = Current._fields.get(name)
            Current = _target(field) if field is not None else None
            if Current is None:
                break


def check_window(offset, limit):
    for value in [offset, limit]:
        if value is None:
            continue
        if (not isinstance(value, int) or isinstance(value, bool)
                or not 0 <= value <= MAX_WINDOW):
            raise UserError(gettext(
                    'qltt_cases.msg_search_window', value=value))


def check_readable(ids_by_model):
    "Read {model: ids} with the user's rules: an error if one is hidden"
    pool = Pool()
    for name, ids in ids_by_model.items():
        Target = pool.get(name)
        # ids that are no ids are the value checks' business
        ids = sorted({i for i in ids if isinstance(i, int)
                and not isinstance(i, bool) and 0 <= i <= MAX_WINDOW})
        if ids and issubclass(Target, ModelStorage):
            Target.read(ids, ['id'])


def _reference(value):
    "(model, id) of a Reference value, or None"
    if isinstance(value, str) and ',' in value:
        model, id_ = value.split(',', 1)
        try:
            return model, int(id_)
        except ValueError:
            return None
    if (isinstance(value, (list, tuple)) and len(value) == 2
            and isinstance(value[0], str)):
        return tuple(value)


def _is_model(name):
    try:
        Pool().get(name)
    except KeyError:
        return False
    return True


def linked_ids(Model, vlist):
    "{model: ids} that values of vlist link to (Many2One, Reference, add)"
    result = defaultdict(set)
    for values in vlist:
        for name, value in values.items():
            field = Model._fields.get(name)
            if field is None or not value:
                continue
            if isinstance(field, fields.Function):
                field = field._field
            if isinstance(field, fields.Reference):
                reference = _reference(value)
                if reference and _is_model(reference[0]):
                    result[reference[0]].add(reference[1])
            elif field._type in {'many2one', 'one2one'}:
                if isinstance(value, int):
                    result[field.get_target().__name__].add(value)
            elif field._type in {'one2many', 'many2many'}:
                if not isinstance(value, (list, tuple)):
                    continue
                for action in value:
                    if (isinstance(action, (list, tuple)) and action
                            and action[0] in {'add', 'set', 'copy'}
                            and len(action) > 1
                            and isinstance(action[1], (list, tuple))):
                        result[field.get_target().__name__].update(
                            action[1])
    return result


class RecordAccessMixin:
    "Registered on every ModelSQL by tryton.cfg [register_mixin]"
    __slots__ = ()

    @classmethod
    def search(cls, domain, offset=0, limit=None, order=None, count=False,
            **kwargs):
        if _checked():
            check_window(offset, limit)
            domain = related_rules(cls, domain)
            check_order(cls, order)
        return super().search(domain, offset=offset, limit=limit,
            order=order, count=count, **kwargs)

    @classmethod
    def export_data(cls, records, fields_names, header=False):
        if _checked():
            check_export(cls, fields_names)
        return super().export_data(records, fields_names, header=header)

    @classmethod
    def copy(cls, records, default=None):
        if _checked():
            cls.read([r.id for r in records], ['id'])
        return super().copy(records, default=default)

    @classmethod
    def create(cls, vlist):
        if _checked():
            check_readable(linked_ids(cls, vlist))
        return super().create(vlist)

    @classmethod
    def write(cls, records, values, *args):
        if _checked():
            actions = iter((records, values) + args)
            pairs = list(zip(actions, actions))
            cls._check_rule_first(
                [r.id for rs, _ in pairs for r in rs], 'write')
            check_readable(linked_ids(cls, [v for _, v in pairs]))
        super().write(records, values, *args)

    @classmethod
    def delete(cls, records):
        if _checked():
            cls._check_rule_first([r.id for r in records], 'delete')
        super().delete(records)

    @classmethod
    def _check_rule_first(cls, ids, mode):
        """The record rules, as Tryton checks them after the project's
        checks: here before, so that their messages name only records the
        user may see"""
        pool = Pool()
        ModelAccess = pool.get('ir.model.access')
        if (not ids or cls._is_table_query()
                or issubclass(cls, ModelSingleton)):
            # a singleton's record is created by its first write
            return
        ModelAccess.check(cls.__name__, mode)
        # ModelSQL's own check (raises the record rule error with ids)
        getattr(cls, '_ModelSQL__check_domain_rule')(
            [i for i in ids if i >= 0], mode)


class OnChangeAccessMixin:
    "Registered on every ModelView by tryton.cfg [register_mixin]"
    __slots__ = ()

    def _check_sent_records(self):
        "The record and the related records sent must be readable"
        if not _checked():
            return
        ids = defaultdict(set)
        if self.id is not None and self.id >= 0 and isinstance(
                self, ModelStorage):
            ids[self.__name__].add(self.id)
        values = self._values._keys() if self._values else []
        for name in values:
            value = self._values._get(name)
            for record in (value if isinstance(value, (list, tuple))
                    else [value]):
                if isinstance(record, ModelStorage) and record.id is not None:
                    ids[record.__name__].add(record.id)
        check_readable(ids)

    @on_change
    def on_change(self, fieldnames):
        self._check_sent_records()
        super().on_change(fieldnames)

    def on_change_with(self, fieldnames):
        self._check_sent_records()
        return super().on_change_with(fieldnames)

    def on_change_notify(self):
        self._check_sent_records()
        return super().on_change_notify()


def password_reset_allowed():
    """The reset sends a temporary password by e-mail: the administrator
    allows it once the server sends e-mail ([email] uri)"""
    return config.getboolean('qltt', 'reset_by_email', default=False)


class User(metaclass=PoolMeta):
    __name__ = 'res.user'

    @classmethod
    def read(cls, ids, fields_names):
        result = super().read(ids, fields_names)
        if _checked():
            for values in result:
                for name in SECRET_FIELDS[cls.__name__] & set(values):
                    values[name] = None
        return result

    @dualmethod
    def reset_password(cls, users, length=8, from_=None):
        if not password_reset_allowed():
            raise UserError(gettext('qltt_cases.msg_password_reset_off'))
        super().reset_password(users, length=length, from_=from_)

    @classmethod
    def set_preferences(cls, values):
        user = cls(Transaction().user)
        for name, owned in [('employee', user.employees),
                ('company', user.companies)]:
            value = values.get(name)
            if value is not None and value not in {r.id for r in owned}:
                raise AccessError(gettext(
                        'qltt_cases.msg_preference_not_own',
                        field=cls.fields_get([name])[name]['string']))
        super().set_preferences(values)


class Attachment(metaclass=PoolMeta):
    __name__ = 'ir.attachment'

    @classmethod
    def preprocess_values(cls, mode, values):
        values = super().preprocess_values(mode, values)
        limit = config.getint('qltt', 'attachment_max_size',
            default=ATTACHMENT_MAX_SIZE)
        data = values.get('data')
        if data is not None and len(data) > limit:
            raise UserError(gettext('qltt_cases.msg_attachment_too_big',
                    name=values.get('name') or '',
                    size=_megabytes(len(data)), limit=_megabytes(limit)))
        return values


def _megabytes(size):
    return f'{size / 2**20:.1f}'.replace('.', ',')


DEADLINE_FIELDS = {'limitation_date', 'minutes_deadline', 'decision_deadline'}


class Case(metaclass=PoolMeta):
    "The legal deadlines are computed from the facts, never typed in"
    __name__ = 'qltt.case'

    @classmethod
    def check_modification(cls, mode, cases, values=None, external=False):
        super().check_modification(
            mode, cases, values=values, external=external)
        if mode == 'write' and external and DEADLINE_FIELDS & set(values):
            cls._refuse_deadlines(DEADLINE_FIELDS & set(values))

    @classmethod
    def create(cls, vlist):
        if _checked():
            for values in vlist:
                names = {n for n in DEADLINE_FIELDS & set(values)
                    if values[n] is not None}
                if names:
                    cls._refuse_deadlines(names)
        return super().create(vlist)

    @classmethod
    def copy(cls, cases, default=None):
        # computed again for the copy
        default = default.copy() if default is not None else {}
        for name in DEADLINE_FIELDS:
            default.setdefault(name)
        return super().copy(cases, default=default)

    @classmethod
    def _refuse_deadlines(cls, names):
        pool = Pool()
        Field = pool.get('ir.model.field')
        raise AccessError(gettext('qltt_cases.msg_case_deadline_computed',
                field=Field.get_name(cls.__name__, sorted(names)[0])))
