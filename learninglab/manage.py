"""The ``learninglab`` console command: Django's manage.py with hyphenated subcommands.

``learninglab import-stakeholders`` and ``learninglab import_stakeholders`` are the same
command; project teams script the hyphenated spelling.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    """Run a management command, accepting ``load-demo`` for ``load_demo``."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.development")
    from django.core.management import execute_from_command_line

    args = list(sys.argv if argv is None else argv)
    if len(args) > 1 and not args[1].startswith("-"):
        args[1] = args[1].replace("-", "_")
    execute_from_command_line(args)


if __name__ == "__main__":
    main()
