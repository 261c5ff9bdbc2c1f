"""How a service hands work to the worker: by the task's name, never by importing the tasks
module (a tasks module imports its services, so a service that imported its tasks would
close a cycle). The name is the one in ``@shared_task(name=...)``.

``enqueue`` hands the task over now and never raises: with the broker unreachable it logs,
runs ``fallback`` when given (the work done in the request instead) and returns False, so
that the request that asked still answers. ``enqueue_on_commit`` does the same once the
transaction commits, so that a worker never looks for a row that is not committed yet.

The task is applied through the task itself, registered by its name: the apps' tasks
modules are imported (Celery's autodiscovery, which a web process does not run by itself)
the first time a name is unknown. So CELERY_TASK_ALWAYS_EAGER (``make run``, no broker)
runs it in-process, and a test that patches the task's ``apply_async`` sees the call."""

import logging
from functools import partial

from celery import current_app
from django.db import transaction

logger = logging.getLogger(__name__)


def enqueue(name, *, args=(), kwargs=None, fallback=None, **options):
    """Queue task ``name`` with ``args`` and ``kwargs`` (Celery ``options`` such as
    ``countdown`` too). True when queued; False, after running ``fallback()`` if given, when
    the broker is unreachable."""
    if name not in current_app.tasks:
        # The apps' tasks modules, imported now (not through the loader's import of the
        # default modules, which would run Django's setup and checks again).
        current_app.autodiscover_tasks(force=True)
    signature = current_app.signature(name, args=list(args), kwargs=kwargs or {}, **options)
    try:
        signature.apply_async()
    except Exception as error:  # kombu raises several kinds for an unreachable broker
        logger.warning("Task %s%s not queued (broker unreachable): %s", name, tuple(args), error)
        if fallback is not None:
            fallback()
        return False
    return True


def enqueue_on_commit(name, *, args=(), kwargs=None, fallback=None, **options):
    """``enqueue`` once the current transaction commits (at once outside one)."""
    transaction.on_commit(
        partial(enqueue, name, args=args, kwargs=kwargs, fallback=fallback, **options)
    )
