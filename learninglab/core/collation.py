"""Sort names in the alphabet of a language, alike in the database and in Python.

A sort by code point puts "Băcilă" after "Bîrlea" and "Șerban" after "Wagner"; Romanian
readers expect ă after a, â after ă, î after i, ș after s and ț after t, Lithuanians č after
c and š after s, Croatians the same and ž after z. Each language of ``LANGUAGES`` has a
collation named ``learninglab_<code>`` that follows ICU's rules for it: PostgreSQL has it
from a migration (``postgresql_collations_create``), SQLite from a function given to every
new connection (``sqlite_collations_add``) with the same rules from the ICU library, and a
list sorted in Python uses ``sort_key``. Any other language sorts as English does (ICU's
root order, which puts letters with diacritics beside their base letter).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import icu
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.models import F
from django.db.models.functions import Collate

# The languages a partner of the project works in; the migration creates their collations.
LANGUAGES = ("en", "ro", "it", "nl", "hr", "lt")
DEFAULT_LANGUAGE = "en"


def collation_language(language: str | None) -> str:
    """Return ``language`` if it has a collation of its own, else English."""
    return language if language in LANGUAGES else DEFAULT_LANGUAGE


def collation_name(language: str | None) -> str:
    """Return the name of the database collation for ``language`` (``learninglab_ro``)."""
    return f"learninglab_{collation_language(language)}"


def collated(field: str, language: str | None) -> Collate:
    """Return ``field`` to be ordered in the alphabet of ``language``."""
    return Collate(F(field), collation_name(language))


@functools.cache
def _collator(language: str) -> Any:
    return icu.Collator.createInstance(icu.Locale(language))


def sort_key(language: str | None) -> Callable[[str], bytes]:
    """Return a key that sorts texts in the alphabet of ``language``, as the database does."""
    return _collator(collation_language(language)).getSortKey


def _sqlite_compare(language: str) -> Callable[[str, str], int]:
    collator = _collator(language)

    def compare(a: str, b: str) -> int:
        # Texts ICU finds equal are told apart by their code points, as PostgreSQL does.
        return collator.compare(a, b) or (a > b) - (a < b)

    return compare


def sqlite_collations_add(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """Give each new SQLite connection the collation of every language of ``LANGUAGES``."""
    if connection.vendor == "sqlite":
        for language in LANGUAGES:
            connection.connection.create_collation(
                collation_name(language), _sqlite_compare(language)
            )


def postgresql_collations_create(apps: Any, schema_editor: BaseDatabaseSchemaEditor) -> None:
    """Create the ICU collation of every language of ``LANGUAGES`` (a migration's step)."""
    if schema_editor.connection.vendor != "postgresql":
        return
    for language in LANGUAGES:
        schema_editor.execute(
            f'CREATE COLLATION IF NOT EXISTS "{collation_name(language)}" '
            f"(provider = icu, locale = '{language}')"
        )


def postgresql_collations_drop(apps: Any, schema_editor: BaseDatabaseSchemaEditor) -> None:
    """Drop the collations ``postgresql_collations_create`` made (undoing the migration)."""
    if schema_editor.connection.vendor != "postgresql":
        return
    for language in LANGUAGES:
        schema_editor.execute(f'DROP COLLATION IF EXISTS "{collation_name(language)}"')
