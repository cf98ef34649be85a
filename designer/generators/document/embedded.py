"""Sections that hold another generator's output: the ERD (3), the SQLModel module (4)
and the sample data (6), each with what a reader needs to use it."""

from __future__ import annotations

from designer.generators import mermaid, sample_data
from designer.schema.model import Action, RelationshipKind

from .context import Context, columns_label, label
from .markdown import bullets, code, fence, table, text


def diagram_section(context: Context) -> str:
    schema = context.schema
    parts = [
        "Each box is a table with its columns (`PK` primary key, `FK` foreign key, `UK` "
        "unique). A line runs from the referenced table to the referencing one: `||` exactly "
        "one, `|o` zero or one, `o{` zero or more, `o|` at most one; a solid line is "
        "identifying (the key is part of the referencing table's primary key), a dashed one "
        "is not.",
        fence(mermaid.generate(schema), "mermaid"),
    ]
    if any(t.partition_of is not None for t in schema.tables):
        parts.insert(
            1,
            "Partitions are not drawn: a partition has its parent's columns and keys, and "
            "the parent's box stands for it (its label says how many partitions it has; "
            "section 2 lists them with their bounds).",
        )
    rows = [_relationship_row(context, rel) for rel in schema.relationships]
    rows += [
        [
            f"{code(label(m.left))} ↔ {code(label(m.right))}",
            f"many-to-many through {code(label(m.through))}",
            "—",
            "—",
            "—",
        ]
        for m in schema.many_to_many
    ]
    if rows:
        parts.append("**Relationships and cascade behaviour:**")
        headers = ["Relationship", "Cardinality", "Foreign key", "ON DELETE", "ON UPDATE"]
        parts.append(table(headers, rows))
    return "\n\n".join(parts)


def _relationship_row(context: Context, rel) -> list[str]:
    schema = context.schema
    required = schema.is_required(rel)
    many = "one-to-one" if rel.kind is RelationshipKind.ONE_TO_ONE else "one-to-many"
    cardinality = f"{many}, {'required' if required else 'optional'}"
    columns = columns_label(rel.from_table, rel.from_columns)
    key = f"{code(columns)} ({code(context.names.foreign_key(rel))})"
    return [
        f"{code(label(rel.to_table))} → {code(label(rel.from_table))}",
        cardinality,
        key,
        _action(rel.on_delete),
        _action(rel.on_update),
    ]


def _action(action: Action) -> str:
    return "NO ACTION (default)" if action is Action.NO_ACTION else action.value


def sqlmodel_section(context: Context) -> str:
    sensitive = [
        code(columns_label(t.qname, (c.name,)))
        for t in context.schema.tables
        for c in t.columns
        if c.sensitive
    ]
    lines = [
        "`models.py`: for each table a `<Name>Base` with the shared, validated fields, the "
        "table model (`table=True`: key, foreign keys, server defaults, named constraints "
        "and indexes), and `<Name>Create` / `<Name>Update` / `<Name>Read` for an API. "
        "`SQLModel.metadata.create_all(engine)` builds the same tables, constraints, indexes and "
        "triggers as the DDL."
    ]
    if sensitive:
        lines.append("Sensitive columns, never part of a Read model: " + ", ".join(sensitive) + ".")
    lines.append(fence(context.sqlmodel_source, "python"))
    return "\n\n".join(lines)


def sample_data_section(context: Context) -> str:
    data = context.sample
    counts = sum(len(table_data.rows) for table_data in data.tables)
    parts = [
        f"{data.options.rows} rows per table ({counts} in all), generated deterministically "
        f"(seed {data.options.seed}): readable values for common column names, keys written "
        "out so that every foreign key points to an existing row, unique keys and checks "
        "respected, tables in foreign-key order. Load it after the DDL, into an empty "
        "database, as `sample_data.sql` (one transaction):",
        fence('psql "$DATABASE_URL" -v ON_ERROR_STOP=1 --file=sample_data.sql', "sh"),
    ]
    if data.notes:
        parts.append("What the sample data could not satisfy:")
        parts.append(bullets(text(note) for note in data.notes))
    parts.append(fence(sample_data.render(data), "sql"))
    return "\n\n".join(parts)
