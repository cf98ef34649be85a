"""Projects as a whole: duplicate, delete (the design inside changes through ``edits``)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from ..models import Project
from ..schema.ids import with_new_ids
from ..store import current_schema
from .edits import create_project


def duplicate_project(project: Project, *, name: str, slug: str, actor: Any = None) -> Project:
    """A copy of the project's whole design and settings, under new ids."""
    schema = with_new_ids(current_schema(project))
    return create_project(
        name=name, slug=slug, schema=schema, source=f"a copy of {project.name}", actor=actor
    )


@transaction.atomic
def delete_project(project: Project) -> None:
    """Delete the project with its design and its history."""
    Project.objects.filter(pk=project.pk).delete()
