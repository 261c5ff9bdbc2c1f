"""IDM Portal settings: one module, every value from the environment.

The defaults are the embedded first-look mode of docs/design.md ("make run"): an SQLite file
under var/, tasks run in-process, e-mail written as files under var/mail/. Production sets
DATABASE_URL, CELERY_BROKER_URL, EMAIL_URL, SECRET_KEY and ALLOWED_HOSTS (see .env.example).

Over the 400-line budget on purpose: one settings module shows every value and the variable
that sets it in one place, one commented section per concern (split settings modules would
import one another in an order to keep).
"""

import warnings
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()


def _stop(sentence):
    """Stop start-up with one clear sentence on stderr instead of a traceback."""
    raise SystemExit(f"IDM Portal cannot start: {sentence}")


def _url_setting(name, default, parse, *, required_key):
    """Parse a URL setting with django-environ; stop with one sentence if it is malformed
    (django-environ raises for some errors and silently returns an empty engine for
    others)."""
    value = env.str(name, default=default)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            config = parse(value)
    except Exception as error:  # django-environ raises several kinds; all mean the same here
        _stop(f"{name} is not a valid URL ({error}); see .env.example for its form.")
    if not str(config.get(required_key) or "").startswith(("django.", "django_")):
        _stop(f"{name} is not a valid URL (unknown scheme); see .env.example for its form.")
    return config


DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
if not DEBUG and not SECRET_KEY:
    _stop("SECRET_KEY is not set and DEBUG is off; set SECRET_KEY in the environment.")
if not DEBUG and not ALLOWED_HOSTS:
    _stop("ALLOWED_HOSTS is not set and DEBUG is off; set ALLOWED_HOSTS in the environment.")
if DEBUG and not SECRET_KEY:
    SECRET_KEY = "insecure-development-key-only-for-debug"  # noqa: S105 - DEBUG only
if DEBUG and not ALLOWED_HOSTS:
    ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # Before the admin: per-language columns (title_en, title_fr, title_es) for what the
    # Secretariat writes; see the README's "Content in three languages".
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.sitemaps",
    "django.contrib.humanize",  # allauth's security-key list uses naturaltime
    "csp",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_countries",
    "django_filters",
    "simple_history",
    "rest_framework",
    "drf_spectacular",
    "idm_portal.core",
    "workshops",
    "consultations",
    "idm_portal",  # the top floor: load_demo, which composes every app
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "idm_portal.core.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "idm_portal.core.middleware.RefuseNulBytesMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Accounts: Secretariat members and staff set up MFA before any other page opens.
    "idm_portal.core.middleware.SecretariatMfaMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "idm_portal.urls"
WSGI_APPLICATION = "idm_portal.wsgi.application"
SITE_ID = 1

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "idm_portal.core.context_processors.roles",
            ],
        },
    },
]

if "DATABASE_URL" not in env:
    VAR_DIR.mkdir(exist_ok=True)  # the embedded default keeps its SQLite file there
DATABASES = {
    "default": _url_setting(
        "DATABASE_URL",
        f"sqlite:///{VAR_DIR / 'idm_portal.sqlite3'}",
        env.db_url_config,
        required_key="ENGINE",
    )
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": _url_setting(
        "CACHE_URL", "locmemcache://", env.cache_url_config, required_key="BACKEND"
    )
}
# Accounts: a Redis cache fails open (idm_portal/core/cache.py) and gives up fast, so that
# log-in, sign-up and password reset still answer while Redis is down.
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    CACHES["default"]["BACKEND"] = "idm_portal.core.cache.FailOpenRedisCache"
    CACHES["default"].setdefault("OPTIONS", {}).update(
        {"socket_connect_timeout": 1, "socket_timeout": 1}
    )

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# django-allauth: e-mail is the login, and it must be verified before the account is used.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SIGNUP_FORM_CLASS = "idm_portal.core.forms.SignupDetailsForm"
ACCOUNT_ADAPTER = "idm_portal.core.adapters.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[IDM] "
# Accounts: sign-up and password reset answer alike whether or not the address has an
# account (allauth e-mails "you already have an account" / "no account" instead); the sign-up
# form also hashes the password in both cases, so that both take the same time.
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = True
ACCOUNT_FORMS = {"signup": "idm_portal.core.signup.SignupForm"}

# Accounts: allauth's MFA (TOTP with recovery codes, WebAuthn security keys), required of
# every Secretariat member and staff user (idm_portal/core/middleware.py).
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_ADAPTER = "idm_portal.core.adapters.MfaAdapter"
MFA_TOTP_ISSUER = "IDM Portal"
# A code of the previous or next 30 seconds is taken too: phones' clocks drift.
MFA_TOTP_TOLERANCE = 1
# Browsers allow WebAuthn on http://localhost only; allauth must be told in development.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# What the Secretariat writes (titles, descriptions, places...) has a column per language;
# a missing French or Spanish text falls back to the English one (see */translation.py).
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = ("en", "fr", "es")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
# Workshop(title=...) made on a French page fills the English column too (never left empty).
MODELTRANSLATION_AUTO_POPULATE = "default"
TIME_ZONE = "Europe/Zurich"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=str(VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_URL = "/media/"
# Uploaded documents (PDF, DOCX, PPTX, XLSX) may not be larger than this.
DOCUMENT_MAX_UPLOAD_MB = env.int("DOCUMENT_MAX_UPLOAD_MB", default=20)
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(VAR_DIR / "media"))
# Where `manage.py backup` writes its backups (see the README's Backups section).
BACKUP_DIR = env.path("BACKUP_DIR", default=str(VAR_DIR / "backups"))

_email = _url_setting(
    "EMAIL_URL",
    f"filemail://{VAR_DIR / 'mail'}",
    env.email_url_config,
    required_key="EMAIL_BACKEND",
)
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email.get("EMAIL_HOST") or "localhost"
EMAIL_PORT = _email.get("EMAIL_PORT") or 25
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER") or ""
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD") or ""
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
if _email.get("EMAIL_FILE_PATH"):
    # django-environ drops the leading slash of an absolute path; the file form is always
    # an absolute path in this project.
    EMAIL_FILE_PATH = "/" + _email["EMAIL_FILE_PATH"].lstrip("/")
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="IDM Secretariat <idm@iom.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# The e-mail outbox (idm_portal.core.services.outbox).
MAIL_MAX_ATTEMPTS = env.int("MAIL_MAX_ATTEMPTS", default=5)
MAIL_RETRY_BACKOFF = env.int("MAIL_RETRY_BACKOFF", default=30)  # seconds, doubled each time
MAIL_RETRY_BACKOFF_MAX = env.int("MAIL_RETRY_BACKOFF_MAX", default=3600)
MAIL_SWEEP_AFTER = env.int("MAIL_SWEEP_AFTER", default=120)  # seconds a row may wait queued
MAIL_SWEEP_INTERVAL = env.int("MAIL_SWEEP_INTERVAL", default=60)
MAIL_SENDING_TIMEOUT = env.int("MAIL_SENDING_TIMEOUT", default=900)
# /healthz?ready checks the database, the broker and the workers at most this often (seconds);
# monitors asking more often read the last answer.
HEALTH_CACHE_SECONDS = env.int("HEALTH_CACHE_SECONDS", default=5)

# Theme consultations: focal points of member states that have not voted are reminded this
# many days before a voting round closes.
VOTE_REMINDER_DAYS = env.int("VOTE_REMINDER_DAYS", default=3)
# Secret rounds: held choices move to the ballot box once this many wait (or at the close).
SECRET_BALLOT_BATCH = env.int("SECRET_BALLOT_BATCH", default=1)
# Messages per minute one worker process sends ("600/m"; Celery's rate_limit of the deliver
# task); empty for no limit.
MAIL_RATE_LIMIT = env.str("MAIL_RATE_LIMIT", default="")
# How many due mails one worker claims at once and sends over one SMTP connection (fewer when
# MAIL_RATE_LIMIT would make a batch outlast half of MAIL_SENDING_TIMEOUT).
MAIL_BATCH_SIZE = env.int("MAIL_BATCH_SIZE", default=50)
# The worker marks each message sent in a commit of its own, right after the SMTP server's 250
# and before the next message. false (the default): that commit does not wait for the disk
# (PostgreSQL's synchronous_commit off, for the worker's marks only): a killed worker still
# sends nothing twice, and a crash of the database server itself may lose the marks of the
# last ~0.6 s of messages, which the sweep then sends again (same Message-ID). true: each
# mark waits for the disk (one message at most, even then; far slower per message).
MAIL_SYNCHRONOUS_MARKS = env.bool("MAIL_SYNCHRONOUS_MARKS", default=False)
# Invitations: a reminder this many days before registration closes; how often
# beat looks for invitations whose time has come and for reminders due.
INVITATION_REMINDER_DAYS = env.int("INVITATION_REMINDER_DAYS", default=7)
INVITATION_BEAT_INTERVAL = env.int("INVITATION_BEAT_INTERVAL", default=60)
# Passport details entered for visa support letters (and the letters' PDFs) are erased this
# many days after the workshop ends.
PASSPORT_RETENTION_DAYS = env.int("PASSPORT_RETENTION_DAYS", default=30)

# Added to a Celery worker's CPU niceness when it starts (0 to 19): the web processes go
# first on a machine they share with the worker (idm_portal/celery.py).
WORKER_NICENESS = env.int("WORKER_NICENESS", default=10)
if not 0 <= WORKER_NICENESS <= 19:  # the range of nice(1)
    _stop("WORKER_NICENESS must be between 0 and 19.")

# Celery: with no broker the tasks run in-process, in the request that queues them.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_TASK_DEFAULT_QUEUE", default="idm_portal")
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
# A request that queues a task must answer even when the broker is down: fail fast, keep the
# row, and let the periodic sweep enqueue it again.
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_PUBLISH_RETRY = False
# Redis hands a task that a worker took and has not acknowledged (acks late) to another
# worker after the visibility timeout. A mail retried with a countdown (up to
# MAIL_RETRY_BACKOFF_MAX) is held unacknowledged by the worker until its time comes: a
# visibility timeout shorter than that would hand the same task to a second worker, again and
# again. So it is the longest back-off plus a margin for a busy queue, never less.
CELERY_VISIBILITY_TIMEOUT = env.int(
    "CELERY_VISIBILITY_TIMEOUT", default=MAIL_RETRY_BACKOFF_MAX + 3600
)
if CELERY_VISIBILITY_TIMEOUT <= MAIL_RETRY_BACKOFF_MAX:
    raise ImproperlyConfigured(
        "CELERY_VISIBILITY_TIMEOUT must be above MAIL_RETRY_BACKOFF_MAX (the longest countdown "
        "of a retried mail), or the broker hands a waiting retry to a second worker."
    )
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 1,
    "socket_timeout": 2,
    "max_retries": 0,
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
}
CELERY_BEAT_SCHEDULE = {
    # Webhooks: re-queue deliveries a killed worker left, post those due (retries).
    "sweep-webhooks": {"task": "core.sweep_webhooks", "schedule": 30.0},
    "sweep-outbox": {"task": "core.sweep_outbox", "schedule": float(MAIL_SWEEP_INTERVAL)},
    # Theme consultations: remind member states that have not voted (once per round).
    "send-vote-reminders": {"task": "consultations.send_vote_reminders", "schedule": 3600.0},
    # Secret rounds: held choices left by a broker that was down, or waiting for the close.
    "move-secret-choices": {"task": "consultations.move_due_secret_choices", "schedule": 300.0},
    # Theme consultations: the number of eligible member states is fixed at a round's close.
    "close-due-rounds": {"task": "consultations.close_due_rounds", "schedule": 60.0},
    # Invitations
    "send-due-invitations": {
        "task": "workshops.send_due_invitations",
        "schedule": float(INVITATION_BEAT_INTERVAL),
    },
    # Visa support letters: erase passport details PASSPORT_RETENTION_DAYS after a workshop.
    "erase-expired-passport-details": {
        "task": "workshops.erase_expired_passport_details",
        "schedule": 3600.0,
    },
    "send-invitation-reminders": {
        "task": "workshops.send_invitation_reminders",
        "schedule": float(INVITATION_BEAT_INTERVAL) * 10,
    },
}
CELERY_TIMEZONE = TIME_ZONE

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
COUNTRIES_FIRST = []

# HTTPS and response headers (README, "Security"). With DEBUG off the portal assumes it is
# served over HTTPS (a TLS proxy in front): Secure cookies and HSTS. PLAIN_HTTP=true is the
# explicit opt-out for a deployment that really serves plain HTTP (a closed test network).
PLAIN_HTTP = env.bool("PLAIN_HTTP", default=False)
_HTTPS = not DEBUG and not PLAIN_HTTP
SESSION_COOKIE_SECURE = _HTTPS
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# Trust X-Forwarded-Proto only behind a TLS proxy that sets it (never when gunicorn faces
# the network itself: any client could claim https).
if env.bool("BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Plain-HTTP requests are redirected to HTTPS, except the container healthcheck's /healthz.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# HSTS (sent on HTTPS responses only): a year by default, subdomains included.
SECURE_HSTS_SECONDS = env.int("HSTS_SECONDS", default=31_536_000) if _HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("HSTS_INCLUDE_SUBDOMAINS", default=True)
# Preloading is a promise about the whole domain that only its owner can make: off unless
# asked, and then check --deploy's reminder about it (security.W021) is silenced on purpose.
SECURE_HSTS_PRELOAD = env.bool("HSTS_PRELOAD", default=False)
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Django's own CSRF page has an inline <style> that the Content-Security-Policy refuses.
CSRF_FAILURE_VIEW = "idm_portal.views.csrf_failure"
# Browser features no page of the portal uses (idm_portal.core.middleware).
PERMISSIONS_POLICY = {
    "accelerometer": [], "camera": [], "display-capture": [], "geolocation": [],
    "gyroscope": [], "magnetometer": [], "microphone": [], "midi": [], "payment": [],
    "usb": [], "browsing-topics": [],
}  # fmt: skip
# Content-Security-Policy (django-csp): everything from the portal itself; no inline script
# or style (templates carry none: static/js and static/css hold them). Bootstrap's CSS draws
# a few icons from data: URLs.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# The client address that allauth's rate limits count: behind proxies, the number of them
# that append to X-Forwarded-For (the last N entries are theirs; what a client put before
# them is ignored), or the header one trusted proxy sets to the client's address. Both empty:
# the socket's address, and X-Forwarded-For is ignored.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env.str("TRUSTED_CLIENT_IP_HEADER", default="") or None

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django": {"level": "INFO", "propagate": True},
        "weasyprint": {"level": "WARNING"},  # its INFO is a line per layout step
        "fontTools": {"level": "WARNING"},
    },
}
SITE_DOMAIN = env.str("SITE_DOMAIN", default="127.0.0.1:8000")
DEMO_PASSWORD = env.str("DEMO_PASSWORD", default="")
# Accounts: the demo Secretariat account's TOTP secret (base32); generated once if empty.
DEMO_TOTP_SECRET = env.str("DEMO_TOTP_SECRET", default="")
FORMAT_MODULE_PATH = ["idm_portal.formats"]


# --- REST API under /api/v1/ (idm_portal/core/api: tokens, problem details, pagination) ---
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["idm_portal.core.api.authentication.ApiTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "idm_portal.core.api.pagination.CursorPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_THROTTLE_CLASSES": ["idm_portal.core.api.throttling.PerTokenThrottle"],
    "DEFAULT_SCHEMA_CLASS": "idm_portal.core.api.schema.ApiSchema",
    "EXCEPTION_HANDLER": "idm_portal.core.api.problems.problem_details_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # The rate limit without a token is per client address: REMOTE_ADDR, or behind N proxies
    # the address they add to X-Forwarded-For (a client cannot choose its own).
    "NUM_PROXIES": env.int("API_NUM_PROXIES", default=0),
}
# Requests per minute: per API token, and per client address without one.
API_RATE_PER_TOKEN = env("API_RATE_PER_TOKEN", default="600/min")
API_RATE_ANONYMOUS = env("API_RATE_ANONYMOUS", default="120/min")
# Webhooks: tries per delivery, first retry delay (doubling, at most 6 hours), and how long a
# delivery may stay "sending" before the sweep queues it again (a killed worker).
WEBHOOK_MAX_ATTEMPTS = env.int("WEBHOOK_MAX_ATTEMPTS", default=8)
WEBHOOK_RETRY_BACKOFF = env.int("WEBHOOK_RETRY_BACKOFF", default=30)
WEBHOOK_SENDING_TIMEOUT = env.int("WEBHOOK_SENDING_TIMEOUT", default=300)
SPECTACULAR_SETTINGS = {
    "TITLE": "IDM Portal API",
    "DESCRIPTION": (
        "The International Dialogue on Migration portal: public workshops, agendas, "
        "documents, discussion notes and voting results; registrations, invitations, "
        "suggestions and the outbox for systems with an API token."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SWAGGER_UI_DIST": "/static/vendor/swagger-ui",
    "SWAGGER_UI_FAVICON_HREF": "/static/vendor/swagger-ui/favicon-32x32.png",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "SessionKindEnum": "workshops.models.Session.Kind",
        "DocumentKindEnum": "workshops.models.Document.Kind",
        "SuggestionKindEnum": "workshops.models.Suggestion.Kind",
        "OrganizationKindEnum": "idm_portal.core.models.Organization.Kind",
        "RegistrationStatusEnum": "workshops.models.Registration.Status",
        "LanguageEnum": ["en", "fr", "es"],
        "NoteLanguageEnum": "consultations.models.NOTE_LANGUAGES",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "idm_portal.core.api.schema.add_problem_responses",
    ],
}
