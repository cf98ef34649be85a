"""The objects page: what a design holds beside its entities — domains, sequences,
partitions, and the objects kept as SQL text (views, functions, triggers...), each with
its highlighted SQL, what it depends on and reads, and its comment. Those who may edit
add an object (its SQL pasted), change one's SQL and comment, and remove one; every
change is one operation through ``designer.services.edits`` (the views never write).
A refused text is kept as it was typed, with the line and column of the error."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import PostgresLexer

from .. import store
from ..access import EDIT, READ, Access, get_project, shareable
from ..forms import posted
from ..generators.ddl_objects import sequence_options
from ..models import Project
from ..object_forms import DescriptionForm, SqlObjectForm
from ..operations import RemoveSqlObject
from ..operations.objects import (
    columns_of_domain,
    commented_words,
    defaults_using,
    dependents,
    object_words,
)
from ..schema.model import ObjectKind, QName, Schema, SqlObject
from ..schema.sqltext import type_sql
from .changes import apply_form, apply_posted

P = "projects/<slug:slug>/objects/"
PAGE = "designer/objects.html"
_FORMATTER = HtmlFormatter(cssclass="highlight", wrapcode=True)
KIND_HEADINGS = {
    ObjectKind.VIEW: "Views",
    ObjectKind.MATERIALIZED_VIEW: "Materialized views",
    ObjectKind.FUNCTION: "Functions",
    ObjectKind.PROCEDURE: "Procedures",
    ObjectKind.AGGREGATE: "Aggregates",
    ObjectKind.TRIGGER: "Triggers",
    ObjectKind.POLICY: "Policies",
    ObjectKind.RULE: "Rules",
    ObjectKind.TYPE: "Types",
    ObjectKind.COMMENT: "Comments on schemas and extensions",
    ObjectKind.TABLE_OPTION: "Table options",
    ObjectKind.OTHER: "Other objects",
}


def highlighted(sql: str) -> str:
    """The SQL as HTML (Pygments escapes the text)."""
    return mark_safe(highlight(sql, PostgresLexer(), _FORMATTER))


def _words(name: QName) -> str:
    return name.name if name.schema == "public" else str(name)


def _links(schema: Schema, names) -> list[dict]:
    """Names as the page shows them: an entity's links to it in the editor."""
    tables = schema.tables_by_name
    found = []
    for name in dict.fromkeys(names):
        table = tables.get(name)
        found.append({"name": _words(name), "entity_id": table.id if table else None})
    return found


def _object(schema: Schema, item: SqlObject) -> dict:
    reads = [name for name in item.reads if name not in item.depends_on]
    return {
        "item": item,
        "words": object_words(item),
        "html": highlighted(item.sql),
        "depends_on": _links(schema, item.depends_on),
        "reads": _links(schema, reads),
        "columns": item.columns,
        "used_by": [object_words(other) for other in dependents(schema, item)],
    }


def _groups(schema: Schema) -> list[dict]:
    by_kind: dict[ObjectKind, list[dict]] = {}
    for item in schema.sql_objects:
        by_kind.setdefault(item.kind, []).append(_object(schema, item))
    return [
        {"kind": kind.value, "heading": heading, "objects": by_kind[kind]}
        for kind, heading in KIND_HEADINGS.items()
        if kind in by_kind
    ]


def _sequence_options(sequence) -> str:
    return " ".join(sequence_options(sequence)) or "AS bigint"


def _column_links(columns) -> list[dict]:
    return [
        {"name": f"{_words(table.qname)}.{name}", "entity_id": table.id} for table, name in columns
    ]


def _page_context(access: Access, schema: Schema, form: SqlObjectForm | None = None) -> dict:
    project = access.project
    if form is None and access.can_edit:
        form = SqlObjectForm(project=project, auto_id="new-object-%s")
    tables = schema.tables_by_name
    domains = [
        {
            "item": domain,
            "words": commented_words(domain),
            "type": type_sql(domain.type),
            "columns": _column_links(columns_of_domain(schema, domain)),
        }
        for domain in schema.domains
    ]
    sequences = []
    for sequence in schema.sequences:
        owner = None
        if sequence.owned_by is not None:
            table = tables.get(sequence.owned_by[0])
            owner = {
                "name": f"{_words(sequence.owned_by[0])}.{sequence.owned_by[1]}",
                "entity_id": table.id if table else None,
            }
        sequences.append(
            {
                "item": sequence,
                "words": commented_words(sequence),
                "options": _sequence_options(sequence),
                "owner": owner,
                "defaults": _column_links(defaults_using(schema, sequence)),
            }
        )
    partitioned = [
        {"table": table, "partitions": schema.partitions_of(table.qname)}
        for table in schema.tables
        if table.partition_by
    ]
    return {
        "project": project,
        "access": access,
        "domains": domains,
        "sequences": sequences,
        "partitioned": partitioned,
        "groups": _groups(schema),
        "object_count": len(schema.sql_objects),
        "form": form,
    }


@shareable
@require_GET
def objects_page(request: HttpRequest, slug: str) -> HttpResponse:
    project = get_project(request, slug, need=READ)
    schema = store.current_schema(project)
    return render(request, PAGE, _page_context(request.access, schema))


@require_POST
def object_create(request: HttpRequest, slug: str) -> HttpResponse:
    """Add an object from its pasted SQL; a refusal keeps the text, with where."""
    project = get_project(request, slug, need=EDIT)
    form = SqlObjectForm(request.POST, project=project, auto_id="new-object-%s")
    if form.is_valid():
        operations = form.operations()
        applied = apply_form(request, project, form, operations)
        if applied is not None:
            schema = applied.schema
            added = next(o for o in schema.sql_objects if o.id == operations[0].id)
            messages.success(request, f"Added {object_words(added)}.")
            return redirect(_anchor(project, added.id))
    schema = store.current_schema(project)
    context = _page_context(request.access, schema, form)
    context["error_position"] = form.sql_position
    return render(request, PAGE, context, status=409 if form.conflict else 400)


def _anchor(project: Project, identifier: str) -> str:
    return reverse("designer:objects", args=[project.slug]) + f"#object-{identifier}"


def _find(project: Project, object_id) -> tuple[Schema, SqlObject]:
    schema = store.current_schema(project)
    item = next((o for o in schema.sql_objects if o.id == str(object_id)), None)
    if item is None:
        raise Http404("No such object.")
    return schema, item


@require_http_methods(["GET", "POST"])
def object_edit(request: HttpRequest, slug: str, object_id) -> HttpResponse:
    """An object's SQL and comment in a code editor; saved as one change."""
    project = get_project(request, slug, need=EDIT)
    schema, item = _find(project, object_id)
    form = SqlObjectForm(posted(request), project=project, item=item, auto_id="object-%s")
    status = 200
    if request.method == "POST":
        if form.is_valid() and apply_form(request, project, form) is not None:
            messages.success(request, f"Saved {object_words(item)}.")
            return redirect(_anchor(project, item.id))
        status = 409 if form.conflict else 400
    context = {
        "project": project,
        "access": request.access,
        "item": item,
        "words": object_words(item),
        "form": form,
        "error_position": form.sql_position,
        "depends_on": _links(schema, item.depends_on),
    }
    return render(request, PAGE, context, status=status)


@require_POST
def object_delete(request: HttpRequest, slug: str, object_id) -> HttpResponse:
    """Remove an object kept as SQL, a domain or a sequence; a refusal says why."""
    project = get_project(request, slug, need=EDIT)
    schema = store.current_schema(project)
    identifier = str(object_id)
    things = (*schema.sql_objects, *schema.domains, *schema.sequences)
    if not any(item.id == identifier for item in things):
        raise Http404("No such object.")
    operation = RemoveSqlObject(identifier)
    words = operation.describe(schema)
    applied, refusal = apply_posted(request, project, [operation])
    if applied is None:
        messages.error(request, f"Not removed. {refusal}")
        return redirect(_anchor(project, identifier))
    messages.success(request, f"{words}.")
    return redirect("designer:objects", slug=project.slug)


@require_POST
def object_comment(request: HttpRequest, slug: str, object_id) -> HttpResponse:
    """The comment of a domain, a sequence or an object (htmx: the comment's block)."""
    project = get_project(request, slug, need=EDIT)
    identifier = str(object_id)
    form = DescriptionForm(request.POST, project=project, object_id=identifier)
    saved = form.is_valid() and apply_form(request, project, form) is not None
    schema = store.current_schema(project)
    found = next(
        (
            item
            for item in (*schema.sql_objects, *schema.domains, *schema.sequences)
            if item.id == identifier
        ),
        None,
    )
    if found is None:
        raise Http404("No such object.")
    if request.htmx:
        context = {
            "project": project,
            "access": request.access,
            "thing": found,
            "comment_form": form if not saved else None,
            "saved": saved,
        }
        status = 200 if saved else 400
        return render(request, "designer/partials/objects_comment.html", context, status=status)
    if saved:
        messages.success(request, f"Saved the comment of {commented_words(found)}.")
    else:
        errors = [error for errors in form.errors.values() for error in errors]
        messages.error(request, " ".join(["Not saved.", *errors]))
    return redirect(_anchor(project, identifier))


urlpatterns = [
    path(P, objects_page, name="objects"),
    path(f"{P}new/", object_create, name="object_create"),
    path(f"{P}<uuid:object_id>/edit/", object_edit, name="object_edit"),
    path(f"{P}<uuid:object_id>/delete/", object_delete, name="object_delete"),
    path(f"{P}<uuid:object_id>/comment/", object_comment, name="object_comment"),
]
