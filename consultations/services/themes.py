"""Theme proposals and the alternative suggestions of member states: propose, edit, change
status, suggest, merge duplicates, put a suggestion on the ballot."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from consultations.models import RATIONALE_MAX_LENGTH, ThemeProposal, ThemeSuggestion
from idm_portal.core import roles
from idm_portal.core.text import checked_fields, checked_text

TITLE_MAX_LENGTH = 200
SUMMARY_MAX_LENGTH = 500

# The name voting.py imports the check by (that module is being split; it moves to
# idm_portal.core.text.checked_text then).
clean_text = checked_text


def _secretariat(actor):
    if not roles.can_run_consultations(actor):
        raise PermissionDenied


def _fields(*, title, summary, rationale):
    return checked_fields(
        title=(title, {"label": _("The title"), "max_length": TITLE_MAX_LENGTH}),
        summary=(
            summary,
            {"label": _("The summary"), "max_length": SUMMARY_MAX_LENGTH, "required": False},
        ),
        rationale=(rationale, {"label": _("The rationale"), "max_length": RATIONALE_MAX_LENGTH}),
    )


TRANSLATED = ("title", "summary", "rationale")


def _in_languages(fields, translations, *, creating=False):
    """The English texts in the fields' own columns and in ``<field>_en``, and the French
    and Spanish ones of ``translations`` ({"title_fr": ...}; empty: none, falls back to
    English)."""
    limits = {"title": TITLE_MAX_LENGTH, "summary": SUMMARY_MAX_LENGTH}
    labels = {"title": _("The title"), "summary": _("The summary"), "rationale": _("The rationale")}
    columns = {**fields, **{f"{name}_en": value for name, value in fields.items()}}
    if creating:  # none yet: never the English text copied in by the page's language
        columns |= {f"{name}_{code}": None for name in TRANSLATED for code in ("fr", "es")}
    errors = {}
    for key, value in (translations or {}).items():
        name, _separator, code = key.rpartition("_")
        if name not in TRANSLATED or code not in ("fr", "es"):
            raise ValueError(f"Not a translated field: {key}")
        try:
            text = checked_text(
                value,
                label=labels[name],
                max_length=limits.get(name, RATIONALE_MAX_LENGTH),
                required=False,
            )
        except ValidationError as error:
            errors[key] = error.messages
            continue
        columns[key] = text or None
    if errors:
        raise ValidationError(errors)
    return columns


def _duplicate_title():
    return ValidationError(
        {"title": [_("A proposal with this title already exists for this IDM year.")]}
    )


def propose_theme(
    target_year, *, title, summary="", rationale, actor, member_state=None, translations=None
):
    """The Administration (the Secretariat) proposes an overarching theme for IDM
    ``target_year``, as a draft, in English and the French and Spanish of ``translations``
    ({"title_fr": ..., "rationale_es": ...}). Returns the ThemeProposal."""
    _secretariat(actor)
    fields = _in_languages(
        _fields(title=title, summary=summary, rationale=rationale), translations, creating=True
    )
    if member_state is not None and not roles.is_member_state(member_state):
        raise ValidationError(_("Only a member state may propose a theme."))
    order = ThemeProposal.objects.filter(target_year=target_year).count() + 1
    try:
        with transaction.atomic():
            return ThemeProposal.objects.rewrite(False).create(
                target_year=target_year,
                proposing_state=member_state,
                author=actor,
                order=order,
                **fields,
            )
    except IntegrityError as error:
        raise _duplicate_title() from error


def edit_proposal(proposal, *, title, summary, rationale, actor, translations=None):
    """Change the wording of a proposal, in English and the French and Spanish of
    ``translations`` (not once it is selected)."""
    _secretariat(actor)
    fields = _in_languages(_fields(title=title, summary=summary, rationale=rationale), translations)
    if proposal.status == ThemeProposal.Status.SELECTED:
        raise ValidationError(_("A selected theme can no longer be changed."))
    try:
        with transaction.atomic():
            # Not rewritten: "title" is the field's own column, not the page's language.
            ThemeProposal.objects.rewrite(False).filter(pk=proposal.pk).update(**fields)
    except IntegrityError as error:
        raise _duplicate_title() from error
    proposal.refresh_from_db()
    return proposal


# The status changes the Secretariat may make by hand; "selected" comes from adoption.
ALLOWED_STATUS_CHANGES = {
    ThemeProposal.Status.DRAFT: {ThemeProposal.Status.OPEN, ThemeProposal.Status.WITHDRAWN},
    ThemeProposal.Status.OPEN: {ThemeProposal.Status.WITHDRAWN, ThemeProposal.Status.DRAFT},
    ThemeProposal.Status.WITHDRAWN: {ThemeProposal.Status.DRAFT},
    ThemeProposal.Status.SELECTED: set(),
}


def set_proposal_status(proposal, *, status, actor):
    """Open a proposal for vote, withdraw it, or put it back to draft."""
    _secretariat(actor)
    with transaction.atomic():
        proposal = ThemeProposal.objects.select_for_update().get(pk=proposal.pk)
        if status == proposal.status:
            return proposal
        if status not in ALLOWED_STATUS_CHANGES[proposal.status]:
            raise ValidationError(
                _("A proposal that is %(current)s cannot become %(new)s.")
                % {
                    "current": proposal.get_status_display().lower(),
                    "new": ThemeProposal.Status(status).label.lower(),
                }
            )
        proposal.status = status
        proposal.save(update_fields=["status"])
    return proposal


def suggest_theme(target_year, *, member_state, title, rationale, actor):
    """A focal point suggests an alternative theme in the name of its member state."""
    if not roles.can_vote_for(actor, member_state):
        raise PermissionDenied
    fields = _fields(title=title, summary="", rationale=rationale)
    fields.pop("summary")
    with transaction.atomic():
        return ThemeSuggestion.objects.create(
            target_year=target_year, member_state=member_state, author=actor, **fields
        )


def merge_suggestions(suggestion, *, into, actor):
    """Mark ``suggestion`` as a duplicate of ``into`` (same IDM year); its author stays on
    it. Returns the merged suggestion."""
    _secretariat(actor)
    if suggestion.pk == into.pk:
        raise ValidationError(_("A suggestion cannot be merged into itself."))
    if suggestion.target_year != into.target_year:
        raise ValidationError(_("Only suggestions for the same IDM year can be merged."))
    with transaction.atomic():
        locked = ThemeSuggestion.objects.select_for_update().filter(pk__in=[suggestion.pk, into.pk])
        rows = {row.pk: row for row in locked}
        suggestion, into = rows[suggestion.pk], rows[into.pk]
        if into.status == ThemeSuggestion.Status.MERGED:
            raise ValidationError(_("That suggestion is itself merged into another."))
        if suggestion.status != ThemeSuggestion.Status.SUBMITTED:
            raise ValidationError(_("Only a submitted suggestion can be merged."))
        suggestion.status = ThemeSuggestion.Status.MERGED
        suggestion.merged_into = into
        suggestion.save(update_fields=["status", "merged_into"])
        ThemeSuggestion.objects.filter(merged_into=suggestion).update(merged_into=into)
    return suggestion


def put_suggestion_on_ballot(suggestion, *, actor, summary=""):
    """Turn a suggestion into a theme proposal of its member state, keeping its author and
    rationale; the proposal opens for vote. Running it twice returns the same proposal."""
    _secretariat(actor)
    with transaction.atomic():
        suggestion = ThemeSuggestion.objects.select_for_update().get(pk=suggestion.pk)
        if suggestion.proposal_id:
            return suggestion.proposal
        if suggestion.status == ThemeSuggestion.Status.MERGED:
            raise ValidationError(
                _("A merged suggestion cannot go on the ballot; use the one it is merged into.")
            )
        fields = _fields(title=suggestion.title, summary=summary, rationale=suggestion.rationale)
        if ThemeProposal.objects.filter(
            target_year=suggestion.target_year, title=fields["title"]
        ).exists():
            raise _duplicate_title()
        proposal = ThemeProposal.objects.create(
            target_year=suggestion.target_year,
            proposing_state=suggestion.member_state,
            author=suggestion.author,
            status=ThemeProposal.Status.OPEN,
            order=ThemeProposal.objects.filter(target_year=suggestion.target_year).count() + 1,
            **fields,
        )
        suggestion.proposal = proposal
        suggestion.status = ThemeSuggestion.Status.ON_BALLOT
        suggestion.save(update_fields=["proposal", "status"])
    return proposal
