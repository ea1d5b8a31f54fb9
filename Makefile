# The two commands: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export DJANGO_SETTINGS_MODULE := socialtrend.settings
# pytest-django prefers this variable to pyproject's setting, so `make test` names the test settings.
test: export DJANGO_SETTINGS_MODULE := socialtrend.settings.test
fuzz: export DJANGO_SETTINGS_MODULE := socialtrend.settings.test

.PHONY: run test fuzz lint format venv migrate demo spa pds clean

run: export DJANGO_DEBUG ?= 1
# honcho gives each process its own PORT (5000, 5100, ...): the web port travels as WEB_PORT.
run: export WEB_PORT := $(or $(PORT),8000)
run: $(STAMP) spa
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py create_demo
	BIN=$(BIN) $(BIN)/honcho -f Procfile start

# The SPA is built first: the browser tests (tests/browser) drive the built files.
test: $(STAMP) spa
	@if [ -f frontend/package.json ]; then cd frontend && npm test; fi
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# A longer fuzz run over the OpenAPI schema than the suite's (tests/test_fuzz_openapi.py):
# FUZZ_EXAMPLES per operation, signed in and anonymous, a new seed each run.
FUZZ_EXAMPLES ?= 200
fuzz: $(STAMP)
	FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) FUZZ_RANDOM=1 $(BIN)/python -m pytest -m fuzz -p no:cacheprovider $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

venv: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) is required"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

# Builds the SPA when it exists (frontend/package.json); a no-op before that.
spa:
	@if [ -f frontend/package.json ]; then cd frontend && npm ci --no-audit --no-fund && npm run build; fi

# The reference Bluesky PDS for the Bluesky tests (tests/pds, about 650 MB; Node 22 comes from npm).
# CI installs it; locally the tests that need it skip until it is installed.
PDS_STAMP := tests/pds/node_modules/.installed
pds: $(PDS_STAMP)

$(PDS_STAMP): tests/pds/package-lock.json
	cd tests/pds && npm ci --no-audit --no-fund --loglevel=error
	touch $@

clean:
	rm -rf var/ frontend/dist
