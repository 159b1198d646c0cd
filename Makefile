# Drydock — build, test and bench entry points. Works as root on a fresh Debian bookworm machine
# with Swift on PATH (or at /opt/swift), and from CI (CI=true, no stdin).

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
export PATH := $(PATH):/opt/swift/usr/bin
SWIFT ?= swift

.PHONY: all build deps test bench clean

all: build

## deps: install the Debian packages the tests need (docker-registry, apache2-utils, openssl, ...), only if missing.
deps:
	scripts/install-deps.sh

## build: debug build of every target.
build:
	$(SWIFT) build

## test: deps, then build everything including tests, then run them (registries are started by the tests).
test: export DRYDOCK_SBOM_VALIDATOR := $(CURDIR)/.build/venv-tools/bin/python
test: export DRYDOCK_ANCHORE_CLI := $(CURDIR)/.build/venv-anchorecli/bin/anchore-cli
test: export DRYDOCK_SELENIUM_PYTHON := $(CURDIR)/.build/venv-selenium/bin/python
test: deps
	scripts/python-venv.sh >/dev/null
	scripts/anchorecli-venv.sh >/dev/null
	scripts/selenium-venv.sh >/dev/null
	$(SWIFT) build --build-tests
	status=0; $(SWIFT) test --skip-build || status=$$?; scripts/stop-orphan-registries.sh; exit $$status

## bench: release build of the two executables it runs (the Swift runtime linked in, as a shipped binary would be;
## named, because a dependency's dynamic-library product cannot link that way), then scripts/bench.sh.
## BENCH_ARGS go to drydock-bench run, e.g. BENCH_ARGS="--runs 5" for the median of five runs of each tool.
bench:
	$(SWIFT) build -c release --static-swift-stdlib --product drydock
	$(SWIFT) build -c release --static-swift-stdlib --product drydock-bench
	if [[ -x scripts/bench.sh ]]; then scripts/bench.sh $(BENCH_ARGS); else echo "no benchmarks yet"; fi

## clean: remove build products.
clean:
	$(SWIFT) package clean
