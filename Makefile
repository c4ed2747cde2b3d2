# Build, test and demo commands. CI runs `make test` through .ci/run.
#
#   make setup   install the tools (scripts/setup.sh; skips what is present)
#   make pkg     build the npm package into pkg/
#   make test    run all test suites: native, browser, package, demo end-to-end
#   make demo    serve the demo app against a local emulator until Ctrl-C
#   make clean   remove build outputs (pkg/, www/dist/, target/)

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

# cargo install puts wasm-bindgen and wasm-pack here, which may not be on
# PATH in a fresh shell.
export PATH := $(or $(CARGO_HOME),$(HOME)/.cargo)/bin:$(PATH)

# Ports of `make demo`: the web page and the emulated Appmixer API.
DEMO_PORT ?= 5173
DEMO_API_PORT ?= 2200
DEMO_TOKEN := demo-token

.PHONY: help setup pkg test demo clean distclean

help:
	@sed -n 's/^#   make /make /p' Makefile

setup:
	scripts/setup.sh

pkg: setup
	scripts/build-pkg.sh

test: setup
	scripts/test.sh

demo: pkg
	EMULATOR_LISTEN=127.0.0.1:$(DEMO_API_PORT) EMULATOR_TOKEN=$(DEMO_TOKEN) \
	DEMO_PORT=$(DEMO_PORT) scripts/with-emulator.sh scripts/serve-demo.sh

clean:
	rm -rf pkg www/dist
	cargo clean

# Also removes what make setup installed inside the repository.
distclean: clean
	rm -rf .tools www/node_modules tests/e2e/node_modules
