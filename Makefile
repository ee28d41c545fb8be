# Two commands: `make demo` and `make test`. Both create .venv and install what they need first.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_DB := demo.db

.PHONY: install browser demo test test-all eval lint bench bench-api clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Debian chromium + Playwright for the browser tests; prints why and carries on where apt is unavailable.
browser: install
	bash scripts/install-browser.sh

demo: install
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm $(DEMO_DB).ann
	$(BIN)/storytrace ingest examples/sample-corpus --db $(DEMO_DB)
	$(BIN)/storytrace stories --db $(DEMO_DB)
	$(BIN)/storytrace storylines --db $(DEMO_DB)
	$(BIN)/storytrace provenance text/harbour-ledger-corvan-scoop.txt --db $(DEMO_DB)
	$(BIN)/storytrace entity Danescu --db $(DEMO_DB)
	$(BIN)/storytrace timeline --entity Danescu --db $(DEMO_DB)
	$(BIN)/storytrace claims --db $(DEMO_DB) --entity "Halden"
	$(BIN)/storytrace search '"pure fiction"' --db $(DEMO_DB) --limit 3
	@echo "Time expressions of one sample article (publication date 2025-03-04):"
	sed '1s/^ date [0-9-]* //' examples/sample-corpus/text/harbour-ledger-corvan-scoop.txt | $(BIN)/storytrace timex - --dct 2025-03-04
	@echo ""
	@echo "Browse it: $(BIN)/storytrace serve --db $(DEMO_DB)   then open http://127.0.0.1:8000/ (API docs at /docs)"

test: install browser
	$(BIN)/python -m pytest -q -m "not slow"

test-all: install
	$(BIN)/python -m pytest -q

EVALUATIONS := tempeval citations derivations_dev semeval stories_dev ecbplus polnear search_dev entities_meantime

eval: install
	$(BIN)/python -m pytest -q -m slow
	for name in $(EVALUATIONS); do $(BIN)/python evaluation/$$name.py || exit 1; done

lint: install
	$(BIN)/ruff check src tests benchmarks evaluation examples

bench: install
	$(BIN)/python benchmarks/ingest.py --n 10000

bench-api: install
	$(BIN)/python benchmarks/api.py --n 10000

clean:
	rm -rf $(VENV) *.egg-info src/*.egg-info .pytest_cache .ruff_cache $(DEMO_DB)* test-artifacts
