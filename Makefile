# The two commands: `make run` and `make test`. Everything else is set-up.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501
PROCESSES ?= $(shell nproc 2>/dev/null || echo 2)
export COPROG_DB ?= $(CURDIR)/var/coprog.db
export COPROG_PORT := $(PORT)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

DEMO ?= 1
SETUP_FLAGS := $(if $(filter 0 no,$(DEMO)),--no-demo,--demo)

.PHONY: run run-cluster test shuffled lint venv dev browser nginx dovecot pdflibs catalogues demo password unit apptest security protocol browser-test bench clean

run: venv pdflibs catalogues ## set up the database (the demo on a new one, unless DEMO=0) and start http://localhost:8501
	$(PY) -m coprog setup $(SETUP_FLAGS)
	$(VENV)/bin/streamlit run serve.py --server.port $(PORT)

run-cluster: venv pdflibs nginx catalogues ## the same on PROCESSES Streamlit processes behind nginx (one per core)
	$(PY) -m coprog setup $(SETUP_FLAGS)
	$(PY) -m coprog serve --processes $(PROCESSES) --port $(PORT)

test: lint pdflibs browser nginx dovecot catalogues ## install what the tests need (Chromium, nginx, Dovecot), check the code and run every test
	$(PY) -m pytest -p no:randomly

SEED ?= $(shell date +%s)
shuffled: dev pdflibs browser nginx dovecot catalogues ## the browser suite alone, in a random order (SEED=… repeats one)
	$(PY) -m pytest tests/browser --randomly-seed=$(SEED)

lint: dev ## ruff (lint and format) on everything, mypy on the core
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

venv: $(VENV)/.runtime
dev: $(VENV)/.dev

$(VENV)/bin/python:
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] >= (3, 11), "Python 3.11+ required"'
	@$(PYTHON) -m venv $(VENV) || { echo "python3 -m venv failed: on Debian install python3-venv"; \
	  $(SUDO) apt-get update && $(SUDO) apt-get install -y python3-venv && $(PYTHON) -m venv $(VENV); }
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps -e .  # the `coprog` command; coprog and testkit importable
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements-dev.txt
	$(PY) -m pip install --quiet --no-deps -e .
	touch $(VENV)/.runtime $@

CATALOGUES := $(patsubst %.po,%.mo,$(wildcard coprog/texts/locale/*/LC_MESSAGES/coprog.po))
catalogues: $(CATALOGUES) ## the interface's texts compiled by Babel (.po -> .mo)
coprog/texts/locale/%/LC_MESSAGES/coprog.mo: coprog/texts/locale/%/LC_MESSAGES/coprog.po | $(VENV)/.runtime
	$(VENV)/bin/pybabel compile -i $< -o $@ -l $*

browser: ## Debian's Chromium for the browser tests, when missing
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Chromium from Debian packages..."; \
	  $(SUDO) apt-get update -q && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q chromium fonts-dejavu-core; }

pdflibs: ## Pango and a font for the accessible PDFs (WeasyPrint), when missing
	@{ ldconfig -p | grep -q 'libpango-1.0.so' && ldconfig -p | grep -q 'libpangoft2-1.0.so' \
	  && fc-list 2>/dev/null | grep -qi dejavu; } || { \
	  echo "Installing Pango and DejaVu fonts from Debian packages (for the PDFs)..."; \
	  $(SUDO) apt-get update -q && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q \
	    libpango-1.0-0 libpangoft2-1.0-0 fontconfig fonts-dejavu-core; }

nginx: ## Debian's nginx for the several-processes mode, when missing
	@command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || { \
	  echo "Installing nginx from Debian packages..."; \
	  $(SUDO) apt-get update -q && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q nginx-light; }

dovecot: ## Debian's Dovecot, the real IMAP server the PEC tests read from, when missing
	@command -v dovecot >/dev/null 2>&1 || [ -x /usr/sbin/dovecot ] || { \
	  echo "Installing Dovecot (IMAP) from Debian packages..."; \
	  $(SUDO) apt-get update -q && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q dovecot-imapd; }

demo: venv ## (re)create the demo percorso; other percorsi are untouched
	$(PY) -m coprog demo --reset

password: venv ## a new organisers' password on this machine (when COPROG_ADMIN_PASSWORD is not set)
	$(PY) -m coprog new-password

unit: dev pdflibs catalogues ## the core's unit tests
	$(PY) -m pytest -p no:randomly tests/unit
apptest: dev pdflibs catalogues ## the pages' AppTests
	$(PY) -m pytest -p no:randomly tests/apptest
security: dev catalogues ## hostile input, access fuzzing, faults
	$(PY) -m pytest -p no:randomly tests/security
protocol: dev nginx catalogues ## many headless browsers over Streamlit's websocket against a real server
	$(PY) -m pytest -p no:randomly tests/protocol
browser-test: dev pdflibs browser catalogues ## Playwright and Chromium against a real server
	$(PY) -m pytest -p no:randomly tests/browser

bench: dev nginx catalogues ## print the benchmark figures (nothing asserted on time)
	$(PY) bench/board.py
	$(PY) bench/projector.py
	$(PY) bench/figures.py
	$(PY) bench/load.py
	$(PY) bench/opening.py --live all
	$(PY) bench/throughput.py
	$(PY) bench/writes.py

clean:
	rm -rf $(VENV) .pytest_cache
