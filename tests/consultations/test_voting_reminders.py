"""The vote reminder through the real parts: Celery beat's task on a worker process, the
outbox, and an SMTP server on loopback. Sent once per member state and round."""

import datetime as dt

import pytest
from django.utils import timezone

from consultations.models import VoteReminder
from consultations.services import voting
from consultations.tasks import send_vote_reminders_task
from idm_portal.core.models import OutgoingMail
from tests.conftest import wait_for
from tests.factories import FocalPointFactory, ThemeProposalFactory, VotingRoundFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_worker_reminds_a_member_state_that_has_not_voted_once(celery_worker, smtp, settings):
    themes = ThemeProposalFactory.create_batch(2)
    voting_round = VotingRoundFactory(
        title="Selection of the theme of IDM 2010",
        proposals=themes,
        closes_at=timezone.now() + dt.timedelta(days=settings.VOTE_REMINDER_DAYS - 1),
    )
    voted = FocalPointFactory(member_state__country="CH", member_state__name="Switzerland")
    FocalPointFactory(
        user__email="focal.ph@example.org",
        user__name="Maria Santos",
        member_state__country="PH",
        member_state__name="Philippines",
    )
    voting.cast_ballot(
        voting_round, member_state=voted.member_state, ranking=[themes[0].pk], actor=voted.user
    )

    send_vote_reminders_task.delay()
    wait_for(lambda: smtp.messages, message="the reminder to reach the SMTP server")
    (message,) = smtp.messages
    assert message["To"] == "focal.ph@example.org"
    assert message["Subject"] == "Reminder: Selection of the theme of IDM 2010"
    body = message.get_body(("plain",)).get_content()
    assert "Dear Maria Santos," in body
    assert 'Philippines has not yet voted in "Selection of the theme of IDM 2010"' in body
    assert "(Geneva time)" in body

    wait_for(
        lambda: OutgoingMail.objects.filter(status="sent").exists(),
        message="the outbox to mark the reminder sent",
    )
    # The next beat finds nothing left to remind.
    assert send_vote_reminders_task.apply().get() == 0
    assert OutgoingMail.objects.count() == 1
    assert VoteReminder.objects.count() == 1
