"""Hand-written reads of model rows, for the few requests where the ORM's own cost counts.

Building and compiling a query costs the ORM about a millisecond for a join of a few
tables, every time; the database answers the same SELECT in a twentieth of that. The
personal page of an invitation is loaded by every invited person, often at the same
moment, so its reads are written out here once per process and only executed per request.

What comes back is the same as the ORM's: model instances built with ``Model.from_db``,
every value through the same converters a queryset applies (``from_db_value`` of our own
fields, the database's own conversions), related rows cached on their instance as
``select_related`` and ``prefetch_related`` cache them. Every concrete column is read, so
nothing is deferred. The SQL is built from the models' own metadata, so it follows each
migration; only the shape of the read (which tables, joined how) is written here.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
from collections.abc import Callable, Collection, Iterable, Sequence
from typing import Any, Generic, TypeVar, cast

from django.db import connection
from django.db.models import Model

Converter = Callable[[Any, Any, Any], Any]
M = TypeVar("M", bound=Model)


def _field(model: type[Model], name: str) -> Any:
    """Return the model's field ``name`` (typed loosely: fields and relations differ)."""
    return model._meta.get_field(name)


def _table(model: type[Model]) -> str:
    return connection.ops.quote_name(cast(str, model._meta.db_table))


@functools.cache
def _prepared_cursor_class() -> type:
    import psycopg

    class PreparedCursor(psycopg.Cursor):  # type: ignore[type-arg]
        """Bind parameters on the server and have every statement prepared."""

        def execute(self, query: Any, params: Any = None, **options: Any) -> Any:
            return super().execute(query, params, **{**options, "prepare": True})

    return PreparedCursor


def cursor() -> Any:
    """Return a cursor for the statements written here and for the few like them.

    On PostgreSQL it has the server prepare each statement once per connection: planning
    a join of a few tables costs the server several times what running it does. Unless
    the connection prepares nothing (``POSTGRES_PREPARED_STATEMENTS`` off: a pooler in
    transaction mode hands one connection to several processes, and their prepared
    statements with it). SQLite keeps its statements prepared itself.
    """
    if connection.vendor != "postgresql" or (
        connection.settings_dict["OPTIONS"].get("prepare_threshold") is None
    ):
        return connection.cursor()
    # As ``connection.cursor()`` does, with a cursor of our kind: checked, logged, and its
    # errors turned into Django's.
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    with connection.wrap_database_errors:
        raw = _prepared_cursor_class()(connection.connection)
        return connection._prepare_cursor(raw)  # type: ignore[attr-defined]


class Columns:
    """One model's concrete columns under an alias in a SELECT, and how to rebuild its rows."""

    def __init__(self, model: type[Model], alias: str) -> None:
        self.model = model
        self.alias = alias
        self.fields: list[Any] = list(model._meta.concrete_fields)
        self.attnames = [field.attname for field in self.fields]
        self._pk_position = self.fields.index(model._meta.pk)

    def sql(self) -> str:
        quote = connection.ops.quote_name
        return ", ".join(f"{quote(self.alias)}.{quote(field.column)}" for field in self.fields)

    @functools.cache  # noqa: B019 (a few instances, each kept for the process)
    def _converters(self, vendor: str) -> list[tuple[int, list[Converter], Any]]:
        converters = []
        for position, field in enumerate(self.fields):
            column = field.get_col(self.alias)
            found = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
            if found:
                converters.append((position, found, column))
        return converters

    def instance(self, values: Sequence[Any]) -> Model | None:
        """Return the model instance of ``values`` (this model's slice of a row), or None
        when the row has none (a LEFT JOIN that found nothing: its primary key is NULL)."""
        values = list(values)
        for position, found, column in self._converters(connection.vendor):
            for convert in found:
                values[position] = convert(values[position], column, connection)
        if values[self._pk_position] is None:
            return None
        return self.model.from_db(connection.alias, self.attnames, values)


@dataclasses.dataclass(frozen=True)
class Join:
    """A row related by a foreign key: ``path`` is the dotted attribute from the first
    model ("lab.partner"), ``nullable`` joins it with LEFT JOIN."""

    path: str
    nullable: bool = False


class JoinedRead(Generic[M]):
    """One row of ``model`` with rows related through foreign keys, in one SELECT.

    ``read(**where)`` returns the instance with each related instance cached on its
    parent, as ``select_related(*paths)`` would, or None when no row matches.
    """

    def __init__(self, model: type[M], joins: Sequence[Join]) -> None:
        self.model = model
        self.joins = list(joins)
        self.columns: dict[str, Columns] = {"": Columns(model, "t0")}
        self._joined: list[tuple[Columns, Any, Columns, bool]] = []
        for number, join in enumerate(self.joins, start=1):
            parent_path, _, name = join.path.rpartition(".")
            parent = self.columns[parent_path]
            field = _field(parent.model, name)
            related = Columns(field.related_model, f"t{number}")
            self.columns[join.path] = related
            self._joined.append((parent, field, related, join.nullable))

    def _sql(self, where: Sequence[str]) -> str:
        quote = connection.ops.quote_name
        first = self.columns[""]
        parts = [
            "SELECT " + ", ".join(columns.sql() for columns in self.columns.values()),
            f"FROM {_table(self.model)} {quote(first.alias)}",
        ]
        for parent, field, related, nullable in self._joined:
            kind = "LEFT JOIN" if nullable else "INNER JOIN"
            target = cast(str, related.model._meta.pk.column)
            parts.append(
                f"{kind} {_table(related.model)} {quote(related.alias)} "
                f"ON {quote(related.alias)}.{quote(target)} = "
                f"{quote(parent.alias)}.{quote(field.column)}"
            )
        conditions = [
            f"{quote(first.alias)}.{quote(_field(self.model, name).column)} = %s" for name in where
        ]
        parts.append("WHERE " + " AND ".join(conditions))
        return " ".join(parts)

    @functools.cache  # noqa: B019 (one instance per read, kept for the process)
    def _sql_for(self, where: tuple[str, ...], vendor: str) -> str:
        return self._sql(where)

    def read(self, **where: Any) -> M | None:
        names = tuple(sorted(where))
        params = [
            _field(self.model, name).get_db_prep_value(where[name], connection) for name in names
        ]
        with cursor() as reading:
            reading.execute(self._sql_for(names, connection.vendor), params)
            row = reading.fetchone()
        if row is None:
            return None
        instances: dict[str, Model | None] = {}
        start = 0
        for path, columns in self.columns.items():
            end = start + len(columns.fields)
            instances[path] = columns.instance(row[start:end])
            start = end
        for join in self.joins:
            parent_path, _, name = join.path.rpartition(".")
            parent = instances[parent_path]
            if parent is not None:
                _field(type(parent), name).set_cached_value(parent, instances[join.path])
        return cast(M, instances[""])


class ChildRows:
    """The rows of ``model`` pointing to one parent through ``foreign_key``, in the
    model's own order, cached on the parent as ``prefetch_related`` caches them."""

    def __init__(self, model: type[Model], foreign_key: str) -> None:
        self.model = model
        self.field = _field(model, foreign_key)
        self.columns = Columns(model, "c")

    def _order_sql(self) -> str:
        quote = connection.ops.quote_name
        terms = []
        for name in cast(list[str], self.model._meta.ordering or []):
            descending = name.startswith("-")
            field = _field(self.model, name.lstrip("-"))
            if field == self.field:
                continue  # the one parent: ordering by it changes nothing
            if not field.concrete or field.is_relation:
                raise ValueError(f"{self.model.__name__} is ordered by {name}, not a column")
            terms.append(f"{quote('c')}.{quote(field.column)}" + (" DESC" if descending else ""))
        return " ORDER BY " + ", ".join(terms) if terms else ""

    @functools.cache  # noqa: B019 (one instance per read, kept for the process)
    def _sql(self, vendor: str) -> str:
        quote = connection.ops.quote_name
        # Names come from the models' metadata; the one value is a parameter.
        return (
            f"SELECT {self.columns.sql()} FROM {_table(self.model)} {quote('c')} "  # noqa: S608
            f"WHERE {quote('c')}.{quote(self.field.column)} = %s{self._order_sql()}"
        )

    def attach(self, parent: Model) -> None:
        """Read the parent's rows and cache them as ``parent.<related name>.all()``."""
        with cursor() as reading:
            reading.execute(self._sql(connection.vendor), [parent.pk])
            rows = reading.fetchall()
        children = [self.columns.instance(row) for row in rows]
        for child in children:
            self.field.set_cached_value(child, parent)
        relation = self.field.remote_field
        queryset = getattr(parent, relation.get_accessor_name()).all()
        queryset._result_cache = children
        queryset._prefetch_done = True
        if not hasattr(parent, "_prefetched_objects_cache"):
            parent._prefetched_objects_cache = {}  # type: ignore[attr-defined]
        parent._prefetched_objects_cache[relation.cache_name] = queryset  # type: ignore[attr-defined]


def fingerprint(rows: Iterable[Model | None], *, leave_out: Collection[str] = ()) -> str:
    """Return a digest of the rows' stored values (every concrete column but those whose
    attribute names are in ``leave_out``): equal digests, equal values.

    A page's part drawn from these rows alone can be kept under their fingerprint: any
    change to a value shown changes the digest, and what was drawn before is never found.
    """
    values: list[tuple[str, list[Any]] | None] = []
    for row in rows:
        if row is None:
            values.append(None)
            continue
        meta = row._meta
        values.append(
            (
                meta.label,
                [
                    getattr(row, field.attname)
                    for field in meta.concrete_fields
                    if field.attname not in leave_out
                ],
            )
        )
    return hashlib.blake2b(repr(values).encode(), digest_size=16).hexdigest()
