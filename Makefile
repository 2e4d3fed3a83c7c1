# Two commands on a fresh Debian/Ubuntu machine: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Debian packages the project needs (Python with venv; more arrive with the scanner/printer issues).
APT_PACKAGES := python3 python3-venv python3-pip

# Printing (issue 7): PDF tools for the tests and a real print queue (CUPS with the cups-pdf printer).
PRINT_PACKAGES := cups printer-driver-cups-pdf poppler-utils
# What the integration tests drive for real: a fake clock (libfaketime) and a FAT file system
# (mkfs.vfat, mounted through FUSE with fusefat: no vfat kernel module is needed).
TEST_APT_PACKAGES := faketime dosfstools fusefat

# Scanning tests need the SANE test backend, Tesseract with Vietnamese, and a Vietnamese font;
# python-sane is built against libsane-dev.
SCAN_APT_PACKAGES := sane-utils libsane1 libsane-dev tesseract-ocr tesseract-ocr-vie fonts-dejavu-core \
  softhsm2 opensc

.PHONY: run test lint check-imports unit bench bench-startup bench-sync screenshots system-deps print-deps test-system-deps scan-deps clean i18n i18n-compile openapi pg-deps

system-deps:
	@if ! $(PYTHON) -c 'import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then \
	  echo "Installing system packages: $(APT_PACKAGES)"; \
	  $(SUDO) apt-get update -q && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -q $(APT_PACKAGES); \
	fi

scan-deps:
	@missing=$$(for p in $(SCAN_APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing system packages for scanning: $$missing"; \
	  $(SUDO) apt-get update -q && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing; \
	fi

$(BIN)/python: | system-deps
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[i18n]'
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python scan-deps
	$(BIN)/pip install -q -e '.[test]'
	touch $@ $(VENV)/.installed-run

# --- translations: resources/i18n/<lang>.po is the single source; Babel extracts, updates, compiles.
# The compiled .mo files are generated (never committed): editable installs get them from here,
# the wheel build from setup.py.
I18N := resources/i18n
POT := build/i18n/messages.pot
LANGS := $(basename $(notdir $(wildcard $(I18N)/*.po)))
MO_FILES := $(foreach lang,$(LANGS),$(I18N)/$(lang)/LC_MESSAGES/counter_app.mo)
PYBABEL := $(BIN)/pybabel

$(I18N)/%/LC_MESSAGES/counter_app.mo: $(I18N)/%.po | $(VENV)/.installed-run
	@mkdir -p $(dir $@)
	$(PYBABEL) -q compile -l $* -i $< -o $@

i18n-compile: $(MO_FILES)

# Extract every msgid into the (generated, uncommitted) template, merge it into each .po, compile.
# The .po files come out sorted by msgid, without source line numbers, so moving code causes no
# churn; run this after merging branches that appended entries to a .po.
i18n: | $(VENV)/.installed-run
	@mkdir -p $(dir $(POT))
	$(PYBABEL) -q extract -F pyproject.toml --sort-output --no-location --no-wrap \
	  --project counter-app --version 0.1.0 -o $(POT) .
	for lang in $(LANGS); do \
	  $(PYBABEL) -q update -N --no-wrap -l $$lang -i $(POT) -o $(I18N)/$$lang.po || exit 1; \
	  sed -i '/^"POT-Creation-Date: /d' $(I18N)/$$lang.po; \
	done
	$(MAKE) --no-print-directory i18n-compile

# `make run` plays with the demo office in a data folder of its own, never a real office's store.
DATA ?= .demo-data
run: $(VENV)/.installed-run $(MO_FILES)
	$(BIN)/counter-app --data-dir "$(DATA)" demo
	$(BIN)/counter-app --data-dir "$(DATA)"

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

check-imports: $(VENV)/.installed-test
	$(BIN)/lint-imports

# Installs the print packages only when missing, starts cupsd when it is not running (no systemd
# here) and adds the cups-pdf queue "PDF" when absent. Without root or apt it says so and goes on:
# the printing tests then skip with the reason (and fail under CI=true).
print-deps:
	@if ! command -v pdftoppm >/dev/null || ! command -v lp >/dev/null || [ ! -e /usr/lib/cups/backend/cups-pdf ]; then \
	  echo "Installing system packages: $(PRINT_PACKAGES)"; \
	  ($(SUDO) apt-get update -q && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -q $(PRINT_PACKAGES)) \
	    || echo "could not install $(PRINT_PACKAGES)"; \
	fi
	@if command -v cupsd >/dev/null && ! lpstat -r 2>/dev/null | grep -q "is running"; then \
	  $(SUDO) cupsd || echo "could not start cupsd"; \
	  for i in 1 2 3 4 5 6 7 8 9 10; do lpstat -r 2>/dev/null | grep -q "is running" && break; sleep 0.5; done; \
	fi
	@if command -v lpadmin >/dev/null && lpstat -r 2>/dev/null | grep -q "is running" && ! lpstat -p PDF >/dev/null 2>&1; then \
	  $(SUDO) lpadmin -p PDF -E -v cups-pdf:/ -m lsb/usr/cups-pdf/CUPS-PDF_opt.ppd 2>/dev/null || echo "could not add the PDF queue"; \
	fi

test-system-deps:
	@if ! command -v faketime >/dev/null || ! command -v fusefat >/dev/null \
	  || ! { command -v mkfs.vfat || [ -x /usr/sbin/mkfs.vfat ] || [ -x /sbin/mkfs.vfat ]; } >/dev/null; then \
	  echo "Installing test packages: $(TEST_APT_PACKAGES)"; \
	  $(SUDO) apt-get update -q && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -q $(TEST_APT_PACKAGES); \
	fi

# The central server's tests run on PostgreSQL too: a private cluster started by the tests
# (initdb/pg_ctl as the user postgres); only the packages are installed here.
PG_APT_PACKAGES := postgresql

pg-deps:
	@if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null; then \
	  echo "Installing system packages: $(PG_APT_PACKAGES)"; \
	  ($(SUDO) apt-get update -q && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -q $(PG_APT_PACKAGES)) \
	    || echo "could not install $(PG_APT_PACKAGES)"; \
	fi

# The committed wire contract, regenerated from the server (review the diff before committing).
openapi: $(VENV)/.installed-test
	$(BIN)/python -m counter_app --data-dir build/central-cli central --write-openapi docs/api/openapi.json

test: lint check-imports print-deps test-system-deps scan-deps pg-deps $(MO_FILES)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

bench: $(VENV)/.installed-test
	$(BIN)/python -m tests.bench.store --json
	$(BIN)/python -m tests.bench.printing --json
	$(BIN)/python -m tests.bench.sync --json

bench-sync: $(VENV)/.installed-test
	$(BIN)/python -m tests.bench.sync --json

bench-startup: $(VENV)/.installed-test $(MO_FILES)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m tests.bench.startup --json

# Needs an X server: apt-get install xvfb xauth libxcb-cursor0 … (see docs); not part of `make test`.
screenshots: $(VENV)/.installed-test $(MO_FILES)
	env -u QT_QPA_PLATFORM xvfb-run -a -s "-screen 0 1400x1000x24" \
	  $(BIN)/python -m tests.gui.screenshots docs/screenshots
	env -u QT_QPA_PLATFORM xvfb-run -a -s "-screen 0 1400x1000x24" \
	  $(BIN)/python -m tests.gui.scan_screenshot docs/screenshots
	env -u QT_QPA_PLATFORM xvfb-run -a -s "-screen 0 1400x1000x24" \
	  $(BIN)/python -m tests.gui.sync_screenshots docs/screenshots

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .hypothesis
