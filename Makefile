# draftgate: `make demo` runs the product on embedded defaults, `make test` runs the tests.
PYTHON ?= python3
PORT ?= 8000
# Optional extras, e.g. `make demo EXTRAS=torch` for the torch embedder (not needed by default).
EXTRAS ?=
SPEC := $(if $(EXTRAS),.[$(EXTRAS)],.)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
export HF_HUB_OFFLINE := 1

.PHONY: demo test lint install browser-deps clean

# No --quiet: pip prints each package it collects and installs, so a first run shows its progress.
# `make demo` installs the runtime only (no torch, no test tools); `make test` adds the test tools.
$(STAMP): pyproject.toml
	@echo "[1/3] creating $(VENV)"
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "[2/3] upgrading pip"
	$(BIN)/python -m pip install --upgrade --progress-bar on pip
	@echo "[3/3] installing draftgate ($(SPEC)) and its dependencies"
	$(BIN)/python -m pip install --progress-bar on -e '$(SPEC)'
	touch $(STAMP)

$(TEST_STAMP): $(STAMP)
	@echo "installing the test tools (.[test])"
	$(BIN)/python -m pip install --progress-bar on -e '.[test]'
	touch $(TEST_STAMP)

install: $(STAMP)

# `make demo PORT=8001` when port 8000 is taken.
demo: $(STAMP)
	$(BIN)/draftgate demo --port $(PORT)

# Debian's Chromium for the browser tests (never `playwright install`: no downloads here).
browser-deps:
	@command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium)

test: $(TEST_STAMP) browser-deps
	BROWSER_TESTS=required $(BIN)/python -m pytest

lint: $(TEST_STAMP)
	$(BIN)/ruff check agent knowledge prompts review api web cli tests evals benchmarks
	$(BIN)/mypy

clean:
	rm -rf $(VENV) var .pytest_cache
