"""The production deployment files (Dockerfile, docker-compose.yml, .env.example) agree with
each other and with the code: the services exist, their commands name real modules, every
variable is one the settings read and every variable the settings read is documented.

No Docker engine is needed: the files are read as text and YAML. No database either. The
commands the image and the services run are run, container-free, by
tests/test_deployment_run.py."""

import re
from pathlib import Path

import environ
import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = ROOT / "idm_portal" / "settings.py"
COMPOSE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"
ENV_EXAMPLE = ROOT / ".env.example"

PORTAL_SERVICES = ("web", "worker", "beat")
# Variables of .env.example that the postgres image reads, not the portal's settings.
POSTGRES_ONLY = {"POSTGRES_PASSWORD"}

SETTINGS_READS = [
    r"\benv(?:\.\w+)?\(\s*[\"'](\w+)[\"']",  # env.str("X", ...), env.bool(...), env("X")
    r"\b_url_setting\(\s*[\"'](\w+)[\"']",  # _url_setting("DATABASE_URL", ...)
    r"\bos\.environ(?:\.get)?[\[(]\s*[\"'](\w+)[\"']",  # os.environ["X"], .get("X")
    r"\bos\.getenv\(\s*[\"'](\w+)[\"']",
]


def settings_text():
    return SETTINGS.read_text(encoding="utf-8")


def settings_variables():
    text = settings_text()
    return {name for pattern in SETTINGS_READS for name in re.findall(pattern, text)}


def compose():
    return yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))


def service(name):
    return compose()["services"][name]


def env_example():
    """The variables of .env.example, in order, with the comment lines just above each."""
    entries = {}
    comments = []
    for number, line in enumerate(ENV_EXAMPLE.read_text(encoding="utf-8").splitlines(), 1):
        stripped = line.strip()
        if not stripped:
            comments = []
        elif stripped.startswith("#"):
            comments.append(stripped)
        else:
            match = re.fullmatch(r"([A-Z][A-Z0-9_]*)=(.*)", stripped)
            assert match, f".env.example line {number} is not NAME=value: {line!r}"
            name, value = match.groups()
            assert name not in entries, f".env.example sets {name} twice"
            entries[name] = {"value": value, "comments": comments}
            comments = []
    return entries


def env_value(name):
    return env_example()[name]["value"]


def command_words(spec):
    """A compose command (string or list) as one string, shell words included."""
    return spec if isinstance(spec, str) else " ".join(str(part) for part in spec)


def compose_interpolations():
    """Every ${VAR} / $VAR that Compose would substitute, with the service it appears in."""
    found = set()

    def walk(node, where):
        if isinstance(node, dict):
            for key, value in node.items():
                walk(value, where)
                walk(key, where)
        elif isinstance(node, list):
            for item in node:
                walk(item, where)
        elif isinstance(node, str):
            text = node.replace("$$", "")  # $$ is a literal dollar in Compose
            for name in re.findall(r"\$\{?([A-Za-z_]\w*)", text):
                found.add((name, where))

    data = compose()
    for name, spec in data["services"].items():
        walk(spec, name)
    walk({key: value for key, value in data.items() if key != "services"}, "(top level)")
    return found


def test_settings_read_variables_at_all():
    assert len(settings_variables()) > 10, (
        "the settings parser of this test found almost no env.*(...) calls in settings.py; "
        "the regular expressions in SETTINGS_READS no longer match how settings.py reads "
        "the environment"
    )


def test_compose_has_no_obsolete_version_key():
    assert "version" not in compose(), (
        "docker-compose.yml has a top-level `version:` key, obsolete in the Compose spec"
    )


@pytest.mark.parametrize("name", ["postgres", "redis", *PORTAL_SERVICES])
def test_service_exists(name):
    assert name in compose().get("services", {}), f"docker-compose.yml has no `{name}` service"


@pytest.mark.parametrize("name", PORTAL_SERVICES)
def test_portal_services_build_the_dockerfile(name):
    build = service(name).get("build")
    assert build is not None, f"service {name} has no `build:`; it must run the portal image"
    context = build if isinstance(build, str) else build.get("context", ".")
    dockerfile = "Dockerfile" if isinstance(build, str) else build.get("dockerfile", "Dockerfile")
    path = (ROOT / context / dockerfile).resolve()
    assert path == DOCKERFILE.resolve(), f"service {name} builds {path}, not {DOCKERFILE}"
    assert path.is_file(), f"service {name} builds {path}, which does not exist"


@pytest.mark.parametrize("name", PORTAL_SERVICES)
def test_portal_services_read_env_file_and_wait_for_healthy_services(name):
    spec = service(name)
    env_files = spec.get("env_file")
    env_files = [env_files] if isinstance(env_files, str) else env_files or []
    paths = [item if isinstance(item, str) else item.get("path") for item in env_files]
    assert ".env" in paths, f"service {name} does not load `env_file: .env`"
    depends = spec.get("depends_on") or {}
    for needed in ("postgres", "redis"):
        assert isinstance(depends, dict), f"service {name} has depends_on without conditions"
        assert needed in depends, f"service {name} does not depend on {needed}"
        assert depends[needed].get("condition") == "service_healthy", (
            f"service {name} starts before {needed} is healthy "
            f"(depends_on.{needed}.condition is not service_healthy)"
        )


@pytest.mark.parametrize(("name", "probe"), [("postgres", "pg_isready"), ("redis", "redis-cli")])
def test_backing_services_have_healthchecks(name, probe):
    test = (service(name).get("healthcheck") or {}).get("test")
    assert test, f"service {name} has no healthcheck, so service_healthy never holds"
    assert probe in command_words(test), f"the healthcheck of {name} does not use {probe}"


def test_variables_of_env_example_are_read_by_settings():
    text = settings_text()
    for name in env_example():
        if name in POSTGRES_ONLY:
            continue
        assert f'"{name}"' in text or f"'{name}'" in text, (
            f".env.example sets {name}, which idm_portal/settings.py never reads"
        )


def test_every_variable_the_settings_read_is_documented_in_env_example():
    documented = env_example()
    missing = sorted(settings_variables() - documented.keys())
    assert not missing, f"settings.py reads {', '.join(missing)}, not documented in .env.example"


def test_every_variable_of_env_example_has_a_comment():
    for name, entry in env_example().items():
        assert entry["comments"], f".env.example sets {name} without a comment line above it"
        assert "default" in " ".join(entry["comments"]).lower(), (
            f"the comment of {name} in .env.example does not say its default"
        )


def test_compose_variables_are_read_by_settings_or_are_the_postgres_ones():
    text = settings_text()
    for name, where in compose_interpolations():
        if name in POSTGRES_ONLY:
            assert where == "postgres", (
                f"docker-compose.yml uses ${{{name}}} in {where}; it belongs to postgres only"
            )
            continue
        assert f'"{name}"' in text, (
            f"docker-compose.yml uses ${{{name}}} (in {where}), which settings.py never reads"
        )
    for name in POSTGRES_ONLY:
        assert (name, "postgres") in compose_interpolations(), (
            f".env.example sets {name} for the postgres service, which does not use it"
        )
    for name in PORTAL_SERVICES:
        environment = service(name).get("environment") or {}
        keys = (
            environment.keys()
            if isinstance(environment, dict)
            else [item.split("=", 1)[0] for item in environment]
        )
        for key in keys:
            assert f'"{key}"' in text, (
                f"service {name} sets {key} in `environment:`, which settings.py never reads"
            )


def test_env_example_urls_parse_and_point_at_the_compose_services():
    database = environ.Env.db_url_config(env_value("DATABASE_URL"))
    assert database["ENGINE"] == "django.db.backends.postgresql", (
        "DATABASE_URL in .env.example is not a PostgreSQL URL"
    )
    assert database["HOST"] == "postgres", (
        "DATABASE_URL in .env.example is not the postgres service"
    )
    postgres_env = service("postgres").get("environment") or {}
    assert database["USER"] == postgres_env.get("POSTGRES_USER"), (
        "the user of DATABASE_URL is not the POSTGRES_USER of the postgres service"
    )
    assert database["NAME"] == postgres_env.get("POSTGRES_DB"), (
        "the database of DATABASE_URL is not the POSTGRES_DB of the postgres service"
    )
    assert database["PASSWORD"] == env_value("POSTGRES_PASSWORD"), (
        "the password in DATABASE_URL differs from POSTGRES_PASSWORD in .env.example"
    )
    assert env_value("CELERY_BROKER_URL") == "redis://redis:6379/0", (
        "CELERY_BROKER_URL in .env.example is not the redis service, database 0"
    )
    cache = environ.Env.cache_url_config(env_value("CACHE_URL"))
    assert "redis" in cache["BACKEND"].lower(), "CACHE_URL in .env.example is not a Redis cache"
    assert "redis:6379" in cache["LOCATION"], "CACHE_URL in .env.example is not the redis service"
    email = environ.Env.email_url_config(env_value("EMAIL_URL"))
    assert email["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend", (
        "EMAIL_URL in .env.example is not an SMTP URL"
    )


def test_env_example_runs_in_production_mode():
    assert env_value("DEBUG").lower() in ("false", "0", "off", "no"), "DEBUG is on in .env.example"
    assert env_value("SECRET_KEY"), "SECRET_KEY is empty in .env.example"
    hosts = [host.strip() for host in env_value("ALLOWED_HOSTS").split(",")]
    assert "127.0.0.1" in hosts, (
        "ALLOWED_HOSTS in .env.example lacks 127.0.0.1, so the web healthcheck gets a 400"
    )


def volume_mounts(name):
    """(source, target) of each volume of a service, in short or long syntax."""
    mounts = []
    for volume in service(name).get("volumes") or []:
        if isinstance(volume, str):
            source, _, rest = volume.partition(":")
            mounts.append((source, rest.split(":")[0]))
        else:
            mounts.append((volume.get("source"), volume.get("target")))
    return mounts


def test_named_volumes_hold_postgres_data_and_media():
    declared = compose().get("volumes") or {}
    postgres = dict(volume_mounts("postgres"))
    data = [source for source, target in postgres.items() if target == "/var/lib/postgresql/data"]
    assert data, "service postgres keeps /var/lib/postgresql/data in no volume"
    assert data[0] in declared, f"the postgres data volume {data[0]} is not declared"
    assert "media" in declared, "docker-compose.yml declares no `media` volume"
    media_root = env_value("MEDIA_ROOT")
    for name in ("web", "worker"):
        assert ("media", media_root) in volume_mounts(name), (
            f"service {name} does not mount the media volume at MEDIA_ROOT ({media_root})"
        )


def test_dockerfile_base_image_requirements_and_static_files():
    text = DOCKERFILE.read_text(encoding="utf-8")
    base = re.search(r"^FROM\s+(\S+)", text, re.M)
    assert base, "the Dockerfile has no FROM line"
    assert base.group(1).startswith("python:3.11"), (
        f"the Dockerfile builds on {base.group(1)}, not python:3.11"
    )
    assert re.search(r"pip install[^\n]*-r requirements\.txt", text), (
        "the Dockerfile does not pip install -r requirements.txt"
    )
    assert "requirements-dev" not in text, "the Dockerfile installs the dev requirements"
    assert re.search(r"^USER\s+(?!root\b)\S+", text, re.M), "the Dockerfile runs as root"
    assert re.search(r"^EXPOSE\s+8000\b", text, re.M), "the Dockerfile does not EXPOSE 8000"
    static_root = re.search(r"\bSTATIC_ROOT=(\S+)", text)
    assert static_root, "the Dockerfile does not set STATIC_ROOT, where it collects static files"
    assert static_root.group(1) == env_value("STATIC_ROOT"), (
        f"static files are collected to {static_root.group(1)} but .env.example's "
        f"STATIC_ROOT is {env_value('STATIC_ROOT')}, where whitenoise would look"
    )
    for package in ("libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0"):
        assert package in text, f"the Dockerfile does not install {package} for WeasyPrint"


def test_gunicorn_and_celery_are_in_requirements():
    requirements = (ROOT / "requirements.txt").read_text(encoding="utf-8").lower()
    for package in ("gunicorn", "celery", "whitenoise", "psycopg"):
        assert re.search(rf"^{package}", requirements, re.M), (
            f"requirements.txt lacks {package}, which the containers run"
        )
