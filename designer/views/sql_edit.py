"""“Edit as SQL”: the whole design, or one entity, as DDL in a code editor.

GET shows the text (read-only for those who cannot edit). POST ``action=preview`` reads
the text and shows what applying it would change (``designer.services.sql_edit.plan``);
POST ``action=apply`` applies it as one change and goes back to the design editor. The
text is kept on every refusal: a syntax error (with its line and column), a text the
design cannot take, or a design changed meanwhile by someone else (a conflict). Apply
applies only the text that was previewed: a text edited after its preview is previewed
again first.
"""

from __future__ import annotations

import hashlib

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_http_methods

from .. import store
from ..access import EDIT, READ, Access, get_entity, project_access
from ..models import Project
from ..operations import OperationError
from ..services import edits, sql_edit
from .changes import noted, posted_revision

TEMPLATE = "designer/sql_edit.html"
PREVIEW, APPLY = "preview", "apply"


@require_http_methods(["GET", "POST"])
def sql_edit_page(request: HttpRequest, slug: str, entity_id=None) -> HttpResponse:
    """The SQL editor of the design (``entity_id`` None) or of one entity."""
    need = EDIT if request.method == "POST" else READ
    access = project_access(request, slug, need=need)
    project = access.project
    table_id = str(get_entity(project, entity_id).id) if entity_id is not None else None
    if request.method == "GET":
        schema = store.current_schema(project)
        table = _table(schema, table_id)
        context = _context(access, table_id, table, sql_edit.text_for(schema, table))
        return render(request, TEMPLATE, context)
    return _posted(request, access, table_id)


def _posted(request: HttpRequest, access: Access, table_id: str | None) -> HttpResponse:
    project = access.project
    text = _normal_newlines(request.POST.get("sql", ""))
    action = request.POST.get("action", PREVIEW)
    base = posted_revision(request)
    try:
        plan = sql_edit.plan(project, text, table_id)
    except sql_edit.SqlEditError as error:
        return _refused(request, access, table_id, text, base, error, status=400)
    if action != APPLY or request.POST.get("previewed") != digest(text):
        context = _context(access, table_id, _table(plan.current, table_id), text, base=base)
        context.update(_preview(plan))
        if action == APPLY:  # edited after its preview: shown again, not applied
            context["notice"] = "The text changed since its preview: check the changes, then apply."
        return render(request, TEMPLATE, context)
    try:
        applied = sql_edit.apply(project, plan, actor=request.user, base_revision=base)
    except edits.Conflict as conflict:
        return _refused(request, access, table_id, text, base, conflict, status=409)
    except OperationError as error:
        return _refused(request, access, table_id, text, base, error, status=400)
    noted(request, applied)
    messages.success(request, sql_edit.applied_message(applied, plan))
    return redirect(_editor_url(project, table_id))


def _refused(request, access, table_id, text, base, error, *, status: int) -> HttpResponse:
    """The page again with the text as it was posted, and why it was not applied."""
    project = access.project
    schema = store.current_schema(project)
    table = _table(schema, table_id)
    if table_id is not None and table is None:
        messages.error(request, "This entity no longer exists: someone deleted it.")
        return redirect(reverse("designer:project", args=[project.slug]))
    context = _context(access, table_id, table, text, base=base)
    context["error"] = getattr(error, "message", None) or str(error)
    context["error_position"] = getattr(error, "position", "")
    context["conflict"] = isinstance(error, edits.Conflict)
    return render(request, TEMPLATE, context, status=status)


def _context(access: Access, table_id, table, text: str, *, base: int | None = None) -> dict:
    project = access.project
    return {
        "project": project,
        "access": access,
        "table": table,
        "table_id": table_id or "",
        "sql": text,
        # A refused text keeps the revision it was written on (a conflict stays one
        # until the page is reloaded); a fresh page, the design's.
        "base_revision": project.revision if base is None else base,
        "action_url": _url(project, table_id),
        "editor_url": _editor_url(project, table_id),
        "whole_url": reverse("designer:sql_edit", args=[project.slug]),
    }


def _preview(plan: sql_edit.Plan) -> dict:
    return {
        "previewed": digest(plan.text),
        "groups": change_groups(plan),
        "change_count": len(plan.changes),
        "notes": plan.notes,
        "nothing": plan.empty,
        "only_settings": not plan.changes and not plan.empty,
    }


def change_groups(plan: sql_edit.Plan) -> list[dict]:
    """The changes by table, as sentences (enum types and the project first)."""
    old = {table.id: table for table in plan.current.tables}
    new = {table.id: table for table in plan.new.tables}
    groups = []
    for table_id, changes in plan.diff.by_table().items():
        if table_id is None:
            name, status = "Types and settings", "changed"
        elif table_id not in old:
            name, status = str(new[table_id].qname), "added"
        elif table_id not in new:
            name, status = str(old[table_id].qname), "removed"
        else:
            name, status = str(new[table_id].qname), "changed"
        groups.append(
            {
                "name": name,
                "status": status,
                "table": table_id is not None,
                "changes": [
                    {
                        "sentence": change.describe(),
                        "rename": change.is_rename,
                        "destructive": change.destructive,
                    }
                    for change in changes
                ],
            }
        )
    return groups


def digest(text: str) -> str:
    """What the Apply button carries of the previewed text."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _normal_newlines(text: str) -> str:
    """A browser posts a textarea's lines with CRLF: the editor's line numbers are LF's."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _table(schema, table_id):
    if table_id is None:
        return None
    return next((t for t in schema.tables if t.id == table_id), None)


def _url(project: Project, table_id: str | None) -> str:
    if table_id is None:
        return reverse("designer:sql_edit", args=[project.slug])
    return reverse("designer:sql_edit", args=[project.slug, table_id])


def _editor_url(project: Project, table_id: str | None) -> str:
    if table_id is None:
        return reverse("designer:project", args=[project.slug])
    return reverse("designer:entity", args=[project.slug, table_id])


P = "projects/<slug:slug>/"

urlpatterns = [
    path(f"{P}sql/", sql_edit_page, name="sql_edit"),
    path(f"{P}entities/<uuid:entity_id>/sql/", sql_edit_page, name="sql_edit"),
]
