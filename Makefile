# Two commands do all the set-up on a fresh machine:
#   make serve   build the site and serve it with live reload
#   make test    run every test (what CI runs)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
# Where the site will be published, e.g. https://example.org/probation/ (optional):
# gives the feed, sitemap, canonical links and badge snippets their absolute addresses.
BASE_URL ?=

.PHONY: serve build check test unit preview bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

serve: $(VENV)/.installed
	$(BIN)/python build.py serve --port $(PORT)

build: $(VENV)/.installed
	$(BIN)/python build.py build $(if $(BASE_URL),--base-url $(BASE_URL))

preview: build
	$(BIN)/python -m http.server --bind 127.0.0.1 --directory site $(PORT)

check: $(VENV)/.installed
	$(BIN)/python build.py check

# The HTML and link checkers come from npm (package-lock.json pins them).
node_modules/.installed: package.json package-lock.json
	@if command -v npm > /dev/null; then npm ci --silent --no-audit --no-fund && touch $@; \
	else echo "npm not found: the HTML and link gates will be skipped (CI fails them)"; fi

test: $(VENV)/.installed node_modules/.installed
	$(BIN)/python -m pytest

# Everything but the quality gates in a real browser and the outside checkers: quick, while working.
unit: $(VENV)/.installed
	$(BIN)/python -m pytest -m "not gates"

# Builds of generated sites of 100, 1,000 and 10,000 inspections (about 45 minutes;
# MkDocs, Pelican, and Hugo where installed, are measured beside them); the table goes
# into docs/benchmarks.md.
$(VENV)/.bench: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	touch $@

bench: $(VENV)/.bench
	$(BIN)/python bench/run.py --sizes 100 1000 10000 --write docs/benchmarks.md

# The caches and tools only: site/ may hold a publisher's own files (CNAME, .git/...).
clean:
	rm -rf .cache .site.work node_modules
