"""The Secretariat's webhooks page: add a receiver (its secret shown), the deliveries' log,
replay, stop."""

import pytest
from django.urls import reverse

from idm_portal.core.models import Webhook, WebhookDelivery
from idm_portal.core.services import webhooks

PAGE = "/en/webhooks/"


@pytest.mark.parametrize(("who", "status"), [("anonymous", 302), ("delegate", 403)])
def test_webhooks_page_is_the_secretariats_only(client, request, who, status):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    assert client.get(PAGE).status_code == status


def test_secretariat_adds_a_webhook_and_reads_its_secret(client, secretariat):
    client.force_login(secretariat)
    response = client.post(
        PAGE,
        {
            "name": "Travel unit",
            "url": "https://travel.example.org/idm",
            "events": ["registration.changed"],
        },
    )
    assert response.status_code == 200
    webhook = Webhook.objects.get()
    assert webhook.events == ["registration.changed"]
    page = response.content.decode()
    assert "The webhook of Travel unit is added." in page
    assert webhook.secret in page
    assert webhook.secret not in client.get(PAGE).content.decode()


def test_replay_queues_the_delivery_again_and_stop_ends_the_events(
    client, secretariat, django_capture_on_commit_callbacks
):
    webhook = webhooks.create_webhook(
        actor=secretariat,
        name="Website",
        url="https://web.example.org/h",
        events=["agenda.published"],
    )
    webhooks.emit("agenda.published", object_key="workshop:1", data={"release": 1})
    delivery = WebhookDelivery.objects.get()
    client.force_login(secretariat)
    page = client.get(PAGE).content.decode()
    assert "agenda.published" in page
    assert "workshop:1" in page
    response = client.post(reverse("core:webhook_replay", args=[delivery.pk]), follow=True)
    assert "The delivery is queued again." in response.content.decode()
    assert WebhookDelivery.objects.filter(replay_of=delivery).count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("core:webhook_deactivate", args=[webhook.pk]))
    webhook.refresh_from_db()
    assert not webhook.is_active
    webhooks.emit("agenda.published", object_key="workshop:1", data={"release": 2})
    assert WebhookDelivery.objects.count() == 2  # the stopped webhook got nothing new


@pytest.mark.parametrize("count", [1, 30])
def test_webhooks_page_query_count_does_not_grow(
    client, secretariat, django_assert_num_queries, count
):
    for number in range(count):
        webhooks.create_webhook(
            actor=secretariat,
            name=f"System {number}",
            url=f"https://s{number}.example.org/h",
            events=["agenda.published"],
        )
    webhooks.emit("agenda.published", object_key="workshop:1", data={})
    client.force_login(secretariat)
    client.get(PAGE)
    with django_assert_num_queries(6):
        client.get(PAGE)
