"""Statements that delegations delivered in a session: uploaded by a member state's focal
point (checked by content as every document is), published by the Secretariat under the
session on the public agenda once the workshop has taken place."""

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from idm_portal.core import roles
from workshops.models import Session, Statement
from workshops.services.documents import (
    DOCX,
    PDF,
    check_size,
    detect_file_type,
    save_with_file,
)

logger = logging.getLogger(__name__)

STATEMENT_TYPES = (PDF, DOCX)


def workshop_has_taken_place(workshop, today=None):
    """Whether the workshop's last day has come, in the venue's time zone: statements may be
    published from then on."""
    today = today or timezone.localtime(timezone.now(), workshop.zone).date()
    return workshop.end_date <= today


@transaction.atomic
def upload_statement(
    session, *, actor, member_state, uploaded_file, language, check_against_delivery
):
    """Store the statement ``member_state`` delivered in ``session`` (a PDF or a DOCX file,
    checked by its content), unpublished. Refuses a focal point of another member state
    (PermissionDenied), a file over the size limit or of any other type, whatever its name
    (ValidationError). Returns the new Statement."""
    if not roles.can_upload_statement_for(actor, member_state):
        raise PermissionDenied
    check_size(uploaded_file)
    file_type = detect_file_type(uploaded_file)
    if file_type not in STATEMENT_TYPES:
        raise ValidationError(
            _("A statement is a PDF or a Word (DOCX) file; this file is neither."),
            code="file_type",
        )
    statement = Statement(
        session=session,
        member_state=member_state,
        language=language,
        check_against_delivery=check_against_delivery,
        file_type=file_type,
        size=uploaded_file.size,
        uploaded_by=actor,
    )
    save_with_file(statement, uploaded_file, name_hint=f"statement-{member_state.name}")
    logger.info(
        "Statement %s of %s (%s) uploaded to session %s by user %s",
        statement.pk,
        member_state.pk,
        file_type,
        session.pk,
        getattr(actor, "pk", None),
    )
    return statement


@transaction.atomic
def publish_statements(statements, *, actor, now=None):
    """Publish the given statements (a queryset) on the public agenda; those already
    published keep their date. Refuses anyone but the Secretariat, and the statements of a
    workshop that has not taken place yet. Returns the number published."""
    if not roles.can_publish_statements(actor):
        raise PermissionDenied
    now = now or timezone.now()
    pending = list(
        statements.filter(published_at__isnull=True)
        .select_related("session__workshop")
        .select_for_update(of=("self",))
    )
    for statement in pending:
        if not workshop_has_taken_place(statement.session.workshop):
            raise ValidationError(
                _("Statements are published after the workshop."), code="too_early"
            )
    Statement.objects.filter(pk__in=[s.pk for s in pending]).update(
        published_at=now, published_by=actor
    )
    return len(pending)


@transaction.atomic
def unpublish_statement(statement, *, actor):
    """Take a statement off the public agenda (it stays for the Secretariat and its
    delegation). Returns the statement."""
    if not roles.can_publish_statements(actor):
        raise PermissionDenied
    Statement.objects.filter(pk=statement.pk).update(published_at=None, published_by=None)
    statement.published_at = statement.published_by = None
    return statement


@transaction.atomic
def delete_statement(statement, *, actor):
    """Delete an unpublished statement (its delegation or the Secretariat); the file goes
    once the deletion is committed."""
    if not (
        roles.can_publish_statements(actor)
        or (
            not statement.is_published
            and roles.can_upload_statement_for(actor, statement.member_state)
        )
    ):
        raise PermissionDenied
    storage, name = statement.file.storage, statement.file.name
    statement.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))
    return statement


# --- Reading ---


def published_statements_by_session(workshop):
    """The published statements of a workshop for its public agenda: [(session, [(member
    state, [statements])])] in agenda order and by member state, in one query."""
    statements = (
        Statement.objects.filter(session__workshop=workshop, published_at__isnull=False)
        .select_related("session", "member_state")
        .order_by("session__date", "session__order", "session__start_time", "member_state__name")
    )
    grouped: dict[int, tuple[Session, dict]] = {}
    for statement in statements:
        states = grouped.setdefault(statement.session.pk, (statement.session, {}))[1]
        states.setdefault(statement.member_state.pk, (statement.member_state, []))[1].append(
            statement
        )
    return [(session, list(states.values())) for session, states in grouped.values()]


def statements_of_workshop(workshop, *, member_states=None):
    """A workshop's statements for the Secretariat (every one) or for focal points (those of
    ``member_states``), in one query."""
    statements = Statement.objects.filter(session__workshop=workshop).select_related(
        "session", "member_state", "uploaded_by"
    )
    if member_states is not None:
        statements = statements.filter(member_state__in=[state.pk for state in member_states])
    return statements.order_by("session__date", "session__order", "member_state__name", "pk")
