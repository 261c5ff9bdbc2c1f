"""Who sees and changes discussion notes: the Secretariat writes them and sees drafts;
published notes (page and PDF) are public."""

import pytest
from django.urls import reverse

from consultations.models import DiscussionNote
from tests.factories import DiscussionNoteFactory
from tests.roles import (
    ANSWERED,
    DONE,
    FORBIDDEN,
    LOGIN,
    NOT_FOUND,
    OK,
    ROLES,
    check_role,
    client_for,
)


@pytest.fixture
def world(db, delegate, focal_point, secretariat, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    published = DiscussionNoteFactory(symbol="IC/2009/5", slug="ic-2009-5")
    draft = DiscussionNoteFactory(symbol="IC/2009/6", slug="ic-2009-6", status="draft")
    return {
        "users": {
            "anonymous": None,
            "delegate": delegate,
            "focal_point": focal_point,
            "secretariat": secretariat,
        },
        "published": published,
        "draft": draft,
    }


def url_of(name, world):
    published, draft = world["published"], world["draft"]
    return {
        "notes": reverse("consultations:notes"),
        "published note": published.get_absolute_url(),
        "published note PDF": reverse("consultations:note_pdf", args=[published.slug, "en"]),
        "draft note": draft.get_absolute_url(),
        "draft note PDF": reverse("consultations:note_pdf", args=[draft.slug, "en"]),
        "new note form": reverse("consultations:note_new"),
        "note editor": reverse("consultations:note_edit", args=[published.pk]),
        "draft note editor": reverse("consultations:note_edit", args=[draft.pk]),
        "admin notes": reverse("admin:consultations_discussionnote_changelist"),
    }[name]


# The PDF is not made yet in these tests: whoever may read the note gets the page that says
# it is being made (202); test_note_pdf.py checks the file served once it is made.
PENDING = "pending"

# page: (anonymous, delegate, focal point, secretariat).
GET_TABLE = {
    "notes": (OK, OK, OK, OK),
    "published note": (OK, OK, OK, OK),
    "published note PDF": (PENDING, PENDING, PENDING, PENDING),
    # A draft is not shown to be there at all: 404 rather than 403.
    "draft note": (NOT_FOUND, NOT_FOUND, NOT_FOUND, OK),
    "draft note PDF": (NOT_FOUND, NOT_FOUND, NOT_FOUND, PENDING),
    "new note form": (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "note editor": (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "draft note editor": (LOGIN, FORBIDDEN, FORBIDDEN, OK),
    "admin notes": ("admin login", "admin login", "admin login", OK),
}

# The Secretariat's empty POST: the editor answers with the form and its errors (400), the
# preview with an empty preview (200), publish and withdraw redirect.
REFUSED_FORM = "form refused"
POST_TABLE = {
    "create a note": (LOGIN, FORBIDDEN, FORBIDDEN, REFUSED_FORM),
    "save a note": (LOGIN, FORBIDDEN, FORBIDDEN, REFUSED_FORM),
    "preview a body": (LOGIN, FORBIDDEN, FORBIDDEN, ANSWERED),
    "publish a note": (LOGIN, FORBIDDEN, FORBIDDEN, DONE),
    "withdraw a note": (LOGIN, FORBIDDEN, FORBIDDEN, DONE),
}


def post_url_of(name, world):
    return {
        "create a note": reverse("consultations:note_new"),
        "save a note": reverse("consultations:note_edit", args=[world["published"].pk]),
        "preview a body": reverse("consultations:note_preview"),
        "publish a note": reverse("consultations:note_publish", args=[world["draft"].pk]),
        "withdraw a note": reverse("consultations:note_withdraw", args=[world["published"].pk]),
    }[name]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", GET_TABLE)
def test_each_role_sees_only_its_note_pages(client, world, page, role):
    pending = (202, "The PDF of the discussion note is being made")
    check_role(client, world, role, GET_TABLE, page, url_of(page, world), also={PENDING: pending})


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", POST_TABLE)
def test_each_role_may_change_notes_only_as_it_may(client, world, action, role):
    url = post_url_of(action, world)
    refused = (400, "This field is required.")
    check_role(
        client, world, role, POST_TABLE, action, url, method="post", also={REFUSED_FORM: refused}
    )


def note_rows():
    return list(DiscussionNote.objects.order_by("pk").values())


@pytest.mark.parametrize("role", ["anonymous", "delegate", "focal_point"])
@pytest.mark.parametrize("action", POST_TABLE)
def test_note_actions_change_nothing_for_others_than_the_secretariat(client, world, action, role):
    before = note_rows()
    client_for(client, world, role).post(
        post_url_of(action, world),
        {"symbol": "IC/2009/99", "language": "en", "body": "Changed.", "title": "Changed"},
    )
    assert note_rows() == before


def test_the_published_note_page_shows_the_note_and_the_draft_is_marked(client, world):
    page = client.get(world["published"].get_absolute_url()).content.decode()
    assert "IC/2009/5" in page
    assert "Draft: not public" not in page
    client.force_login(world["users"]["secretariat"])
    page = client.get(world["draft"].get_absolute_url()).content.decode()
    assert "IC/2009/6" in page
    assert "Draft: not public" in page


def test_the_list_shows_drafts_to_the_secretariat_only(client, world):
    page = client.get(reverse("consultations:notes")).content.decode()
    assert "IC/2009/5" in page
    assert "IC/2009/6" not in page
    assert "New discussion note" not in page
    client.force_login(world["users"]["secretariat"])
    page = client.get(reverse("consultations:notes")).content.decode()
    assert "IC/2009/6" in page
    assert "New discussion note" in page
