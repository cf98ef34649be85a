"""PostgreSQL 15+ DDL: the whole schema as one deterministic script.

``generate(schema, options)`` writes, in this order: a header comment, ``SET
check_function_bodies = false;`` (only when the schema keeps a function or a procedure: a
body may name a table created later), ``BEGIN;``, ``CREATE EXTENSION IF NOT EXISTS`` for
the extensions it needs, ``CREATE SCHEMA IF NOT EXISTS`` for each non-public schema, the
enum types, the standalone sequences, the domains (a domain over another after it) and
the verbatim objects that depend on no table (functions, types, schema comments...; one
a domain's check calls before the domain: ``before_tables``), the
``update_updated_at_column()`` trigger function (when a table keeps ``updated_at``), one
block per table in dependency order (a partition after its parent), the foreign keys
that could not be written inside their ``CREATE TABLE`` (a cycle), the ``NOT VALID``
foreign keys, ``ATTACH PARTITION`` for every partition, ``ALTER SEQUENCE ... OWNED BY``,
the verbatim objects that depend on tables (views, materialized views, triggers, table
options...) in the order of what they depend on, and ``COMMIT;``. It expects a schema
that ``designer.schema.validation.validate`` accepts. A schema without the objects of
issue 16 gives the same text as before them.

The script is built from public pieces, so that the schema document and the migrations
write exactly the same text:

- ``creation_plan(schema)`` -> ``CreationPlan``: the table order, which foreign keys go
  inside each ``CREATE TABLE`` and which are added afterwards (a cycle's, and every
  ``NOT VALID`` one: CREATE TABLE would check it), and every object's name;
- ``table_block(schema, table, plan)``: ``CREATE TABLE`` with its ``NOT VALID`` checks,
  indexes, trigger and comments, exactly as the block appears in the script;
- ``create_table_statement(table, names, foreign_keys)``, ``column_definition(column)``
  (a column of a domain spells the domain), ``constraint_definitions(table, names,
  foreign_keys)``, ``redundant_unique_ids(table)`` (unique constraints that repeat a key,
  which PostgreSQL would drop, are left out);
- ``as_partition(schema, table, names)``: a partition as its CREATE TABLE writes it (its
  parents' NOT NULLs) and the parents' checks it is given (ATTACH requires them);
- ``foreign_key_clause(relationship, names)`` and ``add_foreign_key_statement(...)``;
  ``not_valid_sql(table, check_or_relationship, schema)``;
- ``index_statement(table, index, names)``, ``index_key(element)``;
- ``extension_statement(name)``, ``schema_statement(name)``, ``enum_statement(enum)``,
  ``enum_comment_statement(enum)``;
- from ``ddl_objects`` (the objects around the tables): ``domain_sql(domain, schema)``,
  ``sequence_sql(sequence)``, ``sequence_owner_sql(sequence)``,
  ``attach_partition_sql(table)``, ``partition_depth(schema, table)``,
  ``object_phases(schema)``, ``before_tables(schema)``, ``has_functions(schema)``,
  ``column_type_sql(type)``;
- ``trigger_function_statement()``, ``trigger_statement(table)``;
- ``comment_statements(table, names)``: ``COMMENT ON TABLE`` / ``COLUMN`` / ``INDEX``;
- ``header(schema)`` and ``sql_comment(text)``: user text as ``--`` lines that no line
  break can escape.

Conventions: every constraint and index is named through ``designer.schema.naming``
(``CONSTRAINT <name>`` always, so PostgreSQL never picks a name); identifiers and
literals go through ``designer.schema.sqltext``; objects in ``public`` are unqualified.
Tables come in foreign-key order, ties broken by the model's order; a cycle is broken at
the first remaining table in the model's order, and the foreign keys that point forward
are added with ``ALTER TABLE ... ADD CONSTRAINT`` after every table exists.

Partitions: each is created as a table of its own, with its keys, checks and indexes
(and its parent's NOT NULLs and checks, which ATTACH requires), and attached once every
index and constraint exists, so that PostgreSQL adopts the partition's index or key that
matches each of the parent's, under the partition's own name (as a pg_dump restores
them), rather than building another.
"""

from __future__ import annotations

import heapq
import textwrap
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from designer.generators.ddl_objects import (
    attach_partition_sql,
    before_tables,
    column_type_sql,
    domain_sql,
    has_functions,
    object_phases,
    object_sql,
    partition_depth,
    sequence_owner_sql,
    sequence_sql,
)
from designer.schema.expressions import needs_parentheses
from designer.schema.model import (
    Action,
    CheckConstraint,
    Column,
    Deferral,
    Domain,
    EnumType,
    Generated,
    Index,
    IndexElement,
    IndexMethod,
    NullsOrder,
    QName,
    Relationship,
    Schema,
    SqlObject,
    Table,
)
from designer.schema.naming import Names, assign_names, trigger_name
from designer.schema.sqltext import qualified, quote_ident, quote_literal

INDENT = "    "
TRIGGER_FUNCTION = "update_updated_at_column"
COMMENT_WIDTH = 88
# An enum whose one-line statement is longer than this gets one value per line.
ENUM_LINE_WIDTH = 100

SERIAL_TYPES = {"smallint": "smallserial", "integer": "serial", "bigint": "bigserial"}
_IDENTITY = {
    Generated.IDENTITY_ALWAYS: "GENERATED ALWAYS AS IDENTITY",
    Generated.IDENTITY_BY_DEFAULT: "GENERATED BY DEFAULT AS IDENTITY",
}
_DEFERRAL = {
    Deferral.NOT_DEFERRABLE: "",
    Deferral.DEFERRABLE: " DEFERRABLE",
    Deferral.DEFERRED: " DEFERRABLE INITIALLY DEFERRED",
}
_DEFERRED_HEAD = "-- Foreign keys added once every table they reference exists."
_NOT_VALID_HEAD = "-- Foreign keys NOT VALID: the rows already there are not checked."
_ATTACH_HEAD = (
    "-- Partitions attached once they have their indexes and keys: PostgreSQL adopts those\n"
    "-- that match the parent's instead of building new ones."
)
# A function's body may name a table created later in the script (as in pg_dump's).
FUNCTION_BODIES_UNCHECKED = "SET check_function_bodies = false;"
_NAMING_LINES = (
    "Names: pk_<table>, uq_<table>_<columns>, ck_<table>_<columns>, fk_<table>_<columns>,",
    "ix_<table>_<keys>, trg_<table>_updated_at; cut to 63 bytes with a hash suffix.",
)


@dataclass(frozen=True)
class DdlOptions:
    transaction: bool = True  # BEGIN; ... COMMIT; around the script
    comments: bool = True  # COMMENT ON statements and index rationales
    header: bool = True  # the leading comment: project, target version, naming


@dataclass(frozen=True)
class CreationPlan:
    """The order the script creates tables in, and where each foreign key is written."""

    tables: tuple[Table, ...]
    inline: Mapping[QName, tuple[Relationship, ...]]  # inside CREATE TABLE, by table
    deferred: tuple[Relationship, ...]  # ALTER TABLE ... ADD CONSTRAINT after all tables
    names: Names

    def foreign_keys(self, table: Table) -> tuple[Relationship, ...]:
        """The foreign keys written inside ``table``'s ``CREATE TABLE``."""
        return self.inline.get(table.qname, ())


# --- the script ---------------------------------------------------------------------


def generate(schema: Schema, options: DdlOptions | None = None) -> str:
    """The PostgreSQL DDL of ``schema``: same input, byte-identical output."""
    options = options or DdlOptions()
    plan = creation_plan(schema)
    after = object_phases(schema)[1]
    sections: list[str] = []
    if options.header:
        sections.append(header(schema))
    if has_functions(schema):
        sections.append(FUNCTION_BODIES_UNCHECKED)
    if options.transaction:
        sections.append("BEGIN;")
    sections += [extension_statement(name) for name in schema.extensions]
    sections += _schema_sections(schema)
    sections += _enum_sections(schema, options)
    sections += [sequence_sql(item, comments=options.comments) for item in schema.sequences]
    sections += [
        domain_sql(item, schema, comments=options.comments)
        if isinstance(item, Domain)
        else _object_section(item, options)
        for item in before_tables(schema)
    ]
    if any(table.has_updated_at_trigger for table in schema.tables):
        sections.append(trigger_function_statement())
    sections += [
        table_block(schema, table, plan, comments=options.comments) for table in plan.tables
    ]
    if cycles := [rel for rel in plan.deferred if not rel.not_valid]:
        sections.append(_deferred_section(plan, cycles, _DEFERRED_HEAD))
    if not_valid := [rel for rel in plan.deferred if rel.not_valid]:
        sections.append(_deferred_section(plan, not_valid, _NOT_VALID_HEAD))
    if partitions := _attach_order(schema, plan):
        lines = [_ATTACH_HEAD] + [attach_partition_sql(table) for table in partitions]
        sections.append("\n".join(lines))
    if owners := [sql for item in schema.sequences if (sql := sequence_owner_sql(item))]:
        sections.append("\n".join(owners))
    sections += [_object_section(item, options) for item in after]
    if options.transaction:
        sections.append("COMMIT;")
    return "\n\n".join(sections) + "\n"


def header(schema: Schema) -> str:
    """The leading comment: the project, its description, the target and the naming."""
    name = " ".join(schema.name.splitlines())
    lines = [sql_comment(name or "Schema")]
    if schema.description.strip():
        lines.append(sql_comment(schema.description))
    lines.append("--")
    lines.append(f"-- PostgreSQL {schema.pg_version}+ DDL, written by pg schema designer.")
    lines += [f"-- {line}" for line in _NAMING_LINES]
    return "\n".join(lines)


def _schema_sections(schema: Schema) -> list[str]:
    statements = [schema_statement(name) for name in schema.schemas if name != "public"]
    return ["\n".join(statements)] if statements else []


def _enum_sections(schema: Schema, options: DdlOptions) -> list[str]:
    sections = []
    for enum in schema.enums:
        statements = [enum_statement(enum)]
        comment = enum_comment_statement(enum) if options.comments else None
        if comment:
            statements.append(comment)
        sections.append("\n".join(statements))
    return sections


def _deferred_section(plan: CreationPlan, relationships: list[Relationship], head: str) -> str:
    lines = [head] + [add_foreign_key_statement(rel, plan.names) for rel in relationships]
    return "\n".join(lines)


def _attach_order(schema: Schema, plan: CreationPlan) -> list[Table]:
    """The partitions, the deepest first (a partition of a partition is attached to its
    own parent before that one is attached), then in creation order."""
    partitions = [table for table in plan.tables if table.partition_of is not None]
    depth = {table.qname: partition_depth(schema, table) for table in partitions}
    return sorted(partitions, key=lambda table: -depth[table.qname])


def _object_section(item: SqlObject, options: DdlOptions) -> str:
    """A verbatim object's statements, with its description as a comment above them."""
    text = object_sql(item)
    if options.comments and item.description.strip():
        text = f"{sql_comment(item.description)}\n{text}"
    return text


# --- order ----------------------------------------------------------------------------


def creation_plan(schema: Schema) -> CreationPlan:
    """Tables in foreign-key order (ties by model order), and where each key goes.

    Worked out once per schema object (the result is shared: do not change it).
    """
    return schema.derived(_creation_plan)


def _creation_plan(schema: Schema) -> CreationPlan:
    order = _creation_order(schema)
    created: set[QName] = set()
    inline: dict[QName, tuple[Relationship, ...]] = {}
    deferred: list[Relationship] = []
    for table in order:
        created.add(table.qname)
        own = []
        for relationship in schema.relationships_from(table.qname):
            if _can_be_inline(relationship, table, created):
                own.append(relationship)
            else:
                deferred.append(relationship)
        inline[table.qname] = tuple(own)
    return CreationPlan(tuple(order), inline, tuple(deferred), assign_names(schema))


def _creation_order(schema: Schema) -> list[Table]:
    """Kahn's algorithm: always the first ready table in model order; in a cycle (nothing
    ready), the first table not yet created."""
    position = {table.qname: number for number, table in enumerate(schema.tables)}
    waiting_on: dict[QName, set[QName]] = {}
    dependants: dict[QName, list[QName]] = {}
    for table in schema.tables:
        needs = {
            rel.to_table
            for rel in schema.relationships_from(table.qname)
            if not rel.is_self_reference and rel.to_table in position
        }
        if table.partition_of in position and table.partition_of != table.qname:
            needs.add(table.partition_of)  # a partition comes after its parent
        waiting_on[table.qname] = needs
        for needed in needs:
            dependants.setdefault(needed, []).append(table.qname)
    ready = [position[name] for name, needs in waiting_on.items() if not needs]
    heapq.heapify(ready)
    done = [False] * len(schema.tables)
    order: list[Table] = []
    next_unbroken = 0  # no table before this position is still waiting
    while len(order) < len(schema.tables):
        if ready:
            number = heapq.heappop(ready)
            if done[number]:
                continue
        else:
            while done[next_unbroken]:
                next_unbroken += 1
            number = next_unbroken
        done[number] = True
        table = schema.tables[number]
        order.append(table)
        for dependant in dependants.get(table.qname, ()):
            needs = waiting_on[dependant]
            if table.qname in needs:
                needs.discard(table.qname)
                if not needs:
                    heapq.heappush(ready, position[dependant])
    return order


def _can_be_inline(relationship: Relationship, table: Table, created: set[QName]) -> bool:
    """Whether the referenced key exists by the end of ``table``'s CREATE TABLE (and
    the key is checked: CREATE TABLE ignores NOT VALID, so such a key comes later)."""
    if relationship.not_valid:
        return False
    if not relationship.is_self_reference:
        return relationship.to_table in created
    # A self-reference can be inline only when the key it references is declared in the
    # same statement; a key that is only a unique index comes after it.
    wanted = frozenset(relationship.to_columns)
    keys = [frozenset((column.name,)) for column in table.columns if column.unique]
    keys += [frozenset(unique.columns) for unique in table.uniques]
    if table.primary_key is not None:
        keys.append(frozenset(table.primary_key.columns))
    return wanted in keys


# --- one table ------------------------------------------------------------------------


def table_block(
    schema: Schema, table: Table, plan: CreationPlan | None = None, *, comments: bool = True
) -> str:
    """``CREATE TABLE`` with its indexes, trigger and comments, as written in the script."""
    plan = plan or creation_plan(schema)
    written, inherited = _as_partition(schema, table, plan.names)
    paragraphs = [
        create_table_statement(written, plan.names, plan.foreign_keys(table), inherited=inherited)
    ]
    if not_valid := [check for check in table.checks if check.not_valid]:
        paragraphs.append("\n".join(not_valid_sql(table, check, schema) for check in not_valid))
    paragraphs += _index_paragraphs(table, plan.names, comments)
    if table.has_updated_at_trigger:
        paragraphs.append(trigger_statement(table))
    if comments and (statements := comment_statements(table, plan.names)):
        paragraphs.append("\n".join(statements))
    return "\n\n".join(paragraphs)


def create_table_statement(
    table: Table,
    names: Names,
    foreign_keys: Iterable[Relationship] = (),
    *,
    inherited: Iterable[str] = (),
) -> str:
    """``CREATE TABLE``: one column per line, then every constraint, each named, then
    ``inherited`` (a partition's copies of its parent's checks); a partitioned table ends
    with ``PARTITION BY``. A partition is created as a table of its own and attached later
    (``attach_partition_sql``)."""
    lines = [column_definition(column) for column in table.columns]
    lines += constraint_definitions(table, names, foreign_keys)
    lines += inherited
    body = ",\n".join(INDENT + line for line in lines)
    partitioned = f" PARTITION BY {table.partition_by}" if table.partition_by else ""
    return f"CREATE TABLE {qualified(table.qname)} (\n{body}\n){partitioned};"


def _as_partition(schema: Schema, table: Table, names: Names) -> tuple[Table, list[str]]:
    """``table`` as its CREATE TABLE writes it, and the checks it takes from its parents.

    ATTACH PARTITION wants the partition to have every NOT NULL and every check (by
    name) of its parent, as ``CREATE TABLE ... PARTITION OF`` would have copied them: a
    column NOT NULL in the parent is NOT NULL here, and a parent's check the partition
    does not have under the same name is written into its CREATE TABLE.
    """
    table, inherited = partition_parts(schema, table, names)
    return table, [
        f"CONSTRAINT {quote_ident(name)} CHECK ({expression})" for name, expression in inherited
    ]


def partition_parts(
    schema: Schema, table: Table, names: Names
) -> tuple[Table, tuple[tuple[str, str], ...]]:
    """``_as_partition``'s rule as values: the table with its parents' NOT NULLs, and the
    (name, expression) of each parent's check it takes (the SQLModel module writes them
    as its own constraints)."""
    if table.partition_of is None or table.partition_of not in schema.tables_by_name:
        return table, ()
    parents = _parents(schema, table)
    required = {
        column.name for parent in parents for column in parent.columns if not column.nullable
    }
    columns = tuple(
        replace(column, nullable=False) if column.nullable and column.name in required else column
        for column in table.columns
    )
    own = {name for name, _ in _checks_of(table, names)}
    inherited = []
    for parent in parents:
        for name, expression in _checks_of(parent, names):
            if name not in own:
                own.add(name)
                inherited.append((name, expression))
    if columns != table.columns:
        table = replace(table, columns=columns)
    return table, tuple(inherited)


# The public name, for the generators that write a partition's CREATE TABLE themselves
# (the migrations, the SQLModel module).
as_partition = _as_partition


def _parents(schema: Schema, table: Table) -> list[Table]:
    """The tables ``table`` is a partition of, its direct parent first."""
    found: list[Table] = []
    current = table
    while current.partition_of in schema.tables_by_name:
        current = schema.table(current.partition_of)  # type: ignore[arg-type]
        if current is table or current in found:
            break
        found.append(current)
    return found


def _checks_of(table: Table, names: Names) -> list[tuple[str, str]]:
    """(name, expression) of each check of ``table``: its columns' then its own."""
    checks = [(names.check_column(c.id), c.check) for c in table.columns if c.check]
    return checks + [(names.check(check.id), check.expression) for check in table.checks]


def column_definition(column: Column) -> str:
    """``name type [NOT NULL] [GENERATED ... AS IDENTITY] [DEFAULT expr]``."""
    if column.generated is Generated.SERIAL:
        parts = [quote_ident(column.name), SERIAL_TYPES[column.type.base]]
    else:
        parts = [quote_ident(column.name), column_type_sql(column.type)]
    if not column.nullable:
        parts.append("NOT NULL")
    if column.generated in _IDENTITY:
        parts.append(_IDENTITY[column.generated])
    if column.default is not None:
        parts.append(f"DEFAULT {_default_expression(column.default)}")
    return " ".join(parts)


def _default_expression(text: str) -> str:
    return f"({text})" if needs_parentheses(text) else text


def constraint_definitions(
    table: Table, names: Names, foreign_keys: Iterable[Relationship] = ()
) -> list[str]:
    """Primary key, unique constraints, checks, then foreign keys (naming.py's order).

    A unique constraint that repeats the primary key or an earlier unique constraint is
    left out: PostgreSQL would drop it from ``CREATE TABLE`` without a word.
    """
    definitions = []
    if table.primary_key is not None:
        columns = _column_list(table.primary_key.columns)
        definitions.append(
            f"CONSTRAINT {quote_ident(names.primary_key(table))} PRIMARY KEY ({columns})"
        )
    redundant = redundant_unique_ids(table)
    for column in table.columns:
        if column.unique and column.id not in redundant:
            name = quote_ident(names.unique_column(column.id))
            definitions.append(f"CONSTRAINT {name} UNIQUE ({quote_ident(column.name)})")
    for unique in table.uniques:
        if unique.id in redundant:
            continue
        nulls = " NULLS NOT DISTINCT" if unique.nulls_not_distinct else ""
        name = quote_ident(names.unique(unique.id))
        definitions.append(f"CONSTRAINT {name} UNIQUE{nulls} ({_column_list(unique.columns)})")
    for column in table.columns:
        if column.check:
            name = quote_ident(names.check_column(column.id))
            definitions.append(f"CONSTRAINT {name} CHECK ({column.check})")
    for check in table.checks:
        if check.not_valid:
            continue  # CREATE TABLE would check it anyway: added after (``not_valid_sql``)
        name = quote_ident(names.check(check.id))
        definitions.append(f"CONSTRAINT {name} CHECK ({check.expression})")
    definitions += [foreign_key_clause(rel, names) for rel in foreign_keys]
    return definitions


def redundant_unique_ids(table: Table) -> frozenset[str]:
    """Ids of the unique constraints (or unique columns) that repeat an earlier key.

    PostgreSQL keeps one index per key in ``CREATE TABLE``: a unique constraint with the
    same columns in the same order and the same NULLS treatment as the primary key, or as
    a unique constraint before it, is dropped silently (parse_utilcmd.c). The DDL leaves
    such a constraint out so that every name it writes exists; the design review is where
    the duplicate is reported.
    """
    seen: set[tuple[tuple[str, ...], bool]] = set()
    if table.primary_key is not None:
        seen.add((table.primary_key.columns, False))
    keys = [(column.id, (column.name,), False) for column in table.columns if column.unique]
    keys += [(unique.id, unique.columns, unique.nulls_not_distinct) for unique in table.uniques]
    redundant = set()
    for key_id, columns, nulls_not_distinct in keys:
        if (columns, nulls_not_distinct) in seen:
            redundant.add(key_id)
        seen.add((columns, nulls_not_distinct))
    return frozenset(redundant)


def foreign_key_clause(relationship: Relationship, names: Names) -> str:
    """``CONSTRAINT fk_... FOREIGN KEY (...) REFERENCES t (...) [ON DELETE ...] ...``.

    NO ACTION, PostgreSQL's default, is left out; the design review flags it.
    """
    text = (
        f"CONSTRAINT {quote_ident(names.foreign_key(relationship))} "
        f"FOREIGN KEY ({_column_list(relationship.from_columns)}) "
        f"REFERENCES {qualified(relationship.to_table)} ({_column_list(relationship.to_columns)})"
    )
    if relationship.on_delete is not Action.NO_ACTION:
        text += f" ON DELETE {relationship.on_delete.value}"
    if relationship.on_update is not Action.NO_ACTION:
        text += f" ON UPDATE {relationship.on_update.value}"
    return text + _DEFERRAL[relationship.deferral]


def add_foreign_key_statement(relationship: Relationship, names: Names) -> str:
    """The foreign key as ``ALTER TABLE ... ADD CONSTRAINT``, for keys written later
    (with ``NOT VALID`` when the rows already there are not to be checked)."""
    clause = foreign_key_clause(relationship, names)
    if relationship.not_valid:
        clause += " NOT VALID"
    return f"ALTER TABLE {qualified(relationship.from_table)}\n{INDENT}ADD {clause};"


def not_valid_sql(table: Table, constraint: CheckConstraint | Relationship, schema: Schema) -> str:
    """``ALTER TABLE t ADD CONSTRAINT ... NOT VALID``: a check of ``table`` or a foreign
    key from it, added without checking the rows already there (CREATE TABLE cannot)."""
    names = assign_names(schema)
    if isinstance(constraint, Relationship):
        clause = foreign_key_clause(constraint, names)
        return f"ALTER TABLE {qualified(constraint.from_table)}\n{INDENT}ADD {clause} NOT VALID;"
    name = quote_ident(names.check(constraint.id))
    return (
        f"ALTER TABLE {qualified(table.qname)}\n"
        f"{INDENT}ADD CONSTRAINT {name} CHECK ({constraint.expression}) NOT VALID;"
    )


def _index_paragraphs(table: Table, names: Names, comments: bool) -> list[str]:
    """Indexes, each with its rationale above it; an index with one stands apart."""
    paragraphs: list[str] = []
    previous_explained = True
    for index in table.indexes:
        explained = comments and bool(index.rationale.strip())
        text = index_statement(table, index, names)
        if explained:
            text = f"{sql_comment(index.rationale)}\n{text}"
        if explained or previous_explained:
            paragraphs.append(text)
        else:
            paragraphs[-1] += "\n" + text
        previous_explained = explained
    return paragraphs


def index_statement(table: Table, index: Index, names: Names) -> str:
    """``CREATE [UNIQUE] INDEX name ON t [USING m] (keys) [INCLUDE (...)] [WHERE ...]``."""
    head = "CREATE UNIQUE INDEX" if index.unique else "CREATE INDEX"
    text = f"{head} {quote_ident(names.index(index.id))} ON {qualified(table.qname)}"
    if index.method is not IndexMethod.BTREE:
        text += f" USING {index.method.value}"
    text += f" ({', '.join(index_key(element) for element in index.elements)})"
    if index.include:
        text += f" INCLUDE ({_column_list(index.include)})"
    if index.where is not None:
        text += f" WHERE {index.where}"
    return text + ";"


def index_key(element: IndexElement) -> str:
    """One key: a column or a parenthesised expression, with opclass and sort order."""
    text = quote_ident(element.column) if element.column is not None else f"({element.expression})"
    if element.opclass:
        # The model keeps a qualified operator class as "schema.name" (as
        # expressions.parse_index_keys reads it); each part is one identifier.
        text += " " + ".".join(quote_ident(part) for part in element.opclass.split("."))
    if element.descending:
        text += " DESC"
    if element.nulls is NullsOrder.FIRST:
        text += " NULLS FIRST"
    elif element.nulls is NullsOrder.LAST:
        text += " NULLS LAST"
    return text


def trigger_function_statement(*, comment: bool = True) -> str:
    """The one function every ``updated_at`` trigger calls (with a comment line above)."""
    head = "-- Keeps updated_at current: every table that has it calls this on UPDATE.\n"
    return (head if comment else "") + (
        f"CREATE OR REPLACE FUNCTION {TRIGGER_FUNCTION}()\n"
        "RETURNS trigger\n"
        "LANGUAGE plpgsql\n"
        "AS $$\n"
        "BEGIN\n"
        f"{INDENT}NEW.updated_at = now();\n"
        f"{INDENT}RETURN NEW;\n"
        "END;\n"
        "$$;"
    )


def trigger_statement(table: Table) -> str:
    """``CREATE TRIGGER trg_<table>_updated_at BEFORE UPDATE ... FOR EACH ROW ...``."""
    return (
        f"CREATE TRIGGER {quote_ident(trigger_name(table))}\n"
        f"{INDENT}BEFORE UPDATE ON {qualified(table.qname)}\n"
        f"{INDENT}FOR EACH ROW\n"
        f"{INDENT}EXECUTE FUNCTION {TRIGGER_FUNCTION}();"
    )


def comment_statements(table: Table, names: Names | None = None) -> tuple[str, ...]:
    """``COMMENT ON TABLE`` / ``COMMENT ON COLUMN`` for every non-empty description and,
    given the names, ``COMMENT ON INDEX`` for every index's rationale (so that it lives in
    the database, shows in ``\\di+`` and comes back on import)."""
    name = qualified(table.qname)
    statements = []
    if table.description:
        statements.append(f"COMMENT ON TABLE {name} IS {_literal(table.description)};")
    for column in table.columns:
        if column.description:
            target = f"{name}.{quote_ident(column.name)}"
            statements.append(f"COMMENT ON COLUMN {target} IS {_literal(column.description)};")
    if names is not None:
        statements += index_comment_statements(table, names)
    return tuple(statements)


def index_comment_statements(table: Table, names: Names) -> list[str]:
    """``COMMENT ON INDEX`` holding each index's rationale."""
    return [
        f"COMMENT ON INDEX {qualified(QName(table.schema, names.index(index.id)))} "
        f"IS {_literal(index.rationale)};"
        for index in table.indexes
        if index.rationale.strip()
    ]


# --- schemas and types --------------------------------------------------------------


def extension_statement(name: str) -> str:
    return f"CREATE EXTENSION IF NOT EXISTS {quote_ident(name)};"


def schema_statement(name: str) -> str:
    return f"CREATE SCHEMA IF NOT EXISTS {quote_ident(name)};"


def enum_statement(enum: EnumType) -> str:
    """``CREATE TYPE ... AS ENUM (...)``, on one line when it is short."""
    values = [quote_literal(value) for value in enum.values]
    head = f"CREATE TYPE {qualified(enum.qname)} AS ENUM ("
    one_line = f"{head}{', '.join(values)});"
    if len(one_line) <= ENUM_LINE_WIDTH:
        return one_line
    body = ",\n".join(INDENT + value for value in values)
    return f"{head}\n{body}\n);"


def enum_comment_statement(enum: EnumType) -> str | None:
    if not enum.description:
        return None
    return f"COMMENT ON TYPE {qualified(enum.qname)} IS {_literal(enum.description)};"


# --- text -----------------------------------------------------------------------------


def sql_comment(text: str, width: int = COMMENT_WIDTH) -> str:
    """``text`` as ``--`` comment lines; no character in it can end a line early."""
    lines = []
    for line in text.splitlines() or [""]:
        # PostgreSQL ends a -- comment at \n or \r (splitlines took those and every
        # other line break); other control characters would only confuse readers.
        clean = "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in line).strip()
        wrapped = textwrap.wrap(clean, width - 3, break_long_words=False, break_on_hyphens=False)
        lines += [f"-- {part}" for part in wrapped] or ["--"]
    return "\n".join(lines)


def _literal(text: str) -> str:
    # PostgreSQL text cannot hold NUL; everything else survives quote_literal unchanged.
    return quote_literal(text.replace("\x00", ""))


def _column_list(names: Iterable[str]) -> str:
    return ", ".join(quote_ident(name) for name in names)
