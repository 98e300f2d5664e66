"""Settings for the demo and local development: SQLite, mail kept locally."""

from config.env import env_bool, env_str
from config.settings.base import *  # noqa: F403

# The demo shows the product's own pages for a wrong or refused address, as a newcomer
# would meet them; DEBUG=true brings back Django's debug pages for development.
DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY", "demo-only-secret-key-never-use-in-production-" + "x" * 20)

# The demo logs in with a password alone (TWO_FACTOR_REQUIRED=true asks for the second
# factor here too); an account that set up an authenticator app still gets asked for its code.
TWO_FACTOR_REQUIRED = env_bool("TWO_FACTOR_REQUIRED", False)

# Serve static files straight from the apps' folders, without collectstatic (WhiteNoise
# does so with DEBUG off too).
WHITENOISE_USE_FINDERS = True
# Webhooks may go to a receiver on this machine, over plain HTTP.
WEBHOOKS_ALLOW_PRIVATE_TARGETS = env_bool("WEBHOOKS_ALLOW_PRIVATE_TARGETS", True)
WHITENOISE_AUTOREFRESH = True
