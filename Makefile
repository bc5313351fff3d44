# Two commands on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
CHROMIUM := /usr/bin/chromium
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
REDIS ?= redis://127.0.0.1:6379/0
PORT ?= 8000
# `make manage ARGS="createsuperuser"` runs any manage.py command on the local site.
ARGS ?= help
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Two workers on two cores; browser tests run in one process after the rest.
PYTEST := $(PY) -m pytest -n 2

.PHONY: run serve manage test lint unit browser bench chromium clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	DEBUG=true $(PY) manage.py compile_catalog
	DEBUG=true $(PY) manage.py migrate --noinput
	DEBUG=true $(PY) manage.py load_content
	DEBUG=true $(PY) manage.py runserver 127.0.0.1:$(PORT)

# The local site with production settings (DEBUG off, static files through
# whitenoise), so the real 404 and 500 pages can be seen. Plain http on
# 127.0.0.1, so the https redirect is off.
SERVE_ENV := DEBUG=false SECURE_SSL_REDIRECT=false SESSION_COOKIE_SECURE=false \
	CSRF_COOKIE_SECURE=false ALLOWED_HOSTS=127.0.0.1,localhost \
	SECRET_KEY=$${SECRET_KEY:-local-serve-$$(hostname)-not-for-production}
serve: $(STAMP)
	$(SERVE_ENV) $(PY) manage.py migrate --noinput
	$(SERVE_ENV) $(PY) manage.py load_content
	$(SERVE_ENV) $(PY) manage.py collectstatic --noinput -v0
	$(SERVE_ENV) $(VENV)/bin/gunicorn pathways.wsgi -w 2 -b 127.0.0.1:$(PORT)

manage: $(STAMP)
	DEBUG=true $(PY) manage.py $(ARGS)

chromium:
	@command -v $(CHROMIUM) >/dev/null || { \
	  echo "Installing Chromium from Debian's packages for the browser tests"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium; }

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	PYTHONPATH=. $(PY) -m mypy pathways tests

# Unit and integration tests on SQLite, then again on PostgreSQL (with Redis).
# With CI=true a missing PostgreSQL or Redis fails the run; elsewhere it is
# skipped with a loud notice.
unit: $(STAMP)
	DEBUG=true $(PY) manage.py compile_catalog
	$(PYTEST) -m "not browser"
	@if timeout 2 bash -c '</dev/tcp/127.0.0.1/5432' 2>/dev/null && \
	    timeout 2 bash -c '</dev/tcp/127.0.0.1/6379' 2>/dev/null; then \
	  echo "== the same tests on PostgreSQL and Redis (content rules ran above, once) =="; \
	  DATABASE_URL=$(PG_URL) REDIS_URL=$(REDIS) $(PYTEST) -m "not browser and not content"; \
	elif [ "$${CI:-}" = "true" ]; then \
	  echo "FAIL: PostgreSQL (127.0.0.1:5432) or Redis (127.0.0.1:6379) is unreachable in CI"; exit 1; \
	else \
	  echo; echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"; \
	  echo "!! SKIPPED: PostgreSQL or Redis on 127.0.0.1 is unreachable, so the  !!"; \
	  echo "!! PostgreSQL and Redis runs did not happen. CI treats this as fail. !!"; \
	  echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"; echo; \
	fi

browser: $(STAMP) chromium
	DEBUG=true $(PY) manage.py compile_catalog
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(PY) -m pytest -m browser

test: export HYPOTHESIS_PROFILE = $(if $(filter true,$(CI)),ci,dev)
test: lint unit browser

clean:
	rm -rf $(VENV) *.egg-info db.sqlite3* staticfiles screenshots

# Figures, not assertions: content loads (1,000 and 10,000 articles), serving
# through gunicorn against a static copy, search latency and a 60 s load run.
bench: $(STAMP)
	@command -v wrk >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq wrk; }
	$(PY) tests/bench/run.py
