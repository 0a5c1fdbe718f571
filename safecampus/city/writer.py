"""Bulk rows into any database: COPY on PostgreSQL (psycopg 3), batched INSERTs elsewhere.

Ids are allocated here (the table's max id plus one, then onwards), so rows can point at each
other before they are written; the sequences are moved past them at the end.
"""

import json
from collections import Counter
from contextlib import contextmanager

from django.core.management.color import no_style
from django.db import connections
from django.db.models import JSONField, Max
from django.utils import timezone

BATCH = 2000


def _default(field):
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return timezone.now()
    if field.has_default() and callable(field.default) and field.unique:
        raise ValueError(f"{field} needs a value per row")
    return field.get_default()


class Writer:
    def __init__(self, using="default"):
        self.connection = connections[using]
        self.using = using
        self.copy = self.connection.vendor == "postgresql"
        self._next = {}
        self.counts = Counter()

    def ids(self, model, n):
        """The first of `n` fresh ids for `model`'s table."""
        if model not in self._next:
            top = model._default_manager.using(self.using).aggregate(m=Max("pk"))["m"]
            self._next[model] = (top or 0) + 1
        first = self._next[model]
        self._next[model] += n
        return first

    def write(self, model, fields, rows):
        """Write `rows` (sequences in the order of `fields`, attnames) into `model`'s table."""
        if not rows:
            return
        opts = model._meta
        columns = [opts.get_field(name) for name in fields]
        # Columns not given take their field's default (the same value on every row).
        given = {field.attname for field in columns}
        rest = [f for f in opts.concrete_fields if f.attname not in given and not f.primary_key]
        if rest:
            extra = [_default(field) for field in rest]
            columns += rest
            rows = [[*row, *extra] for row in rows]
        quote = self.connection.ops.quote_name
        names = ", ".join(quote(field.column) for field in columns)
        table = quote(opts.db_table)
        with self.connection.cursor() as cursor:
            if self.copy and hasattr(cursor.cursor, "copy"):
                as_json = [i for i, field in enumerate(columns) if isinstance(field, JSONField)]
                with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                    for row in rows:
                        if as_json:
                            row = list(row)
                            for i in as_json:
                                row[i] = json.dumps(row[i], ensure_ascii=False)
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(columns))
                sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"
                for start in range(0, len(rows), BATCH):
                    cursor.executemany(
                        sql,
                        [
                            [
                                f.get_db_prep_save(v, self.connection)
                                for f, v in zip(columns, row, strict=False)
                            ]
                            for row in rows[start : start + BATCH]
                        ],
                    )
        self.counts[opts.label] += len(rows)

    def _prepped(self, columns, row):
        pairs = zip(columns, row, strict=True)
        return [field.get_db_prep_save(value, self.connection) for field, value in pairs]

    def finish(self):
        """Move every sequence past the ids written (PostgreSQL; SQLite follows by itself)."""
        models = list(self._next)
        statements = self.connection.ops.sequence_reset_sql(no_style(), models)
        with self.connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)

    @contextmanager
    def loading(self, *models):
        """On PostgreSQL, drop the plain indexes and foreign keys of `models`' tables while
        rows pour in, and build them once at the end: far faster than row by row."""
        if not self.copy:
            yield
            return
        restore = []
        with self.connection.cursor() as cursor:
            # Tables with pending deferred checks cannot be altered: run those checks now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for model in models:
                table = model._meta.db_table
                cursor.execute(
                    "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND indexname"
                    " NOT IN (SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass)",
                    [table, table],
                )
                for name, definition in cursor.fetchall():
                    cursor.execute(f'DROP INDEX "{name}"')
                    restore.append(definition)
                cursor.execute(
                    "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
                    " WHERE conrelid = %s::regclass AND contype = 'f'",
                    [table],
                )
                for name, definition in cursor.fetchall():
                    cursor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
                    restore.append(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')
        yield
        with self.connection.cursor() as cursor:
            for statement in restore:
                cursor.execute(statement)
