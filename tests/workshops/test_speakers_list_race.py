"""Requests for the floor at the same instant, each on a database connection of its own: the
row lock on the list gives each delegation one place, and a delegation asking twice at once
still waits once."""

import datetime as dt
import threading

import pytest
from django.db import connection

from tests.factories import FocalPointFactory, MemberStateFactory, SessionFactory, WorkshopFactory
from workshops.models import FloorRequest
from workshops.services import speakers_list as services

# Threads need committed rows and connections of their own.
pytestmark = pytest.mark.django_db(transaction=True)


def race(actions):
    barrier = threading.Barrier(len(actions))
    errors = []

    def racer(action):
        try:
            barrier.wait(timeout=30)
            action()
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=racer, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return errors


@pytest.fixture
def discussion(secretariat):
    workshop = WorkshopFactory(start_date=dt.date(2009, 7, 9), end_date=dt.date(2009, 7, 10))
    session = SessionFactory(workshop=workshop, kind="general_discussion")
    return services.open_speakers_list(session, actor=secretariat)


def test_two_delegations_asking_at_once_get_one_place_each(discussion):
    focal_points = [
        FocalPointFactory(member_state=MemberStateFactory(country=code, name=name)).user
        for code, name in [("MX", "Mexico"), ("PH", "Philippines")]
    ]
    errors = race(
        [lambda user=user: services.ask_for_floor(discussion, actor=user) for user in focal_points]
    )
    assert errors == []
    rows = list(FloorRequest.objects.filter(speakers_list=discussion).order_by("position"))
    assert sorted(row.organization.name for row in rows) == ["Mexico", "Philippines"]
    assert [row.position for row in rows] == [1, 2]


def test_one_delegation_asking_twice_at_once_waits_once(discussion, focal_point):
    errors = race([lambda: services.ask_for_floor(discussion, actor=focal_point)] * 2)
    assert errors == []
    assert FloorRequest.objects.filter(speakers_list=discussion).count() == 1
