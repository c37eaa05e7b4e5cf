# draftgate: `make demo` runs the product on embedded defaults, `make test` runs the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export HF_HUB_OFFLINE := 1

.PHONY: demo test lint install browser-deps clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/draftgate demo

# Debian's Chromium for the browser tests (never `playwright install`: no downloads here).
browser-deps:
	@command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium)

test: $(STAMP) browser-deps
	BROWSER_TESTS=required $(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check agent knowledge prompts review api web cli tests evals benchmarks
	$(BIN)/mypy

clean:
	rm -rf $(VENV) var .pytest_cache
