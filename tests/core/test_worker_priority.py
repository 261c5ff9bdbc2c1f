"""The Celery worker yields the CPU to the web processes: it adds WORKER_NICENESS (10 by
default) to its niceness when it starts, so that a burst of registrations is answered
before the confirmations it queued are rendered."""

import os

from django.conf import settings


def test_the_worker_runs_at_a_lower_cpu_priority_than_the_portal(celery_worker):
    assert settings.WORKER_NICENESS == 10
    portal = os.getpriority(os.PRIO_PROCESS, 0)
    assert os.getpriority(os.PRIO_PROCESS, celery_worker.pid) == min(portal + 10, 19)
