"""Settings of the live wall benchmark's server: production's, with its baseline view added."""

from config.settings.production import *  # noqa: F403

ROOT_URLCONF = "_live_wall_urls"
