# AI Briefs: every command an editor or developer needs. Run `make help` for the list.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
READY := $(VENV)/.ready
PELICAN := $(BIN)/pelican
OUTPUT ?= output
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help install html publish serve test lint clean

help: ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(READY): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check '.[test]'
	touch $@

install: $(READY) ## Create .venv and install the pinned dependencies

html: $(READY) ## Build the site into output/ (strict: any invalid brief fails the build)
	$(PELICAN) content -s pelicanconf.py -o $(OUTPUT)

publish: $(READY) ## Build the site for publishing with publishconf.py (set SITEURL)
	$(PELICAN) content -s publishconf.py -o $(OUTPUT)

serve: $(READY) ## Build, serve on http://localhost:8000 and rebuild on every change
	$(PELICAN) content -s pelicanconf.py -o $(OUTPUT) -e BRIEFS_STRICT=false
	$(PELICAN) content -s pelicanconf.py -o $(OUTPUT) -e BRIEFS_STRICT=false \
		--autoreload --listen --port $(PORT)

lint: $(READY) ## Check code style with ruff
	$(BIN)/ruff check plugins tests pelicanconf.py publishconf.py

test: lint ## Run every test
	$(BIN)/python -m pytest

clean: ## Remove build output and caches (never content)
	rm -rf $(OUTPUT) cache .pytest_cache .ruff_cache
