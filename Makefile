# linkwatch: `make run` brings up everything on a fresh clone; `make test` runs every test.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
LW := $(VENV)/bin/linkwatch
STAMP := $(VENV)/.installed
# Browser tests drive Debian's Chromium (Playwright cannot download browsers here).
CHROMIUM := /usr/bin/chromium
# The MAPPA review pack's PDFs: WeasyPrint needs Pango and fonts; the tests read PDFs back
# with poppler (pdftotext, pdftoppm). One file target stands for the four packages.
PDFTOTEXT := /usr/bin/pdftotext
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test install neo4j-start neo4j-stop demo lint bench clean-data

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@

install: $(STAMP)

# Local Neo4j (embedded launcher, Bolt on 127.0.0.1), schema, demo force if empty, web app.
# With NEO4J_URI set, that server is used and no local Neo4j is started.
run: install $(PDFTOTEXT)
	@if [ -z "$$NEO4J_URI" ]; then $(LW) neo4j start; fi
	$(LW) db init
	$(LW) demo
	$(LW) serve --host 127.0.0.1 --port 5000

$(CHROMIUM):
	@echo "installing Debian's chromium for the browser tests"
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium

$(PDFTOTEXT):
	@echo "installing poppler-utils, Pango and fonts for the review packs (PDF)"
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq poppler-utils \
		libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core

test: install $(CHROMIUM) $(PDFTOTEXT)
	$(PY) -m ruff check .
	$(PY) -m pytest -q

lint: install
	$(PY) -m ruff check .

neo4j-start: install
	$(LW) neo4j start

neo4j-stop: install
	$(LW) neo4j stop

bench: install
	$(PY) bench/ingest.py

# Stops the local Neo4j and deletes its data (the demo is generated again by `make run`).
clean-data: install
	-$(LW) neo4j stop
	rm -rf .linkwatch
