"""Section 1: the database, the ORM, the key design decisions and the counts."""

from __future__ import annotations

from collections import defaultdict

from designer.generators.ddl import TRIGGER_FUNCTION
from designer.schema.model import Action, Generated, RelationshipKind, Schema, Table

from . import objects
from .context import Context, label
from .markdown import bullets, code, table

# How many table names a sentence lists before it gives a count instead.
LISTED = 6
_ACTIONS = {
    Action.CASCADE: "CASCADE (composition: the rows go with their parent)",
    Action.RESTRICT: "RESTRICT (referenced data: the parent cannot go while rows point to it)",
    Action.SET_NULL: "SET NULL (an optional link: the rows stay, unlinked)",
    Action.SET_DEFAULT: "SET DEFAULT (the rows fall back to the column default)",
    Action.NO_ACTION: "NO ACTION (PostgreSQL's default, checked at the end of the statement)",
}


def section(context: Context) -> str:
    schema = context.schema
    facts = [
        f"**Database:** PostgreSQL {schema.pg_version} or later.",
        "**ORM:** SQLModel (SQLAlchemy 2 and Pydantic 2): one table model per table, with "
        "separate Create, Update and Read models for an API (section 4).",
        f"**Size:** {_size(schema)}.",
    ]
    parts = [bullets(facts), "**Key design decisions**", bullets(_decisions(context))]
    parts.append(table(["Object", "Count"], _counts(context)))
    return "\n\n".join(parts)


def names_list(tables: list[Table] | tuple[Table, ...]) -> str:
    """``users``, ``todos`` — or a count when there are many."""
    if len(tables) > LISTED:
        return f"{len(tables)} tables"
    return ", ".join(code(label(t.qname)) for t in tables)


def _size(schema: Schema) -> str:
    columns = sum(len(t.columns) for t in schema.tables)
    size = (
        f"{_count(len(schema.tables), 'table')}, {_count(columns, 'column')}, "
        f"{_count(len(schema.relationships), 'foreign key')}, "
        f"{_count(len(schema.enums), 'enum type')}"
    )
    if schema.domains:
        size += f", {_count(len(schema.domains), 'domain')}"
    if schema.sequences:
        size += f", {_count(len(schema.sequences), 'sequence')}"
    if schema.sql_objects:
        size += f", {_count(len(schema.sql_objects), 'object')} kept as SQL"
    return size


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


def _decisions(context: Context) -> list[str]:
    schema = context.schema
    decisions = [_keys(schema), _timestamps(schema)]
    if schema.relationships:
        decisions.append(_actions(context))
    decisions.append(
        "**Names:** every constraint, index and trigger is named by one convention "
        "(`pk_`, `uq_`, `ck_`, `fk_`, `ix_`, `trg_` + table and columns), the same in the DDL "
        "and the SQLModel code, so error messages and migrations can refer to them."
    )
    decisions.append(_strings(schema))
    decisions.append(_integrity(schema))
    if schema.enums:
        enums = ", ".join(code(label(e.qname)) for e in schema.enums)
        decisions.append(
            f"**Enum types:** {enums}: a closed list of values checked by the database; a "
            "value can be added later (`ALTER TYPE ... ADD VALUE`), not removed."
        )
    decisions += _new_objects(schema)
    if schema.extensions:
        names = ", ".join(code(name) for name in schema.extensions)
        decisions.append(
            f"**Extensions:** {names}, created by the DDL (`CREATE EXTENSION IF NOT EXISTS`) "
            "before anything that uses them."
        )
    if len(schema.schemas) > 1 or schema.schemas != ("public",):
        spaces = ", ".join(code(name) for name in schema.schemas)
        decisions.append(f"**PostgreSQL schemas:** {spaces}; names outside `public` are qualified.")
    return [d for d in decisions if d]


def _new_objects(schema: Schema) -> list[str]:
    """Domains, sequences, partitioning and the objects kept as SQL, when there are any."""
    decisions = []
    if schema.domains:
        domains = ", ".join(code(label(d.qname)) for d in schema.domains[:LISTED])
        more = f" and {len(schema.domains) - LISTED} more" if len(schema.domains) > LISTED else ""
        decisions.append(
            f"**Domains:** {domains}{more}: types of their own whose checks, NOT NULL and "
            "default hold for every column of the type (section 2 lists them)."
        )
    if schema.sequences:
        sequences = ", ".join(code(label(s.qname)) for s in schema.sequences[:LISTED])
        more = (
            f" and {len(schema.sequences) - LISTED} more" if len(schema.sequences) > LISTED else ""
        )
        decisions.append(
            f"**Sequences:** {sequences}{more}, created on their own and kept with their "
            "names and options (`nextval` defaults or the application use them)."
        )
    parents = [t for t in schema.tables if t.partition_by]
    if parents:
        partitions = sum(1 for t in schema.tables if t.partition_of is not None)
        decisions.append(
            f"**Partitioning:** {names_list(parents)} "
            f"{'is' if len(parents) == 1 else 'are'} partitioned "
            f"({_count(partitions, 'partition')}): queries and foreign keys name the "
            "parent; old partitions can be detached or dropped whole."
        )
    not_valid = len(objects.not_valid_items(schema))
    if not_valid:
        decisions.append(
            f"**Constraints not yet validated:** {_count(not_valid, 'constraint')} "
            "`NOT VALID`: new rows are checked, rows already there are not until "
            "`VALIDATE CONSTRAINT` (section 10)."
        )
    if schema.sql_objects:
        counts = objects.object_counts(schema)
        kinds = ", ".join(objects.many(kind, count) for kind, count in counts)
        decisions.append(
            f"**Objects kept as SQL:** {kinds}: their text is kept as written (checked by "
            "PostgreSQL's parser) with the tables they depend on, and created in that order."
        )
    return decisions


def _keys(schema: Schema) -> str:
    kinds: dict[str, list[Table]] = defaultdict(list)
    for t in schema.tables:
        if t.partition_of is None:  # a partition has its parent's key
            kinds[_key_kind(t)].append(t)
    order = ["uuid", "identity", "serial", "natural", "composite", "none"]
    words = {
        "uuid": "UUID v4 generated by the database (`DEFAULT gen_random_uuid()`)",
        "identity": "identity integers (`GENERATED ... AS IDENTITY`)",
        "serial": "serial integers",
        "natural": "a natural key given by the application",
        "composite": "a composite key",
        "none": "no primary key",
    }
    parts = [f"{words[kind]} on {names_list(kinds[kind])}" for kind in order if kinds[kind]]
    why = ""
    if kinds["uuid"]:
        why = (
            " UUID keys can be created anywhere (application, other services, offline) "
            "without coordination and reveal nothing about row counts."
        )
    if kinds["none"]:
        why += " A table without a primary key cannot be updated row by row reliably."
    return f"**Primary keys:** {'; '.join(parts) or 'none'}.{why}"


def _key_kind(t: Table) -> str:
    if t.primary_key is None:
        return "none"
    if len(t.primary_key.columns) > 1:
        return "composite"
    column = t.column(t.primary_key.columns[0])
    if column.generated is Generated.SERIAL:
        return "serial"
    if column.generated is not Generated.NONE:
        return "identity"
    if column.type.base == "uuid" and "gen_random_uuid" in (column.default or ""):
        return "uuid"
    return "natural"


def _timestamps(schema: Schema) -> str:
    kept = [t for t in schema.tables if t.has_updated_at_trigger]
    if not kept:
        return (
            "**Timestamps:** no table keeps `updated_at` by trigger; add `created_at` / "
            "`updated_at` where rows change and their history matters."
        )
    others = [t for t in schema.tables if not t.has_updated_at_trigger]
    sentence = (
        f"**Timestamps:** `created_at` and `updated_at` on {names_list(kept)}; one reusable "
        f"trigger function `{TRIGGER_FUNCTION}()` and a `BEFORE UPDATE` trigger per table keep "
        "`updated_at` current whatever client writes the row."
    )
    if others:
        sentence += f" Without them: {names_list(others)}."
    return sentence


def _actions(context: Context) -> str:
    by_action: dict[Action, list[str]] = defaultdict(list)
    for rel in context.schema.relationships:
        by_action[rel.on_delete].append(
            f"{code(label(rel.from_table))} → {code(label(rel.to_table))}"
        )
    parts = []
    for action in (Action.CASCADE, Action.RESTRICT, Action.SET_NULL, Action.SET_DEFAULT):
        if by_action[action]:
            parts.append(f"{_ACTIONS[action]}: {_few(by_action[action])}")
    sentence = "**Cascade policy:** " + "; ".join(parts) + "." if parts else ""
    if by_action[Action.NO_ACTION]:
        missing = _few(by_action[Action.NO_ACTION])
        sentence += (
            f" No explicit ON DELETE on {missing}: PostgreSQL's default NO ACTION applies; "
            "state CASCADE, RESTRICT or SET NULL to make the intent explicit."
        )
    return sentence.strip() or "**Cascade policy:** no foreign keys."


def _few(items: list[str]) -> str:
    if len(items) > LISTED:
        return f"{len(items)} foreign keys"
    return ", ".join(items)


def _strings(schema: Schema) -> str:
    bounded = sum(1 for t in schema.tables for c in t.columns if c.type.base == "varchar")
    bounded_with = sum(
        1 for t in schema.tables for c in t.columns if c.type.base == "varchar" and c.type.length
    )
    free = sum(1 for t in schema.tables for c in t.columns if c.type.base == "text")
    if not bounded and not free:
        return ""
    sentence = f"**Strings:** {_count(bounded_with, 'bounded `varchar(n)` column')}"
    if bounded > bounded_with:
        sentence += f", {_count(bounded - bounded_with, '`varchar` column')} without a limit"
    return sentence + f", {_count(free, '`text` column')} for free text."


def _integrity(schema: Schema) -> str:
    uniques = sum(sum(1 for c in t.columns if c.unique) + len(t.uniques) for t in schema.tables)
    checks = sum(sum(1 for c in t.columns if c.check) + len(t.checks) for t in schema.tables)
    required = sum(1 for t in schema.tables for c in t.columns if not c.nullable)
    return (
        f"**Integrity in the database:** {_count(required, 'NOT NULL column')}, "
        f"{_count(uniques, 'unique constraint')}, {_count(checks, 'check constraint')}, "
        f"{_count(len(schema.relationships), 'foreign key')}; the application adds "
        "validation on top (section 8)."
    )


def _counts(context: Context) -> list[list[str]]:
    schema = context.schema
    kinds = defaultdict(int)
    for rel in schema.relationships:
        kinds[rel.kind] += 1
    relationships = (
        f"{len(schema.relationships)} ({kinds[RelationshipKind.ONE_TO_MANY]} one-to-many, "
        f"{kinds[RelationshipKind.ONE_TO_ONE]} one-to-one)"
    )
    secondary = sum(len(t.indexes) for t in schema.tables)
    triggers = sum(1 for t in schema.tables if t.has_updated_at_trigger)
    rows = [
        ["Tables", str(len(schema.tables))],
        ["Columns", str(sum(len(t.columns) for t in schema.tables))],
        ["Foreign keys", relationships],
        ["Many-to-many relationships", str(len(schema.many_to_many))],
        ["Secondary indexes", str(secondary)],
        ["Enum types", str(len(schema.enums))],
        ["`updated_at` triggers", str(triggers)],
    ]
    partitions = sum(1 for t in schema.tables if t.partition_of is not None)
    if partitions:
        rows.append(["Partitions (of the tables above)", str(partitions)])
    if schema.domains:
        rows.append(["Domains", str(len(schema.domains))])
    if schema.sequences:
        rows.append(["Sequences", str(len(schema.sequences))])
    for kind, count in objects.object_counts(schema):
        words = objects.many(kind, 2).removeprefix("2 ")
        rows.append([f"{words[:1].upper()}{words[1:]} (kept as SQL)", str(count)])
    rows.append(["Sample rows", str(sum(len(data.rows) for data in context.sample.tables))])
    return rows
