# The two commands: `make run` serves the app with the demo, `make test` checks everything.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
PORT ?= 8000
STAMP := $(VENV)/.installed
CHROMIUM := /usr/bin/chromium

.PHONY: run test install lint format chromium postgres test-suites benchmark clean

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e ".[dev,prod,bench]"
	@touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo --if-empty
	@echo ""
	@echo "  Schema designer: http://127.0.0.1:$(PORT)/"
	@echo ""
	@# The background worker (big imports) beside the server, stopped when the server stops.
	$(PY) manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# Debian's Chromium for the browser tests (Playwright drives /usr/bin/chromium).
chromium:
	@if [ ! -x $(CHROMIUM) ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian's chromium for the browser tests..."; \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null \
	    || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }; \
	  else \
	    echo "error: the browser tests need $(CHROMIUM): run 'sudo apt-get install chromium'" >&2; exit 1; \
	  fi; \
	fi

# PostgreSQL's server binaries (initdb, pg_ctl) for the throwaway test cluster, unless
# TEST_DATABASE_URL names a server.
postgres:
	@if [ -z "$$TEST_DATABASE_URL" ] && ! command -v initdb >/dev/null \
	    && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian's postgresql for the tests..."; \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null \
	    || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; }; \
	  else \
	    echo "error: the tests need PostgreSQL: install postgresql or set TEST_DATABASE_URL" >&2; exit 1; \
	  fi; \
	fi
	@# The hypopg extension (hypothetical indexes) for the live EXPLAIN's tests, for each
	@# PostgreSQL version installed: Debian's postgresql-<version>-hypopg.
	@if [ -z "$$TEST_DATABASE_URL" ]; then \
	  for dir in /usr/lib/postgresql/*/; do \
	    version=$$(basename "$$dir"); \
	    [ -x "$$dir/bin/initdb" ] || continue; \
	    [ -f "/usr/share/postgresql/$$version/extension/hypopg.control" ] && continue; \
	    if [ "$$(id -u)" = 0 ]; then \
	      echo "Installing Debian's postgresql-$$version-hypopg for the tests..."; \
	      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "postgresql-$$version-hypopg" >/dev/null \
	      || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "postgresql-$$version-hypopg" >/dev/null; }; \
	    else \
	      echo "error: the tests need hypopg: run 'sudo apt-get install postgresql-$$version-hypopg'" >&2; exit 1; \
	    fi; \
	  done; \
	fi

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: $(STAMP) chromium postgres lint
	$(PY) -m tests.support.pgcluster run -- $(MAKE) --no-print-directory test-suites

# Run by `make test` with TEST_DATABASE_URL set: the whole suite (the store on SQLite),
# then the store's tests again with the store itself on PostgreSQL.
test-suites:
	$(BIN)/pytest -n 2 --dist loadfile --durations=15
	DATABASE_URL="$$TEST_DATABASE_URL" $(BIN)/pytest -m store -q

benchmark: $(STAMP)
	@for script in benchmarks/*.py; do echo "== $$script"; $(PY) $$script || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis test-artifacts staticfiles
