"""Who may do what: the one place that answers it. Views, services and templates ask these
functions by name (templates through the ``roles`` context processor).

- Secretariat: members of the "Secretariat" group (and superusers); they manage everything.
- Focal point: a user linked to one or more member states; acts for them.
- Delegate: any signed-in user whose e-mail address is verified.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

SECRETARIAT_GROUP = "Secretariat"

# Apps whose every model permission the Secretariat group holds.
SECRETARIAT_APPS = ("core", "workshops", "consultations", "account", "sites")


def _cached(user, key, compute):
    cache = user.__dict__.setdefault("_idm_roles", {})
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def is_signed_in(user):
    return bool(user and user.is_authenticated and user.is_active)


def is_secretariat(user):
    if not is_signed_in(user):
        return False
    return _cached(
        user,
        "secretariat",
        lambda: user.is_superuser or user.groups.filter(name=SECRETARIAT_GROUP).exists(),
    )


def member_states_of(user):
    """The member states a user is a focal point of, by name."""
    if not is_signed_in(user):
        return []
    return _cached(
        user,
        "member_states",
        lambda: [
            link.member_state
            for link in user.focal_points.select_related("member_state").filter(
                member_state__kind="government", member_state__iom_status="member_state"
            )
        ],
    )


def is_focal_point(user):
    return bool(member_states_of(user))


def can_act_for(user, organization):
    return any(state.pk == organization.pk for state in member_states_of(user))


def is_delegate(user):
    """Any signed-in user with a verified e-mail address."""
    if not is_signed_in(user):
        return False
    return _cached(user, "delegate", lambda: user.emailaddress_set.filter(verified=True).exists())


def can_use_admin(user):
    return is_secretariat(user)


def can_manage_outbox(user):
    return is_secretariat(user)


def can_see_unpublished(user):
    """Drafts (unpublished workshops, agendas, notes) are the Secretariat's."""
    return is_secretariat(user)


def can_view_workshop(user, workshop):
    return workshop.is_published or can_see_unpublished(user)


def can_edit_agenda(user, workshop=None):
    """Workshops, their agendas, speakers and documents are the Secretariat's to edit."""
    return is_secretariat(user)


def can_view_document(user, document):
    """Public documents of public workshops for everyone; the rest for the Secretariat."""
    if is_secretariat(user):
        return True
    return document.is_public and document.workshop.is_published


def role_required(check):
    """View decorator: visitors go to the log-in page; a signed-in user who fails ``check``
    gets 403."""

    def decorator(view):
        @wraps(view)
        @login_required
        def guarded(request, *args, **kwargs):
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return guarded

    return decorator


class Roles:
    """What a template may ask of the viewer: ``{% if roles.is_secretariat %}``."""

    def __init__(self, user):
        self.user = user or AnonymousUser()

    @property
    def is_signed_in(self):
        return is_signed_in(self.user)

    @property
    def is_secretariat(self):
        return is_secretariat(self.user)

    @property
    def is_focal_point(self):
        return is_focal_point(self.user)

    @property
    def member_states(self):
        return member_states_of(self.user)

    @property
    def is_delegate(self):
        return is_delegate(self.user)

    @property
    def can_use_admin(self):
        return can_use_admin(self.user)

    @property
    def can_manage_outbox(self):
        return can_manage_outbox(self.user)

    @property
    def can_edit_agenda(self):
        return can_edit_agenda(self.user)

    @property
    def can_manage_api_tokens(self):
        return can_manage_api_tokens(self.user)

    @property
    def can_manage_webhooks(self):
        return can_manage_webhooks(self.user)


# --- Suggestions of case studies and speakers for a workshop ---


def can_suggest(user):
    """Focal points suggest case studies, speakers and other input for a workshop, for their
    member state (observer states have no focal points in the portal)."""
    return is_focal_point(user)


def can_review_suggestions(user):
    """The Secretariat lists, comments, accepts and declines suggestions."""
    return is_secretariat(user)


def can_open_suggestions(user):
    """Who may open a suggestion's page at all: the Secretariat and focal points (each sees
    only its member state's: see ``can_see_suggestion``)."""
    return can_review_suggestions(user) or can_suggest(user)


def can_see_suggestion(user, suggestion):
    """A suggestion, its speaker's contact details and its comments: the Secretariat and the
    focal points of the member state that made it."""
    if can_review_suggestions(user):
        return True
    return any(state.pk == suggestion.member_state_id for state in member_states_of(user))


# --- Theme consultations ---


def is_member_state(organization):
    """A government with the status of IOM member state (observers and others are not)."""
    return bool(organization is not None and organization.is_member_state)


def can_vote_for(user, member_state):
    """A focal point casts and changes the ballot of its own member state."""
    return is_member_state(member_state) and can_act_for(user, member_state)


def can_vote(user):
    """Whether the user acts for at least one member state (the ballot page)."""
    return is_focal_point(user)


def can_suggest_theme(user):
    return is_focal_point(user)


def can_run_consultations(user):
    """Theme proposals, voting rounds, ballots recorded by note verbale, adoption."""
    return is_secretariat(user)


def can_record_ballot_for(user, member_state):
    """The Secretariat records the ballot of a member state that answered by note
    verbale."""
    return is_member_state(member_state) and is_secretariat(user)


def can_see_participation(user):
    """Which member states have voted (never what they chose, before the close)."""
    return is_secretariat(user) or is_focal_point(user)


# Invitations
def can_manage_invitations(user, workshop=None):
    """Invite people to a workshop, edit the invitation's text, send, resend, follow up."""
    return is_secretariat(user)


def can_approve_visa_letters(user):
    """Review the passport details of visa support letters and approve the letters: IOM's
    word to a consulate is the Secretariat's to give."""
    return is_secretariat(user)


# --- Discussion notes ---


def can_edit_notes(user):
    """Discussion notes are the Secretariat's to write, publish and withdraw."""
    return is_secretariat(user)


def can_view_note(user, note):
    """Published notes for everyone; drafts for the Secretariat only."""
    return note.is_published or can_see_unpublished(user)


# --- API tokens ---


def can_manage_api_tokens(user):
    """Create and revoke the tokens other systems use to reach the API."""
    return is_secretariat(user)


def can_manage_webhooks(user):
    """Register the URLs of other systems told of events, read their deliveries, replay."""
    return is_secretariat(user)
