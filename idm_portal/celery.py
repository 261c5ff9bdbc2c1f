"""The Celery app: Redis broker, JSON messages, late acknowledgement.

Tasks take primary keys, never model instances, and are enqueued with
``transaction.on_commit`` so that a worker never looks for a row that is not committed yet.
Without CELERY_BROKER_URL the tasks run in-process (see settings).
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "idm_portal.settings")

app = Celery("idm_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
