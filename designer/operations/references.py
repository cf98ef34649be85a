"""What follows a rename, and what goes with a deletion.

The schema model refers to columns by name (keys, constraints, indexes, relationships,
and the SQL text of checks, index expressions and predicates) and to tables and enum
types by qualified name. So a rename rewrites every reference, as PostgreSQL's
``RENAME`` does, and dropping a column or a table takes along what cannot exist without
it, as ``DROP ... CASCADE`` does: an index or constraint using a column goes as a whole,
another column's check that reads it is cleared.

Objects that do not change are kept as they are (the same Python objects), so that the
patch between the schemas before and after finds the changes by identity.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace

from designer.schema import expressions
from designer.schema.expressions import ExpressionError
from designer.schema.model import (
    CheckConstraint,
    Column,
    Index,
    ManyToMany,
    QName,
    Relationship,
    Schema,
    Table,
    UniqueConstraint,
)

from . import standards
from .lookup import find_table, replaced, with_table


def _rewriting(rewrite: Callable[[str], str]) -> Callable[[str | None], str | None]:
    def rewritten(text: str | None) -> str | None:
        if not text:
            return text
        try:
            return rewrite(text)
        except ExpressionError:
            return text  # not one expression: validation reports it, not this

    return rewritten


def _rewrite_table_expressions(table: Table, rewrite: Callable[[str], str]) -> Table:
    """``table`` with ``rewrite`` applied to every expression that may name its columns."""
    text = _rewriting(rewrite)
    columns = tuple(
        column if (check := text(column.check)) == column.check else replace(column, check=check)
        for column in table.columns
    )
    checks = tuple(
        check
        if (expression := text(check.expression)) == check.expression
        else replace(check, expression=expression)
        for check in table.checks
    )
    indexes = []
    for index in table.indexes:
        elements = tuple(
            element
            if (expression := text(element.expression)) == element.expression
            else replace(element, expression=expression)
            for element in index.elements
        )
        where = text(index.where)
        if where != index.where or any(
            a is not b for a, b in zip(elements, index.elements, strict=True)
        ):
            index = replace(index, elements=elements, where=where)
        indexes.append(index)
    return _changed(table, columns=columns, checks=checks, indexes=tuple(indexes))


def _changed(table: Table, **parts: tuple) -> Table:
    """``table`` with the parts that differ (by identity) replaced; itself otherwise."""
    changes = {
        name: value
        for name, value in parts.items()
        if any(a is not b for a, b in zip(value, getattr(table, name), strict=True))
    }
    return replace(table, **changes) if changes else table


# --- partitions -------------------------------------------------------------------------


def follow_partitions(schema: Schema, table_id: str) -> Schema:
    """The partitions of a partitioned table with its columns, as PostgreSQL keeps them:
    a column added to the parent is added to each partition (NULL-able, without a
    default: the parent's own default and NOT NULL apply through it), and a column's
    type changed on the parent changes on the partitions (renames and drops follow in
    ``rename_column`` and ``drop_column``). A partition's own column keeps its id."""
    _, table = find_table(schema, table_id)
    if table.partition_by is None:
        return schema
    for partition in schema.partitions_of(table.qname):
        columns = []
        for column in partition.columns:
            parent = table.columns_by_name.get(column.name)
            if parent is not None and parent.type != column.type:
                column = replace(column, type=parent.type)
            columns.append(column)
        for parent in table.columns:
            if parent.name not in partition.columns_by_name:
                identifier = str(uuid.uuid5(uuid.UUID(_uuid_of(partition.id)), parent.id))
                columns.append(
                    Column(identifier, parent.name, parent.type, nullable=parent.nullable)
                )
        changed = _changed_columns(partition, tuple(columns))
        if changed is not partition:
            schema = with_table(schema, changed)
            schema = follow_partitions(schema, changed.id)
    return schema


def _uuid_of(identifier: str) -> str:
    try:
        return str(uuid.UUID(identifier))
    except ValueError:
        return str(uuid.uuid5(uuid.NAMESPACE_OID, identifier))


def _changed_columns(table: Table, columns: tuple[Column, ...]) -> Table:
    if len(columns) == len(table.columns) and all(
        a is b for a, b in zip(columns, table.columns, strict=True)
    ):
        return table
    return replace(table, columns=columns)


# --- renames ----------------------------------------------------------------------------


def rename_column(schema: Schema, table_id: str, old: str, new: str) -> Schema:
    """Every reference to the column ``old`` of the table names ``new``, the column too
    (and its partitions' column, as PostgreSQL renames it in them)."""
    if old == new:
        return schema
    _, table = find_table(schema, table_id)
    for partition in schema.partitions_of(table.qname):
        if old in partition.columns_by_name:
            schema = rename_column(schema, partition.id, old, new)
    before = schema
    _, table = find_table(schema, table_id)

    def name(value: str) -> str:
        return new if value == old else value

    def names(values: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(name(value) for value in values) if old in values else values

    table = _rewrite_table_expressions(
        table, lambda text: expressions.rename_column(text, old, new)
    )
    columns = tuple(
        replace(column, name=new) if column.name == old else column for column in table.columns
    )
    uniques = tuple(
        replace(unique, columns=names(unique.columns)) if old in unique.columns else unique
        for unique in table.uniques
    )
    indexes = []
    for index in table.indexes:
        if old in index.column_names or old in index.include:
            index = replace(
                index,
                elements=tuple(
                    replace(element, column=new) if element.column == old else element
                    for element in index.elements
                ),
                include=names(index.include),
            )
        indexes.append(index)
    table = _changed(table, columns=columns, uniques=uniques, indexes=tuple(indexes))
    if table.primary_key is not None and old in table.primary_key.columns:
        table = replace(
            table, primary_key=replace(table.primary_key, columns=names(table.primary_key.columns))
        )
    schema = with_table(schema, table)
    qname = table.qname

    def follow(relationship: Relationship) -> Relationship:
        changes = {}
        if relationship.from_table == qname and old in relationship.from_columns:
            changes["from_columns"] = names(relationship.from_columns)
        if relationship.to_table == qname and old in relationship.to_columns:
            changes["to_columns"] = names(relationship.to_columns)
        return replace(relationship, **changes) if changes else relationship

    schema = _with_sequences(
        schema,
        lambda owner: (owner[0], new) if owner == (qname, old) else owner,
    )
    return follow_rationales(before, _with_relationships(schema, follow))


def _with_sequences(schema: Schema, owner: Callable[[tuple[QName, str]], tuple | None]) -> Schema:
    """The sequences with their ``owned_by`` mapped by ``owner`` (``None``: the sequence
    goes, as PostgreSQL drops a sequence with the column that owns it)."""
    if not schema.sequences:
        return schema
    sequences = []
    for sequence in schema.sequences:
        if sequence.owned_by is None:
            sequences.append(sequence)
        elif (owned := owner(sequence.owned_by)) is not None:
            sequences.append(
                sequence if owned == sequence.owned_by else replace(sequence, owned_by=owned)
            )
    if all(a is b for a, b in zip(sequences, schema.sequences, strict=False)) and len(
        sequences
    ) == len(schema.sequences):
        return schema
    return replace(schema, sequences=tuple(sequences))


def rename_table(schema: Schema, table_id: str, new: QName) -> Schema:
    """The table is called ``new``; relationships, many-to-many links and the table's
    expressions that qualify a column with its name follow."""
    position, table = find_table(schema, table_id)
    old = table.qname
    if old == new:
        return schema
    before = schema
    if old.name != new.name:
        table = _rewrite_table_expressions(
            table, lambda text: expressions.rename_table(text, old.name, new.name)
        )
    table = replace(table, schema=new.schema, name=new.name)
    schema = replace(schema, tables=replaced(schema.tables, position, table))

    def moved(name: QName) -> QName:
        return new if name == old else name

    def follow(relationship: Relationship) -> Relationship:
        if old not in (relationship.from_table, relationship.to_table):
            return relationship
        return replace(
            relationship,
            from_table=moved(relationship.from_table),
            to_table=moved(relationship.to_table),
        )

    schema = _with_relationships(schema, follow)
    if any(item.partition_of == old for item in schema.tables):
        schema = replace(
            schema,
            tables=tuple(
                replace(item, partition_of=new) if item.partition_of == old else item
                for item in schema.tables
            ),
        )
    schema = _with_sequences(schema, lambda owner: (moved(owner[0]), owner[1]))
    many_to_many = tuple(
        replace(m2m, left=moved(m2m.left), right=moved(m2m.right), through=moved(m2m.through))
        if old in (m2m.left, m2m.right, m2m.through)
        else m2m
        for m2m in schema.many_to_many
    )
    return follow_rationales(before, replace(schema, many_to_many=many_to_many))


def follow_rationales(before: Schema, after: Schema) -> Schema:
    """The texts ``standards`` wrote from names (the rationale of a foreign key's or a
    junction's index, a referencing column's description, a junction's own description)
    name the tables and columns as they are after a rename; a text its designer rewrote
    (no longer the one written for the old names) is kept as it is. The DDL's comments
    are these texts."""
    rationales: dict[QName, dict[str, str]] = {}
    descriptions: dict[QName, dict[tuple[str, str], str]] = {}

    def rationale(table: QName, old_text: str, new_text: str) -> None:
        if old_text != new_text:
            rationales.setdefault(table, {})[old_text] = new_text

    def description(relationship: Relationship, was: Relationship) -> None:
        keys = zip(relationship.from_columns, was.to_columns, relationship.to_columns, strict=True)
        for column, old_key, key in keys:
            old_text = standards.reference_description(was.to_table.name, old_key)
            new_text = standards.reference_description(relationship.to_table.name, key)
            if old_text != new_text:
                descriptions.setdefault(relationship.from_table, {})[column, old_text] = new_text

    old_relationships = {relationship.id: relationship for relationship in before.relationships}
    for relationship in after.relationships:
        if (was := old_relationships.get(relationship.id)) is None:
            continue
        description(relationship, was)
        rationale(
            relationship.from_table,
            standards.foreign_key_rationale(
                was.from_table.name, was.from_columns, was.to_table.name
            ),
            standards.foreign_key_rationale(
                relationship.from_table.name,
                relationship.from_columns,
                relationship.to_table.name,
            ),
        )
    old_links = {m2m.id: m2m for m2m in before.many_to_many}
    junctions: dict[QName, tuple[str, str]] = {}
    for m2m in after.many_to_many:
        if (was := old_links.get(m2m.id)) is None:
            continue
        rationale(
            m2m.through,
            standards.junction_rationale(was.left.name, was.right.name),
            standards.junction_rationale(m2m.left.name, m2m.right.name),
        )
        old_text = standards.junction_description(was.left.name, was.right.name)
        new_text = standards.junction_description(m2m.left.name, m2m.right.name)
        if old_text != new_text:
            junctions[m2m.through] = (old_text, new_text)
    for qname in rationales.keys() | descriptions.keys() | junctions.keys():
        table = after.tables_by_name.get(qname)
        if table is not None:
            table = _retexted(table, rationales.get(qname, {}), descriptions.get(qname, {}))
            after = with_table(after, _redescribed(table, *junctions.get(qname, ("", ""))))
    return after


def _redescribed(table: Table, old_text: str, new_text: str) -> Table:
    """``table`` described by ``new_text`` when its description is still ``old_text``
    (the junction's generated text); a description its designer wrote is kept."""
    if not old_text or table.description != old_text:
        return table
    return replace(table, description=new_text)


def _retexted(
    table: Table, rationales: dict[str, str], descriptions: dict[tuple[str, str], str]
) -> Table:
    """``table`` with the indexes' rationales and the columns' descriptions rewritten
    (old text → new; a column's description by its name and old text)."""
    indexes = tuple(
        replace(index, rationale=rationales[index.rationale])
        if index.rationale in rationales
        else index
        for index in table.indexes
    )
    columns = tuple(
        replace(column, description=descriptions[key])
        if (key := (column.name, column.description)) in descriptions
        else column
        for column in table.columns
    )
    return _changed(table, indexes=indexes, columns=columns)


def rename_enum(schema: Schema, old: QName, new: QName) -> Schema:
    """Every column of the enum type ``old`` is of ``new``."""
    if old == new:
        return schema
    tables = []
    for table in schema.tables:
        columns = tuple(
            replace(column, type=replace(column.type, enum=new))
            if column.type.enum == old
            else column
            for column in table.columns
        )
        tables.append(_changed(table, columns=columns))
    return replace(schema, tables=tuple(tables))


def _with_relationships(schema: Schema, change: Callable[[Relationship], Relationship]) -> Schema:
    relationships = tuple(change(relationship) for relationship in schema.relationships)
    if all(a is b for a, b in zip(relationships, schema.relationships, strict=True)):
        return schema
    return replace(schema, relationships=relationships)


# --- what goes with a deletion ----------------------------------------------------------


def _reads(text: str | None, name: str) -> bool:
    if not text:
        return False
    try:
        return name in expressions.column_references(text)
    except ExpressionError:
        return False


@dataclass(frozen=True)
class Dependents:
    """What deleting a column or a table takes along (other columns' checks are
    cleared rather than deleted)."""

    relationships: tuple[Relationship, ...] = ()
    many_to_many: tuple[ManyToMany, ...] = ()
    indexes: tuple[Index, ...] = ()
    uniques: tuple[UniqueConstraint, ...] = ()
    checks: tuple[CheckConstraint, ...] = ()
    column_checks: tuple[Column, ...] = ()


def column_dependents(schema: Schema, table: Table, column: Column) -> Dependents:
    name = column.name
    relationships = tuple(
        relationship
        for relationship in schema.relationships
        if (relationship.from_table == table.qname and name in relationship.from_columns)
        or (relationship.to_table == table.qname and name in relationship.to_columns)
    )
    indexes = tuple(
        index
        for index in table.indexes
        if name in index.column_names
        or name in index.include
        or _reads(index.where, name)
        or any(_reads(element.expression, name) for element in index.elements)
    )
    return Dependents(
        relationships=relationships,
        many_to_many=_orphaned_many_to_many(schema, {r.id for r in relationships}),
        indexes=indexes,
        uniques=tuple(unique for unique in table.uniques if name in unique.columns),
        checks=tuple(check for check in table.checks if _reads(check.expression, name)),
        column_checks=tuple(
            other for other in table.columns if other.id != column.id and _reads(other.check, name)
        ),
    )


def table_dependents(schema: Schema, table: Table) -> Dependents:
    """Relationships from, to or through the table and many-to-many links using it."""
    qname = table.qname
    relationships = tuple(
        relationship
        for relationship in schema.relationships
        if qname in (relationship.from_table, relationship.to_table)
    )
    direct = {m2m.id for m2m in schema.many_to_many if qname in (m2m.left, m2m.right, m2m.through)}
    orphaned = {m2m.id for m2m in _orphaned_many_to_many(schema, {r.id for r in relationships})}
    return Dependents(
        relationships=relationships,
        many_to_many=tuple(m2m for m2m in schema.many_to_many if m2m.id in direct | orphaned),
    )


def _orphaned_many_to_many(schema: Schema, dropped: set[str]) -> tuple[ManyToMany, ...]:
    """Many-to-many links whose junction would no longer reference both sides."""
    if not dropped:
        return ()
    found = []
    for m2m in schema.many_to_many:
        targets = {
            relationship.to_table
            for relationship in schema.relationships_from(m2m.through)
            if relationship.id not in dropped
        }
        if not {m2m.left, m2m.right} <= targets:
            found.append(m2m)
    return tuple(found)


def drop_column(schema: Schema, table_id: str, column_id: str) -> Schema:
    """The schema without the column and everything that depends on it (in the table's
    partitions too, as PostgreSQL drops it from them)."""
    _, table = find_table(schema, table_id)
    column = next(column for column in table.columns if column.id == column_id)
    for partition in schema.partitions_of(table.qname):
        if (same := partition.columns_by_name.get(column.name)) is not None:
            schema = drop_column(schema, partition.id, same.id)
    _, table = find_table(schema, table_id)
    gone = column_dependents(schema, table, column)
    cleared = {other.id for other in gone.column_checks}
    dropped = {item.id for item in (*gone.indexes, *gone.uniques, *gone.checks)}
    primary_key = table.primary_key
    if primary_key is not None and column.name in primary_key.columns:
        kept = tuple(name for name in primary_key.columns if name != column.name)
        primary_key = replace(primary_key, columns=kept) if kept else None
    table = replace(
        table,
        columns=tuple(
            replace(other, check=None) if other.id in cleared else other
            for other in table.columns
            if other.id != column_id
        ),
        primary_key=primary_key,
        uniques=tuple(item for item in table.uniques if item.id not in dropped),
        checks=tuple(item for item in table.checks if item.id not in dropped),
        indexes=tuple(item for item in table.indexes if item.id not in dropped),
    )
    schema = _with_sequences(
        schema, lambda owner: None if owner == (table.qname, column.name) else owner
    )
    return _drop_links(with_table(schema, table), gone)


def drop_table(schema: Schema, table_id: str) -> Schema:
    """Without the table, what depends on it, its partitions (as ``DROP TABLE`` of a
    partitioned table drops them) and the sequences its columns own."""
    position, table = find_table(schema, table_id)
    for partition in schema.partitions_of(table.qname):
        schema = drop_table(schema, partition.id)
        position, table = find_table(schema, table_id)
    gone = table_dependents(schema, table)
    schema = replace(schema, tables=(*schema.tables[:position], *schema.tables[position + 1 :]))
    schema = _with_sequences(schema, lambda owner: None if owner[0] == table.qname else owner)
    return _drop_links(schema, gone)


def drop_relationship(schema: Schema, relationship_id: str) -> Schema:
    """Without the relationship and the many-to-many links that needed it."""
    kept = tuple(r for r in schema.relationships if r.id != relationship_id)
    orphaned = _orphaned_many_to_many(schema, {relationship_id})
    return _drop_links(schema, Dependents(relationships=(), many_to_many=orphaned), kept)


def _drop_links(
    schema: Schema,
    gone: Dependents,
    relationships: tuple[Relationship, ...] | None = None,
) -> Schema:
    dropped = {relationship.id for relationship in gone.relationships}
    if relationships is None:
        relationships = tuple(r for r in schema.relationships if r.id not in dropped)
    unlinked = {m2m.id for m2m in gone.many_to_many}
    return replace(
        schema,
        relationships=relationships,
        many_to_many=tuple(m2m for m2m in schema.many_to_many if m2m.id not in unlinked),
    )
