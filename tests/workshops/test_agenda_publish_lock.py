"""publish_agenda renders the speakers' e-mails after the workshop's row lock is released
(registrations wait for that lock), and still queues each e-mail once."""

import datetime as dt

import psycopg
import pytest
from django.db import connection

from idm_portal.core.models import OutgoingMail
from tests.factories import WorkshopFactory
from workshops.services import agenda as services

pytestmark = pytest.mark.django_db(transaction=True)


def workshop_lock_is_free(workshop_id):
    """Ask from a second connection for the workshop's row lock, without waiting."""
    settings = connection.settings_dict
    params = {
        "dbname": settings["NAME"],
        "user": settings["USER"],
        "password": settings["PASSWORD"],
        "host": settings["HOST"],
        "port": settings["PORT"],
    }
    other = psycopg.connect(**{key: value for key, value in params.items() if value})
    try:
        with other, other.cursor() as cursor:
            cursor.execute(
                "SELECT id FROM workshops_workshop WHERE id = %s FOR UPDATE NOWAIT", [workshop_id]
            )
        return True
    except psycopg.errors.LockNotAvailable:
        return False
    finally:
        other.close()


def test_speaker_mails_are_rendered_with_the_workshop_unlocked_and_queued_once(
    secretariat, monkeypatch
):
    workshop = WorkshopFactory(start_date=dt.date(2009, 3, 25), end_date=dt.date(2009, 3, 26))
    session = services.add_session(
        workshop,
        actor=secretariat,
        date=workshop.start_date,
        start_time=dt.time(11),
        end_time=dt.time(13),
        title="Session I",
    )
    for name in ("Lucía", "Dan"):
        speaker = services.create_speaker(
            actor=secretariat, name=name, email=f"{name.lower()[:3]}@example.org"
        )
        services.assign_speaker(session, actor=secretariat, speaker=speaker, role="panellist")
    services.publish_agenda(workshop, actor=secretariat, prerender_pdf=False)
    services.update_session(
        session, actor=secretariat, start_time=dt.time(14), end_time=dt.time(16)
    )

    queue_mail = services.queue_mail
    lock_free_while_rendering = []

    def rendering(**kwargs):
        lock_free_while_rendering.append(workshop_lock_is_free(workshop.pk))
        return queue_mail(**kwargs)

    monkeypatch.setattr(services, "queue_mail", rendering)
    release = services.publish_agenda(workshop, actor=secretariat, prerender_pdf=False)

    assert release.number == 2
    assert lock_free_while_rendering == [True, True]
    assert sorted(OutgoingMail.objects.values_list("to", flat=True)) == [
        "dan@example.org",
        "luc@example.org",
    ]
