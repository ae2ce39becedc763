# Run `make` (or `make help`) to list the targets. Every artefact is a real file with
# real dependencies, so a rerun with nothing changed does nothing.
.DEFAULT_GOAL := help
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
# No .DELETE_ON_ERROR: every command writes its outputs to temporaries and replaces them
# together (analysis.io.replace_together), so a failing command leaves the previous, good
# outputs as they were (and older than their sources, so the next make retries); deleting
# them would turn one bad input into lost results.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

# Offline snapshot of daily bars: ../shared/market-data when it exists (override with
# MARKET_DATA_DIR=...; MARKET_DATA_DIR= forces a live yfinance download).
MARKET_DATA_DIR ?= $(abspath $(wildcard ../shared/market-data))
export MARKET_DATA_DIR
MARKET_DEPS := $(if $(MARKET_DATA_DIR),$(wildcard $(MARKET_DATA_DIR)/manifest.json))

# Each stage's artefacts depend on that stage's sources and the stages above it, so
# editing a plot does not re-run the event study.
CORE_SRC := $(wildcard analysis/*.py analysis/commands/__init__.py analysis/commands/_*.py)
TEXT_SRC := $(CORE_SRC) $(wildcard analysis/text/*.py analysis/text/lang/*.py analysis/text/dates/*.py analysis/text/pubdates/*.py analysis/events/*.py) analysis/commands/events.py
MARKET_SRC := $(CORE_SRC) $(wildcard analysis/market/*.py) analysis/commands/prices.py
STUDY_SRC := $(CORE_SRC) $(wildcard analysis/events/table.py analysis/market/*.py analysis/study/*.py)
REPORT_SRC := $(CORE_SRC) $(wildcard analysis/*/*.py)
SEEDS := $(wildcard seeds/*.txt)
EXTERNAL := $(wildcard data/external/*.csv)

EVENTS_OUT := data/processed/articles.csv data/processed/mentions.csv data/processed/events.csv
PRICES_OUT := data/interim/prices.csv data/interim/returns.csv data/interim/quality.csv \
	data/interim/quality_summary.csv
STUDY_OUT := data/processed/event_study.csv data/processed/abnormal_returns.csv data/processed/caar.csv
REGRESS_OUT := data/processed/regressions.csv
# Cross-asset study of the curated catalog on the ten tickers, then the comparison tables.
CATALOG := data/external/trade_war_catalog.csv
CROSS_TICKERS := ^GSPC,SPY,ES=F,ZS=F,ZC=F,ZW=F,ZN=F,GC=F,DX=F,CL=F
CROSS_OUT := data/processed/crossasset/event_study.csv data/processed/crossasset/abnormal_returns.csv \
	data/processed/crossasset/caar.csv
COMPARE_OUT := data/processed/literature.csv data/processed/crossasset_caar.csv \
	data/processed/soybean_contrast.csv data/processed/soybean_spread_events.csv
COMPARE_SRC := $(STUDY_SRC) $(wildcard analysis/events/catalog.py analysis/report/literature.py \
	analysis/report/published.py) analysis/commands/compare.py
NOTEBOOKS := $(sort $(wildcard notebooks/[0-9]*.ipynb))
REPORT_NBS := $(patsubst notebooks/%.ipynb,reports/%.ipynb,$(NOTEBOOKS))
REPORT_HTML := $(patsubst notebooks/%.ipynb,reports/%.html,$(NOTEBOOKS))

.PHONY: help setup all events evaluate prices data study compare notebooks report validate test test-fast lint bench lab clean clean-raw

help: ## List the targets
	@echo "Usage: make <target>"
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | sort | \
		awk 'BEGIN {FS = ":.*## "}; {printf "  %-11s %s\n", $$1, $$2}'

setup: $(STAMP) ## Create .venv and install the project with its dev tools

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	$(PY) -m ipykernel install --sys-prefix --name analysis --display-name "Python (analysis)" >/dev/null
	touch $@

all: setup events prices study compare notebooks ## Set up and run the whole analysis (events, prices, study, compare, notebooks)

events: $(EVENTS_OUT) ## Articles -> mentions -> merged event catalog (data/processed)

$(EVENTS_OUT) &: $(SEEDS) $(EXTERNAL) $(TEXT_SRC) | $(STAMP)
	$(PY) -m analysis events

CORPUS := ../shared/corpus
CORPUS_FILES := $(wildcard $(CORPUS)/articles/*.txt $(CORPUS)/gold.csv)
EVALUATION_OUT := reports/evaluation/evaluation.csv

evaluate: $(EVALUATION_OUT) ## Score the events stage on ../shared/corpus (reports/evaluation)

$(EVALUATION_OUT): $(CORPUS_FILES) $(EXTERNAL) $(TEXT_SRC) analysis/commands/evaluate.py | $(STAMP)
	$(PY) -m analysis evaluate --articles $(CORPUS)/articles --gold $(CORPUS)/gold.csv \
		--out reports/evaluation

prices: $(PRICES_OUT) ## Prices, returns and data-quality flags (data/interim)
data: prices ## Alias of prices

$(PRICES_OUT) &: $(MARKET_DEPS) $(MARKET_SRC) | $(STAMP)
	$(PY) -m analysis prices

study: $(STUDY_OUT) $(REGRESS_OUT) ## Event study and event-dummy regressions (data/processed)

$(STUDY_OUT) &: $(EVENTS_OUT) $(PRICES_OUT) $(STUDY_SRC) analysis/commands/study.py | $(STAMP)
	$(PY) -m analysis study

$(REGRESS_OUT): $(EVENTS_OUT) $(PRICES_OUT) $(STUDY_SRC) analysis/commands/regress.py | $(STAMP)
	$(PY) -m analysis regress

compare: $(COMPARE_OUT) ## Cross-asset study of the catalog; published figures vs the project's

$(CROSS_OUT) &: $(CATALOG) $(PRICES_OUT) $(STUDY_SRC) analysis/commands/study.py | $(STAMP)
	$(PY) -m analysis study --events $(CATALOG) --tickers '$(CROSS_TICKERS)' --out data/processed/crossasset

$(COMPARE_OUT) &: $(CROSS_OUT) $(PRICES_OUT) $(CATALOG) $(COMPARE_SRC) | $(STAMP)
	$(PY) -m analysis compare

notebooks: reports/index.html ## Execute the notebooks headless into reports/ (ipynb + HTML)
report: notebooks ## Alias of notebooks

reports/%.ipynb reports/%.html: notebooks/%.ipynb $(STUDY_OUT) $(REGRESS_OUT) $(COMPARE_OUT) $(REPORT_SRC) | $(STAMP)
	$(PY) -m analysis report notebook $<

# The summary also reads the size/power table when `make validate` wrote it.
reports/00-summary.ipynb reports/00-summary.html: $(wildcard reports/validation/size_power.csv)

reports/index.html: $(REPORT_NBS) $(REPORT_HTML) analysis/report/index.py | $(STAMP)
	$(PY) -m analysis report index

validate: reports/validation/size_power.csv ## Size/power: random samples, small groups, the seed events' own date pattern and its season (slow)

reports/validation/size_power.csv: $(MARKET_DEPS) $(EVENTS_OUT) $(STUDY_SRC) analysis/commands/validate.py | $(STAMP)
	$(PY) -m analysis validate --out reports/validation

test: lint ## Run the test suite, then the benchmark guard (sets up what it needs)
	rc=0; $(PY) -m pytest || rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: that is a failure" >&2; exit 1; fi; \
	if [ $$rc -ne 0 ]; then exit $$rc; fi
	$(MAKE) --no-print-directory bench-smoke

.PHONY: bench-smoke
bench-smoke: $(STAMP) ## Benchmark guard: small engine/events/study benchmarks, judged on same-run ratios
	$(PY) benchmarks/bench_smoke.py

# The edit loop: everything but the notebooks, the local Dask clusters and the slow
# simulations (pytest markers notebooks, loopback, slow); `make test` and CI run them all.
FAST_MARKERS := not notebooks and not loopback and not slow

test-fast: lint ## The test suite without notebooks, Dask clusters and slow simulations (< 2 min)
	rc=0; $(PY) -m pytest -q -m "$(FAST_MARKERS)" || rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: that is a failure" >&2; exit 1; fi; \
	exit $$rc

lint: $(STAMP) ## ruff check
	$(PY) -m ruff check analysis tests benchmarks

# Every benchmark runs even when one misses its target; a Done-when table (PASS/FAIL per
# target) ends the run, and the exit status is non-zero when any target failed.
bench: $(STAMP) ## Benchmarks: articles, engine vs baselines, stress, 2 workers, smoke; Done-when table
	$(PY) -m pip install --quiet -e ".[bench]"
	$(PY) benchmarks/bench_all.py

lab: $(STAMP) ## Open JupyterLab on the notebooks with the project's kernel
	$(PY) -m jupyter lab --notebook-dir=notebooks

clean: ## Remove derived data and reports (never data/raw)
	find data/interim data/processed reports -mindepth 1 ! -name .gitkeep -delete 2>/dev/null || true

clean-raw: ## Remove the raw price cache (data/raw)
	find data/raw -mindepth 1 ! -name .gitkeep -delete 2>/dev/null || true
