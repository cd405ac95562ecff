# Fresh machine: `make run` (set up, index seeds/, start the bot or the terminal chat); `make test`.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin

.PHONY: setup index run chat bot test lint eval bench bench-full wheel clean

$(BIN)/accord: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

setup: $(BIN)/accord

index: setup
	$(BIN)/accord index

# Starts the Telegram bot when TELEGRAM_BOT_TOKEN is set, else the terminal chat.
run: index
	@if [ -n "$$TELEGRAM_BOT_TOKEN" ]; then $(BIN)/accord bot; else $(BIN)/accord chat; fi

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: lint
	$(BIN)/pytest

eval: setup
	$(BIN)/accord eval

bench: setup
	$(BIN)/python -m bench.run --quick

bench-full: setup
	$(BIN)/python -m bench.run

# The wheel carries prompts/, the gold set and the data files (tests/test_packaging.py installs it).
wheel: setup
	$(BIN)/python -m pip wheel --no-deps --no-build-isolation --wheel-dir dist .

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache evals/runs bench/results build dist
