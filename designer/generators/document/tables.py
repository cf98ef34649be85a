"""Section 2: each table — purpose, complete DDL, columns and constraints.

The SQL is the DDL generator's own text: the shared objects (schemas, enum types, the
trigger function) first, then each table's ``ddl.table_block`` in creation order, and
last the ``ALTER TABLE`` statements of the keys that close a cycle (they need every
table to exist). Read in order, section 2 is the whole script between ``BEGIN`` and
``COMMIT``.
"""

from __future__ import annotations

from designer.generators import ddl
from designer.schema.model import (
    Action,
    Column,
    Domain,
    Generated,
    Relationship,
    Schema,
    Table,
)
from designer.schema.sqltext import quote_ident

from . import objects
from .context import Context, columns_label, label
from .markdown import code, fence, table, text

_SERIAL = {"smallint": "smallserial", "integer": "serial", "bigint": "bigserial"}


def section(context: Context) -> str:
    parts = [
        "Tables in creation order: each comes after the tables it references. The SQL is "
        "exactly what `schema.sql` runs; read in order, this section is the whole script."
    ]
    leading, rest = objects.before_tables(context.schema)
    after = objects.phases(context.schema)[1]
    shared = shared_statements(context, leading, trigger_function=not rest)
    if shared:
        parts.append("Created before the tables:")
        parts.append(fence(shared, "sql"))
    parts += [objects.domains_part(context), objects.sequences_part(context)]
    if rest:
        parts.append(objects.objects_intro(before=True))
        parts += objects.before_tables_parts(context, rest)
        if any(t.has_updated_at_trigger for t in context.schema.tables):
            parts.append("The function the `updated_at` triggers call:")
            parts.append(fence(ddl.trigger_function_statement(), "sql"))
    parts += [table_part(context, t) for t in context.tables]
    cycles = [rel for rel in context.plan.deferred if not rel.not_valid]
    if cycles:
        statements = [ddl.add_foreign_key_statement(rel, context.names) for rel in cycles]
        parts.append(
            "**Foreign keys that close a cycle**, added once every table they reference exists:"
        )
        parts.append(fence("\n".join(statements), "sql"))
    parts.append(objects.after_tables_part(context))
    if after:
        parts.append(objects.objects_intro(before=False))
        parts += [objects.object_part(item) for item in after]
    return "\n\n".join(part for part in parts if part)


def shared_statements(
    context: Context, domains: tuple[Domain, ...] | None = None, *, trigger_function: bool = True
) -> str:
    """Extensions, schemas, enum types, sequences, ``domains`` (all of them by default)
    and (unless told otherwise) the trigger function, as the DDL writes them."""
    schema = context.schema
    statements = [ddl.FUNCTION_BODIES_UNCHECKED] if ddl.has_functions(schema) else []
    statements += [ddl.extension_statement(name) for name in schema.extensions]
    statements += [ddl.schema_statement(name) for name in schema.schemas if name != "public"]
    for enum in schema.enums:
        statements.append(ddl.enum_statement(enum))
        comment = ddl.enum_comment_statement(enum)
        if comment:
            statements.append(comment)
    statements += objects.shared_statements(context, domains)
    if trigger_function and any(t.has_updated_at_trigger for t in schema.tables):
        statements.append(ddl.trigger_function_statement())
    return "\n\n".join(statements)


def table_part(context: Context, t: Table) -> str:
    parts = [f"### {text(label(t.qname))}", f"**Purpose:** {_purpose(context, t)}"]
    links = _links(context, t)
    parts += objects.partition_lines(context, t)
    if links:
        parts.append("**Relationships:**\n\n" + "\n".join(f"- {line}" for line in links))
    parts.append(fence(ddl.table_block(context.schema, t, context.plan), "sql"))
    parts.append("**Columns:**\n\n" + columns_table(t, context.schema))
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
        where = ""
        if rel in later and rel.not_valid:
            where = "; added NOT VALID at the end of this section"
        elif rel in later:
            where = "; added at the end of this section: a cycle"
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


def columns_table(t: Table, schema: Schema | None = None) -> str:
    rows = [
        [
            code(c.name),
            code(_type(c)),
            _nullable(c, schema),
            _default(c, schema),
            _description(c),
        ]
        for c in t.columns
    ]
    return table(["Column", "Type", "Nullable", "Default", "Description"], rows)


def _type(c: Column) -> str:
    if c.generated is Generated.SERIAL:
        return _SERIAL[c.type.base]
    return objects.column_type(c)


def _nullable(c: Column, schema: Schema | None) -> str:
    if not c.nullable:
        return "NO"
    domain = objects.domain_of(schema, c) if schema is not None else None
    if domain is not None and not domain.nullable and not c.type.array:
        return "NO (its domain)"
    return "YES"


def _default(c: Column, schema: Schema | None = None) -> str:
    if c.generated is Generated.IDENTITY_ALWAYS:
        return "identity (always)"
    if c.generated is Generated.IDENTITY_BY_DEFAULT:
        return "identity (by default)"
    if c.generated is Generated.SERIAL:
        return "next value of its sequence"
    if c.default is not None:
        return code(c.default)
    domain = objects.domain_of(schema, c) if schema is not None else None
    if domain is not None and domain.default is not None and not c.type.array:
        return f"{code(domain.default)} (its domain's)"
    return "—"


def _description(c: Column) -> str:
    described = text(c.description) if c.description.strip() else ""
    if c.sensitive:
        note = "*Sensitive: never in API responses.*"
        described = f"{described} {note}".strip()
    return described or "—"


def constraints_table(context: Context, t: Table) -> str:
    """Every named constraint, with its definition as the DDL writes it."""
    schema = context.schema
    keys = schema.relationships_from(t.qname)
    definitions = ddl.constraint_definitions(t, context.names, keys)
    later = {id(item) for owner, item in objects.not_valid_items(schema) if owner.id == t.id}
    later_by_name = {}
    for item in (*t.checks, *keys):
        if id(item) in later:
            name = (
                context.names.foreign_key(item)
                if isinstance(item, Relationship)
                else context.names.check(item.id)
            )
            later_by_name[name] = ddl.not_valid_sql(t, item, schema)
    rows = []
    for name, kind in _constraint_names(context, t):
        prefix = f"CONSTRAINT {quote_ident(name)} {kind} "
        definition = next((d for d in definitions if d.startswith(prefix)), None)
        if definition is not None and name not in later_by_name:
            rows.append([code(name), kind, code(definition.removeprefix(prefix))])
            continue
        statement = later_by_name.get(name)
        if statement is None:
            continue
        body = statement.split(prefix, 1)[-1].removesuffix(";").removesuffix(" NOT VALID")
        rows.append([code(name), f"{kind}, NOT VALID", code(body)])
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
