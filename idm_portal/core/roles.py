"""Who may do what: the one place that answers it. Views, services and templates ask these
functions by name (templates through the ``roles`` context processor).

- Secretariat: members of one of the Secretariat's role groups (and superusers). Each role
  group answers one topic: "Agenda editors" (workshops, agendas, documents, suggestions),
  "Registration officers" (registrations, check-in, organizations), "Invitations",
  "Consultations and notes" (theme consultations, voting rounds, discussion notes) and
  "User administrators" (who grant and revoke these roles). The group "Secretariat" is
  every role at once: kept for accounts appointed before the roles were split, and for the
  demo. Roles are granted on the portal's roles page (services/accounts.py), never in the
  admin.
- Focal point: a user linked to one or more member states; acts for them.
- Delegate: any signed-in user whose e-mail address is verified.

Over the 400-line budget on purpose: it is the one place that answers who may do what, so a
reviewer reads every rule in one file; its sections follow the topics of the apps.
"""

from functools import wraps
from typing import TYPE_CHECKING, TypeAlias

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

if TYPE_CHECKING:
    from idm_portal.core.models import User

# Whom the predicates below are asked about: an account, or the anonymous visitor.
Person: TypeAlias = "User | AnonymousUser"

SECRETARIAT_GROUP = "Secretariat"  # every role below at once
AGENDA_EDITORS = "Agenda editors"
REGISTRATION_OFFICERS = "Registration officers"
INVITATION_OFFICERS = "Invitations"
CONSULTATION_OFFICERS = "Consultations and notes"
USER_ADMINISTRATORS = "User administrators"
# The roles an administrator grants, in the order the roles page shows them.
SECRETARIAT_ROLES = (
    AGENDA_EDITORS,
    REGISTRATION_OFFICERS,
    INVITATION_OFFICERS,
    CONSULTATION_OFFICERS,
    USER_ADMINISTRATORS,
    SECRETARIAT_GROUP,
)

# Apps whose every model permission the Secretariat group holds.
SECRETARIAT_APPS = ("core", "workshops", "consultations", "account", "sites")


def _cached(user, key, compute):
    cache = user.__dict__.setdefault("_idm_roles", {})
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def is_signed_in(user):
    return bool(user and user.is_authenticated and user.is_active)


def _group_names(user):
    """The names of the user's groups (one query per request, then cached on the user)."""
    return _cached(user, "groups", lambda: set(user.groups.values_list("name", flat=True)))


def is_secretariat(user):
    """A member of any Secretariat role (or a superuser)."""
    if not is_signed_in(user):
        return False
    return user.is_superuser or bool(_group_names(user) & set(SECRETARIAT_ROLES))


def has_role(user, role):
    """Whether the user holds ``role`` (one of SECRETARIAT_ROLES): by its group, by the
    all-roles "Secretariat" group, or as a superuser."""
    if not is_signed_in(user):
        return False
    return user.is_superuser or bool(_group_names(user) & {role, SECRETARIAT_GROUP})


def roles_of(user):
    """The Secretariat roles a user holds by group membership, in SECRETARIAT_ROLES order."""
    names = _group_names(user) if is_signed_in(user) else set()
    return [role for role in SECRETARIAT_ROLES if role in names]


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
    """Workshops, their agendas, speakers and documents: the agenda editors'."""
    return has_role(user, AGENDA_EDITORS)


def can_manage_registrations(user, workshop=None):
    """Registrations, check-in, lists of participants, proposed organizations: the
    registration officers'."""
    return has_role(user, REGISTRATION_OFFICERS)


def can_manage_users(user):
    """Grant and revoke Secretariat roles, appoint focal points: the user administrators'."""
    return has_role(user, USER_ADMINISTRATORS)


def can_see_roles(user):
    """Who holds which role (the roles page and its CSV): every Secretariat member."""
    return is_secretariat(user)


def can_manage_workshop(user, workshop=None):
    """Create workshops, edit them, publish them, change their status, capacity, quotas and
    registration window (the Secretariat's pages of a workshop's life): the agenda editors,
    who set a workshop up with its programme."""
    return has_role(user, AGENDA_EDITORS)


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
    def can_manage_workshop(self):
        return can_manage_workshop(self.user)

    @property
    def can_manage_registrations(self):
        return can_manage_registrations(self.user)

    @property
    def can_manage_invitations(self):
        return can_manage_invitations(self.user)

    @property
    def can_run_consultations(self):
        return can_run_consultations(self.user)

    @property
    def can_manage_users(self):
        return can_manage_users(self.user)

    @property
    def can_see_roles(self):
        return can_see_roles(self.user)

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
    """The agenda editors list, comment, accept and decline suggestions."""
    return has_role(user, AGENDA_EDITORS)


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
    return has_role(user, CONSULTATION_OFFICERS)


def can_record_ballot_for(user, member_state):
    """The Secretariat records the ballot of a member state that answered by note
    verbale."""
    return is_member_state(member_state) and can_run_consultations(user)


def can_see_participation(user):
    """Which member states have voted (never what they chose, before the close)."""
    return is_secretariat(user) or is_focal_point(user)


# Invitations
def can_manage_invitations(user, workshop=None):
    """Invite people to a workshop, edit the invitation's text, send, resend, follow up."""
    return has_role(user, INVITATION_OFFICERS)


def can_approve_visa_letters(user):
    """Review the passport details of visa support letters and approve the letters: IOM's
    word to a consulate, given by the registration officers."""
    return can_manage_registrations(user)


def can_accept_invitation(user, invitation):
    """Accept an invitation: the account of the invited address (its main address, or a
    verified one of its addresses), or the account the Secretariat linked to it. Declining
    needs only the link."""
    if not is_signed_in(user):
        return False
    if invitation.account_id is not None and invitation.account_id == user.pk:
        return True
    invited = invitation.email.lower()
    if user.email.lower() == invited:
        return True
    return user.emailaddress_set.filter(email__iexact=invited, verified=True).exists()


# --- Discussion notes ---


def can_edit_notes(user):
    """Discussion notes: written, published and withdrawn by the consultations role."""
    return has_role(user, CONSULTATION_OFFICERS)


def can_view_note(user, note):
    """Published notes for everyone; drafts for the Secretariat only."""
    return note.is_published or can_see_unpublished(user)


# --- Statements, lists of speakers and turnout ---


def can_upload_statement_for(user, member_state):
    """A focal point uploads the statements its member state's delegation delivered."""
    return is_member_state(member_state) and can_act_for(user, member_state)


def can_upload_statements(user):
    return is_focal_point(user)


def can_publish_statements(user):
    """The Secretariat publishes statements (and withdraws them from publication)."""
    return is_secretariat(user)


def can_see_statement(user, statement, workshop=None):
    """A published statement of a published workshop: everyone; an unpublished one: the
    Secretariat and the focal points of the member state that delivered it."""
    if is_secretariat(user) or can_act_for(user, statement.member_state):
        return True
    workshop = workshop or statement.session.workshop
    return statement.is_published and workshop.is_published


def can_chair_speakers_list(user):
    """The chair's view of a list of speakers (and its projector view) is the Secretariat's."""
    return is_secretariat(user)


def can_ask_for_floor(user):
    """Any signed-in person may open the page; the service checks that they speak for a
    delegation (a focal point, or a confirmed participant of the workshop)."""
    return is_signed_in(user)


def can_see_turnout(user):
    """Turnout across the membership, its export and the reminders: the Secretariat."""
    return is_secretariat(user)


# --- Delegations at a workshop ---


def can_register_delegation(user):
    """Focal points register their member state's delegation (the form's page)."""
    return is_focal_point(user)


def can_register_delegation_for(user, member_state):
    """A focal point registers, changes and replaces people of its own member state's
    delegation, and sees that delegation only."""
    return is_member_state(member_state) and can_act_for(user, member_state)


def can_see_delegations(user):
    """Every delegation by member state, with counts against the quotas, badges and the
    member states not yet registered: the Secretariat's."""
    return is_secretariat(user)


# --- API tokens ---


def can_manage_api_tokens(user):
    """Create and revoke the tokens other systems use to reach the API: the user
    administrators, who grant access to people as well."""
    return can_manage_users(user)


def can_manage_webhooks(user):
    """Register the URLs of other systems told of events, read their deliveries, replay: the
    user administrators."""
    return can_manage_users(user)
