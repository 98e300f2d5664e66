# Learning Lab — one entry point for people and CI alike.
#   make demo      set up and run the product on SQLite with the ECoC-SME demo data
#   make test      set up and run the whole test suite on every core (SQLite unless DATABASE_URL is set)
#   make lint      ruff, formatting, types, which app imports which, missing migrations, translations
#   make messages  extract, trim and compile translations (extraction needs GNU gettext)
#   make bench     run the benchmarks in bench/ and print their figures

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)
export DJANGO_SETTINGS_MODULE ?= config.settings.development

.PHONY: setup demo test lint messages bench clean lock

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	rm -f $(VENV)/.installed-*
	touch $@

setup: $(STAMP)
	$(BIN)/learninglab compile-translations --verbosity 0

demo: setup
	$(BIN)/learninglab migrate --noinput --verbosity 0
	$(BIN)/learninglab load-demo
	$(BIN)/learninglab run-demo

test: setup
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/pytest -n auto --dist loadgroup $(PYTEST_ARGS)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy learninglab config
	$(BIN)/lint-imports --no-cache
	$(BIN)/learninglab makemigrations --check --dry-run --verbosity 1
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python -m learninglab.core.i18n_check

messages: setup
	cd learninglab && ../$(BIN)/learninglab makemessages --no-location --no-obsolete \
		--locale ro --locale it --locale nl --locale hr --locale lt \
		--ignore 'tests/*' --ignore '*/tests/*'
	$(BIN)/python -m learninglab.core.i18n_check --trim
	$(BIN)/learninglab compile-translations

bench: setup
	$(BIN)/python bench/run.py --databases auto

lock:
	$(BIN)/pip-compile --quiet --extra dev --extra redis --generate-hashes --strip-extras --allow-unsafe \
		-o requirements.lock pyproject.toml

clean:
	rm -rf $(VENV) var
