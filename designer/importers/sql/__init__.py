"""Import PostgreSQL DDL — a ``pg_dump --schema-only`` file or hand-written SQL.

``import_sql(source)`` reads the text with PostgreSQL's own parser (pglast), replays its
statements in order the way a database would (a later ``ALTER TABLE ... DROP COLUMN``
removes the column, a function created and dropped again leaves nothing) and returns an
``ImportResult``: the pure ``Schema``, every object with a new id, and a summary.

What is imported
    Tables with their columns in order: every registry type (``int4``, ``INT`` and
    ``integer`` alike), arrays, enum types, defaults, NOT NULL, identity columns and
    serial columns (``serial`` types, and ``nextval`` defaults of a sequence, as pg_dump
    writes them with ``CREATE SEQUENCE``, ``OWNED BY`` and ``SET DEFAULT``); primary
    keys, unique and check constraints and foreign keys (actions, DEFERRABLE), inline,
    in the table's constraint list or added by ``ALTER TABLE ... ADD CONSTRAINT``;
    indexes (unique, method, expressions, DESC / NULLS, operator classes, INCLUDE,
    partial); ``CREATE TYPE ... AS ENUM`` (and ``ALTER TYPE ... ADD VALUE``); comments
    on tables, columns, enum types (descriptions) and indexes (rationale); the
    ``updated_at`` trigger convention (see ``routines``). Names are kept as written;
    constraints and indexes the original left unnamed stay unnamed (``None``), and the
    project's naming convention names them on export.

Schemas other than ``public``
    All are imported (tables keep their ``schema``). A caller may pass ``schemas=`` to
    keep only some; the tables left out, and foreign keys to them, are listed.

What is skipped, and how it is reported
    The model has no views, materialized views, functions, procedures, aggregates,
    other triggers, rules, policies, extensions, sequences of their own, partitions,
    inheritance, foreign tables, exclusion constraints, collations, generated-column
    expressions, storage options or tablespaces. Each is listed in the summary by kind
    with its name (``skipped: 3 views: a, b, c``). Some are mapped rather than lost:
    a domain column gets the domain's base type, NOT NULL, default and checks (``VALUE``
    replaced by the column's name); a partitioned table is imported as a plain table
    without its partitions; a sequence's name and options are replaced by those of a
    serial column. A column of a type the model lacks (``point``, ``citext``, a
    composite type) is skipped with everything that depends on it, and listed, as is
    whatever calls a function of the script (the model has no functions) and a unique
    constraint repeating the primary key or another unique key (one CREATE TABLE cannot
    hold both; the first is kept).
    Statements without schema — ``SET``, ``set_config``, ``OWNER TO``, ``GRANT``,
    ``INSERT``, ``COPY`` and its data, psql meta-commands (``\\restrict``...) — are
    passed over and counted.

Failures
    ``ImportFailure`` (one line) for an empty, binary or non-SQL file or one that
    defines nothing to import; ``SqlSyntaxError`` with the line, the column and the
    offending text when PostgreSQL's parser refuses the text. What PostgreSQL's parser
    accepts but ``designer.schema.validation`` refuses is left out and listed, or refuses
    the import when leaving parts out cannot settle it (``designer.importers.fitting``).
"""

from __future__ import annotations

from collections.abc import Collection

from designer.schema.limits import MAX_PROJECT_NAME_LENGTH

from ..fitting import fit
from ..summary import ImportFailure, ImportResult, SqlSyntaxError
from .build import build
from .draft import Drafts
from .parsing import parse_script
from .source import blank_psql_parts, decode
from .statements import dispatch

DEFAULT_NAME = "Imported schema"


def import_sql(
    source: str | bytes,
    *,
    name: str = DEFAULT_NAME,
    schemas: Collection[str] | None = None,
) -> ImportResult:
    """The schema a SQL script defines, and the summary of what was left out."""
    name = name.strip()[:MAX_PROJECT_NAME_LENGTH] or DEFAULT_NAME  # from a file's name
    text, psql = blank_psql_parts(decode(source))
    statements = parse_script(text)
    drafts = Drafts()
    drafts.summary.pass_over("meta-command", psql.meta_commands)
    for statement in statements:
        dispatch(statement, drafts)
    schema = build(drafts, name=name, schemas=schemas)
    if not schema.tables and not schema.enums:
        raise ImportFailure("the file defines no tables or enum types to import")
    # PostgreSQL's parser took the script; what the designer's model still refuses is
    # left out and listed, or refuses the import (``designer.importers.fitting``).
    schema = fit(schema, drafts.summary)
    if not schema.tables and not schema.enums:
        reasons = drafts.summary.skipped_lines()
        raise ImportFailure(f"nothing in the file can be imported ({reasons[0]})")
    return ImportResult(schema, drafts.summary)


__all__ = ["ImportFailure", "ImportResult", "SqlSyntaxError", "import_sql"]
