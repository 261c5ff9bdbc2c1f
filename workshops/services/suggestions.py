"""Suggestions of case studies, speakers and other input for a workshop: a focal point
submits one for its member state, withdraws it; the Secretariat accepts or declines it (the
member state's focal point is told by e-mail, through the outbox) and turns an accepted
speaker into a speaker of the agenda; both sides comment.

Every change is one transaction that takes the suggestion's row lock, checks the actor's
role and the suggestion's status, and writes a ``SuggestionEvent``: the history of the
status and the comment thread. Doing a change twice (a double click) changes nothing the
second time and sends no second e-mail.
"""

import logging
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from idm_portal.core import roles
from idm_portal.core.links import absolute_url
from idm_portal.core.markdown import safe_markdown
from idm_portal.core.services.outbox import queue_mail
from idm_portal.core.templatetags.idm import date_range, day
from idm_portal.core.text import checked_fields, checked_text
from workshops.models import Speaker, Suggestion, SuggestionEvent, Workshop

logger = logging.getLogger(__name__)

TITLE_MAX = 200
DESCRIPTION_MAX = 5000
TEXT_MAX = 2000  # a comment, a reason for declining
PHONE = re.compile(r"^\+?[0-9 ()./-]+$")
SPEAKER_FIELDS = (
    "speaker_name",
    "speaker_position",
    "speaker_organization",
    "speaker_email",
    "speaker_phone",
)


def suggestions_closed_error(workshop):
    """The sentence that says why the workshop takes no more suggestions, or None while it
    does. A workshop has taken place when the Secretariat marks it held (the status says
    so, whatever the calendar: the demo's 2009 workshop 2 is still to be held)."""
    if workshop.status == Workshop.Status.CANCELLED:
        return _("This workshop is cancelled: it takes no suggestions.")
    if workshop.status == Workshop.Status.HELD:
        return _(
            "Suggestions for this workshop are closed: the workshop took place on %(dates)s."
        ) % {"dates": date_range(workshop.start_date, workshop.end_date)}
    return None


def _lock(suggestion):
    return Suggestion.objects.select_for_update().select_related("workshop").get(pk=suggestion.pk)


def _record(suggestion, action, actor, text=""):
    return SuggestionEvent.objects.create(
        suggestion=suggestion,
        action=action,
        actor=actor,
        by_secretariat=roles.is_secretariat(actor),
        text=text,
    )


def _clean_speaker(details):
    """The speaker's name and contact, stripped; a ValidationError that names each missing or
    malformed field."""
    details = {name: (details.get(name) or "").strip() for name in SPEAKER_FIELDS}
    errors = {}
    if not details["speaker_name"]:
        errors["speaker_name"] = _("Give the name of the speaker you suggest.")
    if not details["speaker_email"]:
        errors["speaker_email"] = _(
            "Give the speaker's e-mail address, so that the Secretariat can contact them."
        )
    else:
        try:
            validate_email(details["speaker_email"])
        except ValidationError:
            errors["speaker_email"] = _("“%(value)s” is not an e-mail address.") % {
                "value": details["speaker_email"][:80]
            }
    phone = details["speaker_phone"]
    if phone and (not PHONE.match(phone) or sum(ch.isdigit() for ch in phone) < 6):
        errors["speaker_phone"] = _(
            "Write the telephone number with digits, spaces and an optional leading +, "
            "e.g. +41 22 717 91 11."
        )
    for name, limit in (("speaker_name", 200), ("speaker_position", 300),
                        ("speaker_organization", 300), ("speaker_phone", 40)):  # fmt: skip
        if len(details[name]) > limit and name not in errors:
            errors[name] = _("At most %(limit)d characters, please.") % {"limit": limit}
    if errors:
        raise ValidationError(errors)
    return details


def _one_submission_at_a_time(workshop, member_state):
    """Serialize the submissions of one member state for one workshop (a transaction-scoped
    advisory lock), so that a double click is recognised as a repeat."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [member_state.pk, workshop.pk])


def submit_suggestion(workshop, *, actor, member_state, kind, title, description, **speaker):
    """A focal point suggests, for its member state, a case study, a speaker (name,
    position, organization, e-mail, telephone) or other input for ``workshop``. Refused with
    PermissionDenied for anyone who does not act for ``member_state``, with a
    ValidationError that says why for a closed workshop or bad input. The same suggestion
    sent twice is kept once. Returns (suggestion, created)."""
    if not roles.can_suggest(actor) or not roles.can_act_for(actor, member_state):
        raise PermissionDenied
    if not roles.can_view_workshop(actor, workshop):
        raise PermissionDenied
    closed = suggestions_closed_error(workshop)
    if closed:
        raise ValidationError(closed, code="closed")
    if kind not in Suggestion.Kind.values:
        raise ValidationError({"kind": _("Choose what you suggest.")})
    unknown = set(speaker) - set(SPEAKER_FIELDS)
    if unknown:
        raise ValueError(f"Not suggestion fields: {sorted(unknown)}")
    errors = {}
    try:
        texts = checked_fields(
            title=(
                title,
                {"max_length": TITLE_MAX, "empty_message": _("Give your suggestion a title.")},
            ),
            description=(
                description,
                {"max_length": DESCRIPTION_MAX, "empty_message": _("Describe your suggestion.")},
            ),
        )
    except ValidationError as error:
        errors.update(error.message_dict)
    else:
        title, description = texts["title"], texts["description"]
    if kind == Suggestion.Kind.SPEAKER:
        try:
            speaker = _clean_speaker(speaker)
        except ValidationError as error:
            errors.update(error.message_dict)
    else:
        speaker = dict.fromkeys(SPEAKER_FIELDS, "")  # only a speaker has contact details
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        _one_submission_at_a_time(workshop, member_state)
        repeat = Suggestion.objects.filter(
            workshop=workshop,
            member_state=member_state,
            kind=kind,
            title=title,
            description=description,
            status=Suggestion.Status.SUBMITTED,
        ).first()
        if repeat is not None:
            return repeat, False
        suggestion = Suggestion.objects.create(
            workshop=workshop,
            member_state=member_state,
            suggested_by=actor,
            kind=kind,
            title=title,
            description=description,
            description_html=safe_markdown(description),
            **speaker,
        )
        _record(suggestion, SuggestionEvent.Action.SUBMITTED, actor)
    logger.info(
        "Suggestion %s (%s) for workshop %s by %s for %s",
        suggestion.pk,
        kind,
        workshop.pk,
        actor.pk,
        member_state.pk,
    )
    return suggestion, True


def comment_on_suggestion(suggestion, *, actor, text):
    """Add a comment to a suggestion's thread, which the Secretariat and the member state's
    focal points read. Returns the SuggestionEvent."""
    if not roles.can_see_suggestion(actor, suggestion):
        raise PermissionDenied
    text = checked_text(
        text, max_length=TEXT_MAX, field="text", empty_message=_("Write a comment first.")
    )
    with transaction.atomic():
        suggestion = _lock(suggestion)
        return _record(suggestion, SuggestionEvent.Action.COMMENTED, actor, text)


def _decided_error(suggestion):
    """Why a suggestion that is no longer submitted cannot change: whole sentences, so that
    each language can say it in its own words."""
    Status = Suggestion.Status
    message = {
        Status.ACCEPTED: _("This suggestion has been accepted: that decision is final."),
        Status.DECLINED: _("This suggestion has been declined: that decision is final."),
        Status.WITHDRAWN: _("This suggestion was withdrawn by its member state."),
    }.get(suggestion.status, _("This suggestion can no longer be changed."))
    return ValidationError(message, code="status")


def _decide(suggestion, *, actor, status, reason, action, mail_template):
    if not roles.can_review_suggestions(actor):
        raise PermissionDenied
    with transaction.atomic():
        suggestion = _lock(suggestion)
        if suggestion.status == status:
            return suggestion  # decided already (a double click): no second e-mail
        if suggestion.status != Suggestion.Status.SUBMITTED:
            raise _decided_error(suggestion)
        suggestion.status = status
        suggestion.decision_reason = reason
        suggestion.decided_at = timezone.now()
        suggestion.decided_by = actor
        suggestion.save(update_fields=["status", "decision_reason", "decided_at", "decided_by"])
        _record(suggestion, action, actor, reason)
        _tell_member_state(suggestion, mail_template)
    logger.info("Suggestion %s %s by %s", suggestion.pk, status, actor.pk)
    return suggestion


def accept_suggestion(suggestion, *, actor, note=""):
    """The Secretariat accepts a submitted suggestion, with an optional note to the member
    state, whose focal point is told by e-mail. Accepting it again changes nothing."""
    note = checked_text(note, max_length=TEXT_MAX, field="reason", required=False)
    return _decide(
        suggestion,
        actor=actor,
        status=Suggestion.Status.ACCEPTED,
        reason=note,
        action=SuggestionEvent.Action.ACCEPTED,
        mail_template="accepted",
    )


def decline_suggestion(suggestion, *, actor, reason):
    """The Secretariat declines a submitted suggestion, saying why; the member state's focal
    point is told by e-mail. Declining it again changes nothing."""
    if not roles.can_review_suggestions(actor):
        raise PermissionDenied
    reason = checked_text(
        reason,
        max_length=TEXT_MAX,
        field="reason",
        empty_message=_("Say why the suggestion is declined: the member state reads it."),
    )
    return _decide(
        suggestion,
        actor=actor,
        status=Suggestion.Status.DECLINED,
        reason=reason,
        action=SuggestionEvent.Action.DECLINED,
        mail_template="declined",
    )


def withdraw_suggestion(suggestion, *, actor):
    """A focal point of the member state withdraws its suggestion before the Secretariat
    decides. Withdrawing it again changes nothing."""
    if roles.is_secretariat(actor) or not roles.can_see_suggestion(actor, suggestion):
        raise PermissionDenied
    with transaction.atomic():
        suggestion = _lock(suggestion)
        if suggestion.status == Suggestion.Status.WITHDRAWN:
            return suggestion
        if suggestion.status != Suggestion.Status.SUBMITTED:
            raise _decided_error(suggestion)
        suggestion.status = Suggestion.Status.WITHDRAWN
        suggestion.save(update_fields=["status"])
        _record(suggestion, SuggestionEvent.Action.WITHDRAWN, actor)
    return suggestion


def add_suggested_speaker(suggestion, *, actor):
    """Make the speaker of an accepted speaker suggestion a speaker of the agenda (then given
    sessions in the agenda editor), linked to the suggestion. Done twice, it makes one
    speaker. Returns (speaker, created)."""
    if not roles.can_edit_agenda(actor, suggestion.workshop):
        raise PermissionDenied
    with transaction.atomic():
        suggestion = _lock(suggestion)
        if suggestion.speaker_id is not None:
            return suggestion.speaker, False
        if not suggestion.is_speaker:
            raise ValidationError(
                _("Only a suggested speaker can be added to the speakers."), code="kind"
            )
        if suggestion.status != Suggestion.Status.ACCEPTED:
            raise ValidationError(
                _("Accept the suggestion before adding the speaker to the speakers."),
                code="status",
            )
        speaker = Speaker.objects.create(
            name=suggestion.speaker_name,
            position=suggestion.speaker_position,
            organization=suggestion.speaker_organization,
            email=suggestion.speaker_email,
        )
        suggestion.speaker = speaker
        suggestion.save(update_fields=["speaker"])
        _record(suggestion, SuggestionEvent.Action.SPEAKER_ADDED, actor, speaker.display_name)
    logger.info("Suggestion %s became speaker %s", suggestion.pk, speaker.pk)
    return speaker, True


def recipients_of_news(suggestion):
    """Who hears of a decision: the focal point who made the suggestion while they still act
    for the member state; otherwise every focal point of the member state."""
    person = suggestion.suggested_by
    if (
        person is not None
        and person.is_active
        and roles.can_act_for(person, suggestion.member_state)
    ):
        return [person]
    return [
        link.user
        for link in suggestion.member_state.focal_points.select_related("user").filter(
            user__is_active=True
        )
    ]


def _tell_member_state(suggestion, template):
    """Queue the e-mail of a decision in each recipient's language, in the transaction of the
    decision: the decision and its e-mail are committed together, or neither is."""
    workshop = suggestion.workshop
    for person in recipients_of_news(suggestion):
        language = person.preferred_language
        with translation.override(language):
            link = absolute_url(reverse("workshops:suggestion", kwargs={"pk": suggestion.pk}))
            decided_on = day(suggestion.decided_at)
        queue_mail(
            to=person.email,
            template=f"workshops/email/suggestion_{template}",
            language=language,
            context={
                "name": person.get_full_name(),
                "suggestion": suggestion,
                "workshop": workshop,
                "member_state": suggestion.member_state.name,
                "reason": suggestion.decision_reason,
                "decided_on": decided_on,
                "suggestion_url": link,
            },
        )
