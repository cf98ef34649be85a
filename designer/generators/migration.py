"""The initial migration: up (the DDL), down (its rollback) and how to run them.

- ``up(schema)`` is the DDL script itself (``designer.generators.ddl.generate``): one
  transaction that creates everything.
- ``down(schema)`` returns the database to what it was before ``up``: one transaction
  that drops the foreign keys ``up`` added with ``ALTER TABLE`` (cycles), the tables in
  the reverse of their creation order (their indexes, triggers, sequences and comments go
  with them), the ``updated_at`` trigger function, the enum types, the extensions and the
  schemas ``up`` created. Nothing is dropped with ``CASCADE``: if something else has come
  to depend on one of these objects (a view, another table's key), the rollback stops and
  changes nothing, rather than take that with it.
- ``verification_query(schema)`` counts what ``up`` creates, next to what it should
  create (``expected_counts``), so that both directions can be checked in one statement.

The schema document (section 7) adds the execution plan around these scripts.
"""

from __future__ import annotations

from designer.generators import ddl
from designer.generators.ddl import INDENT, TRIGGER_FUNCTION
from designer.schema.model import Schema, Table
from designer.schema.sqltext import qualified, quote_ident, quote_literal

UP_FILE = "001_initial.up.sql"
DOWN_FILE = "001_initial.down.sql"


def up(schema: Schema) -> str:
    """The up migration: the DDL script, as ``schema.sql`` has it."""
    return ddl.generate(schema)


def down(schema: Schema) -> str:
    """The rollback of ``up``: drop everything it created, dependants first."""
    plan = ddl.creation_plan(schema)
    sections = [
        "\n".join(
            [
                ddl.sql_comment(f"Rollback of the initial migration of {_name(schema)}."),
                "-- Drops what the up script created, dependants first, in one transaction;",
                "-- without CASCADE, so that it stops if anything else still depends on it.",
            ]
        ),
        "BEGIN;",
    ]
    if plan.deferred:
        statements = [
            f"ALTER TABLE IF EXISTS {qualified(rel.from_table)} "
            f"DROP CONSTRAINT IF EXISTS {quote_ident(plan.names.foreign_key(rel))};"
            for rel in reversed(plan.deferred)
        ]
        sections.append("\n".join(["-- Foreign keys that close a cycle.", *statements]))
    tables = [f"DROP TABLE IF EXISTS {qualified(t.qname)};" for t in reversed(plan.tables)]
    if tables:
        sections.append("\n".join(tables))
    if any(table.has_updated_at_trigger for table in schema.tables):
        sections.append(f"DROP FUNCTION IF EXISTS {TRIGGER_FUNCTION}();")
    if schema.enums:
        sections.append(
            "\n".join(f"DROP TYPE IF EXISTS {qualified(e.qname)};" for e in reversed(schema.enums))
        )
    if schema.extensions:
        drops = [
            f"DROP EXTENSION IF EXISTS {quote_ident(name)};" for name in reversed(schema.extensions)
        ]
        note = "-- Extensions the up script creates: keep them if the database had them before."
        sections.append("\n".join([note, *drops]))
    schemas = [name for name in reversed(schema.schemas) if name != "public"]
    if schemas:
        sections.append("\n".join(f"DROP SCHEMA IF EXISTS {quote_ident(n)};" for n in schemas))
    sections.append("COMMIT;")
    return "\n\n".join(sections) + "\n"


def _name(schema: Schema) -> str:
    return " ".join(schema.name.splitlines()) or "the schema"


# --- verification -----------------------------------------------------------------------


def expected_counts(schema: Schema) -> dict[str, int]:
    """What ``up`` creates: tables, constraints (pk, unique, check, foreign keys), indexes
    (with those of keys), triggers, enum types."""
    constraints = indexes = 0
    for table in schema.tables:
        keys = _key_count(table)
        checks = sum(1 for column in table.columns if column.check) + len(table.checks)
        foreign = len(schema.relationships_from(table.qname))
        constraints += keys + checks + foreign
        indexes += keys + len(table.indexes)
    return {
        "tables": len(schema.tables),
        "constraints": constraints,
        "indexes": indexes,
        "triggers": sum(1 for table in schema.tables if table.has_updated_at_trigger),
        "enum types": len(schema.enums),
    }


def _key_count(table: Table) -> int:
    """Primary key and unique constraints as written (repeated keys are left out)."""
    redundant = ddl.redundant_unique_ids(table)
    uniques = sum(1 for column in table.columns if column.unique and column.id not in redundant)
    uniques += sum(1 for unique in table.uniques if unique.id not in redundant)
    return uniques + (1 if table.primary_key is not None else 0)


def verification_query(schema: Schema) -> str:
    """One SELECT: for each kind of object, how many exist and how many ``up`` creates."""
    expected = expected_counts(schema)
    tables = _name_rows([(table.schema, table.name) for table in schema.tables])
    types = _name_rows([(enum.schema, enum.name) for enum in schema.enums])
    in_tables = "IN (SELECT oid FROM created_tables)"
    sources = [
        ("tables", "FROM created_tables"),
        (
            "constraints",
            f"FROM pg_constraint\n{INDENT}WHERE conrelid {in_tables} "
            "AND contype IN ('p', 'u', 'c', 'f')",
        ),
        ("indexes", f"FROM pg_index\n{INDENT}WHERE indrelid {in_tables}"),
        ("triggers", f"FROM pg_trigger\n{INDENT}WHERE tgrelid {in_tables} AND NOT tgisinternal"),
        (
            "enum types",
            "FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace\n"
            f"{INDENT}JOIN wanted_types w ON w.nspname = n.nspname AND w.name = t.typname\n"
            f"{INDENT}WHERE t.typtype = 'e'",
        ),
    ]
    lines = [
        f"WITH wanted_tables (nspname, name) AS ({tables}),",
        f"wanted_types (nspname, name) AS ({types}),",
        "created_tables AS (",
        f"{INDENT}SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace",
        f"{INDENT}JOIN wanted_tables w ON w.nspname = n.nspname AND w.name = c.relname",
        f"{INDENT}WHERE c.relkind = 'r'",
        ")",
    ]
    selects = []
    for number, (kind, source) in enumerate(sources):
        columns = ("object", "found", "expected") if number == 0 else None
        values = (quote_literal(kind), "count(*)", str(expected[kind]))
        if columns:
            values = tuple(f"{v} AS {c}" for v, c in zip(values, columns, strict=True))
        selects.append(f"SELECT {', '.join(values)}\n{source}")
    return "\n".join(lines) + "\n" + "\nUNION ALL\n".join(selects) + ";"


def _name_rows(pairs: list[tuple[str, str]]) -> str:
    """A VALUES list of (schema, name) pairs; an empty query when there are none."""
    if not pairs:
        return "SELECT NULL::name, NULL::name WHERE false"
    rows = f",\n{INDENT}       ".join(f"({quote_literal(a)}, {quote_literal(b)})" for a, b in pairs)
    return f"\n{INDENT}VALUES {rows}\n"
