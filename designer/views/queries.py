"""The Queries tab (the query workbench): the queries the application runs, saved with
the design, each analysed against the design without a database
(``designer.workbench.analysis``) — what it reads of each table, the index that serves
it or the index it needs, with the reason and its SQL — and, for every index, the saved
queries it serves.

Those who may edit add, change and delete queries and add a suggested index with one
click; every change goes through ``designer.services.edits`` (the views never write).
The suggestion is worked out again from the design as it is when the button is pressed:
a page shown before a change may offer an index the query no longer needs, and then
nothing is added and the page says so."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_GET, require_POST

from .. import store
from ..access import EDIT, READ, Access, get_project, shareable
from ..operations import AddIndex, EditProject, Operation, RemoveQuery
from ..operations.constraints import element_data
from ..query_forms import QueryForm
from ..schema.model import QName, SavedQuery, Schema, Table
from ..workbench.analysis import (
    AccessResult,
    QueryAnalysis,
    analyses,
    index_keys,
    index_usage,
)
from .changes import apply_form, apply_posted
from .objects import highlighted

P = "projects/<slug:slug>/queries/"
LIST_PAGE = "designer/queries.html"
QUERY_PAGE = "designer/query.html"


def _words(name: QName) -> str:
    return name.name if name.schema == "public" else str(name)


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _state(analysis: QueryAnalysis | None) -> dict:
    """The one line the list shows for a query: its errors, its suggestions, or served."""
    if analysis is None:
        return {"kind": "unknown", "words": "not analysed"}
    if analysis.errors:
        return {"kind": "errors", "words": _plural(len(analysis.errors), "error", "errors")}
    suggestions = sum(1 for result in analysis.accesses if result.suggestion is not None)
    if suggestions:
        return {
            "kind": "suggestions",
            "words": _plural(suggestions, "suggestion", "suggestions"),
        }
    return {"kind": "served", "words": "served"}


def _queries(schema: Schema) -> list[dict]:
    found = analyses(schema)
    return [{"query": query, "state": _state(found.get(query.id))} for query in schema.queries]


def _usage(schema: Schema) -> list[dict]:
    """Every index of the design (primary keys and unique constraints too), with the
    saved queries it serves, table by table."""
    usage = index_usage(schema)
    return [
        {
            "table": table,
            "table_words": _words(table.qname),
            "key": key,
            "kind": kind,
            "name": name,
            "queries": usage.get(key, ()),
        }
        for table in schema.tables
        for key, kind, name in index_keys(schema, table)
    ]


def _list_context(access: Access, schema: Schema, form: QueryForm | None = None) -> dict:
    project = access.project
    if form is None and access.can_edit:
        form = QueryForm(project=project, auto_id="new-query-%s")
    usage = _usage(schema) if schema.queries else []
    return {
        "project": project,
        "access": access,
        "queries": _queries(schema),
        "usage": usage,
        "unused": sum(1 for row in usage if not row["queries"] and row["kind"] == "index"),
        "form": form,
    }


@shareable
@require_GET
def queries_page(request: HttpRequest, slug: str) -> HttpResponse:
    project = get_project(request, slug, need=READ)
    schema = store.current_schema(project)
    return render(request, LIST_PAGE, _list_context(request.access, schema))


@require_POST
def query_create(request: HttpRequest, slug: str) -> HttpResponse:
    """Add a query; a refusal keeps what was typed, with what is wrong (and where)."""
    project = get_project(request, slug, need=EDIT)
    form = QueryForm(request.POST, project=project, auto_id="new-query-%s")
    if form.is_valid():
        operations = form.operations()
        applied = apply_form(request, project, form, operations)
        if applied is not None:
            messages.success(request, f"Added the query “{form.cleaned_data['name'].strip()}”.")
            return redirect("designer:query", slug=project.slug, query_id=operations[0].id)
    schema = store.current_schema(project)
    context = _list_context(request.access, schema, form)
    context["error_position"] = form.sql_position
    return render(request, LIST_PAGE, context, status=409 if form.conflict else 400)


def _find(schema: Schema, query_id) -> SavedQuery:
    query = next((q for q in schema.queries if q.id == str(query_id)), None)
    if query is None:
        raise Http404("No such query.")
    return query


def _table_link(schema: Schema, name: QName) -> dict:
    table: Table | None = schema.tables_by_name.get(name)
    return {"name": _words(name), "entity_id": table.id if table else None}


def _access(schema: Schema, position: int, result: AccessResult) -> dict:
    access = result.access
    suggestion = result.suggestion
    return {
        "position": position,
        "access": access,
        "table": _table_link(schema, access.table),
        "joins": [
            {"column": mine, "other": _table_link(schema, other), "other_column": theirs}
            for mine, other, theirs in access.join_keys
        ],
        "served_by": result.served_by,
        "suggestion": suggestion,
        "suggestion_html": highlighted(suggestion.sql) if suggestion is not None else "",
        "needs_extension": (
            suggestion is not None
            and suggestion.extension is not None
            and suggestion.extension not in schema.extensions
        ),
    }


def _query_context(
    access: Access, schema: Schema, query: SavedQuery, form: QueryForm | None = None
) -> dict:
    project = access.project
    if form is None and access.can_edit:
        form = QueryForm(project=project, query=query, auto_id="query-%s")
    analysis = analyses(schema).get(query.id)
    return {
        "project": project,
        "access": access,
        "query": query,
        "html": highlighted(query.sql),
        "analysis": analysis,
        "state": _state(analysis),
        "accesses": [
            _access(schema, position, result)
            for position, result in enumerate(analysis.accesses if analysis else ())
        ],
        "findings": [
            {
                "finding": finding,
                "rewrite_html": highlighted(finding.rewrite) if finding.rewrite else "",
            }
            for finding in (analysis.findings if analysis else ())
        ],
        "form": form,
    }


@shareable
@require_GET
def query_page(request: HttpRequest, slug: str, query_id) -> HttpResponse:
    project = get_project(request, slug, need=READ)
    schema = store.current_schema(project)
    query = _find(schema, query_id)
    return render(request, QUERY_PAGE, _query_context(request.access, schema, query))


@require_POST
def query_edit(request: HttpRequest, slug: str, query_id) -> HttpResponse:
    """Save a query's name, SQL, frequency and note as one change."""
    project = get_project(request, slug, need=EDIT)
    query = _find(store.current_schema(project), query_id)
    form = QueryForm(request.POST, project=project, query=query, auto_id="query-%s")
    if form.is_valid() and apply_form(request, project, form) is not None:
        messages.success(request, f"Saved the query “{form.cleaned_data['name'].strip()}”.")
        return redirect("designer:query", slug=project.slug, query_id=query.id)
    schema = store.current_schema(project)
    current = next((q for q in schema.queries if q.id == query.id), query)
    context = _query_context(request.access, schema, current, form)
    context["error_position"] = form.sql_position
    context["editing"] = True
    return render(request, QUERY_PAGE, context, status=409 if form.conflict else 400)


@require_POST
def query_delete(request: HttpRequest, slug: str, query_id) -> HttpResponse:
    project = get_project(request, slug, need=EDIT)
    schema = store.current_schema(project)
    query = _find(schema, query_id)
    operation = RemoveQuery(query.id)
    words = operation.describe(schema)
    applied, refusal = apply_posted(request, project, [operation])
    if applied is None:
        messages.error(request, f"Not deleted. {refusal}")
        return redirect("designer:query", slug=project.slug, query_id=query.id)
    messages.success(request, f"{words}.")
    return redirect("designer:queries", slug=project.slug)


def add_index_operations(schema: Schema, result: AccessResult) -> list[Operation]:
    """The suggested index of ``result`` as the operations of one change: ``AddIndex``
    (with the suggestion's rationale), after the extension it needs, if any."""
    suggestion = result.suggestion
    assert suggestion is not None
    index = suggestion.index
    operations: list[Operation] = []
    if suggestion.extension and suggestion.extension not in schema.extensions:
        operations.append(EditProject({"extensions": (*schema.extensions, suggestion.extension)}))
    operations.append(
        AddIndex(
            suggestion.table_id,
            tuple(element_data(element) for element in index.elements),
            unique=index.unique,
            method=index.method.value,
            where=index.where or "",
            include=tuple(index.include),
            rationale=index.rationale or suggestion.reason,
            name=index.name or "",
            id=index.id,
        )
    )
    return operations


@require_POST
def query_add_index(request: HttpRequest, slug: str, query_id) -> HttpResponse:
    """Add the index the page suggested for one table access of the query (``access``:
    its position), worked out again from the design as it is now."""
    project = get_project(request, slug, need=EDIT)
    schema = store.current_schema(project)
    query = _find(schema, query_id)
    back = reverse("designer:query", args=[project.slug, query.id])
    analysis = analyses(schema).get(query.id)
    try:
        position = int(request.POST.get("access", ""))
    except ValueError:
        position = -1
    results = analysis.accesses if analysis is not None else ()
    result = results[position] if 0 <= position < len(results) else None
    seen = request.POST.get("suggestion", "")
    if result is None or result.suggestion is None or (seen and seen != result.suggestion.sql):
        messages.error(
            request,
            "Nothing was added: the design has changed since the page was shown, and the "
            "query no longer needs that index. Here is the analysis as it is now.",
        )
        return redirect(back)
    operations = add_index_operations(schema, result)
    applied, refusal = apply_posted(request, project, operations)
    if applied is None:
        messages.error(request, f"The index was not added. {refusal}")
        return redirect(back)
    extension = f" (and the {result.suggestion.extension} extension)" if len(operations) > 1 else ""
    messages.success(request, f"Added the index on {_words(result.suggestion.table)}{extension}.")
    return redirect(back)


urlpatterns = [
    path(P, queries_page, name="queries"),
    path(f"{P}new/", query_create, name="query_create"),
    path(f"{P}<uuid:query_id>/", query_page, name="query"),
    path(f"{P}<uuid:query_id>/edit/", query_edit, name="query_edit"),
    path(f"{P}<uuid:query_id>/delete/", query_delete, name="query_delete"),
    path(f"{P}<uuid:query_id>/add-index/", query_add_index, name="query_add_index"),
]
