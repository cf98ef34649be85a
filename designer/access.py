"""The one place that fetches what a request works on.

Every view gets its project (and the object inside it) through these functions, so that
when accounts and roles arrive, the check is added here once. An object of another
project is a 404, never a silent cross-project edit.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from . import models


def get_project(request: HttpRequest, slug: str) -> models.Project:
    return get_object_or_404(models.Project, slug=slug)


def get_entity(project: models.Project, entity_id) -> models.Entity:
    entity = get_object_or_404(models.Entity, project=project, pk=entity_id)
    entity.project = project  # the request's project: read once, at one revision
    return entity


def get_field(project: models.Project, field_id) -> models.Field:
    field = get_object_or_404(
        models.Field.objects.select_related("entity", "enum_type"),
        entity__project=project,
        pk=field_id,
    )
    field.entity.project = project
    return field


def get_relationship(project: models.Project, relationship_id) -> models.Relationship:
    return get_object_or_404(models.Relationship, project=project, pk=relationship_id)


def get_index(project: models.Project, index_id) -> models.Index:
    return get_object_or_404(models.Index, entity__project=project, pk=index_id)


def get_unique(project: models.Project, unique_id) -> models.UniqueConstraint:
    return get_object_or_404(models.UniqueConstraint, entity__project=project, pk=unique_id)


def get_check(project: models.Project, check_id) -> models.CheckConstraint:
    return get_object_or_404(models.CheckConstraint, entity__project=project, pk=check_id)


def get_enum(project: models.Project, enum_id) -> models.EnumType:
    return get_object_or_404(models.EnumType, project=project, pk=enum_id)


def get_version(project: models.Project, name: str) -> models.Version:
    """The project's version ``name``, without its design (read only when it is needed)."""
    version = get_object_or_404(
        models.Version.objects.select_related("author").defer("design"),
        project=project,
        name=name,
    )
    version.project = project
    return version
