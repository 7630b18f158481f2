# Two commands for a newcomer: `make run` (the console coach) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench serve simulate clean

$(STAMP): pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit("Python 3.11+ is needed, this is " + sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/python -m bot chat --team $${TEAM:-demo} $(if $(LANG_CODE),--lang $(LANG_CODE),)

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .

bench: $(STAMP)
	$(BIN)/python bench/engine.py

serve: $(STAMP)
	$(BIN)/python -m bot serve

simulate: $(STAMP)
	$(BIN)/python -m bot simulate --months 6

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache *.egg-info
