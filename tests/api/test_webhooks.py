"""Webhooks: deliveries signed with HMAC-SHA256 over a timestamp and the body, retried
with back-off while the receiver is down, in order per object, none twice, a killed worker
loses nothing, a replay posts again; the receiver is a small HTTP server on loopback."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from idm_portal.core.models import Webhook, WebhookDelivery
from idm_portal.core.services import webhooks
from tests.conftest import wait_for
from tests.factories import OrganizationFactory, WorkshopFactory
from workshops.models import Registration
from workshops.services import registration as services


@pytest.fixture
def hook(secretariat, receiver):
    return webhooks.create_webhook(
        actor=secretariat,
        name="Conference services",
        url=receiver.url,
        events=["registration.created", "registration.changed"],
    )


def _pending_registration(person):
    workshop = WorkshopFactory(
        requires_approval=True,
        registration_opens=timezone.now() - timedelta(days=1),
        registration_closes=timezone.now() + timedelta(days=9),
    )
    organization = OrganizationFactory()
    registration, _created = services.register(
        workshop,
        person=person,
        organization=organization,
        category=organization.kind,
        badge_name="Dana Delegate",
        email=person.email,
    )
    return registration


def _events(receiver):
    return [
        (json.loads(body)["object"], headers["X-IDM-Event"], json.loads(body)["data"]["status"])
        for headers, body in receiver.received
    ]


def test_receiver_down_then_up_gets_every_event_once_in_order_signed(
    hook, receiver, delegate, secretariat, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks():
        registration = _pending_registration(delegate)
        services.approve(registration, actor=secretariat)
        services.check_in(registration, actor=secretariat)
    assert WebhookDelivery.objects.count() == 3
    # Down: nothing listens on the port. Each due delivery is tried once, kept, retried
    # later; the later ones of the same registration wait behind the first.
    assert webhooks.deliver_due() == 0
    first = WebhookDelivery.objects.order_by("id").first()
    assert first.status == "queued"
    assert first.attempts == 1
    assert "Connection refused" in first.last_error
    assert first.next_attempt_at > timezone.now()
    assert list(WebhookDelivery.objects.order_by("id").values_list("attempts", flat=True)) == [
        1,
        0,
        0,
    ]
    # Up, and the back-off has passed: everything arrives, in order, once.
    receiver.start()
    later = timezone.now() + timedelta(hours=1)
    assert webhooks.deliver_due(now=later) == 3
    key = f"registration:{registration.pk}"
    assert _events(receiver) == [
        (key, "registration.created", "pending"),
        (key, "registration.changed", "confirmed"),
        (key, "registration.changed", "attended"),
    ]
    ids = [headers["X-IDM-Delivery"] for headers, _body in receiver.received]
    assert len(set(ids)) == 3
    for headers, body in receiver.received:
        assert webhooks.verify(hook.secret, headers["X-IDM-Signature"], body)
        assert not webhooks.verify("another secret", headers["X-IDM-Signature"], body)
    logged = WebhookDelivery.objects.order_by("id").last()
    assert logged.status == "delivered"
    assert logged.last_status_code == 200
    assert logged.last_response == "thanks"
    assert webhooks.deliver_due(now=later) == 0  # nothing twice


def test_an_old_or_altered_request_does_not_verify(hook):
    body = b'{"event":"registration.changed"}'
    header = webhooks.sign(hook.secret, 1_700_000_000, body)
    assert webhooks.verify(hook.secret, header, body, now=1_700_000_100)
    assert not webhooks.verify(hook.secret, header, body, now=1_700_001_000)
    assert not webhooks.verify(hook.secret, header, body + b" ", now=1_700_000_100)


def test_a_receiver_error_is_retried_with_back_off_then_failed(
    hook, receiver, delegate, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_MAX_ATTEMPTS = 2
    receiver.start()
    receiver.status = 503
    with django_capture_on_commit_callbacks():
        _pending_registration(delegate)
    webhooks.deliver_due()
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.last_status_code) == ("queued", 503)
    assert delivery.next_attempt_at - timezone.now() > timedelta(seconds=25)
    webhooks.deliver_due(now=timezone.now() + timedelta(hours=1))
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("failed", 2)
    assert len(receiver.received) == 2


def test_a_worker_killed_mid_delivery_loses_nothing_and_replay_posts_again(
    hook, receiver, delegate, secretariat, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks():
        _pending_registration(delegate)
    delivery = WebhookDelivery.objects.get()
    # A worker claimed it and died before posting: the row is left "sending".
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        status="sending", claimed_at=timezone.now() - timedelta(minutes=10), attempts=1
    )
    receiver.start()
    assert webhooks.deliver_due() == 0  # not yet: it is someone's
    assert webhooks.sweep() == 1
    assert webhooks.deliver_due() == 1
    assert len(receiver.received) == 1
    delivery.refresh_from_db()
    with django_capture_on_commit_callbacks():
        again = webhooks.replay(delivery, actor=secretariat)
    webhooks.deliver_due()
    (_h1, first_body), (second_headers, second_body) = receiver.received
    assert first_body == second_body
    assert second_headers["X-IDM-Delivery"] == str(again.uid)


def test_events_without_a_webhook_queue_nothing(delegate, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks():
        _pending_registration(delegate)
    assert WebhookDelivery.objects.count() == 0
    assert Webhook.objects.count() == 0


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_the_worker_delivers_an_approval_to_the_receiver(
    celery_worker, receiver, secretariat, delegate
):
    receiver.start()
    webhooks.create_webhook(
        actor=secretariat,
        name="Travel unit",
        url=receiver.url,
        events=["registration.changed"],
    )
    registration = Registration.objects.create(
        workshop=WorkshopFactory(requires_approval=True),
        person=delegate,
        organization=OrganizationFactory(),
        category="ngo",
        badge_name="Dana Delegate",
        email=delegate.email,
    )
    services.approve(registration, actor=secretariat)
    wait_for(lambda: len(receiver.received) == 1, timeout=30, message="the delivery")
    assert _events(receiver) == [
        (f"registration:{registration.pk}", "registration.changed", "confirmed")
    ]
    wait_for(
        lambda: WebhookDelivery.objects.filter(status="delivered").count() == 1,
        timeout=30,
        message="the delivery to be logged",
    )


def test_an_invitation_answer_is_told_to_the_systems_that_listen(
    secretariat, receiver, django_capture_on_commit_callbacks
):
    from tests.factories import InvitationFactory
    from workshops.services import invitations

    receiver.start()
    webhooks.create_webhook(
        actor=secretariat, name="Protocol", url=receiver.url, events=["invitation.answered"]
    )
    invitation = InvitationFactory()
    with django_capture_on_commit_callbacks():
        invitations.decline_invitation(invitation, reason="Another mission")
    assert webhooks.deliver_due() == 1
    ((headers, body),) = receiver.received
    assert headers["X-IDM-Event"] == "invitation.answered"
    assert json.loads(body)["data"] == {
        "id": invitation.pk,
        "workshop": invitation.workshop_id,
        "answer": "declined",
        "registration": None,
    }
