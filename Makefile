# telnyx.fax build and test entry points.  Users need two targets:
#
#   make demo    play playbooks/demo.yml (telnyx.fax.demo) against a local Telnyx simulator
#   make test    everything CI runs (.ci/run is just `make test`)
#
# `make help` lists the rest; DEVELOPERS.md explains the layout, the venvs and why
# things are done the way they are; CONTRIBUTING.md is the checklist for a change.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:
# Steps must run in the order listed and stop at the first failure, even under `make -j`.
.NOTPARALLEL:
MAKEFLAGS += --no-builtin-rules --no-print-directory

ROOT := $(CURDIR)

# ---------------------------------------------------------------------------------------
# What `make test` runs, in order.  To add a step, write its target (with a `## ` help text,
# named in DEVELOPERS.md: make docs checks) and add its name here.  Three steps are groups
# whose members run at once, one core each (see `together` below): venvs (every venv),
# checks (simulator-tests eda-tests lint docs galaxy-importer) and scenarios (molecule e2e ee de); unit,
# sanity and integration run their two ansible-core halves at once.  CI has 2 cores and 20
# minutes: DEVELOPERS.md has the time of each step.
TEST_STEPS := venvs style actionlint package checks unit sanity integration scenarios

# Narrowing a run, e.g. make unit PYTEST_ARGS='-k pagination -x'
#                      make unit-newest UNIT_TESTS=tests/unit/plugins/module_utils/test_api.py::test_x
#                      make sanity-newest SANITY_ARGS='--test pylint'
SIMULATOR_TESTS ?= tests/simulator
EDA_TESTS ?= tests/eda
UNIT_TESTS ?= tests/unit
PYTEST_ARGS ?=
SANITY_ARGS ?=
BENCH_ARGS ?=
# The demo is the collection's own playbook (playbooks/demo.yml, shipped as telnyx.fax.demo),
# played from the installed copy; a path to a .yml file works too.
DEMO_PLAYBOOK ?= telnyx.fax.demo
DEMO_ARGS ?= --diff
# Where make demo saves the fax it receives (the playbook's demo_inbox).
DEMO_INBOX := $(ROOT)/tests/output/demo/inbox

# ---------------------------------------------------------------------------------------
# Interpreters: newest from pyenv (highest 3.13.x), else pythonX.Y on PATH.
PYENV_ROOT ?= $(shell pyenv root 2>/dev/null || echo "$$HOME/.pyenv")
find_python = $(or $(shell ls -d $(PYENV_ROOT)/versions/$(1)*/bin/python$(1) 2>/dev/null | sort -V | tail -n1),$(shell command -v python$(1) 2>/dev/null))

PY_NEWEST_VERSION := 3.13
PY_NEWEST := $(call find_python,$(PY_NEWEST_VERSION))

# The older ansible-core series, each with the Python it runs on here: CORE:PYTHON.
# 2.18 (the oldest supported) is part of `make test`; 2.19 and 2.20 only of `make test-matrix`.
OLDER_CORES := 2.18:3.11 2.19:3.11 2.20:3.12

# ---------------------------------------------------------------------------------------
# Virtual environments.  Each one is rebuilt from scratch only when its inputs change:
# the stamp file's name is a hash of the requirement files, the interpreter path and
# VENV_RECIPE (bump it when the recipe below changes in a way that needs a rebuild).
VENV_RECIPE := 1

VENV := .venv
VENV_REQS := requirements-dev.txt requirements.txt tools/requirements-newest.txt
VENV_KEY := $(shell { cat $(VENV_REQS) 2>/dev/null; echo '$(PY_NEWEST) $(VENV_RECIPE)'; } | sha256sum | cut -c1-16)
VENV_STAMP := $(VENV)/.stamp-$(VENV_KEY)

PIP_INSTALL := -m pip install --disable-pip-version-check --quiet

# pytest exits 5 when it collected no test; that fails the step, with a plain reason.
no_tests_hint = || { rc=$$?; [ $$rc -ne 5 ] || echo "$@: pytest found no tests to run" >&2; exit $$rc; }

# ---------------------------------------------------------------------------------------
# The collection as Ansible sees it: built into .build/, installed into .collections/.
COLLECTION_NAMESPACE := telnyx
COLLECTION_NAME := fax
BUILD_DIR := .build
COLLECTIONS_DIR := $(ROOT)/.collections
INSTALLED := $(COLLECTIONS_DIR)/ansible_collections/$(COLLECTION_NAMESPACE)/$(COLLECTION_NAME)

# Ansible finds telnyx.fax only in .collections/ (not ~/.ansible/collections, not a copy
# some package put on sys.path), so every run tests the copy just built.
ANSIBLE_ENV = ANSIBLE_COLLECTIONS_PATH=$(COLLECTIONS_DIR) ANSIBLE_COLLECTIONS_SCAN_SYS_PATH=False
# Run a command with a venv first on PATH: $(call in_venv,VENV_DIR)
in_venv = PATH=$(ROOT)/$(1)/bin:$$PATH $(ANSIBLE_ENV)

.PHONY: help demo demo-events java test clean distclean \
        venvs venv venv-importer build install test-matrix checks scenarios quick \
        simulator-tests eda-tests unit unit-newest sanity sanity-newest \
        check-sanity-ignores style actionlint format package galaxy-importer lint integration integration-newest molecule e2e ee de docs release bench

help: ## Show this list
	@echo "telnyx.fax -- make targets (DEVELOPERS.md has the details)"
	@echo
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z0-9_.-]+:.*## / {printf "  %-18s %s\n", $$1, $$2}' $(MAKEFILE_LIST)
	@echo
	@echo "make test runs: $(TEST_STEPS)"

# ---------------------------------------------------------------------------------------
# User-facing

# ANSIBLE_PYTHON_INTERPRETER: modules run on localhost with the venv's Python (it has
# requests), whatever the inventory or interpreter discovery would pick.
demo: install ## Play telnyx.fax.demo (DEMO_PLAYBOOK=...) against a fresh local Telnyx simulator and webhook receiver
	@case '$(DEMO_PLAYBOOK)' in *.yml|*.yaml) test -f '$(DEMO_PLAYBOOK)' || \
	  { echo "make demo: $(DEMO_PLAYBOOK) does not exist" >&2; exit 1; };; esac
	$(call in_venv,$(VENV)) ANSIBLE_PYTHON_INTERPRETER=$(ROOT)/$(VENV)/bin/python \
	  $(VENV)/bin/python tests/simulator/serve.py --webhook-receiver -- \
	  $(ROOT)/$(VENV)/bin/ansible-playbook '$(DEMO_PLAYBOOK)' -e demo_inbox='$(DEMO_INBOX)' $(DEMO_ARGS)

# Faxes that arrive, handled by ansible-rulebook (tools/eda_demo.py): the rulebook
# telnyx.fax.inbound_faxes downloads an inbound fax's PDF into tests/output/demo-events/faxes/,
# its source telnyx.fax.webhook refuses a forged and an old replayed webhook. A target of its own
# because ansible-rulebook needs Java 17 and make demo must not.
demo-events: install java ## Faxes that arrive: ansible-rulebook with telnyx.fax.webhook and telnyx.fax.inbound_faxes against a local simulator (Java 17)
	rm -rf tests/output/demo-events
	$(call in_venv,$(VENV)) $(VENV)/bin/python tools/eda_demo.py --inbox tests/output/demo-events

# ansible-rulebook's rule engine (drools, through jpy) runs on a Java 17 or newer JVM. As root (CI,
# a fresh machine) it is installed from Debian's packages; anyone else is told what to install.
JAVA_PACKAGE := openjdk-17-jre-headless
java: ## Java 17 for ansible-rulebook (demo-events, e2e): apt-get installs $(JAVA_PACKAGE) when run as root, else says what to install
	@version=$$(java -version 2>&1 | sed -n 's/.* version "\([0-9]*\).*/\1/p' | head -n1); \
	if [ -n "$$version" ] && [ "$$version" -ge 17 ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get > /dev/null; then \
	  echo ">>> ansible-rulebook needs Java 17: apt-get install $(JAVA_PACKAGE)"; \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $(JAVA_PACKAGE); \
	else \
	  echo "ansible-rulebook needs Java 17 or newer$${version:+ (java here is $$version)}: install $(JAVA_PACKAGE)" \
	    "(Debian, Ubuntu: apt-get install $(JAVA_PACKAGE); Fedora, RHEL: dnf install java-17-openjdk-headless)" >&2; \
	  exit 1; \
	fi

test: $(TEST_STEPS) ## Run every test step in order, stopping at the first failure
	@echo "make test: all steps passed ($(TEST_STEPS))"

# ---------------------------------------------------------------------------------------
# Virtual environments

venvs: ## Create/refresh every virtual environment (.venv, .venv-2.18, .venv-importer), at once
	$(call together,venv venv-2.18 venv-importer)
venv: $(VENV_STAMP) ## Create/refresh .venv (Python 3.13, newest ansible-core + dev tools)

$(VENV_STAMP):
	@test -n '$(PY_NEWEST)' || { echo "No python$(PY_NEWEST_VERSION): install it with pyenv (or put it on PATH)" >&2; exit 1; }
	@echo ">>> (re)creating $(VENV) with $(PY_NEWEST)"
	rm -rf $(VENV)
	$(PY_NEWEST) -m venv $(VENV)
	$(VENV)/bin/python $(PIP_INSTALL) -r requirements-dev.txt -r tools/requirements-newest.txt
	$(VENV)/bin/python -c 'import ansible.release as r; print("ansible-core", r.__version__)'
	touch $@


# ---------------------------------------------------------------------------------------
# Build and install the collection (always: it takes about a second)

ifneq ($(COLLECTION_READY),1)
build: $(VENV_STAMP) ## Build the collection tarball into .build/
	rm -rf $(BUILD_DIR)
	$(VENV)/bin/ansible-galaxy collection build --output-path $(BUILD_DIR) .

install: build ## Install the built tarball into .collections/ (what tests and demo use)
	rm -rf $(INSTALLED)
	$(ANSIBLE_ENV) $(VENV)/bin/ansible-galaxy collection install --force \
	  -p $(COLLECTIONS_DIR) $(BUILD_DIR)/$(COLLECTION_NAMESPACE)-$(COLLECTION_NAME)-*.tar.gz
else
# A half of a step that `together` runs (below): its parent has built and installed the
# collection, and two halves reinstalling it at once would remove it under each other.
build install: ;
endif

# Run make targets at once, one core each, each into tests/output/steps/TARGET.log shown whole
# when it ends (tools/together.py); the step fails if any failed. They must share nothing
# they write: see the sanity targets. The interpreter that creates the venvs runs it, so that
# it works before they exist.
together = $(PY_NEWEST) tools/together.py tests/output/steps \
  $(foreach target,$(1),'$(target)=$(MAKE) $(target) COLLECTION_READY=1')

# The steps that use one core each and only read the checkout, the tarball and the installed
# collection, at once.
checks: install ## simulator-tests, eda-tests, lint, docs and galaxy-importer at once
	$(call together,simulator-tests eda-tests lint docs galaxy-importer)

# Each starts its own simulator on a free port.
scenarios: install ## molecule, e2e, ee and de at once
	$(call together,molecule e2e ee de)

# What ships is what is tracked: the tarball just built from this working checkout may hold
# only files git tracks, and no development file (tests/e2e/test_package.py tests the check).
package: build ## Check the built tarball: only files git tracks, no development file
	$(VENV)/bin/python tools/check_tarball.py $(BUILD_DIR)/$(COLLECTION_NAMESPACE)-$(COLLECTION_NAME)-*.tar.gz

# ---------------------------------------------------------------------------------------
# Test steps

# The maintainer's loop (DEVELOPERS.md, "The quick loop"): style, the unit tests on the newest
# ansible-core and the simulator's tests at once, one core each, on the checkout itself (no
# build or install: unit tests import the checkout), then the time it all took. Not a step of
# make test, which runs each of these too.
quick: $(VENV_STAMP) ## style, unit-newest and simulator-tests at once, on the checkout (no build); prints its time
	@started=$$(date +%s%N); status=0; \
	$(call together,style unit-newest simulator-tests) || status=$$?; \
	elapsed=$$(( ($$(date +%s%N) - started) / 10000000 )); \
	printf 'make quick: %s in %d.%02d s\n' "$$([ $$status -eq 0 ] && echo passed || echo FAILED)" \
	  $$((elapsed / 100)) $$((elapsed % 100)); \
	exit $$status

simulator-tests: $(VENV_STAMP) ## pytest tests/simulator (the simulator's own tests)
	@test -d tests/simulator || { echo "simulator-tests: tests/simulator is missing" >&2; exit 1; }
	$(VENV)/bin/python -m pytest $(SIMULATOR_TESTS) $(PYTEST_ARGS) $(no_tests_hint)

# The event source runs in ansible-rulebook's Python (3.9+), never on a managed host, so its tests
# run in .venv alone, which has ansible-rulebook's aiohttp: a real HTTP client against the real
# listener on a loopback port, no build (the source is loaded from the checkout's file).
eda-tests: $(VENV_STAMP) ## pytest tests/eda: the telnyx.fax.webhook event source, a real client against it on loopback
	$(VENV)/bin/python -m pytest $(EDA_TESTS) $(PYTEST_ARGS) $(no_tests_hint)

# The two halves at once (each pytest run starts its own simulator on a free port).
unit: $(VENV_STAMP) ## Unit tests on both ansible-core versions, at once
	$(call together,unit-newest unit-2.18)

# Unit tests import the checkout itself (tests/unit/conftest.py maps it to
# ansible_collections.telnyx.fax), so they need no build or install.
unit-newest: $(VENV_STAMP) ## Unit tests, newest ansible-core (.venv)
	@test -d tests/unit || { echo "unit: tests/unit is missing" >&2; exit 1; }
	$(VENV)/bin/python -m pytest $(UNIT_TESTS) $(PYTEST_ARGS) $(no_tests_hint)


# The two halves at once: each has its own copy of the installed collection (ansible-test
# writes under the content root's tests/output/) and its own venvs (~/.ansible/test/venv is
# keyed by Python version).
sanity: install check-sanity-ignores ## ansible-test sanity on both ansible-core versions, at once
	$(call together,sanity-newest sanity-2.18)

# ansible-test must run inside .../ansible_collections/telnyx/fax.  ANSIBLE_TEST_CONTENT_ROOT
# makes it read the files there as they are: without it, it walks up, finds this repo's
# .git, asks git for the file list, gets nothing (.collections/ is git-ignored) and skips
# every test.  --venv: ansible-test makes its own controller venv (no Docker needed).
sanity-newest: install check-sanity-ignores ## ansible-test sanity, newest ansible-core, Python 3.13
	$(VENV)/bin/python tools/ensure_get_pip.py $(VENV)/bin/python
	cd $(INSTALLED) && $(call in_venv,$(VENV)) ANSIBLE_TEST_CONTENT_ROOT=$(INSTALLED) \
	  ansible-test sanity --venv --python $(PY_NEWEST_VERSION) $(SANITY_ARGS)


# The sanity ignore files must stay empty: fix the code instead.
check-sanity-ignores:
	@if grep -HnvE '^[[:space:]]*(#|$$)' tests/sanity/ignore-*.txt 2>/dev/null; then \
	  echo "tests/sanity/ignore-*.txt must have no entries (above); fix the code instead" >&2; exit 1; fi

# ---------------------------------------------------------------------------------------
# Steps against the installed collection: lint, docs, integration, molecule, e2e (and bench,
# which stays out of make test: it measures, it does not judge).

# One formatter and linter for all Python (ruff.toml); `make format` rewrites what it can.
style: $(VENV_STAMP) ## ruff on every Python file, flake8 on plugins/ as galaxy-importer runs it (make format fixes most)
	$(VENV)/bin/ruff format --check --diff .
	$(VENV)/bin/ruff check .
	$(VENV)/bin/flake8 --isolated --select E,F,W --extend-ignore E402 --max-line-length 160 plugins

# The GitHub Actions workflows cannot run here: actionlint checks them (syntax, expressions,
# matrix, inputs of the actions it knows) so a broken one fails before it is pushed. Its
# shellcheck pass over run: scripts is off unless asked for (-shellcheck=), so make test needs
# nothing outside the venvs: make actionlint ACTIONLINT_SHELLCHECK=shellcheck where it is
# installed. -pyflakes=: no run: step is Python.
ACTIONLINT_SHELLCHECK ?=
actionlint: $(VENV_STAMP) ## actionlint on .github/workflows (ACTIONLINT_SHELLCHECK=shellcheck adds shellcheck on run: scripts)
	$(VENV)/bin/actionlint -shellcheck='$(ACTIONLINT_SHELLCHECK)' -pyflakes=

format: $(VENV_STAMP) ## Format every Python file and apply ruff's safe fixes
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# Production profile on the whole collection, offline; .ansible-lint says why for each exclusion.
lint: install ## ansible-lint (production profile) on the whole collection
	$(call in_venv,$(VENV)) ansible-lint

# Integration targets play against simulators at -vvvv, on the oldest and the newest
# ansible-core; tests/integration/run.py fails if the API key shows anywhere in the output.
# Every (version, target) pair is a job; two workers, each with its own simulator, take them
# longest first, so both cores stay busy to the end. Output per version in
# tests/output/integration/ansible-core-X.Y/; each line starts with its version. (.venv-2.18's
# prerequisite is added below, where its stamp is known.)
integration: install $(VENV_STAMP) ## Integration targets against the simulator, both ansible-core versions at once
	$(call in_venv,$(VENV)) $(VENV)/bin/python -u tests/integration/run.py \
	  --python $(VENV)/bin/python --python .venv-2.18/bin/python $(TARGETS)

integration-newest: install ## Integration targets, newest ansible-core (.venv); TARGETS=... to pick
	$(call in_venv,$(VENV)) $(VENV)/bin/python tests/integration/run.py $(TARGETS)


# The scenarios under extensions/molecule run under serve.py, the one way the simulator is
# started (tests/simulator/harness.py underneath), which stops it even on failure.
molecule: install ## molecule scenarios of the role (extensions/molecule), against a local simulator
	$(call in_venv,$(VENV)) $(VENV)/bin/python tests/simulator/serve.py -- molecule test --all

# The execution environment's tests need its image: make ee runs them.
e2e: install java ## tests/e2e but the execution environment's: the installed tarball, ad-hoc, ansible-runner, the role's connection settings, the rulebooks under ansible-rulebook
	$(call in_venv,$(VENV)) $(VENV)/bin/python -m pytest tests/e2e --ignore=$(EE_TESTS) --ignore=$(DE_TESTS) \
	  $(PYTEST_ARGS) $(no_tests_hint)

# The execution environment users copy (extensions/ee), built as they would, but offline:
# tools/ee/build.py makes the base image when podman has none (mmdebstrap), downloads the
# wheels here and builds with --network=none; then, inside the image, the demo through
# ansible-navigator and through ansible-runner with process isolation, and ansible-doc.
# Needs a working podman (.ci/prepare-host makes one on a bare CI machine); says what is missing.
EE_DEFINITION := extensions/ee/execution-environment.yml
EE_IMAGE ?= localhost/telnyx-fax-ee:test
EE_OUTPUT := tests/output/ee
EE_TESTS := tests/e2e/test_execution_environment.py
ee: install ## Build the execution environment (extensions/ee) with ansible-builder on podman; run the demo and ansible-doc inside it
	$(VENV)/bin/python tools/ee/build.py --definition $(EE_DEFINITION) --image $(EE_IMAGE) --output $(EE_OUTPUT) \
	  --tarball $(BUILD_DIR)/$(COLLECTION_NAMESPACE)-$(COLLECTION_NAME)-*.tar.gz
	$(call in_venv,$(VENV)) TELNYX_FAX_EE_IMAGE=$(EE_IMAGE) \
	  $(VENV)/bin/python -m pytest $(EE_TESTS) --durations=0 $(PYTEST_ARGS) $(no_tests_hint)

# The decision environment for EDA controller (extensions/eda), built the same way on a base
# image with Java 17 too (ansible-rulebook's rule engine), then the rulebook inside it: the event
# source fed by the simulator's signed webhooks, a received fax's PDF on disk, forged, old and
# repeated webhooks queuing nothing.
DE_DEFINITION := extensions/eda/decision-environment.yml
DE_IMAGE ?= localhost/telnyx-fax-de:test
DE_OUTPUT := tests/output/de
DE_TESTS := tests/e2e/test_decision_environment_image.py
DE_BASE_PACKAGES := python3,python3-pip,python3-venv,ca-certificates,$(JAVA_PACKAGE)
de: install ## Build the decision environment (extensions/eda) like ee; run the rulebook and its event source inside it
	$(VENV)/bin/python tools/ee/build.py --definition $(DE_DEFINITION) --image $(DE_IMAGE) --output $(DE_OUTPUT) \
	  --base-packages $(DE_BASE_PACKAGES) --tarball $(BUILD_DIR)/$(COLLECTION_NAMESPACE)-$(COLLECTION_NAME)-*.tar.gz
	$(call in_venv,$(VENV)) TELNYX_FAX_DE_IMAGE=$(DE_IMAGE) \
	  $(VENV)/bin/python -m pytest $(DE_TESTS) --durations=0 $(PYTEST_ARGS) $(no_tests_hint)

# What users read: every module and the role render with ansible-doc, the docsite and the
# changelog pass their linters, and galaxy.yml's version has its release notes (tools/release.py
# check: first, since it takes no time and says to run make release).
# antsibull-docs lints the checkout, not the installed copy: it lints a copy of the files git
# tracks, and .collections/ is git-ignored inside this repository, so from the installed copy it
# linted nothing and passed whatever the docs said (M() naming the role went unnoticed).
docs: install ## ansible-doc renders every plugin and the role; antsibull docs and changelog lint; the version is released; every target documented
	$(VENV)/bin/python tools/release.py check
	$(call in_venv,$(VENV)) antsibull-docs lint-collection-docs --plugin-docs .
	cd $(INSTALLED) && $(call in_venv,$(VENV)) antsibull-changelog lint
	$(call in_venv,$(VENV)) ansible-doc $(patsubst plugins/modules/%.py,telnyx.fax.%,$(wildcard plugins/modules/*.py)) > /dev/null
	$(call in_venv,$(VENV)) ansible-doc -t role telnyx.fax.fax_applications > /dev/null
	$(call in_venv,$(VENV)) ansible-doc -t filter telnyx.fax.close_names telnyx.fax.failure_in_words > /dev/null
	@missing=$$(awk -F':.*## ' '/^[a-zA-Z0-9_.-]+:.*## / {print $$1}' $(MAKEFILE_LIST) | \
	  while read -r target; do grep -qF "\`$$target\`" DEVELOPERS.md CONTRIBUTING.md || echo "$$target"; done); \
	if [ -n "$$missing" ]; then echo "make targets with a help text but no mention in DEVELOPERS.md or CONTRIBUTING.md:" $$missing >&2; exit 1; fi

# A release moves the version everywhere it lives (galaxy.yml, COLLECTION_VERSION in
# plugins/module_utils/_api.py: tools/release.py set-version) and turns the fragments into
# that release of changelogs/changelog.yaml and CHANGELOG.rst, with the modules and roles whose
# version_added is VERSION. --reload-plugins: a plugin cache left from before would hide the
# new ones. DATE defaults to today (antsibull-changelog's default); the check at the end is the
# one make docs runs.
VERSION ?=
DATE ?=
release: $(VENV_STAMP) ## Release VERSION (make release VERSION=x.y.z [DATE=yyyy-mm-dd]): move the version, release the changelog fragments
	@test -n '$(VERSION)' || { echo "make release: name the version, e.g. make release VERSION=0.3.0" >&2; exit 1; }
	$(VENV)/bin/python tools/release.py set-version '$(VERSION)'
	$(call in_venv,$(VENV)) antsibull-changelog release --reload-plugins --version '$(VERSION)' $(if $(DATE),--date '$(DATE)')
	$(VENV)/bin/python tools/release.py check
	@echo "make release: $(VERSION) released; review and commit galaxy.yml, plugins/module_utils/_api.py, changelogs/ and CHANGELOG.rst"

# galaxy-importer: what Galaxy and Automation Hub run on an upload (ansible-doc, flake8,
# ansible-lint), on the tarball just built, in its own venv (its pins clash with .venv's), with
# tools/galaxy-importer.cfg. It reports problems as WARNING/ERROR lines but exits 0, so the
# step fails on any such line. Its output is kept in tests/output/galaxy-importer/.
IMPORTER_VENV := .venv-importer
IMPORTER_REQS := tools/requirements-importer.txt tools/requirements-newest.txt
IMPORTER_STAMP := $(IMPORTER_VENV)/.stamp-$(shell { cat $(IMPORTER_REQS) 2>/dev/null; echo '$(PY_NEWEST) $(VENV_RECIPE)'; } | sha256sum | cut -c1-16)
IMPORTER_OUT := tests/output/galaxy-importer

venv-importer: $(IMPORTER_STAMP) ## Create/refresh .venv-importer (galaxy-importer and its pins)

$(IMPORTER_STAMP):
	@test -n '$(PY_NEWEST)' || { echo "No python$(PY_NEWEST_VERSION): install it with pyenv (or put it on PATH)" >&2; exit 1; }
	@echo ">>> (re)creating $(IMPORTER_VENV) with $(PY_NEWEST)"
	rm -rf $(IMPORTER_VENV)
	$(PY_NEWEST) -m venv $(IMPORTER_VENV)
	$(IMPORTER_VENV)/bin/python $(PIP_INSTALL) -r tools/requirements-importer.txt
	touch $@

galaxy-importer: build $(IMPORTER_STAMP) ## galaxy-importer (Galaxy's upload checks) on the built tarball: no warning allowed
	rm -rf $(IMPORTER_OUT) && mkdir -p $(IMPORTER_OUT)
	cd $(IMPORTER_OUT) && env -u ANSIBLE_COLLECTIONS_PATH PATH=$(ROOT)/$(IMPORTER_VENV)/bin:$$PATH \
	  GALAXY_IMPORTER_CONFIG=$(ROOT)/tools/galaxy-importer.cfg \
	  $(ROOT)/$(IMPORTER_VENV)/bin/python -m galaxy_importer.main \
	  $(ROOT)/$(BUILD_DIR)/$(COLLECTION_NAMESPACE)-$(COLLECTION_NAME)-*.tar.gz > importer.log 2>&1 \
	  || { cat importer.log; echo "galaxy-importer: the import failed" >&2; exit 1; }
	@grep -v -e '^Loading ' -e ' via flake8\.\.\.$$' $(IMPORTER_OUT)/importer.log
	@if grep -nE '^(WARNING|ERROR|CRITICAL)' $(IMPORTER_OUT)/importer.log; then \
	  echo "galaxy-importer: the lines above would show on Galaxy; fix them" >&2; exit 1; fi
	@grep -q '^Importer processing completed successfully' $(IMPORTER_OUT)/importer.log || \
	  { echo "galaxy-importer: no success line in $(IMPORTER_OUT)/importer.log" >&2; exit 1; }

# Measures, so it stays out of make test: requests and wall time of each case (docs/benchmarks.md).
bench: install ## Benchmark against the simulator (BENCH_ARGS='--runs 5 --markdown FILE')
	$(call in_venv,$(VENV)) ANSIBLE_PYTHON_INTERPRETER=$(ROOT)/$(VENV)/bin/python \
	  $(VENV)/bin/python benchmarks/run.py $(BENCH_ARGS)

# ---------------------------------------------------------------------------------------
# The older ansible-core series: one venv each (.venv-CORE, with requirements.txt and
# tools/requirements-CORE.txt, rebuilt when they change) and unit-CORE, sanity-CORE and
# integration-CORE targets, all made by the same recipe.
define older_core
SANITY_ROOT_$(1) := $(ROOT)/.sanity-$(1)/ansible_collections/$(COLLECTION_NAMESPACE)/$(COLLECTION_NAME)
VENV_STAMP_$(1) := .venv-$(1)/.stamp-$$(shell { cat requirements.txt tools/requirements-$(1).txt 2>/dev/null; \
  echo '$$(call find_python,$(2)) $$(VENV_RECIPE)'; } | sha256sum | cut -c1-16)

venv-$(1): $$(VENV_STAMP_$(1)) ## Create/refresh .venv-$(1) (Python $(2), ansible-core $(1))

$$(VENV_STAMP_$(1)):
	@test -n '$$(call find_python,$(2))' || { echo "No python$(2): install it with pyenv (or put it on PATH)" >&2; exit 1; }
	@echo ">>> (re)creating .venv-$(1) with $$(call find_python,$(2))"
	rm -rf .venv-$(1)
	$$(call find_python,$(2)) -m venv .venv-$(1)
	.venv-$(1)/bin/python $$(PIP_INSTALL) -r requirements.txt -r tools/requirements-$(1).txt
	.venv-$(1)/bin/python -c 'import ansible.release as r; print("ansible-core", r.__version__)'
	touch $$@

unit-$(1): $$(VENV_STAMP_$(1)) ## Unit tests, ansible-core $(1) (.venv-$(1))
	.venv-$(1)/bin/python -m pytest $$(UNIT_TESTS) $$(PYTEST_ARGS) $$(no_tests_hint)

# On a copy of the installed collection, so that it can run beside sanity-newest.
sanity-$(1): install check-sanity-ignores $$(VENV_STAMP_$(1)) ## ansible-test sanity, ansible-core $(1), Python $(2)
	.venv-$(1)/bin/python tools/ensure_get_pip.py .venv-$(1)/bin/python
	rm -rf .sanity-$(1) && mkdir -p $$(dir $$(SANITY_ROOT_$(1))) && cp -a $$(INSTALLED) $$(SANITY_ROOT_$(1))
	cd $$(SANITY_ROOT_$(1)) && $$(call in_venv,.venv-$(1)) ANSIBLE_TEST_CONTENT_ROOT=$$(SANITY_ROOT_$(1)) \
	  ansible-test sanity --venv --python $(2) $$(SANITY_ARGS)

integration-$(1): install $$(VENV_STAMP_$(1)) ## Integration targets, ansible-core $(1) (.venv-$(1))
	$$(call in_venv,$$(VENV)) $$(VENV)/bin/python tests/integration/run.py --python .venv-$(1)/bin/python $$(TARGETS)

.PHONY: venv-$(1) unit-$(1) sanity-$(1) integration-$(1)
endef
$(foreach core,$(OLDER_CORES),$(eval $(call older_core,$(word 1,$(subst :, ,$(core))),$(word 2,$(subst :, ,$(core))))))

# Prerequisites on .venv-2.18 and .venv-importer, whose stamps are only known from here on.
e2e: $(VENV_STAMP_2.18)
integration: $(VENV_STAMP_2.18)
unit: $(VENV_STAMP_2.18)
sanity: $(VENV_STAMP_2.18)
scenarios: $(VENV_STAMP_2.18)
checks: $(IMPORTER_STAMP)

# The middle series, in the same steps as make test runs for the oldest and the newest.
test-matrix: unit-2.19 sanity-2.19 unit-2.20 sanity-2.20 ## Unit tests and sanity on ansible-core 2.19 and 2.20 too
	@echo "make test-matrix: all steps passed"

# ---------------------------------------------------------------------------------------

clean: ## Remove build outputs (.build, .collections, caches); keeps the venvs
	rm -rf $(BUILD_DIR) .collections .sanity-* .pytest_cache tests/output
	find . -path ./.venv -prune -o -path './.venv-*' -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +

distclean: clean ## clean, and remove every venv too
	rm -rf $(VENV) $(IMPORTER_VENV) $(foreach core,$(OLDER_CORES),.venv-$(word 1,$(subst :, ,$(core))))
