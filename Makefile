# Health-system policy targets: documents -> targets -> DuckDB -> comparisons -> figures/notebooks/Excel.
# Targets are named for what they produce; `make help` lists them.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed

RAW := data/raw
POLICIES := $(wildcard $(RAW)/policies/*)
RAW_TABLES := $(wildcard $(RAW)/*.csv)
SRC := $(wildcard src/analysis/*.py src/analysis/*/*.py src/analysis/*/*/*.py src/analysis/store/*.csv)
STORE := data/processed/indicators.duckdb
FIG_DIR := reports/figures
NB_DIR := reports/notebooks
WORKBOOK := reports/briefing.xlsx
EXPORT_DIR := reports/export
FORMAT ?= parquet
SITE_DIR := reports/site
SITE_SRC := $(wildcard src/analysis/outputs/site/*.py)
NOTEBOOKS := $(wildcard notebooks/*.ipynb)

.DEFAULT_GOAL := help
.PHONY: help all env data figures notebooks excel site export dictionary pictures ingest test lint bench clean lock

help: ## list the targets
	@grep -hE '^[a-zA-Z_./-]+:.*## ' $(MAKEFILE_LIST) | \
	  awk 'BEGIN {FS = ":.*## "}; {printf "  make %-12s %s\n", $$1, $$2}'

all: env data figures notebooks excel export site ## the whole job: environment, store, notebooks, figures, Excel, exports, site

env: $(STAMP) ## create .venv and install pinned dependencies (once; re-run when the lock changes)

# uv installs the same pinned wheels as pip about five times faster (a fresh clone's
# `make test` spends most of its set-up here). It is itself a wheel from the package
# registry, pinned below. The venv is made without pip (ensurepip alone takes longer than
# the rest of the venv): this Python's pip puts uv into it, and uv adds a pinned pip with
# the lock. Where that fails (no pip here, no uv wheel for the platform, an index only pip
# is configured for), the venv gets its own pip and pip installs the lock as before:
# slower, the same packages. Both write the bytecode at install time (uv only when asked):
# every kernel and subprocess of the tests would otherwise compile pandas, matplotlib...
# again wherever .pyc files cannot be written (PYTHONDONTWRITEBYTECODE).
UV_VERSION := 0.13.8
PIP_VERSION := 23.2.1
PIP := $(PY) -m pip install --quiet --disable-pip-version-check
UV := $(BIN)/uv pip install --quiet --compile-bytecode --python $(PY)

$(STAMP): pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is required")'
	test -x $(PY) || $(PYTHON) -m venv --without-pip $(VENV)
	$(PYTHON) -m pip --python $(PY) install --quiet --disable-pip-version-check uv==$(UV_VERSION) \
	  2>/dev/null || { $(PY) -m ensurepip --default-pip >/dev/null && $(PIP) uv==$(UV_VERSION); } || true
	if test -x $(BIN)/uv && $(UV) -r requirements.lock pip==$(PIP_VERSION); then \
	  $(UV) --no-deps --no-build-isolation -e .; \
	else \
	  echo "uv unavailable: installing with pip" >&2; \
	  { $(PY) -m pip --version >/dev/null 2>&1 || $(PY) -m ensurepip --default-pip >/dev/null; } \
	  && $(PIP) -r requirements.lock && $(PIP) --no-deps --no-build-isolation -e .; \
	fi
	touch $@

data: $(STORE) ## build the DuckDB store from data/raw (documents, indicators, targets, goals)

$(STORE): $(STAMP) $(RAW)/policies $(POLICIES) $(RAW_TABLES) $(SRC)
	$(PY) -m analysis build --source $(RAW)/policies --db $@

figures: $(FIG_DIR)/.stamp ## every chart as PNG (150 dpi) and SVG -> reports/figures/

$(FIG_DIR)/.stamp: $(STAMP) $(STORE) $(SRC)
	$(PY) -m analysis figures --db $(STORE) --out $(FIG_DIR)
	touch $@

notebooks: $(NB_DIR)/.stamp ## execute every notebook headless -> reports/notebooks/ (+ HTML)

$(NB_DIR)/.stamp: $(STAMP) $(STORE) $(SRC) $(NOTEBOOKS)
	$(PY) -m analysis notebooks --db $(STORE) --out $(NB_DIR)
	touch $@

excel: $(WORKBOOK) ## the Excel briefing workbook -> reports/briefing.xlsx

$(WORKBOOK): $(STAMP) $(STORE) $(SRC) $(FIG_DIR)/.stamp
	$(PY) -m analysis excel --db $(STORE) --out $@ --figures $(FIG_DIR)

export: $(EXPORT_DIR)/.stamp ## every public table and view + datapackage.json -> reports/export/ (FORMAT=csv for CSV)

$(EXPORT_DIR)/.stamp: $(STAMP) $(STORE) $(SRC)
	$(PY) -m analysis export --db $(STORE) --out $(EXPORT_DIR) --format $(FORMAT)
	touch $@

dictionary: $(STAMP) $(STORE) ## regenerate docs/data_dictionary.md from the data dictionary
	$(PY) -m analysis export --db $(STORE) --dictionary docs/data_dictionary.md

pictures: $(STAMP) $(WORKBOOK) $(FIG_DIR)/.stamp ## README pictures: docs/summary_sheet.png, docs/figure_example.png
	$(PY) -m analysis.outputs.preview --workbook $(WORKBOOK) --figures $(FIG_DIR) --out docs

site: $(SITE_DIR)/.stamp ## the browsable report site, Chinese and English -> reports/site/index.html

$(SITE_DIR)/.stamp: $(STAMP) $(STORE) $(SRC) $(SITE_SRC) $(FIG_DIR)/.stamp $(FIG_DIR)/en/.stamp $(WORKBOOK) $(EXPORT_DIR)/.stamp
	$(PY) -m analysis site --db $(STORE) --out $(SITE_DIR) --figures $(FIG_DIR) --workbook $(WORKBOOK) --exports $(EXPORT_DIR)
	touch $@

# the English edition's charts (the site uses <figures>/en for its English pages)
$(FIG_DIR)/en/.stamp: $(STAMP) $(STORE) $(SRC)
	$(PY) -m analysis figures --db $(STORE) --out $(FIG_DIR)/en --lang en
	touch $@

ingest: $(STAMP) ## add plans: make ingest FILES="a.pdf b.docx" ARGS="--region 烟台市"
	$(PY) -m analysis ingest $(FILES) $(ARGS)

# Workers take a whole test file at a time (its module fixtures, e.g. the stores it builds,
# are built once, not once per worker), in file order after the slow tests (tests/conftest.py).
test: lint ## lint, then the test suite (unit, gold, notebooks, Excel)
	$(PY) -m pytest -q -n auto --dist loadfile --no-loadscope-reorder

# The one-process build is also timed, in the same run, by the code of BASELINE: the commit
# before the first change of issue 15 (its yardstick); `make bench BASELINE=` skips it.
BASELINE ?= 78f4eec
bench: $(STAMP) ## benchmarks at national scale (3,000 synthetic plans) -> reports/benchmarks.json
	$(PY) benchmarks/bench.py $(if $(BASELINE),--baseline $(BASELINE))

lint: $(STAMP) ## ruff, and the import contract (stages import one way; see pyproject.toml)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/lint-imports --no-cache

lock: ## re-resolve requirements.lock from pyproject.toml (needs network)
	rm -rf /tmp/lock-venv && $(PYTHON) -m venv /tmp/lock-venv
	/tmp/lock-venv/bin/pip install --quiet --disable-pip-version-check --upgrade setuptools wheel -e '.[dev]'
	/tmp/lock-venv/bin/pip freeze --all --exclude-editable | grep -vE '^(-e|pip==)' > requirements.lock

clean: ## remove generated data, reports and the environment
	rm -rf $(VENV) data/processed/* reports/*
	touch data/processed/.gitkeep reports/.gitkeep
