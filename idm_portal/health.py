"""What /healthz reports: the database, the broker and the workers, each ok, down (with the
reason) or not configured (the embedded default runs tasks in-process)."""

from django.conf import settings
from django.db import connection

from idm_portal.celery import app

OK = "ok"
DOWN = "down"
NOT_CONFIGURED = "not configured"
TIMEOUT = 1.0  # seconds per check: /healthz answers quickly even when a part is down


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
            broker.ensure_connection(max_retries=1, interval_start=0, timeout=TIMEOUT)
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


def health():
    """The state of every part, and whether all that is configured is up."""
    database = check_database()
    broker = check_broker()
    workers = check_workers(broker["status"])
    parts = {"database": database, "broker": broker, "workers": workers}
    healthy = all(part["status"] in (OK, NOT_CONFIGURED) for part in parts.values())
    return healthy, {"status": OK if healthy else DOWN, **parts}
