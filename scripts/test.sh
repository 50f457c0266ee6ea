#!/usr/bin/env bash
# Run every QLTT ERP test suite.  Used by `make test` and CI (.ci/run).
#
#   scripts/test.sh [extra pytest arguments, e.g. -k case -x]
#
# 0. flake8 (make lint).
# 1. pytest on SQLite (in memory): every test, on both cores
#    (pytest-xdist), and the scenarios that read today's date again as on
#    the days of TODAY_DAYS.
# 2. pytest on PostgreSQL (PG_TESTS: what can differ there), in a
#    throwaway cluster started here, if the
#    PostgreSQL server binaries are installed (Debian: apt-get install
#    postgresql).  Missing PostgreSQL is a loud warning, or an error when
#    QLTT_REQUIRE_PG=1 (CI sets it).  QLTT_PG_BINDIR=/path/to/bin picks the
#    PostgreSQL binaries (default: newest /usr/lib/postgresql/*/bin, then
#    PATH); QLTT_PG_BINDIR=none skips PostgreSQL.
# 2b. The trust tests (tests/trust, their own PostgreSQL cluster) and
# 3. the browser tests (tests/browser) if that folder and /usr/bin/chromium
#    exist, side by side on two cores.
# 4. The cluster test (tests/cluster: PostgreSQL primary and replica,
#    trytond workers behind nginx, loaded and broken on purpose), alone,
#    if nginx is installed (Debian: apt-get install nginx-light; missing
#    nginx is an error when QLTT_REQUIRE_PG=1).
#
# Exit status is non-zero if any run failed.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
PY="$ROOT/.venv/bin/python"
TOTAL_START=$SECONDS
FAILED=()
SUMMARY=()

banner() {
    local line='!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!'
    printf '\n%s\n!!! %s\n%s\n\n' "$line" "$*" "$line" >&2
}

phase() {
    printf '\n==== %s ====\n' "$*"
}

# record NAME STATUS SECONDS: add one test run to the summary
record() {
    local name=$1 status=$2 took=$3
    if ((status == 0)); then
        SUMMARY+=("PASS  $name (${took}s)")
    else
        SUMMARY+=("FAIL  $name (${took}s, exit $status)")
        FAILED+=("$name")
    fi
}

# run_phase NAME COMMAND...: run, time and record one test run
run_phase() {
    local name=$1 start=$SECONDS status=0
    shift
    phase "$name"
    "$@" || status=$?
    record "$name" "$status" "$((SECONDS - start))"
}

# ---- virtualenv ------------------------------------------------------------
phase "venv (make venv)"
start=$SECONDS
make --no-print-directory venv
echo "venv ready ($((SECONDS - start))s)"

# ---- what to test ----------------------------------------------------------
PATHS=()
for p in addons tests; do
    [[ -d $p ]] && PATHS+=("$p")
done
if ((${#PATHS[@]} == 0)); then
    banner "No test folders (addons/, tests/) found"
    exit 1
fi
# Both cores: pytest-xdist, a test file (or test class) per worker
WORKERS=${QLTT_TEST_WORKERS:-$(nproc)}
XDIST=()
if ((WORKERS > 1)); then
    XDIST=(-n "$WORKERS" --dist loadscope)
fi
PYTEST=("$PY" -m pytest -q -p no:cacheprovider "${XDIST[@]}")
# Days on which the scenarios that read today's date run once more
# (conftest.py --today): the last day of a month and a Monday, 1 January,
# a day inside Tết (2027: 6-10 February) and the first day after a February
TODAY_DAYS=${QLTT_TEST_DAYS:-2026-11-30,2027-01-01,2027-02-08,2027-03-01}

# What runs on PostgreSQL too: what can differ there.  The module tests
# (tables, SQL constraints, indexes, every model's checks) and the scenarios
# whose code runs its own SQL or takes locks, and the law's deadlines
# (issue 19 asks both backends): statistics and the workbook
# (table queries, server-side cursors), case amounts, gapless numbering
# (strict sequences, per year and signer), account postings, stock moves and
# the printed reports.  Scenarios of pure workflow and rendering run on
# SQLite only; record rules on PostgreSQL are the trust tests' (tests/trust).
PG_TESTS=(
    addons/*/tests/test_module.py
    addons/qltt_cases/tests/scenario_case.rst
    addons/qltt_cases/tests/scenario_case_import.rst
    addons/qltt_cases/tests/scenario_commitment_import.rst
    addons/qltt_cases/tests/scenario_decision_deadline.rst
    addons/qltt_cases/tests/scenario_explanation.rst
    addons/qltt_cases/tests/scenario_decision_delivery.rst
    addons/qltt_cases/tests/scenario_inspection_decision.rst
    addons/qltt_cases/tests/scenario_forms.rst
    addons/qltt_cases/tests/scenario_statistics.rst
    addons/qltt_warehouse/tests/scenario_raid.rst
    addons/qltt_warehouse/tests/scenario_criminal_threshold.rst
    addons/qltt_finance/tests/scenario_case_import_finance.rst
    addons/qltt_finance/tests/scenario_case_offenders.rst
    addons/qltt_finance/tests/scenario_disposition_sale.rst
    addons/qltt_finance/tests/scenario_decision_goods.rst
    addons/qltt_finance/tests/scenario_fine.rst
    addons/qltt_finance/tests/scenario_fine_delivery.rst
    addons/qltt_finance/tests/scenario_fine_correction.rst
    addons/qltt_finance/tests/scenario_fine_instalments.rst
    addons/qltt_finance/tests/scenario_fine_statement.rst
    addons/qltt_finance/tests/scenario_sale_remittance.rst
    addons/qltt_finance/tests/scenario_fine_enforcement.rst
    addons/qltt_finance/tests/scenario_moj_statistics.rst
    addons/qltt_finance/tests/scenario_profit_payment.rst
    addons/qltt_hr/tests/scenario_emulation_year.rst
    addons/qltt_office/tests/scenario_office_ins.rst
    addons/qltt_office/tests/scenario_business_import.rst
)

# ---- 0. flake8 ---------------------------------------------------------------
run_phase "flake8 (make lint)" make --no-print-directory lint

# ---- 1. SQLite ---------------------------------------------------------------
# DB_CACHE keeps databases with modules already activated.  Tryton keys the
# cache by module names (and scenario setup function names) only, so the
# folder is keyed by a hash of the addons' files (but scenarios and test_*.py,
# which do not shape the cached databases) and of the installed packages: any
# change starts a fresh cache.
cache_key=$(
    {
        find addons -type f ! -path '*/__pycache__/*' ! -name '*.rst' \
            ! -name 'test_*.py' -print0 2>/dev/null \
            | sort -z | xargs -0r sha1sum
        sha1sum pyproject.toml
        "$PY" -m pip freeze --disable-pip-version-check 2>/dev/null \
            | grep -iv '^-e\|qltt' || true
    } | sha1sum | cut -c1-12)
SQLITE_CACHE="$ROOT/var/cache/sqlite-$cache_key"
mkdir -p "$ROOT/var/cache"
find "$ROOT/var/cache" -maxdepth 1 -name 'sqlite-*' ! -path "$SQLITE_CACHE" \
    -exec rm -rf {} +

run_phase "pytest on SQLite (every test; dated scenarios on $TODAY_DAYS)" \
    env TRYTOND_DATABASE_URI=sqlite:// DB_NAME=:memory: \
    DB_CACHE="$SQLITE_CACHE" "${PYTEST[@]}" "${PATHS[@]}" \
    --ignore=tests/browser --ignore=tests/trust --ignore=tests/cluster \
    --today="$TODAY_DAYS" "$@"

# ---- 2. PostgreSQL -----------------------------------------------------------
find_pg_bindir() {
    local dir
    # QLTT_PG_BINDIR: explicit folder of initdb/pg_ctl/postgres, or "none"
    if [[ -n ${QLTT_PG_BINDIR:-} ]]; then
        [[ $QLTT_PG_BINDIR != none && -x $QLTT_PG_BINDIR/initdb ]] \
            && echo "$QLTT_PG_BINDIR"
        return
    fi
    # Debian layout first, newest version wins
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    if [[ -n $dir && -x $dir/initdb && -x $dir/pg_ctl && -x $dir/postgres ]]; then
        echo "$dir"
        return 0
    fi
    if command -v initdb >/dev/null && command -v pg_ctl >/dev/null; then
        dirname "$(readlink -f "$(command -v pg_ctl)")"
        return 0
    fi
    return 1
}

PG_TMP=""
PG_DATA=""
as_pg() {
    if ((EUID == 0)); then
        # initdb and postgres refuse to run as root
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

stop_pg() {
    if [[ -n $PG_DATA && -f $PG_DATA/postmaster.pid ]]; then
        as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w -t 60 stop \
            >/dev/null 2>&1 || true
    fi
    if [[ -n $PG_TMP ]]; then
        rm -rf "$PG_TMP"
    fi
}
trap stop_pg EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

start_pg() {
    if ((EUID == 0)) && ! id postgres >/dev/null 2>&1; then
        banner "Running as root but there is no 'postgres' OS user to run PostgreSQL"
        return 1
    fi
    # Under /tmp: must be reachable by the postgres user; short socket path
    PG_TMP=$(mktemp -d /tmp/qltt-pg.XXXXXX)
    PG_DATA=$PG_TMP/data
    if ((EUID == 0)); then
        chown postgres: "$PG_TMP"
    fi
    PG_PORT=$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    echo "PostgreSQL: $PG_BIN, cluster $PG_DATA, port $PG_PORT"
    if ! as_pg "$PG_BIN/initdb" -D "$PG_DATA" -U postgres -A trust -E UTF8 \
            --locale=C.UTF-8 >"$PG_TMP/initdb.log" 2>&1; then
        cat "$PG_TMP/initdb.log" >&2
        return 1
    fi
    # Throwaway cluster: durability off for speed
    if ! as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_TMP/postgres.log" -w \
            -t 60 -o "-p $PG_PORT -k $PG_TMP -c listen_addresses=127.0.0.1 \
            -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
            start >/dev/null; then
        cat "$PG_TMP/postgres.log" >&2 || true
        return 1
    fi
}

PG_STATUS=missing
if PG_BIN=$(find_pg_bindir); then
    start=$SECONDS
    phase "start PostgreSQL"
    if start_pg; then
        echo "PostgreSQL started ($((SECONDS - start))s)"
        PG_STATUS=ok
        # pg_dump/pg_restore of the same version for Tryton's DB_CACHE tools;
        # DB_CACHE=postgresql:// keeps activated databases as templates in
        # this throwaway cluster.
        run_phase "pytest on PostgreSQL (module tests, SQL scenarios)" \
            env PATH="$PG_BIN:$PATH" \
            TRYTOND_DATABASE_URI="postgresql://postgres@127.0.0.1:$PG_PORT/" \
            DB_NAME=test_qltt DB_CACHE=postgresql:// "${PYTEST[@]}" \
            "${PG_TESTS[@]}" "$@"
        start=$SECONDS
        stop_pg
        PG_DATA=""
        PG_TMP=""
        echo "PostgreSQL stopped ($((SECONDS - start))s)"
    else
        PG_STATUS=broken
        SUMMARY+=("FAIL  start PostgreSQL")
        FAILED+=("start PostgreSQL")
    fi
fi
# ---- 2b and 3. trust tests (tests/trust) and browser tests (tests/browser) ----
# Trust: access matrix, immutability, audit, concurrency, crash, backup,
# hostile input: they start their own PostgreSQL cluster (the crash tests
# kill it) and real trytond processes, so they need PostgreSQL's binaries
# only.  Browser: Chromium on the demo database (SQLite).  Each is mostly
# one process: on two cores they run side by side, the trust tests' output
# shown when they end.
TRUST_NAME="trust tests on PostgreSQL (tests/trust)"
TRUST=(env QLTT_PG_BINDIR="${PG_BIN:-}" "$PY" -m pytest tests/trust -q "$@")
# the concurrency test measures how requests queue on locks: it runs alone,
# after the others, on an otherwise quiet machine
CONCURRENCY_NAME="concurrency trust test, alone"
CONCURRENCY=(env QLTT_PG_BINDIR="${PG_BIN:-}" "$PY" -m pytest
    tests/trust/test_concurrency.py -q "$@")
BROWSER_NAME="browser tests (tests/browser)"
BROWSER=(env TRYTOND_DATABASE_URI=sqlite:// "$PY" -m pytest tests/browser
    -q "$@")
run_trust=0
[[ $PG_STATUS == ok && -d tests/trust ]] && run_trust=1
run_browser=0
[[ -d tests/browser && -x /usr/bin/chromium ]] && run_browser=1

if ((run_trust && run_browser && WORKERS > 1)); then
    trust_log=$(mktemp /tmp/qltt-trust-log.XXXXXX)
    trust_start=$SECONDS
    "${TRUST[@]}" --ignore=tests/trust/test_concurrency.py \
        >"$trust_log" 2>&1 &
    trust_pid=$!
    run_phase "$BROWSER_NAME (beside the trust tests)" "${BROWSER[@]}"
    trust_status=0
    wait "$trust_pid" || trust_status=$?
    phase "$TRUST_NAME (beside the browser tests)"
    cat "$trust_log"
    rm -f "$trust_log"
    record "$TRUST_NAME (beside the browser tests)" "$trust_status" \
        "$((SECONDS - trust_start))"
    run_phase "$CONCURRENCY_NAME" "${CONCURRENCY[@]}"
else
    if ((run_trust)); then
        run_phase "$TRUST_NAME" "${TRUST[@]}"
    fi
    if ((run_browser)); then
        run_phase "$BROWSER_NAME" "${BROWSER[@]}"
    fi
fi
# ---- 4. the production topology (tests/cluster) ------------------------------
# Its own PostgreSQL primary and replica, trytond processes and nginx: it
# loads the machine, so it runs alone, last.
if [[ $PG_STATUS == ok && -d tests/cluster ]]; then
    if command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]]; then
        run_phase "cluster test, alone (tests/cluster)" \
            env QLTT_PG_BINDIR="${PG_BIN:-}" "$PY" -m pytest tests/cluster \
            -q -p no:cacheprovider "$@"
    elif [[ ${QLTT_REQUIRE_PG:-0} == 1 ]]; then
        banner "nginx NOT FOUND: the cluster test cannot run"
        SUMMARY+=("FAIL  cluster test: nginx missing (apt-get install nginx-light)")
        FAILED+=("nginx missing")
    else
        banner "CLUSTER TEST SKIPPED: nginx not installed (apt-get install nginx-light)"
        SUMMARY+=("SKIP  cluster test (nginx not installed)")
    fi
fi
if [[ $PG_STATUS == missing ]]; then
    banner "PostgreSQL NOT FOUND: tests ran on SQLite only (trust tests NOT run)"
    if [[ ${QLTT_REQUIRE_PG:-0} == 1 ]]; then
        SUMMARY+=("FAIL  PostgreSQL required (QLTT_REQUIRE_PG=1) but not found")
        FAILED+=("PostgreSQL missing")
    else
        SUMMARY+=("SKIP  PostgreSQL not installed")
    fi
fi
if ((!run_browser)); then
    reason="no tests/browser folder"
    [[ -d tests/browser ]] && reason="/usr/bin/chromium not installed"
    banner "BROWSER TESTS SKIPPED: $reason"
    SUMMARY+=("SKIP  browser tests ($reason)")
fi

# ---- summary -----------------------------------------------------------------
phase "summary ($((SECONDS - TOTAL_START))s in all)"
printf '  %s\n' "${SUMMARY[@]}"
if ((${#FAILED[@]})); then
    banner "FAILED: ${FAILED[*]}"
    exit 1
fi
echo "All test runs passed."
