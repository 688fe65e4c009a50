# Secondment Exchange: the developer and CI entry points.
#
#   make run        the demo: SQLite, tasks in-process, email on the console
#   make test       lint, then the whole suite against PostgreSQL, Redis, a real
#                   Celery worker and Chromium (installs what is missing first)
#   make test-fast  the suite without the browser journeys and worker tests
#   make services   start the local PostgreSQL and Redis when they are down
#
# DATABASE_URL and REDIS_URL for the tests can be overridden:
#   make test DATABASE_URL=postgres://me@db.example:5432/secondments
# PYTEST_ARGS passes options to pytest, e.g. PYTEST_ARGS='-x -k mfa', and
# TEST_PROCESSES sets how many pytest-xdist processes share the run (each has
# its own test database, Celery queue and cache keys; 0 runs in one process;
# worksteal hands a long test's neighbours to whichever process is free).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/secondments
REDIS_URL ?= redis://127.0.0.1:6379/0
PYTEST_ARGS ?=
TEST_PROCESSES ?= 2

VENV := .venv
PY := $(VENV)/bin/python
INSTALL_STAMP := $(VENV)/.install-stamp
NODE_STAMP := node_modules/.install-stamp
SCSS_ENTRY := static/scss/app.scss
CSS := static/css/app.css
SCSS_FILES := $(shell find static/scss -name '*.scss' 2>/dev/null)
LOCKFILE := $(wildcard package-lock.json)

# The demo reads no server addresses: it runs on SQLite with Celery eager.
# DEMO_DB and DEMO_PORT let a test run the demo beside a developer's own; links
# in its emails (ours and allauth's) point at that port, over plain HTTP.
DEMO_DB ?= db.sqlite3
DEMO_PORT ?= 8000
DEMO_ENV := env -u REDIS_URL -u EMAIL_URL -u DJANGO_SETTINGS_MODULE \
	DATABASE_URL=sqlite:///$(abspath $(DEMO_DB)) DJANGO_DEBUG=1 SECONDMENTS_DEMO_MODE=1 \
	SECONDMENTS_SITE_URL=http://127.0.0.1:$(DEMO_PORT) SECONDMENTS_HTTP_PROTOCOL=http

SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
# Run `apt-get update` only when the package lists do not know the package
# (a fresh machine has none) or are too stale to download it.
apt_install = export DEBIAN_FRONTEND=noninteractive; \
	if ! apt-cache show $(1) >/dev/null 2>&1 || ! $(SUDO) apt-get install -y $(2) $(1); then \
		echo "==> Updating the apt package lists"; \
		$(SUDO) apt-get update && $(SUDO) apt-get install -y $(2) $(1); \
	fi

PG_START := pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start
REDIS_START := redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" \
	--appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log
PY_OK := -c 'import sys; sys.exit(sys.version_info < (3,12))'
PG_UP := pg_isready -q -d '$(DATABASE_URL)' >/dev/null 2>&1
REDIS_UP := [ "$$(redis-cli -u '$(REDIS_URL)' ping 2>/dev/null)" = PONG ]

.PHONY: help venv install assets run services browser compose-tool lint format test test-fast clean distclean

help:
	@echo "make run       the demo at http://127.0.0.1:8000/ (SQLite, no servers needed)"
	@echo "make test      lint and the whole test suite (PostgreSQL, Redis, Celery, Chromium)"
	@echo "make test-fast the suite without the browser journeys and the Celery worker tests"
	@echo "make lint      ruff check, ruff format --check and the import contract"
	@echo "make format    ruff format and ruff check --fix"
	@echo "make install   the virtualenv in $(VENV) with the test dependencies"
	@echo "make assets    npm packages and $(CSS)"
	@echo "make services  start local PostgreSQL and Redis if they are down"
	@echo "make clean     remove generated files (distclean also removes $(VENV) and node_modules)"

# --- Python ----------------------------------------------------------------

venv install: $(INSTALL_STAMP)

$(INSTALL_STAMP): pyproject.toml
	@if [ -e $(PY) ] && ! $(PY) $(PY_OK) 2>/dev/null; then \
		echo "==> $(VENV) does not run Python 3.12 or newer: recreating it"; rm -rf $(VENV); \
	fi
	@if [ ! -x $(PY) ]; then \
		python=""; \
		for candidate in python3.13 python3.12 python3; do \
			if command -v $$candidate >/dev/null 2>&1 && $$candidate $(PY_OK) >/dev/null 2>&1; then \
				python=$$candidate; break; \
			fi; \
		done; \
		if [ -z "$$python" ]; then \
			echo "error: Secondment Exchange needs Python 3.12 or newer, and none of python3.13," \
				"python3.12 or python3 is one. Install Python 3.12+ and run make again." >&2; \
			exit 1; \
		fi; \
		echo "==> Creating $(VENV) with $$($$python --version)"; \
		$$python -m venv --clear $(VENV); \
	fi
	@# pip 23 backtracks for 10+ minutes on this dependency set; a current pip takes seconds.
	@echo "==> Upgrading pip"
	$(PY) -m pip install --quiet --upgrade pip
	@echo "==> Installing the project and its test dependencies (about a minute when cold)"
	$(PY) -m pip install --progress-bar off --disable-pip-version-check -e '.[test]'
	@touch $@

# --- Front end -------------------------------------------------------------

assets: $(CSS)

$(NODE_STAMP): package.json $(LOCKFILE)
	@command -v npm >/dev/null || { echo "error: npm is needed (apt-get install nodejs npm)" >&2; exit 1; }
	@echo "==> Installing npm packages"
	@if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
	@touch $@

$(CSS): $(NODE_STAMP) $(SCSS_ENTRY) $(SCSS_FILES)
	@echo "==> Compiling $(SCSS_ENTRY) to $(CSS)"
	@mkdir -p $(@D)
	npx --no -- sass --no-source-map --style=compressed --load-path=node_modules $(SCSS_ENTRY) $(CSS)

$(SCSS_ENTRY):
	@echo "error: $(SCSS_ENTRY) is missing: it is the stylesheet that $(CSS) is compiled from" >&2
	@exit 1

# --- The demo --------------------------------------------------------------

run: $(INSTALL_STAMP) assets
	@echo "==> Demo mode: SQLite in $(abspath $(DEMO_DB)), tasks run in-process, email printed here"
	@echo "==> Applying migrations"
	$(DEMO_ENV) $(PY) manage.py migrate --noinput
	@echo "==> Loading the boroughs"
	$(DEMO_ENV) $(PY) manage.py load_boroughs
	@echo "==> Loading DfE's workforce figures for the league table"
	$(DEMO_ENV) $(PY) manage.py load_workforce
	@echo "==> Seeding the demo data"
	$(DEMO_ENV) $(PY) manage.py seed_demo
	@echo "==> Serving http://127.0.0.1:$(DEMO_PORT)/ (Ctrl+C stops it)"
	$(DEMO_ENV) $(PY) manage.py runserver 127.0.0.1:$(DEMO_PORT)

# --- Tools and services the tests need ---------------------------------------

services:
	@if ! $(PG_UP) && command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then \
		echo "==> Starting PostgreSQL"; \
		$(PG_START) || true; \
	fi
	@if ! $(REDIS_UP) && command -v redis-server >/dev/null; then \
		echo "==> Starting Redis"; \
		mkdir -p /var/lib/redis /var/log/redis; \
		$(REDIS_START) || true; \
	fi
	@for attempt in $$(seq 1 20); do $(PG_UP) && $(REDIS_UP) && break; sleep 0.5; done
	@$(PG_UP) || { echo "error: PostgreSQL is not reachable at $(DATABASE_URL)" >&2; exit 1; }
	@$(REDIS_UP) || { echo "error: Redis is not reachable at $(REDIS_URL)" >&2; exit 1; }
	@echo "==> PostgreSQL and Redis are up"

# Debian's Chromium, driven by Playwright; never `playwright install`.
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
		echo "==> Installing Debian chromium (about 30 s)"; \
		$(call apt_install,chromium); \
	fi

# The v1 tool validates docker-compose.yml offline; no Docker engine is needed.
compose-tool:
	@if ! command -v docker-compose >/dev/null; then \
		echo "==> Installing docker-compose (v1)"; \
		$(call apt_install,docker-compose,--no-install-recommends); \
	fi

# --- Quality ---------------------------------------------------------------

lint: $(INSTALL_STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: $(INSTALL_STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

test: $(INSTALL_STAMP) assets browser services compose-tool lint
	@echo "==> Running the tests against $(DATABASE_URL) and $(REDIS_URL)"
	DATABASE_URL='$(DATABASE_URL)' REDIS_URL='$(REDIS_URL)' $(VENV)/bin/pytest \
		-n $(TEST_PROCESSES) --dist worksteal $(PYTEST_ARGS)

# The edit-test loop: everything but the Chromium journeys and the tests that
# start a real Celery worker (make test still runs them all).
test-fast: $(INSTALL_STAMP) assets services
	@echo "==> Running the fast tests against $(DATABASE_URL) and $(REDIS_URL)"
	DATABASE_URL='$(DATABASE_URL)' REDIS_URL='$(REDIS_URL)' $(VENV)/bin/pytest \
		-n $(TEST_PROCESSES) --dist worksteal -m 'not browser and not worker' $(PYTEST_ARGS)

# --- Housekeeping ----------------------------------------------------------

clean:
	rm -rf staticfiles $(CSS) $(NODE_STAMP) .pytest_cache .ruff_cache test-results build *.egg-info
	find . -path ./$(VENV) -prune -o -path ./node_modules -prune -o -name __pycache__ -type d -print0 \
		| xargs -0 rm -rf

distclean: clean
	rm -rf $(VENV) node_modules db.sqlite3

# --- Benchmarks --------------------------------------------------------------

# wrk, the HTTP load generator `python -m bench.http` drives gunicorn with (Debian's package).
.PHONY: bench-tools
bench-tools:
	@if ! command -v wrk >/dev/null; then \
		echo "==> Installing wrk"; \
		$(call apt_install,wrk,--no-install-recommends); \
	fi
