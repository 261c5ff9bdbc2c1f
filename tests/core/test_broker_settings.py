"""The broker's visibility timeout against the outbox's retries: a retried mail waits in a
worker, unacknowledged, for its countdown; Redis hands a task unacknowledged past the
visibility timeout to a second worker."""

import subprocess
import sys

from django.conf import settings

from idm_portal.core.services import outbox
from tests.conftest import ROOT


def test_the_visibility_timeout_is_above_every_retry_countdown():
    timeout = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    longest = max(outbox.backoff_delay(attempts) for attempts in range(1, 64))
    assert longest == settings.MAIL_RETRY_BACKOFF_MAX
    assert timeout > settings.MAIL_RETRY_BACKOFF_MAX
    assert timeout > settings.MAIL_SENDING_TIMEOUT


def test_a_visibility_timeout_below_the_longest_backoff_stops_start_up():
    env = {
        "DEBUG": "true",
        "MAIL_RETRY_BACKOFF_MAX": "7200",
        "CELERY_VISIBILITY_TIMEOUT": "3600",
        "PATH": "/usr/bin:/bin",
    }
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "idm_portal.settings"},
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "CELERY_VISIBILITY_TIMEOUT must be above MAIL_RETRY_BACKOFF_MAX" in result.stderr
