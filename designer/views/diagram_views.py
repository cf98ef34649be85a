"""Diagram views: the page that lists a project's views and adds, changes and removes them,
and each view's Mermaid download. The editor's diagram draws a view through the erd
view's ``view`` parameter (``designer.schema.diagram_views.subset``)."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .. import store
from ..access import DOWNLOAD, EDIT, READ, get_project, shareable
from ..diagram_view_forms import DiagramViewForm
from ..forms import posted
from ..models import Project
from ..operations import OperationError
from ..schema.diagram_views import find_view, tables_of
from ..schema.model import DiagramView, Schema
from ..services import edits
from ..services.diagram_views import (
    add_view,
    change_view,
    file_name,
    remove_view,
    view_mermaid,
)
from .changes import noted, posted_revision

P = "projects/<slug:slug>/diagram-views/"


def _described(schema: Schema, view: DiagramView) -> dict:
    """A view as the list shows it: what it is, the entities it shows now, and what it
    names that was deleted since."""
    by_id = {table.id: table for table in schema.tables}
    shown = tables_of(schema, view)
    if view.mode == "tables":
        what = "Chosen entities"
        missing = sum(1 for identifier in view.tables if identifier not in by_id)
    elif view.mode == "schemas":
        what = "Every entity in " + ", ".join(view.schemas)
        missing = 0
    else:
        center = by_id.get(view.center)
        steps = f"{view.hops} step{'s' if view.hops > 1 else ''}"
        what = f"{center.name if center else 'A deleted entity'} and its neighbours up to {steps}"
        missing = 0 if center else 1
    return {"view": view, "what": what, "tables": shown, "missing": missing}


def _page(request: HttpRequest, project: Project, form: DiagramViewForm | None = None):
    schema = store.current_schema(project)
    access = request.access
    if form is None and access.can_edit:
        form = DiagramViewForm(project=project, schema=schema, auto_id="new-view-%s")
    context = {
        "project": project,
        "views": [_described(schema, view) for view in schema.diagram_views],
        "form": form,
        "table_count": len(schema.tables),
    }
    return render(request, "designer/diagram_views.html", context)


def _saved(
    request: HttpRequest, project: Project, form: DiagramViewForm, save: Callable
) -> edits.Applied | None:
    """Apply ``save`` (a service call); a refusal or a conflict goes on the form."""
    try:
        return noted(request, save(actor=request.user, base_revision=form.base_revision))
    except edits.Conflict as conflict:
        form.mark_conflict(conflict)
    except OperationError as error:
        form.add_operation_error(error)
    project.refresh_from_db(fields=["revision"])
    form.fields["base_revision"].initial = project.revision
    return None


@shareable
@require_GET
def diagram_views(request: HttpRequest, slug: str) -> HttpResponse:
    """The project's views; the form that adds one, for those who may edit."""
    project = get_project(request, slug, need=READ)
    if request.GET.get("part") == "download":
        return _download_link(request, project)
    return _page(request, project)


def _download_link(request: HttpRequest, project: Project) -> HttpResponse:
    """The editor toolbar's download link for the view chosen there (htmx asks for it
    when the choice changes)."""
    context = {"project": project, "access": request.access}
    return render(request, "designer/partials/diagram_views.html#download", context)


@require_POST
def diagram_view_create(request: HttpRequest, slug: str) -> HttpResponse:
    project = get_project(request, slug, need=EDIT)
    schema = store.current_schema(project)
    form = DiagramViewForm(request.POST, project=project, schema=schema, auto_id="new-view-%s")
    if form.is_valid():
        definition = form.definition()
        if _saved(request, project, form, lambda **how: add_view(project, definition, **how)):
            messages.success(request, f"Added the view {definition.name.strip()}.")
            return redirect("designer:diagram_views", slug=project.slug)
    return _page(request, project, form)


def _view(project: Project, view_id) -> tuple[Schema, DiagramView]:
    schema = store.current_schema(project)
    view = find_view(schema, str(view_id))
    if view is None:
        raise Http404("No such diagram view.")
    return schema, view


@require_http_methods(["GET", "POST"])
def diagram_view_edit(request: HttpRequest, slug: str, view_id) -> HttpResponse:
    project = get_project(request, slug, need=EDIT)
    schema, view = _view(project, view_id)
    auto_id = f"view-{view.id}-%s"
    form = DiagramViewForm(
        posted(request), project=project, schema=schema, view=view, auto_id=auto_id
    )
    if request.method == "POST" and form.is_valid():
        definition = form.definition()
        save = lambda **how: change_view(project, view.id, definition, **how)  # noqa: E731
        if _saved(request, project, form, save):
            messages.success(request, f"Saved the view {definition.name.strip()}.")
            return redirect("designer:diagram_views", slug=project.slug)
    context = {"project": project, "view": view, "form": form}
    return render(request, "designer/diagram_views.html", context)


@require_POST
def diagram_view_delete(request: HttpRequest, slug: str, view_id) -> HttpResponse:
    project = get_project(request, slug, need=EDIT)
    _, view = _view(project, view_id)
    try:
        applied = remove_view(
            project, view.id, actor=request.user, base_revision=posted_revision(request)
        )
    except (edits.Conflict, OperationError) as error:
        messages.error(request, getattr(error, "message", str(error)))
    else:
        noted(request, applied)
        messages.success(request, f"Removed the view {view.name}.")
    return redirect("designer:diagram_views", slug=project.slug)


@shareable
@require_GET
def diagram_view_mermaid(request: HttpRequest, slug: str, view_id) -> HttpResponse:
    """The view's diagram as a Mermaid file, named after the view."""
    project = get_project(request, slug, need=DOWNLOAD)
    found = view_mermaid(project, str(view_id))
    if found is None:
        raise Http404("No such diagram view.")
    view, text = found
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{file_name(view)}"'
    return response


urlpatterns = [
    path(P, diagram_views, name="diagram_views"),
    path(f"{P}new/", diagram_view_create, name="diagram_view_create"),
    path(f"{P}<uuid:view_id>/edit/", diagram_view_edit, name="diagram_view_edit"),
    path(f"{P}<uuid:view_id>/delete/", diagram_view_delete, name="diagram_view_delete"),
    path(f"{P}<uuid:view_id>/erd.mmd", diagram_view_mermaid, name="diagram_view_mermaid"),
]
