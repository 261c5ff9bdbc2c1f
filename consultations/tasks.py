"""Celery tasks of consultations: thin wrappers that call a service by primary key."""

import logging

from celery import shared_task

logger = logging.getLogger(__name__)


# --- Theme consultations: proposals, suggestions, voting rounds, adoption ---


@shared_task(name="consultations.send_vote_reminders")
def send_vote_reminders_task():
    """Celery beat: remind the focal points of member states that have not voted in a round
    closing within VOTE_REMINDER_DAYS (once per member state and round)."""
    from consultations.services.voting import send_vote_reminders

    queued = send_vote_reminders()
    if queued:
        logger.info("Queued %d vote reminders.", queued)
    return queued


@shared_task(name="consultations.move_secret_choices")
def move_secret_choices_task(round_id):
    """Move the held secret choices of a round to its ballot box (when enough are held)."""
    from consultations.models import VotingRound
    from consultations.services.ballot_box import move_to_box

    voting_round = VotingRound.objects.filter(pk=round_id).first()
    if voting_round is None:
        logger.info("Voting round %s is gone; no secret choice to move.", round_id)
        return 0
    return move_to_box(voting_round)


@shared_task(name="consultations.move_due_secret_choices")
def move_due_secret_choices_task():
    """Celery beat: move the held secret choices of rounds that have enough or have closed."""
    from consultations.services.ballot_box import move_due_choices

    return move_due_choices()


@shared_task(name="consultations.close_due_rounds")
def close_due_rounds_task():
    """Celery beat: fix the number of eligible member states of the rounds that closed."""
    from consultations.services.voting import fix_eligible_counts

    return fix_eligible_counts()


# --- Discussion notes ---


@shared_task(name="consultations.render_note_pdf")
def render_note_pdf_task(note_id):
    """Make and store the PDF of a discussion note as it is now (if not stored yet)."""
    from consultations.models import DiscussionNote
    from consultations.services.notes import render_note_pdf

    note = DiscussionNote.objects.select_related("meeting").filter(pk=note_id).first()
    if note is None:
        logger.info("Discussion note %s is gone; no PDF to make.", note_id)
        return None
    return render_note_pdf(note)
