"""Name badges (A6, two to an A4 page, crop marks, QR code of the check-in token) and
certificates of attendance (only for those checked in, in their language), made by the
worker's task through the stored-document helper."""

import datetime as dt
import re
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.urls import reverse

from idm_portal.core.models import Organization, OutgoingMail
from tests.factories import MemberStateFactory, OrganizationFactory, UserFactory, WorkshopFactory
from workshops.models import Registration, Workshop
from workshops.services import badges

pytestmark = pytest.mark.django_db


def pdf_text(content):
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()


def qr_codes(content, *, resolution=150):
    """Every QR code of every page, decoded by zbarimg from the pages drawn by pdftoppm."""
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "badges.pdf").write_bytes(content)
        subprocess.run(
            ["pdftoppm", "-r", str(resolution), "-gray", "-png", "badges.pdf", "page"],
            cwd=folder,
            check=True,
        )
        pages = sorted(str(path) for path in Path(folder).glob("page*.png"))
        decoded = subprocess.run(
            ["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", *pages],
            capture_output=True,
            check=True,
        ).stdout.decode()
    return decoded.split()


def page_sizes(content):
    info = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "1", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()
    return re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", info)


def register(workshop, name, organization, *, status=Registration.Status.CONFIRMED, **fields):
    person = UserFactory(name=name, **fields)
    return Registration.objects.create(
        workshop=workshop,
        person=person,
        organization=organization,
        category=organization.kind,
        badge_name=name,
        email=person.email,
        status=status,
    )


def test_the_badges_of_the_confirmed_with_a_qr_code_the_check_in_page_accepts(
    client, secretariat, fetch_document
):
    workshop = WorkshopFactory(title="Human Rights and Migration")
    mexico = MemberStateFactory(country="MX", name="Mexico")
    ngo = OrganizationFactory(name="Migrants' Rights Network")
    people = [
        register(workshop, "Marco Moreno", mexico),
        register(workshop, "Ana Li", ngo),
        register(workshop, "Dana Delegate", ngo),
    ]
    register(workshop, "Walter Waiting", ngo, status=Registration.Status.WAITLISTED)
    client.force_login(secretariat)
    url = reverse("workshops:badges_pdf", args=[workshop.idm_year.year, workshop.slug])

    _pending, response = fetch_document(client, url)

    text = pdf_text(response.pdf)
    for name in ("Marco Moreno", "Ana Li", "Dana Delegate"):
        assert text.count(name) == 1, name
    assert "Walter Waiting" not in text
    assert "Mexico" in text
    assert "Migrants' Rights Network" in text
    assert "GOVERNMENT" in text
    assert "NON-GOVERNMENTAL ORGANIZATION" in text
    # Two badges to an A4 page: two pages for three badges.
    assert text.count("\f") == 2
    assert sorted(qr_codes(response.pdf)) == sorted(r.checkin_token for r in people)

    check_in = reverse("workshops:check_in", args=[workshop.idm_year.year, workshop.slug])
    for token in qr_codes(response.pdf):
        page = client.post(check_in, {"token": token}, follow=True).content.decode()
        assert "is checked in." in page
    assert set(
        Registration.objects.filter(pk__in=[r.pk for r in people]).values_list("status", flat=True)
    ) == {"attended"}


def test_badges_of_a_selection_only(client, secretariat, fetch_document):
    workshop = WorkshopFactory()
    ngo = OrganizationFactory(name="Caritas")
    chosen = register(workshop, "Chosen Person", ngo)
    register(workshop, "Not Chosen", ngo)
    client.force_login(secretariat)
    url = reverse("workshops:badges_pdf", args=[workshop.idm_year.year, workshop.slug])

    _pending, response = fetch_document(client, f"{url}?registration={chosen.pk}")

    text = pdf_text(response.pdf)
    assert "Chosen Person" in text
    assert "Not Chosen" not in text
    assert qr_codes(response.pdf) == [chosen.checkin_token]


@pytest.mark.parametrize("participants", [2, 20])
def test_the_badges_page_query_count(client, secretariat, django_assert_num_queries, participants):
    workshop = WorkshopFactory()
    ngo = OrganizationFactory()
    for number in range(participants):
        register(workshop, f"Person {number}", ngo)
    client.force_login(secretariat)
    with django_assert_num_queries(6):
        page = client.get(
            reverse("workshops:badges", args=[workshop.idm_year.year, workshop.slug])
        ).content.decode()
    assert f"Badges of all {participants} confirmed participants (PDF)" in page


# --- Certificates of attendance ---


@pytest.fixture
def held_workshop(db):
    return WorkshopFactory(
        title="Effective Respect for Human Rights",
        start_date=dt.date(2009, 3, 25),
        end_date=dt.date(2009, 3, 26),
        status=Workshop.Status.HELD,
    )


def test_a_certificate_for_those_checked_in_in_their_language(
    client, held_workshop, fetch_document
):
    ngo = OrganizationFactory(name="Caritas Internationalis", kind=Organization.Kind.NGO)
    attended = register(
        held_workshop, "Camille Dupont", ngo, status="attended", preferred_language="fr"
    )
    client.force_login(attended.person)
    page = client.get(reverse("workshops:my_registrations")).content.decode()
    url = reverse("workshops:registration_certificate_pdf", args=[attended.pk])
    assert url in page

    _pending, response = fetch_document(client, url)

    text = " ".join(pdf_text(response.pdf).split())
    assert "Camille Dupont" in text
    assert "Caritas Internationalis" in text
    # French: the text, the dates and the signature are in the person's language.
    assert "tenu à" in text
    assert "25–26 mars 2009." in text
    assert "Secrétariat de l’IDM, Organisation internationale pour les migrations" in text


def test_a_certificate_in_english_for_an_english_speaker(client, held_workshop, fetch_document):
    attended = register(held_workshop, "Edward Grey", OrganizationFactory(), status="attended")
    client.force_login(attended.person)
    url = reverse("workshops:registration_certificate_pdf", args=[attended.pk])

    _pending, response = fetch_document(client, url)

    text = " ".join(pdf_text(response.pdf).split())
    assert "Certificate of attendance" in text
    assert "Edward Grey" in text
    assert "held in Geneva on 25–26 March 2009." in text
    assert "IDM Secretariat, International Organization for Migration" in text


def test_no_certificate_for_the_confirmed_who_did_not_check_in(client, held_workshop):
    confirmed = register(held_workshop, "Never Came", OrganizationFactory())
    client.force_login(confirmed.person)
    page = client.get(reverse("workshops:my_registrations")).content.decode()
    url = reverse("workshops:registration_certificate_pdf", args=[confirmed.pk])
    assert url not in page
    assert client.get(url).status_code == 404
    send = reverse("workshops:registration_certificate_send", args=[confirmed.pk])
    answer = client.post(send, follow=True).content.decode()
    assert "A certificate of attendance is given to those checked in, after the workshop." in answer


def test_no_certificate_before_the_workshop_is_over(client):
    upcoming = WorkshopFactory(
        start_date=dt.date.today() + dt.timedelta(days=10),
        end_date=dt.date.today() + dt.timedelta(days=11),
    )
    attended = register(upcoming, "Early Bird", OrganizationFactory(), status="attended")
    client.force_login(attended.person)
    url = reverse("workshops:registration_certificate_pdf", args=[attended.pk])
    assert client.get(url).status_code == 404


def test_another_persons_certificate_is_not_found(client, held_workshop, delegate):
    attended = register(held_workshop, "Someone Else", OrganizationFactory(), status="attended")
    client.force_login(delegate)
    url = reverse("workshops:registration_certificate_pdf", args=[attended.pk])
    assert client.get(url).status_code == 404


def test_the_certificate_is_sent_by_email_with_the_pdf_attached(
    client, held_workshop, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    attended = register(held_workshop, "Mail Me", OrganizationFactory(), status="attended")

    mail = badges.mail_certificate(attended)

    assert mail.to == attended.email
    assert mail.subject == f"Certificate of attendance: {held_workshop.title}"
    assert "Your certificate of attendance of" in mail.body_text
    [attachment] = mail.attachments
    assert attachment["mimetype"] == "application/pdf"
    assert attachment["filename"] == f"certificate-of-attendance-{held_workshop.slug}.pdf"
    assert OutgoingMail.objects.count() == 1


def test_asking_for_the_certificate_by_email_queues_it_on_commit(
    client, held_workshop, django_capture_on_commit_callbacks
):
    attended = register(held_workshop, "Mail Me", OrganizationFactory(), status="attended")
    client.force_login(attended.person)
    send = reverse("workshops:registration_certificate_send", args=[attended.pk])
    with django_capture_on_commit_callbacks() as callbacks:
        page = client.post(send, follow=True).content.decode()
    assert f"Your certificate of attendance is on its way to {attended.email}." in page
    assert len(callbacks) == 1
