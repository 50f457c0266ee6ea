#!/usr/bin/env python3
"""Run a Python script with the QLTT addons of another checkout.

The editable install (`make venv`) maps `trytond.modules.qltt_*` to this
worktree's addons/.  To build a database with older code (e.g. main's, to
test a migration on module update), extract it and point the mapping there:

    git archive main addons | tar -x -C /tmp/old
    .venv/bin/python tools/run_with_addons.py /tmp/old/addons script.py ARGS
"""
import runpy
import sys
from pathlib import Path


def main():
    import __editable___qltt_erp_8_0_0_finder as finder
    addons, script, *args = sys.argv[1:]
    addons = Path(addons).resolve()
    for name in list(finder.MAPPING):
        finder.MAPPING[name] = str(addons / name.rsplit('.', 1)[-1])
    sys.argv = [script, *args]
    runpy.run_path(script, run_name='__main__')


if __name__ == '__main__':
    main()
