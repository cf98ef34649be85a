"""Section 2: each table — purpose, complete DDL, columns and constraints.

The SQL is the DDL generator's own text: the shared objects (schemas, enum types, the
trigger function) first, then each table's ``ddl.table_block`` in creation order, and
last the ``ALTER TABLE`` statements of the keys that close a cycle (they need every
table to exist). Read in order, section 2 is the whole script between ``BEGIN`` and
``COMMIT``.
"""

from __future__ import annotations

from designer.generators import ddl
from designer.schema.model import Action, Column, Generated, Relationship, Table
from designer.schema.sqltext import quote_ident, type_sql

from .context import Context, columns_label, label
from .markdown import code, fence, table, text

_SERIAL = {"smallint": "smallserial", "integer": "serial", "bigint": "bigserial"}


def section(context: Context) -> str:
    parts = [
        "Tables in creation order: each comes after the tables it references. The SQL is "
        "exactly what `schema.sql` runs; read in order, this section is the whole script."
    ]
    shared = shared_statements(context)
    if shared:
        parts.append("Created before the tables:")
        parts.append(fence(shared, "sql"))
    parts += [table_part(context, t) for t in context.tables]
    if context.plan.deferred:
        statements = [
            ddl.add_foreign_key_statement(rel, context.names) for rel in context.plan.deferred
        ]
        parts.append(
            "**Foreign keys that close a cycle**, added once every table they reference exists:"
        )
        parts.append(fence("\n".join(statements), "sql"))
    return "\n\n".join(parts)


def shared_statements(context: Context) -> str:
    """Extensions, schemas, enum types and the trigger function, as the DDL writes them."""
    schema = context.schema
    statements = [ddl.extension_statement(name) for name in schema.extensions]
    statements += [ddl.schema_statement(name) for name in schema.schemas if name != "public"]
    for enum in schema.enums:
        statements.append(ddl.enum_statement(enum))
        comment = ddl.enum_comment_statement(enum)
        if comment:
            statements.append(comment)
    if any(t.has_updated_at_trigger for t in schema.tables):
        statements.append(ddl.trigger_function_statement())
    return "\n\n".join(statements)


def table_part(context: Context, t: Table) -> str:
    parts = [f"### {text(label(t.qname))}", f"**Purpose:** {_purpose(context, t)}"]
    links = _links(context, t)
    if links:
        parts.append("**Relationships:**\n\n" + "\n".join(f"- {line}" for line in links))
    parts.append(fence(ddl.table_block(context.schema, t, context.plan), "sql"))
    parts.append("**Columns:**\n\n" + columns_table(t))
    parts.append("**Constraints:**\n\n" + constraints_table(context, t))
    if t.has_updated_at_trigger:
        trigger = code(ddl.trigger_name(t))
        parts.append(
            f"**Trigger:** {trigger} sets `updated_at = now()` before every UPDATE of a row."
        )
    return "\n\n".join(parts)


def _purpose(context: Context, t: Table) -> str:
    if t.description.strip():
        return text(t.description)
    link = next((m for m in context.schema.many_to_many if m.through == t.qname), None)
    if link is not None:
        return (
            f"Junction table of the many-to-many relationship between "
            f"{code(label(link.left))} and {code(label(link.right))}."
        )
    return "*No description recorded yet; add one in the editor.*"


def _links(context: Context, t: Table) -> list[str]:
    schema = context.schema
    lines = []
    later = set(context.deferred_keys(t))
    for rel in schema.relationships_from(t.qname):
        required = "required" if schema.is_required(rel) else "optional"
        where = "; added at the end of this section: a cycle" if rel in later else ""
        lines.append(
            f"References {code(label(rel.to_table))} through {_columns(rel.from_columns)} "
            f"({required}; {_on_delete(rel)}{where})."
        )
    for rel in schema.relationships_to(t.qname):
        if rel.is_self_reference:
            continue
        referencing = columns_label(rel.from_table, rel.from_columns)
        lines.append(f"Referenced by {code(referencing)} ({_on_delete(rel)}).")
    return lines


def _columns(names: tuple[str, ...]) -> str:
    return ", ".join(code(name) for name in names)


def _on_delete(rel: Relationship) -> str:
    if rel.on_delete is Action.NO_ACTION:
        return "no explicit ON DELETE"
    return f"ON DELETE {rel.on_delete.value}"


def columns_table(t: Table) -> str:
    rows = [
        [code(c.name), code(_type(c)), "YES" if c.nullable else "NO", _default(c), _description(c)]
        for c in t.columns
    ]
    return table(["Column", "Type", "Nullable", "Default", "Description"], rows)


def _type(c: Column) -> str:
    if c.generated is Generated.SERIAL:
        return _SERIAL[c.type.base]
    return type_sql(c.type)


def _default(c: Column) -> str:
    if c.generated is Generated.IDENTITY_ALWAYS:
        return "identity (always)"
    if c.generated is Generated.IDENTITY_BY_DEFAULT:
        return "identity (by default)"
    if c.generated is Generated.SERIAL:
        return "next value of its sequence"
    return code(c.default) if c.default is not None else "—"


def _description(c: Column) -> str:
    described = text(c.description) if c.description.strip() else ""
    if c.sensitive:
        note = "*Sensitive: never in API responses.*"
        described = f"{described} {note}".strip()
    return described or "—"


def constraints_table(context: Context, t: Table) -> str:
    """Every named constraint, with its definition as the DDL writes it."""
    keys = context.schema.relationships_from(t.qname)
    definitions = ddl.constraint_definitions(t, context.names, keys)
    rows = []
    for (name, kind), definition in zip(_constraint_names(context, t), definitions, strict=True):
        prefix = f"CONSTRAINT {quote_ident(name)} {kind} "
        body = definition.removeprefix(prefix)
        rows.append([code(name), kind, code(body)])
    if not rows:
        return "None beyond `NOT NULL`."
    return table(["Name", "Type", "Definition"], rows)


def _constraint_names(context: Context, t: Table) -> list[tuple[str, str]]:
    """Names and kinds in the order ``ddl.constraint_definitions`` writes them."""
    names = context.names
    redundant = ddl.redundant_unique_ids(t)
    found = []
    if t.primary_key is not None:
        found.append((names.primary_key(t), "PRIMARY KEY"))
    found += [
        (names.unique_column(c.id), "UNIQUE")
        for c in t.columns
        if c.unique and c.id not in redundant
    ]
    found += [(names.unique(u.id), "UNIQUE") for u in t.uniques if u.id not in redundant]
    found += [(names.check_column(c.id), "CHECK") for c in t.columns if c.check]
    found += [(names.check(check.id), "CHECK") for check in t.checks]
    found += [
        (names.foreign_key(rel), "FOREIGN KEY")
        for rel in context.schema.relationships_from(t.qname)
    ]
    return found
