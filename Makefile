# The two commands: `make run` and `make test`. Everything else is what they use.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
PYTEST_ARGS ?=
# pytest-xdist workers for `make test` (each with its own database, cache prefix, Celery
# queue, media folder and mail stamp: docs/testing.md). 0 runs in one process.
PYTEST_WORKERS ?= 2

.PHONY: run test screenshots services stop status bootstrap bootstrap-browser setup lint bench faults clean-local mutation backup restore-drill

## run: install what is missing, start the services, migrate, load fixtures and
## demo accounts, then run the web server, a Celery worker and beat (Ctrl-C stops them).
run: setup
	@echo
	@echo "Portal:        http://127.0.0.1:8000/   (staff admin: http://127.0.0.1:8000/admin/)"
	@echo "Received mail: .local/mail/*.eml (the SMTP sink on 127.0.0.1:$${IDHR_SMTP_PORT:-58025})"
	@echo "Stop the services afterwards with: make stop"
	@echo
	$(VENV)/bin/honcho start

## test: the same set-up with the test database, the code checks (lint), then the whole suite.
test: bootstrap-browser services lint
	@set +e; \
	if [ -n "$$CI" ]; then extra="--create-db"; else extra=""; fi; \
	$(PY) -m pytest -n $(PYTEST_WORKERS) --durations=30 $$extra $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: failing" >&2; exit 1; fi; \
	exit $$rc

## screenshots: the browser tests again, saving their pictures to artifacts/screenshots/,
## with the screenshot-only tests (marker `screenshots`) that `make test` leaves out.
screenshots: bootstrap-browser services css
	$(PY) -m pytest -n $(PYTEST_WORKERS) --screenshots -m "browser or screenshots" $(PYTEST_ARGS)

## lint: ruff, import-linter (the import rules in .importlinter), bandit (fails on a high-severity
## finding) and pip-audit on requirements/ (runtime and dev).
lint: bootstrap
	$(VENV)/bin/ruff check --output-format concise .
	$(VENV)/bin/lint-imports --no-cache
	$(PY) scripts/import_cycles.py
	$(VENV)/bin/bandit -c bandit.yaml -r . -q --severity-level high
	$(PY) scripts/audit_dependencies.py

bootstrap:
	@scripts/bootstrap

bootstrap-browser:
	@scripts/bootstrap --browser

services: bootstrap
	@scripts/services start

stop:
	@scripts/services stop

status:
	@scripts/services status

## backup: a pgBackRest backup of the local cluster (WAL is archived continuously), the
## private media's manifest (SHA-256 per file) and the audit chains' anchors (cases/backup).
backup: services
	@$(MANAGE) backup

## restore-drill: restore the latest backup (or TO="2026-03-01 14:02", the office's time)
## into a scratch cluster on its own port and check it; KEYS=file gives the keys of that time.
restore-drill: services
	@$(MANAGE) restore_drill $(if $(TO),--to "$(TO)") $(if $(KEYS),--keys "$(KEYS)")

setup: services
	@$(MANAGE) migrate --noinput
	@$(MANAGE) db_grant_runtime idhr_app
	@$(MANAGE) load_site_content
	@$(MANAGE) create_demo_staff
	@$(MANAGE) create_demo_cases

## bench: data at scale, staff pages at 1,000 and 100,000 cases, the report form under load,
## notification latency and fault runs; prints a table and writes bench/results.json.
## IDHR_LOCAL_DIR / IDHR_*_PORT select another set of services (see bench/README.md).
bench: services
	$(PY) bench/run.py

## mutation: mutmut over the guards, the clocks, the statistics suppression, the audit chain and
## the receipt codes, one module after another, each against its own fast tests (not part of
## `make test`; results and survivors in docs/testing.md). MODULES="guards deadlines" picks some;
## MUTATION_CHILDREN (default 2) is how many mutants run at once.
MODULES ?=
mutation: services
	$(PY) scripts/mutation.py $(MODULES)

## faults: only the fault runs (PostgreSQL restart, Redis stop/start) on the existing bench data.
faults: services
	$(PY) bench/run.py --only faults

## css: Bootstrap trimmed to the rules the portal uses (PurgeCSS) and gzipped, in static/build/.
.PHONY: css
css: bootstrap
	@scripts/build_css
# `make run` and `make test` build it first (extra prerequisites of their targets above).
setup: css
test: css

## run-sso: `make run` with single sign-on through a local test identity provider
## (scripts/test_idp.py: the tests' pysaml2 IdP on 127.0.0.1:58900; its users are printed).
.PHONY: run-sso
run-sso: setup
	@eval "$$($(PY) scripts/test_idp.py env)"; \
	$(PY) scripts/test_idp.py serve & idp=$$!; trap 'kill $$idp 2>/dev/null' EXIT; \
	echo "Staff sign-in with SSO: http://127.0.0.1:8000/admin/ (\"Sign in with your university account\")"; \
	$(VENV)/bin/honcho start
