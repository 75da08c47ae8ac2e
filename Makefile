# LLO Radar: `make demo` runs the main job on the embedded default; `make test` runs the tests.
# Both set up what they need first: Debian packages when missing, the virtualenv and the project.

PYTHON ?= python3
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
APT_STAMP := $(VENV)/.system-packages

export PREFECT_SERVER_ANALYTICS_ENABLED := false

.PHONY: demo test bench lint system-packages clean

demo: $(STAMP)
	$(BIN)/llo-radar demo

# The suite pins the clock (tests/conftest.py); the date-sensitive tests run again at a year's end in ISO week 53,
# a new year and a leap day (docs/settings.md, "The clock"). The lint (ruff, the import rules, mypy) runs first.
CLOCK_DATES := 2026-12-31T22:30:00+00:00 2027-01-01T08:00:00+00:00 2028-02-29T11:00:00+00:00

test: lint $(APT_STAMP)
	$(BIN)/python -m pytest
	@for now in $(CLOCK_DATES); do \
	  echo "== date-sensitive tests with the clock at $$now"; \
	  LLO_RADAR_NOW=$$now $(BIN)/python -m pytest -q -m dates -p no:cacheprovider || exit 1; \
	done

bench: $(STAMP)
	$(BIN)/python -m bench.crawl_throughput --pages 5000
	$(BIN)/python -m bench.nlp_throughput --docs 2000

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/mypy

# Debian packages: python3-venv to make the virtualenv; PostgreSQL for the tests' throwaway server;
# Chromium for scrapy-playwright (Playwright's own browser download needs the internet).
system-packages $(APT_STAMP): | $(VENV)
	@missing=""; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q $$missing; \
	fi
	@touch $(APT_STAMP)

$(VENV):
	@$(PYTHON) -m venv --help >/dev/null 2>&1 || { $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q python3-venv; }
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	@touch $(STAMP)

clean:
	rm -rf $(VENV) var .pytest_cache
