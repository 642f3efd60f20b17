# The two gates (`make lint`, `make test`) and the demo. Each target installs what it needs
# first, so a fresh machine needs nothing but Python 3.11 and make.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
PYTEST_ARGS ?=

.PHONY: demo test lint bench system-deps clean

$(BIN)/eventwire: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,lint]'
	touch $@

# Test-only system packages: a real Prometheus (promtool) and docker-compose to validate deploy/.
system-deps:
	@if ! command -v promtool >/dev/null || ! command -v docker-compose >/dev/null; then \
		$(SUDO) apt-get update -q && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q --no-install-recommends prometheus docker-compose; \
	fi

demo: $(BIN)/eventwire
	$(BIN)/eventwire demo --once

test: $(BIN)/eventwire system-deps
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(BIN)/eventwire
	$(BIN)/ruff check worker tests
	$(BIN)/ruff format --check worker tests
	$(BIN)/mypy
	$(BIN)/lint-imports

bench: $(BIN)/eventwire
	$(BIN)/eventwire bench

clean:
	rm -rf $(VENV) .eventwire .pytest_cache .mypy_cache .ruff_cache
