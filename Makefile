# Two commands: `make run` and `make test`. Both create .venv when it is missing and
# install the locked dependencies; nothing is installed outside the project folder.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip --disable-pip-version-check -q
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run test check slow-list lint bench bundle notices deb deb-check self-test clean lock help screenshots
help:
	@echo "make run     set up .venv and start the app"
	@echo "make test    set up .venv and run every test headless (and ruff, lint-imports, mypy)"
	@echo "make check   the fast loop: ruff and every test not marked slow (about 25 s)"
	@echo "make slow-list  time the tests again and rewrite tests/slow.txt (about 2 min)"
	@echo "make bench   run the benchmarks and print ratios against a baseline"
	@echo "make bundle  build the one-folder app with PyInstaller and self-test it"
	@echo "make notices write build/notices/THIRD-PARTY-NOTICES.txt (Help › About shows it)"
	@echo "make deb     the bundle as build/cse-toolkit_<version>_amd64.deb, checked by lintian"
	@echo "make deb-check  install that .deb with apt, self-test it, remove it (root or sudo)"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.runtime: $(BIN)/python requirements/runtime.lock
	$(PIP) install -r requirements/runtime.lock
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements/dev.lock
	$(PIP) install -r requirements/dev.lock
	touch $@

run: $(VENV)/.runtime
	$(BIN)/python -m app $(ARGS)

test: $(VENV)/.dev
	$(BIN)/ruff check app db ui tests packaging docs
	$(BIN)/lint-imports --no-logo  # the layer and no-cycle contracts in pyproject.toml
	$(BIN)/mypy  # app/ and db/, strict (pyproject.toml)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest $(PYTEST_ARGS)

# The fast loop while working: the kill, fault and walk tests (marked slow), and the tests
# tests/slow.txt lists as over 0.1 s, wait for make test; the rest are spread over every
# core (pytest-xdist).
# Compiled modules are kept in .pytest_cache, not beside the code: collecting without them
# takes seconds of a run this short. The tests' own folders go in RAM where there is some
# (/dev/shm), as every commit's fsync on a disk is a wait; pytest empties it each run.
CHECK_TMP := $(if $(wildcard /dev/shm),/dev/shm/cse-toolkit-check-$(shell id -u)-$(shell \
	echo "$(CURDIR)" | cksum | cut -d" " -f1))
check: $(VENV)/.dev
	$(BIN)/ruff check app db ui tests packaging docs
	PYTHONDONTWRITEBYTECODE= PYTHONPYCACHEPREFIX=$(CURDIR)/.pytest_cache/pycache \
		QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -m "not slow" -n auto \
		$(if $(CHECK_TMP),--basetemp=$(CHECK_TMP)) $(PYTEST_ARGS)

# Writes tests/slow.txt: the tests over tests/slow_list.py's THRESHOLD, timed as make check
# runs them (both cores), in a fixed order so that one-off costs fall on the same tests;
# twice, as each test counts its quicker time of the two (about two minutes in all).
slow-list: $(VENV)/.dev
	for run in 1 2; do \
	PYTHONDONTWRITEBYTECODE= PYTHONPYCACHEPREFIX=$(CURDIR)/.pytest_cache/pycache \
		CSE_TOOLKIT_IGNORE_SLOW_LIST=1 QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q \
		-m "not slow" -n auto -p no:randomly --write-slow-list \
		$(if $(CHECK_TMP),--basetemp=$(CHECK_TMP)) $(PYTEST_ARGS) || exit 1; done

lint: $(VENV)/.dev
	$(BIN)/ruff check app db ui tests packaging docs
	$(BIN)/ruff format --check app db ui tests packaging docs

bench: $(VENV)/.dev
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m tests.benchmarks

# The bundle carries LICENSE, the third-party notices and its own source code (a zip of
# the checkout, with uncommitted changes to tracked files; without docs/screenshots, which
# `make screenshots` makes from it), so whoever is given a copy can get the source.
VERSION := $(shell sed -n 's/^__version__ = "\(.*\)"/\1/p' app/__init__.py)
bundle: notices
	rm -rf build/source && mkdir -p build/source
	rev=$$(git stash create) && git archive --format=zip --prefix=cse-toolkit-$(VERSION)/ \
		-o build/source/cse-toolkit-$(VERSION)-source.zip $${rev:-HEAD} -- . ':!docs/screenshots'
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN \
		--distpath build/dist --workpath build/work packaging/cse-toolkit.spec
	$(BIN)/python packaging/notices.py --bundle build/dist/cse-toolkit
	QT_QPA_PLATFORM=offscreen build/dist/cse-toolkit/cse-toolkit --self-test
	@size=$$(du -sm build/dist/cse-toolkit | cut -f1); echo "bundle: $$size MB (budget 180)"; \
		[ "$$size" -le 180 ] || { echo "bundle: over the 180 MB budget" >&2; exit 1; }

# The bundle wrapped as a Debian package and checked with lintian (packaging/linux/).
deb: bundle
	packaging/linux/build-deb.sh

# CI, after make test: apt installs the .deb, the installed copy self-tests, apt removes it,
# and the data folder it ran with must be left as it was.
deb-check:
	packaging/linux/check-deb.sh

notices: $(VENV)/.dev
	$(BIN)/python packaging/notices.py --out build/notices

self-test: $(VENV)/.runtime
	$(BIN)/python -m app --self-test

# Windows: what this Linux machine can check (packaging/windows/ci-check.sh; needs
# nsis and wine). `windows-lock` rewrites requirements/windows.lock from dev.lock (after
# `make lock`); both need the package index. The build itself: packaging/windows/build.ps1.
.PHONY: windows-check windows-lock
windows-check: $(VENV)/.dev
	PYTHON=$(BIN)/python packaging/windows/ci-check.sh

windows-lock: $(VENV)/.dev
	$(BIN)/python packaging/windows/check_lock.py --write

# Re-resolve the newest versions and rewrite both lock files (needs the network).
lock:
	PYTHON=$(PYTHON) requirements/relock.sh

clean:
	rm -rf $(VENV) build .pytest_cache .ruff_cache .import_linter_cache .mypy_cache

# The README's screenshots, from the real app in a virtual screen.
screenshots: $(VENV)/.dev
	QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1280x800x24" $(BIN)/python -m docs.screenshots
	QT_QPA_PLATFORM=xcb QT_SCALE_FACTOR=1.5 xvfb-run -a -s "-screen 0 1024x768x24" \
		$(BIN)/python -m docs.screenshots 150
	QT_QPA_PLATFORM=xcb QT_SCALE_FACTOR=2 xvfb-run -a -s "-screen 0 1920x1080x24" \
		$(BIN)/python -m docs.screenshots 200
