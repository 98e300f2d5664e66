"""Settings shared by every environment; each value can be set from the environment."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("LEARNINGLAB_VAR_DIR", str(BASE_DIR / "var")))

SECRET_KEY = env_str("SECRET_KEY")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "django_tasks",
    "django_tasks_db",
    # Django REST framework itself is not an installed app: the API answers in JSON alone
    # (no templates or static files of its own), and its catalogues would replace Django's
    # own translations of the form messages people read on every page.
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "learninglab.core",
    "learninglab.projects",
    "learninglab.accounts",
    "learninglab.stakeholders",
    "learninglab.messaging",
    "learninglab.practices",
    "learninglab.labs",
    "learninglab.cocreation",
    "learninglab.reports",
    "learninglab.results",
    "learninglab.actionplans",
    "learninglab.indicators",
    "learninglab.api",
    "learninglab.webhooks",
    "learninglab.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "learninglab.core.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "learninglab.accounts.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "learninglab.core.middleware.UploadLimitMiddleware",
]

# The Content-Security-Policy of every page without one of its own: scripts, styles and
# images from the site itself only, no inline code, no eval; an empty value sends none.
CONTENT_SECURITY_POLICY = env_str(
    "CONTENT_SECURITY_POLICY",
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'",
)

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "learninglab.core.context_processors.navigation",
                "learninglab.core.context_processors.stakeholder_languages",
            ],
        },
    },
]


# psycopg prepares a statement run this many times on one connection, or when asked.
PREPARED_ONLY_WHEN_ASKED = 2**31 - 1


def database_from_env(default_url: str) -> dict[str, Any]:
    """Return the default database, tuned for concurrent use when it is SQLite.

    SQLite gets WAL journaling (readers never block the writer), IMMEDIATE transactions
    (a writer takes the lock when it begins, so two writers never deadlock on upgrade)
    and a busy timeout (a writer waits for the lock instead of failing at once).
    """
    config: dict[str, Any] = dict(
        dj_database_url.parse(env_str("DATABASE_URL", default_url), conn_max_age=0)
    )
    if config["ENGINE"] == "django.db.backends.sqlite3":
        if config["NAME"] and config["NAME"] != ":memory:":
            Path(config["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL;"
                "PRAGMA synchronous=NORMAL;"
                "PRAGMA foreign_keys=ON;"
                "PRAGMA busy_timeout=20000;"
            ),
        }
    if config["ENGINE"] == "django.db.backends.postgresql" and env_bool(
        "POSTGRES_PREPARED_STATEMENTS", True
    ):
        # The busiest statements (a personal link's reads, an answer) are prepared once
        # per connection, and only they (``core.rows.cursor``): no other statement is run
        # this often on one connection. Off behind a pooler in transaction mode.
        config["OPTIONS"] = {"prepare_threshold": PREPARED_ONLY_WHEN_ASKED}
    # Keep each process's connection between requests: opening one costs more than a
    # typical query (SQLite reads the schema and runs the pragmas above each time).
    config["CONN_MAX_AGE"] = env_int("CONN_MAX_AGE", 60)
    config["CONN_HEALTH_CHECKS"] = True
    return config


DATABASES = {"default": database_from_env(f"sqlite:///{VAR_DIR / 'learninglab.sqlite3'}")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

_redis_url = env_str("REDIS_URL")
if _redis_url:
    try:
        import redis  # noqa: F401  # only to say clearly what is missing
    except ImportError as missing:
        raise ImproperlyConfigured(
            "REDIS_URL is set but the redis package is not installed: "
            "install Learning Lab with its redis extra (pip install '.[redis]')."
        ) from missing
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _redis_url}
        if _redis_url
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    ),
    # Parts of pages kept by the template's {% cache %} under a version of what they show
    # (see ``labs.selectors.lab_page_version``): each process keeps its own, so a new
    # release, whose templates may differ, starts with none.
    "template_fragments": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "template-fragments",
        "OPTIONS": {"MAX_ENTRIES": 1000},
    },
}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

FORM_RENDERER = "learninglab.core.forms.FormRenderer"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "learninglab.core.permissions.RulesBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Staff sessions end after a working day, or when the browser closes.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# Every account passes a second factor (an authenticator app or a backup code) before any
# staff page opens. Only the development settings may turn this off; production refuses.
TWO_FACTOR_REQUIRED = env_bool("TWO_FACTOR_REQUIRED", True)
BACKUP_CODES_COUNT = 10

# The client's address, as the lockout counts it: REMOTE_ADDR alone, unless the site runs
# behind this many reverse proxies of its own, each adding the address it saw to
# CLIENT_IP_HEADER; the address the outermost of them saw is the client's.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
CLIENT_IP_HEADER = env_str("CLIENT_IP_HEADER", "X-Forwarded-For")

# Failed-login lockout: five wrong passwords for one account from one client address lock
# that client out of that account for AXES_COOLOFF_MINUTES; a successful login resets the
# count. Across all addresses, each wrong password makes the account's next attempt wait
# twice as long (2, 4, 8 ... seconds, at most LOGIN_BACKOFF_MAX_SECONDS), except from a
# browser that completed a login to that account before.
LOGIN_BACKOFF_MAX_SECONDS = env_int("LOGIN_BACKOFF_MAX_SECONDS", 60)
KNOWN_BROWSER_DAYS = env_int("KNOWN_BROWSER_DAYS", 90)
AXES_CLIENT_IP_CALLABLE = "learninglab.accounts.client_address.client_ip"
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "learninglab.accounts.forms.lockout_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "Learning Lab")

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("ro", _("Romanian"))]
# Languages a stakeholder may prefer; the staff interface is in LANGUAGES. Those without a
# catalogue (the partners' regions have Frisian, Hungarian, German and Serbian speakers) are
# kept, and their speakers are written to in the partner's language (``core.languages``).
STAKEHOLDER_LANGUAGES = [
    ("en", _("English")),
    ("ro", _("Romanian")),
    ("it", _("Italian")),
    ("nl", _("Dutch")),
    ("fy", _("Frisian")),
    ("hr", _("Croatian")),
    ("lt", _("Lithuanian")),
    ("fi", _("Finnish")),
    ("hu", _("Hungarian")),
    ("de", _("German")),
    ("sr", _("Serbian")),
]
LOCALE_PATHS = [BASE_DIR / "learninglab" / "locale"]
# English dates in the European order and the 24-hour clock; other languages keep Django's.
FORMAT_MODULE_PATH = ["learninglab.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env_str("TIME_ZONE", "Europe/Bucharest")

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Learning Lab <noreply@learninglab.invalid>")
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.locmem.EmailBackend"
)

# The outbox: messages claimed per batch, how long a claim lasts before another worker
# may take the messages up (a worker died). A message the server refuses for now (4xx,
# unreachable) is tried again after the first retry delay, then ever less often (the
# delay doubles up to the longest), until the retry window after its first try is over:
# only then is it marked failed. Refusals for good (5xx) fail at once.
OUTBOX_BATCH_SIZE = env_int("OUTBOX_BATCH_SIZE", 50)
OUTBOX_LEASE_SECONDS = env_int("OUTBOX_LEASE_SECONDS", 120)
OUTBOX_RETRY_BASE_SECONDS = float(env_str("OUTBOX_RETRY_BASE_SECONDS", "60"))
OUTBOX_RETRY_MAX_SECONDS = float(env_str("OUTBOX_RETRY_MAX_SECONDS", "3600"))
OUTBOX_RETRY_WINDOW_HOURS = float(env_str("OUTBOX_RETRY_WINDOW_HOURS", "24"))

# The worker lowers its own priority to this niceness (0-19), so that on a machine it
# shares with the web server people's requests come before mail; 0 leaves it as started.
WORKER_NICENESS = env_int("WORKER_NICENESS", 10)

# Webhooks: seconds a subscriber's server has to answer a delivery; whether deliveries may
# go to this machine or a private network (never in production: see webhooks/targets.py).
WEBHOOKS_TIMEOUT_SECONDS = float(env_str("WEBHOOKS_TIMEOUT_SECONDS", "10"))
WEBHOOKS_ALLOW_PRIVATE_TARGETS = env_bool("WEBHOOKS_ALLOW_PRIVATE_TARGETS", False)

# The address people reach the site at, for links in e-mails and calendar files.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# GDPR: people with no activity for this many months are erased by
# ``learninglab purge-inactive``; 0 switches the purge off.
STAKEHOLDER_RETENTION_MONTHS = env_int("STAKEHOLDER_RETENTION_MONTHS", 36)
# A colleague sent in someone's place who never answered is erased by the same purge this
# many days after the lab ended; 0 keeps them as long as anyone else.
COLLEAGUE_RETENTION_DAYS = env_int("COLLEAGUE_RETENTION_DAYS", 30)
# A registration form sent back sooner than this after it was drawn is refused (a bot).
REGISTRATION_FORM_MIN_SECONDS = env_int("REGISTRATION_FORM_MIN_SECONDS", 3)
# The words of an e-mail sent (or given up) this many days ago are dropped from the outbox;
# who got what and when stays. 0 keeps them for ever.
OUTBOX_CONTENT_DAYS = env_int("OUTBOX_CONTENT_DAYS", 365)
# GDPR: how many times an hour a person may download their data from their personal link.
PERSONAL_DATA_DOWNLOADS_PER_HOUR = env_int("PERSONAL_DATA_DOWNLOADS_PER_HOUR", 5)
# The JSON API: requests a minute per token (or per signed-in account), and per client
# address without either; more are refused (429) until the minute is over.
API_REQUESTS_PER_MINUTE = env_int("API_REQUESTS_PER_MINUTE", 120)
API_ANONYMOUS_REQUESTS_PER_MINUTE = env_int("API_ANONYMOUS_REQUESTS_PER_MINUTE", 30)
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "learninglab.api.authentication.BearerTokenAuthentication",
        # The session of a browser signed in (both login steps: TwoFactorMiddleware), with
        # the CSRF check on writes.
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["learninglab.api.permissions.TokenScope"],
    "DEFAULT_THROTTLE_CLASSES": ["learninglab.api.throttling.RequestRate"],
    "DEFAULT_PAGINATION_CLASS": "learninglab.api.pagination.Pages",
    "DEFAULT_FILTER_BACKENDS": ["learninglab.api.filters.Ordering"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "learninglab.api.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "SCHEMA_COERCE_PATH_PK": False,  # the document names the parameters as the URLs do
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Learning Lab API",
    "DESCRIPTION": (
        "Labs, invitations and answers, stakeholders, check-ins, ideas, good practices, "
        "action plans and indicators, as the pages show them to the same account."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "OrganisationTypeEnum": "learninglab.stakeholders.models.OrganisationType.choices"
    },
}
# Largest spreadsheet accepted by the stakeholder import.
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 5 * 1024 * 1024)
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 20000)
# An Excel workbook is a zip file: it may unpack to at most this many bytes, and no part of
# it may unpack to more than this many times its packed size (zip bombs).
IMPORT_MAX_UNPACKED_BYTES = env_int("IMPORT_MAX_UNPACKED_BYTES", 32 * 1024 * 1024)
IMPORT_MAX_UNPACK_RATIO = env_int("IMPORT_MAX_UNPACK_RATIO", 100)
# A longer cell refuses its row (the message shows only its beginning).
IMPORT_MAX_CELL_CHARS = env_int("IMPORT_MAX_CELL_CHARS", 1000)
# The rows of an upload never imported are deleted after this many hours; a committed or
# expired upload keeps only its counts.
IMPORT_KEPT_HOURS = env_int("IMPORT_KEPT_HOURS", 24)
# Largest presentation or document, and largest photo, kept with a lab's results.
RESULTS_FILE_MAX_BYTES = env_int("RESULTS_FILE_MAX_BYTES", 25 * 1024 * 1024)
RESULTS_PHOTO_MAX_BYTES = env_int("RESULTS_PHOTO_MAX_BYTES", 10 * 1024 * 1024)
# Largest logo (PNG or SVG) of a project or its programme.
LOGO_MAX_BYTES = env_int("LOGO_MAX_BYTES", 2 * 1024 * 1024)
# Largest request body, all the files of one form together: a larger one is refused by
# its announced length, before it is read. Set the reverse proxy's body limit (nginx:
# client_max_body_size) to the same.
UPLOAD_MAX_REQUEST_BYTES = env_int("UPLOAD_MAX_REQUEST_BYTES", 100 * 1024 * 1024)
# Feedback reports show scores and written answers only once this many people answered,
# so that in a small lab nobody's answers can be told apart.
RESULTS_FEEDBACK_MIN_RESPONDENTS = env_int("RESULTS_FEEDBACK_MIN_RESPONDENTS", 5)
# Action plans: the person responsible for an action is reminded this many days before
# each of its milestones is due; the plan's, these days before each progress report is due.
ACTIONPLANS_MILESTONE_REMINDER_DAYS = env_int("ACTIONPLANS_MILESTONE_REMINDER_DAYS", 14)
ACTIONPLANS_REPORT_REMINDER_DAYS = [
    int(days) for days in env_list("ACTIONPLANS_REPORT_REMINDER_DAYS", ["30", "7"])
]
# How "similar practices" and "practices related to an idea" are ranked: "ngrams" (no
# model), or "semantic" (needs the extra: pip install 'learninglab[semantic]').
PRACTICES_SIMILARITY = env_str("PRACTICES_SIMILARITY", "ngrams")

# Every handler redacts personal links (RSVP, unsubscribe, survey, follow, live-wall
# addresses) from what it writes; "django" and "django.server" are redefined so that
# Django's own handlers, which would write paths unfiltered, are not used.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "redact_personal_links": {"()": "learninglab.core.logs.RedactPersonalLinks"},
        "no_traceback_for_refusals": {
            "()": "learninglab.core.logs.ExpectedRefusalsWithoutTraceback"
        },
    },
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["redact_personal_links"],
        },
        "django.server": {
            "class": "logging.StreamHandler",
            "formatter": "django.server",
            "filters": ["redact_personal_links"],
        },
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.request": {"filters": ["no_traceback_for_refusals"]},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
        "axes": {"level": "WARNING"},
        "django_tasks_db": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
    },
}
