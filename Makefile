# AI Briefs: every command an editor or developer needs. Run `make help` for the list.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
READY := $(VENV)/.ready
PELICAN := $(BIN)/pelican
# OUTPUT is output/ unless given on the command line (make html OUTPUT=public); never taken from
# the environment, where a stray OUTPUT=content would point `make clean` at the content.
ifneq ($(filter environment%,$(origin OUTPUT)),)
OUTPUT := output
endif
OUTPUT ?= output
# Only a folder a build made holds this file (plugins/briefs/output.py): the only kind clean removes.
SITE_MARKER := .ai-briefs-site
PORT ?= 8000

.DEFAULT_GOAL := help
BRIEFS := PYTHONPATH=plugins $(BIN)/python -m briefs_tools

.PHONY: help install html publish serve new check import schema bench browser-deps test lint clean

help: ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

TEST_READY := $(VENV)/.test-ready
PIP := $(BIN)/python -m pip install --disable-pip-version-check --progress-bar on

# What building and previewing need (Pelican, Pillow, Pagefind...); the test tools come on top, for
# `make test` and `make lint` only. pip prints a line per package, so a first setup shows progress.
$(READY): pyproject.toml
	@echo "==> creating $(VENV) with $(PYTHON) ($$($(PYTHON) --version))"
	$(PYTHON) -m venv $(VENV)
	@echo "==> installing what the build needs (pinned in pyproject.toml)"
	$(PIP) .
	touch $@

$(TEST_READY): $(READY)
	@echo "==> installing the test tools (pytest, Playwright, ruff...: pyproject.toml [test])"
	$(PIP) '.[test]'
	touch $@

install: $(TEST_READY) ## Create .venv with what the build needs and the test tools

html: $(READY) ## Build the site into output/ (strict: any invalid brief fails the build)
	$(PELICAN) content -s pelicanconf.py -o $(OUTPUT) --log-handler plain

publish: $(READY) ## Build the site for publishing with publishconf.py (set SITEURL)
	$(PELICAN) content -s publishconf.py -o $(OUTPUT) --log-handler plain

serve: $(READY) ## Live preview on http://localhost:8000 (PORT=...): follows every saved change
	$(BRIEFS) serve --port $(PORT)

new: $(READY) ## Create a draft brief: make new TITLE="..." [DATE=YYYY-MM-DD, default today]
	@test -n "$(TITLE)" || { echo 'usage: make new TITLE="The headline" [DATE=YYYY-MM-DD]'; exit 2; }
	$(BRIEFS) new "$(TITLE)" $(if $(DATE),--date $(DATE))

check: $(READY) ## Validate every brief without building (FORMAT=github for annotations)
	$(BRIEFS) check --format $(or $(FORMAT),text)

import: $(READY) ## Turn an aggregator export into a draft brief: make import SRC=export.txt [DATE=...]
	@test -n "$(SRC)" || { echo 'usage: make import SRC=path/to/export.txt [DATE=YYYY-MM-DD]'; exit 2; }
	$(BRIEFS) import "$(SRC)" $(if $(DATE),--date $(DATE))

schema: $(READY) ## Write docs/brief.schema.json from the Brief model
	$(BRIEFS) schema

bench: $(TEST_READY) ## Time builds against plain Pelican and the live preview (SIZES=1000,5000,20000 RUNS=3; an hour, ~25 GB of disk)
	$(BIN)/python bench/run.py --sizes $(or $(SIZES),1000,5000,20000) --runs $(or $(RUNS),3)
	$(BIN)/python bench/preview.py --sizes $(or $(SIZES),1000,5000,20000) --edits 5
	$(BIN)/python bench/related.py

lint: $(TEST_READY) ## Check code style with ruff
	$(BIN)/ruff check plugins tests bench pelicanconf.py publishconf.py

TOOLS := tests/tools/node_modules/.installed

$(TOOLS): tests/tools/package.json tests/tools/package-lock.json
	@command -v npm >/dev/null || { echo "npm is needed for the workflow lint test: install Node.js (apt-get install nodejs npm)"; exit 1; }
	npm ci --prefix tests/tools --no-audit --no-fund --silent
	touch $@

BROWSER_TOOLS := tests/browser/node_modules/.installed
CHROMIUM ?= $(or $(BRIEFS_CHROMIUM),/usr/bin/chromium)

# vnu.jar for the HTML checks; --ignore-scripts: vnu-jar's postinstall would download a Java runtime.
$(BROWSER_TOOLS): tests/browser/package.json tests/browser/package-lock.json
	@command -v npm >/dev/null || { echo "npm is needed for the HTML checker: install Node.js (apt-get install nodejs npm)"; exit 1; }
	npm ci --prefix tests/browser --ignore-scripts --no-audit --no-fund --silent
	touch $@

# The browser tests drive Debian's Chromium and the HTML checker runs on Java: installed here when
# apt-get can (as root), otherwise a one-line instruction. They are never skipped.
browser-deps:
	@missing=""; test -x "$(CHROMIUM)" || missing="chromium"; \
	command -v java >/dev/null || missing="$$missing default-jre-headless"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing$$missing"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else echo "the browser tests need:$$missing; run: sudo apt-get install -y$$missing"; exit 1; fi; \
	fi

test: $(TEST_READY) lint $(TOOLS) $(BROWSER_TOOLS) browser-deps ## Run every test
	$(BIN)/python -m pytest

# A build writes into a hidden sibling of OUTPUT and keeps the last site beside it (output.py);
# only folders a build made (they hold its marker file) are removed.
OUTPUT_DIR := $(patsubst %/,%,$(OUTPUT))
OUTPUT_SITES := $(OUTPUT_DIR) $(dir $(OUTPUT_DIR)).$(notdir $(OUTPUT_DIR)).staging $(dir $(OUTPUT_DIR)).$(notdir $(OUTPUT_DIR)).previous

clean: ## Remove what builds and tests made: OUTPUT, its hidden siblings, caches (never content)
	@for site in $(OUTPUT_SITES); do \
	  if [ -f "$$site/$(SITE_MARKER)" ]; then echo "rm -rf $$site"; rm -rf "$$site"; \
	  elif [ -e "$$site" ]; then echo "kept $$site: no build made it (it has no $(SITE_MARKER) file)"; fi; \
	done
	rm -f $(dir $(OUTPUT_DIR)).$(notdir $(OUTPUT_DIR)).lock
	rm -rf cache .pelican-cache .pytest_cache .ruff_cache
