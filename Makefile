# PAHT — `make run` serves the demo on SQLite, `make test` runs the test suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

export DEBUG ?= true
export PAHT_DATA_DIR ?= var

.PHONY: run test install lint format clean
.PHONY: bench

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/paht migrate --no-input
	$(BIN)/paht import-units --province $${PAHT_PROVINCE_CODE:-96}
	$(BIN)/paht seed-demo
	$(BIN)/paht serve --with-worker --host $${HOST:-127.0.0.1} --port $${PORT:-8000}

test: $(STAMP)
	scripts/ensure-chromium
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

format: $(STAMP)
	$(BIN)/ruff check --fix src tests
	$(BIN)/ruff format src tests

clean:
	rm -rf $(VENV) var .pytest_cache

# Scale benchmarks (issue 8) on PostgreSQL: load N reports, HTTP benchmarks, no-loss load test.
# DATABASE_URL=postgres://postgres@127.0.0.1:5432/paht_bench make bench N=1000000
N ?= 1000000
BENCH_ARGS ?=
bench: $(STAMP)
	DEBUG=false $(BIN)/python bench/run.py --n $(N) $(BENCH_ARGS)
