"""Exports of a workshop's registrations and invitations: CSV streamed row by row (with the
BOM Excel wants), a long XLSX made by the real worker (the "being made" page meanwhile), and
the same queries whatever the number of rows."""

import csv
import io
import shutil
import uuid
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from idm_portal.core.models import Organization, StoredDocument, User
from tests.conftest import wait_for
from tests.factories import InvitationFactory, WorkshopFactory
from tests.workshops.conftest import PENDING
from workshops.models import Registration
from workshops.services.registration_exports import ROWS_IN_REQUEST, XLSX_TYPE

MEDIA = Path(settings.MEDIA_ROOT)


def url(name, workshop):
    return reverse(f"workshops:{name}", args=[workshop.idm_year.year, workshop.slug])


def registrations(workshop, count):
    """``count`` confirmed registrations of as many people (bulk: thousands in a second)."""
    organization, _made = Organization.objects.get_or_create(
        name="Migrants' Rights Network", defaults={"kind": Organization.Kind.NGO}
    )
    tag = uuid.uuid4().hex[:8]
    people = User.objects.bulk_create(
        User(email=f"person-{tag}-{number}@example.org", name=f"Person {number:05d}")
        for number in range(count)
    )
    Registration.objects.bulk_create(
        Registration(
            workshop=workshop,
            person=person,
            organization=organization,
            category=Organization.Kind.NGO,
            badge_name=person.name,
            email=person.email,
            status=Registration.Status.CONFIRMED,
        )
        for person in people
    )


def streamed(response):
    assert response.streaming
    return b"".join(response.streaming_content)


@pytest.mark.django_db
def test_registrations_csv_streams_every_row_with_the_bom(client, secretariat):
    workshop = WorkshopFactory()
    registrations(workshop, 1200)
    client.force_login(secretariat)
    response = client.get(url("registrations_csv", workshop))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="registrations-{workshop.idm_year.year}-{workshop.slug}.csv"'
    )
    content = streamed(response)
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0][0] == "Name on the badge"
    assert len(rows) == 1 + 1200
    assert rows[1][:5] == [
        "Person 00000",
        "",
        "",
        rows[1][3],
        "Migrants' Rights Network",
    ]
    assert {row[7] for row in rows[1:]} == {"Confirmed"}


@pytest.mark.django_db
def test_invitations_csv_streams_every_row(client, secretariat):
    workshop = WorkshopFactory()
    for number in range(30):
        InvitationFactory(workshop=workshop, email=f"invitee{number}@example.org")
    client.force_login(secretariat)
    lines = streamed(client.get(url("invitations_csv", workshop))).decode("utf-8-sig")
    assert len(lines.splitlines()) == 1 + 30
    assert "invitee29@example.org" in lines


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["registrations_csv", "invitations_csv"])
def test_csv_exports_make_the_same_queries_for_10_and_1000_rows(client, secretariat, name):
    client.force_login(secretariat)

    def queries_for(count):
        workshop = WorkshopFactory()
        if name == "registrations_csv":
            registrations(workshop, count)
        else:
            InvitationFactory.create_batch(count, workshop=workshop)
        with CaptureQueriesContext(connection) as context:
            content = streamed(client.get(url(name, workshop)))
        assert len(content.decode("utf-8-sig").splitlines()) == 1 + count
        return len(context.captured_queries)

    # session, user, the Secretariat's group, the workshop, then the rows in one query
    assert queries_for(10) == queries_for(1000) == 5


@pytest.mark.django_db
def test_long_xlsx_answers_the_being_made_page_with_the_same_queries_for_400_and_4000(
    client, secretariat, django_capture_on_commit_callbacks
):
    client.force_login(secretariat)

    def queries_for(count):
        workshop = WorkshopFactory()
        registrations(workshop, count)
        with (
            django_capture_on_commit_callbacks() as queued,
            CaptureQueriesContext(connection) as context,
        ):
            response = client.get(url("registrations_xlsx", workshop))
        assert response.status_code == 202
        assert PENDING in response.content.decode()
        assert len(queued) == 1  # one task for the worker; nothing rendered here
        return len(context.captured_queries)

    # session, user, group, workshop, the rows' count and latest change and the page's
    # header (the rendering's claim is in the cache: no query)
    assert queries_for(ROWS_IN_REQUEST + 100) == queries_for(4000) == 6


@pytest.mark.django_db
def test_short_xlsx_is_made_in_the_request(client, secretariat):
    workshop = WorkshopFactory()
    registrations(workshop, 12)
    client.force_login(secretariat)
    response = client.get(url("registrations_xlsx", workshop))
    assert response.status_code == 200
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.values)
    assert len(rows) == 1 + 12


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_the_worker_makes_the_long_xlsx_and_the_next_request_downloads_it(
    celery_worker, client, secretariat
):
    workshop = WorkshopFactory()
    registrations(workshop, ROWS_IN_REQUEST + 200)
    folder = MEDIA / "exports" / str(workshop.pk)
    shutil.rmtree(folder, ignore_errors=True)  # a previous run's workshop had the same id
    client.force_login(secretariat)
    address = url("registrations_xlsx", workshop) + "?status=confirmed"
    try:
        pending = client.get(address)
        assert pending.status_code == 202
        assert PENDING in pending.content.decode()

        def made():
            answer = client.get(address, headers={"HX-Request": "true"})
            return answer if answer.status_code == 200 else None

        answer = wait_for(made, timeout=120, interval=0.5, message="the worker's spreadsheet")
        assert answer["HX-Redirect"] == address
        response = client.get(address)
        assert response.status_code == 200
        assert response["Content-Type"] == XLSX_TYPE
        sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
        rows = list(sheet.values)
        assert rows[0][0] == "Name on the badge"
        assert len(rows) == 1 + ROWS_IN_REQUEST + 200
        assert sorted(row[0] for row in rows[1:])[-1] == f"Person {ROWS_IN_REQUEST + 199:05d}"
        assert StoredDocument.objects.get(kind="registrations_xlsx").made_at is not None
    finally:
        shutil.rmtree(folder, ignore_errors=True)
