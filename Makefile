# Inspraak: the two commands of the README are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
TRANSLATIONS := inspraak/translations
# Links in mail written outside a request (the demo, reminders) point at the server `make run`
# starts; listening on every interface (HOST=0.0.0.0), links follow the request's host instead.
DEV_LINKS := $(if $(filter 0.0.0.0 ::,$(HOST)),,INSPRAAK_PUBLIC_URL=$${INSPRAAK_PUBLIC_URL:-http://$(HOST):$(PORT)})

.PHONY: run test install install-dev translations extract-messages update-messages db bench lock clean help

help:
	@echo "make run    - install, migrate the SQLite database, load demo content, serve on http://$(HOST):$(PORT)"
	@echo "              (another port: make run PORT=5001)"
	@echo "make test   - install with the dev extra and run the whole test suite"
	@echo "make bench  - run the benchmarks in bench/"
	@echo "make lock   - regenerate requirements/production.txt (pinned, with hashes) from pyproject.toml"
	@echo "make extract-messages / update-messages - refresh the translation catalogues"

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Inspraak needs Python 3.11 or newer (found %s)" % sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install -qq -e .
	@touch $@

$(VENV)/.installed-dev: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install -qq -e '.[dev]'
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed translations
install-dev: $(VENV)/.installed-dev translations

translations: $(VENV)/.installed
	$(BIN)/pybabel compile --statistics -d $(TRANSLATIONS)

extract-messages: install
	$(BIN)/pybabel extract -F babel.cfg -k lazy_gettext -k _l -k ngettext:1,2 --no-location --sort-output \
		--project Inspraak -o $(TRANSLATIONS)/messages.pot .

update-messages: extract-messages
	$(BIN)/pybabel update --no-fuzzy-matching -i $(TRANSLATIONS)/messages.pot -d $(TRANSLATIONS)

db: install
	INSPRAAK_ENV=development $(BIN)/inspraak init-db

run: install db
	@$(BIN)/python -c 'import socket, sys; s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(("$(HOST)", $(PORT)))' 2>/dev/null \
		|| { echo "Port $(PORT) on $(HOST) is already in use (another Inspraak, or another program). Choose another port: make run PORT=5001"; exit 1; }
	INSPRAAK_ENV=development $(DEV_LINKS) $(BIN)/inspraak seed-demo
	@echo ""
	@echo "Inspraak runs at http://$(HOST):$(PORT)  (stop with Ctrl+C)"
	INSPRAAK_ENV=development $(DEV_LINKS) $(BIN)/inspraak run --host $(HOST) --port $(PORT)

test: install-dev
	@if [ -x /usr/bin/chromium ]; then echo "Chromium found: the browser journeys in tests/browser run too."; \
	else echo "NOTE: /usr/bin/chromium is missing, so the browser journeys in tests/browser are SKIPPED (apt-get install chromium)."; fi
	@if [ -z "$$INSPRAAK_TEST_DATABASE_URL" ]; then echo "NOTE: INSPRAAK_TEST_DATABASE_URL is not set, so the PostgreSQL tests are SKIPPED."; fi
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The production lock file (hashes of every package): run after changing dependencies in pyproject.toml.
lock: $(BIN)/python
	$(BIN)/python -m pip install -q pip-tools
	$(BIN)/pip-compile --quiet --extra production --generate-hashes --strip-extras --no-emit-index-url \
		--no-emit-find-links --output-file requirements/production.txt pyproject.toml

bench: install-dev
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) instance .pytest_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
