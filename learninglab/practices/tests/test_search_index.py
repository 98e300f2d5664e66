"""The full-text index itself: installed by the migration, kept through table copies on
SQLite, and a clear request for the unaccent extension on PostgreSQL."""

from __future__ import annotations

import copy
import uuid

import pytest
from django.db import connection

from learninglab.practices import search_index
from learninglab.practices.models import GoodPractice
from learninglab.practices.search import PracticeFilters, practices_search
from learninglab.practices.tests.search_corpus import corpus_create

sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's index")
postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's index")


def found(query: str) -> set[str]:
    return {p.slug for p in practices_search(PracticeFilters(query=query))}


def sqlite_triggers() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
            [search_index.PRACTICES],
        )
        return {name for (name,) in cursor.fetchall()}


@sqlite_only
@pytest.mark.django_db
def test_sqlite_index_is_kept_by_triggers():
    assert sqlite_triggers() == {
        "practices_search_index_insert",
        "practices_search_index_update",
        "practices_search_index_delete",
    }
    assert search_index.search_index_ensure(connection) is False  # nothing was missing


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_sqlite_triggers_come_back_after_a_migration_copies_the_table(project):
    """SQLite cannot alter a column: Django copies the table, and the triggers are lost
    with the old one. After ``migrate``, ``search_index_ensure`` puts them back."""
    corpus_create(project)
    region = GoodPractice._meta.get_field("region")
    longer = copy.deepcopy(region)
    longer.max_length = 120
    try:
        with connection.schema_editor() as editor:
            editor.alter_field(GoodPractice, region, longer)
        assert sqlite_triggers() == set()
        GoodPractice.objects.filter(slug="rinovatori").update(keywords="brodogradnja")
        assert found("brodogradnja") == set()  # the index no longer follows

        search_index.search_index_ensure_after_migrate(using="default")

        assert len(sqlite_triggers()) == 3
        assert found("brodogradnja") == {"rinovatori"}  # rebuilt
        GoodPractice.objects.filter(slug="blokhuispoort").update(keywords="vuurtoren")
        assert found("vuurtoren") == {"blokhuispoort"}  # and follows again
    finally:
        with connection.schema_editor() as editor:
            editor.alter_field(GoodPractice, longer, region)
        search_index.search_index_ensure(connection)


@pytest.mark.django_db(transaction=True)
def test_the_migration_indexes_the_practices_already_there(project):
    """Installed on a database that already holds practices (and removed again)."""
    corpus_create(project)
    with connection.schema_editor() as editor:
        search_index.search_index_uninstall(None, editor)
    try:
        if connection.vendor == "sqlite":
            assert sqlite_triggers() == set()
    finally:
        with connection.schema_editor() as editor:
            search_index.search_index_install(None, editor)

    assert found("gradana") == {"rinovatori"}
    assert found("kurybiniu") == {"kaunas-creative-incubator"}


@postgresql_only
@pytest.mark.django_db
def test_postgresql_index_is_a_generated_column_with_a_gin_index():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT is_generated FROM information_schema.columns "
            "WHERE table_name = %s AND column_name = %s",
            [search_index.PRACTICES, search_index.POSTGRESQL_COLUMN],
        )
        assert cursor.fetchone() == ("ALWAYS",)
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = %s",
            [search_index.POSTGRESQL_INDEX],
        )
        assert "USING gin (search_document)" in cursor.fetchone()[0]
        cursor.execute("SELECT practices_fold('Școala, GRAĐANA, Kūrybinių, città, ideeën')")
        assert cursor.fetchone() == ("scoala, gradana, kurybiniu, citta, ideeen",)


@postgresql_only
@pytest.mark.django_db
def test_postgresql_says_what_to_run_when_the_user_may_not_create_unaccent():
    role = f"practices_no_extension_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        # Rolled back with the test: as if the extension were not installed, and the
        # database user had no right to create it.
        cursor.execute("DROP EXTENSION unaccent")
        cursor.execute(f"CREATE ROLE {role} NOLOGIN")
        cursor.execute(f"SET ROLE {role}")
        try:
            with pytest.raises(RuntimeError) as refused:
                search_index._postgresql_install(cursor, connection)
        finally:
            cursor.execute("RESET ROLE")

    message = str(refused.value)
    assert "needs PostgreSQL's unaccent extension" in message
    assert "CREATE EXTENSION IF NOT EXISTS unaccent;" in message
    assert "learninglab migrate" in message
    assert "permission denied" in message
