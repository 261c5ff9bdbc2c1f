"""Webhooks: queue an event for every webhook that listens to it (in the caller's
transaction), deliver it from the worker (signed with HMAC-SHA256 over a timestamp and the
body, retried with back-off, in order per object), log each answer, replay a delivery.

The same discipline as the e-mail outbox: a delivery is a row written with the event, so
nothing is lost when the receiver or the broker is down; the worker claims a row under a
lock (``skip_locked``) and posts only what is still queued; a row left "sending" by a
killed worker is queued again by the sweep (at least once: receivers recognise a repeat by
its ``X-IDM-Delivery`` id)."""

import hashlib
import hmac
import json
import logging
import secrets
import time
import urllib.error
import urllib.request
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from idm_portal.core import roles
from idm_portal.core.models import Webhook, WebhookDelivery
from idm_portal.core.queue import enqueue_on_commit

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 10
SIGNATURE_HEADER = "X-IDM-Signature"
RESPONSE_KEPT = 2000


def max_attempts():
    return settings.WEBHOOK_MAX_ATTEMPTS


def backoff(attempts):
    """Seconds before the next try: 30 s, 1 min, 2 min, ... at most 6 hours."""
    base = settings.WEBHOOK_RETRY_BACKOFF
    return min(base * 2 ** (attempts - 1), 6 * 3600)


def new_secret():
    return secrets.token_urlsafe(32)


def sign(secret, timestamp, body):
    """``t=<unix time>,v1=<hex HMAC-SHA256 of "<t>.<body>">``: the receiver recomputes it
    with the shared secret and refuses an old timestamp (a replayed request)."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def verify(secret, header, body, *, tolerance=300, now=None):
    """What a receiver does: True when ``header`` signs ``body`` and is recent."""
    parts = dict(part.split("=", 1) for part in header.split(",") if "=" in part)
    try:
        timestamp = int(parts["t"])
    except (KeyError, ValueError):
        return False
    if abs((now or time.time()) - timestamp) > tolerance:
        return False
    expected = sign(secret, timestamp, body).split("v1=", 1)[1]
    return hmac.compare_digest(expected, parts.get("v1", ""))


def create_webhook(*, actor, name, url, events):
    """Register a receiver for ``events``. Returns the webhook (its secret to share)."""
    if not roles.can_manage_webhooks(actor):
        raise PermissionDenied
    with transaction.atomic():
        webhook = Webhook.objects.create(
            name=name, url=url, events=sorted(set(events)), secret=new_secret(), created_by=actor
        )
        _forget_active()
    return webhook


def deactivate_webhook(webhook, *, actor):
    """Stop telling a receiver of events (its log stays)."""
    if not roles.can_manage_webhooks(actor):
        raise PermissionDenied
    with transaction.atomic():
        Webhook.objects.filter(pk=webhook.pk).update(is_active=False)
        _forget_active()


ACTIVE_CACHE_KEY = "webhooks:active"


def _active_webhooks():
    """The active webhooks, from the cache (most events meet none: no query each time)."""
    return cache.get_or_set(
        ACTIVE_CACHE_KEY,
        lambda: list(Webhook.objects.filter(is_active=True).only("pk", "events")),
        300,
    )


def _forget_active():
    transaction.on_commit(lambda: cache.delete(ACTIVE_CACHE_KEY))


def emit(event, *, object_key, data):
    """Queue ``event`` about ``object_key`` (as "registration:42") for every active webhook
    that listens to it, in the current transaction; the worker is woken after commit."""
    return emit_many(event, [(object_key, data)])


def emit_many(event, items):
    """Queue ``event`` about each ``(object_key, data)`` of ``items``, in this order (one
    INSERT for them all: a promotion of a whole waiting list, the registrations a
    cancelled workshop cancels), in the current transaction."""
    hooks = [hook for hook in _active_webhooks() if event in hook.events]
    items = list(items)
    if not hooks or not items:
        return []
    now = timezone.now().isoformat()
    rows = []
    for object_key, data in items:
        payload = {"event": event, "object": object_key, "occurred_at": now, "data": data}
        payload = json.loads(json.dumps(payload, cls=DjangoJSONEncoder))
        rows += [
            WebhookDelivery(webhook=hook, event=event, object_key=object_key, payload=payload)
            for hook in hooks
        ]
    deliveries = WebhookDelivery.objects.bulk_create(rows)
    # With the broker down, the deliveries wait for the sweep.
    enqueue_on_commit("core.deliver_webhooks")
    return deliveries


def _deliverable(now):
    """Queued deliveries that are due and have no earlier undelivered delivery of the same
    object to the same webhook (order per object)."""
    earlier = WebhookDelivery.objects.filter(
        webhook=OuterRef("webhook"),
        object_key=OuterRef("object_key"),
        id__lt=OuterRef("id"),
    ).exclude(status=WebhookDelivery.Status.DELIVERED)
    return WebhookDelivery.objects.filter(
        status=WebhookDelivery.Status.QUEUED, next_attempt_at__lte=now
    ).filter(~Exists(earlier))


def _claim(now):
    with transaction.atomic():
        delivery = (
            _deliverable(now)
            .select_for_update(skip_locked=True, of=("self",))
            .select_related("webhook")
            .order_by("id")
            .first()
        )
        if delivery is None:
            return None
        delivery.status = WebhookDelivery.Status.SENDING
        delivery.claimed_at = now
        delivery.attempts += 1
        delivery.save(update_fields=["status", "claimed_at", "attempts"])
    return delivery


def _post(delivery):
    body = json.dumps(delivery.payload, separators=(",", ":")).encode()
    request = urllib.request.Request(  # noqa: S310 (the Secretariat's http(s) URL)
        delivery.webhook.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": "IDM-Portal-Webhooks/1",
            "X-IDM-Event": delivery.event,
            "X-IDM-Delivery": str(delivery.uid),
            SIGNATURE_HEADER: sign(delivery.webhook.secret, int(time.time()), body),
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as answer:  # noqa: S310
            return answer.status, answer.read(RESPONSE_KEPT).decode(errors="replace"), ""
    except urllib.error.HTTPError as error:
        return error.code, error.read(RESPONSE_KEPT).decode(errors="replace"), str(error)
    except (OSError, ValueError) as error:
        return None, "", str(error)


def deliver_due(*, now=None, limit=100):
    """Post the deliveries that are due, one by one, in order. Returns how many were
    delivered."""
    delivered = 0
    for _number in range(limit):
        now = now or timezone.now()
        delivery = _claim(now)
        if delivery is None:
            break
        status, body, error = _post(delivery)
        finished = timezone.now()
        delivery.last_status_code = status
        delivery.last_response = body[:RESPONSE_KEPT]
        delivery.last_error = error[:RESPONSE_KEPT]
        if status is not None and 200 <= status < 300:
            delivery.status = WebhookDelivery.Status.DELIVERED
            delivery.delivered_at = finished
            delivered += 1
        elif delivery.attempts >= max_attempts():
            delivery.status = WebhookDelivery.Status.FAILED
        else:
            delivery.status = WebhookDelivery.Status.QUEUED
            delivery.next_attempt_at = finished + timedelta(seconds=backoff(delivery.attempts))
        WebhookDelivery.objects.filter(pk=delivery.pk, status="sending").update(
            status=delivery.status,
            delivered_at=delivery.delivered_at,
            next_attempt_at=delivery.next_attempt_at,
            last_status_code=status,
            last_response=delivery.last_response,
            last_error=delivery.last_error,
        )
    return delivered


def sweep(*, now=None):
    """Queue again the deliveries a killed worker left "sending" for more than a few
    minutes. Returns how many."""
    now = now or timezone.now()
    stale = now - timedelta(seconds=settings.WEBHOOK_SENDING_TIMEOUT)
    return WebhookDelivery.objects.filter(
        status=WebhookDelivery.Status.SENDING, claimed_at__lt=stale
    ).update(status=WebhookDelivery.Status.QUEUED, next_attempt_at=now)


def replay(delivery, *, actor):
    """Post a delivery again (a new delivery with the same payload, queued now)."""
    if not roles.can_manage_webhooks(actor):
        raise PermissionDenied
    with transaction.atomic():
        again = WebhookDelivery.objects.create(
            webhook=delivery.webhook,
            event=delivery.event,
            object_key=delivery.object_key,
            payload=delivery.payload,
            replay_of=delivery,
        )
        enqueue_on_commit("core.deliver_webhooks")
    return again
