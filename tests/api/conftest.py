"""Fixtures of the API tests: tokens of each scope, a client that sends one."""

import datetime as dt
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from idm_portal.core.models import ApiToken
from idm_portal.core.services import api_tokens
from tests.conftest import free_port
from tests.factories import (
    DiscussionNoteFactory,
    InvitationFactory,
    MemberStateFactory,
    OrganizationFactory,
    SessionFactory,
    SessionSpeakerFactory,
    SuggestionFactory,
    UserFactory,
    VotingRoundFactory,
    WorkshopFactory,
)
from workshops.models import Registration
from workshops.services.agenda import publish_agenda

SCOPES = ApiToken.Scope.values


@pytest.fixture
def make_token(secretariat):
    """make_token(*scopes) -> (token row, secret)."""

    def make(*scopes, expires_in=dt.timedelta(days=30), name="Travel unit"):
        return api_tokens.create_token(
            actor=secretariat,
            name=name,
            scopes=list(scopes),
            expires_at=timezone.now() + expires_in,
        )

    return make


@pytest.fixture
def api():
    """api(secret=None) -> an APIClient that sends ``Authorization: Bearer <secret>``."""

    def client(secret=None):
        made = APIClient()
        if secret:
            made.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
        return made

    return client


@pytest.fixture
def world(db, delegate, secretariat):
    workshop = WorkshopFactory()
    SessionSpeakerFactory(session=SessionFactory(workshop=workshop, title="Opening"))
    publish_agenda(workshop, actor=secretariat, prerender_pdf=False)
    organization = OrganizationFactory()
    registration = Registration.objects.create(
        workshop=workshop,
        person=delegate,
        organization=organization,
        category=organization.kind,
        badge_name="Dana Delegate",
        email=delegate.email,
        status=Registration.Status.PENDING,
    )
    state = MemberStateFactory(country="CH", name="Switzerland")
    head = UserFactory()
    Registration.objects.create(
        workshop=workshop,
        person=head,
        organization=state,
        category=state.kind,
        badge_name="Helena Head",
        email=head.email,
        status=Registration.Status.CONFIRMED,
        is_head_of_delegation=True,
    )
    MemberStateFactory(country="PH", name="Philippines")  # no delegation
    InvitationFactory(workshop=workshop)
    SuggestionFactory(workshop=workshop)
    note = DiscussionNoteFactory(status="published", published_at=timezone.now())
    closed = VotingRoundFactory(
        opens_at=timezone.now() - dt.timedelta(days=8),
        closes_at=timezone.now() - dt.timedelta(days=1),
    )
    return {"w": workshop.pk, "r": registration.pk, "n": note.pk, "v": closed.pk, "m": state.pk}


# --- Webhooks: a receiver on loopback ---


class Receiver:
    """An HTTP server on loopback that records every POST (headers and body) and answers
    ``status``. ``start()`` / ``stop()``: while stopped, its port refuses connections."""

    def __init__(self):
        self.port = free_port()
        self.received = []
        self.status = 200
        self.server = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}/hooks/idm"

    def start(self):
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append((self.headers, body))  # case-insensitive names
                self.send_response(receiver.status)
                self.end_headers()
                self.wfile.write(b"thanks")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None


@pytest.fixture
def receiver():
    made = Receiver()
    yield made
    made.stop()
