"""Section 5: every index and why it exists; foreign keys and the indexes that cover them.

An index's rationale is the one its designer wrote; without one, ``rationale`` says why
from what the index is: the foreign key it covers (for joins and for the lookups an ON
DELETE makes), the business key it makes unique, the operators a GIN, hash or BRIN index
serves, what a partial predicate or INCLUDE adds. Indexes whose keys lead another index
are marked as candidates to drop; foreign keys no index covers get a suggested index.

When the project has saved queries (the query workbench), each index, primary key and
unique constraint also says which of them it serves (``workbench.analysis.index_usage``),
and the indexes that serve none, enforce nothing and cover no foreign key are said to
cost writes without a reader. Without saved queries the section is as it always was.
"""

from __future__ import annotations

from designer.generators import ddl
from designer.generators.queries import covering_index
from designer.schema.model import (
    Action,
    Index,
    IndexMethod,
    Relationship,
    SavedQuery,
    Schema,
    Table,
)
from designer.schema.naming import Names, trim_identifier
from designer.schema.sqltext import qualified, quote_ident

from .context import Context, columns_label, label
from .markdown import code, fence, table, text

_FK_LOOKUP = {
    Action.CASCADE: "the ON DELETE CASCADE that deletes them with it",
    Action.SET_NULL: "the ON DELETE SET NULL that unlinks them",
    Action.SET_DEFAULT: "the ON DELETE SET DEFAULT that relinks them",
    Action.RESTRICT: "the check that none still references a row being deleted",
    Action.NO_ACTION: "the check that none still references a row being deleted",
}


def section(context: Context) -> str:
    parts = [
        "Each index speeds some reads and costs every write: an INSERT, an UPDATE of its "
        "columns and a DELETE maintain it. Below, every index with the reason it exists: "
        "the designer's own where one was recorded, otherwise what the index is for."
    ]
    queries = bool(context.schema.queries)
    if queries:
        parts[0] += " The last column names the saved queries (section 9) each one serves."
    rows, unused = [], []
    for t in context.tables:
        keyed = _key_rows(context, t)
        keyed += [
            (index.id, _index_use(context, t, index), _index_row(context, t, index))
            for index in t.indexes
        ]
        for key, kept_for, row in keyed:
            if queries:
                served = context.index_usage.get(key, ())
                row.append(_served(served, kept_for))
                if not served and not kept_for:
                    unused.append(row[0])
            rows.append(row)
    headers = ["Index", "Table", "Definition", "Rationale"]
    if rows:
        parts.append(table([*headers, "Saved queries"] if queries else headers, rows))
    else:
        parts.append("No indexes: no table has a key or an index.")
    if unused:
        parts.append(
            f"No saved query uses {_listed(unused)}: each costs every write without a "
            "reader. Drop it unless a query not saved here needs it (the design review "
            "reports it as `index-unused`)."
        )
    parts.append(_foreign_keys(context))
    return "\n\n".join(p for p in parts if p)


def _served(served: tuple[SavedQuery, ...], kept_for: str) -> str:
    if served:
        return ", ".join(f"“{text(q.name)}” ({q.frequency.label})" for q in served)
    if kept_for:
        return f"none (it {kept_for})"
    return "**none**: it costs writes without a reader"


def _listed(names: list[str]) -> str:
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]


def _index_use(context: Context, t: Table, index: Index) -> str:
    """What an index is kept for when no saved query uses it ("" when nothing)."""
    if index.unique:
        return "enforces uniqueness"
    if _covered_keys(context.schema, t, index):
        return "serves the foreign key's checks and joins"
    return ""


def _key_rows(context: Context, t: Table) -> list[tuple[str, str, list[str]]]:
    """The primary key's and unique constraints' rows: (the id ``index_usage`` keys them
    by, what they are kept for, the row)."""
    names = context.names
    rows = []
    if t.primary_key is not None:
        columns = ", ".join(quote_ident(c) for c in t.primary_key.columns)
        why = "Primary key: finds one row by its key; every foreign key to the table checks it."
        if t.partition_of is not None:
            why = (
                f"This partition's part of the primary key of {code(label(t.partition_of))}: "
                "attached to the parent's index, it holds the keys of this partition's rows."
            )
        elif t.partition_by:
            why = (
                "Primary key of a partitioned table: it holds the partition key, and each "
                "partition has its part of it."
            )
        rows.append(
            (
                t.id,
                "enforces the primary key",
                [
                    code(names.primary_key(t)),
                    code(label(t.qname)),
                    code(f"PRIMARY KEY ({columns})"),
                    why,
                ],
            )
        )
    redundant = ddl.redundant_unique_ids(t)
    keys = [
        (c.id, names.unique_column(c.id), (c.name,))
        for c in t.columns
        if c.unique and c.id not in redundant
    ]
    keys += [(u.id, names.unique(u.id), u.columns) for u in t.uniques if u.id not in redundant]
    for key, name, columns in keys:
        listed = ", ".join(quote_ident(c) for c in columns)
        rows.append(
            (
                key,
                "enforces uniqueness",
                [
                    code(name),
                    code(label(t.qname)),
                    code(f"UNIQUE ({listed})"),
                    f"Enforces that {_plain_columns(columns)} is unique and serves lookups by "
                    "this business key.",
                ],
            )
        )
    return rows


def _index_row(context: Context, t: Table, index: Index) -> list[str]:
    name = context.names.index(index.id)
    why = (
        text(index.rationale)
        if index.rationale.strip()
        else text(rationale(context.schema, t, index, context.names))
    )
    overlap = _led_by(context.names, t, index)
    if overlap:
        why += (
            f" Its keys lead {code(overlap)}, which serves the same queries: a candidate to drop."
        )
    return [code(name), code(label(t.qname)), code(index_definition(t, index, context.names)), why]


def index_definition(t: Table, index: Index, names: Names) -> str:
    """The index as the DDL writes it, from its method on: ``USING gin (payload)``."""
    statement = ddl.index_statement(t, index, names)
    head = "CREATE UNIQUE INDEX" if index.unique else "CREATE INDEX"
    prefix = f"{head} {quote_ident(names.index(index.id))} ON {qualified(t.qname)} "
    body = statement.removeprefix(prefix).removesuffix(";")
    return f"UNIQUE {body}" if index.unique else body


def rationale(schema: Schema, t: Table, index: Index, names: Names) -> str:
    """Why an index exists, said from what it is (when its designer said nothing)."""
    keys = _plain_keys(index)
    covered = _covered_keys(schema, t, index)
    if index.unique:
        why = f"Enforces that {keys} is unique"
        why += f" among rows where {index.where}" if index.where else ""
        why += " and serves lookups by it."
    elif covered:
        why = " ".join(_covers(rel) for rel in covered)
    elif index.method is IndexMethod.GIN:
        why = _gin(t, index, keys)
    elif index.method is IndexMethod.HASH:
        why = f"Hash index for equality lookups on {keys} (= only; no ranges, no ORDER BY)."
    elif index.method is IndexMethod.BRIN:
        why = (
            f"BRIN index for range scans on {keys}: tiny, and effective when the values follow "
            "the physical order of the rows (append-only data such as timestamps)."
        )
    elif index.method in {IndexMethod.GIST, IndexMethod.SPGIST}:
        why = f"{index.method.value.upper()} index for the operators of its type on {keys}."
    elif any(element.expression for element in index.elements):
        why = _expression(index, keys)
    elif len(index.elements) > 1:
        first = index.elements[0].column
        why = (
            f"Serves queries that filter on {keys}, leftmost keys first: equality on "
            f"{first} and then filters or ORDER BY on the next keys; it also serves {first} "
            "alone."
        )
    else:
        why = f"Serves filters, joins and ORDER BY on {keys}."
    if any(element.descending for element in index.elements):
        why += " Its descending keys give newest-first (or largest-first) lists without a sort."
    if index.where and not index.unique:
        why += f" Partial: only rows where {index.where} are indexed, which keeps it small."
    if index.include:
        why += (
            f" INCLUDE ({', '.join(index.include)}) lets an index-only scan return those "
            "columns without visiting the table."
        )
    return why


def _covers(rel: Relationship) -> str:
    columns = ", ".join(rel.from_columns)
    return (
        f"Covers the foreign key {label(rel.from_table)}.{columns} → {label(rel.to_table)}: "
        f"joins from {label(rel.to_table)} find their rows through it, and so does "
        f"{_FK_LOOKUP[rel.on_delete]}."
    )


def _gin(t: Table, index: Index, keys: str) -> str:
    if any("trgm" in (element.opclass or "") for element in index.elements):
        return (
            f"Trigram GIN index (pg_trgm) for LIKE / ILIKE '%...%' and similarity searches "
            f"on {keys}."
        )
    column = t.columns_by_name.get(index.elements[0].column or "")
    if column is not None and column.type.array:
        return f"GIN index for array containment and overlap on {keys} (@>, <@, &&)."
    if column is not None and column.type.base == "jsonb":
        return (
            f"GIN index for containment and key-existence queries on the jsonb {keys} "
            "(@>, ?, ?|, ?&)."
        )
    if column is not None and column.type.base == "tsvector":
        return f"GIN index for full-text search on {keys} (@@)."
    return f"GIN index for the containment operators of {keys}."


def _expression(index: Index, keys: str) -> str:
    expression = next(e.expression for e in index.elements if e.expression)
    lowered = expression.replace(" ", "").lower()
    if lowered.startswith(("lower(", "upper(")):
        return (
            f"Serves case-insensitive lookups: a WHERE on {keys} with the same expression "
            f"(such as {expression} = lower($1)) uses it."
        )
    return f"Serves queries that filter or sort on {keys}, written exactly as indexed."


def _covered_keys(schema: Schema, t: Table, index: Index) -> list[Relationship]:
    if index.method is not IndexMethod.BTREE or index.where is not None:
        return []
    found = []
    for rel in schema.relationships_from(t.qname):
        width = len(rel.from_columns)
        leading = {element.column for element in index.elements[:width]}
        if leading == set(rel.from_columns):
            found.append(rel)
    return found


def _led_by(names: Names, t: Table, index: Index) -> str | None:
    """Another btree index whose leading keys are this (non-unique) one's keys."""
    if index.unique or index.method is not IndexMethod.BTREE or index.where or index.include:
        return None
    width = len(index.elements)
    for other in t.indexes:
        if other is index or other.method is not IndexMethod.BTREE or other.where:
            continue
        longer = len(other.elements) > width or t.indexes.index(other) < t.indexes.index(index)
        if longer and other.elements[:width] == index.elements:
            return names.index(other.id)
    return None


def _plain_keys(index: Index) -> str:
    keys = [element.column or element.expression or "" for element in index.elements]
    return keys[0] if len(keys) == 1 else f"({', '.join(keys)})"


def _plain_columns(columns: tuple[str, ...]) -> str:
    return columns[0] if len(columns) == 1 else f"({', '.join(columns)})"


# --- foreign keys -------------------------------------------------------------------------


def _foreign_keys(context: Context) -> str:
    schema = context.schema
    if not schema.relationships:
        return ""
    rows, missing = [], []
    for rel in schema.relationships:
        child = schema.table(rel.from_table)
        cover = covering_index(child, rel.from_columns, context.names)
        columns = columns_label(rel.from_table, rel.from_columns)
        rows.append(
            [
                code(context.names.foreign_key(rel)),
                code(columns),
                code(cover) if cover else "**not covered**",
            ]
        )
        if cover is None:
            missing.append((child, rel))
    parts = [
        "**Foreign keys and the indexes that cover them** (an index whose leading columns "
        "are the key's serves joins and the lookups of ON DELETE / ON UPDATE):",
        table(["Foreign key", "Columns", "Covered by"], rows),
    ]
    if missing:
        parts.append("Suggested indexes for the keys no index covers yet:")
        parts.append(fence(_suggestions(context, missing), "sql"))
    else:
        parts.append("Every foreign key is covered by an index.")
    return "\n\n".join(parts)


def _suggestions(context: Context, missing: list[tuple[Table, Relationship]]) -> str:
    taken = set(context.names.by_id.values()) | {t.name for t in context.schema.tables}
    statements = []
    for child, rel in missing:
        wanted = f"ix_{child.name}_{'_'.join(rel.from_columns)}"
        name, counter = trim_identifier(wanted), 2
        while name in taken:
            name, counter = trim_identifier(f"{wanted}_{counter}"), counter + 1
        taken.add(name)
        columns = ", ".join(quote_ident(c) for c in rel.from_columns)
        statements.append(
            f"CREATE INDEX {quote_ident(name)} ON {qualified(child.qname)} ({columns});"
        )
    return "\n".join(statements)
