"""The naming convention for constraints, indexes and triggers.

Every constraint and index the generators write has a name, so that the DDL, the
SQLModel ``__table_args__`` and later migrations agree on it:

====================  ==========================================  =========================
object                name                                        example
====================  ==========================================  =========================
primary key           ``pk_<table>``                              ``pk_users``
unique constraint     ``uq_<table>_<column>[_<column>...]``       ``uq_users_email``
check constraint      ``ck_<table>_<columns the check reads>``    ``ck_todos_title``
foreign key           ``fk_<table>_<column>[_<column>...]``       ``fk_todos_user_id``
index                 ``ix_<table>_<key>[_<key>...]``             ``ix_todos_user_id_completed``
updated_at trigger    ``trg_<table>_updated_at``                  ``trg_users_updated_at``
====================  ==========================================  =========================

An expression key contributes its words (``lower(email)`` → ``lower_email``). A name
longer than PostgreSQL's 63 bytes is cut and ends with ``_`` and 8 hex digits of a hash
of the whole name, so that it stays deterministic and distinct. Where two generated names
would still collide (with each other, with a name the user chose, with a table or with a
serial column's sequence), the later one gets ``_2``, ``_3``... in the order of the
tables, then within a table: primary key, unique constraints, checks, foreign keys,
indexes. A name the user or an import chose is kept as it is.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from pglast import parser

from .expressions import ExpressionError, column_references
from .model import Generated, Relationship, Schema, Table

MAX_IDENTIFIER_BYTES = 63
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def trim_identifier(name: str, limit: int = MAX_IDENTIFIER_BYTES) -> str:
    """``name`` cut to ``limit`` UTF-8 bytes with a hash suffix, or unchanged if it fits."""
    encoded = name.encode()
    if len(encoded) <= limit:
        return name
    suffix = "_" + hashlib.sha1(encoded).hexdigest()[:8]
    room = limit - len(suffix)
    head = encoded[:room].decode(errors="ignore").rstrip("_")
    return head + suffix


def expression_words(expression: str) -> str:
    """The identifiers and keywords of an SQL expression joined by ``_``."""
    words: list[str] = []
    try:
        tokens = parser.scan(expression)
    except parser.ParseError:
        tokens = []
    for token in tokens:
        if token.name == "IDENT" or token.kind != "NO_KEYWORD":
            text = expression[token.start : token.end + 1].strip('"')
            words.extend(word.lower() for word in _WORD.findall(text))
    return "_".join(words) or "expr"


@dataclass
class Names:
    """The name of every constraint and index of one schema, keyed by the object's id."""

    by_id: dict[tuple[str, str], str] = field(default_factory=dict)

    def primary_key(self, table: Table) -> str:
        return self.by_id[("pk", table.id)]

    def unique_column(self, column_id: str) -> str:
        return self.by_id[("uq", column_id)]

    def unique(self, unique_id: str) -> str:
        return self.by_id[("uq", unique_id)]

    def check_column(self, column_id: str) -> str:
        return self.by_id[("ck", column_id)]

    def check(self, check_id: str) -> str:
        return self.by_id[("ck", check_id)]

    def foreign_key(self, relationship: Relationship) -> str:
        return self.by_id[("fk", relationship.id)]

    def index(self, index_id: str) -> str:
        return self.by_id[("ix", index_id)]


def trigger_name(table: Table) -> str:
    return trim_identifier(f"trg_{table.name}_updated_at")


def sequence_name(table: Table, column: str) -> str:
    """The sequence PostgreSQL creates for a serial or identity column."""
    return trim_identifier(f"{table.name}_{column}_seq")


def _check_words(expression: str, table: Table) -> str:
    """The columns of ``table`` a check expression reads, in table order."""
    try:
        read = column_references(expression)
    except ExpressionError:
        read = set()
    return "_".join(name for name in table.column_names if name in read) or "check"


def assign_names(schema: Schema) -> Names:
    """Name every constraint and index of ``schema`` by the convention (see module doc).

    Worked out once per schema object; the result is shared, so do not change it.
    """
    return schema.derived(_assign_names)


def _assign_names(schema: Schema) -> Names:
    names = Names()
    taken: dict[str, set[str]] = {}
    # First reserve what is not ours to choose: tables, sequences and explicit names.
    for table in schema.tables:
        space = taken.setdefault(table.schema, set())
        space.add(table.name)
        for column in table.columns:
            if column.generated is not Generated.NONE:
                space.add(sequence_name(table, column.name))
        explicit = [table.primary_key.name if table.primary_key else None]
        explicit += [unique.name for unique in table.uniques]
        explicit += [check.name for check in table.checks]
        explicit += [index.name for index in table.indexes]
        explicit += [rel.name for rel in schema.relationships_from(table.qname)]
        space.update(name for name in explicit if name)

    def choose(key: tuple[str, str], explicit: str | None, wanted: str, schema_name: str) -> None:
        if explicit:
            names.by_id[key] = explicit
            return
        space = taken.setdefault(schema_name, set())
        candidate = trim_identifier(wanted)
        counter = 2
        while candidate in space:
            candidate = trim_identifier(f"{wanted}_{counter}")
            counter += 1
        space.add(candidate)
        names.by_id[key] = candidate

    for table in schema.tables:
        t = table.name
        if table.primary_key is not None:
            choose(("pk", table.id), table.primary_key.name, f"pk_{t}", table.schema)
        for column in table.columns:
            if column.unique:
                choose(("uq", column.id), None, f"uq_{t}_{column.name}", table.schema)
        for unique in table.uniques:
            wanted = f"uq_{t}_{'_'.join(unique.columns)}"
            choose(("uq", unique.id), unique.name, wanted, table.schema)
        for column in table.columns:
            if column.check:
                choose(("ck", column.id), None, f"ck_{t}_{column.name}", table.schema)
        for check in table.checks:
            wanted = f"ck_{t}_{_check_words(check.expression, table)}"
            choose(("ck", check.id), check.name, wanted, table.schema)
        for relationship in schema.relationships_from(table.qname):
            wanted = f"fk_{t}_{'_'.join(relationship.from_columns)}"
            choose(("fk", relationship.id), relationship.name, wanted, table.schema)
        for index in table.indexes:
            keys = [
                element.column
                if element.column is not None
                else expression_words(element.expression or "")
                for element in index.elements
            ]
            choose(("ix", index.id), index.name, f"ix_{t}_{'_'.join(keys)}", table.schema)
    return names
