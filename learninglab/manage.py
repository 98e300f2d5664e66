"""The ``learninglab`` console command: Django's manage.py with hyphenated subcommands.

``learninglab import-stakeholders`` and ``learninglab import_stakeholders`` are the same
command; project teams script the hyphenated spelling.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    """Run a management command, accepting ``load-demo`` for ``load_demo`` (also after help)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.development")
    from django.core.management import execute_from_command_line

    args = list(sys.argv if argv is None else argv)
    # The command's name, and in ``learninglab help load-demo`` the one asked about.
    names = 3 if len(args) > 2 and args[1] == "help" else 2
    for position in range(1, min(names, len(args))):
        if not args[position].startswith("-"):
            args[position] = args[position].replace("-", "_")
    execute_from_command_line(args)


if __name__ == "__main__":
    main()
