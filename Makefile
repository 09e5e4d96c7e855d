# AI Briefs: every command an editor or developer needs. Run `make help` for the list.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
READY := $(VENV)/.ready
PELICAN := $(BIN)/pelican
OUTPUT ?= output
PORT ?= 8000

.DEFAULT_GOAL := help
BRIEFS := PYTHONPATH=plugins $(BIN)/python -m briefs

.PHONY: help install html publish serve new check import schema test lint clean

help: ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(READY): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check '.[test]'
	touch $@

install: $(READY) ## Create .venv and install the pinned dependencies

html: $(READY) ## Build the site into output/ (strict: any invalid brief fails the build)
	$(PELICAN) content -s pelicanconf.py -o $(OUTPUT) --log-handler plain

publish: $(READY) ## Build the site for publishing with publishconf.py (set SITEURL)
	$(PELICAN) content -s publishconf.py -o $(OUTPUT) --log-handler plain

serve: $(READY) ## Build, serve on http://localhost:8000 and rebuild on every change
	$(BRIEFS) serve --output $(OUTPUT) --port $(PORT)

new: $(READY) ## Create a draft brief: make new TITLE="..."
	@test -n "$(TITLE)" || { echo 'usage: make new TITLE="The headline"'; exit 2; }
	$(BRIEFS) new "$(TITLE)"

check: $(READY) ## Validate every brief without building (FORMAT=github for annotations)
	$(BRIEFS) check --format $(or $(FORMAT),text)

import: $(READY) ## Turn an aggregator export into a draft brief: make import SRC=export.txt
	@test -n "$(SRC)" || { echo 'usage: make import SRC=path/to/export.txt'; exit 2; }
	$(BRIEFS) import "$(SRC)"

schema: $(READY) ## Write docs/brief.schema.json from the Brief model
	$(BRIEFS) schema

lint: $(READY) ## Check code style with ruff
	$(BIN)/ruff check plugins tests pelicanconf.py publishconf.py

TOOLS := tests/tools/node_modules/.installed

$(TOOLS): tests/tools/package.json tests/tools/package-lock.json
	@command -v npm >/dev/null || { echo "npm is needed for the workflow lint test: install Node.js (apt-get install nodejs npm)"; exit 1; }
	npm ci --prefix tests/tools --no-audit --no-fund --silent
	touch $@

test: lint $(TOOLS) ## Run every test
	$(BIN)/python -m pytest

clean: ## Remove build output and caches (never content)
	rm -rf $(OUTPUT) cache .pytest_cache .ruff_cache
