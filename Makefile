# The README's two commands are `make serve` and `make test`; each sets itself up from nothing.
export NO_MKDOCS_2_WARNING := 1
# Downloads are cached in .cache/ so a second run fetches nothing.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
PY_STAMP   := $(VENV)/.installed
NODE_STAMP := node_modules/.installed

.PHONY: serve test build assets runtime native-test browser-test bench clean

$(PY_STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip setuptools wheel
	$(BIN)/python -m pip install --quiet -e '.[test,site]'
	@touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# Vendored Pyodide, the nlplab wheel, datasets; their brotli copies (the runtime decodes them on a
# host that sends no brotli: web/src/brotli-copies.ts); then the TypeScript runtime bundle.
assets: $(PY_STAMP) $(NODE_STAMP)
	$(BIN)/python scripts/build_assets.py
	$(BIN)/python scripts/precompress.py --assets
	node web/build.mjs

runtime: $(NODE_STAMP)
	node web/build.mjs

serve: assets
	$(BIN)/mkdocs serve --livereload

build: assets
	$(BIN)/mkdocs build --strict
	$(BIN)/python scripts/precompress.py site

test: build
	@sh scripts/ensure_chromium.sh
	# One BLAS thread: the timed course cells must not fight the browser tests for the 2 cores.
	# Every folder is named: pytest never recurses into one called "build" (norecursedirs).
	OPENBLAS_NUM_THREADS=1 NLPLAB_REQUIRE_CROSSCHECKS=1 $(BIN)/python -m pytest tests/browser tests/course tests/native tests/build tests/runtime

native-test: $(PY_STAMP)
	$(BIN)/python -m pytest tests/native

bench: build
	@sh scripts/ensure_chromium.sh
	$(BIN)/python bench/run.py

clean:
	rm -rf site docs/assets/build dist build
