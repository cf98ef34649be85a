"""Partitioned tables, domains and sequences, as the drawing of the rows reads them.

``sampling_schema(schema)`` returns the schema the rows are drawn for — the same tables,
with what the database applies to a table's rows written on the table itself:

- a **partition** (``Table.partition_of``) gets the bound of its partition (and of every
  partitioned ancestor) as a CHECK — ``payment_date >= '2022-01-01' AND payment_date <
  '2022-02-01'``, ``region IN ('eu', 'uk')``, a ``DEFAULT`` partition outside its
  siblings' bounds — and its ancestors' CHECKs, primary key and foreign keys where it
  does not declare them itself. Its rows are inserted into the partition itself; a
  partitioned table has no INSERT of its own: its rows are its partitions' rows
  (``partitioned``). A hash partition's bound is not evaluated (PostgreSQL's hash
  function), so its rows are not verified against it: said in the script;
- a column of a **domain** (``ColumnType.domain``) gets the domain's CHECKs (``VALUE``
  read as the column, and those of the domain's own domain), and its NOT NULL.

Columns whose default takes a value from a sequence (``nextval(...)``) are read by
``sequence_name``.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from designer.schema.expressions import ExpressionError, expression_tree
from designer.schema.model import CheckConstraint, QName, Relationship, Schema, Table

# The id prefix of a domain check on each element of an array column (``element@<column>@``).
ELEMENT_CHECK = "element@"
# nextval('name'::regclass), nextval(CAST('name' AS regclass)), nextval(('name'::text)::regclass)
_NEXTVAL = re.compile(r"^\s*nextval\s*\(\s*(?:(?:CAST\s*)?\(\s*)*('(?:[^']|'')+')", re.IGNORECASE)


def sequence_name(default: str | None) -> str | None:
    """The sequence of a ``nextval('name'::regclass)`` default, as its SQL literal."""
    if not default:
        return None
    found = _NEXTVAL.match(default)
    return found.group(1) if found else None


def hash_modulus(table: Table) -> int:
    """The modulus of a hash partition (1 for any other table)."""
    bound = getattr(table, "partition_bound", None) or ""
    found = re.search(r"MODULUS\s+(\d+)", bound, re.IGNORECASE)
    return max(int(found.group(1)), 1) if found else 1


def is_partitioned(table: Table) -> bool:
    return bool(getattr(table, "partition_by", None))


def parent_of(table: Table) -> QName | None:
    return getattr(table, "partition_of", None)


def sampling_schema(schema: Schema) -> Schema:
    """The schema with partitions' bounds and inherited constraints written on them, and
    domains' checks and NOT NULL on their columns (see the module docstring)."""
    partitions = [table for table in schema.tables if parent_of(table) is not None]
    domains = getattr(schema, "domains", ())
    if not partitions and not domains:
        return schema
    tables = {table.qname: table for table in schema.tables}
    extra: list[Relationship] = []
    changed = {}
    for table in schema.tables:
        new = _with_domains(schema, table) if domains else table
        if parent_of(table) is not None and parent_of(table) in tables:
            new, relationships = _with_ancestors(schema, tables, new)
            extra += relationships
        if new is not table:
            changed[table.qname] = new
    if not changed and not extra:
        return schema
    return replace(
        schema,
        tables=tuple(changed.get(table.qname, table) for table in schema.tables),
        relationships=(*schema.relationships, *extra),
    )


def leaf_partitions(schema: Schema, table: Table) -> list[Table]:
    """The partitions that hold the rows of a partitioned table (partitions of its
    partitions too), in the schema's order."""
    found = []
    for child in schema.tables:
        if parent_of(child) == table.qname and child.qname != table.qname:
            found += leaf_partitions(schema, child) if is_partitioned(child) else [child]
    return found


# --- partitions -----------------------------------------------------------------------


def _ancestors(tables: dict[QName, Table], table: Table) -> list[Table]:
    found = []
    current = table
    while parent_of(current) is not None and parent_of(current) in tables:
        current = tables[parent_of(current)]
        if current in found or current is table:
            break
        found.append(current)
    return found


def _with_ancestors(
    schema: Schema, tables: dict[QName, Table], table: Table
) -> tuple[Table, list[Relationship]]:
    checks = list(table.checks)
    names = {check.name for check in checks if check.name}
    expressions = {check.expression for check in checks}
    relationships: list[Relationship] = []
    own_keys = {
        (rel.from_columns, rel.to_table, rel.to_columns)
        for rel in schema.relationships_from(table.qname)
    }
    primary_key = table.primary_key
    own_columns = table.columns_by_name
    child = table
    for ancestor in _ancestors(tables, table):
        bound = _bound_check(schema, ancestor, tables.get(child.qname, child))
        if bound is not None and bound.expression not in expressions:
            checks.append(bound)
            expressions.add(bound.expression)
        for check in ancestor.checks:
            if check.expression not in expressions and (not check.name or check.name not in names):
                checks.append(check)
                expressions.add(check.expression)
        for column in ancestor.columns:
            if column.check and column.check not in expressions and column.name in own_columns:
                checks.append(CheckConstraint(f"{column.id}@{table.id}", column.check))
                expressions.add(column.check)
        if primary_key is None and ancestor.primary_key is not None:
            primary_key = ancestor.primary_key
        for relationship in schema.relationships_from(ancestor.qname):
            key = (relationship.from_columns, relationship.to_table, relationship.to_columns)
            if key in own_keys:
                continue
            own_keys.add(key)
            relationships.append(
                replace(relationship, id=f"{relationship.id}@{table.id}", from_table=table.qname)
            )
        child = ancestor
    new = replace(table, checks=tuple(checks), primary_key=primary_key)
    return new, relationships


def _bound_check(schema: Schema, parent: Table, partition: Table) -> CheckConstraint | None:
    """The bound of ``partition`` in ``parent`` as a CHECK (None for a hash partition or
    a bound that cannot be read)."""
    strategy, keys = _partition_key(parent.partition_by or "")
    bound = (getattr(partition, "partition_bound", None) or "").strip()
    if not keys or not bound:
        return None
    if bound.upper() == "DEFAULT":
        siblings = [
            _condition(strategy, keys, (sibling.partition_bound or "").strip())
            for sibling in schema.tables
            if parent_of(sibling) == parent.qname and sibling.qname != partition.qname
        ]
        known = [condition for condition in siblings if condition]
        if len(known) != len(siblings):
            return None
        text = f"NOT ({' OR '.join(f'({c})' for c in known)})" if known else "true"
    elif strategy == "HASH":
        text = _hash_condition(parent, keys, bound)
        if not text:
            return None
    else:
        text = _condition(strategy, keys, bound)
        if not text:
            return None
    try:
        expression_tree(text)
    except ExpressionError:
        return None
    return CheckConstraint(f"partition@{partition.id}", text, f"{partition.name}_bound")


def _partition_key(text: str) -> tuple[str, list[str]]:
    found = re.match(r"^\s*(RANGE|LIST|HASH)\s*\((.*)\)\s*$", text, re.IGNORECASE | re.DOTALL)
    if not found:
        return "", []
    return found.group(1).upper(), _split(found.group(2))


def _condition(strategy: str, keys: list[str], bound: str) -> str | None:
    if bound.upper() == "DEFAULT":
        return None
    if strategy == "LIST":
        found = re.match(r"^FOR\s+VALUES\s+IN\s*\((.*)\)\s*$", bound, re.IGNORECASE | re.DOTALL)
        if not found or len(keys) != 1:
            return None
        items = _split(found.group(1))
        values = [item for item in items if item.upper() != "NULL"]
        key = f"({keys[0]})"
        parts = [f"{key} IN ({', '.join(values)})"] if values else []
        if len(values) != len(items):
            parts.append(f"{key} IS NULL")
        return " OR ".join(parts) if parts else None
    if strategy == "RANGE":
        found = re.match(
            r"^FOR\s+VALUES\s+FROM\s*\((.*)\)\s*TO\s*\((.*)\)\s*$",
            bound,
            re.IGNORECASE | re.DOTALL,
        )
        if not found:
            return None
        lower, upper = _split(found.group(1)), _split(found.group(2))
        parts = [
            part for part in (_range_side(keys, lower, ">="), _range_side(keys, upper, "<")) if part
        ]
        return " AND ".join(parts) if parts else "true"
    return None


def _hash_condition(parent: Table, keys: list[str], bound: str) -> str | None:
    """A hash partition's bound, as PostgreSQL computes it (the generator cannot: the
    rows are kept by it in the INSERT)."""
    found = re.search(r"MODULUS\s+(\d+)\s*,\s*REMAINDER\s+(\d+)", bound, re.IGNORECASE | re.DOTALL)
    if not found:
        return None
    from designer.schema.sqltext import qualified, quote_literal

    parent_name = quote_literal(qualified(parent.qname, omit_public=False))
    arguments = ", ".join(f"({key})" for key in keys)
    return (
        f"satisfies_hash_partition({parent_name}::regclass, {found.group(1)}, "
        f"{found.group(2)}, {arguments})"
    )


def _range_side(keys: list[str], datums: list[str], operator: str) -> str | None:
    """One side of a range bound; a MINVALUE / MAXVALUE ends the compared prefix."""
    used = []
    for key, datum in zip(keys, datums, strict=False):
        if datum.strip().upper() in {"MINVALUE", "MAXVALUE"}:
            break
        used.append((key, datum))
    if not used:
        return None
    if len(used) < len(keys) and operator == "<":
        operator = "<="
    if len(used) == 1:
        key, datum = used[0]
        return f"({key}) {operator} {datum}"
    left = ", ".join(f"({key})" for key, _ in used)
    right = ", ".join(datum for _, datum in used)
    return f"ROW({left}) {operator} ROW({right})"


def _split(text: str) -> list[str]:
    """Top-level comma-separated parts (not inside parentheses or quotes)."""
    parts, depth, quoted, current = [], 0, False, []
    for char in text:
        if char == "'":
            quoted = not quoted
        elif not quoted and char == "(":
            depth += 1
        elif not quoted and char == ")":
            depth -= 1
        if char == "," and depth == 0 and not quoted:
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    if "".join(current).strip():
        parts.append("".join(current).strip())
    return parts


# --- domains --------------------------------------------------------------------------


def _with_domains(schema: Schema, table: Table) -> Table:
    columns = []
    checks = list(table.checks)
    for column in table.columns:
        chain = _domain_chain(schema, getattr(column.type, "domain", None))
        if not chain:
            columns.append(column)
            continue
        nullable = column.nullable and all(domain.nullable for domain in chain)
        columns.append(
            replace(column, nullable=nullable) if nullable != column.nullable else column
        )
        # An array of a domain: the check holds for each element (``ELEMENT_CHECK``).
        prefix = f"{ELEMENT_CHECK}{column.name}@" if column.type.array else "domain@"
        for domain in chain:
            for number, check in enumerate(domain.checks):
                text = _on_column(check.expression, column.name)
                if text is None:
                    continue
                name = check.name or f"{domain.name}_check{number or ''}"
                checks.append(
                    CheckConstraint(f"{prefix}{domain.id}@{column.id}@{number}", text, name)
                )
    if columns == list(table.columns) and len(checks) == len(table.checks):
        return table
    return replace(table, columns=tuple(columns), checks=tuple(checks))


def _domain_chain(schema: Schema, name: QName | None) -> list[Any]:
    chain = []
    by_name = getattr(schema, "domains_by_name", {})
    while name is not None and name in by_name and len(chain) < 16:
        domain = by_name[name]
        chain.append(domain)
        name = getattr(domain.type, "domain", None)
    return chain


def domain_default(schema: Schema, column: Any) -> str | None:
    """The default a column takes from its domain (when it has none of its own)."""
    for domain in _domain_chain(schema, getattr(column.type, "domain", None)):
        if domain.default:
            return domain.default
    return None


def _on_column(expression: str, column: str) -> str | None:
    """The domain check with ``VALUE`` read as the column (rewritten on the parse tree's
    words: ``VALUE`` is a keyword only there)."""
    from designer.schema.sqltext import quote_ident

    try:
        expression_tree(expression)
    except ExpressionError:
        return None
    # Outside string literals and quoted names only.
    parts = re.split(r"('(?:[^']|'')*'|\"(?:[^\"]|\"\")*\")", expression)
    out = "".join(
        part
        if part.startswith(("'", '"'))
        else re.sub(r"(?<![\w.])value(?!\w)", quote_ident(column), part, flags=re.I)
        for part in parts
    )
    try:
        expression_tree(out)
    except ExpressionError:
        return None
    return out
