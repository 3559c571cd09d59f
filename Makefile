# Two commands do everything on a fresh clone: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
RUN_PORT = $(or $(PORT),$(shell sed -n 's/^PORT=//p' .env 2>/dev/null),8000)
PG_URL ?= postgres://postgres@127.0.0.1:5432/backoffice
PG_BENCH_URL ?= postgres://postgres@127.0.0.1:5432/backoffice_bench
TEST_SETTINGS := --settings=config.test_settings

.PHONY: help install env setup run test check test-sqlite test-postgres browser bench clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "%-14s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev]"
	rm -f $(VENV)/.installed-* && touch $@

install: $(STAMP) ## Create .venv and install the project with its dev tools

env: install ## Write the secrets and demo settings missing from .env
	$(BIN)/python -m config.envfile

setup: env ## Migrate, install schedules, load demo data
	$(BIN)/python manage.py migrate --no-input -v 0
	$(BIN)/python manage.py migrate --no-input -v 0 --settings=sandbox.settings
	$(BIN)/python manage.py createcachetable
	$(BIN)/python manage.py setup_schedules
	$(BIN)/python manage.py seed_demo

run: setup ## Web server, task cluster and partner sandbox together (Ctrl-C stops all)
	@echo "Starting web on http://127.0.0.1:$(RUN_PORT)/admin/, task cluster and sandbox"
	BACKOFFICE_PORT=$(RUN_PORT) $(BIN)/honcho start -f Procfile -p $(RUN_PORT)

browser: ## Install Debian's Chromium for the browser tests (never a downloaded browser)
	@command -v chromium >/dev/null || { apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

check: install ## ruff, and migrations that the models need
	$(BIN)/ruff check .
	$(BIN)/python manage.py makemigrations --check --dry-run $(TEST_SETTINGS)

test-sqlite: install browser
	DATABASE_URL=sqlite:///$(CURDIR)/db.sqlite3 $(BIN)/pytest

test-postgres: install browser
	$(BIN)/python -m config.pgdatabase $(PG_URL)
	DATABASE_URL=$(PG_URL) $(BIN)/pytest

test: check test-sqlite test-postgres ## The whole suite on SQLite, then on PostgreSQL

bench: install ## Benchmarks on SQLite, then PostgreSQL (figures and ratios against a baseline)
	for b in bench/bench_*.py; do $(BIN)/python $$b || exit 1; done
	for b in bench/bench_*.py; do BENCH_DATABASE_URL=$(PG_BENCH_URL) $(BIN)/python $$b || exit 1; done

clean: ## Remove the virtualenv and local databases
	rm -rf $(VENV) var db.sqlite3
