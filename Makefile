# The two commands a newcomer needs: `make site` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed
NODE    = tests/browser/node_modules/.installed

.PHONY: site test test-fast lint check golden bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

# axe-core and html-validate for the browser tests. Without npm those tests
# skip locally and say so; CI installs npm first (.ci/run).
$(NODE): tests/browser/package.json tests/browser/package-lock.json
	@if command -v npm >/dev/null; then \
		npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error && touch $(NODE); \
	else echo "npm not found: browser checks will skip (apt-get install npm)"; fi

site: $(STAMP)
	$(BIN)/baton build content -o site

check: $(STAMP)
	$(BIN)/baton check content

# Everything: lint, then every test. What CI runs.
test: lint $(NODE)
	$(BIN)/python -m pytest

# The quick tier, under a minute: no browser, server, PDF, wheel or
# 100-plus-project tests (those are marked slow; see tests/conftest.py).
test-fast: lint
	$(BIN)/python -m pytest -m "not slow" -q

# Ruff and mypy, configured in pyproject.toml.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

golden: $(STAMP)
	BATON_REGEN=1 $(BIN)/python -m pytest tests/test_golden.py

# Not part of `make test`: minutes of builds, timed. Writes bench/scale.md.
bench: $(STAMP)
	$(BIN)/pip install --quiet -e '.[bench]'
	$(BIN)/python bench/scale.py --sizes 100,300,1000 --runs 3 --out bench/scale.md
	$(BIN)/python bench/load.py --runs 5

clean:
	rm -rf $(VENV) site .pytest_cache .hypothesis tests/browser/node_modules tests/artifacts
