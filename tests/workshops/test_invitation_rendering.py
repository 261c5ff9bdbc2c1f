"""One invitation that fails to render is marked failed with its error; the rest of its
batch is rendered and delivered (the loopback SMTP server), and "resend failed" renders it
again."""

from unittest import mock

import pytest
from django.template import TemplateSyntaxError
from django.urls import reverse

from idm_portal.core.models import OutgoingMail
from idm_portal.core.services import outbox
from tests.factories import InvitationFactory, WorkshopFactory
from workshops import queries
from workshops.models import Invitation
from workshops.services import invitation_messages
from workshops.services import invitations as services

pytestmark = pytest.mark.django_db

real_render = invitation_messages.render_invitation_text


def render_breaking_for_bad(invitation, **kwargs):
    """The portal's own rendering, failing for the invitee named "Bad" as a template error
    from a bad message or organization would (the shipped texts have none to trigger)."""
    if invitation.name == "Bad":
        raise TemplateSyntaxError("Invalid block tag on line 3: 'endif'")
    return real_render(invitation, **kwargs)


@pytest.fixture
def loopback_smtp(settings, smtp, smtp_server):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", smtp_server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    return smtp


def test_one_invitation_failing_to_render_leaves_the_other_four_delivered(
    loopback_smtp, secretariat, client
):
    workshop = WorkshopFactory(slug="five")
    names = ["Amina", "Bruno", "Bad", "Chen", "Dalia"]
    for name in names:
        InvitationFactory(workshop=workshop, name=name, email=f"{name.lower()}@example.org")
    assert services.send_invitations(workshop, actor=secretariat) == 5
    with mock.patch.object(
        invitation_messages, "render_invitation_text", side_effect=render_breaking_for_bad
    ):
        assert services.send_due_invitations(batch_size=5) == 5
    for mail in OutgoingMail.objects.all():
        assert outbox.deliver_mail(mail.pk).status == OutgoingMail.Status.SENT

    delivered = sorted(message["To"] for message in loopback_smtp.messages)
    assert delivered == [
        f"{name.lower()}@example.org" for name in ["amina", "bruno", "chen", "dalia"]
    ]
    bad = Invitation.objects.get(name="Bad")
    assert bad.mail is None
    assert bad.render_error == "TemplateSyntaxError: Invalid block tag on line 3: 'endif'"
    statuses = dict(queries.invitations_with_status(workshop).values_list("name", "status"))
    assert statuses == {
        "Amina": "sent",
        "Bruno": "sent",
        "Bad": "failed",
        "Chen": "sent",
        "Dalia": "sent",
    }
    assert queries.invitation_counts(workshop, bad.updated_at)["failed"] == 1
    # Not rendered again by the next run, nor by the beat...
    assert services.send_due_invitations() == 0
    client.force_login(secretariat)
    page = client.get(
        reverse("workshops:invitations", args=[2009, "five"]) + "?status=failed"
    ).content.decode()
    assert "TemplateSyntaxError: Invalid block tag on line 3" in page

    # ...until the Secretariat resends it, the cause fixed: it renders and goes out once.
    assert services.resend_failed(workshop, actor=secretariat) == 1
    assert services.send_due_invitations() == 1
    bad.refresh_from_db()
    assert bad.render_error == ""
    assert outbox.deliver_mail(bad.mail_id).status == OutgoingMail.Status.SENT
    assert sorted(message["To"] for message in loopback_smtp.messages).count("bad@example.org") == 1
