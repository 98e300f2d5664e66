"""The full-text index of the good practices, on SQLite and on PostgreSQL.

What is indexed: a practice's title, summary, keywords, place (city, region) and
description (main institution, the problem, what was done, the stakeholders, the
evidence of success), in every language it is written in. Each group has its weight in
the ranking: the title first, then the summary and keywords, the place, the rest.

Both databases index the same words: the texts without diacritics and in lower case,
cut at every character that is not a letter or a digit. A search is folded the same way
in Python (``core.text.fold``), so ``sedinta`` finds *ședință* and ``Sedință`` finds
*sedinta*, on either database.

**SQLite**: an FTS5 table, ``practices_search_index`` (rowid = the practice's id), with
the ``unicode61`` tokenizer and ``remove_diacritics 2`` (which also strips the comma of
*ș ț* and the ogonek of *ą ę*). The few letters Unicode does not decompose (*đ ł ø ß æ
œ ı*) are replaced before they reach the index. Triggers on the practice table keep the
index up to date, in the same transaction as the change. Triggers rather than the
practice services, because every write is then covered: the services, the admin, a
``QuerySet.update()``, a data migration, a bulk import by a script. The one gap is Django's
own: to change a column SQLite cannot alter, a migration copies the table into a new one,
and the triggers go with the old one. ``search_index_ensure`` (run after every
``migrate``) puts them back and rebuilds the index when that happened.

**PostgreSQL**: a stored generated ``tsvector`` column of the practice table,
``search_document``, with a GIN index, built with the ``simple`` configuration (no
stemming: one behaviour for seven languages) over the texts passed through the
``unaccent`` extension. A generated column cannot fall out of step with its row. A search
goes through the index (``practices_matching``), which the planner would often pass by. The
extension is created by the migration; where the database user may not create it, the
migration stops and says what the database's owner has to run.

Neither the FTS5 table nor the column is a field Django writes: ``PracticeSearchIndex``
(SQLite only) lets the ORM join the index, and ``practices.search`` reads both.
"""

# The SQL below is put together from this module's constants alone, never from input.
# ruff: noqa: S608

from __future__ import annotations

import functools
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

from learninglab.core.text import fold

PRACTICES = "practices_goodpractice"
SQLITE_TABLE = "practices_search_index"
POSTGRESQL_COLUMN = "search_document"
POSTGRESQL_INDEX = "practices_goodpractice_search"

# The indexed groups, each with the practice's columns it gathers.
GROUPS: dict[str, tuple[str, ...]] = {
    "title": ("title",),
    "summary": ("summary",),
    "keywords": ("keywords",),
    "place": ("city", "region"),
    "body": ("institution", "problem", "activities", "stakeholders", "evidence"),
}
# Columns holding a text in several languages (JSON: {"ro": "...", "en": "..."}).
MULTILINGUAL = frozenset(
    {"title", "summary", "institution", "problem", "activities", "stakeholders", "evidence"}
)
# The weight of each group: FTS5's bm25() takes one number per column; PostgreSQL's
# ts_rank() one of four letters (A weighs 1.0, B 0.4, C 0.2, D 0.1).
SQLITE_WEIGHTS = {"title": 10.0, "summary": 4.0, "keywords": 4.0, "place": 2.0, "body": 1.0}
POSTGRESQL_WEIGHTS = {"title": "A", "summary": "B", "keywords": "B", "place": "C", "body": "D"}

# Letters that FTS5's remove_diacritics does not turn into a plain letter, with what
# ``fold`` makes of them, so that the index and the search agree.
_UNDECOMPOSED = {letter: fold(letter) for letter in "đĐłŁøØßæÆœŒı"}
_TRIGGERS: tuple[str, str, str] = (
    "practices_search_index_insert",
    "practices_search_index_update",
    "practices_search_index_delete",
)

UNACCENT_MISSING = (
    "The search of good practices needs PostgreSQL's unaccent extension (it ships with "
    "PostgreSQL), and the database user {user!r} may not create it in the database "
    "{database!r}. Ask the database's owner or a superuser to run, in that database:\n\n"
    "    CREATE EXTENSION IF NOT EXISTS unaccent;\n\n"
    "then run `learninglab migrate` again. (The database error was: {error})"
)


# --- SQLite -----------------------------------------------------------------------------


def _sqlite_text(row: str, column: str) -> str:
    """Return SQL for the words of ``row.column``: every language's text of a
    multilingual column, or the column itself; never NULL."""
    value = f"{row}.{column}"
    if column in MULTILINGUAL:
        valid = f"CASE WHEN json_valid({value}) THEN {value} ELSE '{{}}' END"
        value = f"(SELECT group_concat(value, ' ') FROM json_each({valid}))"
    return f"coalesce({value}, '')"


def _sqlite_group(row: str, group: str) -> str:
    sql = " || ' ' || ".join(_sqlite_text(row, column) for column in GROUPS[group])
    for letter, plain in _UNDECOMPOSED.items():
        sql = f"replace({sql}, '{letter}', '{plain}')"
    return sql


def _sqlite_insert(row: str) -> str:
    names = ", ".join(GROUPS)
    values = ", ".join(_sqlite_group(row, group) for group in GROUPS)
    if row == "NEW":
        return f"INSERT INTO {SQLITE_TABLE}(rowid, {names}) VALUES (NEW.id, {values});"
    return (
        f"INSERT INTO {SQLITE_TABLE}(rowid, {names}) "
        f"SELECT {row}.id, {values} FROM {PRACTICES} AS {row};"
    )


def _sqlite_triggers() -> list[str]:
    columns = ", ".join(["id", *(column for group in GROUPS.values() for column in group)])
    insert, update, delete = _TRIGGERS
    forget = f"DELETE FROM {SQLITE_TABLE} WHERE rowid = OLD.id;"
    return [
        f"CREATE TRIGGER IF NOT EXISTS {insert} AFTER INSERT ON {PRACTICES} "
        f"BEGIN {_sqlite_insert('NEW')} END",
        f"CREATE TRIGGER IF NOT EXISTS {update} AFTER UPDATE OF {columns} ON {PRACTICES} "
        f"BEGIN {forget} {_sqlite_insert('NEW')} END",
        f"CREATE TRIGGER IF NOT EXISTS {delete} AFTER DELETE ON {PRACTICES} BEGIN {forget} END",
    ]


def _sqlite_rebuild(cursor: Any) -> None:
    cursor.execute(f"DELETE FROM {SQLITE_TABLE}")
    cursor.execute(_sqlite_insert("p"))


def _sqlite_install(cursor: Any) -> None:
    cursor.execute(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {SQLITE_TABLE} USING fts5("
        f"{', '.join(GROUPS)}, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')"
    )
    for trigger in _sqlite_triggers():
        cursor.execute(trigger)
    _sqlite_rebuild(cursor)


def _sqlite_uninstall(cursor: Any) -> None:
    for trigger in _TRIGGERS:
        cursor.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    cursor.execute(f"DROP TABLE IF EXISTS {SQLITE_TABLE}")


@functools.lru_cache(maxsize=20_000)
def sqlite_fold(value: str | None) -> str | None:
    """``practices_fold()`` on SQLite: ``fold``, for sorting titles as they are searched.

    Sorting calls it once per practice found, with the same titles request after request:
    remembered, sorting 5,000 titles takes a quarter of the time.
    """
    return None if value is None else fold(value)


def sqlite_functions_add(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """Give each new SQLite connection ``practices_fold()``, which PostgreSQL has from the
    migration. Only reads use it (the order of titles); the triggers do not, so that any
    SQLite client may still write."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("practices_fold", 1, sqlite_fold, deterministic=True)


# --- PostgreSQL -------------------------------------------------------------------------


def _postgresql_unaccent_schema(cursor: Any, connection: BaseDatabaseWrapper) -> str:
    """Create the unaccent extension unless it is there; return its schema, quoted."""
    find = (
        "SELECT quote_ident(n.nspname) FROM pg_extension e "
        "JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'unaccent'"
    )
    cursor.execute(find)
    row = cursor.fetchone()
    if row is None:
        try:
            cursor.execute("SAVEPOINT practices_unaccent")
            cursor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
            cursor.execute("RELEASE SAVEPOINT practices_unaccent")
        except Exception as error:  # the driver's "permission denied", whatever its class
            cursor.execute("ROLLBACK TO SAVEPOINT practices_unaccent")
            settings = connection.settings_dict
            message = UNACCENT_MISSING.format(
                user=settings.get("USER") or "", database=settings.get("NAME"), error=error
            )
            raise RuntimeError(message) from error
        cursor.execute(find)
        row = cursor.fetchone()
    return row[0]


def _postgresql_words(expression: str) -> str:
    return f"practices_words({expression})"


def _postgresql_install(cursor: Any, connection: BaseDatabaseWrapper) -> None:
    schema = _postgresql_unaccent_schema(cursor, connection)
    # unaccent() is only STABLE (its dictionary could change); naming the dictionary and
    # its schema makes the result depend on its argument alone, which an index and a
    # generated column need.
    cursor.execute(
        "CREATE OR REPLACE FUNCTION practices_fold(text) RETURNS text "
        "LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS "
        f"$$ SELECT lower({schema}.unaccent('{schema}.unaccent'::regdictionary, $1)) $$"
    )
    cursor.execute(
        "CREATE OR REPLACE FUNCTION practices_texts(jsonb) RETURNS text "
        "LANGUAGE sql IMMUTABLE PARALLEL SAFE AS "
        "$$ SELECT coalesce(string_agg(value, ' '), '') FROM jsonb_each_text("
        "CASE WHEN jsonb_typeof($1) = 'object' THEN $1 ELSE '{}'::jsonb END) $$"
    )
    # Words as FTS5's unicode61 cuts them: at every character not a letter or a digit.
    cursor.execute(
        "CREATE OR REPLACE FUNCTION practices_words(text) RETURNS tsvector "
        "LANGUAGE sql IMMUTABLE PARALLEL SAFE AS "
        "$$ SELECT to_tsvector('simple'::regconfig, "
        "regexp_replace(coalesce(practices_fold($1), ''), '[^[:alnum:]]+', ' ', 'g')) $$"
    )
    parts = []
    for group, columns in GROUPS.items():
        texts = " || ' ' || ".join(
            f"practices_texts({column})" if column in MULTILINGUAL else f"coalesce({column}, '')"
            for column in columns
        )
        parts.append(f"setweight(practices_words({texts}), '{POSTGRESQL_WEIGHTS[group]}')")
    cursor.execute(
        f"ALTER TABLE {PRACTICES} ADD COLUMN {POSTGRESQL_COLUMN} tsvector "
        f"GENERATED ALWAYS AS ({' || '.join(parts)}) STORED"
    )
    cursor.execute(
        f"CREATE INDEX {POSTGRESQL_INDEX} ON {PRACTICES} USING gin ({POSTGRESQL_COLUMN})"
    )
    # The ids of the practices that match, found through the GIN index whatever the
    # planner thinks: it prices a match at a fraction of its cost (each row's tsvector is
    # read and decompressed) and scans the whole table for any word found in more than a
    # tenth of the practices, six times slower at 5,000 (bench/README.md). A function's
    # own settings hold only inside it, and make it a plan of its own.
    cursor.execute(
        "CREATE OR REPLACE FUNCTION practices_matching(tsquery) RETURNS SETOF bigint "
        "LANGUAGE sql STABLE PARALLEL SAFE SET enable_seqscan = off ROWS 100 AS "
        f"$$ SELECT id FROM {PRACTICES} WHERE {POSTGRESQL_COLUMN} @@ $1 $$"
    )


def _postgresql_uninstall(cursor: Any) -> None:
    cursor.execute("DROP FUNCTION IF EXISTS practices_matching(tsquery)")
    cursor.execute(f"DROP INDEX IF EXISTS {POSTGRESQL_INDEX}")
    cursor.execute(f"ALTER TABLE {PRACTICES} DROP COLUMN IF EXISTS {POSTGRESQL_COLUMN}")
    for function in ("practices_words(text)", "practices_texts(jsonb)", "practices_fold(text)"):
        cursor.execute(f"DROP FUNCTION IF EXISTS {function}")
    # The unaccent extension stays: other tables of the database may use it.


# --- Both -------------------------------------------------------------------------------


def search_index_install(apps: Any, schema_editor: BaseDatabaseSchemaEditor) -> None:
    """Create the index of the database in use and fill it (a migration's step)."""
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            _sqlite_install(cursor)
        elif connection.vendor == "postgresql":
            _postgresql_install(cursor, connection)


def search_index_uninstall(apps: Any, schema_editor: BaseDatabaseSchemaEditor) -> None:
    """Remove the index (the migration's step backwards)."""
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            _sqlite_uninstall(cursor)
        elif connection.vendor == "postgresql":
            _postgresql_uninstall(cursor)


def search_index_ensure(connection: BaseDatabaseWrapper) -> bool:
    """Put back the SQLite triggers if a migration dropped them with a copied table, and
    then rebuild the index; return whether it had to. Nothing to do on PostgreSQL, or
    before the index's migration ran."""
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT type, name FROM sqlite_master WHERE name IN (%s, %s, %s, %s)",
            [SQLITE_TABLE, *_TRIGGERS],
        )
        found = {name for _type, name in cursor.fetchall()}
        if SQLITE_TABLE not in found or found >= set(_TRIGGERS):
            return False
        for trigger in _sqlite_triggers():
            cursor.execute(trigger)
        _sqlite_rebuild(cursor)
    return True


def search_index_ensure_after_migrate(using: str, **kwargs: Any) -> None:
    """``post_migrate`` receiver: ``search_index_ensure`` on the migrated database."""
    from django.db import connections

    search_index_ensure(connections[using])
