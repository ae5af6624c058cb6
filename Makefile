PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test lint bench fuzz clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[office]'
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[test,office]'
	touch $@ $(VENV)/.installed

run: $(VENV)/.installed
	$(BIN)/plan tjek
	$(BIN)/plan liste

lint: $(VENV)/.installed-test
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports

test: lint
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) build src/*.egg-info .pytest_cache .ruff_cache .mypy_cache .hypothesis

# Bytecode first: where PYTHONDONTWRITEBYTECODE is set, every `plan` process would otherwise compile
# its sources again and the start-up figures would measure the compiler.
bench: $(VENV)/.installed-test
	$(BIN)/python -m compileall -q src
	$(BIN)/python benchmarks/generate.py
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/history.py
	$(BIN)/python benchmarks/envelope.py

fuzz: $(VENV)/.installed-test
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest tests/test_properties.py tests/test_timing.py -k "fuzz or anything or generated"
