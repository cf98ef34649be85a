"""A project's diagram views: adding, changing and removing them (each one change, through
``designer.services.edits.apply``: undoable, in the history, carried by versions), and a
view's Mermaid text."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from .. import store
from ..generators import mermaid
from ..models import Project
from ..operations import AddDiagramView, ChangeDiagramView, RemoveDiagramView
from ..schema.diagram_views import find_view, subset
from ..schema.model import DiagramView
from . import edits


@dataclass(frozen=True)
class ViewDefinition:
    """What a view shows, as a form gives it."""

    name: str
    mode: str
    tables: tuple[str, ...] = ()
    schemas: tuple[str, ...] = ()
    center: str = ""
    hops: int = 1


def views_of(project: Project) -> tuple[DiagramView, ...]:
    """The project's views, read from its row (no query)."""
    return store.diagram_views_of(project)


def add_view(
    project: Project,
    definition: ViewDefinition,
    *,
    actor: Any = None,
    base_revision: int | None = None,
) -> edits.Applied:
    operation = AddDiagramView(
        name=definition.name,
        mode=definition.mode,
        tables=definition.tables,
        schemas=definition.schemas,
        center=definition.center,
        hops=definition.hops,
    )
    return edits.apply(project, [operation], actor=actor, base_revision=base_revision)


def change_view(
    project: Project,
    view_id: str,
    definition: ViewDefinition,
    *,
    actor: Any = None,
    base_revision: int | None = None,
) -> edits.Applied:
    operation = ChangeDiagramView(
        view_id=view_id,
        name=definition.name,
        mode=definition.mode,
        tables=definition.tables,
        schemas=definition.schemas,
        center=definition.center,
        hops=definition.hops,
    )
    return edits.apply(project, [operation], actor=actor, base_revision=base_revision)


def remove_view(
    project: Project, view_id: str, *, actor: Any = None, base_revision: int | None = None
) -> edits.Applied:
    operation = RemoveDiagramView(view_id)
    return edits.apply(project, [operation], actor=actor, base_revision=base_revision)


def view_mermaid(project: Project, view_id: str) -> tuple[DiagramView, str] | None:
    """The view ``view_id`` and its diagram's Mermaid text; None when there is no such
    view."""
    schema = store.current_schema(project)
    view = find_view(schema, view_id)
    part = subset(schema, view_id)
    if view is None or part is None:
        return None
    return view, mermaid.generate(part)


def file_name(view: DiagramView, suffix: str = ".mmd") -> str:
    """A file name for the view's download that any system and header accepts: ASCII
    letters, digits, hyphens and underscores ("Orders & co." → "orders-co.mmd")."""
    ascii_name = unicodedata.normalize("NFKD", view.name).encode("ascii", "ignore").decode()
    stem = re.sub(r"[^A-Za-z0-9_]+", "-", ascii_name).strip("-_").lower()[:60].strip("-_")
    return f"{stem or 'diagram-view'}{suffix}"
