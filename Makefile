# SmartSkin: every target builds its own .venv with the stdlib venv. Linux system packages
# (Qt's X11 libraries, NSIS, Wine, Xvfb) are installed by the targets that need them.
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --disable-pip-version-check -q
PYINSTALLER := pyinstaller==6.22.3
# The one version, from pyproject.toml (evaluated only by the targets that use it).
VERSION = $(shell $(PYTHON) -c "import tomllib; print(tomllib.load(open('pyproject.toml', 'rb'))['project']['version'])")

.PHONY: run test lint architecture mutate bench demo emulator clean screenshot package \
	package-smoke installer-test windows-build windows-test

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade pip

$(VENV)/.run-installed: pyproject.toml | $(BIN)/python
	$(PIP) install -e .
	touch $@

$(VENV)/.test-installed: pyproject.toml | $(BIN)/python
	$(PIP) install -e '.[test,dev]'
	touch $@ $(VENV)/.run-installed

$(VENV)/.package-installed: pyproject.toml | $(BIN)/python
	$(PIP) install -e . '$(PYINSTALLER)'
	touch $@ $(VENV)/.run-installed

# The package's modules compiled to bytecode, as an installed app's are: the editable
# install leaves that to the first import, which does not keep it where
# PYTHONDONTWRITEBYTECODE is set (every start would compile every module again, some
# 50 ms of a command-line run). Only what changed is compiled again.
BYTECODE = $(BIN)/python -m compileall -q smartskin_gui

# Linux: installs (as root) or names in one line the X11 libraries Qt needs, then starts.
run: $(VENV)/.run-installed
	packaging/linux/qt-system-libs.sh
	$(BYTECODE)
	$(BIN)/smartskin

demo: $(VENV)/.run-installed
	$(BIN)/smartskin-cli demo

emulator: $(VENV)/.run-installed
	$(BIN)/smartskin-cli emulator

test: $(VENV)/.test-installed
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

lint: $(VENV)/.test-installed
	$(BIN)/ruff check smartskin_gui tests tools packaging docs
	$(BIN)/mypy --strict smartskin_gui
	$(BIN)/lint-imports
	$(BIN)/check-jsonschema --builtin-schema vendor.github-workflows .github/workflows/release.yml
	$(BIN)/python tools/architecture.py --check

# docs/ARCHITECTURE.md from the package's docstrings (make lint checks it is up to date).
architecture: $(VENV)/.test-installed
	$(BIN)/python tools/architecture.py

# Break each of the processor's and the cloud client's promises in turn; a test must fail
# for every breakage.
mutate: $(VENV)/.test-installed
	$(BIN)/python tools/mutate.py

bench: $(VENV)/.test-installed
	$(BYTECODE)
	QT_QPA_PLATFORM=offscreen $(BIN)/python tests/bench/run_all.py

# Frozen one-folder app for this OS with the pinned PyInstaller (dist/SmartSkin, on macOS
# dist/SmartSkin.app), its offscreen smoke test, and on Linux dist/SmartSkin-<v>-x86_64.tar.xz.
package: $(VENV)/.package-installed
	rm -rf build/smartskin dist/SmartSkin dist/SmartSkin.app
	$(BIN)/pyinstaller --noconfirm packaging/smartskin.spec
	$(BIN)/python packaging/smoke_test.py $(if $(wildcard dist/SmartSkin.app),dist/SmartSkin.app,dist/SmartSkin)
	if [ "$$(uname -s)" = Linux ]; then packaging/linux/make_tarball.sh $(VERSION); fi

# Linux, slow (a few minutes; by hand and in the release workflow, not in .ci/run): the
# tar.xz unpacked as a user would, smoke-tested offscreen and on X11 (xcb) under Xvfb,
# and docs/screenshot-frozen.png taken from that frozen window.
package-smoke: package
	packaging/linux/qt-system-libs.sh --xvfb
	rm -rf build/unpacked && mkdir -p build/unpacked
	tar -C build/unpacked -xJf dist/SmartSkin-$(VERSION)-$$(uname -m).tar.xz
	$(BIN)/python packaging/smoke_test.py build/unpacked/SmartSkin-$(VERSION)-$$(uname -m) \
		--xcb --screenshot docs/screenshot-frozen.png

# docs/screenshot-main.png, -export.png, -faces.png and -brush.png from the real app (needs xvfb-run).
screenshot: $(VENV)/.run-installed
	xvfb-run -a -s "-screen 0 1600x1000x24" $(BIN)/python tools/screenshot.py
	xvfb-run -a -s "-screen 0 1600x1000x24" $(BIN)/python tools/screenshot_export.py
	xvfb-run -a -s "-screen 0 1600x1000x24" $(BIN)/python tools/screenshot_regions.py

# The Windows installer (packaging/windows/smartskin.nsi) compiled around a stand-in payload
# and checked under Wine; installs nsis and wine64 with apt when they are missing.
# Also the Linux install.sh and .desktop file (desktop-file-validate) on a stand-in folder.
installer-test: $(VENV)/.test-installed
	packaging/windows/install-test-tools.sh
	$(BIN)/python -m pytest -p no:cacheprovider packaging/windows/test_installer.py \
		packaging/linux/test_install_sh.py

# The real Windows app on Linux: Windows Python 3.11 under Wine in a prefix of its own, the
# wheels pinned in packaging/windows/constraints.txt (downloads kept in .cache/windows),
# PyInstaller under Wine with packaging/smartskin.spec, NSIS around that payload ->
# dist/SmartSkin-<version>-setup.exe. Installs wine64 and nsis with apt when missing.
windows-build: $(BIN)/python
	packaging/windows/install-test-tools.sh
	$(BIN)/python packaging/windows/build_windows.py

# That setup.exe installed silently (per-user) into a fresh Wine prefix: the installed app's
# self-test (offscreen, and on Qt's windows platform under Xvfb), a photo opened the way
# "Open with" does, the uninstall entry and the file
# associations, an upgrade over itself, an uninstall that keeps the settings folder.
windows-test: windows-build
	packaging/windows/install-test-tools.sh --xvfb
	$(BIN)/python packaging/windows/check_windows_install.py

clean:
	rm -rf $(VENV) build dist *.egg-info
