"""The state of the portal's parts, for /healthz and the Secretariat's outbox pages.

Two answers (``idm_portal.views.healthz``):

- liveness (``/healthz``, ``/healthz?live``): the process answers; it asks nothing of the
  database, the broker or the workers, so it never waits on them.
- readiness (``/healthz?ready``): the database, the broker and the workers, each ok, down or
  not configured (the embedded default runs tasks in-process). One check of each part at most
  every HEALTH_CACHE_SECONDS, whoever asks: the public answer is read from the cache.

The public sees only the state of each part; the reasons (error text, hosts in it) and the
worker names are for the Secretariat (``detailed_readiness``, on the outbox's health page).
"""

import logging

from django.conf import settings
from django.core.cache import cache
from django.db import connection

from idm_portal.celery import app

OK = "ok"
DOWN = "down"
NOT_CONFIGURED = "not configured"
TIMEOUT = 1.0  # seconds per check: readiness answers quickly even when a part is down
CACHE_KEY = "health:readiness"

logger = logging.getLogger(__name__)


def _failure(error):
    return {"status": DOWN, "reason": f"{type(error).__name__}: {error}"}


def check_database():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any failure means the database is down for us
        return _failure(error)
    return {"status": OK, "engine": connection.vendor}


def check_broker():
    if not settings.CELERY_BROKER_URL:
        return {"status": NOT_CONFIGURED, "reason": "tasks run in-process"}
    try:
        with app.connection_for_write(url=settings.CELERY_BROKER_URL) as broker:
            # kombu takes a float of seconds; celery-types says int.
            broker.ensure_connection(max_retries=1, interval_start=0, timeout=TIMEOUT)  # type: ignore[arg-type]
    except Exception as error:  # kombu raises several kinds for an unreachable broker
        return _failure(error)
    return {"status": OK}


def check_workers(broker_state):
    if broker_state == NOT_CONFIGURED:
        return {"status": NOT_CONFIGURED, "reason": "tasks run in-process"}
    if broker_state != OK:
        return {"status": DOWN, "reason": "the broker is down"}
    try:
        with app.connection_for_write(url=settings.CELERY_BROKER_URL) as broker:
            replies = app.control.ping(timeout=TIMEOUT, connection=broker)
    except Exception as error:  # as above
        return _failure(error)
    if not replies:
        return {"status": DOWN, "reason": f"no worker answered within {TIMEOUT:g} s"}
    return {"status": OK, "workers": sorted(name for reply in replies for name in reply)}


def liveness():
    """The process answers. Checks nothing else, on purpose."""
    return True, {"status": OK}


def detailed_readiness():
    """Every part with its details (reasons, engine, worker names): the Secretariat's. Read
    from the cache when a check ran less than HEALTH_CACHE_SECONDS ago."""
    try:
        report = cache.get(CACHE_KEY)
    except Exception as error:  # a cache that is down (Redis) must not take the answer down
        logger.warning("Health: the cache is not readable: %s", error)
        report = None
    if report is None:
        database = check_database()
        broker = check_broker()
        workers = check_workers(broker["status"])
        parts = {"database": database, "broker": broker, "workers": workers}
        healthy = all(part["status"] in (OK, NOT_CONFIGURED) for part in parts.values())
        report = {"status": OK if healthy else DOWN, **parts}
        try:
            cache.set(CACHE_KEY, report, settings.HEALTH_CACHE_SECONDS)
        except Exception as error:  # as above: the report stands, only uncached
            logger.warning("Health: the readiness report is not cached: %s", error)
    return report["status"] == OK, report


def readiness():
    """Whether every configured part is up, and the state of each: no reasons, no hosts, no
    worker names (the public answer)."""
    ready, report = detailed_readiness()
    return ready, {
        "status": report["status"],
        **{name: {"status": report[name]["status"]} for name in ("database", "broker", "workers")},
    }
