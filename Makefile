# QLTT ERP — developer commands.
#
#   make run     install (once), build the demo database (once, while the
#                web client downloads; the time of each step printed), serve
#                http://127.0.0.1:8000/#qltt  (no root needed) with
#                trytond-cron and a local mail sink (Ctrl-C stops all three)
#   make mail    list the demo's e-mails kept by the mail sink (var/mail)
#   make test    all tests: SQLite, then PostgreSQL if installed
#                (scripts/test.sh; QLTT_REQUIRE_PG=1 makes PostgreSQL mandatory)
#   make lint    flake8 on the whole repository (.flake8: Tryton's style,
#                79 columns)
#   make bench   national-scale benchmarks (34 departments, a national reader)
#                on a throwaway PostgreSQL cluster
#                (BENCH_CASES=500 cases generated, BENCH_REPLICATE="10000
#                100000" copied in SQL, BENCH_IMPORT=300 past cases
#                imported); var/bench/results.json
#   make bench-import  import of past cases (cases/s, issue 25) against
#                the same cases created one by one and against COPY of
#                the same rows; BENCH_IMPORT_CASES=1000,
#                throwaway PostgreSQL cluster; var/bench/import-postgresql.json
#   make cluster the production topology on this machine (no root needed):
#                PostgreSQL primary + hot-standby replica, CLUSTER_WORKERS=2
#                trytond behind nginx, trytond-cron, trytond-worker
#                (deploy/cluster.py, docs/production.md); Ctrl-C stops it
#   make cluster-stop  end what `make cluster` started (var/cluster)
#   make bench-cluster calls/s through nginx with 1, 2, 4 workers, replica
#                lag, recovery after a worker is killed; var/bench/cluster.json
#   make venv    create .venv and `pip install -e '.[test]'` (again only when
#                pyproject.toml changes)
#   make sao     download the Tryton web client (npm) into var/sao, with
#                the files of config/sao (Vietnamese locale, branding) and
#                the user guide docs/huong-dan in HTML (/huong-dan/)
#   make clean   remove var/ (databases, web client, caches) and __pycache__
#   make distclean  clean + remove .venv

SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
VENV_PY := $(VENV)/bin/python
VENV_STAMP := $(VENV)/.installed

SAO_VERSION ?= 8.0
SAO_DIR := var/sao
SAO_STAMP := $(SAO_DIR)/.installed
# Our files put into the web client: config/sao/X -> $(SAO_DIR)/package/X
# (sao has no Vietnamese locale: it loads locale/<lang>.json, see
# Sao.i18n.setlang; index.html loads custom.js and custom.css)
SAO_EXTRA := $(addprefix $(SAO_DIR)/package/,locale/vi.json custom.css custom.js)
# The user guide (docs/huong-dan) in HTML, served at /huong-dan/ (menu
# "Hướng dẫn sử dụng", addons/qltt_cases/help.xml)
GUIDE_SOURCES := $(wildcard docs/huong-dan/*.md docs/huong-dan/img/*)
GUIDE_HTML := $(SAO_DIR)/package/huong-dan/index.html

# Demo server.  The password is for the local demo database ONLY
# (trytond refuses a password equal to the login or shorter than 8).
# `make run PORT=8001` for another port (written to var/run.conf, read after
# config/trytond.conf).
HOST ?= 127.0.0.1
PORT ?= 8000
DEMO_DB ?= qltt
DEMO_LOGIN := admin
DEMO_PASSWORD ?= qltt-demo
# The demo's mail sink (scripts/mailsink.py): trytond-cron sends the
# deadline e-mails there, each kept as var/mail/*.eml, none leaves the machine
MAIL_PORT ?= 8025
MAIL_DIR := var/mail

# Environment for trytond, trytond-admin and scripts/demo.py.  Absolute paths:
# trytond does not resolve relative paths against its configuration file.
RUN_ENV := \
	TRYTOND_CONFIG=$(CURDIR)/config/trytond.conf \
	TRYTOND_DATABASE__PATH=$(CURDIR)/var/db \
	TRYTOND_WEB__ROOT=$(CURDIR)/$(SAO_DIR)/package \
	QLTT_DEMO_DB=$(DEMO_DB) \
	QLTT_DEMO_LOGIN=$(DEMO_LOGIN) \
	QLTT_DEMO_PASSWORD=$(DEMO_PASSWORD) \
	TRYTONPASSFILE=$(CURDIR)/var/demo-password

.PHONY: help venv install sao run mail test lint bench clean distclean

help:
	@awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' Makefile

venv install: $(VENV_STAMP)

$(VENV_PY):
	$(PYTHON) -m venv $(VENV)

$(VENV_STAMP): pyproject.toml | $(VENV_PY)
	$(VENV_PY) -m pip install --disable-pip-version-check -q -e '.[test]'
	touch $@

sao: $(SAO_STAMP) $(SAO_EXTRA) $(GUIDE_HTML)

$(SAO_STAMP):
	rm -rf $(SAO_DIR)
	mkdir -p $(SAO_DIR)
	cd $(SAO_DIR) && npm pack --silent 'tryton-sao@$(SAO_VERSION)' \
		&& tar -xzf tryton-sao-*.tgz && rm -f tryton-sao-*.tgz
	cd $(SAO_DIR)/package && npm install --omit=dev --legacy-peer-deps \
		--ignore-scripts --no-audit --no-fund
	test -f $(SAO_DIR)/package/index.html
	test -d $(SAO_DIR)/package/dist
	touch $@

# Copied again when config/sao/X is newer, or after a new install of sao
$(SAO_EXTRA): $(SAO_DIR)/package/%: config/sao/% $(SAO_STAMP)
	cp $< $@

$(GUIDE_HTML): $(GUIDE_SOURCES) scripts/build_guide.py $(SAO_STAMP) \
		| $(VENV_STAMP)
	$(VENV_PY) scripts/build_guide.py $(SAO_DIR)/package/huong-dan

# `make run` times its steps from its start ("[12.3 s] ..."): the web client
# is downloaded while the demo database is built (two jobs); both are
# skipped once done
ifndef QLTT_RUN_START
QLTT_RUN_START := $(shell date +%s.%N)
endif
export QLTT_RUN_START
# $(call elapsed,what): print the time since the start of `make run`
elapsed = @awk -v start='$(QLTT_RUN_START)' -v now="$$(date +%s.%N)" \
	'BEGIN { printf "[%5.1f s] %s\n", now - start, "$(1)" }'

.PHONY: sao-timed demo
sao-timed: sao
	$(call elapsed,web client and user guide ready in $(SAO_DIR))

# the demo database, built once (scripts/demo.py reuses it)
demo: $(VENV_STAMP)
	@mkdir -p var/db
	@umask 077 && printf '%s\n' '$(DEMO_PASSWORD)' > var/demo-password
	$(RUN_ENV) $(VENV_PY) scripts/demo.py

run: $(VENV_STAMP)
	@$(MAKE) --no-print-directory -j2 sao-timed demo
	@printf '[web]\nlisten = %s:%s\n' '$(HOST)' '$(PORT)' > var/run.conf
	@printf '[email]\nuri = smtp://127.0.0.1:%s\nfrom = %s\n' \
		'$(MAIL_PORT)' 'QLTT ERP (demo) <qltt-demo@localhost>' >> var/run.conf
	@echo
	@echo "================================================================"
	@echo " QLTT ERP demo:  http://$(HOST):$(PORT)/#$(DEMO_DB)"
	@echo " Login: $(DEMO_LOGIN)   Password: $(DEMO_PASSWORD)   (demo database only)"
	@echo " Deadline e-mails (trytond-cron): var/mail/*.eml, listed by \`make mail\`"
	@echo " Stop with Ctrl-C (trytond, trytond-cron and the mail sink)."
	@echo "================================================================"
	@echo
	$(RUN_ENV) exec $(VENV_PY) scripts/serve.py -d $(DEMO_DB) \
		-c config/trytond.conf var/run.conf \
		--mail-port $(MAIL_PORT) --mail-folder $(CURDIR)/$(MAIL_DIR)

mail: $(VENV_STAMP)
	@$(VENV_PY) scripts/mailsink.py list --folder $(MAIL_DIR)

test: $(VENV_STAMP)
	bash scripts/test.sh

lint: $(VENV_STAMP)
	$(VENV_PY) -m flake8

BENCH_CASES ?= 500
BENCH_DECIDE ?= 200
BENCH_IMPORT ?= 300
# e.g. BENCH_REPLICATE="10000 100000": the read benchmarks again after
# copying the generated cases in SQL to each size (generate.py)
BENCH_REPLICATE ?=
bench: $(VENV_STAMP)
	$(VENV_PY) tests/benchmarks/run.py --cases $(BENCH_CASES) \
		--decide $(BENCH_DECIDE) --import-cases $(BENCH_IMPORT) \
		--replicate-to $(BENCH_REPLICATE)

BENCH_IMPORT_CASES ?= 1000
.PHONY: bench-import
bench-import: $(VENV_STAMP)
	$(VENV_PY) tests/benchmarks/bench_import.py --cases $(BENCH_IMPORT_CASES)

# The production topology (issue #22): deploy/cluster.py
.PHONY: cluster cluster-stop bench-cluster
CLUSTER_WORKERS ?= 2
cluster: $(VENV_STAMP) $(SAO_STAMP) $(SAO_EXTRA)
	$(VENV_PY) deploy/cluster.py start --workers $(CLUSTER_WORKERS)

cluster-stop:
	$(VENV_PY) deploy/cluster.py stop

bench-cluster: $(VENV_STAMP) $(SAO_STAMP) $(SAO_EXTRA)
	$(VENV_PY) tests/benchmarks/bench_cluster.py

clean:
	rm -rf var .pytest_cache
	find . -path ./$(VENV) -prune -o -type d -name __pycache__ -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV) *.egg-info
