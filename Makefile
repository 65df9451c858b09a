# The commands of the README: `make run` (the dashboard), `make test` (every test) and `make team` (the dashboard for a
# team: PostgreSQL, N replicas, nginx). Each sets up what it needs.
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8501

.PHONY: run test lint team setup browser servers bench boundaries

run: setup
	$(PY) -m streamlit run serve.py --server.port $(PORT)

test: setup browser servers lint
	$(PY) -m pytest

# ruff (pyproject.toml): lint and formatting are part of the test command.
lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

setup: $(VENV)/.installed

$(VENV)/.installed: requirements.txt requirements-dev.txt
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

# Browser tests drive Debian's Chromium (Playwright cannot download its own browser here).
browser:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

# PostgreSQL 15 + PostGIS 3 and nginx from Debian, for `make team` and the store and team tests.
servers:
	@test -x /usr/lib/postgresql/15/bin/postgres -a -f /usr/share/postgresql/15/extension/postgis.control -a -x /usr/sbin/nginx \
		|| { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 postgresql-15-postgis-3 nginx; }

# nginx on PORT in front of REPLICAS Streamlit replicas (default: one per core) and the database; Ctrl-C stops all.
team: setup servers
	$(PY) -m team serve --port $(PORT) $(if $(REPLICAS),--replicas $(REPLICAS))

bench: setup browser
	$(PY) bench/geocode_bench.py
	$(PY) bench/geoparse_bench.py
	$(PY) bench/map_bench.py
	$(PY) bench/bulk_bench.py --work /tmp/alliance-atlas-bench

# Rebuilds data/boundaries from the npm and Debian packages (needs the registries, not run by tests).
boundaries: setup
	$(PY) -m geo build boundaries
