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

Domains, sequences, partitions, NOT VALID
    ``CREATE DOMAIN`` is a ``Domain`` (its NOT NULL, default, checks over ``VALUE``,
    comment; ``ALTER DOMAIN`` applied), and a column of a domain names it
    (``ColumnType.domain``) and repeats its type. A sequence exactly like the one
    ``serial`` makes for its column (its name, owned by the column, of the column's
    type, default options, used by it alone) makes a serial column; every other
    sequence is a ``Sequence`` with its options and owner, under its own name, and the
    defaults that draw from it are kept as written (``nextval('users_seq'::text)``).
    Partitioned tables keep their key (``partition_by``) and partitions are tables
    whose ``partition_of`` and ``partition_bound`` say where they belong (``CREATE TABLE
    p PARTITION OF ...`` or pg_dump's ``ATTACH PARTITION``). ``NOT VALID`` foreign keys
    and checks stay not valid until ``VALIDATE CONSTRAINT``.

Objects kept as SQL (``kept``)
    Views, materialized views (with their indexes, comments, CLUSTER, REFRESH),
    functions, procedures, aggregates, triggers other than the ``updated_at``
    convention, policies, rules, composite, range and base types, comments on schemas
    and extensions, and a table's options (``CLUSTER ON``, a column's ``SET STATISTICS
    / STORAGE / (n_distinct = ...)``, row-level security, enabled or disabled
    triggers) are kept as their statements (``SqlObject``, read by
    ``designer.schema.sql_objects.describe``), in the order the script creates them;
    later COMMENT, ALTER and DROP statements change them. Defaults, checks and indexes
    that call a function of the script come along with it.

Schemas other than ``public``
    All are imported (tables keep their ``schema``). A caller may pass ``schemas=`` to
    keep only some; the tables and objects left out, and foreign keys to them, are listed.

What is skipped, and how it is reported
    The summary lists what was kept beyond the tables (``kept: 2 domains: ...``,
    ``kept as SQL: 7 views: ...``) and, by kind with its name, what the model still
    lacks: inheritance, foreign tables, exclusion constraints, collations,
    generated-column expressions, tablespaces and inline storage parameters, an
    identity column's own sequence name, operators, casts, text search objects. A column
    of a type the model lacks (``point``, a composite type) is skipped with everything
    that depends on it, and listed, as is a unique constraint repeating the primary key
    or another unique key (one CREATE TABLE cannot hold both; the first is kept).
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
    drafts.summary.record_kept(schema)
    return ImportResult(schema, drafts.summary)


__all__ = ["ImportFailure", "ImportResult", "SqlSyntaxError", "import_sql"]
