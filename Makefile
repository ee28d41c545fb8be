# Two commands: `make demo` and `make test`. Both create .venv and install what they need first.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_DB := demo.db

.PHONY: install demo test test-all eval lint bench clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: install
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(BIN)/storytrace ingest examples/sample-corpus --db $(DEMO_DB)
	$(BIN)/storytrace stats --db $(DEMO_DB)
	$(BIN)/storytrace search "ministry denied" --db $(DEMO_DB) --limit 3

test: install
	$(BIN)/python -m pytest -q -m "not slow"

test-all: install
	$(BIN)/python -m pytest -q

eval: install
	$(BIN)/python -m pytest -q -m slow
	for script in evaluation/*.py; do $(BIN)/python $$script || exit 1; done

lint: install
	$(BIN)/ruff check src tests benchmarks evaluation examples

bench: install
	$(BIN)/python benchmarks/ingest.py --n 10000

clean:
	rm -rf $(VENV) *.egg-info src/*.egg-info .pytest_cache .ruff_cache $(DEMO_DB)*
