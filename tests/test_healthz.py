"""/healthz: liveness at once (nothing asked of the broker), readiness of the database, the
broker and the workers (cached a few seconds, no details for the public); the details on the
Secretariat's health page."""

from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from idm_portal.core import health

CLOSED_PORT_BROKER = "redis://127.0.0.1:1/0"


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_readiness_is_200_with_postgresql_redis_and_a_worker_up(client, celery_worker):
    response = client.get(reverse("healthz"), {"ready": ""})
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": {"status": "ok"},
        "broker": {"status": "ok"},
        "workers": {"status": "ok"},
    }
    assert "test-worker-" not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("query", [{}, {"live": ""}])
def test_liveness_answers_200_without_asking_the_broker_when_it_is_down(client, settings, query):
    settings.CELERY_BROKER_URL = CLOSED_PORT_BROKER
    with (
        mock.patch.object(health, "check_broker", wraps=health.check_broker) as broker,
        mock.patch.object(health, "check_workers", wraps=health.check_workers) as workers,
        mock.patch.object(health, "check_database", wraps=health.check_database) as database,
    ):
        response = client.get(reverse("healthz"), query)
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert (broker.call_count, workers.call_count, database.call_count) == (0, 0, 0)


@pytest.mark.django_db
def test_readiness_with_the_broker_port_closed_says_not_ready_without_details(client, settings):
    settings.CELERY_BROKER_URL = CLOSED_PORT_BROKER
    response = client.get(reverse("healthz"), {"ready": ""})
    assert response.status_code == 503
    assert response.json() == {
        "status": "down",
        "database": {"status": "ok"},
        "broker": {"status": "down"},
        "workers": {"status": "down"},
    }
    body = response.content.decode()
    for detail in ("refused", "127.0.0.1", "Error", "reason", "postgresql"):
        assert detail not in body


@pytest.mark.django_db
def test_readiness_is_checked_once_within_the_cache_time(client, settings):
    settings.CELERY_BROKER_URL = CLOSED_PORT_BROKER
    settings.HEALTH_CACHE_SECONDS = 60
    with mock.patch.object(health, "check_broker", wraps=health.check_broker) as broker:
        first = client.get(reverse("healthz"), {"ready": ""})
        second = client.get(reverse("healthz"), {"ready": ""})
    assert broker.call_count == 1
    assert first.status_code == second.status_code == 503
    assert first.json() == second.json()


@pytest.mark.django_db
def test_readiness_says_not_configured_for_in_process_tasks(client, settings):
    settings.CELERY_BROKER_URL = ""
    response = client.get(reverse("healthz"), {"ready": ""})
    assert response.status_code == 200
    assert response.json()["broker"] == {"status": "not configured"}
    assert response.json()["workers"] == {"status": "not configured"}


@pytest.mark.django_db
def test_the_secretariat_sees_the_details_on_the_outbox_health_page(client, settings, secretariat):
    settings.CELERY_BROKER_URL = CLOSED_PORT_BROKER
    client.force_login(secretariat)
    outbox = client.get(reverse("core:outbox")).content.decode()
    assert reverse("core:outbox_health") in outbox
    page = client.get(reverse("core:outbox_health")).content.decode()
    assert "Not ready: a part is down." in page
    assert "Connection refused" in page
    assert "the broker is down" in page
    assert "postgresql" in page


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_the_secretariat_sees_the_worker_names(client, secretariat, celery_worker):
    client.force_login(secretariat)
    page = client.get(reverse("core:outbox_health")).content.decode()
    assert "Ready: every configured part is up." in page
    assert "test-worker-" in page


@pytest.mark.django_db
def test_the_health_page_makes_the_same_queries_every_time(client, secretariat, settings):
    settings.CELERY_BROKER_URL = ""
    client.force_login(secretariat)
    counts = []
    for _ in range(2):
        health.cache.clear()
        with CaptureQueriesContext(connection) as context:
            assert client.get(reverse("core:outbox_health")).status_code == 200
        counts.append(len(context.captured_queries))
    assert counts == [5, 5]
