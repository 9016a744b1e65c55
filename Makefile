# Reproducible report on North Korean escapees in South Korea.
# `make report` builds reports/report.html and reports/report.pdf; `make test` runs the test suite.
# Both set up everything they need: a .venv (unless a virtualenv or conda env is active) and, where
# apt can be used, the TeX/pandoc/Chromium system packages.

SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV ?= .venv
ifdef VIRTUAL_ENV
  PYTHON := python
  ENV_DIR := $(VIRTUAL_ENV)
else ifdef CONDA_PREFIX
  PYTHON := python
  ENV_DIR := $(CONDA_PREFIX)
else
  PYTHON := $(VENV)/bin/python
  ENV_DIR := $(VENV)
endif
STAMP := $(ENV_DIR)/.nk-escapees-installed
PARAMS ?=
BUILD_ARGS := $(if $(PARAMS),--params "$(PARAMS)",)

.PHONY: help env system-deps report report-html test test-fast lint bench lab clean

help: ## Show this help
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk -F':.*?## ' '{printf "  \033[1m%-12s\033[0m %s\n", $$1, $$2}'
	@echo "  Variables: PARAMS=FILE (YAML parameter overrides for make report), VENV=$(VENV)"

$(VENV)/bin/python:
	python3 -m venv $(VENV)

$(STAMP): requirements.txt pyproject.toml | $(if $(VIRTUAL_ENV)$(CONDA_PREFIX),,$(VENV)/bin/python)
	$(PYTHON) -m pip install --quiet --upgrade pip
	$(PYTHON) -m pip install --quiet -r requirements.txt
	$(PYTHON) -m pip install --quiet --no-deps -e .
	touch $(STAMP)

env: $(STAMP) ## Create the Python environment (.venv) and install the pinned requirements

system-deps: ## Install TeX, pandoc, Chromium and poppler with apt when possible (else print what to install)
	@bash scripts/install-system-deps.sh

report: env system-deps ## Build the report (HTML + PDF) into reports/; PARAMS=file.yml to override parameters
	$(PYTHON) -m analysis build $(BUILD_ARGS)

report-html: env ## Build only the HTML editions (no TeX needed)
	$(PYTHON) -m analysis build --no-pdf $(BUILD_ARGS)

# axe-core (accessibility checks in the browser tests), pinned in package-lock.json
node_modules/.package-lock.json: package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund --silent; else echo "NOTE: npm not found: the axe-core accessibility test will be skipped"; fi

# the tests run on every core (pytest-xdist); TEST_WORKERS=0 runs them in one process
TEST_WORKERS ?= auto

test: env system-deps node_modules/.package-lock.json ## Run the whole test suite (unit, data, notebooks, end-to-end build, browser, PDF)
	$(PYTHON) -m pytest -n $(TEST_WORKERS) --dist worksteal

test-fast: env ## Run only the fast tests (no end-to-end build)
	$(PYTHON) -m pytest -m "not slow" -n $(TEST_WORKERS) --dist worksteal

lint: env ## Lint and format-check the code and notebooks (ruff), check the notebooks are stripped
	$(PYTHON) -m ruff check .
	$(PYTHON) -m ruff format --check .
	$(PYTHON) -m nbstripout --verify --extra-keys "metadata.papermill cell.metadata.papermill cell.metadata.execution" notebooks/*.ipynb

bench: env system-deps ## Measure build times; writes reports/benchmarks/
	$(PYTHON) -m analysis bench

# JupyterLab serves the checkout (so notebooks/ and the executed reports/notebooks/ are both reachable) and
# opens on notebooks/; as root (a container) it needs --allow-root, which is added only then.
lab: env ## Start JupyterLab in the project environment (opens notebooks/; reports/notebooks/ reachable too)
	$(PYTHON) -m jupyter lab --notebook-dir=. --ServerApp.default_url=/lab/tree/notebooks $(if $(filter 0,$(shell id -u)),--allow-root,)

clean: ## Remove build products (reports/, data/processed/, .build/); never touches data/raw/
	rm -rf .build reports/* data/processed/*
	git checkout -- reports/README.md data/processed/README.md 2>/dev/null || true
