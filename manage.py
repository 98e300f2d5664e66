#!/usr/bin/env python
"""Django's manage.py; the same as the installed ``learninglab`` command."""

from learninglab.manage import main

if __name__ == "__main__":
    main()
