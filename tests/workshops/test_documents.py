"""Documents of workshops: uploads checked by content and size, safe names, downloads only
for those who may see them, the editor's htmx fragment and the public list.

Over 400 lines on purpose: 27 tests of one feature, from upload to download, sharing fixtures."""

import io
import zipfile

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.urls import reverse

from tests.factories import WorkshopFactory
from workshops.models import Document, Session
from workshops.services.documents import delete_document, safe_file_name, upload_document

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
ELF = b"\x7fELF\x02\x01\x01" + b"\x00" * 4096
WINDOWS_PE = b"MZ\x90\x00" + b"\x00" * 4096
TYPE_REFUSED = (
    "Only PDF, Word (DOCX), PowerPoint (PPTX) and Excel (XLSX) files are accepted; "
    "this file is none of them."
)
HTMX = {"HX-Request": "true"}
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def office_file(*parts):
    """A ZIP with a minimal [Content_Types].xml and the given parts, as Office writes it."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns='
            '"http://schemas.openxmlformats.org/package/2006/content-types"/>',
        )
        for part in parts:
            package.writestr(part, "<?xml version='1.0'?><root/>")
    return buffer.getvalue()


def plain_zip():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("notes.txt", "not an Office file")
    return buffer.getvalue()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DOCUMENT_MAX_UPLOAD_MB = 20
    return settings.MEDIA_ROOT


@pytest.fixture
def workshop(db):
    return WorkshopFactory(slug="human-rights", is_published=True)


def stored_files(media):
    return sorted(path.name for path in media.rglob("*") if path.is_file())


def upload_url(workshop):
    return reverse("workshops:editor_document_upload", args=[workshop.idm_year.year, workshop.slug])


def post_upload(client, workshop, content, name="paper.pdf", *, htmx=True, **fields):
    data = {
        "file": SimpleUploadedFile(name, content),
        "kind": Document.Kind.BACKGROUND_PAPER,
        "title": "Background paper",
        "language": "en",
        "is_public": "on",
        **fields,
    }
    return client.post(upload_url(workshop), data, headers=HTMX if htmx else {})


def add_document(workshop, actor, *, content=PDF, name="paper.pdf", **fields):
    """A document stored through the service, as the editor stores it."""
    values = {
        "kind": Document.Kind.BACKGROUND_PAPER,
        "title": "Background paper",
        "language": "en",
        "is_public": True,
        **fields,
    }
    return upload_document(
        workshop, actor=actor, uploaded_file=SimpleUploadedFile(name, content), **values
    )


def download(client, document):
    response = client.get(document.get_absolute_url())
    # Reading a streamed response to its end closes it, as a WSGI server would.
    content = response.getvalue() if response.status_code == 200 else b""
    return response, content


# Refused uploads ------------------------------------------------------------------------


@pytest.mark.parametrize("content", [ELF, WINDOWS_PE], ids=["elf", "windows-pe"])
def test_upload_of_an_executable_renamed_to_pdf_is_refused(
    client, media, workshop, secretariat, content
):
    client.force_login(secretariat)
    response = post_upload(client, workshop, content, name="agenda.pdf")
    page = response.content.decode()
    assert response.status_code == 200
    assert TYPE_REFUSED in page
    assert "The document was not uploaded; see below why." in page
    assert "No documents yet." in page
    assert Document.objects.count() == 0
    assert stored_files(media) == []


def test_upload_of_an_executable_without_htmx_redirects_with_the_message(
    client, media, workshop, secretariat
):
    client.force_login(secretariat)
    response = post_upload(client, workshop, ELF, name="agenda.pdf", htmx=False)
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "workshops:editor", args=[workshop.idm_year.year, workshop.slug]
    )
    assert [str(message) for message in get_messages(response.wsgi_request)] == [
        f"The document was not uploaded: {TYPE_REFUSED}"
    ]
    assert Document.objects.count() == 0
    assert stored_files(media) == []


def test_upload_over_the_size_limit_is_refused(client, media, workshop, secretariat):
    client.force_login(secretariat)
    content = b"%PDF-1.4\n" + b"0" * (21 * 1024 * 1024)
    response = post_upload(client, workshop, content, name="big.pdf")
    assert "The file is 21.0 MB; the limit is 20 MB." in response.content.decode()
    assert Document.objects.count() == 0
    assert stored_files(media) == []


def test_the_size_limit_comes_from_the_settings(settings, media, workshop, secretariat):
    settings.DOCUMENT_MAX_UPLOAD_MB = 1
    with pytest.raises(ValidationError) as refused:
        add_document(workshop, secretariat, content=PDF + b"0" * (1024 * 1024))
    assert refused.value.messages == ["The file is 1.0 MB; the limit is 1 MB."]
    assert Document.objects.count() == 0


@pytest.mark.parametrize(
    "content",
    [
        plain_zip(),
        office_file("docProps/app.xml"),  # an Office package of no type the portal takes
        office_file("word/document.xml")[:200],  # truncated: no central directory
        b"PK\x03\x04" + b"\x00" * 100,
    ],
    ids=["plain-zip", "other-office-package", "truncated-docx", "bad-zip"],
)
def test_upload_of_a_zip_that_is_not_an_office_file_is_refused(
    client, media, workshop, secretariat, content
):
    client.force_login(secretariat)
    response = post_upload(client, workshop, content, name="paper.docx")
    assert TYPE_REFUSED in response.content.decode()
    assert Document.objects.count() == 0
    assert stored_files(media) == []


@pytest.mark.parametrize("role", ["delegate", "focal_point"])
def test_upload_by_a_delegate_or_focal_point_is_forbidden(client, media, workshop, request, role):
    client.force_login(request.getfixturevalue(role))
    response = post_upload(client, workshop, PDF)
    assert response.status_code == 403
    assert "You may not open this page" in response.content.decode()
    assert Document.objects.count() == 0
    assert stored_files(media) == []


def test_upload_by_an_anonymous_visitor_goes_to_the_log_in_page(client, media, workshop):
    response = post_upload(client, workshop, PDF)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert Document.objects.count() == 0


def test_upload_service_refuses_a_delegate(media, workshop, delegate):
    with pytest.raises(PermissionDenied):
        add_document(workshop, delegate)
    assert stored_files(media) == []


def test_upload_to_a_session_of_another_workshop_is_refused(client, media, workshop, secretariat):
    other = WorkshopFactory()
    session = Session.objects.create(
        workshop=other, date=other.start_date, start_time="10:00", end_time="11:00", title="X"
    )
    client.force_login(secretariat)
    response = post_upload(client, workshop, PDF, session=session.pk)
    assert "Select a valid choice" in response.content.decode()
    with pytest.raises(ValidationError) as refused:
        add_document(workshop, secretariat, session=session)
    assert refused.value.messages == ["That session is not part of this workshop."]
    assert Document.objects.count() == 0
    assert stored_files(media) == []


# Stored uploads -------------------------------------------------------------------------


def test_valid_pdf_is_stored_and_downloadable_by_the_public(client, media, workshop, secretariat):
    client.force_login(secretariat)
    response = post_upload(client, workshop, PDF, name="Background paper.pdf")
    assert "“Background paper” was uploaded." in response.content.decode()

    document = Document.objects.get()
    assert (document.file_type, document.size, document.filename) == (
        "pdf",
        len(PDF),
        "background-paper.pdf",
    )
    assert document.uploaded_by == secretariat
    assert document.file.name.startswith(f"workshops/{workshop.pk}/")
    assert stored_files(media) == [document.file.name.rsplit("/", 1)[1]]

    client.logout()
    response, content = download(client, document)
    assert response.status_code == 200
    assert content == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="background-paper.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"


def test_docx_uploaded_as_pdf_is_accepted_as_docx(client, media, workshop, secretariat):
    content = office_file("word/document.xml")
    client.force_login(secretariat)
    post_upload(client, workshop, content, name="paper.pdf", title="Final agenda")

    document = Document.objects.get()
    assert document.file_type == "docx"
    assert document.filename == "paper.docx"
    response, downloaded = download(client, document)
    assert downloaded == content
    assert response["Content-Type"] == DOCX_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="paper.docx"'


@pytest.mark.parametrize(
    ("part", "file_type", "content_type"),
    [
        ("ppt/presentation.xml", "pptx", "presentationml.presentation"),
        ("xl/workbook.xml", "xlsx", "spreadsheetml.sheet"),
    ],
)
def test_presentations_and_workbooks_are_recognized_by_content(
    client, media, workshop, secretariat, part, file_type, content_type
):
    document = add_document(
        workshop, secretariat, content=office_file(part), name="slides.bin", title="Panel 1"
    )
    assert (document.file_type, document.filename) == (file_type, f"slides.{file_type}")
    client.force_login(secretariat)
    response, _ = download(client, document)
    assert response["Content-Type"].endswith(content_type)
    assert response["Content-Disposition"].startswith("attachment;")


@pytest.mark.parametrize(
    ("name", "title", "expected"),
    [
        ("../../etc/passwd", "Background paper", "passwd.pdf"),
        ("Réunion de travail été 2009.pdf", "Note", "reunion-de-travail-ete-2009.pdf"),
        ("C:\\Users\\Dana\\évian notes.exe", "Note", "evian-notes.pdf"),
        ("???.pdf", "Final agenda (EN)", "final-agenda-en.pdf"),
        ("..", "", "document.pdf"),
    ],
)
def test_file_names_are_made_safe(name, title, expected):
    assert safe_file_name(name, title, "pdf") == expected


def test_a_path_in_the_uploaded_name_stays_inside_the_media_root(media, workshop, secretariat):
    document = add_document(workshop, secretariat, name="../../etc/passwd")
    assert document.filename == "passwd.pdf"
    path = media / document.file.name
    assert path.is_file()
    assert path.resolve().is_relative_to(media.resolve())
    assert path.read_bytes() == PDF


def test_an_accented_name_with_spaces_is_stored_plainly(client, media, workshop, secretariat):
    client.force_login(secretariat)
    post_upload(client, workshop, PDF, name="Réunion de travail été.pdf")
    assert Document.objects.get().filename == "reunion-de-travail-ete.pdf"


# Who may download -----------------------------------------------------------------------


def test_non_public_document_is_served_only_to_the_secretariat(
    client, media, workshop, secretariat, delegate
):
    document = add_document(workshop, secretariat, is_public=False)
    response, _ = download(client, document)
    assert response.status_code == 404
    client.force_login(delegate)
    response, _ = download(client, document)
    assert response.status_code == 404
    client.force_login(secretariat)
    response, content = download(client, document)
    assert response.status_code == 200
    assert content == PDF
    assert "private" in response["Cache-Control"]


def test_public_document_of_an_unpublished_workshop_is_not_found_by_the_public(
    client, media, secretariat, delegate
):
    draft = WorkshopFactory(is_published=False)
    document = add_document(draft, secretariat, is_public=True)
    assert download(client, document)[0].status_code == 404
    client.force_login(delegate)
    assert download(client, document)[0].status_code == 404
    client.force_login(secretariat)
    assert download(client, document)[0].status_code == 200


def test_a_document_whose_file_is_gone_is_not_found(client, media, workshop, secretariat):
    document = add_document(workshop, secretariat)
    (media / document.file.name).unlink()
    assert download(client, document)[0].status_code == 404


# The editor's fragment ------------------------------------------------------------------


def test_htmx_upload_returns_the_fragment_with_the_new_document(
    client, media, workshop, secretariat
):
    client.force_login(secretariat)
    response = post_upload(
        client, workshop, PDF, title="List of participants", kind="list_of_participants"
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert page.lstrip().startswith('<section id="editor-documents"')
    assert "<html" not in page
    assert "“List of participants” was uploaded." in page
    assert "List of participants</a>" in page
    assert f"PDF, {len(PDF)}\xa0bytes" in page
    assert ">Public</span>" in page
    assert reverse("workshops:editor_document_upload", args=[2009, workshop.slug]) in page


def test_editor_fragment_included_with_the_workshop_and_its_documents(media, workshop, secretariat):
    add_document(workshop, secretariat, title="Final agenda", is_public=False)
    html = render_to_string(
        "workshops/partials/editor_documents.html",
        {"workshop": workshop, "documents": workshop.documents.all()},
    )
    assert 'id="editor-documents"' in html
    assert "Final agenda</a>" in html
    assert ">Secretariat only</span>" in html
    assert 'hx-confirm="Delete the document “Final agenda”? Its file is deleted too."' in html
    assert 'hx-encoding="multipart/form-data"' in html
    assert 'name="file"' in html
    assert "at most 20 MB" in html


def test_htmx_delete_removes_the_row_and_the_file(
    client, media, workshop, secretariat, django_capture_on_commit_callbacks
):
    document = add_document(workshop, secretariat, title="Old paper")
    client.force_login(secretariat)
    url = reverse("workshops:editor_document_delete", args=[2009, workshop.slug, document.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, headers=HTMX)
    page = response.content.decode()
    assert "“Old paper” was deleted." in page
    assert "No documents yet." in page
    assert Document.objects.count() == 0
    assert stored_files(media) == []


def test_delete_by_a_delegate_is_forbidden(client, media, workshop, secretariat, delegate):
    document = add_document(workshop, secretariat)
    client.force_login(delegate)
    url = reverse("workshops:editor_document_delete", args=[2009, workshop.slug, document.pk])
    response = client.post(url)
    assert response.status_code == 403
    assert Document.objects.count() == 1
    assert len(stored_files(media)) == 1
    with pytest.raises(PermissionDenied):
        delete_document(document, actor=delegate)


def test_delete_of_a_document_of_another_workshop_is_not_found(
    client, media, workshop, secretariat
):
    document = add_document(WorkshopFactory(), secretariat)
    client.force_login(secretariat)
    url = reverse("workshops:editor_document_delete", args=[2009, workshop.slug, document.pk])
    assert client.post(url).status_code == 404
    assert Document.objects.count() == 1


# The public list ------------------------------------------------------------------------


def test_public_list_shows_kind_title_language_type_and_size(media, workshop, secretariat):
    add_document(
        workshop,
        secretariat,
        content=PDF + b" " * (2048 - len(PDF)),
        title="Compte rendu",
        kind=Document.Kind.REPORT,
        language="fr",
    )
    html = render_to_string(
        "workshops/partials/document_list.html", {"documents": workshop.documents.all()}
    )
    assert "Report" in html
    assert "Compte rendu</a>" in html
    assert "French · PDF, 2.0\xa0KB" in html
    assert "Download" in html


def test_public_list_says_when_there_is_nothing(db):
    html = render_to_string("workshops/partials/document_list.html", {"documents": []})
    assert "No documents yet." in html


def test_upload_without_a_title_says_which_field_is_missing(client, media, workshop, secretariat):
    client.force_login(secretariat)
    response = post_upload(client, workshop, PDF, htmx=False, title="")
    assert [str(message) for message in get_messages(response.wsgi_request)] == [
        "The document was not uploaded: Title: This field is required."
    ]
    assert Document.objects.count() == 0
    assert stored_files(media) == []


def test_htmx_upload_to_a_session_of_the_workshop(client, media, workshop, secretariat):
    session = Session.objects.create(
        workshop=workshop,
        date=workshop.start_date,
        start_time="09:30",
        end_time="10:00",
        title="Opening",
    )
    client.force_login(secretariat)
    response = post_upload(
        client, workshop, PDF, title="Opening remarks", kind="presentation", session=session.pk
    )
    assert Document.objects.get().session == session
    assert "session “Opening”" in response.content.decode()
