# Eropaf — the two README commands (demo, test) and the rest.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
UV_VERSION := 0.13.8
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
BIN := $(VENV)/bin
export UV_PROJECT_ENVIRONMENT := $(VENV)
export UV_PYTHON_DOWNLOADS := never
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/eropaf

.PHONY: help install demo serve test test-sqlite test-postgres test-browser lint format openapi messages lock bench clean

help:  ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-15s %s\n", $$1, $$2}'

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.installed: $(UV) pyproject.toml uv.lock
	$(UV) sync --locked --quiet
	@touch $@

src/eropaf/locale/nl/LC_MESSAGES/django.mo: src/eropaf/locale/nl/LC_MESSAGES/django.po $(VENV)/.installed
	@command -v msgfmt >/dev/null || { echo "msgfmt (Debian package gettext) is needed for the Dutch catalogue"; exit 1; }
	cd src/eropaf && ../../$(BIN)/eropaf compilemessages --locale nl -v 0

src/eropaf/static/vendor/.built: frontend/package.json frontend/package-lock.json frontend/build.mjs
	@command -v npm >/dev/null || { echo "npm (Node.js) is needed to build the NL Design System styles"; exit 1; }
	npm --prefix frontend ci --no-audit --no-fund --loglevel=error
	npm --prefix frontend run --silent build
	@touch $@

install: $(VENV)/.installed src/eropaf/static/vendor/.built src/eropaf/locale/nl/LC_MESSAGES/django.mo  ## Install into .venv (locked) and build the styles

demo: install  ## Build the demo municipality in SQLite and serve it on http://127.0.0.1:8000
	$(BIN)/eropaf demo

serve: install  ## Serve the existing database on http://127.0.0.1:8000
	$(BIN)/eropaf runserver 127.0.0.1:8000

# pytest exits 5 when it collects nothing; that is not a failure of the product.
define run_pytest
	$(BIN)/pytest $(1); rc=$$?; if [ $$rc -eq 5 ]; then echo "pytest: no tests collected"; rc=0; fi; exit $$rc
endef

test: install  ## Run the whole suite on SQLite with branch coverage
	@$(call run_pytest,--cov --cov-report=term)

test-postgres: install  ## Run the whole suite against PostgreSQL (POSTGRES_URL)
	@DATABASE_URL=$(POSTGRES_URL) $(call run_pytest,)

test-browser: install  ## Only the end-to-end journeys in Chromium
	@$(call run_pytest,-m browser)

lint: install  ## ruff, mypy strict, import-linter, migrations, deploy check, OpenAPI and i18n checks
	$(BIN)/ruff format --check src tests
	$(BIN)/ruff check src tests
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/eropaf makemigrations --check --dry-run
	EROPAF_ENVIRONMENT=production SECRET_KEY=lint-only-$$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n') \
	  ALLOWED_HOSTS=eropaf.example.nl $(BIN)/eropaf check --deploy --fail-level WARNING
	$(BIN)/eropaf spectacular --validate --fail-on-warn --file var/openapi.check.yaml
	diff -u docs/openapi.yaml var/openapi.check.yaml || { echo "docs/openapi.yaml is stale: run make openapi"; exit 1; }
	$(BIN)/python -m eropaf.core.i18n_check

format: install  ## Format and fix what ruff can
	$(BIN)/ruff format src tests
	$(BIN)/ruff check --fix src tests

openapi: install  ## Regenerate the committed OpenAPI document
	$(BIN)/eropaf spectacular --validate --file docs/openapi.yaml

messages: install  ## Update and compile the Dutch catalogue
	cd src/eropaf && ../../$(BIN)/eropaf makemessages --locale nl --no-obsolete --no-location
	cd src/eropaf && ../../$(BIN)/eropaf compilemessages --locale nl

lock: $(UV)  ## Re-resolve the locked dependencies
	$(UV) lock

BENCH_POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/eropaf_bench
BENCH_SQLITE_URL := sqlite:///$(CURDIR)/var/bench.sqlite3
# Each intake import is repeated and the median reported: the machine may be shared.
BENCH_INTAKE := bench_intake --repeat 3 --record docs/performance.md
# A synthetic municipality: 100,000 signals matched against 1,000,000 of history (loaded, then removed).
BENCH_MATCHING := bench_matching --record docs/performance.md
# Triage of a month of 100,000 cases, and a 12-month simulation for 100,000 inhabitants (and ten times that).
BENCH_TRIAGE := bench_triage --record docs/performance.md
# The dashboard over 12 months of 1,000,000 signals, and the DDAS export of a year for 100,000 inhabitants (and ten times that).
BENCH_REPORTING := bench_reporting --record docs/performance.md
# 50 case workers for 5 minutes against gunicorn on loopback (the figure is PostgreSQL's; SQLite for comparison).
BENCH_LOAD := bench_load --record docs/performance.md

bench: install  ## Measure demo build, pages, signal intake, matching, triage, reporting and load on SQLite and PostgreSQL (docs/benchmarks.md, docs/performance.md)
	DATABASE_URL=$(BENCH_SQLITE_URL) $(BIN)/eropaf migrate -v 0
	DATABASE_URL=$(BENCH_SQLITE_URL) $(BIN)/eropaf bench --record docs/benchmarks.md
	DATABASE_URL=$(BENCH_SQLITE_URL) $(BIN)/eropaf $(BENCH_INTAKE)
	DATABASE_URL=$(BENCH_SQLITE_URL) $(BIN)/eropaf $(BENCH_MATCHING)
	DATABASE_URL=$(BENCH_SQLITE_URL) $(BIN)/eropaf $(BENCH_TRIAGE)
	DATABASE_URL=$(BENCH_SQLITE_URL) $(BIN)/eropaf $(BENCH_REPORTING)
	DATABASE_URL=$(BENCH_SQLITE_URL) $(BIN)/eropaf $(BENCH_LOAD)
	@if psql "$(dir $(BENCH_POSTGRES_URL))postgres" -c "select 1" >/dev/null 2>&1; then \
	  psql "$(dir $(BENCH_POSTGRES_URL))postgres" -c "create database eropaf_bench" >/dev/null 2>&1 || true; \
	  DATABASE_URL=$(BENCH_POSTGRES_URL) $(BIN)/eropaf migrate -v 0 && \
	  DATABASE_URL=$(BENCH_POSTGRES_URL) $(BIN)/eropaf bench --record docs/benchmarks.md && \
	  DATABASE_URL=$(BENCH_POSTGRES_URL) $(BIN)/eropaf $(BENCH_INTAKE) --million && \
	  DATABASE_URL=$(BENCH_POSTGRES_URL) $(BIN)/eropaf $(BENCH_MATCHING) && \
	  DATABASE_URL=$(BENCH_POSTGRES_URL) $(BIN)/eropaf $(BENCH_TRIAGE) && \
	  DATABASE_URL=$(BENCH_POSTGRES_URL) $(BIN)/eropaf $(BENCH_REPORTING) && \
	  DATABASE_URL=$(BENCH_POSTGRES_URL) $(BIN)/eropaf $(BENCH_LOAD); \
	else echo "PostgreSQL not reachable: only SQLite measured"; fi

clean:  ## Remove the virtualenv, built styles and the local database
	rm -rf $(VENV) $(TOOLS) var src/eropaf/static/vendor frontend/node_modules
