"""Changing a test's design the way the application does: through the one entry point."""

from __future__ import annotations

from designer.models import Project
from designer.operations import Operation
from designer.schema.model import QName, Schema
from designer.services.edits import Applied, apply
from designer.store import load_schema


def change(project: Project, *operations: Operation) -> Applied:
    """Apply ``operations`` to the project as one change (as a view would)."""
    return apply(project, list(operations))


def table(project: Project, name: str, schema: str = "public"):
    """The project's table ``name`` as the schema model holds it (ids for operations)."""
    return load_schema(project).table(QName(schema, name))


def schema_of(project: Project) -> Schema:
    return load_schema(project)
