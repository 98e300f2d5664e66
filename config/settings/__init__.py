"""Settings per environment: ``development`` (the demo), ``test`` and ``production``."""
