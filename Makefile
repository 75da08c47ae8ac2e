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

test: $(STAMP) $(APT_STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python -m bench.crawl_throughput --pages 5000
	$(BIN)/python -m bench.nlp_throughput --docs 2000

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

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
