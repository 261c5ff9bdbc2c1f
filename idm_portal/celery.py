"""The Celery app: Redis broker, JSON messages, late acknowledgement.

Tasks take primary keys, never model instances, and are enqueued with
``transaction.on_commit`` so that a worker never looks for a row that is not committed yet.
Without CELERY_BROKER_URL the tasks run in-process (see settings).
"""

import os

from celery import Celery
from celery.signals import celeryd_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "idm_portal.settings")

app = Celery("idm_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@celeryd_init.connect
def yield_to_the_web(**_kwargs):
    """A worker runs below the web processes' CPU priority (WORKER_NICENESS, added to its
    own): on a machine they share, a burst of registrations is answered first, and the
    confirmations it queues are rendered in the time left (a few seconds later)."""
    from django.conf import settings

    if settings.WORKER_NICENESS:
        os.nice(settings.WORKER_NICENESS)
