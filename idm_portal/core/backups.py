"""Backups of the portal: the PostgreSQL database (``pg_dump -Fc``) and the media files (a
tar), with a manifest (JSON) that lets a restore check what it reads.

A backup is a directory ``idm-backup-<UTC time>/`` holding ``database.dump``, ``media.tar``
and ``manifest.json``: the time, the portal's version (git commit when known), the row
count of every table (counted in the very snapshot that ``pg_dump`` dumps), the SHA-256 of
every media file and of each part. A restore checks the parts' hashes before it touches
anything, goes only into an empty database and an empty media directory, and checks the row
counts and the media hashes after.
"""

import datetime as dt
import hashlib
import json
import os
import subprocess
import tarfile
from pathlib import Path

import environ
import psycopg
from django.conf import settings
from django.db import connection

MANIFEST = "manifest.json"
DATABASE_PART = "database.dump"
MEDIA_PART = "media.tar"
FORMAT = 1


class BackupError(Exception):
    """A backup or a restore that cannot go on; the message says why, in one sentence."""


def _sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def media_hashes(media_root):
    """{relative path: sha256} of every file under ``media_root`` (empty when absent)."""
    root = Path(media_root)
    if not root.is_dir():
        return {}
    return {
        path.relative_to(root).as_posix(): _sha256(path)
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def media_digest(hashes):
    """One hash of a whole media tree: its paths and their contents' hashes."""
    return hashlib.sha256(json.dumps(hashes, sort_keys=True).encode()).hexdigest()


def database_params(database_url=None):
    """Connection parameters of ``database_url``, or of the portal's own database."""
    config = environ.Env.db_url_config(database_url) if database_url else connection.settings_dict
    if "postgresql" not in config["ENGINE"]:
        raise BackupError("Backups need PostgreSQL: DATABASE_URL names another database.")
    return {
        "dbname": config["NAME"],
        "user": config.get("USER") or None,
        "password": config.get("PASSWORD") or None,
        "host": config.get("HOST") or None,
        "port": str(config["PORT"]) if config.get("PORT") else None,
    }


def _pg_env(params):
    env = dict(os.environ)
    for variable, key in (
        ("PGUSER", "user"),
        ("PGPASSWORD", "password"),
        ("PGHOST", "host"),
        ("PGPORT", "port"),
    ):
        env.pop(variable, None)
        if params[key]:
            env[variable] = params[key]
    return env


def _connect(params) -> psycopg.Connection:
    return psycopg.connect(**{key: value for key, value in params.items() if value})


def _tables(cursor):
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
    return [row[0] for row in cursor.fetchall()]


def row_counts(cursor):
    """{table: rows} for every table of the public schema."""
    counts = {}
    for table in _tables(cursor):
        cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 - names from pg_tables
        counts[table] = cursor.fetchone()[0]
    return counts


def _git_commit():
    commit = os.environ.get("GIT_COMMIT", "")
    if commit:
        return commit
    try:
        result = subprocess.run(
            ["git", "rev-parse", "HEAD"],  # noqa: S607 - git from PATH, read-only
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except OSError:
        return ""
    return result.stdout.strip() if result.returncode == 0 else ""


def _run(command, env, what):
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603 - fixed programs, our arguments
    if result.returncode != 0:
        raise BackupError(f"{what} failed: {result.stderr.strip() or result.returncode}")


def create_backup(output_dir, *, media_root=None, now=None):
    """Write a backup of the portal's database and media files under ``output_dir``.
    Returns the path of the new backup directory."""
    media_root = Path(media_root or settings.MEDIA_ROOT)
    now = now or dt.datetime.now(dt.UTC)
    target = Path(output_dir) / f"idm-backup-{now:%Y%m%dT%H%M%S%fZ}"
    # Personal data inside: readable by the portal's user only.
    Path(output_dir).mkdir(parents=True, exist_ok=True)
    target.mkdir(mode=0o700)
    params = database_params()
    # Count the rows in the snapshot that pg_dump dumps: the manifest matches the dump even
    # while the portal writes.
    source = _connect(params)
    try:
        source.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        source.read_only = True
        with source.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot(), current_setting('server_version')")
            # A SELECT of two values answers one row.
            snapshot, server_version = cursor.fetchone()  # type: ignore[misc]
            counts = row_counts(cursor)
            _run(
                ["pg_dump", "-Fc", f"--snapshot={snapshot}", "--no-owner",
                 "-f", str(target / DATABASE_PART), params["dbname"]],
                _pg_env(params),
                "pg_dump",
            )  # fmt: skip
    finally:
        source.close()
    hashes = media_hashes(media_root)
    with tarfile.open(target / MEDIA_PART, "w") as archive:
        for relative in hashes:
            archive.add(media_root / relative, arcname=relative, recursive=False)
    manifest = {
        "format": FORMAT,
        "created_at": now.isoformat(),
        "portal": {"git_commit": _git_commit(), "version": os.environ.get("PORTAL_VERSION", "")},
        "database": {
            "name": params["dbname"],
            "server_version": server_version,
            "tables": counts,
        },
        "media": {"files": hashes, "sha256": media_digest(hashes)},
        "parts": {
            DATABASE_PART: _sha256(target / DATABASE_PART),
            MEDIA_PART: _sha256(target / MEDIA_PART),
        },
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True))
    for part in (DATABASE_PART, MEDIA_PART, MANIFEST):
        (target / part).chmod(0o600)
    return target


def read_manifest(backup_dir):
    """The manifest of a backup, once every part's hash is checked."""
    backup_dir = Path(backup_dir)
    try:
        manifest = json.loads((backup_dir / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise BackupError(f"{backup_dir} has no readable {MANIFEST}: {error}") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{MANIFEST} is of format {manifest.get('format')!r}, not {FORMAT}.")
    for part, expected in manifest["parts"].items():
        path = backup_dir / part
        if not path.is_file():
            raise BackupError(f"The part {part} of the backup is missing.")
        if _sha256(path) != expected:
            raise BackupError(f"The part {part} does not match the manifest's SHA-256.")
    return manifest


def restore_backup(backup_dir, *, database_url=None, media_root=None):
    """Restore a backup into an EMPTY database (the portal's own, or ``database_url``) and an
    empty media directory; check the row counts and media hashes after. Returns the
    manifest."""
    backup_dir = Path(backup_dir)
    media_root = Path(media_root or settings.MEDIA_ROOT)
    manifest = read_manifest(backup_dir)
    params = database_params(database_url)
    target = _connect(params)
    try:
        with target.cursor() as cursor:
            tables = _tables(cursor)
        target.rollback()
        if tables:
            raise BackupError(
                f"The database {params['dbname']} is not empty ({len(tables)} tables): a "
                "backup is restored only into an empty database. Create a new database (or "
                "drop and re-create this one), then restore again."
            )
        if media_root.exists() and any(media_root.iterdir()):
            raise BackupError(
                f"The media directory {media_root} is not empty: a backup is restored only "
                "into an empty or new media directory."
            )
        _run(
            ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error",
             "-d", params["dbname"], str(backup_dir / DATABASE_PART)],
            _pg_env(params),
            "pg_restore",
        )  # fmt: skip
        with target.cursor() as cursor:
            counts = row_counts(cursor)
        target.rollback()
    finally:
        target.close()
    if counts != manifest["database"]["tables"]:
        differ = sorted(
            table
            for table in set(counts) | set(manifest["database"]["tables"])
            if counts.get(table) != manifest["database"]["tables"].get(table)
        )
        raise BackupError(f"The restored row counts differ from the manifest: {differ}")
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(backup_dir / MEDIA_PART) as archive:
        archive.extractall(media_root, filter="data")
    if media_hashes(media_root) != manifest["media"]["files"]:
        raise BackupError("The restored media files differ from the manifest's hashes.")
    return manifest
