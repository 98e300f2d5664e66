"""Settings for the demo and local development: SQLite, debug pages, mail kept locally."""

from config.env import env_bool, env_str
from config.settings.base import *  # noqa: F403

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_str("SECRET_KEY", "demo-only-secret-key-never-use-in-production-" + "x" * 20)

# Serve static files straight from the apps' folders, without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
