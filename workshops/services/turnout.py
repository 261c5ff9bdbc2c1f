"""Turnout of the membership at workshops: which member states took part (a delegate
counted as a participant: checked in at a held workshop, confirmed before it), the
participants of a year by category, and a reminder to the member states that have not
registered, through the outbox, once per member state and workshop."""

from collections import defaultdict

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from idm_portal.core import queries as core_queries
from idm_portal.core import roles
from idm_portal.core.links import absolute_url
from idm_portal.core.models import Organization
from idm_portal.core.services.outbox import queue_mail
from workshops.models import Registration, TurnoutReminder, Workshop

HELD = Workshop.Status.HELD
ATTENDED, CONFIRMED = Registration.Status.ATTENDED, Registration.Status.CONFIRMED

# A participant: checked in at a held workshop; confirmed (or checked in) before.
PARTICIPANT = Q(workshop__status=HELD, status=ATTENDED) | (
    ~Q(workshop__status=HELD) & Q(status__in=[CONFIRMED, ATTENDED])
)


def workshops_for_turnout(idm_year):
    """The workshops of a year that the membership could attend (not cancelled), in date
    order."""
    return (
        Workshop.objects.filter(idm_year=idm_year)
        .exclude(status=Workshop.Status.CANCELLED)
        .select_related("idm_year")
        .order_by("start_date", "ordinal")
    )


def member_states_present(workshops):
    """{workshop id: set of the ids of the member states that took part}, in one query."""
    present = defaultdict(set)
    rows = (
        Registration.objects.filter(PARTICIPANT, workshop__in=workshops)
        .filter(
            organization__kind=Organization.Kind.GOVERNMENT,
            organization__iom_status=Organization.IomStatus.MEMBER_STATE,
        )
        .values_list("workshop_id", "organization_id")
        .distinct()
    )
    for workshop_id, state_id in rows:
        present[workshop_id].add(state_id)
    return present


def reminded_member_states(workshops):
    """{workshop id: set of the ids of the member states reminded}, in one query."""
    reminded = defaultdict(set)
    for workshop_id, state_id in TurnoutReminder.objects.filter(workshop__in=workshops).values_list(
        "workshop_id", "member_state_id"
    ):
        reminded[workshop_id].add(state_id)
    return reminded


def participants_by_category(idm_year):
    """{organization kind: participants} over the year's workshops, in one query."""
    return dict(
        Registration.objects.filter(PARTICIPANT, workshop__idm_year=idm_year)
        .exclude(workshop__status=Workshop.Status.CANCELLED)
        .values_list("category")
        .annotate(count=Count("pk"))
        .order_by()
    )


def can_remind(workshop):
    """Reminders ask member states to register: not for a workshop held or cancelled."""
    return workshop.status not in (HELD, Workshop.Status.CANCELLED)


@transaction.atomic
def remind_absent_member_states(workshop, *, actor, now=None):
    """E-mail the focal points of every member state with no participant at ``workshop``
    (through the outbox, in each one's language), once per member state: a unique
    TurnoutReminder row is made first, so a second run (or two at once) sends nothing
    again. Returns the number of e-mails queued."""
    if not roles.can_see_turnout(actor):
        raise PermissionDenied
    if not can_remind(workshop):
        raise ValidationError(
            _("Reminders go out only before a workshop is held."), code="too_late"
        )
    now = now or timezone.now()
    present = member_states_present([workshop])[workshop.pk]
    reminded = TurnoutReminder.objects.filter(workshop=workshop).values("member_state")
    states = (
        core_queries.member_states()
        .exclude(pk__in=present)
        .exclude(pk__in=reminded)
        .prefetch_related("focal_points__user")
    )
    queued = 0
    for state in states:
        try:
            with transaction.atomic():
                TurnoutReminder.objects.create(
                    workshop=workshop, member_state=state, sent_at=now, sent_by=actor
                )
        except IntegrityError:
            continue  # another run reminded it
        for focal_point in state.focal_points.all():
            person = focal_point.user
            if not person.is_active:
                continue
            with translation.override(person.preferred_language):
                url = absolute_url(workshop.get_absolute_url())
            queue_mail(
                to=person.email,
                template="workshops/email/turnout_reminder",
                language=person.preferred_language,
                context={
                    "workshop": workshop,
                    "member_state": state,
                    "person": person,
                    "url": url,
                },
            )
            queued += 1
    return queued
