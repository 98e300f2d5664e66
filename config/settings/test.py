"""Settings for the test suite: fast hashing, mail kept in memory, SQLite unless told otherwise."""

from config.settings.base import *  # noqa: F403
from config.settings.base import database_from_env

SECRET_KEY = "test-secret-key-" + "t" * 40
DEBUG = False
DATABASES = {"default": database_from_env("sqlite:///:memory:")}
DATABASES["default"]["TEST"] = {"NAME": None}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "template_fragments": CACHES["template_fragments"],  # noqa: F405
}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
AXES_ENABLED = True
LANGUAGE_CODE = "en"
# Static files come from the apps' folders (finders); nothing is collected for tests.
STATIC_ROOT = None  # type: ignore[assignment]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Some tests run the worker inside the test process, which must keep its priority.
WORKER_NICENESS = 0
# The tests' webhook receivers listen on 127.0.0.1, over plain HTTP.
WEBHOOKS_ALLOW_PRIVATE_TARGETS = True
WEBHOOKS_TIMEOUT_SECONDS = 2.0
