"""What a change did: the objects it touched, before and after — the change log's record
of it, and what undo, redo and "restore" apply.

``Patch.between(before, after)`` compares two schemas by id at the level of the
schema's top-level objects (enum types, tables with everything inside them,
relationships, many-to-many links) and the project settings. Objects an operation left
alone are the same Python objects in both schemas, so a change to one table of five
hundred costs a comparison of identities, not of contents.

A patch is exact: ``patch.apply(before) == after`` and ``patch.inverted().apply(after)
== before``, ids and order included. Positions: an added or removed object records its
index; when the objects present on both sides changed their relative order, the whole
order of that collection is recorded too.

``touched()`` lists what changed, finer than the patch's objects: the ids of changed
objects, and ``<table id>/`` when anything inside a table (its fields, constraints,
indexes, their order) changed. A change based on an older revision is checked against
the keys touched since (``designer.services.edits``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from designer.schema import design_file, model
from designer.schema.model import (
    DiagramView,
    Domain,
    KeyStrategy,
    SavedQuery,
    Schema,
    SqlObject,
    Suppression,
    Table,
)

from .base import OperationError
from .project import PROJECT_ATTRIBUTES

COLLECTIONS = ("enums", "tables", "relationships", "many_to_many")
# Collections kept on the project's row (in the design file's form), changed as settings.
ROW_COLLECTIONS = ("diagram_views", "domains", "sequences", "sql_objects", "queries")
SETTINGS = (*PROJECT_ATTRIBUTES, "suppressions", *ROW_COLLECTIONS)
# The conflict keys' prefix of an item of each (``touched``; the operations name the
# same keys in ``targets``).
ROW_KEYS = {
    "diagram_views": "diagram-view",
    "domains": "domain",
    "sequences": "sequence",
    "sql_objects": "object",
    "queries": "query",
}
_ROW_WRITE: dict[type, Callable[[Any], dict[str, Any]]] = {
    DiagramView: design_file.diagram_view_data,
    Domain: design_file.domain_data,
    model.Sequence: design_file.sequence_data,
    SqlObject: design_file.sql_object_data,
    SavedQuery: design_file.query_data,
}
_ROW_READ: dict[str, Callable[[Any], Any]] = {
    "diagram_views": design_file.read_diagram_view,
    "domains": design_file.read_domain,
    "sequences": design_file.read_sequence,
    "sql_objects": design_file.read_sql_object,
    "queries": design_file.read_query,
}
_WRITE: dict[str, Callable[[Any], dict[str, Any]]] = {
    "enums": design_file.enum_data,
    "tables": design_file.table_data,
    "relationships": design_file.relationship_data,
    "many_to_many": design_file.many_to_many_data,
}
_READ: dict[str, Callable[[Any], Any]] = {
    "enums": design_file.read_enum,
    "tables": design_file.read_table,
    "relationships": design_file.read_relationship,
    "many_to_many": design_file.read_many_to_many,
}
_TABLE_PARTS = ("columns", "uniques", "checks", "indexes")
_TABLE_OWN = ("schema", "name", "description", "timestamps", "primary_key")


class Stale(OperationError):
    """The schema is not the one the patch starts from (something changed it since)."""


@dataclass(frozen=True)
class ObjectChange:
    """One top-level object before and after (``None`` when absent), with its index."""

    id: str
    before: Any = None
    after: Any = None
    before_index: int | None = None
    after_index: int | None = None

    def inverted(self) -> ObjectChange:
        return ObjectChange(self.id, self.after, self.before, self.after_index, self.before_index)


@dataclass(frozen=True)
class Order:
    """The ids of a collection in order, before and after (when it was reordered)."""

    collection: str
    before: tuple[str, ...]
    after: tuple[str, ...]


@dataclass(frozen=True)
class Patch:
    enums: tuple[ObjectChange, ...] = ()
    tables: tuple[ObjectChange, ...] = ()
    relationships: tuple[ObjectChange, ...] = ()
    many_to_many: tuple[ObjectChange, ...] = ()
    settings: tuple[tuple[str, Any, Any], ...] = ()  # (attribute, before, after)
    orders: tuple[Order, ...] = ()

    @property
    def empty(self) -> bool:
        return not (any(getattr(self, name) for name in COLLECTIONS) or self.settings)

    # -- building ------------------------------------------------------------------------

    @classmethod
    def between(cls, before: Schema, after: Schema) -> Patch:
        changes: dict[str, tuple[ObjectChange, ...]] = {}
        orders = []
        for name in COLLECTIONS:
            found, order = _collection_changes(name, getattr(before, name), getattr(after, name))
            changes[name] = found
            if order is not None:
                orders.append(order)
        settings = tuple(
            (attribute, getattr(before, attribute), getattr(after, attribute))
            for attribute in SETTINGS
            if getattr(before, attribute) != getattr(after, attribute)
        )
        return cls(**changes, settings=settings, orders=tuple(orders))

    def inverted(self) -> Patch:
        return Patch(
            **{name: tuple(c.inverted() for c in getattr(self, name)) for name in COLLECTIONS},
            settings=tuple((attribute, b, a) for attribute, a, b in self.settings),
            orders=tuple(Order(o.collection, o.after, o.before) for o in self.orders),
        )

    # -- applying ------------------------------------------------------------------------

    def apply(self, schema: Schema) -> Schema:
        """The schema after this patch; ``Stale`` when ``schema`` is not where it starts."""
        changes: dict[str, Any] = {}
        for name in COLLECTIONS:
            found = getattr(self, name)
            order = next((o for o in self.orders if o.collection == name), None)
            if found or order:
                changes[name] = _apply_collection(getattr(schema, name), found, order)
        for attribute, before, after in self.settings:
            if getattr(schema, attribute) != before:
                raise Stale(f"the project's {attribute.replace('_', ' ')} changed since")
            changes[attribute] = after
        return replace(schema, **changes) if changes else schema

    # -- what changed ----------------------------------------------------------------------

    def touched(self) -> frozenset[str]:
        keys: set[str] = set()
        for name in ("enums", "relationships", "many_to_many"):
            keys.update(change.id for change in getattr(self, name))
        for change in self.tables:
            keys.update(_table_keys(change.before, change.after))
        for attribute, before, after in self.settings:
            if attribute == "suppressions":
                differ = set(before) ^ set(after)
                keys.update(f"review:{item.rule} {item.target}" for item in differ)
            elif attribute in ROW_KEYS:
                keys.update(row_keys(attribute, before, after))
            else:
                keys.add("project")
        return frozenset(keys)

    # -- the change log's form -----------------------------------------------------------

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for name in COLLECTIONS:
            write = _WRITE[name]
            data[name] = [
                {
                    "id": c.id,
                    "before": None if c.before is None else write(c.before),
                    "after": None if c.after is None else write(c.after),
                    "before_index": c.before_index,
                    "after_index": c.after_index,
                }
                for c in getattr(self, name)
            ]
        data["settings"] = [
            [attribute, _setting_data(before), _setting_data(after)]
            for attribute, before, after in self.settings
        ]
        data["orders"] = [
            {"collection": o.collection, "before": list(o.before), "after": list(o.after)}
            for o in self.orders
        ]
        return data

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Patch:
        changes = {}
        for name in COLLECTIONS:
            read = _READ[name]
            changes[name] = tuple(
                ObjectChange(
                    item["id"],
                    None if item["before"] is None else read(item["before"]),
                    None if item["after"] is None else read(item["after"]),
                    item["before_index"],
                    item["after_index"],
                )
                for item in data.get(name, ())
            )
        settings = tuple(
            (attribute, _setting(attribute, before), _setting(attribute, after))
            for attribute, before, after in data.get("settings", ())
        )
        orders = tuple(
            Order(item["collection"], tuple(item["before"]), tuple(item["after"]))
            for item in data.get("orders", ())
        )
        return cls(**changes, settings=settings, orders=orders)


def row_keys(attribute: str, before: tuple, after: tuple) -> set[str]:
    """The keys of the diagram views, domains, sequences or SQL objects added, changed or
    removed: a change to one never conflicts with a change to another."""
    old = {item.id: item for item in before}
    new = {item.id: item for item in after}
    return {
        f"{ROW_KEYS[attribute]}:{identifier}"
        for identifier in old.keys() | new.keys()
        if old.get(identifier) != new.get(identifier)
    }


def diagram_view_keys(before: tuple[DiagramView, ...], after: tuple[DiagramView, ...]) -> set[str]:
    return row_keys("diagram_views", before, after)


def row_data(item: Any) -> Any:
    """A diagram view, domain, sequence or SQL object in the design file's form."""
    write = _ROW_WRITE.get(type(item))
    return write(item) if write is not None else item


def _setting_data(value: Any) -> Any:
    if isinstance(value, KeyStrategy):
        return value.value
    if isinstance(value, tuple):
        return [_item_data(item) for item in value]
    return value


def _item_data(item: Any) -> Any:
    if isinstance(item, Suppression):
        return {"rule": item.rule, "target": item.target, "reason": item.reason}
    return row_data(item)


def _setting(attribute: str, value: Any) -> Any:
    if attribute == "key_strategy":
        return KeyStrategy(value)
    if attribute == "suppressions":
        return tuple(Suppression(item["rule"], item["target"], item["reason"]) for item in value)
    if attribute in _ROW_READ:
        return tuple(_ROW_READ[attribute](item) for item in value)
    if attribute == "extensions":
        return tuple(value)
    return value


def _collection_changes(
    name: str, before: Sequence[Any], after: Sequence[Any]
) -> tuple[tuple[ObjectChange, ...], Order | None]:
    if before is after:
        return (), None
    if len(before) == len(after) and all(a is b for a, b in zip(before, after, strict=True)):
        return (), None
    old = {item.id: (position, item) for position, item in enumerate(before)}
    new = {item.id: (position, item) for position, item in enumerate(after)}
    found = []
    for identifier, (position, item) in old.items():
        if identifier not in new:
            found.append(ObjectChange(identifier, item, None, position, None))
            continue
        new_position, new_item = new[identifier]
        if new_item is not item and new_item != item:
            found.append(ObjectChange(identifier, item, new_item, position, new_position))
    for identifier, (position, item) in new.items():
        if identifier not in old:
            found.append(ObjectChange(identifier, None, item, None, position))
    kept_before = [item.id for item in before if item.id in new]
    kept_after = [item.id for item in after if item.id in old]
    order = None
    if kept_before != kept_after:
        order = Order(name, tuple(item.id for item in before), tuple(item.id for item in after))
    return tuple(found), order


def _apply_collection(
    current: Sequence[Any], found: tuple[ObjectChange, ...], order: Order | None
) -> tuple[Any, ...]:
    by_id = {item.id: item for item in current}
    for change in found:
        present = by_id.get(change.id)
        if change.before is None and present is not None:
            raise Stale("an object it adds exists already")
        if change.before is not None and (present is None or present != change.before):
            raise Stale("an object it changes is not as it was")
    removed = {change.id for change in found if change.after is None}
    updated = {change.id: change.after for change in found if change.after is not None}
    if order is not None:
        if [item.id for item in current] != list(order.before):
            raise Stale("the order changed since")
        merged = {**by_id, **updated}
        return tuple(merged[identifier] for identifier in order.after)
    items = [updated.get(item.id, item) for item in current if item.id not in removed]
    added = sorted(
        (change for change in found if change.before is None),
        key=lambda change: change.after_index,
    )
    for change in added:
        items.insert(change.after_index, change.after)
    return tuple(items)


def _table_keys(before: Table | None, after: Table | None) -> set[str]:
    table = after or before
    assert table is not None
    if before is None or after is None:
        inside = (*table.columns, *table.uniques, *table.checks, *table.indexes)
        return {table.id, f"{table.id}/", *(item.id for item in inside)}
    keys = set()
    if any(getattr(before, name) != getattr(after, name) for name in _TABLE_OWN):
        keys.add(table.id)
    for part in _TABLE_PARTS:
        old, new = getattr(before, part), getattr(after, part)
        if old is new or old == new:
            continue
        keys.add(f"{table.id}/")
        old_items = {item.id: item for item in old}
        new_items = {item.id: item for item in new}
        for identifier in old_items.keys() | new_items.keys():
            if old_items.get(identifier) != new_items.get(identifier):
                keys.add(identifier)
        keys.update(_moved([item.id for item in old], [item.id for item in new]))
    return keys


def _moved(before: list[str], after: list[str]) -> set[str]:
    """Ids present on both sides whose predecessor among those changed (a reorder)."""
    common = set(before) & set(after)
    kept_before = [identifier for identifier in before if identifier in common]
    kept_after = [identifier for identifier in after if identifier in common]
    if kept_before == kept_after:
        return set()
    predecessor = {b: a for a, b in zip([None, *kept_before], kept_before, strict=False)}
    return {b for a, b in zip([None, *kept_after], kept_after, strict=False) if predecessor[b] != a}
