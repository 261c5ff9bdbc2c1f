"""Bad input never answers 500: malformed values (NUL bytes, over-long strings, non-numbers
where numbers go, unknown choices, bidirectional controls) sent to every URL of the portal,
as query parameters and as form fields, signed in as the Secretariat and as a delegate, on
the demo's IDM 2009 world. The cases of the security review are checked one by one too."""

import io
from html.parser import HTMLParser

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from consultations.models import DiscussionNote, ThemeProposal, ThemeSuggestion, VotingRound
from idm_portal.core.models import Organization, OutgoingMail, User
from tests.factories import SuggestionFactory, ThemeProposalFactory, VotingRoundFactory
from workshops.models import (
    Document,
    FloorRequest,
    Invitation,
    Registration,
    Session,
    SessionSpeaker,
    Speaker,
    Statement,
    Suggestion,
    Workshop,
)

pytestmark = pytest.mark.django_db

MALFORMED = {
    "NUL byte": "12\x00<b>",
    "over-long": "x" * 5000,
    "not a number": "abc",
    "huge number": "9" * 30,
    "superscript digit": "²",
    "unknown choice": "no-such-choice",
    "bad date": "2009-13-45",
    "bidi control": "\u202eexe.pdf",
}
# Parameters that some view reads from the query string; with the names of every form field
# of the page itself, each gets every malformed value.
QUERY_NAMES = (
    "q", "page", "status", "sort", "session", "kind", "language", "category", "invitation",
    "cancel", "done", "editing", "date", "o", "p", "e", "all", "year", "workshop", "next",
)  # fmt: skip


class FieldNames(HTMLParser):
    """The names of the input, select and textarea elements of a page."""

    def __init__(self):
        super().__init__()
        self.names = set()

    def handle_starttag(self, tag, attrs):
        name = dict(attrs).get("name")
        if tag in ("input", "select", "textarea", "button") and name:
            self.names.add(name)


def field_names(html):
    parser = FieldNames()
    parser.feed(html)
    return parser.names - {"csrfmiddlewaretoken"}


@pytest.fixture
def world(settings, tmp_path):
    return demo_world(settings, tmp_path)


def demo_world(settings, tmp_path):
    """The demo's IDM 2009 world (load_demo), with at least one of each object a URL needs;
    the workshop with an agenda and the two demo accounts."""
    settings.MEDIA_ROOT = tmp_path
    settings.DEMO_PASSWORD = "demo-password-for-tests"
    call_command("load_demo", "--force", stdout=io.StringIO())
    workshop = Workshop.objects.filter(sessions__isnull=False).order_by("pk").first()
    secretariat = User.objects.get(email="secretariat@idm.example")
    delegate = User.objects.get(email="delegate@idm.example")
    if not Suggestion.objects.exists():
        SuggestionFactory(workshop=workshop)
    if not ThemeProposal.objects.exists():
        ThemeProposalFactory()
    if not VotingRound.objects.exists():
        VotingRoundFactory()
    return {"workshop": workshop, "secretariat": secretariat, "delegate": delegate}


def first_pk(queryset):
    instance = queryset.order_by("pk").first()
    return instance.pk if instance is not None else 999_999


def url_arguments(name, world):
    """The arguments to reverse ``name`` with, from the demo data; None for a URL this
    table does not know (the test then fails: add it)."""
    workshop = world["workshop"]
    on_workshop = [workshop.idm_year.year, workshop.slug]
    registration = first_pk(Registration.objects.filter(person=world["delegate"]))
    invitation = Invitation.objects.order_by("pk").first()
    token = invitation.token if invitation else "no-such-token"
    note = DiscussionNote.objects.order_by("pk").first()
    pk_of = {
        "workshops:registration_change": registration,
        "workshops:registration_cancel": registration,
        "workshops:registration_confirmation_pdf": registration,
        "workshops:registration_visa_letter_pdf": registration,
        "workshops:registration_passport": registration,  # on main since the privacy work
        "workshops:speaker": first_pk(Speaker.objects),
        "workshops:document": first_pk(Document.objects),
        "workshops:suggestion": first_pk(Suggestion.objects),
        "workshops:suggestion_comment": first_pk(Suggestion.objects),
        "workshops:suggestion_withdraw": first_pk(Suggestion.objects),
        "workshops:suggestion_accept": first_pk(Suggestion.objects),
        "workshops:suggestion_decline": first_pk(Suggestion.objects),
        "workshops:suggestion_add_speaker": first_pk(Suggestion.objects),
        "consultations:proposal": first_pk(ThemeProposal.objects),
        "consultations:proposal_edit": first_pk(ThemeProposal.objects),
        "consultations:proposal_status": first_pk(ThemeProposal.objects),
        "consultations:suggestion_merge": first_pk(ThemeSuggestion.objects),
        "consultations:suggestion_to_ballot": first_pk(ThemeSuggestion.objects),
        "consultations:note_edit": first_pk(DiscussionNote.objects),
        "consultations:note_publish": first_pk(DiscussionNote.objects),
        "consultations:note_withdraw": first_pk(DiscussionNote.objects),
        "core:outbox_detail": first_pk(OutgoingMail.objects),
        "core:outbox_retry": first_pk(OutgoingMail.objects),
        "workshops:registration_certificate_pdf": registration,
        "workshops:registration_certificate_send": registration,
        "workshops:statement": first_pk(Statement.objects),
        "workshops:statement_unpublish": first_pk(Statement.objects),
        "workshops:statement_delete": first_pk(Statement.objects),
        "turnout_remind_workshop": workshop.pk,
        "turnout_remind_round": first_pk(VotingRound.objects),
    }
    delegate = first_pk(Registration.objects.exclude(registered_by=None))
    for delegate_view in ("change", "replace", "head", "withdraw"):
        pk_of[f"workshops:delegate_{delegate_view}"] = delegate
    if name == "api:release":
        return [workshop.pk, 1]
    if name == "api:delegation":
        return [workshop.pk, first_pk(Organization.objects.filter(kind="government"))]
    if name == "workshops:calendar_feed":
        return ["no-such-token"]
    if name.startswith(("workshops:speakers_", "workshops:floor")) and name != (
        "workshops:speakers_lists"
    ):
        # The demo's list of speakers (a general discussion of workshop 2) and a request for
        # the floor on it.
        listed = Session.objects.filter(speakers_list__isnull=False).select_related(
            "workshop__idm_year"
        )
        session = listed.first() or Session.objects.select_related("workshop__idm_year").first()
        on_session = [session.workshop.idm_year.year, session.workshop.slug, session.pk]
        if name in (
            "workshops:speakers_give_floor",
            "workshops:speakers_move",
            "workshops:speakers_remove",
        ):
            return [*on_session, first_pk(FloorRequest.objects)]
        return on_session
    for round_view in ("round", "round_edit", "ballot", "record_ballot", "results"):
        pk_of[f"consultations:{round_view}"] = first_pk(VotingRound.objects)
    for round_view in ("results_csv", "adopt", "audit", "close_now"):
        pk_of[f"consultations:{round_view}"] = first_pk(VotingRound.objects)
    on_workshop_pk = {
        "workshops:editor_session_edit": first_pk(Session.objects.filter(workshop=workshop)),
        "workshops:editor_session_delete": first_pk(Session.objects.filter(workshop=workshop)),
        "workshops:editor_session_speakers": first_pk(Session.objects.filter(workshop=workshop)),
        "workshops:editor_speaker_remove": first_pk(
            SessionSpeaker.objects.filter(session__workshop=workshop)
        ),
        "workshops:editor_document_delete": first_pk(Document.objects.filter(workshop=workshop)),
        "workshops:invitation_detail": first_pk(Invitation.objects.filter(workshop=workshop)),
        "workshops:invitation_resend": first_pk(Invitation.objects.filter(workshop=workshop)),
        "workshops:invitation_link_account": first_pk(Invitation.objects.filter(workshop=workshop)),
    }
    if name in pk_of:
        return [pk_of[name]]
    if name in on_workshop_pk:
        return [*on_workshop, on_workshop_pk[name]]
    if name == "workshops:invitation_message":
        return [*on_workshop, "en"]
    if name in (
        "workshops:invitation_answer",
        "workshops:invitation_accept",
        "workshops:invitation_decline",
    ):
        return [*on_workshop, token]
    if name in ("consultations:note", "consultations:note_pdf"):
        return [note.slug if note else "no-such-note", "en"]
    session = first_pk(Session.objects.filter(workshop=workshop))
    for arguments in (
        [],
        on_workshop,
        [workshop.idm_year.year],
        [*on_workshop, session],  # the day in the room: a session's list of speakers
        [*on_workshop, session, 999_999],  # ... and a request on it
    ):
        try:
            reverse(name, args=arguments)
        except NoReverseMatch:
            continue
        return arguments
    return None


def portal_urls(world):
    """Every URL of the portal's own patterns (admin changelists apart), reversed."""
    urls, unknown = [], []

    def walk(resolver, namespace):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace or namespace
                if inner != "admin":
                    walk(pattern, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                if name in ("account_confirm_email", "account_reset_password_from_key"):
                    continue  # allauth's key links: a malformed key is their own 404
                arguments = url_arguments(name, world)
                if arguments is None:
                    unknown.append(name)
                else:
                    urls.append(reverse(name, args=arguments))

    walk(get_resolver(), None)
    assert not unknown, f"add these URLs to url_arguments(): {unknown}"
    return urls


def admin_urls():
    from django.contrib import admin

    urls = []
    for model in admin.site._registry:
        info = (model._meta.app_label, model._meta.model_name)
        urls.append(reverse("admin:{}_{}_changelist".format(*info)))
        instance = model._default_manager.order_by("pk").first()
        if instance is not None:
            urls.append(reverse("admin:{}_{}_change".format(*info), args=[instance.pk]))
    return urls


def ask(client, method, url, data, failures, label):
    response = getattr(client, method)(url, data)
    # 500 only: /healthz answers 503 on purpose when no worker runs.
    if response.status_code == 500:
        failures.append(f"{label}: {method.upper()} {url} -> 500")
    return response


@pytest.mark.parametrize("role", ["secretariat", "delegate"])
def test_no_malformed_value_in_any_form_or_filter_answers_500(world, role):
    client = Client(raise_request_exception=False)
    client.force_login(world[role])
    EmailAddress.objects.filter(user=world[role]).update(verified=True)
    urls = portal_urls(world) + (admin_urls() if role == "secretariat" else [])
    assert len(urls) > 90
    failures = []
    every_field = set(QUERY_NAMES)
    for url in urls:
        response = ask(client, "get", url, {}, failures, role)
        names = set(QUERY_NAMES)
        if response.status_code == 200 and "html" in response.get("Content-Type", ""):
            names |= field_names(response.content.decode())
        every_field |= names
        for label, value in MALFORMED.items():
            ask(client, "get", url, dict.fromkeys(names, value), failures, f"{role} {label}")
    # Forms post elsewhere than the page that shows them: every URL gets every field name
    # seen on any page.
    for url in urls:
        for label, value in MALFORMED.items():
            ask(client, "post", url, dict.fromkeys(every_field, value), failures, f"{role} {label}")
    assert not failures, "\n".join(failures)


def test_a_password_reset_for_a_310_character_address_is_a_form_error(client):
    address = "a" * 298 + "@example.org"
    assert len(address) == 310
    response = client.post(reverse("account_reset_password"), {"email": address})
    assert response.status_code == 200
    assert "Enter an e-mail address of at most 254 characters." in response.content.decode()
    assert not OutgoingMail.objects.exists()


def test_a_nul_byte_in_the_check_in_search_is_a_bad_request(client, secretariat, world):
    client.force_login(secretariat)
    workshop = world["workshop"]
    url = reverse("workshops:check_in", args=[workshop.idm_year.year, workshop.slug])
    response = client.get(url + "?q=%00")
    assert response.status_code == 400
    assert "Bad request" in response.content.decode()


def test_a_nul_byte_in_an_admin_filter_is_a_bad_request(client, secretariat):
    client.force_login(secretariat)
    response = client.get(reverse("admin:workshops_registration_changelist") + "?status=%00")
    assert response.status_code == 400


def test_a_nul_byte_in_a_form_field_is_a_bad_request(client, delegate):
    client.force_login(delegate)
    response = client.post(reverse("core:profile"), {"name": "Dana\x00Delegate"})
    assert response.status_code == 400
    delegate.refresh_from_db()
    assert delegate.name == "Dana Delegate"


def test_a_speaker_search_for_a_session_that_is_not_a_number_is_a_bad_request(
    client, secretariat, world
):
    client.force_login(secretariat)
    workshop = world["workshop"]
    url = reverse("workshops:editor_speaker_search", args=[workshop.idm_year.year, workshop.slug])
    response = client.get(url, {"session": "abc", "q": "Lopez"})
    assert response.status_code == 400
