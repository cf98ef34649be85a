"""The history of a project: the change log, undo and redo, "restore this state", and
what an open editor polls to notice other people's changes."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect, trigger_client_event

from ..access import EDIT, READ, get_project, project_access, shareable
from ..models import Change, Entity, Project
from ..operations import OperationError
from ..redirects import back_to
from ..services import edits, presence
from .changes import noted
from .editor import PANEL, entity_context, entity_url

HISTORY = "designer/history.html"
PER_PAGE = 25


def _page(request: HttpRequest, project: Project):
    changes = (
        Change.objects.filter(project=project)
        .select_related("actor")
        .defer("patch", "operations", "touched")  # what a change did: not shown here
        .order_by("-revision")
    )
    return Paginator(changes, PER_PAGE).get_page(request.GET.get("page"))


@require_GET
def history(request: HttpRequest, slug: str) -> HttpResponse:
    """The changes, newest first: the side panel's partial for htmx, a page otherwise."""
    project = get_project(request, slug, need=READ)
    context = {"project": project, "page": _page(request, project)}
    if request.htmx:
        return render(request, f"{HISTORY}#history_panel", context)
    return render(request, HISTORY, context)


@require_GET
def undo_bar(request: HttpRequest, slug: str) -> HttpResponse:
    """The Undo and Redo buttons, saying what they would do."""
    project = get_project(request, slug, need=READ)
    undo, redo = edits.undo_state(project)
    context = {"project": project, "undo": undo, "redo": redo}
    return render(request, "designer/editor.html#undo_bar", context)


def _expected(request: HttpRequest) -> int | None:
    try:
        return int(request.POST.get("expected", ""))
    except ValueError:
        return None


def _open_entity(project: Project, request: HttpRequest) -> Entity | None:
    """The entity open in the editor that posted, if it still exists."""
    try:
        entity_id = uuid.UUID(request.POST.get("entity") or "")
    except ValueError:
        return None
    return Entity.objects.filter(project=project, pk=entity_id).first()


def _stepped(request: HttpRequest, slug: str, step) -> HttpResponse:
    project = get_project(request, slug, need=EDIT)
    try:
        applied = step(project, actor=request.user, expected=_expected(request))
    except (edits.Conflict, OperationError) as error:
        message = getattr(error, "message", str(error))
        if request.htmx:
            response = HttpResponse(status=204)
            return trigger_client_event(response, "designProblem", {"message": message})
        messages.error(request, message)
        return back_to(request, project.get_absolute_url())
    noted(request, applied)
    entity = _open_entity(project, request)
    if not request.htmx:
        messages.success(request, f"{applied.summary}.")
        return redirect(entity_url(project, entity))
    if entity is None:
        response = HttpResponseClientRedirect(entity_url(project, None))
    else:
        entity.project = project
        response = render(request, f"{PANEL}#entity_panel", entity_context(entity))
    trigger_client_event(response, "designNotice", {"message": f"{applied.summary}."})
    trigger_client_event(response, "entityRenamed")
    return trigger_client_event(response, "schemaChanged")


@require_POST
def undo(request: HttpRequest, slug: str) -> HttpResponse:
    return _stepped(request, slug, edits.undo)


@require_POST
def redo(request: HttpRequest, slug: str) -> HttpResponse:
    return _stepped(request, slug, edits.redo)


@require_POST
def restore(request: HttpRequest, slug: str, revision: int) -> HttpResponse:
    """Make the design what it was at ``revision``, as a new change."""
    project = get_project(request, slug, need=EDIT)
    try:
        applied = edits.restore(project, revision, actor=request.user)
    except OperationError as error:
        messages.error(request, error.message)
        return redirect("designer:history", slug=project.slug)
    if applied.change is None:
        messages.info(request, f"The design is already as it was at revision {revision}.")
    else:
        messages.success(request, f"Restored the state of revision {revision}.")
    url = reverse("designer:project", args=[project.slug])
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


@shareable
@require_GET
def revision(request: HttpRequest, slug: str) -> JsonResponse:
    """What an open editor polls: the latest revision and the changes since ``since``
    (newest last), each saying whether it touched the open ``entity``; and who else has
    the project open (``present``), for a signed-in member, whose own presence the poll
    notes (a share link's visitor is neither shown nor told)."""
    access = project_access(request, slug, need=READ)
    project = access.project
    try:
        since = int(request.GET.get("since", ""))
    except ValueError:
        since = project.revision
    entity = request.GET.get("entity", "")
    changes = list(
        Change.objects.filter(project=project, revision__gt=since)
        .order_by("-revision")
        .values_list("revision", "summary", "touched")[:50]
    )
    keys = {entity, f"{entity}/"} if entity else set()
    present = [] if access.via_share else presence.seen(project, access.user, entity)
    return JsonResponse(
        {
            "revision": project.revision,
            "changes": [
                {"revision": number, "summary": summary, "entity": bool(keys & set(touched))}
                for number, summary, touched in reversed(changes)
            ],
            "present": [person.as_json() for person in present],
        }
    )
