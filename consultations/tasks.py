"""Celery tasks of consultations: thin wrappers that call a service by primary key."""

import logging

from celery import shared_task  # noqa: F401  (the topics below add their tasks)

logger = logging.getLogger(__name__)


# --- Theme consultations: proposals, suggestions, voting rounds, adoption (issue 6) ---


# --- Discussion notes (issue 7) ---
