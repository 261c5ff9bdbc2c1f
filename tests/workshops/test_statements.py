"""Statements of delegations: a focal point uploads its member state's (checked by content as
every document is), the Secretariat publishes them after the workshop under the session on
the public agenda, by member state; unpublished ones answer 404 to the public and to other
delegations."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from idm_portal.core.models import Organization
from tests.factories import FocalPointFactory, MemberStateFactory, SessionFactory, WorkshopFactory
from tests.workshops.room_fixtures import docx_upload, pdf_upload, pptx_upload
from workshops import queries
from workshops.models import Statement
from workshops.services import statements as services
from workshops.services.agenda import publish_agenda

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def held(secretariat):
    """A workshop held in 2009 with a published agenda of two sessions."""
    workshop = WorkshopFactory(
        title="Effective Respect for the Human Rights of Migrants",
        slug="human-rights",
        status="held",
        start_date=dt.date(2009, 3, 25),
        end_date=dt.date(2009, 3, 26),
    )
    SessionFactory(
        workshop=workshop, title="General discussion", kind="general_discussion", order=1
    )
    SessionFactory(workshop=workshop, title="Session I: Frameworks", order=50)
    publish_agenda(workshop, actor=secretariat)
    return workshop


def session_of(workshop, title):
    return workshop.sessions.get(title=title)


def switzerland(focal_point):
    return focal_point.focal_points.get().member_state


def upload(workshop, focal_point, *, title="General discussion", file=None, language="en"):
    return services.upload_statement(
        session_of(workshop, title),
        actor=focal_point,
        member_state=switzerland(focal_point),
        uploaded_file=file or pdf_upload(),
        language=language,
        check_against_delivery=True,
    )


def test_a_focal_point_uploads_a_pdf_statement_unpublished(held, focal_point):
    statement = upload(held, focal_point)
    assert statement.member_state.name == "Switzerland"
    assert statement.file_type == "pdf"
    assert statement.check_against_delivery is True
    assert statement.published_at is None
    assert statement.uploaded_by == focal_point


def test_a_docx_statement_is_accepted_by_its_content_whatever_its_name(held, focal_point):
    statement = upload(held, focal_point, file=docx_upload("speech.pdf"))
    assert statement.file_type == "docx"
    assert statement.filename == "speech.docx"


@pytest.mark.parametrize(
    ("upload_file", "reason"),
    [
        (
            lambda: SimpleUploadedFile("statement.pdf", b"MZ\x90\x00 not a pdf", "application/pdf"),
            "none of them",
        ),
        (lambda: pptx_upload("statement.docx"), "A statement is a PDF or a Word (DOCX) file"),
    ],
)
def test_an_upload_that_is_not_a_pdf_or_docx_is_refused_by_content(
    held, focal_point, upload_file, reason
):
    with pytest.raises(ValidationError) as refused:
        upload(held, focal_point, file=upload_file())
    assert reason in " ".join(refused.value.messages)
    assert not Statement.objects.exists()


def test_a_focal_point_cannot_upload_for_another_member_state(held, focal_point):
    mexico = MemberStateFactory(country="MX", name="Mexico")
    with pytest.raises(PermissionDenied):
        services.upload_statement(
            session_of(held, "General discussion"),
            actor=focal_point,
            member_state=mexico,
            uploaded_file=pdf_upload(),
            language="es",
            check_against_delivery=False,
        )


def test_the_upload_page_refuses_an_executable_with_the_reason(client, held, focal_point):
    client.force_login(focal_point)
    url = reverse("workshops:statement_upload", args=[2009, held.slug])
    response = client.post(
        url,
        {
            "session": session_of(held, "General discussion").pk,
            "member_state": switzerland(focal_point).pk,
            "language": "en",
            "check_against_delivery": "on",
            "file": SimpleUploadedFile("statement.pdf", b"MZ\x90\x00", "application/pdf"),
        },
    )
    assert response.status_code == 200
    assert "Only PDF, Word (DOCX)" in response.content.decode()
    assert not Statement.objects.exists()


def test_the_upload_page_stores_the_statement_and_lists_it(client, held, focal_point):
    client.force_login(focal_point)
    url = reverse("workshops:statement_upload", args=[2009, held.slug])
    response = client.post(
        url,
        {
            "session": session_of(held, "General discussion").pk,
            "member_state": switzerland(focal_point).pk,
            "language": "fr",
            "check_against_delivery": "on",
            "file": pdf_upload("Déclaration Suisse.pdf"),
        },
        follow=True,
    )
    page = response.content.decode()
    assert "The statement of Switzerland in “General discussion” was uploaded." in page
    assert "declaration-suisse.pdf" in page
    assert "Not published" in page
    assert Statement.objects.get().language == "fr"


def test_unpublished_statement_answers_404_to_the_public_and_other_delegations(
    client, held, focal_point, delegate, secretariat
):
    statement = upload(held, focal_point)
    url = statement.get_absolute_url()
    mexico_focal = FocalPointFactory(
        member_state=MemberStateFactory(country="MX", name="Mexico")
    ).user
    assert client.get(url).status_code == 404
    for other in (delegate, mexico_focal):
        client.force_login(other)
        assert client.get(url).status_code == 404
    for allowed in (focal_point, secretariat):
        client.force_login(allowed)
        response = client.get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content).startswith(b"%PDF-")
        assert "no-store" in response["Cache-Control"]


def test_publishing_before_the_workshop_ends_is_refused(focal_point, secretariat):
    upcoming = WorkshopFactory(
        slug="upcoming", start_date=dt.date(2099, 5, 1), end_date=dt.date(2099, 5, 2)
    )
    SessionFactory(workshop=upcoming, title="General discussion")
    upload(upcoming, focal_point)
    with pytest.raises(ValidationError) as refused:
        services.publish_statements(Statement.objects.all(), actor=secretariat)
    assert "Statements are published after the workshop." in refused.value.messages
    assert Statement.objects.get().published_at is None


def test_only_the_secretariat_publishes(held, focal_point):
    upload(held, focal_point)
    with pytest.raises(PermissionDenied):
        services.publish_statements(Statement.objects.all(), actor=focal_point)


def test_published_statements_appear_under_their_session_by_member_state(
    client, held, focal_point, secretariat
):
    upload(held, focal_point, language="en")
    upload(held, focal_point, language="fr", title="Session I: Frameworks")
    mexico_focal = FocalPointFactory(
        member_state=MemberStateFactory(country="MX", name="Mexico")
    ).user
    services.upload_statement(
        session_of(held, "General discussion"),
        actor=mexico_focal,
        member_state=mexico_focal.focal_points.get().member_state,
        uploaded_file=pdf_upload(),
        language="es",
        check_against_delivery=False,
    )
    agenda = reverse("workshops:agenda", args=[2009, held.slug])
    assert "Switzerland" not in client.get(agenda).content.decode()

    client.force_login(secretariat)
    response = client.post(
        reverse("workshops:statements_publish", args=[2009, held.slug]), follow=True
    )
    assert "3 statements were published." in response.content.decode()

    client.logout()
    page = client.get(agenda).content.decode()
    section = page[page.index('id="statements-heading"') :]
    general = section.index("General discussion")
    frameworks = section.index("Session I: Frameworks")
    assert general < section.index("Mexico") < section.index("Switzerland") < frameworks
    assert "Spanish (PDF)" in section
    assert "English (PDF)" in section
    assert "French (PDF)" in section[frameworks:]
    statement = Statement.objects.get(language="es")
    assert client.get(statement.get_absolute_url()).status_code == 200


def test_the_secretariat_unpublishes_a_statement(client, held, focal_point, secretariat):
    statement = upload(held, focal_point)
    services.publish_statements(Statement.objects.all(), actor=secretariat)
    client.force_login(secretariat)
    client.post(reverse("workshops:statement_unpublish", args=[statement.pk]))
    client.logout()
    assert client.get(statement.get_absolute_url()).status_code == 404


def test_the_cached_public_agenda_follows_publishing_unpublishing_and_renaming(
    client, held, focal_point, secretariat
):
    """Anonymous visitors get the agenda from the cache; what shapes its statements (their
    publication, their member state's name) makes a new page at once."""
    agenda = reverse("workshops:agenda", args=[2009, held.slug])

    def statements_part():
        page = client.get(agenda).content.decode()
        return page[page.index("</h1>") :]

    statement = upload(held, focal_point)
    assert "Switzerland" not in statements_part()  # cached without statements

    services.publish_statements(Statement.objects.all(), actor=secretariat)
    assert "Switzerland" in statements_part()

    Organization.objects.filter(pk=statement.member_state_id).update(name="Swiss Confederation")
    assert "Swiss Confederation" in statements_part()

    services.unpublish_statement(statement, actor=secretariat)
    part = statements_part()
    assert "Swiss Confederation" not in part
    assert "English (PDF)" not in part


@pytest.mark.parametrize(
    "version_of",
    [
        queries.agenda_version,  # PostgreSQL: one statement
        queries.workshops._agenda_version_by_orm,  # SQLite (make run)
    ],
)
def test_the_agenda_version_changes_with_what_the_agenda_shows_of_statements(
    version_of, held, focal_point, secretariat
):
    def version():
        return version_of(AnonymousUser(), year=2009, slug=held.slug).parts

    statement = upload(held, focal_point)
    unpublished = version()
    assert version() == unpublished
    services.publish_statements(Statement.objects.all(), actor=secretariat)
    published = version()
    assert published != unpublished
    Organization.objects.filter(pk=statement.member_state_id).update(name="Swiss Confederation")
    renamed = version()
    assert renamed not in (unpublished, published)
    services.unpublish_statement(statement, actor=secretariat)
    assert version() == unpublished


def test_the_cached_public_agenda_is_one_query_with_or_without_statements(
    client, held, secretariat
):
    agenda = reverse("workshops:agenda", args=[2009, held.slug])

    def warm_queries():
        client.get(agenda)  # into the cache
        with CaptureQueriesContext(connection) as context:
            assert client.get(agenda).status_code == 200
        return len(context.captured_queries)

    assert warm_queries() == 1
    _statements(held, 60, secretariat)
    assert warm_queries() == 1


def test_a_focal_point_deletes_its_unpublished_statement(client, held, focal_point):
    statement = upload(held, focal_point)
    client.force_login(focal_point)
    response = client.post(reverse("workshops:statement_delete", args=[statement.pk]), follow=True)
    assert "The statement was deleted." in response.content.decode()
    assert not Statement.objects.exists()


def _statements(workshop, count, secretariat):
    states = [
        MemberStateFactory(country=code, name=name)
        for code, name in [("CH", "Switzerland"), ("MX", "Mexico"), ("PH", "Philippines")]
    ]
    sessions = list(workshop.sessions.all())
    for number in range(count):
        Statement.objects.create(
            session=sessions[number % len(sessions)],
            member_state=states[number % len(states)],
            language="en",
            file="workshops/statements/x.pdf",
            file_type="pdf",
            size=10,
            published_at=dt.datetime(2009, 3, 27, tzinfo=dt.UTC),
            published_by=secretariat,
        )


# The public agenda, made afresh: its version (the cache's key), then the workshop with its
# release, the statements, the release's days. The Secretariat's list and the focal point's
# page add the session, the user and the role checks (and the form's choices).
@pytest.mark.parametrize(
    ("role", "expected"), [("public", 4), ("secretariat", 6), ("focal_point", 9)]
)
def test_statement_pages_make_the_same_queries_for_2_and_60_statements(
    client, held, secretariat, focal_point, role, expected
):
    url = {
        "public": reverse("workshops:agenda", args=[2009, held.slug]),
        "secretariat": reverse("workshops:statements", args=[2009, held.slug]),
        "focal_point": reverse("workshops:statement_upload", args=[2009, held.slug]),
    }[role]
    if role != "public":
        client.force_login(secretariat if role == "secretariat" else focal_point)

    def queries_for(count):
        Statement.objects.all().delete()
        _statements(held, count, secretariat)
        cache.clear()  # both visits cold: the agenda's days are cached per release
        with CaptureQueriesContext(connection) as context:
            response = client.get(url)
        assert response.status_code == 200
        assert "Switzerland" in response.content.decode()
        return len(context.captured_queries)

    assert queries_for(2) == queries_for(60) == expected
