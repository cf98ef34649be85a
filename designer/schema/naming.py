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
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property

from pglast import parser

from .expressions import ExpressionError, column_references
from .memo import identity_memo
from .model import Generated, ObjectKind, Relationship, Schema, Table

MAX_IDENTIFIER_BYTES = 63
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def _bytes(name: str) -> bytes:
    # (a name that is not valid UTF-8 is refused by validation; here it must not crash)
    return name.encode(errors="surrogatepass")


def trim_identifier(name: str, limit: int = MAX_IDENTIFIER_BYTES) -> str:
    """``name`` cut to ``limit`` UTF-8 bytes with a hash suffix, or unchanged if it fits."""
    encoded = _bytes(name)
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
    """The sequence PostgreSQL creates for a serial or identity column: its own
    ``makeObjectName(table, column, "seq")``, which shortens the longer of the two names
    a byte at a time (never cutting a character) until the whole fits in 63 bytes."""
    first, second = _bytes(table.name), _bytes(column)
    room = MAX_IDENTIFIER_BYTES - len("_") - len("_seq")
    first_size, second_size = len(first), len(second)
    while first_size + second_size > room:
        if first_size > second_size:
            first_size -= 1
        else:
            second_size -= 1
    head = first[:first_size].decode(errors="ignore")
    tail = second[:second_size].decode(errors="ignore")
    return f"{head}_{tail}_seq"


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


@dataclass(frozen=True)
class Conventional:
    """One constraint or index as the convention names it: ``wanted`` before any clash
    is settled, unless ``explicit`` (a name the user or an import chose) stands."""

    key: tuple[str, str]
    explicit: str | None
    wanted: str
    schema: str
    what: str  # "the primary key of orders", for messages

    @cached_property
    def trimmed(self) -> str:
        """``wanted`` as PostgreSQL keeps it (at most 63 bytes)."""
        return trim_identifier(self.wanted)


def _conventional(schema: Schema) -> Iterator[Conventional]:
    """Every constraint and index of ``schema`` in the naming order (module doc)."""
    for table in schema.tables:
        yield from _table_conventional(table, *schema.relationships_from(table.qname))


# Entries per table: kept across the changes that do not touch the table (see memo).
@identity_memo(entries=20_000)
def _table_conventional(table: Table, *relationships: Relationship) -> tuple[Conventional, ...]:
    """The constraints and indexes of ``table`` (with its foreign keys), in order."""
    items = []
    t, q, s = table.name, table.qname, table.schema
    if table.primary_key is not None:
        items.append(Conventional(("pk", table.id), table.primary_key.name, f"pk_{t}", s,
                                  f"the primary key of {q}"))  # fmt: skip
    for column in table.columns:
        if column.unique:
            items.append(Conventional(("uq", column.id), None, f"uq_{t}_{column.name}", s,
                                      f"the unique key of {q}.{column.name}"))  # fmt: skip
    for unique in table.uniques:
        columns = ", ".join(unique.columns)
        items.append(Conventional(("uq", unique.id), unique.name,
                                  f"uq_{t}_{'_'.join(unique.columns)}", s,
                                  f"the unique constraint of {q} ({columns})"))  # fmt: skip
    for column in table.columns:
        if column.check:
            items.append(Conventional(("ck", column.id), None, f"ck_{t}_{column.name}", s,
                                      f"the check of {q}.{column.name}"))  # fmt: skip
    for check in table.checks:
        wanted = f"ck_{t}_{_check_words(check.expression, table)}"
        items.append(Conventional(("ck", check.id), check.name, wanted, s,
                                  f"the check of {q} ({check.expression})"))  # fmt: skip
    for relationship in relationships:
        columns = ", ".join(relationship.from_columns)
        items.append(Conventional(("fk", relationship.id), relationship.name,
                                  f"fk_{t}_{'_'.join(relationship.from_columns)}", s,
                                  f"the foreign key of {q} ({columns})"))  # fmt: skip
    for index in table.indexes:
        keys = [
            element.column
            if element.column is not None
            else expression_words(element.expression or "")
            for element in index.elements
        ]
        written = ", ".join(e.column or e.expression or "" for e in index.elements)
        items.append(Conventional(("ix", index.id), index.name, f"ix_{t}_{'_'.join(keys)}", s,
                                  f"the index on {q} ({written})"))  # fmt: skip
    return tuple(items)


def conventional_names(schema: Schema) -> dict[str, dict[str, str]]:
    """By PostgreSQL schema, the names the convention wants for the constraints and
    indexes that have no name of their own (before clashes are settled), and what each
    is for: a name the user chooses should not take one of them from its object.

    Worked out once per schema object; the result is shared, so do not change it."""
    return schema.derived(_conventional_names)


def _conventional_names(schema: Schema) -> dict[str, dict[str, str]]:
    found: dict[str, dict[str, str]] = {}
    for item in _conventional(schema):
        if not item.explicit:
            found.setdefault(item.schema, {}).setdefault(item.trimmed, item.what)
    return found


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
    # Sequences of their own and views hold relation names too (indexes and some
    # constraints share that namespace).
    for sequence in schema.sequences:
        taken.setdefault(sequence.schema, set()).add(sequence.name)
    for item in schema.sql_objects:
        if item.kind in (ObjectKind.VIEW, ObjectKind.MATERIALIZED_VIEW):
            taken.setdefault(item.schema, set()).add(item.name)
    for item in _conventional(schema):
        if item.explicit:
            taken.setdefault(item.schema, set()).add(item.explicit)
    for item in _conventional(schema):
        if item.explicit:
            names.by_id[item.key] = item.explicit
            continue
        space = taken.setdefault(item.schema, set())
        candidate = item.trimmed
        counter = 2
        while candidate in space:
            candidate = trim_identifier(f"{item.wanted}_{counter}")
            counter += 1
        space.add(candidate)
        names.by_id[item.key] = candidate
    return names
