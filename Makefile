# SmartSkin: every target builds its own .venv with the stdlib venv; nothing else is needed.
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --disable-pip-version-check -q

.PHONY: run test lint bench demo emulator clean screenshot package package-smoke installer-test

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade pip

$(VENV)/.run-installed: pyproject.toml | $(BIN)/python
	$(PIP) install -e .
	touch $@

$(VENV)/.test-installed: pyproject.toml | $(BIN)/python
	$(PIP) install -e '.[test,dev]'
	touch $@ $(VENV)/.run-installed

run: $(VENV)/.run-installed
	$(BIN)/smartskin

demo: $(VENV)/.run-installed
	$(BIN)/smartskin-cli demo

emulator: $(VENV)/.run-installed
	$(BIN)/smartskin-cli emulator

test: $(VENV)/.test-installed
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

lint: $(VENV)/.test-installed
	$(BIN)/ruff check smartskin_gui tests tools packaging docs
	$(BIN)/mypy --strict smartskin_gui/core
	$(BIN)/lint-imports

bench: $(VENV)/.test-installed
	QT_QPA_PLATFORM=offscreen $(BIN)/python tests/bench/run_all.py

# Frozen one-folder app for this OS (dist/SmartSkin), then its smoke test.
package: $(VENV)/.run-installed
	$(PIP) install pyinstaller
	$(BIN)/pyinstaller --noconfirm packaging/smartskin.spec
	$(BIN)/python packaging/smoke_test.py dist/SmartSkin

# docs/screenshot-main.png from the real app (needs xvfb-run, see README).
screenshot: $(VENV)/.run-installed
	xvfb-run -a -s "-screen 0 1600x1000x24" $(BIN)/python tools/screenshot.py

# The Windows installer (packaging/windows/smartskin.nsi) compiled around a stand-in payload
# and checked under Wine; installs nsis and wine64 with apt when they are missing.
installer-test: $(VENV)/.test-installed
	packaging/windows/install-test-tools.sh
	$(BIN)/python -m pytest -p no:cacheprovider packaging/windows/test_installer.py

clean:
	rm -rf $(VENV) build dist *.egg-info
