# Pendamping: the words people expect. `make run` to try it, `make test` before you push.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test test-sqlite test-postgres lint format bench reliability screenshots clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## Set up (first time: venv, database, reference + demo data) and serve on http://127.0.0.1:8000
run: $(STAMP)
	$(BIN)/pendamping setup
	$(BIN)/pendamping demo --if-empty
	$(BIN)/pendamping serve --host $(HOST) --port $(PORT)

## Lint, migrations check, then the whole suite on SQLite and on PostgreSQL
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_SETTINGS_MODULE=pendamping.settings.test $(BIN)/pendamping makemigrations --check --dry-run
	scripts/test-all

test-sqlite: $(STAMP)
	scripts/test-all sqlite

test-postgres: $(STAMP)
	scripts/test-all postgres

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## Benchmarks behind the figures in docs/benchmarks.md (long)
bench: $(STAMP)
	$(BIN)/python bench/run_all.py

## Reliability proof (about three hours at the issue's scale on 2 cores, see bench/reliability.py): security tests, hostile input, kills, crashes, load -> docs/reliability.md
reliability: $(STAMP)
	$(BIN)/python bench/reliability.py

screenshots: $(STAMP)
	$(BIN)/python scripts/screenshots.py

clean:
	rm -rf $(VENV) var build *.egg-info
