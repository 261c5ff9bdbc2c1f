# IDM Portal. `make run` for a first look, `make test` for every check. See README.md.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000

# The embedded defaults of `make run`: SQLite under var/, tasks in-process, e-mail to files.
# Links in e-mails point to the port the server listens on (`PORT=9000 make run`).
RUN_ENV := DEBUG=true SITE_DOMAIN=127.0.0.1:$(PORT)

# `make test` talks to the real services of this machine.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/idm_portal
TEST_BROKER_URL ?= redis://127.0.0.1:6379/15
TEST_ENV := DEBUG=false SECRET_KEY=test-only-secret-key ALLOWED_HOSTS=* \
	DATABASE_URL=$(TEST_DATABASE_URL) CELERY_BROKER_URL=$(TEST_BROKER_URL) \
	CELERY_TASK_DEFAULT_QUEUE=idm-test-$$$$ DJANGO_ALLOW_ASYNC_UNSAFE=true

.PHONY: run test lint lock upgrade bench services system-packages messages clean backup restore

# Installs come from the lock files only (exact versions, every package, SHA-256 hashes) with
# no resolver run: --no-deps, --require-hashes. A stamp per lock reinstalls when it changes.
# The human-edited inputs are requirements*.in; `make lock` / `make upgrade` rewrite the locks.
PIP_INSTALL := $(PY) -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps
PIP_COMPILE := $(VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	--no-emit-index-url --no-emit-find-links

$(VENV)/.installed-run: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP_INSTALL) -r requirements.txt
	touch $@

# requirements-dev.txt is complete: requirements.txt's pins, psycopg[binary] and the tools.
$(VENV)/.installed-dev: requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP_INSTALL) -r requirements-dev.txt
	touch $@

run: $(VENV)/.installed-run
	$(RUN_ENV) $(PY) manage.py migrate --noinput -v0
	$(RUN_ENV) $(PY) manage.py collectstatic --noinput -v0
	$(RUN_ENV) $(PY) manage.py load_demo
	@echo "IDM Portal is starting on http://127.0.0.1:$(PORT)/"
	$(RUN_ENV) $(PY) manage.py runserver 127.0.0.1:$(PORT)

# Debian packages the tests use (a browser, PDF-to-text, fonts), installed once when root.
SYSTEM_PACKAGES := chromium poppler-utils fonts-dejavu-core fonts-liberation zbar-tools
system-packages:
	@missing=""; for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "Missing Debian packages (install them as root):$$missing"; exit 1; fi; \
	fi

# PostgreSQL and Redis on loopback; started if they are down.
services:
	@pg_isready -q -h 127.0.0.1 -p 5432 || pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start
	@for i in $$(seq 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done; pg_isready -h 127.0.0.1 -p 5432
	@redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 || redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no
	@for i in $$(seq 30); do redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 && break; sleep 1; done; redis-cli -h 127.0.0.1 ping

# The settings are loaded by mypy's Django plugin: DEBUG's defaults, no secret needed.
LINT_ENV := DEBUG=true
# What .pre-commit-config.yaml runs too (README, For developers).
lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(LINT_ENV) $(VENV)/bin/mypy
	$(VENV)/bin/djlint templates --lint

# Coverage of the application's code is printed at the end; below the floor in pyproject.toml
# ([tool.coverage.report] fail_under) the run fails.
test: $(VENV)/.installed-dev system-packages services lint
	$(TEST_ENV) $(PY) manage.py collectstatic --noinput -v0
	$(TEST_ENV) $(VENV)/bin/pytest --cov --cov-report=term

bench: $(VENV)/.installed-dev services
	$(TEST_ENV) $(PY) manage.py collectstatic --noinput -v0
	$(TEST_ENV) DATABASE_URL=postgres://postgres@127.0.0.1:5432/idm_portal_bench $(PY) bench/run.py

# Backups of the database and media files, with the environment's DATABASE_URL/MEDIA_ROOT
# (see README, Backups). `make restore BACKUP=var/backups/idm-backup-...` into an empty one.
backup:
	$(PY) manage.py backup

restore:
	@test -n "$(BACKUP)" || { echo "Usage: make restore BACKUP=path/to/idm-backup-..."; exit 2; }
	$(PY) manage.py restore "$(BACKUP)"

# Refresh the fr and es catalogues after changing UI strings (needs gettext).
messages: $(VENV)/.installed-dev
	$(RUN_ENV) $(PY) manage.py makemessages -l fr -l es --ignore=.venv --ignore=var
	$(RUN_ENV) $(PY) manage.py compilemessages --ignore=.venv

# Lock the requirements*.in files again after editing them (versions already locked stay)...
lock: $(VENV)/.installed-dev
	$(PIP_COMPILE) -o requirements.txt requirements.in
	$(PIP_COMPILE) -o requirements-dev.txt requirements-dev.in
	$(PIP_COMPILE) -o requirements-prod.txt requirements-prod.in

# ...or refresh every pin to the newest version the .in files allow; then run `make test`.
upgrade: $(VENV)/.installed-dev
	$(PIP_COMPILE) --upgrade -o requirements.txt requirements.in
	$(PIP_COMPILE) --upgrade -o requirements-dev.txt requirements-dev.in
	$(PIP_COMPILE) --upgrade -o requirements-prod.txt requirements-prod.in

clean:
	rm -rf $(VENV) var
