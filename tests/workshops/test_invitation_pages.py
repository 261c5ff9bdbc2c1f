"""The Secretariat's invitation pages and the invitee's answer link, through the test
client.

Over 400 lines on purpose: 17 tests of one page family, sharing its helpers and fixtures."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from idm_portal.core.models import OutgoingMail
from idm_portal.core.templatetags.idm import moment
from tests.factories import InvitationFactory, OrganizationFactory, UserFactory, WorkshopFactory
from workshops.models import Invitation, InvitationMessage, Registration
from workshops.services import invitations as services

pytestmark = pytest.mark.django_db


@pytest.fixture
def workshop():
    now = timezone.now()
    return WorkshopFactory(
        title="Migration and Social Change",
        slug="social-change",
        registration_opens=now - dt.timedelta(days=1),
        registration_closes=now + dt.timedelta(days=20),
    )


def url(name, workshop, *args):
    return reverse(f"workshops:{name}", args=[workshop.idm_year.year, workshop.slug, *args])


def test_workshop_page_links_the_secretariat_to_the_invitations(client, secretariat, workshop):
    client.force_login(secretariat)
    page = client.get(workshop.get_absolute_url()).content.decode()
    assert f'href="{url("invitations", workshop)}"' in page


def test_csv_upload_imports_good_rows_and_lists_bad_rows_by_line(client, secretariat, workshop):
    client.force_login(secretariat)
    data = (
        b"name;email;organization;language\n"
        b"Ana Lopez;ana@example.org;;es\n"
        b"Bad;not-an-address;;en\n"
        b"Ana twice;ana@example.org;;es\n"
        b"Klaus;klaus@example.org;;de\n"
        b"Claire;claire@example.org;;fr\n"
    )
    response = client.post(
        url("invitations_add", workshop),
        {"source": "csv", "csv-file": SimpleUploadedFile("people.csv", data, "text/csv")},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "2 rows imported." in page
    assert "3 rows were left out:" in page
    assert "Line 3: “not-an-address” is not a valid e-mail address." in page
    assert "Line 4: ana@example.org is already on line 2 of the file." in page
    assert "Line 5: Unknown language “de”: write en, fr or es." in page
    assert sorted(Invitation.objects.values_list("email", flat=True)) == [
        "ana@example.org",
        "claire@example.org",
    ]


def test_a_file_that_is_not_csv_is_refused_and_nothing_imported(client, secretariat, workshop):
    client.force_login(secretariat)
    response = client.post(
        url("invitations_add", workshop),
        {"source": "csv", "csv-file": SimpleUploadedFile("x.csv", b"%PDF-1.4\x00\x01", "text/csv")},
    )
    assert "This is not a CSV file (it holds binary data)." in response.content.decode()
    assert not Invitation.objects.exists()


def test_one_address_added_then_sent_now_enqueues_one_task(
    client, secretariat, workshop, django_capture_on_commit_callbacks
):
    client.force_login(secretariat)
    organization = OrganizationFactory(name="Migrants' Rights NGO")
    response = client.post(
        url("invitations_add", workshop),
        {
            "source": "address",
            "one-name": "Ana Lopez",
            "one-email": "Ana@Example.org",
            "one-organization": organization.pk,
            "one-language": "es",
        },
        follow=True,
    )
    assert "1 invitation added to the list." in response.content.decode()
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.organization_name) == (
        "ana@example.org",
        "Migrants' Rights NGO",
    )
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(url("invitations_send", workshop), {"when": "now"}, follow=True)
    assert "1 invitation is being sent." in response.content.decode()
    assert len(callbacks) == 1  # one task, whatever the number of invitations
    invitation.refresh_from_db()
    assert invitation.send_at <= timezone.now()


def test_sending_at_a_chosen_time_schedules_for_the_beat(
    client, secretariat, workshop, django_capture_on_commit_callbacks
):
    InvitationFactory.create_batch(3, workshop=workshop)
    client.force_login(secretariat)
    when = (timezone.now() + dt.timedelta(days=2)).astimezone(dt.UTC)
    local = timezone.localtime(when).strftime("%Y-%m-%dT%H:%M")  # Geneva = the venue
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            url("invitations_send", workshop), {"when": "later", "send_at": local}, follow=True
        )
    page = response.content.decode()
    assert f"3 invitations will be sent on {moment(when, workshop)}." in page
    assert moment(when, workshop).endswith("(Geneva time)")  # the venue's city names the zone
    assert callbacks == []
    assert services.send_due_invitations() == 0
    assert services.send_due_invitations(now=when + dt.timedelta(minutes=1)) == 3


def test_sending_in_the_past_is_refused(client, secretariat, workshop):
    InvitationFactory(workshop=workshop)
    client.force_login(secretariat)
    response = client.post(
        url("invitations_send", workshop),
        {"when": "later", "send_at": "2009-01-01T10:00"},
        follow=True,
    )
    assert "This moment has passed: choose a later one." in response.content.decode()
    assert Invitation.objects.get().send_at is None


def test_message_page_previews_each_language_and_refuses_unknown_placeholders(
    client, secretariat, workshop
):
    client.force_login(secretariat)
    InvitationFactory(workshop=workshop, language="es", name="Ana López")
    page = client.get(url("invitation_message", workshop, "es")).content.decode()
    assert "Invitación: Migration and Social Change" in page
    assert "Estimado/a Ana López:" in page  # the first invitee in Spanish, for the preview
    page = client.get(url("invitation_message", workshop, "fr")).content.decode()
    # an example when nobody is French
    assert "À l’attention de Ms Jane Example" in page
    assert "Madame, Monsieur," in page
    assert "25–26 mars 2009" in page

    response = client.post(
        url("invitation_message", workshop, "fr"),
        {"action": "save", "subject": "Invitation", "body": "{nom} {answer_link}"},
    )
    assert "Unknown placeholder: {nom}." in response.content.decode()
    assert not InvitationMessage.objects.exists()

    body = "<b>Bonjour</b> {name},\nrépondez ici : {answer_link}"
    response = client.post(
        url("invitation_message", workshop, "fr"),
        {"action": "preview", "subject": "Invitation : {workshop}", "body": body},
    )
    page = response.content.decode()
    assert "&lt;b&gt;Bonjour&lt;/b&gt; Ms Jane Example,<br>" in page  # escaped, never HTML
    assert "<b>Bonjour</b>" not in page
    assert not InvitationMessage.objects.exists()  # a preview saves nothing

    response = client.post(
        url("invitation_message", workshop, "fr"),
        {"action": "save", "subject": "Invitation : {workshop}", "body": body},
        follow=True,
    )
    assert "The message is saved." in response.content.decode()
    message = InvitationMessage.objects.get()
    assert (message.language, message.body) == ("fr", body)


def test_tracking_page_polls_while_a_batch_is_sent_and_stops_when_done(
    client, secretariat, workshop
):
    InvitationFactory.create_batch(4, workshop=workshop)
    services.send_invitations(workshop, actor=secretariat)
    services.send_due_invitations()
    client.force_login(secretariat)
    progress = client.get(url("invitations_progress", workshop)).content.decode()
    assert 'hx-trigger="every 2s"' in progress
    assert "Sending: 0 of 4 handled." in progress
    mails = list(OutgoingMail.objects.order_by("pk"))
    OutgoingMail.objects.filter(pk__in=[m.pk for m in mails[:3]]).update(status="sent")
    progress = client.get(url("invitations_progress", workshop)).content.decode()
    assert "Sending: 3 of 4 handled." in progress
    assert 'data-width-percent="75"' in progress  # portal.js sets the width (CSP)
    OutgoingMail.objects.filter(pk=mails[3].pk).update(status="failed", last_error="550 No")
    progress = client.get(url("invitations_progress", workshop)).content.decode()
    assert "hx-trigger" not in progress
    assert "Done: 4 of 4 handled." in progress
    page = client.get(url("invitations", workshop) + "?status=failed").content.decode()
    assert page.count('class="badge invitation-status') == 1
    assert "550 No" in page


def test_export_and_history_show_each_recipients_story(client, secretariat, workshop):
    invitation = InvitationFactory(workshop=workshop, email="ana@example.org", name="Ana")
    services.send_invitations(workshop, actor=secretariat)
    services.send_due_invitations()
    invitation.refresh_from_db()
    OutgoingMail.objects.filter(pk=invitation.mail_id).update(
        status="failed", attempts=5, last_error="421 4.3.2 Try later", claimed_at=timezone.now()
    )
    client.force_login(secretariat)
    response = client.get(url("invitations_csv", workshop))
    assert response["Content-Disposition"] == (
        'attachment; filename="invitations-2009-social-change.csv"'
    )
    assert response.streaming
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Name,E-mail address,Organization,Language,Status,Attempts")
    assert lines[1].startswith("Ana,ana@example.org,,en,Failed,5,421 4.3.2 Try later,")
    page = client.get(url("invitation_detail", workshop, invitation.pk)).content.decode()
    for words in ("Added to the list", "Queued in the outbox", "Failed", "421 4.3.2 Try later"):
        assert words in page


def test_resend_failed_queues_the_failed_ones_again(
    client, secretariat, workshop, django_capture_on_commit_callbacks
):
    InvitationFactory.create_batch(2, workshop=workshop)
    services.send_invitations(workshop, actor=secretariat)
    services.send_due_invitations()
    failed = OutgoingMail.objects.order_by("pk").first()
    OutgoingMail.objects.filter(pk=failed.pk).update(status="failed", attempts=5)
    client.force_login(secretariat)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(url("invitations_resend_failed", workshop), follow=True)
    assert "1 failed invitation is queued again." in response.content.decode()
    assert len(callbacks) == 1
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == ("queued", 0)


def test_one_failed_invitation_is_resent_from_its_history_and_only_it(
    client, secretariat, workshop, django_capture_on_commit_callbacks
):
    first, second = InvitationFactory.create_batch(2, workshop=workshop)
    services.send_invitations(workshop, actor=secretariat)
    services.send_due_invitations()
    OutgoingMail.objects.update(status="failed", attempts=5, last_error="550 No such user")
    first.refresh_from_db()
    client.force_login(secretariat)
    page = client.get(url("invitation_detail", workshop, first.pk)).content.decode()
    assert "Resend this invitation" in page
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(url("invitation_resend", workshop, first.pk), follow=True)
    assert "The invitation is queued again, with the same Message-ID." in response.content.decode()
    assert len(callbacks) == 1
    statuses = dict(Invitation.objects.filter(workshop=workshop).values_list("pk", "mail__status"))
    assert statuses == {first.pk: "queued", second.pk: "failed"}
    # Queued again, it has not failed: a second press says so and queues nothing.
    response = client.post(url("invitation_resend", workshop, first.pk), follow=True)
    assert "This invitation has not failed: there is nothing to resend." in (
        response.content.decode()
    )
    page = client.get(url("invitation_detail", workshop, first.pk)).content.decode()
    assert "Resend this invitation" not in page


@pytest.mark.parametrize("count", [3, 120])
def test_tracking_list_costs_the_same_queries_for_few_and_many(
    client, secretariat, workshop, count
):
    InvitationFactory.create_batch(count, workshop=workshop)
    services.send_invitations(workshop, actor=secretariat)
    services.send_due_invitations()
    client.force_login(secretariat)
    client.get(url("invitations", workshop))  # warm the session and the roles
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url("invitations", workshop))
    assert response.status_code == 200
    assert response.content.decode().count('class="badge invitation-status') == min(count, 50)
    assert len(queries.captured_queries) == 8


# --- The answer link ---


def test_a_wrong_changed_or_other_workshops_token_answers_404(client, workshop):
    invitation = InvitationFactory(workshop=workshop)
    other = WorkshopFactory(slug="other-workshop")
    assert client.get(invitation.get_answer_url()).status_code == 200
    changed = invitation.token[:-1] + ("A" if invitation.token[-1] != "A" else "B")
    for token in ("not-a-token", changed):
        assert client.get(url("invitation_answer", workshop, token)).status_code == 404
        assert client.post(url("invitation_decline", workshop, token)).status_code == 404
    assert client.get(url("invitation_answer", other, invitation.token)).status_code == 404
    assert client.post(url("invitation_decline", other, invitation.token)).status_code == 404
    assert client.get(url("invitation_accept", other, invitation.token)).status_code in (302, 404)


def test_decline_needs_no_account_and_a_used_link_says_already_answered(client, workshop):
    invitation = InvitationFactory(workshop=workshop)
    page = client.get(invitation.get_answer_url()).content.decode()
    assert "No account is needed to decline." in page
    response = client.post(
        url("invitation_decline", workshop, invitation.token), {"reason": "On mission."}
    )
    assert "you have declined the invitation" in response.content.decode()
    invitation.refresh_from_db()
    assert (invitation.answer, invitation.decline_reason) == ("declined", "On mission.")
    today = timezone.localdate().strftime("%-d %B %Y")
    for response in (
        client.get(invitation.get_answer_url()),
        client.post(url("invitation_decline", workshop, invitation.token), {"reason": "Again"}),
    ):
        page = response.content.decode()
        assert f"This invitation was already answered: declined on {today}." in page
        assert "Decline the invitation" not in page
    invitation.refresh_from_db()
    assert invitation.decline_reason == "On mission."


def test_accept_asks_to_sign_in_then_opens_the_registration_form_filled_in(client, workshop):
    organization = OrganizationFactory(name="Migrants' Rights NGO")
    invitation = InvitationFactory(
        workshop=workshop,
        email="ana.lopez@example.org",
        name="Ana López",
        organization=organization,
        organization_name=organization.name,
    )
    accept = url("invitation_accept", workshop, invitation.token)
    response = client.get(accept)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={accept}"

    ana = UserFactory(email="ana.lopez@example.org", name="Ana López")
    client.force_login(ana)
    page = client.get(accept).content.decode()
    assert "Accept and register" in page  # a button: opening the link answers nothing
    invitation.refresh_from_db()
    assert invitation.answer == ""
    response = client.post(accept)
    register = f"{url('register', workshop)}?invitation={invitation.token}"
    assert response["Location"] == register
    page = client.get(register).content.decode()
    assert "You are answering the invitation sent to ana.lopez@example.org" in page
    assert 'value="ana.lopez@example.org"' in page
    assert 'value="Ana López"' in page
    assert f'<option value="{organization.pk}" selected>' in page

    response = client.post(
        register,
        {
            "badge_name": "Ana López",
            "email": "ana.lopez@example.org",
            "organization": organization.pk,
            "consents_to_list": "on",
        },
    )
    assert response.status_code == 302
    registration = Registration.objects.get(person=ana)
    invitation.refresh_from_db()
    assert invitation.answer == "accepted"
    assert invitation.registration == registration
    page = client.get(invitation.get_answer_url()).content.decode()
    assert "This invitation was already answered: accepted on" in page


def test_a_declined_invitation_does_not_prefill_the_registration(client, delegate, workshop):
    invitation = InvitationFactory(workshop=workshop, email="ana.lopez@example.org")
    services.decline_invitation(invitation)
    client.force_login(delegate)
    response = client.get(url("invitation_accept", workshop, invitation.token))
    assert "already answered: declined" in response.content.decode()
    page = client.get(f"{url('register', workshop)}?invitation={invitation.token}")
    assert "ana.lopez@example.org" not in page.content.decode()


def test_5000_invitations_are_imported_and_queued_in_two_short_requests(
    client, secretariat, workshop, django_capture_on_commit_callbacks
):
    rows = "".join(
        f"Person {n},person{n}@example.org,,{'enfres'[n % 3 * 2 :][:2]}\n" for n in range(5000)
    )
    data = ("name,email,organization,language\n" + rows).encode()
    client.force_login(secretariat)
    response = client.post(
        url("invitations_add", workshop),
        {"source": "csv", "csv-file": SimpleUploadedFile("many.csv", data, "text/csv")},
        follow=True,
    )
    assert "5000 invitations added to the list." in response.content.decode()
    with (
        CaptureQueriesContext(connection) as queries,
        django_capture_on_commit_callbacks(execute=False) as callbacks,
    ):
        response = client.post(url("invitations_send", workshop), {"when": "now"})
    assert response.status_code == 302
    assert len(callbacks) == 1  # one task for the worker; the request renders nothing
    assert len(queries.captured_queries) < 15
    assert not OutgoingMail.objects.exists()
    assert Invitation.objects.filter(workshop=workshop, send_at__isnull=False).count() == 5000
