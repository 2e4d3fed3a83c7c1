# Two commands on a fresh Debian/Ubuntu machine: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Debian packages the project needs (Python with venv; more arrive with the scanner/printer issues).
APT_PACKAGES := python3 python3-venv python3-pip

# What the integration tests drive for real: a fake clock (libfaketime) and a FAT file system
# (mkfs.vfat, mounted through FUSE with fusefat: no vfat kernel module is needed).
TEST_APT_PACKAGES := faketime dosfstools fusefat

.PHONY: run test lint check-imports unit bench system-deps test-system-deps clean

system-deps:
	@if ! $(PYTHON) -c 'import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then \
	  echo "Installing system packages: $(APT_PACKAGES)"; \
	  $(SUDO) apt-get update -q && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -q $(APT_PACKAGES); \
	fi

$(BIN)/python: | system-deps
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'
	touch $@ $(VENV)/.installed-run

run: $(VENV)/.installed-run
	$(BIN)/counter-app demo
	$(BIN)/counter-app

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

check-imports: $(VENV)/.installed-test
	$(BIN)/lint-imports

test-system-deps:
	@if ! command -v faketime >/dev/null || ! command -v fusefat >/dev/null \
	  || ! { command -v mkfs.vfat || [ -x /usr/sbin/mkfs.vfat ] || [ -x /sbin/mkfs.vfat ]; } >/dev/null; then \
	  echo "Installing test packages: $(TEST_APT_PACKAGES)"; \
	  $(SUDO) apt-get update -q && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -q $(TEST_APT_PACKAGES); \
	fi

test: lint check-imports test-system-deps
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

bench: $(VENV)/.installed-test
	$(BIN)/python -m tests.bench.store --json

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .hypothesis
