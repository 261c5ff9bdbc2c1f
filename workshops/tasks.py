"""Celery tasks of workshops: thin wrappers that call a service by primary key."""

import logging

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task(name="workshops.render_agenda_pdf")
def render_agenda_pdf_task(release_id):
    raise NotImplementedError  # issue 3: agenda PDF (in progress)
