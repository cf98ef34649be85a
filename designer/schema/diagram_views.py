"""Which tables a diagram view shows, and the part of the schema it draws.

A view names tables by id; a table deleted since is simply left out (undo brings it
back, and with it its place in the view), so no change has to follow deletions into
the views. "Around" a table means within ``hops`` steps of it, a step being a foreign
key either way or a many-to-many link (between its two tables, and from each to the
junction table).
"""

from __future__ import annotations

from collections import defaultdict, deque
from dataclasses import replace

from .model import DiagramView, QName, Schema, Table


def find_view(schema: Schema, view_id: str) -> DiagramView | None:
    return next((view for view in schema.diagram_views if view.id == view_id), None)


def neighbours(schema: Schema) -> dict[QName, set[QName]]:
    """Each table's neighbours: one step away through a foreign key or a link."""
    found: dict[QName, set[QName]] = defaultdict(set)

    def join(a: QName, b: QName) -> None:
        found[a].add(b)
        found[b].add(a)

    for relationship in schema.relationships:
        join(relationship.from_table, relationship.to_table)
    for link in schema.many_to_many:
        join(link.left, link.right)
        join(link.left, link.through)
        join(link.right, link.through)
    return found


def distances(schema: Schema, start: QName, limit: int) -> dict[QName, int]:
    """The tables within ``limit`` steps of ``start``, with their distance (a
    breadth-first search)."""
    steps = neighbours(schema)
    known = set(schema.tables_by_name)
    found = {start: 0}
    queue = deque([start])
    while queue:
        name = queue.popleft()
        if found[name] == limit:
            continue
        for other in sorted(steps.get(name, ())):
            if other not in found and other in known:
                found[other] = found[name] + 1
                queue.append(other)
    return found


def tables_of(schema: Schema, view: DiagramView) -> tuple[Table, ...]:
    """The tables ``view`` shows, in the schema's order (ids of tables deleted since are
    left out; "around" a deleted table is nothing)."""
    if view.mode == "tables":
        wanted = set(view.tables)
        return tuple(table for table in schema.tables if table.id in wanted)
    if view.mode == "schemas":
        schemas = set(view.schemas)
        return tuple(table for table in schema.tables if table.schema in schemas)
    if view.mode == "around":
        center = next((table for table in schema.tables if table.id == view.center), None)
        if center is None:
            return ()
        near = distances(schema, center.qname, view.hops)
        return tuple(table for table in schema.tables if table.qname in near)
    return ()


def subset(schema: Schema, view_id: str) -> Schema | None:
    """The schema as the view ``view_id`` shows it: its tables, the foreign keys between
    them and the many-to-many links whose three tables are all in it, every enum type
    (columns use them); None when the design has no such view."""
    view = find_view(schema, view_id)
    if view is None:
        return None
    return part(schema, tables_of(schema, view))


def part(schema: Schema, tables: tuple[Table, ...]) -> Schema:
    """``schema`` with only ``tables`` and what lies between them. The review's
    suppressions and the views are left out: they may name what is not there. The
    partitions of a partitioned table in ``tables`` come with it (the diagram does not
    draw partitions, but counts them on their parent)."""
    names = {table.qname for table in tables}
    parents = {table.qname for table in tables if table.partition_by}
    if parents:
        tables = tuple(
            table
            for table in schema.tables
            if table.qname in names or table.partition_of in parents
        )
        names = {table.qname for table in tables}
    return replace(
        schema,
        tables=tables,
        relationships=tuple(
            r for r in schema.relationships if r.from_table in names and r.to_table in names
        ),
        many_to_many=tuple(
            link for link in schema.many_to_many if {link.left, link.right, link.through} <= names
        ),
        suppressions=(),
        diagram_views=(),
    )


def schema_names(schema: Schema) -> tuple[str, ...]:
    """The PostgreSQL schemas the design's tables are in, sorted."""
    return tuple(sorted({table.schema for table in schema.tables}))
