"""Giving a schema's objects new ids, consistently (for a copy or an import as new)."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Mapping
from dataclasses import replace

from .model import QName, Schema

_ID_IN_KEY = re.compile(r"[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}", re.IGNORECASE)


def with_new_ids(schema: Schema, new_id: Callable[[], str] | None = None) -> Schema:
    """The same schema with every id replaced by a fresh one (references are by name;
    the suppressions' targets name ids, and follow)."""
    make = new_id or (lambda: str(uuid.uuid4()))
    renamed: dict[str, str] = {}

    def make_for(old: str) -> str:
        renamed[old] = make()
        return renamed[old]

    copy = replace(
        schema,
        enums=tuple(replace(enum, id=make_for(enum.id)) for enum in schema.enums),
        tables=tuple(
            replace(
                table,
                id=make_for(table.id),
                columns=tuple(replace(column, id=make_for(column.id)) for column in table.columns),
                uniques=tuple(replace(unique, id=make_for(unique.id)) for unique in table.uniques),
                checks=tuple(replace(check, id=make_for(check.id)) for check in table.checks),
                indexes=tuple(replace(index, id=make_for(index.id)) for index in table.indexes),
            )
            for table in schema.tables
        ),
        relationships=tuple(replace(rel, id=make_for(rel.id)) for rel in schema.relationships),
        many_to_many=tuple(replace(m2m, id=make_for(m2m.id)) for m2m in schema.many_to_many),
    )
    if schema.domains or schema.sequences or schema.sql_objects:
        copy = replace(
            copy,
            domains=tuple(
                replace(
                    domain,
                    id=make_for(domain.id),
                    checks=tuple(replace(check, id=make_for(check.id)) for check in domain.checks),
                )
                for domain in schema.domains
            ),
            sequences=tuple(replace(item, id=make_for(item.id)) for item in schema.sequences),
            sql_objects=tuple(replace(item, id=make_for(item.id)) for item in schema.sql_objects),
        )
    if schema.queries:
        # make_for: a suppression of a query's finding (``query=<id>``) follows it.
        copy = replace(
            copy, queries=tuple(replace(query, id=make_for(query.id)) for query in schema.queries)
        )
    if schema.diagram_views:
        copy = replace(
            copy,
            diagram_views=tuple(
                replace(
                    view,
                    id=make(),
                    tables=tuple(renamed.get(table, table) for table in view.tables),
                    center=renamed.get(view.center, view.center),
                )
                for view in schema.diagram_views
            ),
        )
    if not schema.suppressions:
        return copy
    return replace(
        copy,
        suppressions=tuple(
            replace(item, target=_ID_IN_KEY.sub(lambda m: renamed.get(m[0], m[0]), item.target))
            for item in schema.suppressions
        ),
    )


def object_ids(schema: Schema) -> list[str]:
    """The ids of the domains (and their checks), sequences and SQL objects: kept on the
    project's row rather than as records of their own."""
    ids = []
    for domain in schema.domains:
        ids += [domain.id, *(check.id for check in domain.checks)]
    return ids + [item.id for item in (*schema.sequences, *schema.sql_objects)]


def all_ids(schema: Schema) -> list[str]:
    """Every id in the schema, in a fixed order."""
    ids = [enum.id for enum in schema.enums]
    for table in schema.tables:
        ids.append(table.id)
        ids += [column.id for column in table.columns]
        ids += [item.id for item in (*table.uniques, *table.checks, *table.indexes)]
    ids += [rel.id for rel in schema.relationships]
    ids += [m2m.id for m2m in schema.many_to_many]
    return ids + object_ids(schema)


def adopt_ids(
    imported: Schema,
    current: Schema,
    *,
    table_renames: Mapping[QName, QName] | None = None,
    column_renames: Mapping[tuple[QName, str], str] | None = None,
) -> Schema:
    """``imported`` with the ids of ``current``'s objects that it holds again, matched by
    what they are: tables and enum types by qualified name, columns by name within
    their table, constraints and indexes by their definition, relationships by their
    ends. Re-importing a dump then keeps every record (and what points at it) of the
    objects that stayed; a rename there reads as a drop and a create, as the dump holds
    no ids to tell otherwise — unless the caller names it: ``table_renames`` maps an
    imported table's name to ``current``'s, ``column_renames`` (imported table, imported
    column) to ``current``'s column name; constraints, indexes and relationships are then
    matched with those names translated."""
    table_renames = dict(table_renames or {})
    column_renames = dict(column_renames or {})
    taken: set[str] = set()

    def table_name(name: QName) -> QName:
        return table_renames.get(name, name)

    def column_name(table: QName, name: str) -> str:
        return column_renames.get((table, name), name)

    def columns_of(table: QName, names: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(column_name(table, name) for name in names)

    def adopt(item, key, known: dict, named: dict | None = None):
        """``item`` with the id ``known`` gives its key (a list: the first not taken,
        so that equal definitions pair in order) — first, when ``named`` is given, the
        id of the object of the same name and definition."""
        tries = known.get(key)
        tries = list(tries) if isinstance(tries, list) else [tries]
        if named is not None and getattr(item, "name", None):
            tries.insert(0, named.get((item.name, key)))
        for identifier in tries:
            if identifier is not None and identifier not in taken:
                taken.add(identifier)
                return replace(item, id=identifier)
        return item

    tables = {table.qname: table for table in current.tables}
    enums = {enum.qname: enum.id for enum in current.enums}
    new_tables = []
    for table in imported.tables:
        name = table.qname
        old = tables.get(table_name(name))
        if old is None:
            new_tables.append(table)
            continue
        columns = {column.name: column.id for column in old.columns}
        uniques = {(u.columns, u.nulls_not_distinct): u.id for u in old.uniques}
        checks = {check.expression: check.id for check in old.checks}
        indexes: dict[tuple, list[str]] = {}
        for index in old.indexes:
            indexes.setdefault(_index_key(index), []).append(index.id)
        named_indexes = {
            (index.name, _index_key(index)): index.id for index in old.indexes if index.name
        }

        def index_key(index, name=name):
            elements = tuple(
                replace(e, column=column_name(name, e.column)) if e.column else e
                for e in index.elements
            )
            return _index_key(
                replace(index, elements=elements, include=columns_of(name, index.include))
            )

        new_tables.append(
            replace(
                adopt(table, old.qname, {old.qname: old.id}),
                columns=tuple(adopt(c, column_name(name, c.name), columns) for c in table.columns),
                uniques=tuple(
                    adopt(u, (columns_of(name, u.columns), u.nulls_not_distinct), uniques)
                    for u in table.uniques
                ),
                checks=tuple(adopt(c, c.expression, checks) for c in table.checks),
                indexes=tuple(
                    adopt(i, index_key(i), indexes, named_indexes) for i in table.indexes
                ),
            )
        )
    relationships = {_relationship_key(r): r.id for r in current.relationships}
    links = {(m.left, m.right, m.through): m.id for m in current.many_to_many}

    def relationship_key(r) -> tuple:
        return (
            table_name(r.from_table),
            columns_of(r.from_table, r.from_columns),
            table_name(r.to_table),
            columns_of(r.to_table, r.to_columns),
        )

    domains = {domain.qname: domain for domain in current.domains}

    def adopt_domain(domain):
        old = domains.get(domain.qname)
        if old is None:
            return domain
        checks = {check.expression: check.id for check in old.checks}
        return replace(
            adopt(domain, domain.qname, {old.qname: old.id}),
            checks=tuple(adopt(c, c.expression, checks) for c in domain.checks),
        )

    sequences = {item.qname: item.id for item in current.sequences}
    objects = {(item.kind, item.qname): item.id for item in current.sql_objects}
    return replace(
        imported,
        domains=tuple(adopt_domain(domain) for domain in imported.domains),
        sequences=tuple(adopt(item, item.qname, sequences) for item in imported.sequences),
        sql_objects=tuple(
            adopt(item, (item.kind, item.qname), objects) for item in imported.sql_objects
        ),
        enums=tuple(adopt(enum, enum.qname, enums) for enum in imported.enums),
        tables=tuple(new_tables),
        relationships=tuple(
            adopt(r, relationship_key(r), relationships) for r in imported.relationships
        ),
        many_to_many=tuple(
            adopt(m, (table_name(m.left), table_name(m.right), table_name(m.through)), links)
            for m in imported.many_to_many
        ),
    )


def _index_key(index) -> tuple:
    return (index.elements, index.unique, index.method, index.where, index.include)


def _relationship_key(relationship) -> tuple:
    return (
        relationship.from_table,
        relationship.from_columns,
        relationship.to_table,
        relationship.to_columns,
    )
