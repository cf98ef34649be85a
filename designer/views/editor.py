"""The editor page and what every editing view shares: its context and its responses.

A change made with htmx re-renders one section of the entity panel (or one field row)
and triggers ``schemaChanged`` on the page, on which the ERD and the previews refresh.
Without JavaScript the same forms post normally: success redirects back to the editor,
an error re-renders the whole page with the form as typed.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django_htmx.http import trigger_client_event

from .. import forms, models
from ..access import get_entity, get_project
from ..generators.ddl import index_key
from ..schema.model import IndexElement, NullsOrder
from ..schema.sqltext import quote_ident, type_sql
from ..services.edits import undo_state
from ..store import field_type

PANEL = "designer/partials/entity_panel.html"
MANY_TO_MANY = models.Relationship.Kind.MANY_TO_MANY
FOCUS_THRESHOLD = 30  # above this many entities the ERD opens in focus mode


@dataclass(frozen=True)
class FieldRow:
    field: models.Field
    type_label: str
    keys: tuple[str, ...]  # "PK", "FK", "UQ"
    references: str  # "users.id" for a foreign-key column
    url: str  # the field's own URL; its edit/, move/ and delete/ URLs are below it


def fields_url(project: models.Project) -> str:
    """Where the project's fields' URLs start (reversed once for a whole table)."""
    return reverse("designer:project", args=[project.slug]) + "fields/"


def field_row(field: models.Field, references: str, base: str) -> FieldRow:
    keys = (("PK", field.primary_key), ("FK", bool(references)), ("UQ", field.unique))
    return FieldRow(
        field=field,
        type_label=type_sql(field_type(field)),
        keys=tuple(label for label, present in keys if present),
        references=references,
        url=f"{base}{field.id}/",
    )


def row_context(field: models.Field, **extra) -> dict:
    """What one row of the fields table needs, without the rest of the entity panel."""
    pair = (
        models.RelationshipColumn.objects.filter(from_field=field)
        .select_related("to_field__entity")
        .first()
    )
    references = f"{pair.to_field.entity.name}.{pair.to_field.name}" if pair else ""
    entity = field.entity
    return {
        "project": entity.project,
        "entity": entity,
        "row": field_row(field, references, fields_url(entity.project)),
        **extra,
    }


def entity_url(project: models.Project, entity: models.Entity | None) -> str:
    if entity is None:
        return reverse("designer:project", args=[project.slug])
    return reverse("designer:entity", args=[project.slug, entity.id])


def _relationships(entity: models.Entity):
    relationships = list(
        models.Relationship.objects.filter(
            Q(from_entity=entity) | Q(to_entity=entity) | Q(junction=entity)
        ).select_related("from_entity", "to_entity", "junction")
    )
    pairs = models.RelationshipColumn.objects.filter(relationship__in=relationships).select_related(
        "from_field", "to_field"
    )
    by_relationship: dict = {}
    for pair in pairs:
        by_relationship.setdefault(pair.relationship_id, []).append(pair)
    for relationship in relationships:
        relationship.pairs = by_relationship.get(relationship.id, [])
        relationship.from_columns = ", ".join(p.from_field.name for p in relationship.pairs)
        relationship.to_columns = ", ".join(p.to_field.name for p in relationship.pairs)
    return relationships


def describe_index(index: models.Index) -> str:
    """The index as the SQL it stands for, without its name: ``UNIQUE (a, b DESC)``."""
    keys, included = [], []
    for key in index.keys.all():
        if key.included:
            included.append(quote_ident(key.field.name))
            continue
        element = IndexElement(
            column=key.field.name if key.field_id else None,
            expression=None if key.field_id else key.expression,
            descending=key.descending,
            nulls=NullsOrder(key.nulls),
            opclass=key.opclass or None,
        )
        keys.append(index_key(element))
    text = "UNIQUE " if index.unique else ""
    text += f"USING {index.method} " if index.method != "btree" else ""
    text += f"({', '.join(keys)})"
    text += f" INCLUDE ({', '.join(included)})" if included else ""
    return text + (f" WHERE {index.where}" if index.where else "")


def entity_context(entity: models.Entity, **overrides) -> dict:
    """Everything the entity panel shows, in a fixed number of queries."""
    fields = list(entity.fields.select_related("enum_type"))
    relationships = _relationships(entity)
    references = {
        pair.from_field_id: f"{relationship.to_entity.name}.{pair.to_field.name}"
        for relationship in relationships
        if relationship.from_entity_id == entity.id
        for pair in relationship.pairs
    }
    base = fields_url(entity.project)
    rows = [field_row(field, references.get(field.id, ""), base) for field in fields]
    indexes = list(entity.indexes.prefetch_related("keys__field"))
    for index in indexes:
        index.display = describe_index(index)
    uniques = list(entity.unique_constraints.prefetch_related("constraint_columns__field"))
    for unique in uniques:
        columns = ", ".join(
            quote_ident(item.field.name) for item in unique.constraint_columns.all()
        )
        distinct = " NULLS NOT DISTINCT" if unique.nulls_not_distinct else ""
        unique.display = f"UNIQUE{distinct} ({columns})"
    project = entity.project
    for relationship in relationships:
        relationship.edit_form = forms.RelationshipEditForm(
            instance=relationship, project=project, auto_id=f"rel-{relationship.id}-%s"
        )
    foreign_keys = [r for r in relationships if r.kind != MANY_TO_MANY]
    context = {
        "project": project,
        "entity": entity,
        "rows": rows,
        "outgoing": [r for r in foreign_keys if r.from_entity_id == entity.id],
        "incoming": [
            r for r in foreign_keys if r.to_entity_id == entity.id and r.from_entity_id != entity.id
        ],
        "many_to_many": [r for r in relationships if r.kind == MANY_TO_MANY],
        "indexes": indexes,
        "uniques": uniques,
        "checks": list(entity.check_constraints.all()),
        "entity_form": forms.EntityForm(instance=entity, project=project, auto_id="entity-%s"),
        "field_form": forms.FieldForm(entity=entity, auto_id="new-field-%s"),
        "relationship_form": forms.RelationshipForm(
            entity=entity, fields=fields, auto_id="new-rel-%s"
        ),
        "index_form": forms.IndexForm(entity=entity, auto_id="new-index-%s"),
        "unique_form": forms.UniqueConstraintForm(entity=entity, auto_id="new-unique-%s"),
        "check_form": forms.CheckConstraintForm(entity=entity, auto_id="new-check-%s"),
    }
    context.update(overrides)
    if overrides.get("focus_new"):
        # Adding several fields in a row: the form stays open, ready for the next one.
        context["field_form"].fields["name"].widget.attrs["autofocus"] = True
    return context


def page_context(
    request: HttpRequest, project: models.Project, entity: models.Entity | None, **overrides
) -> dict:
    query = request.GET.get("q", "").strip()
    entities = project.entities.annotate(field_count=Count("fields")).order_by(
        "position", "schema_name", "name"
    )
    if query:
        entities = entities.filter(name__icontains=query)
    entity_count = project.entities.count()
    undo, redo = undo_state(project)
    context = {
        "undo": undo,
        "redo": redo,
        "project": project,
        "entity": entity,
        "entities": entities,
        "entity_count": entity_count,
        # Built once here: reversing a URL per entity is the slowest part of a long list.
        "entities_url": reverse("designer:project", args=[project.slug]) + "entities/",
        "query": query,
        "enum_types": project.enum_types.all(),
        "new_entity_form": forms.NewEntityForm(project=project, auto_id="new-entity-%s"),
        "enum_form": forms.EnumTypeForm(project=project, auto_id="new-enum-%s"),
        "focus_default": entity_count > FOCUS_THRESHOLD,
        "focus_threshold": FOCUS_THRESHOLD,
    }
    if entity is not None:
        context.update(entity_context(entity))
    context.update(overrides)
    return context


def editor(request: HttpRequest, slug: str, entity_id=None) -> HttpResponse:
    """The editor page, with one entity open (the first one when none is asked for)."""
    project = get_project(request, slug)
    if entity_id is not None:
        entity = get_entity(project, entity_id)
    else:
        entity = project.entities.order_by("position", "schema_name", "name").first()
    if request.htmx and request.htmx.target == "entity-panel" and entity is not None:
        response = render(request, f"{PANEL}#entity_panel", entity_context(entity))
        # After the swap, so that listeners read the new #current-entity.
        return trigger_client_event(
            response, "entitySelected", {"id": str(entity.id)}, after="settle"
        )
    return render(request, "designer/editor.html", page_context(request, project, entity))


def entity_list(request: HttpRequest, slug: str) -> HttpResponse:
    """The sidebar's entity list, filtered by ``q`` (live search)."""
    project = get_project(request, slug)
    current = request.GET.get("entity")
    context = page_context(request, project, None)
    context["current_id"] = current
    return render(request, "designer/editor.html#entity_list", context)


def section(
    request: HttpRequest,
    entity: models.Entity,
    name: str,
    *,
    changed: bool = False,
    **overrides,
) -> HttpResponse:
    """One section of the entity panel for htmx, or the whole page (a form with errors)."""
    if request.htmx:
        response = render(request, f"{PANEL}#{name}", entity_context(entity, **overrides))
    else:
        context = page_context(request, entity.project, entity, **overrides)
        response = render(request, "designer/editor.html", context)
    return trigger_client_event(response, "schemaChanged") if changed else response


def done(request: HttpRequest, entity: models.Entity, name: str, message: str) -> HttpResponse:
    """After a successful change: the changed section (htmx) or back to the editor."""
    if request.htmx:
        return section(request, entity, name, changed=True)
    messages.success(request, message)
    return redirect(entity_url(entity.project, entity))


def whole_page(request: HttpRequest, project: models.Project, entity, **overrides) -> HttpResponse:
    """The editor page with some forms bound (used on errors without JavaScript)."""
    return render(
        request, "designer/editor.html", page_context(request, project, entity, **overrides)
    )
