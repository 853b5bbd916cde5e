# Innkeep — build, run and test.
#
#   make run     install what is missing, build, start the window (or `serve`)
#   make test    every test: Go (with -race, incl. browser and window tests) and frontend
#
# `make help` lists every target. Targets build only what is missing or stale.

SHELL       := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS   += --no-builtin-rules
.DELETE_ON_ERROR:

GO   ?= go
NPM  ?= npm
ARGS ?=

BIN      := build/bin/innkeep
DIST     := frontend/dist/index.html
# npm ci writes this file last; it stands for the whole node_modules tree.
NODE_MODULES := frontend/node_modules/.package-lock.json

# --- Version stamped into the binary ------------------------------------------

ifeq ($(origin VERSION),undefined)
VERSION := $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
endif
ifeq ($(origin COMMIT),undefined)
COMMIT  := $(shell git rev-parse --short HEAD 2>/dev/null)
endif
# The only place that names the variables the version is written into.
VERSION_PKG := innkeep/app
LDFLAGS     := -X $(VERSION_PKG).Version=$(VERSION) -X $(VERSION_PKG).Commit=$(COMMIT)

# --- Wails build tags -----------------------------------------------------------

# webkit2_40 for WebKitGTK 4.0 (Debian 12, Ubuntu 22.04); webkit2_41 where only
# 4.1 exists (Debian 13, Ubuntu 24.04). Without either, the window's asset
# handler sees every request as a bodiless GET. Override with WEBKIT_TAG=….
# Deferred (=) so that it is read after scripts/bootstrap installed pkg-config.
WEBKIT_TAG ?= $(shell if [ "$$(uname -s)" != Linux ]; then :; \
	elif pkg-config --exists webkit2gtk-4.0 2>/dev/null; then echo webkit2_40; \
	elif pkg-config --exists webkit2gtk-4.1 2>/dev/null; then echo webkit2_41; \
	else echo webkit2_40; fi)
DESKTOP_TAGS = desktop,production$(if $(WEBKIT_TAG),$(comma)$(WEBKIT_TAG))
comma := ,

# --- Sources --------------------------------------------------------------------

# Everything the Go build reads: the root package and the package trees (see
# docs/architecture.md), Go files and embedded assets, without tests and test
# data. The frontend is embedded through $(DIST).
GO_DIRS := $(wildcard app store sync reports)
GO_SRC  := go.mod go.sum $(filter-out %_test.go,$(wildcard *.go frontend/*.go)) \
	$(if $(GO_DIRS),$(shell find $(GO_DIRS) -name testdata -prune -o \
		-type f ! -name '*_test.go' ! -name '*.md' -print))
# Every Go file, for gofmt.
GO_FILES := $(shell find . \( -path ./.git -o -name node_modules -o -path ./build/bin \) -prune -o \
	-type f -name '*.go' -print 2>/dev/null)
FRONTEND_SRC := $(shell find frontend/src frontend/public -type f 2>/dev/null) \
	$(wildcard frontend/index.html frontend/package.json frontend/*.config.* frontend/tsconfig*.json)

# --- Main targets ---------------------------------------------------------------

.PHONY: help
help: ## List the targets
	@echo "Innkeep — make targets:"
	@grep -hE '^[a-z][a-zA-Z_-]*:.*## ' $(MAKEFILE_LIST) | \
		awk 'BEGIN { FS = ":.*## " } { printf "  %-14s %s\n", $$1, $$2 }'
	@echo
	@echo "Variables: ARGS=\"…\" (run), VERSION=$(VERSION), WEBKIT_TAG=$(WEBKIT_TAG), BENCH=$(BENCH), FUZZTIME=$(FUZZTIME)"

.PHONY: run
run: bootstrap ## Install what is missing, build, start the window (or `innkeep serve` without a display)
	@$(MAKE) --no-print-directory $(BIN)
	@if [ -n "$${DISPLAY:-}$${WAYLAND_DISPLAY:-}" ]; then \
		echo "starting the Innkeep window ($(BIN) $(ARGS))"; \
		exec $(BIN) $(ARGS); \
	else \
		echo "no DISPLAY or WAYLAND_DISPLAY: starting the headless server ($(BIN) serve $(ARGS))"; \
		exec $(BIN) serve $(ARGS); \
	fi

.PHONY: build
build: bootstrap ## Install what is missing, then build build/bin/innkeep (frontend included)
	@$(MAKE) --no-print-directory $(BIN)

.PHONY: frontend
frontend: $(DIST) ## Build the frontend into frontend/dist

.PHONY: test
test: bootstrap ## Build everything, then run every Go test (-race), a short fuzz of every decoder, and the frontend tests
	@$(MAKE) --no-print-directory $(BIN)
	@# --keep-going: a failing part must not hide the other parts' results.
	@$(MAKE) --no-print-directory --keep-going test-frontend test-go test-fuzz

# The Go tests run through scripts/gotest.go, which prints a line per
# package and the output of failing tests, lists every skipped test with its
# reason, fails the run on a skip that is not in $(ALLOWED_SKIPS), and ends
# with "N passed, N failed, N skipped". INNKEEP_REQUIRE_E2E=1 makes a browser
# or window test that lacks a prerequisite fail rather than skip, in CI or not.
GOTEST        := build/bin/gotest
ALLOWED_SKIPS := scripts/allowed-skips.txt
GOTEST_FLAGS  := -race -count=1 -timeout 30m

.PHONY: test-go
test-go: $(BIN) $(GOTEST) ## Run the Go tests (-race) against the built binary; no skip passes silently
	INNKEEP_BIN=$(abspath $(BIN)) INNKEEP_REQUIRE_E2E=1 \
		$(GOTEST) -allow $(ALLOWED_SKIPS) -- $(GOTEST_FLAGS) ./...

# Built rather than `go run`, so that its closing line is the last one
# printed (go run adds "exit status 1" after it).
$(GOTEST): scripts/gotest.go go.mod
	@mkdir -p $(@D)
	$(GO) build -o $@ scripts/gotest.go

.PHONY: test-frontend
test-frontend: $(NODE_MODULES) ## Run the frontend unit tests (Vitest)
	cd frontend && $(NPM) test

# Every fuzz target (the decoders of outside input: request bodies, images,
# filters, the key file, the recovery phrase…) searches beyond its seed
# corpus for FUZZTIME: briefly in make test, longer in make fuzz.
FUZZTIME       ?= 1m
TEST_FUZZTIME  := 3s

.PHONY: test-fuzz
test-fuzz: ## Fuzz every fuzz target briefly (3 s each), as make test does
	scripts/fuzz $(TEST_FUZZTIME)

.PHONY: fuzz
fuzz: ## Fuzz every fuzz target for FUZZTIME each (FUZZ=regexp picks targets)
	scripts/fuzz $(FUZZTIME)

.PHONY: test-security
test-security: $(BIN) ## Run the standing security suite (every TestSecurity… test, -race) against the built binary
	INNKEEP_BIN=$(abspath $(BIN)) INNKEEP_REQUIRE_E2E=1 \
		$(GO) test -race -count=1 -run 'TestSecurity' ./...

BENCH     ?= .
BENCHTIME ?= 1s
BENCH_OUT := build/bench.txt

.PHONY: bench
bench: ## Run the benchmarks (BENCH=regexp, BENCHTIME=1s) and compare each with its baseline
	@mkdir -p $(dir $(BENCH_OUT))
	$(GO) test -run '^$$' -bench '$(BENCH)' -benchtime $(BENCHTIME) -benchmem ./... | tee $(BENCH_OUT)
	@echo
	@scripts/bench-summary $(BENCH_OUT)

.PHONY: lint
lint: bootstrap ## Check formatting, go vet (with and without the desktop tags), imports pointing one way, fresh API types, svelte-check
	@$(MAKE) --no-print-directory lint-go lint-frontend

.PHONY: lint-go
lint-go:
	@unformatted=$$(gofmt -l $(GO_FILES)); \
	if [ -n "$$unformatted" ]; then \
		echo "gofmt: these files need formatting (run make fmt):"; echo "$$unformatted"; exit 1; \
	fi
	$(GO) vet ./...
	CGO_ENABLED=1 $(GO) vet -tags $(DESKTOP_TAGS) ./...
	@# The domain's imports point one way (docs/architecture.md).
	$(GO) test -count=1 -run '^TestImportsPointOneWay$$' ./app/

.PHONY: lint-frontend
lint-frontend: $(NODE_MODULES) api-types-check
	cd frontend && $(NPM) run check

# The frontend's API types are generated from the server's OpenAPI document
# (scripts/openapi prints it without building the binary): the document,
# then its TypeScript types (openapi-typescript). Both are committed, so
# that the frontend builds without Go; api-types-check fails when they are
# stale.
API_DOC   := frontend/src/lib/api/openapi.json
API_TYPES := frontend/src/lib/api/schema.d.ts

.PHONY: api-types
api-types: $(NODE_MODULES) ## Regenerate the frontend's API types from the server's routes
	$(GO) run ./scripts/openapi > $(API_DOC).tmp && mv $(API_DOC).tmp $(API_DOC)
	cd frontend && node_modules/.bin/openapi-typescript src/lib/api/openapi.json -o src/lib/api/schema.d.ts

.PHONY: api-types-check
api-types-check: $(NODE_MODULES)
	@tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	$(GO) run ./scripts/openapi > "$$tmp/openapi.json"; \
	(cd frontend && node_modules/.bin/openapi-typescript "$$tmp/openapi.json" -o "$$tmp/schema.d.ts" >/dev/null); \
	if ! cmp -s "$$tmp/openapi.json" $(API_DOC) || ! cmp -s "$$tmp/schema.d.ts" $(API_TYPES); then \
		echo "the frontend's API types are stale: run make api-types and commit the result"; exit 1; \
	fi

.PHONY: fmt
fmt: ## Format the Go code (gofmt -w)
	gofmt -w $(GO_FILES)

.PHONY: clean
clean: ## Remove build outputs (keeps node_modules and frontend/dist/.keep)
	rm -rf build/bin $(BENCH_OUT)
	find frontend/dist -mindepth 1 ! -name .keep -exec rm -rf {} + 2>/dev/null || true

.PHONY: distclean
distclean: clean ## Also remove frontend/node_modules
	rm -rf frontend/node_modules

.PHONY: bootstrap
bootstrap: ## Install missing system and npm packages (scripts/bootstrap)
	@scripts/bootstrap

# --- Files ------------------------------------------------------------------------

# The binary is rebuilt when a Go source, the frontend build, or the build
# settings (version, tags) change.
$(BIN): $(GO_SRC) $(DIST) build/bin/.settings
	CGO_ENABLED=1 $(GO) build -tags $(DESKTOP_TAGS) -ldflags "$(LDFLAGS)" -o $@ .

# Rewritten only when the settings differ, so that its date says when they
# last changed.
build/bin/.settings: FORCE
	@mkdir -p $(@D)
	@echo "tags=$(DESKTOP_TAGS) ldflags=$(LDFLAGS)" | cmp -s - $@ || \
		echo "tags=$(DESKTOP_TAGS) ldflags=$(LDFLAGS)" > $@

$(DIST): $(FRONTEND_SRC) $(NODE_MODULES)
	cd frontend && $(NPM) run build
	@touch $@

$(NODE_MODULES): frontend/package-lock.json
	cd frontend && $(NPM) ci --no-audit --no-fund
	@touch $@

.PHONY: FORCE
FORCE:
