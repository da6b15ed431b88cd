# haitao: `make run` serves the shop, `make test` runs every test.
# Both install what is missing first (scripts/setup).
SHELL := /bin/bash
export PATH := $(HOME)/.cargo/bin:$(CURDIR)/node_modules/.bin:$(PATH)
export CHROMEDRIVER ?= /usr/bin/chromedriver
export CARGO_TERM_COLOR ?= never

.PHONY: run test setup build storefront server test-rust test-browser test-e2e test-load test-schema test-postgres clean

run: build
	./target/release/haitao-server

test: setup lint i18n-check test-rust test-browser test-e2e test-load test-schema test-postgres

setup:
	@scripts/setup

build: setup storefront server

# The release storefront in dist/: trunk builds it, then the wasm is cut into
# the part the home page needs and chunks loaded per page (scripts/split-wasm.mjs,
# src/pages/on_demand.rs), in Cargo.toml's `storefront` profile. RUSTFLAGS replaces .cargo/config.toml's, so it repeats them.
# index.html's data-wasm-opt="0": split-wasm.mjs optimises each part; trunk's own
# pass would be on a file that split-wasm.mjs then replaces (14 s of a 54 s build).
# Source paths end up in the wasm (panic locations): the checkout's and the
# crates' are written short, which also makes the build the same wherever it is made.
CRATES_SRC := $(firstword $(wildcard $(HOME)/.cargo/registry/src/index.crates.io-*))
SPLIT_RUSTFLAGS := --cfg erase_components --cfg haitao_split -C link-arg=--emit-relocs --remap-path-prefix=$(CURDIR)=. $(if $(CRATES_SRC),--remap-path-prefix=$(CRATES_SRC)=~)
SELLER_RUSTFLAGS := --cfg erase_components --remap-path-prefix=$(CURDIR)=. $(if $(CRATES_SRC),--remap-path-prefix=$(CRATES_SRC)=~)
storefront: setup
	RUSTFLAGS="$(SPLIT_RUSTFLAGS)" trunk build --release --cargo-profile storefront --offline --no-default-features
	node scripts/split-wasm.mjs dist target/wasm32-unknown-unknown/storefront/haitao.wasm
	# The seller centre, an app of its own (seller.html) in dist/seller/, not
	# split: without the split's flags, in a target folder of its own so that
	# neither build undoes the other's.
	CARGO_TARGET_DIR=target/seller-centre RUSTFLAGS="$(SELLER_RUSTFLAGS)" trunk build --release --cargo-profile storefront --offline --no-default-features --dist dist/seller --public-url /seller/ seller.html
	scripts/compress-dist dist

server: setup
	cargo build --release -p haitao-server

# Locale files: parse (reference Fluent parser), same ids and variables in every
# locale, every message used; each problem with file and line. Then the checker's own tests.
.PHONY: i18n-check
i18n-check: setup pseudo-locales
	node scripts/i18n-check.mjs
	node --test tests/i18n/

# The translators' locales (en-XA, *-msgid), made from the real files.
.PHONY: pseudo-locales
pseudo-locales: setup
	node scripts/pseudo-locales.mjs

# The house: formatted, and no clippy warning in the server, the shared
# crate or the storefront (its wasm target).
.PHONY: lint
lint: setup pseudo-locales
	cargo fmt --all --check
	cargo clippy --all-targets -p haitao-core -p haitao-server -- -D warnings
	cargo clippy --all-targets --target wasm32-unknown-unknown -p haitao --features csr -- -D warnings
	cargo clippy --all-targets --target wasm32-unknown-unknown -p haitao --features csr,seller-centre -- -D warnings

# A test that hangs (a deadlock in a fake once did) fails the run in minutes
# instead of eating CI's whole allowance (the tests are built before it starts); cargo test names it ("running for over 60 seconds").
HANG_GUARD := timeout --kill-after=10 900

# Native tests: haitao-core's rules and the server's handlers on temporary SQLite.
test-rust: setup
	cargo test --no-run -p haitao-core -p haitao-server
	$(HANG_GUARD) cargo test -p haitao-core -p haitao-server
	# The server's drawing of the public pages against tests/markup/ (the browser side: test-browser).
	cargo test -p haitao --features ssr --test markup_server --test routes --test contracts

# Components in headless Chromium (wasm-bindgen-test; locale ids are checked as it compiles).
test-browser: setup pseudo-locales
	cargo test -p haitao --target wasm32-unknown-unknown --features csr,seller-centre

# Whole purchases at 375x812 through the real server and the release storefront.
test-e2e: setup storefront
	cargo build -p haitao-server
	# The local fakes of Alipay and WeChat Pay (tests/e2e/providers.test.mjs).
	cargo build -p haitao-server --example fake_providers
	HAITAO_SERVER_BIN=$(CURDIR)/target/debug/haitao-server node --test --test-concurrency=1 tests/e2e/

# 100 shoppers ordering and paying for 30 s, the server SIGKILLed halfway
# (LOAD_SHOPPERS, LOAD_SECONDS to change).
test-load: setup
	cargo build -p haitao-server
	HAITAO_SERVER_BIN=$(CURDIR)/target/debug/haitao-server node --test tests/load/

# The server's API tests and the load test again on PostgreSQL: a throwaway
# server (scripts/dev-postgres), each test shop a database of its own there.
test-postgres: setup
	cargo build -p haitao-server
	url=$$(scripts/dev-postgres start) && \
	  cargo test --no-run -p haitao-server --test api && \
	  HAITAO_TEST_DATABASE=$$url $(HANG_GUARD) cargo test -p haitao-server --test api && \
	  HAITAO_E2E_DATABASE=$$url HAITAO_SERVER_BIN=$(CURDIR)/target/debug/haitao-server node --test tests/load/; \
	  status=$$?; scripts/dev-postgres stop; exit $$status

# schemathesis against /api/openapi.json: no 5xx, every answer as documented.
test-schema: setup
	cargo build -p haitao-server
	scripts/schemathesis

clean:
	rm -rf dist target/wasm-opt test-results

# Measured budgets (bundle, Lighthouse, API latency, render long tasks, the catalog
# at 20,000 and 1,000,000 products: scripts/bench-catalog); results in bench/.
.PHONY: bench
bench: build
	scripts/bench

# The order-write benchmark alone (scripts/bench-orders, issue 30): prints its JSON.
.PHONY: bench-orders
bench-orders:
	cargo build --release -p haitao-server
	scripts/bench-orders
