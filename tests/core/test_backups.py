"""Backups on PostgreSQL: `manage.py backup` then `manage.py restore` into a second database
that the test creates and drops, and a fresh media directory; every table's row count and
the media files come back the same. A restore refuses a non-empty database and a part that
does not match its manifest."""

import json
from pathlib import Path

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from idm_portal.core import backups
from tests.factories import SessionFactory, UserFactory, WorkshopFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _params(name):
    settings_dict = connection.settings_dict
    return {
        key: value
        for key, value in {
            "dbname": name,
            "user": settings_dict["USER"],
            "password": settings_dict["PASSWORD"],
            "host": settings_dict["HOST"],
            "port": settings_dict["PORT"],
        }.items()
        if value
    }


def _admin(statement):
    admin = psycopg.connect(**_params("postgres"))
    admin.autocommit = True
    try:
        with admin.cursor() as cursor:
            cursor.execute(statement)
    finally:
        admin.close()


def _url(name):
    s = connection.settings_dict
    password = f":{s['PASSWORD']}" if s["PASSWORD"] else ""
    return f"postgres://{s['USER']}{password}@{s['HOST']}:{s['PORT']}/{name}"


def _counts(name):
    target = psycopg.connect(**_params(name))
    try:
        with target.cursor() as cursor:
            return backups.row_counts(cursor)
    finally:
        target.close()


@pytest.fixture
def second_database():
    """An empty database named after the test database, dropped afterwards."""
    name = f"{connection.settings_dict['NAME']}_restore"
    _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _admin(f'CREATE DATABASE "{name}"')
    yield name
    _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "workshop-documents" / "2009").mkdir(parents=True)
    (settings.MEDIA_ROOT / "workshop-documents" / "2009" / "agenda.pdf").write_bytes(
        b"%PDF-1.4 final agenda of 25-26 March 2009"
    )
    (settings.MEDIA_ROOT / "notes").mkdir()
    (settings.MEDIA_ROOT / "notes" / "IC-2009-5.pdf").write_bytes(b"%PDF-1.4 IC/2009/5")
    return settings.MEDIA_ROOT


def test_a_backup_restores_every_row_and_every_media_file(second_database, media, tmp_path):
    workshop = WorkshopFactory(title="Human Rights and Migration: Working Together")
    SessionFactory.create_batch(3, workshop=workshop)
    UserFactory.create_batch(4)
    call_command("backup", output_dir=str(tmp_path / "backups"))
    (backup_dir,) = (tmp_path / "backups").iterdir()
    manifest = json.loads((backup_dir / "manifest.json").read_text())
    assert sorted(p.name for p in backup_dir.iterdir()) == [
        "database.dump",
        "manifest.json",
        "media.tar",
    ]
    assert oct(backup_dir.stat().st_mode & 0o777) == "0o700"  # personal data inside
    assert {oct(p.stat().st_mode & 0o777) for p in backup_dir.iterdir()} == {"0o600"}
    assert manifest["database"]["tables"]["workshops_workshop"] == 1
    assert manifest["database"]["tables"]["workshops_session"] == 3
    assert sorted(manifest["media"]["files"]) == [
        "notes/IC-2009-5.pdf",
        "workshop-documents/2009/agenda.pdf",
    ]

    restored_media = tmp_path / "restored-media"
    call_command(
        "restore",
        str(backup_dir),
        database_url=_url(second_database),
        media_root=str(restored_media),
    )

    source = _counts(connection.settings_dict["NAME"])
    assert len(source) > 30  # every table of the portal, not a handful
    assert _counts(second_database) == source == manifest["database"]["tables"]
    assert backups.media_digest(backups.media_hashes(restored_media)) == backups.media_digest(
        backups.media_hashes(media)
    )
    assert (restored_media / "notes" / "IC-2009-5.pdf").read_bytes() == b"%PDF-1.4 IC/2009/5"
    target = psycopg.connect(**_params(second_database))
    try:
        with target.cursor() as cursor:
            cursor.execute("SELECT title FROM workshops_workshop")
            assert cursor.fetchall() == [("Human Rights and Migration: Working Together",)]
    finally:
        target.close()


def test_a_restore_refuses_a_database_that_is_not_empty(media, tmp_path):
    backup_dir = backups.create_backup(tmp_path / "backups")
    with pytest.raises(CommandError, match=r"is not empty \(\d+ tables\): a backup is restored"):
        call_command("restore", str(backup_dir), media_root=str(tmp_path / "new-media"))
    assert not (tmp_path / "new-media").exists()


def test_a_restore_refuses_a_part_that_does_not_match_the_manifest(
    second_database, media, tmp_path
):
    backup_dir = backups.create_backup(tmp_path / "backups")
    with Path(backup_dir / "media.tar").open("ab") as part:
        part.write(b"\0")
    with pytest.raises(CommandError, match=r"media\.tar does not match the manifest.s SHA-256"):
        call_command(
            "restore",
            str(backup_dir),
            database_url=_url(second_database),
            media_root=str(tmp_path / "new-media"),
        )
    assert _counts(second_database) == {}
