# The two commands of the README: `make run` (the dashboard) and `make test` (every test). Both set up what they need.
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8501

.PHONY: run test setup browser bench boundaries

run: setup
	$(PY) -m streamlit run serve.py --server.port $(PORT)

test: setup browser
	$(PY) -m pytest

setup: $(VENV)/.installed

$(VENV)/.installed: requirements.txt requirements-dev.txt
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

# Browser tests drive Debian's Chromium (Playwright cannot download its own browser here).
browser:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

bench: setup browser
	$(PY) bench/geocode_bench.py
	$(PY) bench/geoparse_bench.py
	$(PY) bench/map_bench.py
	$(PY) bench/bulk_bench.py --work /tmp/alliance-atlas-bench

# Rebuilds data/boundaries from the npm and Debian packages (needs the registries, not run by tests).
boundaries: setup
	$(PY) -m geo.build boundaries
