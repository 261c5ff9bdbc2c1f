"""/healthz: the state of the database, the broker and the workers."""

import pytest
from django.urls import reverse


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_healthz_is_200_with_postgresql_redis_and_a_worker_up(client, celery_worker):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    report = response.json()
    assert report["status"] == "ok"
    assert report["database"] == {"status": "ok", "engine": "postgresql"}
    assert report["broker"] == {"status": "ok"}
    assert report["workers"]["status"] == "ok"
    assert any(name.startswith("test-worker-") for name in report["workers"]["workers"])


@pytest.mark.django_db
def test_healthz_is_503_with_the_reason_when_the_broker_port_is_closed(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    report = response.json()
    assert report["status"] == "down"
    assert report["database"]["status"] == "ok"
    assert report["broker"]["status"] == "down"
    assert "Connection refused" in report["broker"]["reason"]
    assert report["workers"] == {"status": "down", "reason": "the broker is down"}


@pytest.mark.django_db
def test_healthz_says_not_configured_for_in_process_tasks(client, settings):
    settings.CELERY_BROKER_URL = ""
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    report = response.json()
    assert report["broker"] == {"status": "not configured", "reason": "tasks run in-process"}
    assert report["workers"]["status"] == "not configured"
