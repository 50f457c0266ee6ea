"""pytest plugin for the QLTT ERP addons (Tryton 8.0).

1. Scenario doctests.  Upstream Tryton modules run their `scenario_*.rst`
   files through unittest's `load_tests` protocol in `tests/test_scenario.py`
   (`trytond.tests.test_tryton.load_doc_tests`).  pytest ignores `load_tests`,
   so without this plugin the scenarios would silently not run.  Here every
   `addons/<module>/tests/scenario_*.rst` and `tests/scenario_*.rst` becomes a
   pytest item, run exactly as `load_doc_tests` does (same setUp/tearDown,
   output checker, option flags, `.json` alternative configurations and the
   module's package for relative file look-ups).  A failing scenario fails its
   item with the doctest report.  pytest's own doctest plugin is kept away from
   those files.  `test_scenario.py` files are still collected but contain no
   test, which is harmless.

2. Canonical module names.  The addons live in `addons/<module>` but are
   installed (pip install -e .) as `trytond.modules.<module>`.  pytest would
   import `addons/qltt_cases/tests/test_module.py` as
   `qltt_cases.tests.test_module`, i.e. a second copy of the addon under
   another name (duplicate model classes).  An import alias maps `<module>.*`
   to `trytond.modules.<module>.*` so that every file is imported once, under
   its real name.

3. Any day.  `--today=2027-01-01,2027-02-08` runs every date-sensitive
   scenario (one that reads today's date) once more per date, with the clock
   of the test process (Python's date and time, so `ir.date.today` and the
   scenario's own `dt.date.today()`) moved to that day by time-machine.  The
   suite must pass on any day: the first or last day of a month or year, a
   Monday, a day inside Tết (scripts/test.sh runs such a set).

4. Two cores.  Under pytest-xdist (`-n 2`) each worker tests in its own
   database (DB_NAME suffixed by the worker's name on PostgreSQL; SQLite's
   is in memory) and the DB_CACHE of activated databases is shared: a lock
   file per cached database makes one worker make and write it while the
   other waits to read it whole.

5. Module names resolved once.  trytond's `tools.misc.import_module` looks
   the module's entry point up among every installed one each time it is
   called, and ModuleTestCase's checks call it through `isregisteredby` for
   every model of the pool: about 8,500 look-ups per check, most of the
   module tests' time.  The answer never changes within a process, so it is
   kept (functools.cache); the checks themselves are unchanged.

6. Databases built on each other.  With DB_CACHE, the database of an addon
   is its dependency's cached database with the addon activated on top
   (qltt_finance on qltt_warehouse's, on qltt_cases'), as a department
   activates a module on a running database, instead of every module again
   from an empty one; a scenario's database (`activate_modules` with setup
   functions) starts from the database of its addons, which the module
   tests share.  On SQLite in memory trytond's ModuleTestCase never read
   its cache (the memory database always "exists"): it does here.

Backend selection is Tryton's: TRYTOND_DATABASE_URI, DB_NAME, DB_CACHE (see
scripts/test.sh).
"""
import contextlib
import datetime as dt
import doctest
import fcntl
import functools
import hashlib
import importlib
import importlib.abc
import importlib.util
import json
import os
import pathlib
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parent
ADDONS = ROOT / 'addons'
MODULES_PACKAGE = 'trytond.modules'


def _addon_names():
    return {p.parent.name for p in ADDONS.glob('*/tryton.cfg')}


# --- 2. import alias ---------------------------------------------------------

class _AliasLoader(importlib.abc.Loader):
    "Return the already imported real module instead of a copy"

    def __init__(self, real_name):
        self.real_name = real_name

    def create_module(self, spec):
        module = importlib.import_module(self.real_name)
        self._real_spec = module.__spec__
        return module

    def exec_module(self, module):
        # The import machinery overwrote __spec__ with the alias spec
        module.__spec__ = self._real_spec


class _AddonAliasFinder(importlib.abc.MetaPathFinder):

    def __init__(self, names):
        self.names = frozenset(names)

    def find_spec(self, fullname, path=None, target=None):
        if fullname.split('.', 1)[0] not in self.names:
            return None
        return importlib.util.spec_from_loader(
            fullname, _AliasLoader(f'{MODULES_PACKAGE}.{fullname}'))


if not any(isinstance(f, _AddonAliasFinder) for f in sys.meta_path):
    sys.meta_path.insert(0, _AddonAliasFinder(_addon_names()))


# --- 4. xdist workers --------------------------------------------------------

_WORKER = os.environ.get('PYTEST_XDIST_WORKER')
if _WORKER and os.environ.get('DB_NAME', ':memory:') != ':memory:':
    # read by trytond.tests.test_tryton when it is first imported
    os.environ['DB_NAME'] = f"{os.environ['DB_NAME']}_{_WORKER}"


@contextlib.contextmanager
def _cache_lock(name, what='file'):
    """Hold the lock file of the cached database name: 'file' while it is
    written or read, 'build' while it is made (6)"""
    folder = ROOT / 'var' / 'cache' / 'locks'
    folder.mkdir(parents=True, exist_ok=True)
    key = hashlib.sha1(
        f"{os.environ.get('DB_CACHE')}|{name}|{what}".encode()).hexdigest()
    with open(folder / key, 'w') as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def _cache_locked(func):
    "Run func(name) holding the lock file of the cached database name"
    @functools.wraps(func)
    def wrapper(name):
        with _cache_lock(name):
            return func(name)
    return wrapper


def _cache_module_lookup():
    from trytond.tools import misc
    if not hasattr(misc.import_module, 'cache_info'):
        # misc.resolve reads the module global at each call
        misc.import_module = functools.cache(misc.import_module)


def pytest_configure(config):
    _cache_module_lookup()
    if not os.environ.get('DB_CACHE'):
        return
    from trytond.tests import test_tryton, tools
    if _WORKER:
        for name in ['restore_db_cache', 'backup_db_cache']:
            locked = _cache_locked(getattr(test_tryton, name))
            # tools imported the functions by name
            setattr(test_tryton, name, locked)
            setattr(tools, name, locked)
    test_tryton.activate_module = _layered_module(test_tryton.activate_module)
    tools.activate_modules = _layered_scenario(tools.activate_modules)


# --- 6. databases built on each other ----------------------------------------

_ADDONS = frozenset(_addon_names())


@functools.cache
def _addons_below(name):
    "The addon and the addons it depends on (tryton.cfg), all the way down"
    from trytond.modules import get_module_info
    names = {name}
    for depend in get_module_info(name).get('depends', []):
        if depend in _ADDONS:
            names |= _addons_below(depend)
    return frozenset(names)


def _base_of(modules):
    """The addon whose database `modules` extend: among the addons below
    them, the one with the most addons below it, if not all of them"""
    wanted = frozenset().union(*map(_addons_below, modules))
    bases = [a for a in wanted if _addons_below(a) < wanted]
    if bases:
        return [max(bases, key=lambda a: (len(_addons_below(a)), a))]


def _layered_module(activate_module):
    "test_tryton.activate_module on the cached database of the base (6)"
    @functools.wraps(activate_module)
    def wrapper(modules, lang='en'):
        from trytond.tests import test_tryton
        if isinstance(modules, str):
            modules = [modules]
        if lang != 'en' or not set(modules) <= _ADDONS:
            return activate_module(modules, lang)
        name = '-'.join(modules)
        # one worker makes it, the other waits and reads it
        with _cache_lock(name, 'build'):
            if test_tryton.restore_db_cache(name):
                return
            if base := _base_of(modules):
                wrapper(base)  # the database now has the base activated
            else:
                test_tryton.drop_db()
            # on the base, activates the rest and keeps it in the cache
            activate_module(modules, lang)
    return wrapper


def _layered_scenario(activate_modules):
    """tools.activate_modules: the setup functions run on the cached
    database of the addons (6)"""
    @functools.wraps(activate_modules)
    def wrapper(modules, *setup):
        from trytond.tests import test_tryton, tools
        if isinstance(modules, str):
            modules = [modules]
        if not set(modules) <= _ADDONS:
            return activate_modules(modules, *setup)
        modules = sorted(modules)
        if not setup:
            test_tryton.activate_module(modules)
            return tools._get_config()
        # as activate_modules names it
        cache_name = '-'.join(modules) + '--' + '|'.join(
            tools._func_name(f) for f in setup)
        with _cache_lock(cache_name, 'build'):
            if tools.restore_db_cache(cache_name):
                return tools._get_config()
            test_tryton.activate_module(modules)
            config = tools._get_config()
            for func in setup:
                func(config=config)
            tools.backup_db_cache(cache_name)
            return config
    return wrapper


# --- 1. scenarios ------------------------------------------------------------

def pytest_addoption(parser):
    parser.addoption('--today', default='',
        help="comma-separated ISO dates: run the scenarios that read "
        "today's date once more as on each of these days")


def _extra_days(config):
    return [dt.date.fromisoformat(d.strip())
        for d in config.getoption('today').split(',') if d.strip()]


def _reads_today(path):
    "A scenario whose steps depend on the day it runs"
    return 'today()' in path.read_text(encoding='utf-8')


def _is_scenario(path):
    return (path.suffix == '.rst'
        and path.name.startswith('scenario_')
        and path.parent.name == 'tests')


def _scenario_package(path):
    """The package holding the scenario (`trytond.modules.<m>.tests`),
    or None to use the file's absolute path"""
    try:
        relative = path.parent.relative_to(ADDONS)
    except ValueError:
        return None
    if not (ADDONS / relative.parts[0] / 'tryton.cfg').exists():
        return None
    if not (path.parent / '__init__.py').exists():
        return None
    return '.'.join((MODULES_PACKAGE, *relative.parts))


@pytest.hookimpl(wrapper=True)
def pytest_collect_file(file_path, parent):
    result = yield
    if _is_scenario(file_path):
        from _pytest.doctest import DoctestTextfile
        result = [c for c in result if not isinstance(c, DoctestTextfile)]
        result.append(ScenarioFile.from_parent(parent, path=file_path))
    return result


class ScenarioFailure(Exception):
    "A scenario whose output differs; the message is the doctest report"


class ScenarioFile(pytest.File):

    def collect(self):
        config = self.path.with_suffix('.json')
        if config.exists():
            with config.open(encoding='utf-8') as fp:
                configs = json.load(fp)
        else:
            configs = [{}]
        days = [None]
        if _reads_today(self.path):
            days += _extra_days(self.config)
        for i, globs in enumerate(configs):
            name = self.path.name
            if len(configs) > 1 or globs:
                name += f'[{i}]'
            for day in days:
                yield ScenarioItem.from_parent(self,
                    name=name + (f'[today={day}]' if day else ''),
                    globs=globs, today=day)


class ScenarioItem(pytest.Item):

    def __init__(self, *, globs, today=None, **kwargs):
        super().__init__(**kwargs)
        self.globs = globs
        self.today = today

    def _suite(self):
        # Imported late: trytond reads its configuration on import
        from trytond import backend
        from trytond.tests.test_tryton import (
            STRIP_DECIMAL, doctest_checker, doctest_setup, doctest_teardown)

        optionflags = (
            doctest.REPORT_ONLY_FIRST_FAILURE
            | doctest.ELLIPSIS
            | doctest.IGNORE_EXCEPTION_DETAIL)
        if backend.name == 'sqlite':
            optionflags |= STRIP_DECIMAL
        kwargs = dict(
            globs=dict(self.globs),
            setUp=doctest_setup, tearDown=doctest_teardown,
            encoding='utf-8',
            checker=doctest_checker,
            optionflags=optionflags)
        package = _scenario_package(self.path)
        if package:
            return doctest.DocFileSuite(
                self.path.name, package=package, **kwargs)
        else:
            return doctest.DocFileSuite(
                str(self.path), module_relative=False, **kwargs)

    def runtest(self):
        if self.today:
            import time_machine
            # 10:00 local time, the clock running from there
            with time_machine.travel(
                    dt.datetime.combine(self.today, dt.time(10)), tick=True):
                self._run()
        else:
            self._run()

    def _run(self):
        for case in self._suite():
            # What unittest does with a DocFileCase: setUp, runTest, tearDown
            case.setUp()
            try:
                case.runTest()
            except case.failureException as exception:
                raise ScenarioFailure(str(exception)) from None
            finally:
                case.tearDown()

    def repr_failure(self, excinfo):
        if isinstance(excinfo.value, ScenarioFailure):
            message = str(excinfo.value)
            if self.globs:
                message = f'globs from .json: {self.globs!r}\n' + message
            return message
        return super().repr_failure(excinfo)

    def reportinfo(self):
        return self.path, None, f'scenario {self.name}'
