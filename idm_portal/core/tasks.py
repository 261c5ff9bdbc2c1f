"""Celery tasks of the ground floor: thin wrappers that call a service by primary key."""

import logging

from celery import shared_task

from idm_portal.core.services import outbox

logger = logging.getLogger(__name__)


@shared_task(name="core.deliver_mail")
def deliver_mail_task(mail_id):
    mail = outbox.deliver_mail(mail_id)
    if mail is None:
        logger.info("Outbox: mail %s is gone or not queued; nothing to send", mail_id)
        return None
    return mail.status


@shared_task(name="core.sweep_outbox")
def sweep_outbox_task():
    return len(outbox.sweep_outbox())
