"""The editor page and what every editing view shares: its context and its responses.

A change made with htmx re-renders one section of the entity panel (or one field row)
and triggers ``schemaChanged`` on the page, on which the ERD and the previews refresh.
Without JavaScript the same forms post normally: success redirects back to the editor,
an error re-renders the whole page with the form as typed.
"""

from __future__ import annotations

import re
import secrets
import uuid
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.contrib import messages
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_GET
from django_htmx.http import trigger_client_event

from .. import forms, models
from ..access import READ, Access, get_entity, get_project, project_access, shareable
from ..artifact_cache import generated, recorded
from ..generators.ddl import index_key
from ..schema.model import IndexElement, NullsOrder, Schema, Table
from ..schema.sqltext import quote_ident, type_sql
from ..services.comments import open_thread_counts
from ..services.edits import undo_state
from ..store import field_type, schema_cache

PANEL = "designer/partials/entity_panel.html"
# The entity panel's sections that live in a template of their own.
SECTION_TEMPLATES = {
    "indexes_section": "designer/partials/entity_keys.html",
    "constraints_section": "designer/partials/entity_keys.html",
}
MANY_TO_MANY = models.Relationship.Kind.MANY_TO_MANY
FOCUS_THRESHOLD = 30  # above this many entities the ERD opens in focus mode
MAX_QUERY = 100  # characters of the entity filter kept (no name is longer than 63)


@dataclass(frozen=True)
class FieldRow:
    field: models.Field
    type_label: str
    keys: tuple[str, ...]  # "PK", "FK", "UK"
    references: str  # "users.id" for a foreign-key column
    url: str  # the field's own URL; its edit/, move/ and delete/ URLs are below it


# Where a badge of open threads goes in cached HTML (the counts change without a new
# revision, so they are put in after the cache).
_THREAD_MARKER = re.compile(r"<!--threads:([0-9a-f-]{36})-->")


def thread_counts(access: Access | None) -> dict[str, int]:
    """The open threads a member sees on the design's objects (none for a share link:
    its visitors do not see the team's discussion)."""
    if access is None or not access.is_member:
        return {}
    return open_thread_counts(access.project)


def with_thread_badges(html: str, counts: dict[str, int]) -> str:
    """``html`` with each thread marker replaced by a badge of its open threads."""

    def badge(match: re.Match) -> str:
        count = counts.get(match.group(1), 0)
        if not count:
            return ""
        title = f"{count} open comment thread{'s' if count != 1 else ''}"
        return format_html(
            '<span class="thread-badge" title="{}" aria-label="{}">{}</span>', title, title, count
        )

    return _THREAD_MARKER.sub(badge, html)


def fields_url(project: models.Project) -> str:
    """Where the project's fields' URLs start (reversed once for a whole table)."""
    return reverse("designer:project", args=[project.slug]) + "fields/"


def unique_key_field_ids(uniques, indexes) -> set:
    """The fields in a unique key other than the primary key, marked ``UK`` in the
    fields table as in the diagram (``designer.schema.model.Table.unique_keys``: a
    unique constraint, or a unique index without a predicate whose keys are all
    columns; a column's own UNIQUE is the field's ``unique``). Reads what the entity
    panel has prefetched (``constraint_columns``, ``keys``): no query."""
    ids = set()
    for unique in uniques:
        ids |= {item.field_id for item in unique.constraint_columns.all()}
    for index in indexes:
        keys = [key for key in index.keys.all() if not key.included]
        if index.unique and not index.where and keys and all(key.field_id for key in keys):
            ids |= {key.field_id for key in keys}
    return ids


def cached_unique_key_field_ids(entity: models.Entity) -> set:
    """``unique_key_field_ids`` for one row of the fields table without a query: read
    from the design of the project's revision when it is in memory (it is after a
    change), by the same rule on the pure table; empty otherwise (the row then shows
    only the field's own UNIQUE)."""
    schema = schema_cache.get(entity.project_id, entity.project.revision)
    table = next((t for t in schema.tables if t.id == str(entity.id)), None) if schema else None
    if table is None:
        return set()
    primary = set(table.primary_key.columns) if table.primary_key else set()
    names = {name for key in table.unique_keys() for name in key} - primary
    return {uuid.UUID(column.id) for column in table.columns if column.name in names}


def field_row(
    field: models.Field, references: str, base: str, unique_ids: set | frozenset = frozenset()
) -> FieldRow:
    # UK as in the diagram: the column's own UNIQUE, or a unique key it is in
    # (``unique_key_field_ids``).
    unique = field.unique or field.id in unique_ids
    keys = (("PK", field.primary_key), ("FK", bool(references)), ("UK", unique))
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
    unique_ids = cached_unique_key_field_ids(entity)
    return {
        "project": entity.project,
        "entity": entity,
        "row": field_row(field, references, fields_url(entity.project), unique_ids),
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
    unique_ids = unique_key_field_ids(uniques, indexes)
    rows = [field_row(field, references.get(field.id, ""), base, unique_ids) for field in fields]
    project = entity.project
    for relationship in relationships:
        relationship.edit_form = forms.RelationshipEditForm(
            instance=relationship, project=project, auto_id=f"rel-{relationship.id}-%s"
        )
    foreign_keys = [r for r in relationships if r.kind != MANY_TO_MANY]
    context = {
        "project": project,
        "entity": entity,
        **partitioning(entity),
        "reading_objects": objects_reading(entity),
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


def _list_items(schema: Schema, query: str) -> tuple[Table, ...]:
    if not query:
        return schema.tables
    wanted = query.casefold()
    return tuple(table for table in schema.tables if wanted in table.name.casefold())


class EntityList:
    """The sidebar's entity list, made once per revision, filter and project URL
    (``designer.artifact_cache``: the same HTML for every request until the design
    changes); the open entity's link is then marked."""

    TEMPLATE = "designer/partials/entity_list.html"

    def __init__(
        self,
        project: models.Project,
        query: str,
        current: Any,
        counts: dict[str, int] | None = None,
    ) -> None:
        self.project = project
        self.query = query[:MAX_QUERY]
        self.current = _entity_id(current)
        self.counts = counts or {}

    def _render(self, schema: Schema, url: str) -> tuple[str, int]:
        context = {
            "items": _list_items(schema, self.query),
            "entity_count": len(schema.tables),
            "query": self.query,
            "entities_url": url,  # the list's own URL, and where the entities' URLs start
        }
        return render_to_string(self.TEMPLATE, context), len(schema.tables)

    @cached_property
    def entities_url(self) -> str:
        """Where the entities' URLs start (reversed once for the whole list)."""
        return reverse("designer:entity_list", args=[self.project.slug])

    @cached_property
    def _made(self) -> tuple[str, int]:
        url = self.entities_url
        return generated(
            self.project, "entity-list", lambda schema: self._render(schema, url), self.query, url
        )

    @property
    def count(self) -> int:
        """How many entities the project has (whatever the filter)."""
        return self._made[1]

    @property
    def large(self) -> bool:
        """Whether the diagram opens in focus mode."""
        return self.count > FOCUS_THRESHOLD

    def __html__(self) -> SafeString:
        html = with_thread_badges(self._made[0], self.counts)  # made by the template engine
        if self.current is not None:
            marker = f'<a href="{self.entities_url}{self.current}/"'
            html = html.replace(marker, f'{marker} aria-current="true" class="current"', 1)
        return mark_safe(html)

    __str__ = __html__


def _entity_id(value: Any) -> str | None:
    """``value`` as an entity id, when it is one."""
    try:
        return str(value if isinstance(value, uuid.UUID) else uuid.UUID(str(value)))
    except ValueError:
        return None


# A random stand-in for the CSRF token in cached HTML, replaced by each request's own token.
_CSRF_STAND_IN = secrets.token_hex(20)
# What the sidebar's forms need: with only these overridden, the entity panel is as first
# shown, and comes from the cache.
SIDEBAR = frozenset(
    {"new_entity_form", "enum_form", "enum_message", "editing_enum", "edit_enum_form"}
)


def _controls(access: Access | None) -> tuple[bool, bool]:
    """What changes the entity panel's HTML between roles: editing, and commenting."""
    if access is None:
        return False, False
    return access.can_edit, access.can_comment and access.is_member


def partitioning(entity: models.Entity) -> dict:
    """A partition's parent, or a partitioned table's partitions (a query only for them)."""
    if entity.partition_parent:
        parent = models.Entity.objects.filter(pk=entity.partition_parent).first()
        return {"partition_parent": parent}
    if entity.partition_by:
        partitions = models.Entity.objects.filter(partition_parent=entity.pk).order_by("position")
        return {"partitions": list(partitions)}
    return {}


def objects_reading(entity: models.Entity) -> list[dict]:
    """The objects kept as SQL text (views, functions, triggers...) that read the entity's
    table, from the project's row (no query)."""
    name = {"schema": entity.schema_name, "name": entity.name}
    return [
        item
        for item in entity.project.sql_objects or ()
        if name in item.get("reads", ()) or name in item.get("depends_on", ())
    ]


def panel_html(
    request: HttpRequest, entity: models.Entity, counts: dict[str, int] | None = None
) -> SafeString:
    """The entity panel as first shown (no form open, nothing typed), made once per
    revision, entity and kind of role (``designer.artifact_cache``), with the request's
    CSRF token and the open threads' badges."""
    project = entity.project
    access = getattr(request, "access", None)
    can_edit, can_comment = _controls(access)

    def make() -> str:
        context = {
            **entity_context(entity),
            "csrf_token": _CSRF_STAND_IN,
            "access": {"can_edit": can_edit, "can_comment": can_comment},
        }
        return render_to_string(f"{PANEL}#entity_panel", context)

    html = recorded(
        project, "entity-panel", make, str(entity.id), project.slug, can_edit, can_comment
    )
    if counts is None:
        counts = thread_counts(access)
    html = with_thread_badges(html, counts)
    return mark_safe(html.replace(_CSRF_STAND_IN, get_token(request)))


def page_context(
    request: HttpRequest, project: models.Project, entity: models.Entity | None, **overrides
) -> dict:
    query = request.GET.get("q", "").strip()
    access = getattr(request, "access", None)
    # Undo and Redo are shown only to those who may edit: the others are spared the queries.
    undo, redo = undo_state(project) if access is None or access.can_edit else (None, None)
    counts = thread_counts(access)
    current = entity.id if entity else request.GET.get("entity")
    entity_list = EntityList(project, query, current, counts)
    context = {
        "undo": undo,
        "redo": redo,
        "project": project,
        "entity": entity,
        "entity_list": entity_list,
        "query": query,
        "enum_types": project.enum_types.all(),
        "new_entity_form": forms.NewEntityForm(project=project, auto_id="new-entity-%s"),
        "enum_form": forms.EnumTypeForm(project=project, auto_id="new-enum-%s"),
        "focus_threshold": FOCUS_THRESHOLD,
        "thread_counts": counts,
    }
    if entity is not None and set(overrides) <= SIDEBAR:
        context["entity_panel"] = panel_html(request, entity, counts)
    elif entity is not None:
        context.update(entity_context(entity))
    context.update(overrides)
    return context


@shareable
@require_GET
def editor(request: HttpRequest, slug: str, entity_id=None) -> HttpResponse:
    """The editor page, with one entity open (the first one when none is asked for)."""
    project = get_project(request, slug, need=READ)
    if entity_id is not None:
        entity = get_entity(project, entity_id)
    else:
        entity = project.entities.order_by("position", "schema_name", "name").first()
    if request.htmx and request.htmx.target == "entity-panel" and entity is not None:
        response = HttpResponse(panel_html(request, entity))
        # After the swap, so that listeners read the new #current-entity.
        return trigger_client_event(
            response, "entitySelected", {"id": str(entity.id)}, after="settle"
        )
    return render_editor(request, page_context(request, project, entity))


def render_editor(request: HttpRequest, context: dict) -> HttpResponse:
    """The editor page, with the open threads' badges on what was not made from the cache
    (an entity panel with a form bound)."""
    response = render(request, "designer/editor.html", context)
    if context.get("thread_counts") and "entity_panel" not in context:
        html = with_thread_badges(response.content.decode(), context["thread_counts"])
        response.content = html
    return response


@shareable
@require_GET
def entity_list(request: HttpRequest, slug: str) -> HttpResponse:
    """The sidebar's entity list, filtered by ``q`` (live search)."""
    access = project_access(request, slug, need=READ)
    query = request.GET.get("q", "").strip()
    entities = EntityList(access.project, query, request.GET.get("entity"), thread_counts(access))
    return HttpResponse(entities.__html__())


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
        template = SECTION_TEMPLATES.get(name, PANEL)
        response = render(request, f"{template}#{name}", entity_context(entity, **overrides))
        counts = thread_counts(getattr(request, "access", None))
        response.content = with_thread_badges(response.content.decode(), counts)
    else:
        context = page_context(request, entity.project, entity, **overrides)
        response = render_editor(request, context)
    return trigger_client_event(response, "schemaChanged") if changed else response


def done(request: HttpRequest, entity: models.Entity, name: str, message: str) -> HttpResponse:
    """After a successful change: the changed section (htmx) or back to the editor."""
    if request.htmx:
        return section(request, entity, name, changed=True)
    messages.success(request, message)
    return redirect(entity_url(entity.project, entity))


def whole_page(request: HttpRequest, project: models.Project, entity, **overrides) -> HttpResponse:
    """The editor page with some forms bound (used on errors without JavaScript)."""
    return render_editor(request, page_context(request, project, entity, **overrides))
