# Two commands do everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
SIZE ?= 2000
FONTS := static/vendor/vazirmatn

.PHONY: run test install install-dev assets browser ocr lint superuser bench bench-firstseen bench-intake importeval serve loadtest clean

## run: install, migrate, build or repair the index, load the demo texts into an empty archive, serve
run: install assets ocr
	$(PY) manage.py migrate --noinput
	$(PY) manage.py compile_translations
	$(PY) manage.py check_index --repair
	$(PY) manage.py load_demo --if-empty
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

## test: lint, Django checks, the whole suite on SQLite, and again on PostgreSQL when TEST_POSTGRES_URL is set
test: install-dev assets browser ocr
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py check
	@mkdir -p data  # makemigrations --check reads the migration history of the default database
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py makemigrations --check --dry-run
	$(PY) manage.py compile_translations
	$(VENV)/bin/pytest
	@if [ -n "$$TEST_POSTGRES_URL" ]; then \
		echo "== again on PostgreSQL ($$TEST_POSTGRES_URL)"; \
		DATABASE_URL="$$TEST_POSTGRES_URL" $(VENV)/bin/pytest -m "not browser"; \
	fi

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install -q -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

## assets: the Vazirmatn web font from the npm registry, copied into our static files
assets: $(FONTS)/Vazirmatn-Regular.woff2

$(FONTS)/Vazirmatn-Regular.woff2: package.json
	@if command -v npm >/dev/null; then \
		npm install --no-audit --no-fund --silent && \
		mkdir -p $(FONTS) && \
		cp node_modules/vazirmatn/fonts/webfonts/Vazirmatn-Regular.woff2 \
		   node_modules/vazirmatn/fonts/webfonts/Vazirmatn-Bold.woff2 \
		   node_modules/vazirmatn/OFL.txt $(FONTS)/; \
	else \
		echo "npm not found: pages fall back to the system font (install Node.js for Vazirmatn)."; \
	fi

## browser: Debian's Chromium for the browser tests (skipped, with a notice, where it can't be installed)
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			(apt-get install -y -qq chromium >/dev/null 2>&1 || \
			 (apt-get update -qq && apt-get install -y -qq chromium >/dev/null)) || \
			echo "could not install chromium: browser tests will be skipped"; \
		else \
			echo "no /usr/bin/chromium and no root apt-get: browser tests will be skipped"; \
		fi; \
	fi

## ocr: Debian's Tesseract with its Persian model, to read scans and photos, and poppler's
## pdftoppm to render scanned PDFs (where they can't be installed, scans are refused with a
## note saying so and the OCR tests are skipped)
OCR_PACKAGES := tesseract-ocr tesseract-ocr-fas poppler-utils
ocr:
	@if ! command -v pdftoppm >/dev/null || ! tesseract --list-langs 2>/dev/null | grep -qx fas; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			(apt-get install -y -qq $(OCR_PACKAGES) >/dev/null 2>&1 || \
			 (apt-get update -qq && apt-get install -y -qq $(OCR_PACKAGES) >/dev/null)) || \
			echo "could not install tesseract: scans can't be read and the OCR tests will be skipped"; \
		else \
			echo "no tesseract (fas) and no root apt-get: scans can't be read, OCR tests will be skipped"; \
		fi; \
	fi

## bench: generate SIZE articles, measure import, index, search and pages, write docs/benchmarks.md;
## with ENGINE=postgres, also both search engines side by side on BENCH_POSTGRES_URL's server
## (a throwaway database of its own: build, size, p50/p95 by query kind, result agreement)
BENCH_POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/postgres
bench: install assets
	$(PY) -m benchmarks.run --size $(SIZE)
	@if [ "$(ENGINE)" = postgres ]; then \
		BENCH_POSTGRES_URL="$(BENCH_POSTGRES_URL)" $(PY) -m benchmarks.engines --size $(SIZE); \
	fi

## bench-firstseen: first-seen and repeated queries beside SQLite FTS5 + letter folding, and a
## worker's first search, at each of SIZES articles (reuses data/bench-<SIZE> when built)
SIZES ?= 2000 20000 60000
bench-firstseen: install assets
	$(PY) -m benchmarks.firstseen --reuse --sizes $(SIZES)

## bench-intake: how fast each intake format is read (files/s, texts/s), a line per format
bench-intake: install-dev assets ocr
	$(PY) -m benchmarks.intake --files 5

## importeval: read the real-page fixtures (tests/fixtures/importeval/) and print the importer's
## accuracy field by field; no database (docs/importing.md, docs/importeval-findings.md)
importeval: install
	$(PY) -m benchmarks.importeval

lint: install-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

## serve: the production start (docs/production.md): needs DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS;
## checks the deployment settings, collects and compresses static files, migrates, then runs gunicorn
## (gunicorn.conf.py: 2 workers x 4 threads) on 127.0.0.1:$(PORT) for a TLS proxy in front
serve: export DJANGO_SETTINGS_MODULE := config.settings.prod
serve: export PORT := $(PORT)
serve: install assets
	$(PY) manage.py check --deploy --fail-level WARNING
	$(PY) manage.py compile_translations
	$(PY) manage.py collectstatic --noinput -v 0
	$(PY) manage.py migrate --noinput
	$(VENV)/bin/gunicorn config.wsgi --config gunicorn.conf.py

## loadtest: 20 readers on gunicorn (production settings, 127.0.0.1, a throwaway archive of
## 1,000 articles) for 60 s while 1,000 more are imported; zero errors or it fails; figures go
## to docs/loadtest.md
loadtest: install assets
	$(PY) benchmarks/loadtest.py --readers 20 --duration 60 --articles 1000

## superuser: create an admin account for /admin/
superuser: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py createsuperuser

clean:
	rm -rf $(VENV) node_modules $(FONTS) staticfiles
