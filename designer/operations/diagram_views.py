"""Diagram views: named parts of the diagram, saved with the design (see
``designer.schema.diagram_views`` for what each shows)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import ClassVar

from designer.schema.model import (
    DIAGRAM_VIEW_MODES,
    MAX_DIAGRAM_VIEW_HOPS,
    DiagramView,
    Schema,
)

from .base import Gone, Invalid, Operation, new_id

MAX_NAME_LENGTH = 100
MODE_WORDS = {
    "tables": "chosen entities",
    "schemas": "PostgreSQL schemas",
    "around": "an entity and its neighbours",
}


def _unique(items: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def checked_view(
    schema: Schema,
    view_id: str,
    name: str,
    mode: str,
    tables: tuple[str, ...],
    schemas: tuple[str, ...],
    center: str,
    hops: int,
) -> DiagramView:
    """The view these inputs describe, holding only what its mode uses; ``Invalid``
    naming the input that is wrong."""
    name = (name or "").strip()
    if not name:
        raise Invalid("Give the view a name.", "name")
    if len(name) > MAX_NAME_LENGTH:
        raise Invalid(f"A view's name has at most {MAX_NAME_LENGTH} characters.", "name")
    taken = {view.name.casefold() for view in schema.diagram_views if view.id != view_id}
    if name.casefold() in taken:
        raise Invalid(f"There is a view named “{name}” already.", "name")
    if mode not in DIAGRAM_VIEW_MODES:
        raise Invalid("Choose what the view shows.", "mode")
    view = DiagramView(id=view_id, name=name, mode=mode)
    table_ids = {table.id for table in schema.tables}
    if mode == "tables":
        chosen = _unique(tuple(tables))
        if not chosen:
            raise Invalid("Choose at least one entity.", "tables")
        if any(identifier not in table_ids for identifier in chosen):
            raise Gone("An entity you chose no longer exists: someone deleted it.", "tables")
        return replace(view, tables=chosen)
    if mode == "schemas":
        chosen = _unique(tuple(item.strip() for item in schemas if item.strip()))
        if not chosen:
            raise Invalid("Choose at least one PostgreSQL schema.", "schemas")
        present = {table.schema for table in schema.tables}
        if missing := [item for item in chosen if item not in present]:
            raise Invalid(f"No entity is in the schema “{missing[0]}”.", "schemas")
        return replace(view, schemas=chosen)
    if not center:
        raise Invalid("Choose the entity the view is around.", "center")
    if center not in table_ids:
        raise Gone("That entity no longer exists: someone deleted it.", "center")
    if (
        isinstance(hops, bool)
        or not isinstance(hops, int)
        or not 1 <= hops <= MAX_DIAGRAM_VIEW_HOPS
    ):
        raise Invalid(f"Choose from 1 to {MAX_DIAGRAM_VIEW_HOPS} steps.", "hops")
    return replace(view, center=center, hops=hops)


def _find(schema: Schema, view_id: str) -> tuple[int, DiagramView]:
    for position, view in enumerate(schema.diagram_views):
        if view.id == view_id:
            return position, view
    raise Gone("That diagram view no longer exists: someone deleted it.")


@dataclass(frozen=True)
class AddDiagramView(Operation):
    """A new view, after the others."""

    kind: ClassVar[str] = "add_diagram_view"
    name: str
    mode: str
    tables: tuple[str, ...] = ()
    schemas: tuple[str, ...] = ()
    center: str = ""
    hops: int = 1
    id: str = field(default_factory=new_id)

    def apply(self, schema: Schema) -> Schema:
        if any(view.id == self.id for view in schema.diagram_views):
            raise Invalid("That diagram view exists already.")
        view = checked_view(
            schema, self.id, self.name, self.mode, self.tables, self.schemas, self.center, self.hops
        )
        return replace(schema, diagram_views=(*schema.diagram_views, view))

    def describe(self, schema: Schema) -> str:
        return f"Added the diagram view {self.name.strip()}"

    def targets(self, schema: Schema) -> frozenset[str]:
        return frozenset({f"diagram-view:{self.id}"})


@dataclass(frozen=True)
class ChangeDiagramView(Operation):
    """A view's name and what it shows, all given again (the edit form holds them all)."""

    kind: ClassVar[str] = "change_diagram_view"
    view_id: str
    name: str
    mode: str
    tables: tuple[str, ...] = ()
    schemas: tuple[str, ...] = ()
    center: str = ""
    hops: int = 1

    def apply(self, schema: Schema) -> Schema:
        position, _ = _find(schema, self.view_id)
        view = checked_view(
            schema,
            self.view_id,
            self.name,
            self.mode,
            self.tables,
            self.schemas,
            self.center,
            self.hops,
        )
        views = list(schema.diagram_views)
        views[position] = view
        return replace(schema, diagram_views=tuple(views))

    def describe(self, schema: Schema) -> str:
        try:
            _, view = _find(schema, self.view_id)
        except Gone:
            return f"Changed the diagram view {self.name.strip()}"
        if view.name != self.name.strip():
            return f"Changed the diagram view {view.name} (now {self.name.strip()})"
        return f"Changed the diagram view {view.name}"

    def targets(self, schema: Schema) -> frozenset[str]:
        return frozenset({f"diagram-view:{self.view_id}"})


@dataclass(frozen=True)
class RemoveDiagramView(Operation):
    kind: ClassVar[str] = "remove_diagram_view"
    view_id: str

    def apply(self, schema: Schema) -> Schema:
        position, _ = _find(schema, self.view_id)
        views = schema.diagram_views
        return replace(schema, diagram_views=views[:position] + views[position + 1 :])

    def describe(self, schema: Schema) -> str:
        try:
            _, view = _find(schema, self.view_id)
        except Gone:
            return "Removed a diagram view"
        return f"Removed the diagram view {view.name}"

    def targets(self, schema: Schema) -> frozenset[str]:
        return frozenset({f"diagram-view:{self.view_id}"})
