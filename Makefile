# Cegah: `make run` serves the platform with demo data; `make test` runs the whole suite.
.PHONY: run cluster test bootstrap bootstrap-dev setup lint typecheck messages check-translations bench clean crawl

PY := .venv/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

run: bootstrap setup
	HOST=$(HOST) PORT=$(PORT) $(PY) manage.py serve

# The production layout on this machine (docs/deployment.md): HAProxy on :8080 in front of two
# web nodes, two task workers and a scheduler, on PostgreSQL and Redis. Pids in var/cluster/.
CLUSTER_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/cegah_cluster
CLUSTER_REDIS_URL ?= redis://127.0.0.1:6379/0
cluster: bootstrap
	@command -v haproxy >/dev/null 2>&1 || [ -x /usr/sbin/haproxy ] || \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends haproxy)
	DATABASE_URL=$${DATABASE_URL:-$(CLUSTER_DATABASE_URL)} REDIS_URL=$${REDIS_URL:-$(CLUSTER_REDIS_URL)} \
		PORT=$${PORT:-8080} $(PY) manage.py cluster

setup:
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_regions
	$(PY) manage.py seed_demo
	$(PY) manage.py collectstatic --noinput --verbosity 0

test: bootstrap-dev
	$(PY) -m pytest $(PYTEST_ARGS)

bootstrap:
	@scripts/bootstrap.sh requirements.txt

bootstrap-dev:
	@scripts/bootstrap.sh requirements-dev.txt

lint: bootstrap-dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

typecheck: bootstrap-dev
	$(PY) -m mypy cegah

# Refresh locale/id/LC_MESSAGES/django.po from the code (needs gettext's xgettext).
messages: bootstrap-dev
	$(PY) manage.py makemessages --locale id --no-obsolete --ignore '.venv/*' --ignore 'var/*' --ignore 'bench/*'

check-translations: bootstrap-dev
	$(PY) scripts/compile_translations.py --check

bench: bootstrap setup
	$(PY) bench/home_vs_trivial.py

# Serve the platform as `make run` does, in a fresh var dir (var/ is left alone), and crawl it
# as a visitor and as each demo login; then the API contract check. Fails on any problem.
crawl: bootstrap-dev
	scripts/served-check.sh

clean:
	rm -rf .venv var
