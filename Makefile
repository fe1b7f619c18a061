# Two commands on a fresh clone: `make run` and `make test`. Needs only python3 (3.11+) and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PYTEST_ARGS ?=

.PHONY: run test lint typecheck pytest pytest-db bench bench-scale load clean lock sbom mutants docs messages fuzz

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Runtime dependencies only, from the committed lock; every download must match its hash.
# The project itself comes from this checkout, so it is the one step without a hash.
$(VENV)/.runtime: requirements.lock pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

# Development and test dependencies (lint, types, pytest, Playwright, validation data).
$(VENV)/.dev: requirements-dev.lock pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements-dev.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@ $(VENV)/.runtime

run: $(VENV)/.runtime
	OPENLEAD_DEMO=1 $(BIN)/openlead demo --if-empty
	OPENLEAD_DEMO=1 $(BIN)/openlead serve

lint: $(VENV)/.dev
	$(BIN)/ruff check openlead tests benchmarks
	$(BIN)/ruff format --check openlead tests benchmarks
	$(BIN)/lint-imports --no-cache

# Regenerate the generated part of the docs (the policy table in docs/privacy.md);
# tests/access/test_policy_doc.py fails while they differ.
docs: $(VENV)/.dev
	DJANGO_SETTINGS_MODULE=openlead.settings $(BIN)/python -m openlead.access.policy_doc --write

# After changing a translated string (docs/i18n.md): update the catalog, translate the new
# entries in openlead/locale/es/LC_MESSAGES/django.po, then compile. Needs GNU gettext;
# `make run` does not, as the compiled .mo is committed (tests/test_i18n_catalogs.py).
messages: $(VENV)/.dev
	cd openlead && DJANGO_SETTINGS_MODULE=openlead.settings OPENLEAD_DEMO=1 OPENLEAD_DATA_DIR=$(CURDIR)/var/messages \
		../$(BIN)/django-admin makemessages -l es --no-location --no-wrap --no-obsolete
	msgfmt --check -o openlead/locale/es/LC_MESSAGES/django.mo openlead/locale/es/LC_MESSAGES/django.po

typecheck: $(VENV)/.dev
	$(BIN)/mypy openlead

# axe-core for the accessibility browser tests (tests/browser/axe/package-lock.json, with
# integrity hashes). Without npm the tests skip locally; .ci/run installs npm, so CI never skips.
AXE := tests/browser/axe/node_modules/axe-core/axe.min.js
$(AXE): tests/browser/axe/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		cd tests/browser/axe && npm ci --no-audit --no-fund --ignore-scripts --silent; \
	else echo "npm not found: the axe accessibility checks will skip (apt-get install npm)"; fi

pytest: $(VENV)/.dev $(AXE)
	$(BIN)/pytest -n 2 $(PYTEST_ARGS)

# The suite parts that touch the database, for a second run against PostgreSQL
# (DATABASE_URL set); the pure packages do not depend on the database.
pytest-db: $(VENV)/.dev
	$(BIN)/pytest -n 2 -m "not pure" $(PYTEST_ARGS)

test: lint typecheck pytest

# Mutation testing of openlead/access/policy.py and helpers.py ([tool.mutmut] in
# pyproject.toml). CPU-heavy: run it when the policy or helpers change, not in `make test`.
# Prints the survivors; the score is written in docs/privacy.md.
mutants: $(VENV)/.dev
	rm -rf mutants
	$(BIN)/mutmut run --max-children 2
	$(BIN)/mutmut results

# The load test (docs/operations.md#load-test): the demo on a loopback PostgreSQL
# (DATABASE_URL and OPENLEAD_KEYS_DATABASE_URL), gunicorn on 127.0.0.1:$(LOAD_PORT), locust
# with 30 case-manager, officer and supervisor users for 3 minutes; prints p95, p99, errors.
LOAD_PORT ?= 8105
load: $(VENV)/.dev
	LOAD_PORT=$(LOAD_PORT) $(BIN)/python benchmarks/load/run.py

# The scale benchmark is not part of it: its first run builds a world of 5,000,000 rows.
bench: $(VENV)/.dev
	for script in $(filter-out benchmarks/caseload_scale.py,$(wildcard benchmarks/*.py)); do \
		$(BIN)/python $$script || exit 1; done

# The caseload benchmark at statewide scale (docs/operations.md#scale-benchmark): builds
# (once) 100,000 participants with their own keys and 5,000,000 encrypted contacts in
# PostgreSQL on loopback, serves them with gunicorn, and drives 8 then 16 logged-in clients
# beside a bare Django anchor, with the audit lock before and after issue 16. About 15
# minutes of driving; the first build takes 10 to 30 more. SCALE_ARGS="--people 2000
# --contacts 100000 --seconds 10" tries it small.
SCALE_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/openlead_scale
SCALE_ARGS ?=
bench-scale: $(VENV)/.dev
	$(BIN)/python benchmarks/caseload_scale.py --database-url $(SCALE_DATABASE_URL) $(SCALE_ARGS)

# Re-resolve the locks after changing pyproject.toml (needs network to PyPI). With
# hashes, so `pip install --require-hashes` refuses any file that differs from the one
# locked (a replaced upload, a compromised mirror).
# The API fuzzing battery (security-bar item 21, docs/api.md): schemathesis with 100
# positive and 100 negative examples per operation per role; one JSON line per role in
# var/fuzz-report.jsonl. The suite runs the same test with 10 (tests/api/test_fuzz.py).
fuzz: $(VENV)/.dev
	mkdir -p var && rm -f var/fuzz-report.jsonl
	OPENLEAD_FUZZ_EXAMPLES=100 OPENLEAD_FUZZ_REPORT=var/fuzz-report.jsonl $(BIN)/pytest -q -p no:randomly -n 2 tests/api/test_fuzz.py

lock: $(BIN)/python
	$(BIN)/pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --python-version 3.11 --generate-hashes -o requirements.lock -q
	$(BIN)/uv pip compile pyproject.toml --extra dev --extra spark --python-version 3.11 --generate-hashes -o requirements-dev.lock -q

# A CycloneDX SBOM of what production installs: every package of requirements.lock, with
# its version and hashes. Reproducible (no timestamp or random serial) and offline.
sbom: $(VENV)/.dev
	mkdir -p var
	PYTHONWARNINGS=ignore $(BIN)/cyclonedx-py requirements --pyproject pyproject.toml \
		--output-reproducible --of JSON -o var/sbom.cdx.json requirements.lock
	$(BIN)/python -c "import json; b = json.load(open('var/sbom.cdx.json')); n = len(b['components']); assert b['bomFormat'] == 'CycloneDX' and n > 0, 'empty SBOM'; print(f'var/sbom.cdx.json: CycloneDX {b[\"specVersion\"]}, {n} components')"

clean:
	rm -rf $(VENV) var tests/browser/axe/node_modules .pytest_cache .mypy_cache .ruff_cache mutants
