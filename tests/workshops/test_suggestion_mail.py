"""A declined suggestion's e-mail end to end: queued in the outbox with the decision, sent
by a real Celery worker over Redis to a real SMTP server on loopback, in the language of the
focal point, with plain text and HTML parts."""

import pytest

from idm_portal.core.models import OutgoingMail
from tests.conftest import wait_for
from tests.factories import FocalPointFactory, SecretariatFactory, WorkshopFactory
from workshops.services import suggestions as services

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_declined_suggestion_reaches_the_focal_point_once(celery_worker, smtp):
    workshop = WorkshopFactory(title="Trafficking and Exploitation of Migrants", slug="t")
    link = FocalPointFactory(
        user__email="focal.ma@example.org",
        user__name="Mona Focal",
        user__preferred_language="fr",
        member_state__country="MA",
        member_state__name="Morocco",
    )
    secretariat = SecretariatFactory()
    suggestion, _created = services.submit_suggestion(
        workshop,
        actor=link.user,
        member_state=link.member_state,
        kind="other",
        title="A side event with employers",
        description="A lunch-time side event.",
    )
    services.decline_suggestion(
        suggestion, actor=secretariat, reason="The programme has no room for side events."
    )
    services.decline_suggestion(suggestion, actor=secretariat, reason="Again")  # double click
    mail = OutgoingMail.objects.get()
    wait_for(
        lambda: OutgoingMail.objects.filter(pk=mail.pk, status="sent").exists(),
        message="the suggestion mail to be sent",
    )
    wait_for(lambda: smtp.messages, message="the SMTP server to receive the mail")
    assert len(smtp.messages) == 1
    message = smtp.messages[0]
    assert message["To"] == "focal.ma@example.org"
    assert message["Subject"] == mail.subject
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "The programme has no room for side events." in text
    assert "The programme has no room for side events." in html
    assert f"/fr/workshops/suggestions/{suggestion.pk}/" in text
    assert "Again" not in text
