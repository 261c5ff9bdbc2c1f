"""A GET never changes anything: every URL pattern of the portal (the resolver walked, the
admin's included), its path filled from a world of real objects, is asked with GET by each
role in English and in French; a fingerprint of every table (rows and a hash of their
content) is taken before and after each request and must not change.

A new URL whose path cannot be filled from the world fails the test (add it to the world or
to ``PK_OF``), so no page escapes the walk.

Over 400 lines on purpose: the world the walk fills paths from stays beside the walk itself."""

import datetime as dt
import re

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import connection
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve
from django.urls.resolvers import RegexPattern
from django.utils import timezone, translation

from consultations.models import Ballot, ThemeSuggestion, VotingRound
from idm_portal.core.models import OutgoingMail, User
from idm_portal.core.services import outbox
from tests.factories import (
    DiscussionNoteFactory,
    InvitationFactory,
    MemberStateFactory,
    OrganizationFactory,
    SessionFactory,
    SessionSpeakerFactory,
    SuggestionFactory,
    ThemeProposalFactory,
    UserFactory,
    VotingRoundFactory,
    WorkshopFactory,
    with_mfa,
)
from workshops.models import (
    Document,
    FloorRequest,
    Registration,
    SpeakersList,
    Statement,
)
from workshops.services.agenda import publish_agenda

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "delegate", "focal_point", "secretariat", "superuser")
LANGUAGES = ("en", "fr")

# Tables left out of the fingerprint, each with the reason:
EXCLUDED_TABLES = {
    # The server side of the browser's session cookie: signing each role in needs it, and
    # a GET may keep the visit's own state there (a flash message, allauth's stash of a
    # password-reset key before it redirects). It is the visitor's, not the portal's data.
    "django_session",
}


def fingerprint():
    """{table: (row count, md5 of every row)} of every table but the excluded, in one query."""
    tables = sorted(set(connection.introspection.table_names()) - EXCLUDED_TABLES)
    quote = connection.ops.quote_name
    # The table names come from the database's own introspection, quoted: nothing to inject.
    select = "SELECT %s, count(*), md5(coalesce(string_agg(r::text, ',' ORDER BY r::text), ''))"
    sql = " UNION ALL ".join(f"{select} FROM {quote(table)} r" for table in tables)
    with connection.cursor() as cursor:
        cursor.execute(sql, tables)
        return {table: (count, digest) for table, count, digest in cursor.fetchall()}


@pytest.fixture
def world(db, delegate, focal_point, secretariat, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    # MFA set up, as the portal requires of superusers before any page opens.
    superuser = with_mfa(UserFactory(email="root@example.org", is_staff=True, is_superuser=True))
    # The pages that edit or remove a security key take an authenticator's pk: the walk gives
    # them the Secretariat member's TOTP device (they answer 404 for what is not a key; a
    # real WebAuthn credential needs a browser's key).
    security_key = Authenticator.objects.get(user=secretariat, type=Authenticator.Type.TOTP)
    workshop = WorkshopFactory(slug="published", is_published=True)
    session = SessionFactory(workshop=workshop, title="Panel I")
    part = SessionSpeakerFactory(session=session, speaker__email="speaker@example.org")
    publish_agenda(workshop, actor=secretariat, prerender_pdf=False)
    organization = OrganizationFactory(name="Mission of Somewhere")
    registration = Registration.objects.create(
        workshop=workshop,
        person=delegate,
        organization=organization,
        status=Registration.Status.CONFIRMED,
        badge_name="Dana Delegate",
        email=delegate.email,
        category=organization.kind,
    )
    # A statement of the focal point's member state, unpublished (the public gets a 404).
    statement = Statement.objects.create(
        session=session,
        member_state=focal_point.focal_points.get().member_state,
        language="en",
        file=ContentFile(b"%PDF-1.4 statement", name="statement.pdf"),
        file_type="pdf",
        size=18,
        uploaded_by=focal_point,
    )
    # A list of speakers on the session, where the focal point's member state asked for the floor.
    floor_request = FloorRequest.objects.create(
        speakers_list=SpeakersList.objects.create(session=session, opened_by=secretariat),
        organization=statement.member_state,
        requested_by=focal_point,
    )
    document = Document.objects.create(
        workshop=workshop,
        session=session,
        kind="background_paper",
        title="Background paper",
        file=ContentFile(b"%PDF-1.4 test", name="paper.pdf"),
        file_type="pdf",
        size=13,
    )
    # The delegate is invited and registered already: opening the accept link must not
    # accept anything.
    invitation = InvitationFactory(workshop=workshop, email=delegate.email)
    switzerland = focal_point.focal_points.get().member_state
    suggestion = SuggestionFactory(workshop=workshop, member_state=switzerland)
    proposals = ThemeProposalFactory.create_batch(2)
    theme_suggestion = ThemeSuggestion.objects.create(
        target_year=2010,
        member_state=switzerland,
        author=focal_point,
        title="Migration and climate",
        rationale="Why.",
    )
    # A closed round whose number of eligible member states is not fixed yet: its results
    # page must not fix it.
    closed_round = VotingRoundFactory(proposals=proposals)
    Ballot.objects.create(
        round=closed_round,
        member_state=switzerland,
        ranking=[proposals[0].pk],
        cast_by=focal_point,
        cast_at=timezone.now(),
    )
    MemberStateFactory(country="PH", name="Philippines")
    VotingRound.objects.filter(pk=closed_round.pk).update(
        opens_at=timezone.now() - dt.timedelta(days=8),
        closes_at=timezone.now() - dt.timedelta(minutes=1),
    )
    note = DiscussionNoteFactory(status="published", body="1. A paragraph.")
    mail = outbox.queue_mail(
        to="someone@example.org", template="core/email/test", context={"name": "X"}
    )
    OutgoingMail.objects.filter(pk=mail.pk).update(status=OutgoingMail.Status.FAILED)
    unconfirmed = EmailAddress.objects.create(
        user=UserFactory(email="new@example.org", verified=False),
        email="new@example.org",
        verified=False,
        primary=True,
    )
    return {
        "users": {
            "anonymous": None,
            "delegate": delegate,
            "focal_point": focal_point,
            "secretariat": secretariat,
            "superuser": superuser,
        },
        "workshop": workshop,
        "session": session,
        "part": part,
        "registration": registration,
        "document": document,
        "invitation": invitation,
        "security_key": security_key,
        "statement": statement,
        "floor_request": floor_request,
        "suggestion": suggestion,
        "proposal": proposals[0],
        "theme_suggestion": theme_suggestion,
        "round": closed_round,
        "note": note,
        "mail": mail,
        "confirmation_key": EmailConfirmationHMAC(unconfirmed).key,
        "reset": (user_pk_to_url_str(delegate), default_token_generator.make_token(delegate)),
    }


# The object behind each URL's ``pk``, by URL name.
PK_OF = {
    "workshops:registration_change": "registration",
    "workshops:registration_cancel": "registration",
    "workshops:registration_confirmation_pdf": "registration",
    "workshops:registration_visa_letter_pdf": "registration",
    "workshops:registration_passport": "registration",
    "mfa_remove_webauthn": "security_key",
    "workshops:registration_certificate_pdf": "registration",
    "workshops:registration_certificate_send": "registration",
    "workshops:delegate_change": "registration",
    "workshops:delegate_replace": "registration",
    "workshops:delegate_head": "registration",
    "workshops:delegate_withdraw": "registration",
    "workshops:statement": "statement",
    "workshops:statement_unpublish": "statement",
    "workshops:statement_delete": "statement",
    "workshops:speakers_give_floor": "floor_request",
    "workshops:speakers_move": "floor_request",
    "workshops:speakers_remove": "floor_request",
    # POST-only actions on tokens and webhooks: a GET answers 405 whatever the pk.
    "core:api_token_revoke": "mail",
    "core:webhook_deactivate": "mail",
    "core:webhook_replay": "mail",
    "consultations:close_now": "round",
    "api:workshop": "workshop",
    "api:registration": "registration",
    "api:registration_approve": "registration",
    "api:registration_decline": "registration",
    "api:registration_check_in": "registration",
    "api:note": "note",
    "api:voting_round": "round",
    "turnout_remind_workshop": "workshop",
    "turnout_remind_round": "round",
    "mfa_edit_webauthn": "security_key",
    "workshops:speaker": lambda world: world["part"].speaker,
    "workshops:document": "document",
    "workshops:editor_session_edit": "session",
    "workshops:editor_session_delete": "session",
    "workshops:editor_session_speakers": "session",
    "workshops:editor_speaker_remove": "part",
    "workshops:editor_document_delete": "document",
    "workshops:invitation_detail": "invitation",
    "workshops:invitation_resend": "invitation",
    "workshops:invitation_link_account": "invitation",
    "workshops:suggestion": "suggestion",
    "workshops:suggestion_comment": "suggestion",
    "workshops:suggestion_withdraw": "suggestion",
    "workshops:suggestion_accept": "suggestion",
    "workshops:suggestion_decline": "suggestion",
    "workshops:suggestion_add_speaker": "suggestion",
    "consultations:proposal": "proposal",
    "consultations:proposal_edit": "proposal",
    "consultations:proposal_status": "proposal",
    "consultations:suggestion_merge": "theme_suggestion",
    "consultations:suggestion_to_ballot": "theme_suggestion",
    "consultations:round": "round",
    "consultations:round_edit": "round",
    "consultations:ballot": "round",
    "consultations:record_ballot": "round",
    "consultations:results": "round",
    "consultations:results_csv": "round",
    "consultations:adopt": "round",
    "consultations:audit": "round",
    "consultations:note_edit": "note",
    "consultations:note_publish": "note",
    "consultations:note_withdraw": "note",
    "core:outbox_detail": "mail",
    "core:outbox_retry": "mail",
}


def _patterns(patterns, namespace="", routes=()):
    """(namespaced name, pattern, its routes from the root) of every URL pattern under
    ``patterns``."""
    for pattern in patterns:
        path = (*routes, pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _patterns(pattern.url_patterns, inner, path)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield name, pattern, path


# A route's <converter:name>, a regular expression's (?P<name>...), or its unnamed group
# (the admin's history of one version: the object, then the version).
PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>[^)]*\)|\((?!\?)[^)]*\)")
UNNAMED = ("object_id", "version_id")


def _filler(values):
    """re.sub's replacement: the value of a named parameter, or of the next unnamed one."""
    unnamed = iter(UNNAMED)
    return lambda match: str(values[match[1] or match[2] or next(unnamed)])


def _path(routes, values):
    """The path of a pattern: each route's text (a route, a regular expression or the
    language prefix) with its parameters filled in."""
    parts = []
    for route in routes:
        text = str(route)
        if isinstance(route, RegexPattern):
            text = text.removeprefix("^").removesuffix("$").removesuffix("\\Z")
        parts.append(PARAMETER.sub(_filler(values), text))
    return "/" + "".join(parts)


def _admin_model(name):
    """The model of an admin page, from its name (admin:<app>_<model>_<page>)."""
    for model in admin.site._registry:
        if name.startswith(f"admin:{model._meta.app_label}_{model._meta.model_name}_"):
            return model
    return None


def _value(name, parameter, pattern, world):
    """The value of one path parameter, or None when the world has none."""
    workshop = world["workshop"]
    model = _admin_model(name)
    if parameter in ("object_id", "pk") and model is not None:
        first = model._default_manager.order_by("pk").first()
        return None if first is None else str(first.pk)
    if parameter == "version_id" and model is not None:
        version = model.history.order_by("pk").first()
        return None if version is None else version.pk
    fixed = {
        "year": workshop.idm_year.year,
        "slug": world["note"].slug if name.startswith("consultations:note") else workshop.slug,
        "token": world["invitation"].token,
        "session": world["session"].pk,  # lists of speakers and the floor
        "workshop_pk": workshop.pk,  # the API's workshop endpoints
        "number": 1,  # the API's agenda release
        "member_state_pk": world["statement"].member_state_id,  # the API's delegation
        "language": "en",
        "key": world["confirmation_key"],
        "uidb36": world["reset"][0],
        "app_label": "core",
        "content_type_id": ContentType.objects.get_for_model(User).pk,
        "object_id": str(world["users"]["superuser"].pk),
        "id": world["users"]["superuser"].pk,  # the admin's password form of a user
        "url": "no-such-page/",  # the admin's catch-all
    }
    if name == "account_reset_password_from_key" and parameter == "key":
        return world["reset"][1]
    if parameter == "pk":
        source = PK_OF.get(name)
        if source is None:
            return None
        target = source(world) if callable(source) else world[source]
        return target.pk
    return fixed.get(parameter)


def urls_to_walk(world, language):
    """(name, url) of every pattern, and the patterns that could not be filled."""
    urls, unfilled = [], []
    with translation.override(language):
        for name, pattern, routes in _patterns(get_resolver().url_patterns):
            label = name or "".join(map(str, routes))
            parameters = [
                match[1] or match[2] or UNNAMED[index]
                for route in routes
                for index, match in enumerate(PARAMETER.finditer(str(route)))
            ]
            values = {p: _value(name or "", p, pattern, world) for p in parameters}
            missing = [p for p, value in values.items() if value is None]
            if missing:
                unfilled.append(f"{label} (missing {', '.join(missing)})")
                continue
            url = _path(routes, values)
            try:
                match = resolve(url)
            except Resolver404:
                unfilled.append(f"{label}: {url} does not resolve")
                continue
            if match.func != pattern.callback:
                unfilled.append(f"{label}: {url} resolves to another view")
                continue
            urls.append((label, url))
    return urls, unfilled


def test_every_url_pattern_is_filled_from_the_world(world):
    """A new URL must be walked: give its path parameters a source in the world."""
    for language in LANGUAGES:
        urls, unfilled = urls_to_walk(world, language)
        assert unfilled == []
        assert len(urls) > 150  # the portal's pages and the admin's
        names = {name for name, _url in urls}
        assert {"workshops:invitation_accept", "consultations:results", "healthz"} <= names
        prefixes = {url.split("/")[1] for _name, url in urls}
        assert language in prefixes


@pytest.mark.parametrize("role", ROLES)
def test_a_get_changes_no_row_anywhere(client, world, role):
    user = world["users"][role]
    written, errors = [], []
    for language in LANGUAGES:
        urls, _unfilled = urls_to_walk(world, language)
        for _name, url in urls:
            # Signed in for every page: a page of allauth may sign a visitor out (the
            # password-reset link of another account does), and the next page is the role's.
            if user is not None and client.session.get("_auth_user_id") != str(user.pk):
                client.force_login(user)
            before = fingerprint()
            response = client.get(url)
            after = fingerprint()
            changed = sorted(table for table in after if after[table] != before.get(table))
            if changed:
                written.append(f"GET {url} changed {', '.join(changed)}")
            if response.status_code >= 500:
                errors.append(f"GET {url} answered {response.status_code}")
    assert written == []
    assert errors == []
