"""Two focal points of one member state registering at the same moment, each on a database
connection of its own, never pass the delegation's quota."""

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from tests.factories import FocalPointFactory, MemberStateFactory, WorkshopFactory
from workshops.models import Registration
from workshops.services import delegations as services

# Threads need committed rows and connections of their own.
pytestmark = pytest.mark.django_db(transaction=True)


def race(actions):
    """Run each action in a thread of its own, released at the same moment."""
    barrier = threading.Barrier(len(actions))
    results, errors = [], []

    def racer(action):
        try:
            barrier.wait(timeout=30)
            results.extend(action())
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=racer, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return results, errors


@pytest.mark.parametrize("round_", range(3))
def test_two_focal_points_of_one_state_never_pass_the_quota(round_):
    now = timezone.now()
    workshop = WorkshopFactory(
        registration_opens=now - dt.timedelta(days=1),
        registration_closes=now + dt.timedelta(days=30),
        quota_per_delegation=3,
    )
    state = MemberStateFactory(country="PH", name="Philippines")
    focal_points = [FocalPointFactory(member_state=state).user for _ in range(2)]

    def registers(focal, letter):
        def action():
            outcomes = []
            for number in range(3):
                try:
                    services.register_delegate(
                        workshop,
                        member_state=state,
                        actor=focal,
                        name=f"Delegate {letter}{number}",
                        email=f"{letter}{number}.{round_}@dfa.gov.ph",
                    )
                    outcomes.append("registered")
                except ValidationError as error:
                    outcomes.append(error.messages[0])
            return outcomes

        return action

    results, errors = race([registers(focal_points[0], "a"), registers(focal_points[1], "b")])

    assert errors == []
    assert results.count("registered") == 3
    assert (
        results.count(
            "The delegation of Philippines has reached its quota of 3 people for this workshop."
        )
        == 3
    )
    live = Registration.objects.filter(workshop=workshop, organization=state)
    assert live.count() == 3
    assert set(live.values_list("status", flat=True)) == {"confirmed"}
