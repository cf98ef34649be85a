"""The order tables are filled in, and where each foreign key gets its value.

Tables are filled in foreign-key order, ties broken by the DDL's creation order. Tables
tied by a cycle of ``NOT NULL`` foreign keys cannot be filled one after the other: they
form one *unit*, inserted by one statement (``WITH ... INSERT``), since PostgreSQL
checks the foreign keys of a statement when the whole statement is done. Where only a
cycle through a nullable foreign key is left, the first such unit (in the DDL's order)
goes first and that key is filled by an ``UPDATE`` once its table exists.

A partitioned table has no rows of its own, only its partitions': it comes after them,
as if it referenced each through a NOT NULL key.

Each relationship is then one of:

- ``BEFORE``: its table is filled earlier, the value is in the ``INSERT``;
- ``SAME``: a self-reference, or a table of the same unit: the value is in the same
  statement;
- ``LATER``: its table comes later: ``NULL`` in the ``INSERT``, set by an ``UPDATE``.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from enum import Enum

from designer.generators import ddl
from designer.schema.model import QName, Schema, Table

from .partitions import parent_of


class When(Enum):
    BEFORE = "before"
    SAME = "same"
    LATER = "later"


@dataclass(frozen=True)
class FillOrder:
    units: tuple[tuple[Table, ...], ...]  # each unit is one INSERT statement
    when: dict[str, When]  # by relationship id

    @property
    def tables(self) -> tuple[Table, ...]:
        return tuple(table for unit in self.units for table in unit)


def fill_order(schema: Schema) -> FillOrder:
    """Units in foreign-key order and, for every relationship, when its value is known."""
    tables = ddl.creation_plan(schema).tables
    position = {table.qname: number for number, table in enumerate(tables)}
    hard = _edges(schema, position, required=True)
    components = _components(tables, hard)
    units = _unit_order(schema, tables, components, position)
    unit_of = {table.qname: number for number, unit in enumerate(units) for table in unit}
    when = {}
    for relationship in schema.relationships:
        source, target = unit_of[relationship.from_table], unit_of[relationship.to_table]
        if relationship.is_self_reference or source == target:
            when[relationship.id] = When.SAME
        elif target < source:
            when[relationship.id] = When.BEFORE
        else:
            when[relationship.id] = When.LATER
    return FillOrder(tuple(units), when)


def _edges(
    schema: Schema, position: dict[QName, int], *, required: bool | None
) -> dict[QName, set[QName]]:
    """Table -> the other tables it references (only through NOT NULL keys if required)."""
    edges: dict[QName, set[QName]] = {name: set() for name in position}
    for relationship in schema.relationships:
        if relationship.is_self_reference:
            continue
        if required is None or schema.is_required(relationship) == required:
            edges[relationship.from_table].add(relationship.to_table)
    if required is not False:
        for parent, partition in _partitions(schema, position):
            edges[parent].add(partition)
    return edges


def _partitions(schema: Schema, position: dict[QName, int]) -> list[tuple[QName, QName]]:
    """(partitioned table, one of its partitions), both among the tables filled."""
    return [
        (parent, table.qname)
        for table in schema.tables
        if (parent := parent_of(table)) is not None
        and parent in position
        and table.qname in position
        and parent != table.qname
    ]


def _components(tables: tuple[Table, ...], edges: dict[QName, set[QName]]) -> list[list[QName]]:
    """Strongly connected components (Kosaraju, without recursion), in table order."""
    order: list[QName] = []
    visited: set[QName] = set()
    for table in tables:
        if table.qname in visited:
            continue
        visited.add(table.qname)
        stack = [(table.qname, iter(sorted(edges[table.qname])))]
        while stack:
            name, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                order.append(name)
            elif child not in visited:
                visited.add(child)
                stack.append((child, iter(sorted(edges[child]))))
    reverse: dict[QName, set[QName]] = {name: set() for name in edges}
    for name, targets in edges.items():
        for target in targets:
            reverse[target].add(name)
    assigned: set[QName] = set()
    components = []
    for name in reversed(order):
        if name in assigned:
            continue
        component, stack = [], [name]
        assigned.add(name)
        while stack:
            current = stack.pop()
            component.append(current)
            for other in reverse[current]:
                if other not in assigned:
                    assigned.add(other)
                    stack.append(other)
        components.append(component)
    return components


def _unit_order(
    schema: Schema,
    tables: tuple[Table, ...],
    components: list[list[QName]],
    position: dict[QName, int],
) -> list[tuple[Table, ...]]:
    """Kahn's algorithm over the units; in a cycle, the first unit with only nullable keys
    left to wait for goes first."""
    by_name = {table.qname: table for table in tables}
    unit_of = {name: number for number, component in enumerate(components) for name in component}
    members = [sorted(component, key=position.__getitem__) for component in components]
    first = [position[unit[0]] for unit in members]
    waiting: list[dict[int, bool]] = [{} for _ in members]  # unit -> {needed unit: required}
    for relationship in schema.relationships:
        source, target = unit_of[relationship.from_table], unit_of[relationship.to_table]
        if source != target:
            required = schema.is_required(relationship)
            waiting[source][target] = waiting[source].get(target, False) or required
    for parent, partition in _partitions(schema, position):
        source, target = unit_of[parent], unit_of[partition]
        if source != target:
            waiting[source][target] = True
    dependants: dict[int, list[int]] = {}
    for unit, needs in enumerate(waiting):
        for needed in needs:
            dependants.setdefault(needed, []).append(unit)
    ready = [(first[unit], unit) for unit, needs in enumerate(waiting) if not needs]
    heapq.heapify(ready)
    # The units left waiting only for nullable keys, the first of which breaks a cycle when
    # no unit is ready (a unit leaves this state only by being done: the pops skip those).
    nullable_only = [
        (first[unit], unit) for unit, needs in enumerate(waiting) if not any(needs.values())
    ]
    heapq.heapify(nullable_only)
    done: set[int] = set()
    result: list[tuple[Table, ...]] = []
    while len(done) < len(members):
        if ready:
            _, unit = heapq.heappop(ready)
            if unit in done:
                continue
        else:
            while nullable_only[0][1] in done:
                heapq.heappop(nullable_only)
            _, unit = heapq.heappop(nullable_only)
        done.add(unit)
        result.append(tuple(by_name[name] for name in members[unit]))
        for dependant in dependants.get(unit, ()):
            needs = waiting[dependant]
            if unit in needs:
                required = needs.pop(unit)
                if not needs and dependant not in done:
                    heapq.heappush(ready, (first[dependant], dependant))
                if required and not any(needs.values()):
                    heapq.heappush(nullable_only, (first[dependant], dependant))
    return result
