# IDM Portal production image: gunicorn serves the portal, whitenoise its static files.
# The same image runs the Celery worker and beat (see docker-compose.yml).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    STATIC_ROOT=/app/var/static \
    MEDIA_ROOT=/app/var/media

# Runtime libraries of WeasyPrint (PDF rendering) and fonts for it; pg_dump/pg_restore
# (15, as the postgres service) for `manage.py backup` and `restore`.
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libharfbuzz-subset0 \
        fonts-dejavu-core \
        fonts-liberation \
        postgresql-client \
    && rm -rf /var/lib/apt/lists/*

# A non-root user that owns only what it must write: var/ (media, static).
RUN groupadd --system app \
    && useradd --system --gid app --create-home --home-dir /home/app --shell /usr/sbin/nologin app

WORKDIR /app

# Dependencies first, so that a code change does not reinstall them: from the lock files only
# (every package at its exact version, checked against its SHA-256 hash, no resolver run).
# requirements-prod.txt adds psycopg's C implementation, built here against Debian's libpq;
# the compiler and headers go again in the same layer (libpq5 stays: postgresql-client).
COPY requirements.txt requirements-prod.txt ./
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends gcc libc6-dev libpq-dev \
    && pip install --require-hashes --no-deps -r requirements.txt -r requirements-prod.txt \
    && apt-get purge -y --auto-remove gcc libc6-dev libpq-dev \
    && rm -rf /var/lib/apt/lists/*
# psycopg refuses to start rather than fall back to a slower implementation.
ENV PSYCOPG_IMPL=c

COPY . .

# Static files are collected into the image (STATIC_ROOT above); whitenoise serves them.
# The settings refuse to load without SECRET_KEY and ALLOWED_HOSTS when DEBUG is off, so
# throwaway values are given to this one command only; they are not part of the image.
RUN mkdir -p "$MEDIA_ROOT" /app/var/backups \
    && DEBUG=false SECRET_KEY=build-only ALLOWED_HOSTS=build \
        python manage.py collectstatic --noinput \
    && chown -R app:app /app/var

USER app

EXPOSE 8000

CMD ["gunicorn", "idm_portal.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
