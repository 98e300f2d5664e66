"""Settings of the benchmarks' server: production's, with the baseline view's URL added."""

from config.settings.production import *  # noqa: F403

ROOT_URLCONF = "_bench_urls"
