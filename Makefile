# SafeCampus: `make run` serves the demo district, `make test` runs the whole suite.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check -q
PYTEST_WORKERS ?= auto

.PHONY: run test lint setup deps-dev assets translations pdf-fonts system-test-deps migrate demo serve clean

run: setup migrate demo serve

test: deps-dev assets translations pdf-fonts system-test-deps
	$(PY) -m pytest -q -m "not browser" -n $(PYTEST_WORKERS)
	SAFECAMPUS_TEST_DB=$$(mktemp -d)/browser.sqlite3 $(PY) -m pytest -q -m browser -n $(PYTEST_WORKERS)

# Lint: ruff, the import contracts, migrations, the deploy check, and the deploy path itself
# (collectstatic under the production storage: hashed, compressed names).
lint: deps-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-logo
	$(PY) manage.py makemigrations --check --dry-run
	SAFECAMPUS_DEBUG=0 SAFECAMPUS_SECRET_KEY=ci-only-$$(head -c 48 /dev/urandom | base64 | tr -d '/+=\n') \
	SAFECAMPUS_ALLOWED_HOSTS=safecampus.example.org SAFECAMPUS_SMTP_HOST=smtp.example.org SAFECAMPUS_AUDIT_KEY=ci-only-audit-key-0123456789abcdef \
	SAFECAMPUS_VAR_DIR=$$(mktemp -d) $(PY) manage.py check --deploy --fail-level WARNING
	SAFECAMPUS_DEBUG=0 SAFECAMPUS_SECRET_KEY=ci-only-$$(head -c 48 /dev/urandom | base64 | tr -d '/+=\n') \
	SAFECAMPUS_VAR_DIR=$$(mktemp -d) $(PY) manage.py collectstatic --no-input -v0

setup: $(VENV)/.runtime assets translations pdf-fonts

$(VENV)/bin/python:
	@py=$$(bin/find-python) && echo "Using $$py" && $$py -m venv $(VENV)

$(VENV)/.runtime: requirements.txt | $(VENV)/bin/python
	$(PIP) install -r requirements.txt
	@touch $@

deps-dev: $(VENV)/.dev

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(PIP) install -r requirements-dev.txt
	@touch $(VENV)/.runtime $@

assets: node_modules/.installed
	@bin/vendor-assets

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

translations: $(VENV)/.runtime
	@$(PY) manage.py compile_translations -v0 >/dev/null

# PDFs (posters, cards) need a CJK font, and HarfBuzz's subsetter keeps rendering fast.
pdf-fonts:
	@fc-list 2>/dev/null | grep -qi "Noto Sans CJK" && ldconfig -p | grep -q libharfbuzz-subset \
	  || bin/apt-install fonts-noto-cjk libharfbuzz-subset0 \
	  || echo "WARNING: no CJK font installed: PDFs will show empty boxes for Chinese text."

# Browser tests drive Debian's chromium; the cross-process alarm test starts a redis-server;
# the map and card tests look at rendered PDF pages (poppler's pdftoppm and pdffonts).
# Install them once when missing (needs root or sudo).
system-test-deps:
	@command -v chromium >/dev/null || bin/apt-install chromium
	@command -v redis-server >/dev/null || bin/apt-install redis-server
	@command -v pdftoppm >/dev/null || bin/apt-install poppler-utils

migrate: setup
	$(PY) manage.py migrate --no-input -v0

demo: migrate
	$(PY) manage.py load_demo

serve:
	bin/serve

clean:
	rm -rf $(VENV) node_modules safecampus/static/vendor var
