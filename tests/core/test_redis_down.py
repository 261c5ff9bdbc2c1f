"""Accounts: with Redis down, log-in, sign-up, password reset and registration still answer
(the cache fails open, the broker's absence is caught), and the mail queued meanwhile goes
out once Redis is back, by the outbox sweep (issue 12, item 4).

The Redis here is the test's own, on a free port, started and stopped by the test: never
the shared one on 6379."""

import base64
import datetime as dt
import json
import logging
import subprocess
from contextlib import contextmanager

import kombu.pools
import pytest
import redis
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from idm_portal.celery import app as celery_app
from idm_portal.core.models import OutgoingMail
from idm_portal.core.services import outbox
from tests.conftest import free_port, wait_for
from tests.factories import PASSWORD, OrganizationFactory, WorkshopFactory
from workshops.models import Registration


class OwnRedis:
    """A redis-server of the test's own, without persistence."""

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [
                *("redis-server", "--port", str(self.port), "--bind", "127.0.0.1"),
                *("--save", "", "--appendonly", "no"),
            ],
            stdout=subprocess.DEVNULL,
        )
        client = redis.Redis(port=self.port)
        wait_for(lambda: self._answers(client), timeout=20, message="redis-server to start")

    @staticmethod
    def _answers(client):
        try:
            return client.ping()
        except redis.exceptions.ConnectionError:
            return False

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=20)
            self.process = None


def _reset_broker_connections():
    # kombu keeps its connection and producer pools in a registry keyed by the broker's
    # address, shared with the app's own pool: reset the registry whole (closing one pool
    # alone left a closed pool there, and every later test's task met "Acquire on closed
    # pool").
    kombu.pools.reset()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@contextmanager
def celery_broker(url):
    """Point the Celery app of this process at ``url`` (the tasks' producer only)."""
    old = celery_app.conf.broker_url, celery_app.conf.broker_write_url
    _reset_broker_connections()
    celery_app.conf.broker_url = celery_app.conf.broker_write_url = url
    try:
        yield
    finally:
        _reset_broker_connections()
        celery_app.conf.broker_url, celery_app.conf.broker_write_url = old


@pytest.fixture
def own_redis(settings):
    server = OwnRedis()
    server.start()
    settings.CACHES = {
        "default": {
            "BACKEND": "idm_portal.core.cache.FailOpenRedisCache",
            "LOCATION": server.url,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    with celery_broker(server.url):
        yield server
    server.stop()


def test_with_redis_down_accounts_and_registration_answer_and_the_mail_follows(
    client,
    delegate,
    own_redis,
    smtp,
    smtp_server,
    settings,
    caplog,
    django_capture_on_commit_callbacks,
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = smtp_server.port
    now = timezone.now()
    workshop = WorkshopFactory(
        slug="human-rights",
        registration_opens=now - dt.timedelta(days=1),
        registration_closes=now + dt.timedelta(days=10),
    )
    organization = OrganizationFactory(name="Migrants' Rights Network")
    cache.set("probe", "up")
    assert cache.get("probe") == "up"  # the cache is this Redis

    own_redis.stop()
    caplog.set_level(logging.WARNING)
    with django_capture_on_commit_callbacks(execute=True):
        signed_in = client.post(
            reverse("account_login"), {"login": delegate.email, "password": PASSWORD}
        )
        assert signed_in.status_code == 302
        assert signed_in["Location"] == reverse("home")
        registered = client.post(
            reverse("workshops:register", args=[workshop.idm_year.year, workshop.slug]),
            {
                "badge_name": "Dana Delegate",
                "email": delegate.email,
                "organization": organization.pk,
                "consents_to_list": "on",
            },
        )
        assert registered.status_code == 302, registered.content.decode()[:3000]
        client.logout()
        signed_up = client.post(
            reverse("account_signup"),
            {
                "email": "newcomer@example.org",
                "name": "Nora Newcomer",
                "password1": PASSWORD,
                "password2": PASSWORD,
            },
            follow=True,
        )
        assert "We have sent an email to you for verification." in signed_up.content.decode()
        client.logout()
        reset = client.post(
            reverse("account_reset_password"), {"email": delegate.email}, follow=True
        )
        assert "We have sent you an email." in reset.content.decode()
    assert Registration.objects.get().person == delegate
    assert "Cache unreachable" in caplog.text
    assert "broker unreachable" in caplog.text
    waiting = dict(OutgoingMail.objects.values_list("template", "status"))
    assert set(waiting.values()) == {"queued"}
    assert "account/email/email_confirmation_signup" in waiting
    assert "account/email/password_reset_key" in waiting
    assert len(waiting) == 3  # and the registration's confirmation

    own_redis.start()
    cache.set("probe", "back")
    assert cache.get("probe") == "back"
    with django_capture_on_commit_callbacks(execute=True):
        swept = outbox.sweep_outbox(now=timezone.now() + dt.timedelta(hours=1))
    assert len(swept) == 3
    # What the sweep put on the broker is what a worker takes: deliver each task's mail.
    queued = redis.Redis(port=own_redis.port).lrange(settings.CELERY_TASK_DEFAULT_QUEUE, 0, -1)
    # The sweep queues one task per batch of mails (its argument: their ids).
    tasks = [json.loads(base64.b64decode(json.loads(raw)["body"]))[0][0] for raw in queued]
    assert len(tasks) == 1
    task_mail_ids = sorted(tasks[0])
    assert task_mail_ids == sorted(swept)
    outbox.deliver_mails(task_mail_ids)
    assert sorted(str(message["To"]) for message in smtp.messages) == sorted(
        [delegate.email, delegate.email, "newcomer@example.org"]
    )
    assert set(OutgoingMail.objects.values_list("status", flat=True)) == {"sent"}
