"""Results and rounds (issue 14, item 5): the Secretariat closes a round now (asked first,
logged); a closed round says so with a link to its result; a result without the quorum names
the proposal with the most votes, never a "winner"."""

import datetime as dt
import logging
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from consultations.models import VotingRound
from consultations.services import voting
from consultations.services.closing import close_round_now
from tests.factories import IdmYearFactory, MemberStateFactory, VotingRoundFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def voting_round(themes):
    return VotingRoundFactory(title="Selection of the theme of IDM 2010", proposals=themes)


def text(response):
    return re.sub(r"\s+", " ", response.content.decode())


def test_the_secretariat_closes_an_open_round_now_and_it_is_logged(
    client, voting_round, secretariat, caplog
):
    planned = voting_round.closes_at
    client.force_login(secretariat)
    round_page = text(client.get(reverse("consultations:round", args=[voting_round.pk])))
    assert "Close the round now" in round_page
    assert 'data-confirm="Close this round now?' in round_page

    with caplog.at_level(logging.INFO, logger="consultations.services.closing"):
        response = client.post(
            reverse("consultations:close_now", args=[voting_round.pk]), follow=True
        )
    voting_round.refresh_from_db()
    assert voting_round.is_closed()
    assert voting_round.closes_at < planned
    assert response.redirect_chain[-1][0] == reverse(
        "consultations:results", args=[voting_round.pk]
    )
    page = text(response)
    assert "The round is closed; here is its result." in page
    assert "The result is sealed" not in page
    assert f"Voting round {voting_round.pk} closed now by user {secretariat.pk}" in caplog.text

    # Closed: it says so, with a link to the result, and cannot be closed again.
    round_page = text(client.get(reverse("consultations:round", args=[voting_round.pk])))
    assert "This round is closed." in round_page
    assert f'href="{reverse("consultations:results", args=[voting_round.pk])}"' in round_page
    assert "Close the round now" not in round_page
    with pytest.raises(ValidationError, match="already closed"):
        close_round_now(voting_round, actor=secretariat)


def test_only_the_secretariat_closes_and_only_an_open_round(voting_round, focal_point, secretariat):
    with pytest.raises(PermissionDenied):
        close_round_now(voting_round, actor=focal_point)
    later = VotingRoundFactory(
        opens_at=timezone.now() + dt.timedelta(days=2),
        closes_at=timezone.now() + dt.timedelta(days=9),
    )
    with pytest.raises(ValidationError, match="has not opened yet"):
        close_round_now(later, actor=secretariat)
    assert VotingRound.objects.get(pk=later.pk).closes_at == later.closes_at


def test_without_the_quorum_the_result_names_the_most_votes_not_a_winner(
    client, voting_round, themes, secretariat
):
    for code in ("PH", "MX"):
        voting.record_ballot(
            voting_round,
            member_state=MemberStateFactory(country=code, name=code),
            ranking=[themes[0].pk],
            note_verbale="NV",
            actor=secretariat,
        )
    for code in ("MA", "SN", "EG", "KE", "GH"):
        MemberStateFactory(country=code, name=code)
    close_round_now(voting_round, actor=secretariat)
    client.force_login(secretariat)
    page = text(client.get(reverse("consultations:results", args=[voting_round.pk])))
    assert "No theme can be adopted: the quorum was not met." in page
    assert f"Most votes: {themes[0].title}" in page
    assert "Winner" not in page
    assert "Adopt" not in page


def test_a_closed_round_stays_on_the_home_page_and_its_proposals_say_closed(
    client, voting_round, themes, secretariat
):
    IdmYearFactory()
    page = text(client.get(reverse("home")))
    assert "Open for vote" in page
    close_round_now(voting_round, actor=secretariat)
    results = reverse("consultations:results", args=[voting_round.pk])
    page = text(client.get(reverse("home")))
    assert "Vote closed" in page
    assert voting_round.title in page
    assert f'<a href="{results}">See the result</a>' in page
    proposal_page = text(client.get(reverse("consultations:proposal", args=[themes[0].pk])))
    assert "Vote closed" in proposal_page
    assert "Open for vote" not in proposal_page
    assert f'<a href="{results}">See the result</a>' in proposal_page
