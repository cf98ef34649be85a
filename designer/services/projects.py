"""Projects as a whole: create, duplicate."""

from __future__ import annotations

from django.db import transaction

from ..models import Project
from ..store import create_project, load_schema


@transaction.atomic
def duplicate_project(project: Project, *, name: str, slug: str) -> Project:
    """A copy of the project's whole schema and settings under a new name and slug."""
    copy = create_project(name=name, slug=slug, schema=load_schema(project))
    return copy
