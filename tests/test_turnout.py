"""Turnout across the membership (the top floor composes workshops and voting rounds): the
lists equal a hand count on the demo data, by IOM region; the reminder goes once per member
state and workshop or round, even run twice; the CSV export; the yearly chart; the page's
query count."""

import csv
import io
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from consultations.models import Ballot, VoteReminder, VotingRound
from idm_portal.core import demo_data
from idm_portal.core.models import Organization, OutgoingMail, User
from idm_portal.views import turnout_of_year
from tests.factories import IdmYearFactory, VotingRoundFactory, WorkshopFactory
from workshops.models import Registration, TurnoutReminder, Workshop
from workshops.services import turnout as workshop_turnout

pytestmark = pytest.mark.django_db

MEMBER_CODES = {code for code, status in demo_data.GOVERNMENTS if status == "member"}


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.DEMO_PASSWORD = "demo-password-for-tests"
    call_command("load_demo", "--force", stdout=StringIO())
    first = Workshop.objects.get(ordinal=1, idm_year__year=2009)
    second = Workshop.objects.get(ordinal=2, idm_year__year=2009)
    voting_round = VotingRound.objects.get(target_year=2010)
    # By hand: Switzerland and Mexico confirmed at workshop 2, Morocco only pending (not a
    # participant), the Philippines cancelled; the Philippines voted.
    for code, status in [
        ("CH", "confirmed"),
        ("MX", "confirmed"),
        ("MA", "pending"),
        ("PH", "cancelled"),
    ]:
        state = Organization.objects.get(kind="government", country=code)
        person = User.objects.get(email=f"focal.{code.lower()}@idm.example")
        Registration.objects.create(
            workshop=second,
            person=person,
            organization=state,
            category="government",
            badge_name=person.name,
            email=person.email,
            status=status,
        )
    Ballot.objects.create(
        round=voting_round,
        member_state=Organization.objects.get(kind="government", country="PH"),
        cast_at=timezone.now(),
        ranking=[voting_round.proposals.first().pk],
    )
    return {"first": first, "second": second, "round": voting_round}


def codes(ids):
    return set(Organization.objects.filter(pk__in=ids).values_list("country", flat=True))


def test_turnout_lists_equal_a_hand_count_on_the_demo_data(demo):
    turnout = turnout_of_year(demo["first"].idm_year)
    by_title = {activity.title: activity for activity in turnout.activities}
    first = by_title[demo["first"].title]
    second = by_title[demo["second"].title]
    voting_round = by_title[demo["round"].title]
    # Every government of the demo world had delegates checked in at workshop 1 (the seed's
    # 71 governments); 62 of them are member states.
    assert len(MEMBER_CODES) == 62
    assert codes(first.took_part) == MEMBER_CODES
    assert first.did_not_take_part == 0
    # Workshop 2: the delegations of the four demo focal points' member states.
    assert codes(second.took_part) == {"CH", "MX", "PH", "MA"}
    assert second.did_not_take_part == 58
    assert codes(voting_round.took_part) == {"PH"}
    assert {state.country.code for state in turnout.did_not_take_part(second)} == MEMBER_CODES - {
        "CH",
        "MX",
        "PH",
        "MA",
    }
    regions = {region.region: region for region in turnout.regions}
    index = turnout.activities.index(second)
    assert regions["european_economic_area"].counts[index] == 1  # Switzerland
    assert regions["central_north_america_caribbean"].counts[index] == 1  # Mexico
    assert regions["middle_east_north_africa"].counts[index] == 1  # Morocco's delegation
    assert len(regions["west_central_africa"].states) == 4  # SN NG GH ML
    assert sum(len(region.states) for region in turnout.regions) == 62


def test_the_turnout_page_shows_regions_and_who_took_part(client, demo):
    client.force_login(User.objects.get(email="secretariat@idm.example"))
    page = client.get(reverse("turnout", args=[2009])).content.decode()
    assert "Turnout of the membership, IDM 2009" in page
    assert "Selection of the overarching theme for IDM 2010" in page
    west = page[page.index('data-region="west_central_africa"') :]
    assert "West and Central Africa" in west[:400]
    assert "Senegal" in west
    assert "Remind those that did not take part" in page


def test_the_workshop_reminder_goes_once_even_run_twice(demo):
    secretariat = User.objects.get(email="secretariat@idm.example")
    second = demo["second"]
    # The Philippine and Moroccan delegations of the demo withdraw: their focal points are
    # the ones to remind.
    Registration.objects.filter(workshop=second, organization__country__in=["PH", "MA"]).update(
        status=Registration.Status.CANCELLED
    )
    queued = workshop_turnout.remind_absent_member_states(second, actor=secretariat)
    # The demo focal points of the member states without a participant: the Philippines and
    # Morocco (Switzerland and Mexico have one).
    assert queued == 2
    mails = OutgoingMail.objects.filter(template="workshops/email/turnout_reminder")
    assert sorted(mails.values_list("to", flat=True)) == [
        "focal.ma@idm.example",
        "focal.ph@idm.example",
    ]
    philippines = mails.get(to="focal.ph@idm.example")
    assert "Philippines has no delegation registered yet" in philippines.body_text
    assert second.get_absolute_url() in philippines.body_text
    assert TurnoutReminder.objects.filter(workshop=second).count() == 60

    assert workshop_turnout.remind_absent_member_states(second, actor=secretariat) == 0
    assert mails.count() == 2
    assert TurnoutReminder.objects.filter(workshop=second).count() == 60


def test_the_round_reminder_goes_once_even_run_twice(client, demo):
    secretariat = User.objects.get(email="secretariat@idm.example")
    client.force_login(secretariat)
    url = reverse("turnout_remind_round", args=[demo["round"].pk])
    response = client.post(url, follow=True)
    assert "3 reminders were queued." in response.content.decode()
    response = client.post(url, follow=True)
    assert "0 reminders were queued." in response.content.decode()
    mails = OutgoingMail.objects.filter(template="consultations/email/vote_reminder")
    assert sorted(mails.values_list("to", flat=True)) == [
        "focal.ch@idm.example",
        "focal.ma@idm.example",
        "focal.mx@idm.example",
    ]
    assert VoteReminder.objects.filter(round=demo["round"]).count() == 61


def test_a_held_workshop_takes_no_reminder(demo):
    from django.core.exceptions import ValidationError

    secretariat = User.objects.get(email="secretariat@idm.example")
    with pytest.raises(ValidationError):
        workshop_turnout.remind_absent_member_states(demo["first"], actor=secretariat)
    assert not TurnoutReminder.objects.exists()


def test_the_csv_export_has_a_row_per_activity_and_member_state(client, demo):
    client.force_login(User.objects.get(email="secretariat@idm.example"))
    response = client.get(reverse("turnout_csv", args=[2009]))
    assert response["Content-Disposition"] == 'attachment; filename="idm-2009-turnout.csv"'
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    assert rows[0] == [
        "Activity",
        "Kind",
        "Date",
        "Member state",
        "IOM region",
        "Took part",
        "Reminded",
    ]
    assert len(rows) == 1 + 62 * 3
    assert [
        demo["second"].title,
        "Workshop",
        "2009-07-09",
        "Switzerland",
        "European Economic Area",
        "yes",
        "no",
    ] in rows
    assert [row[3] for row in rows if row[0] == demo["round"].title and row[5] == "yes"] == [
        "Philippines"
    ]


def test_the_yearly_chart_counts_participants_by_category_and_region(client, demo):
    turnout = turnout_of_year(demo["first"].idm_year)
    by_category = dict(turnout.by_category)
    # 214 checked in at workshop 1; at workshop 2, Switzerland's and Mexico's confirmed
    # participants and the demo delegations of the four focal points' states (two each).
    assert sum(by_category.values()) == 214 + 2 + 4 * 2
    assert (
        by_category["Government"]
        == Registration.objects.filter(
            category="government", status__in=["attended", "confirmed"]
        ).count()
    )
    assert ("Southern Africa", 1, 1) in turnout.by_region
    client.force_login(User.objects.get(email="secretariat@idm.example"))
    page = client.get(reverse("turnout", args=[2009])).content.decode()
    chart = page[page.index('aria-labelledby="category-chart-title"') :]
    assert "<rect" in chart
    assert "Participants by category, all workshops of the year" in chart


def test_the_turnout_page_makes_the_same_queries_for_few_and_many_activities(client, secretariat):
    from tests.factories import MemberStateFactory

    year = IdmYearFactory(year=2009)
    for code, name in [("CH", "Switzerland"), ("MX", "Mexico"), ("PH", "Philippines")]:
        MemberStateFactory(country=code, name=name, iom_region="european_economic_area")
    client.force_login(secretariat)

    def queries_for(count):
        for _ in range(count):
            WorkshopFactory(idm_year=year)
            VotingRoundFactory(target_year=2010)
        with CaptureQueriesContext(connection) as context:
            response = client.get(reverse("turnout", args=[2009]))
        assert response.status_code == 200
        assert "Switzerland" in response.content.decode()
        return len(context.captured_queries)

    assert queries_for(1) == queries_for(12) == 14
