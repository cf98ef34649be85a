"""Versions: the list with the form that saves one, a version read-only (its tables, its
diagram, its document), its downloads, and "Restore" (a new change, undoable).

What a version page shows is generated once per (project, revision) in each process,
under the keys the project's own pages use at that revision (``artifact_cache``): a
version's artifacts are the project's at the revision it was saved at.
"""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from ..access import DOWNLOAD, EDIT, READ, get_project, get_version
from ..artifact_cache import findings, generated_at
from ..artifacts import ARTIFACTS
from ..forms import VersionForm, posted
from ..generators import mermaid
from ..models import Project, Version
from ..operations import OperationError
from ..schema.model import Schema
from ..schema.sqltext import type_sql
from ..services import edits
from ..services.migrations import previous_version
from ..services.versions import (
    VersionError,
    reader,
    restore_version,
    save_version,
    suggested_name,
    versions_of,
)
from .changes import noted, posted_revision
from .document import PART_CHARACTERS, render_document
from .exports import download, prior_for

PER_PAGE = 25


@require_http_methods(["GET", "POST"])
def versions(request: HttpRequest, slug: str) -> HttpResponse:
    """The project's versions, newest first, and the form that saves the design as one."""
    project = get_project(request, slug, need=EDIT if request.method == "POST" else READ)
    form = VersionForm(posted(request), auto_id="version-%s")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            version = save_version(project, data["name"], data["message"], actor=request.user)
        except OperationError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, f"Saved the design as {version.name}.")
            return redirect("designer:versions", slug=project.slug)
    page = Paginator(versions_of(project), PER_PAGE).get_page(request.GET.get("page"))
    if not form.is_bound:
        form = VersionForm(
            initial={"name": suggested_name(project, page.paginator.count)}, auto_id="version-%s"
        )
    context = {"project": project, "page": page, "form": form, "artifacts": ARTIFACTS.values()}
    return render(request, "designer/versions.html", context)


def _generate(version: Version):
    """``generate(kind, make, *options)`` for the version's design (see ``render_document``)."""
    return partial(generated_at, version.project, version.revision, reader(version))


def _review(version: Version):
    """The design review of the version's schema, kept under its revision."""
    return lambda schema: findings(version.project, schema, version.revision)


def _tables(schema: Schema) -> list[dict]:
    """What the read-only table of each entity shows: its columns, as the DDL types them."""
    return [
        {
            "name": table.name if table.schema == "public" else f"{table.schema}.{table.name}",
            "description": table.description,
            "columns": [
                {
                    "name": column.name,
                    "type": type_sql(column.type),
                    "nullable": column.nullable,
                    "key": column.name in (table.primary_key.columns if table.primary_key else ()),
                    "default": column.default or "",
                    "description": column.description,
                }
                for column in table.columns
            ],
        }
        for table in schema.tables
    ]


def _diagram(schema: Schema) -> str:
    """The whole diagram's Mermaid text, or "" when it is too long to draw on a page (the
    document's rule: the download has it)."""
    text = mermaid.generate(schema)
    return text if len(text) <= PART_CHARACTERS else ""


@require_GET
def version_page(request: HttpRequest, slug: str, name: str) -> HttpResponse:
    """A version, read-only: its tables with their columns, and its diagram."""
    project = get_project(request, slug, need=READ)
    version = get_version(project, name)
    generate = _generate(version)
    try:
        tables = generate("version-tables", _tables)
        diagram = generate("version-diagram", _diagram)
    except VersionError as error:
        return _unreadable(request, project, error)
    context = {
        "project": project,
        "version": version,
        "tables": tables,
        "diagram": diagram,
        "artifacts": ARTIFACTS.values(),
    }
    return render(request, "designer/version.html", context)


@require_GET
def version_document(request: HttpRequest, slug: str, name: str) -> HttpResponse:
    """The schema document of a version (the project's document page, for its design)."""
    project = get_project(request, slug, need=READ)
    version = get_version(project, name)
    download = reverse("designer:version_export", args=[slug, version.name, "markdown"])
    try:
        return render_document(
            request,
            _generate(version),
            _review(version),
            {"project": project, "version": version, "download": download},
            previous_version(project, version.revision),
        )
    except VersionError as error:
        return _unreadable(request, project, error)


@require_GET
def version_export(request: HttpRequest, slug: str, name: str, format: str) -> HttpResponse:
    """One artifact of a version as a file download (as ``exports.export`` serves the
    project's), named after the version: ``v3-schema.sql``."""
    project = get_project(request, slug, need=DOWNLOAD)
    version = get_version(project, name)
    try:
        # (the name's characters are safe in the header, see services.versions)
        return download(
            format,
            _generate(version),
            _review(version),
            f"{version.name}-",
            prior=prior_for(format, project, version.revision),
        )
    except VersionError as error:
        return _unreadable(request, project, error)


@require_POST
def version_restore(request: HttpRequest, slug: str, name: str) -> HttpResponse:
    """Make the design what the version holds, as a new change (Undo takes it back)."""
    project = get_project(request, slug, need=EDIT)
    version = get_version(project, name)
    try:
        applied = restore_version(
            project, version, actor=request.user, base_revision=posted_revision(request)
        )
    except (edits.Conflict, OperationError) as error:
        messages.error(request, getattr(error, "message", str(error)))
        return _back(request, reverse("designer:versions", args=[project.slug]))
    noted(request, applied)
    if applied.change is None:
        messages.info(request, f"The design is already as it is in {version.name}.")
    else:
        messages.success(
            request, f"Restored {version.name} as revision {applied.revision}: Undo takes it back."
        )
    return _back(request, reverse("designer:project", args=[project.slug]))


def _unreadable(request: HttpRequest, project: Project, error: VersionError) -> HttpResponse:
    """A version whose design file cannot be read (a format newer than this
    installation's): said on the Versions page, never a 500."""
    messages.error(request, error.message)
    return redirect("designer:versions", slug=project.slug)


def _back(request: HttpRequest, url: str) -> HttpResponse:
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
