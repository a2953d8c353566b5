# The two commands of the README: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
QUICK ?=

.PHONY: run test quick lint bench clean messages system-packages dist dist-check

$(BIN)/python:
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is needed"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Stamp files: reinstall only when pyproject.toml changes.
$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed-run

$(VENV)/.installed-dist: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test,dist]'
	touch $@ $(VENV)/.installed-test $(VENV)/.installed-run

run: $(VENV)/.installed-run
	$(BIN)/privacy-desk

lint: $(VENV)/.installed-test
	$(BIN)/ruff check app tests
	$(BIN)/ruff format --check app tests
	$(BIN)/lint-imports

test: lint
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q
	$(MAKE) bench QUICK=1

# The quick local run: lint and every test not marked slow (kill trials, the large demo,
# real processes). `make test` still runs them all.
quick: lint
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -m "not slow"

# Debian packages the tests use to read PDFs back and to validate the Linux menu entry and
# AppStream metadata (CI installs them; `make test` elsewhere skips the few tests that need
# them when they are missing).
SYSTEM_PACKAGES := poppler-utils zbar-tools desktop-file-utils appstream
system-packages:
	@if command -v pdftotext >/dev/null && command -v zbarimg >/dev/null \
		&& command -v desktop-file-validate >/dev/null && command -v appstreamcli >/dev/null; then exit 0; fi; \
	if [ "$$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then \
		echo "Install $(SYSTEM_PACKAGES) (Debian/Ubuntu) to run every document test."; exit 0; fi; \
	export DEBIAN_FRONTEND=noninteractive; \
	apt-get install -y -q --no-install-recommends $(SYSTEM_PACKAGES) >/dev/null 2>&1 \
		|| (apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends $(SYSTEM_PACKAGES) >/dev/null)

bench: $(VENV)/.installed-test
	QT_QPA_PLATFORM=offscreen $(BIN)/python tests/bench/run.py $(if $(QUICK),--quick,)

# The one-folder build (packaging/privacy-desk.spec): dist/privacy-desk/privacy-desk, rebuilt
# when the app, its resources or the spec change. One to two minutes and 333 MB.
FROZEN := dist/privacy-desk/privacy-desk
FROZEN_SOURCES := pyproject.toml packaging/privacy-desk.spec packaging/launcher.py \
	$(shell find app resources -type f -not -path '*/__pycache__/*' 2>/dev/null)
$(FROZEN): $(FROZEN_SOURCES) | $(VENV)/.installed-dist
	$(BIN)/pyinstaller --noconfirm --log-level WARN --distpath dist --workpath build/pyinstaller \
		packaging/privacy-desk.spec
	touch $@

dist: $(FROZEN)

# Runs the built program (not part of `make test`: the build takes a minute).
dist-check: $(FROZEN)
	QT_QPA_PLATFORM=offscreen PRIVACY_DESK_FROZEN=$(CURDIR)/$(FROZEN) $(BIN)/python -m pytest -q \
		-p no:cacheprovider tests/packaging

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache

# Collect every string marked with _() or N_() into a template for translators.
messages: $(VENV)/.installed-test
	$(BIN)/pybabel extract -k _ -k N_ -k ngettext:1,2 --no-location --sort-output -o resources/translations/privacy_desk.pot app
