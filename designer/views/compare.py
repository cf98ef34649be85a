"""The diff page: two designs of a project side by side — what changed, table by table,
the diagram with the changed entities marked, the migration with its warnings, the design
review's delta — and the migration's downloads (SQL or an Alembic revision, up or down).
The same page compares a live database with the design (drift).

The two ends are ``?from=`` and ``?to=``: a version's name or ``working`` (the design
now); the page opens on the last version → the working copy. A download whose steps can
lose data is refused until the user says so (``acknowledge``): the page's form asks.
"""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from ..access import DOWNLOAD, LIVE_IMPORT, READ, get_project
from ..forms import DriftForm, posted
from ..generators import mermaid
from ..generators.migration_sql import DOWN, UP, MigrationError
from ..importers.summary import ImportFailure
from ..models import ImportDraft, Project, Version
from ..schema.design_file import DesignFileError, load
from ..schema.diff import Change, Kind
from ..schema.model import QName, Schema
from ..services.imports import read_import, session_key, stage_import
from ..services.migrations import (
    DIRECTIONS,
    FORMATS,
    WORKING,
    CompareError,
    Comparison,
    compare,
    drift,
)
from ..services.proposals import change_anchor, change_key
from .document import PART_CHARACTERS

ADDED, REMOVED, CHANGED = "added", "removed", "changed"


@require_GET
def compare_page(request: HttpRequest, slug: str) -> HttpResponse:
    """Two designs of the project compared (``?from=v1&to=working``)."""
    project = get_project(request, slug, need=READ)
    names = _version_names(project)  # newest first: the default end is the first
    old = request.GET.get("from") or (names[0] if names else "")
    new = request.GET.get("to") or WORKING
    context = {"project": project, "names": names, "old": old, "new": new, "working": WORKING}
    if not old:
        return render(request, "designer/compare.html", context)
    literal = request.GET.getlist("literal")
    try:
        comparison = compare(project, old, new, literal)
    except CompareError as error:
        messages.error(request, error.message)
        context["old"] = ""
        return render(request, "designer/compare.html", context)
    query = {"from": old, "to": new, "literal": literal}
    download = reverse("designer:compare_migration", args=[slug])
    download += "?" + urlencode(query, doseq=True)
    return render(
        request, "designer/compare.html", {**context, **shown(comparison, download, query)}
    )


@require_GET
def compare_migration(request: HttpRequest, slug: str) -> HttpResponse:
    """The migration between two designs as a file: ``direction`` up or down, ``format``
    sql or alembic; refused while its destructive steps are not acknowledged."""
    project = get_project(request, slug, need=DOWNLOAD)
    old, new = request.GET.get("from", ""), request.GET.get("to") or WORKING
    literal = request.GET.getlist("literal")
    query = urlencode({"from": old, "to": new, "literal": literal}, doseq=True)
    back = reverse("designer:compare", args=[slug]) + "?" + query
    try:
        comparison = compare(project, old, new, literal)
    except CompareError as error:
        messages.error(request, error.message)
        return redirect(back)
    return _download(request, comparison, back)


@require_http_methods(["GET", "POST"])
def drift_start(request: HttpRequest, slug: str) -> HttpResponse:
    """Read a live database (as the Import page does) to compare it with the design."""
    project = get_project(request, slug, need=LIVE_IMPORT)
    form = DriftForm(posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = read_import(fmt="live", url=data["url"], schemas=data["schemas"])
        except ImportFailure as error:
            form.add_error("url", str(error))
        else:
            draft = stage_import(
                result,
                session=session_key(request),
                source=f"the live database ({', '.join(data['schemas'])})",
                name=project.name,
                replace=project,
                ids_from_file=False,
            )
            return redirect("designer:drift", slug=project.slug, draft_id=draft.id)
    return render(request, "designer/drift_start.html", {"project": project, "form": form})


@require_GET
def drift_page(request: HttpRequest, slug: str, draft_id) -> HttpResponse:
    """The migration that brings the database read for ``draft_id`` to the design, with
    the renames it proposes (accepted with ``?rename=TOKEN``)."""
    project = get_project(request, slug, need=LIVE_IMPORT)
    comparison = _drift(request, project, draft_id)
    if isinstance(comparison, HttpResponse):
        return comparison
    query = {"rename": [rename.token for rename in comparison.accepted]}
    url = reverse("designer:drift_migration", args=[slug, draft_id])
    download = url + "?" + urlencode(query, doseq=True)
    context = {
        "project": project,
        "draft_id": draft_id,
        "drift": True,
        **shown(comparison, download, query),
    }
    return render(request, "designer/compare.html", context)


@require_GET
def drift_migration(request: HttpRequest, slug: str, draft_id) -> HttpResponse:
    project = get_project(request, slug, need=LIVE_IMPORT)
    comparison = _drift(request, project, draft_id)
    if isinstance(comparison, HttpResponse):
        return comparison
    query = urlencode({"rename": [r.token for r in comparison.accepted]}, doseq=True)
    back = reverse("designer:drift", args=[slug, draft_id]) + "?" + query
    return _download(request, comparison, back)


# --- shared -------------------------------------------------------------------------------


def _drift(request: HttpRequest, project: Project, draft_id) -> Comparison | HttpResponse:
    draft = get_object_or_404(
        ImportDraft.objects.only("id", "design", "source"),
        pk=draft_id,
        session_key=session_key(request),
        replace=project,
    )
    start = reverse("designer:drift_start", args=[project.slug])
    try:
        live = load(draft.design, check=False)
    except (DesignFileError, TypeError):
        messages.error(request, "This reading of the database is gone: read it again.")
        return redirect(start)
    try:
        return drift(project, live, draft.source, request.GET.getlist("rename"))
    except CompareError as error:
        messages.error(request, error.message)
        return redirect(reverse("designer:drift", args=[project.slug, draft_id]))


def _download(request: HttpRequest, comparison: Comparison, back: str) -> HttpResponse:
    direction = request.GET.get("direction") or UP
    fmt = request.GET.get("format") or "sql"
    if direction not in DIRECTIONS or fmt not in FORMATS:
        messages.error(request, "Choose up or down, and SQL or Alembic.")
        return redirect(back)
    try:
        filename, text = comparison.script(direction, fmt)
    except (MigrationError, CompareError) as error:
        messages.error(request, f"The migration cannot be written: {error}")
        return redirect(back)
    risky = comparison.risky_steps(direction)
    if risky and request.GET.get("acknowledge") != "1":
        messages.error(
            request,
            f"The {direction} migration has {len(risky)} step(s) that can lose data: "
            "tick the acknowledgement to download it.",
        )
        return redirect(back)
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    # (the names' characters are safe in the header: version names, see services.versions)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _version_names(project: Project) -> list[str]:
    return list(
        Version.objects.filter(project=project)
        .order_by("-created_at", "-revision")
        .values_list("name", flat=True)[:200]
    )


def shown(comparison: Comparison, download: str, query: dict) -> dict:
    """What the page shows of a comparison (``templates/designer/partials/diff.html``:
    this page's and a proposal's)."""
    m = comparison.migration
    down_error = m.down_error if m is not None else ""
    return {
        "comparison": comparison,
        "groups": _groups(comparison),
        "diagram": _diagram(comparison),
        "up": m.up if m is not None else (),
        "down": m.down if m is not None and not down_error else (),
        "down_error": down_error,
        "up_sql": m.sql(UP) if m is not None else "",
        "down_sql": m.sql(DOWN) if m is not None and not down_error else "",
        "risky_up": len(comparison.risky_steps(UP)),
        "risky_down": len(comparison.risky_steps(DOWN)),
        "download": download,
        "query": query,
        "formats": FORMATS,
    }


def _groups(comparison: Comparison) -> list[dict]:
    """The changes by table: each table's name, whether it was added, removed or changed,
    and its changes' sentences; enum types and project settings first."""
    diff = comparison.diff
    old_tables = {table.id: table for table in diff.old.tables}
    new_tables = {table.id: table for table in diff.new.tables}
    groups = []
    for table_id, changes in diff.by_table().items():
        if table_id is None:
            name, status = "Types and settings", CHANGED
        elif table_id in new_tables and table_id not in old_tables:
            name, status = str(new_tables[table_id].qname), ADDED
        elif table_id in old_tables and table_id not in new_tables:
            name, status = str(old_tables[table_id].qname), REMOVED
        else:
            table = new_tables.get(table_id) or old_tables[table_id]
            name, status = str(table.qname), CHANGED
        groups.append(
            {
                "name": name,
                "status": status,
                "table": table_id is not None,
                "table_id": table_id or "",
                "changes": [_change(change) for change in changes],
            }
        )
    return groups


def _change(change: Change) -> dict:
    anchor = change_anchor(change)
    return {
        "key": change_key(change),  # what a thread on this change keeps (a proposal's)
        "object_id": anchor[0] if anchor else "",
        "object_kind": anchor[1] if anchor else "",
        "sentence": change.describe(),
        "enum": str(change.new_name) if change.inferred else "",
        "destructive": change.destructive,
        "inferred": change.inferred,
        "rename": change.is_rename,
    }


def _diagram(comparison: Comparison) -> str:
    """The new design's diagram with the tables the old one had and the new one lost,
    the added, removed and changed entities marked; "" when too long for a page."""
    diff = comparison.diff
    new_ids = {table.id for table in diff.new.tables}
    new_names = {table.qname for table in diff.new.tables}
    removed = tuple(
        table
        for table in diff.old.tables
        if table.id not in new_ids and table.qname not in new_names
    )
    drawn: Schema = replace(diff.new, tables=(*diff.new.tables, *removed))
    ids = mermaid.entity_ids(drawn)
    status = {group_id: CHANGED for group_id in diff.by_table() if group_id is not None}
    for change in diff.changes:
        if change.kind is Kind.TABLE_ADDED:
            status[change.id] = ADDED
        elif change.kind is Kind.TABLE_REMOVED:
            status[change.id] = REMOVED
    by_id: dict[str, QName] = {table.id: table.qname for table in drawn.tables}
    marks = {ids[by_id[tid]]: mark for tid, mark in status.items() if tid in by_id}
    text = mermaid.with_marks(mermaid.generate(drawn), marks)
    return text if len(text) <= PART_CHARACTERS else ""
