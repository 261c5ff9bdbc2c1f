"""The badges of load_demo's workshop 1 (214 participants), made by a real Celery worker:
every name once, and every QR code a check-in token that the check-in page accepts. And the
demo's delegations."""

import re
import shutil
import subprocess
from collections import Counter
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from idm_portal.core.models import Organization, User
from tests.workshops.test_badges import qr_codes
from tests.workshops.test_documents_worker import download_when_made
from workshops.models import Registration, Workshop

MEDIA = Path(settings.MEDIA_ROOT)


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    settings.DEMO_PASSWORD = "demo-password-for-tests"
    call_command("load_demo", stdout=StringIO())
    return Workshop.objects.select_related("idm_year").order_by("start_date")


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_the_worker_makes_the_badges_of_the_214_participants_of_workshop_1(
    demo, celery_worker, client
):
    workshop = demo[0]
    shutil.rmtree(MEDIA / f"badges/{workshop.pk}", ignore_errors=True)
    # At the door, before anyone is checked in: the 214 are confirmed.
    registrations = Registration.objects.filter(workshop=workshop)
    registrations.update(status=Registration.Status.CONFIRMED, attended_at=None)
    names = list(registrations.values_list("badge_name", flat=True))
    assert len(names) == 214
    secretariat = User.objects.get(email="secretariat@idm.example")
    client.force_login(secretariat)
    url = reverse("workshops:badges_pdf", args=[workshop.idm_year.year, workshop.slug])
    try:
        content = download_when_made(client, url)
    finally:
        shutil.rmtree(MEDIA / f"badges/{workshop.pk}", ignore_errors=True)

    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()
    # One stream of words; a name wrapped at its hyphen is joined again.
    words = re.sub(r"-\s+", "-", " ".join(text.split()))
    # Synthetic names repeat: each participant's name once, so a name borne by three
    # participants three times.
    for name, bearers in Counter(names).items():
        # As a whole name: "Umar Mustermann" is not counted inside "Umar Mustermann-Demo".
        found = re.findall(rf"(?<![\w-]){re.escape(name)}(?![\w-])", words)
        assert len(found) == bearers, name
    assert text.count("\f") == 107  # two badges to an A4 page

    tokens = qr_codes(content)
    assert sorted(tokens) == sorted(registrations.values_list("checkin_token", flat=True))
    check_in = reverse("workshops:check_in", args=[workshop.idm_year.year, workshop.slug])
    for token in tokens:
        page = client.post(check_in, {"token": token}, follow=True).content.decode()
        assert "is checked in." in page
    assert registrations.filter(status=Registration.Status.ATTENDED).count() == 214


@pytest.mark.django_db
def test_the_demo_has_a_delegation_for_each_demo_focal_point_at_workshop_2(demo):
    second = demo[1]
    delegations = {}
    for registration in Registration.objects.filter(
        workshop=second, category=Organization.Kind.GOVERNMENT
    ).select_related("organization", "registered_by"):
        delegations.setdefault(registration.organization.name, []).append(registration)
    assert sorted(delegations) == ["Mexico", "Morocco", "Philippines", "Switzerland"]
    for state, people in delegations.items():
        assert len(people) == 2
        assert sum(person.is_head_of_delegation for person in people) == 1
        focal = people[0].registered_by
        assert focal.email.startswith("focal.")
        assert focal.focal_points.get().member_state.name == state
    call_command("load_demo", stdout=StringIO())
    assert Registration.objects.filter(workshop=second, category="government").count() == 8


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_certificate_asked_for_by_email_arrives_with_the_pdf(celery_worker, smtp, client):
    from tests.conftest import wait_for
    from tests.factories import OrganizationFactory, UserFactory, WorkshopFactory

    workshop = WorkshopFactory(title="Effective Respect", status=Workshop.Status.HELD)
    person = UserFactory(name="Camille Dupont", preferred_language="fr")
    registration = Registration.objects.create(
        workshop=workshop,
        person=person,
        organization=OrganizationFactory(name="Caritas"),
        category="ngo",
        badge_name="Camille Dupont",
        email=person.email,
        status=Registration.Status.ATTENDED,
    )
    client.force_login(person)
    try:
        client.post(reverse("workshops:registration_certificate_send", args=[registration.pk]))
        wait_for(
            lambda: any(m["To"] == person.email for m in smtp.messages),
            timeout=90,
            message="the certificate's e-mail",
        )
    finally:
        shutil.rmtree(MEDIA / f"certificates/{registration.pk}", ignore_errors=True)
    [message] = [m for m in smtp.messages if m["To"] == person.email]
    [attachment] = list(message.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    words = " ".join(
        subprocess.run(
            ["pdftotext", "-", "-"],
            input=attachment.get_content(),
            capture_output=True,
            check=True,
        )
        .stdout.decode()
        .split()
    )
    assert "Camille Dupont" in words
    assert "Secrétariat de l’IDM" in words
