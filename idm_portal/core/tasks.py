"""Celery tasks of the ground floor: thin wrappers that call a service by primary key."""

import logging

from celery import shared_task
from django.conf import settings

from idm_portal.core.services import outbox

logger = logging.getLogger(__name__)


# MAIL_RATE_LIMIT ("600/m") caps the messages each worker process sends per minute; Celery
# holds the tasks over the limit in the worker until their turn.
@shared_task(name="core.deliver_mail", rate_limit=settings.MAIL_RATE_LIMIT or None)
def deliver_mail_task(mail_id: int) -> str | None:
    mail = outbox.deliver_mail(mail_id)
    if mail is None:
        logger.info("Outbox: mail %s is gone or not queued; nothing to send", mail_id)
        return None
    return str(mail.status)


# Many mails at once (invitations, the sweep): one task per MAIL_BATCH_SIZE, one SMTP
# connection. Celery's rate limit would count batches, not messages: the service paces the
# messages itself by MAIL_RATE_LIMIT (outbox.send_interval).
@shared_task(name="core.deliver_mails")
def deliver_mails_task(mail_ids: list[int]) -> int:
    delivered = outbox.deliver_mails(mail_ids)
    return len(delivered)


@shared_task(name="core.sweep_outbox")
def sweep_outbox_task() -> int:
    return len(outbox.sweep_outbox())


@shared_task(name="core.deliver_webhooks")
def deliver_webhooks_task() -> int:
    from idm_portal.core.services import webhooks

    delivered: int = webhooks.deliver_due()
    return delivered


@shared_task(name="core.sweep_webhooks")
def sweep_webhooks_task() -> int:
    from idm_portal.core.services import webhooks

    webhooks.sweep()
    delivered: int = webhooks.deliver_due()
    return delivered
