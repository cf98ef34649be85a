"""What the document says about the objects beyond tables and enum types: domains,
sequences, partitions, NOT VALID constraints and the objects kept as verbatim SQL
(views, materialized views, functions, procedures, triggers, policies...).

Section 2 shows them where the DDL creates them (domains and sequences with the other
shared objects before the tables; the verbatim objects that depend on no table before
the tables, the others after them), each with what it is for, what it depends on and
reads, and its SQL. The SQL is the DDL generator's own text (``ddl.domain_sql``,
``ddl.sequence_sql``, ``ddl.not_valid_sql``, ``ddl.object_phases`` ...); a verbatim
object's SQL is its own text, as kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from designer.generators import ddl
from designer.generators.ddl_objects import sequence_options
from designer.schema.model import (
    CheckConstraint,
    Column,
    Domain,
    ObjectKind,
    QName,
    Relationship,
    Schema,
    Sequence,
    SqlObject,
    Table,
)
from designer.schema.sqltext import qualified, quote_ident, type_sql

from .context import Context, label
from .markdown import code, fence, table, text

# --- the DDL's text ---------------------------------------------------------------------


def phases(schema: Schema) -> tuple[list[SqlObject], list[SqlObject]]:
    """(before the tables, after them), as the DDL creates them."""
    if not schema.sql_objects:
        return [], []
    before, after = ddl.object_phases(schema)
    return list(before), list(after)


# --- types ------------------------------------------------------------------------------


def column_type(c: Column) -> str:
    """A column's type as people read it: a domain's name (``year``, ``year[]``), else the
    type as the DDL writes it."""
    if c.type.domain is not None:
        return qualified(c.type.domain) + ("[]" if c.type.array else "")
    return type_sql(c.type)


def domain_of(schema: Schema, c: Column) -> Domain | None:
    if c.type.domain is None:
        return None
    return schema.domains_by_name.get(c.type.domain)


def domain_users(schema: Schema, domain: Domain) -> list[tuple[Table, Column]]:
    """The columns whose type is ``domain``."""
    return [(t, c) for t in schema.tables for c in t.columns if c.type.domain == domain.qname]


# --- sequences --------------------------------------------------------------------------

_NEXTVAL = re.compile(r"nextval\(\s*'([^']+)'", re.IGNORECASE)


def _sequence_names(value: str) -> set[str]:
    """The sequence names a default's ``nextval('...')`` calls name (unquoted, lower case)."""
    return {name.replace('"', "").lower() for name in _NEXTVAL.findall(value)}


def sequence_users(schema: Schema, sequence: Sequence) -> list[tuple[Table, Column]]:
    """The columns whose default takes the sequence's next value."""
    wanted = {sequence.name.lower(), f"{sequence.schema}.{sequence.name}".lower()}
    found = []
    for t in schema.tables:
        for c in t.columns:
            if c.default and _sequence_names(c.default) & wanted:
                found.append((t, c))
    return found


def _options(sequence: Sequence) -> str:
    return " ".join(sequence_options(sequence)) or "AS bigint"


# --- section 2's parts ------------------------------------------------------------------


def shared_statements(context: Context, domains: tuple[Domain, ...] | None = None) -> list[str]:
    """Sequences and ``domains`` (by default all, in the DDL's order) as the DDL creates
    them (after the enum types, before the tables: a domain's default may take a
    sequence's next value)."""
    schema = context.schema
    if domains is None:
        domains = tuple(d for d in ddl.before_tables(schema) if isinstance(d, Domain))
    statements = [ddl.sequence_sql(s) for s in schema.sequences]
    statements += [ddl.domain_sql(d, schema) for d in domains]
    return statements


def before_tables(schema: Schema) -> tuple[tuple[Domain, ...], list[Domain | SqlObject]]:
    """What the DDL creates before the tables after the sequences, in its order: the
    domains up to the first object kept as SQL, and the rest (objects, and domains
    whose checks or defaults call a function among them)."""
    items = list(ddl.before_tables(schema))
    first = next((n for n, item in enumerate(items) if isinstance(item, SqlObject)), len(items))
    leading = tuple(item for item in items[:first] if isinstance(item, Domain))
    return leading, items[first:]


def before_tables_parts(context: Context, items: list[Domain | SqlObject]) -> list[str]:
    """The objects created before the tables, each with its part; a domain among them
    (it calls one of their functions) as its statement, where the DDL writes it."""
    parts: list[str] = []
    waiting: list[str] = []
    for item in items:
        if isinstance(item, Domain):
            waiting.append(ddl.domain_sql(item, context.schema))
            continue
        if waiting:
            parts.append(_domains_fence(waiting))
            waiting = []
        parts.append(object_part(item))
    if waiting:
        parts.append(_domains_fence(waiting))
    return parts


def _domains_fence(statements: list[str]) -> str:
    return "Domains that call the functions above:\n\n" + fence("\n\n".join(statements), "sql")


def domains_part(context: Context) -> str:
    schema = context.schema
    if not schema.domains:
        return ""
    rows = []
    for d in schema.domains:
        checks = "; ".join(code(check.expression) for check in d.checks) or "—"
        users = ", ".join(code(f"{label(t.qname)}.{c.name}") for t, c in domain_users(schema, d))
        rows.append(
            [
                code(label(d.qname)),
                code(type_sql(d.type)),
                "YES" if d.nullable else "NO",
                code(d.default) if d.default is not None else "—",
                checks,
                text(d.description) if d.description.strip() else "—",
                users or "*no column yet*",
            ]
        )
    headers = ["Domain", "Base type", "Nullable", "Default", "Checks", "Description", "Used by"]
    intro = (
        "### Domains\n\nA domain is a type of its own: its columns share its base type, "
        "NOT NULL, default and checks, so a rule changed on the domain holds for all of them."
    )
    return intro + "\n\n" + table(headers, rows)


def sequences_part(context: Context) -> str:
    schema = context.schema
    if not schema.sequences:
        return ""
    rows = []
    for s in schema.sequences:
        owner = "—"
        if s.owned_by is not None:
            owner = code(f"{label(s.owned_by[0])}.{s.owned_by[1]}")
        users = ", ".join(code(f"{label(t.qname)}.{c.name}") for t, c in sequence_users(schema, s))
        rows.append(
            [
                code(label(s.qname)),
                _options(s),
                owner,
                users or "*the application (no default uses it)*",
                text(s.description) if s.description.strip() else "—",
            ]
        )
    headers = ["Sequence", "Options", "Owned by", "Used by", "Description"]
    intro = (
        "### Sequences\n\nSequences of their own (a serial or identity column's sequence is "
        "part of its column): `nextval` gives each caller a new number; numbers taken by a "
        "rolled-back transaction are not given again."
    )
    return intro + "\n\n" + table(headers, rows)


def partition_lines(context: Context, t: Table) -> list[str]:
    """What a partitioned table or a partition says about partitioning."""
    schema = context.schema
    lines = []
    if t.partition_by:
        partitions = schema.partitions_of(t.qname)
        listed = "; ".join(
            f"{code(label(p.qname))} {code(p.partition_bound or '')}" for p in partitions
        )
        sentence = (
            f"**Partitioned** by {code(t.partition_by)}: rows live in its partitions, the "
            "table itself holds none; its keys, foreign keys and indexes apply to each."
        )
        if listed:
            sentence += f" Partitions: {listed}."
        else:
            sentence += " No partition yet: inserts fail until one is created."
        lines.append(sentence)
    if t.partition_of is not None:
        bound = t.partition_bound or ""
        which = (
            "the rows of the parent that no other partition takes"
            if bound.strip().upper() == "DEFAULT"
            else f"the rows of the parent {code(bound)}"
        )
        lines.append(
            f"**Partition of** {code(label(t.partition_of))}: {which}. Query the parent, "
            "which reads only the partitions that can hold the rows asked for."
        )
    return lines


def not_valid_items(schema: Schema) -> list[tuple[Table, CheckConstraint | Relationship]]:
    """The NOT VALID checks and foreign keys, in table order."""
    found: list[tuple[Table, CheckConstraint | Relationship]] = []
    for t in schema.tables:
        found += [(t, check) for check in t.checks if check.not_valid]
        found += [(t, rel) for rel in schema.relationships_from(t.qname) if rel.not_valid]
    return found


def after_tables_part(context: Context) -> str:
    """What the DDL writes after the tables (and the foreign keys closing a cycle): the
    foreign keys added NOT VALID, the partitions attached, the sequences given an owner."""
    schema = context.schema
    parts = []
    not_valid = [rel for rel in context.plan.deferred if rel.not_valid]
    if not_valid:
        parts.append(
            "**Foreign keys added `NOT VALID`**: PostgreSQL checks them for every row written "
            "from now on, but not the rows already there; once those are fixed, "
            "`ALTER TABLE ... VALIDATE CONSTRAINT` makes them whole (section 10). (A check "
            "added NOT VALID follows its table's CREATE TABLE.)"
        )
        statements = [ddl.add_foreign_key_statement(rel, context.names) for rel in not_valid]
        parts.append(fence("\n".join(statements), "sql"))
    partitions = [t for t in context.tables if t.partition_of is not None]
    if partitions:
        depth = {t.qname: ddl.partition_depth(schema, t) for t in partitions}
        partitions.sort(key=lambda t: -depth[t.qname])
        parts.append(
            "**Partitions attached** once they have their keys and indexes (PostgreSQL adopts "
            "those that match the parent's instead of building new ones):"
        )
        parts.append(fence("\n".join(ddl.attach_partition_sql(t) for t in partitions), "sql"))
    owners = [sql for s in schema.sequences if (sql := ddl.sequence_owner_sql(s))]
    if owners:
        parts.append(
            "**Sequences owned by a column**: dropping the column (or its table) drops them:"
        )
        parts.append(fence("\n".join(owners), "sql"))
    return "\n\n".join(parts)


_KIND_WORDS = {
    ObjectKind.VIEW: "view",
    ObjectKind.MATERIALIZED_VIEW: "materialized view",
    ObjectKind.FUNCTION: "function",
    ObjectKind.PROCEDURE: "procedure",
    ObjectKind.AGGREGATE: "aggregate",
    ObjectKind.TRIGGER: "trigger",
    ObjectKind.POLICY: "row-level security policy",
    ObjectKind.RULE: "rule",
    ObjectKind.TYPE: "type",
    ObjectKind.COMMENT: "comment",
    ObjectKind.TABLE_OPTION: "table option",
    ObjectKind.OTHER: "object",
}


def kind_word(kind: ObjectKind) -> str:
    return _KIND_WORDS.get(kind, str(kind))


def object_title(item: SqlObject) -> str:
    name = item.name if item.schema == "public" else f"{item.schema}.{item.name}"
    return f"{text(name)} ({kind_word(item.kind)})"


def object_part(item: SqlObject) -> str:
    parts = [f"### {object_title(item)}"]
    described = text(item.description) if item.description.strip() else ""
    parts.append(f"**Purpose:** {described or '*No description recorded yet.*'}")
    facts = []
    if item.depends_on:
        facts.append(f"Created after {_names(item.depends_on)}.")
    if item.reads:
        facts.append(f"Reads {_names(item.reads)}.")
    if item.columns:
        columns = ", ".join(code(name) for name in item.columns)
        facts.append(f"Mentions {columns}: dropping or renaming such a column breaks it.")
    if facts:
        parts.append(" ".join(facts))
    parts.append(fence(ddl.object_sql(item), "sql"))
    return "\n\n".join(parts)


def _names(names: Iterable[QName]) -> str:
    return ", ".join(code(label(name)) for name in names)


def objects_intro(before: bool) -> str:
    if before:
        return (
            "**Objects kept as SQL, created before the tables** (they depend on no table): "
            "the designer keeps their text as written, checked by PostgreSQL's parser."
        )
    return (
        "**Views, functions and other objects kept as SQL**, created after the tables and "
        "indexes they depend on: the designer keeps their text as written, checked by "
        "PostgreSQL's parser, with what each one reads."
    )


def many(word: str, count: int) -> str:
    """``1 view``, ``2 functions``, ``3 row-level security policies``."""
    if count == 1:
        return f"{count} {word}"
    return f"{count} {word[:-1] + 'ies' if word.endswith('y') else word + 's'}"


def object_counts(schema: Schema) -> list[tuple[str, int]]:
    """How many verbatim objects of each kind, in ``ObjectKind`` order."""
    counts: dict[ObjectKind, int] = {}
    for item in schema.sql_objects:
        counts[item.kind] = counts.get(item.kind, 0) + 1
    return [(kind_word(kind), counts[kind]) for kind in ObjectKind if kind in counts]


def validate_statement(t: Table, name: str) -> str:
    return f"ALTER TABLE {qualified(t.qname)} VALIDATE CONSTRAINT {quote_ident(name)};"
