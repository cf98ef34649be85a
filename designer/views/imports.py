"""The Import page: a dump, pasted SQL or DBML, a design file or a live database, previewed
first."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods
from django_htmx.http import HttpResponseClientRefresh

from ..access import EDIT, may
from ..forms import ConfirmImportForm, ImportForm, posted
from ..importers.dbml import import_dbml, looks_like_dbml
from ..importers.summary import ImportFailure, ImportResult, kind_noun
from ..models import ImportDraft
from ..operations import OperationError
from ..schema.design_file import DesignFileError
from ..services.imports import (
    confirm_import,
    guess_format,
    is_stale,
    queue_confirm,
    queue_import,
    read_import,
    retry_job,
    session_key,
    stage_import,
    upload_name,
)


def _read(form: ImportForm) -> tuple[ImportResult, str, str]:
    """The import, where it came from (for people) and its format."""
    data = form.cleaned_data
    schemas = data["schemas"] or None
    if data["source"] == "database":
        result = read_import(fmt="live", url=data["url"].strip(), schemas=schemas)
        return result, "a live database", "live"
    if data["source"] == "paste":
        text = data["sql"].encode()
        if _is_dbml(data.get("language"), "", text):
            # Named after its Project, if it has one.
            return import_dbml(text, schemas=schemas), "pasted DBML", "dbml"
        result = read_import(fmt="sql", data=text, name="Pasted SQL", schemas=schemas)
        return result, "pasted SQL", "sql"
    upload = data["file"]
    content = upload.read()
    name = upload_name(upload.name)
    if _is_dbml(data.get("language"), upload.name, content):
        return import_dbml(content, name=name, schemas=schemas), upload.name, "dbml"
    fmt = guess_format(content)
    return read_import(fmt=fmt, data=content, name=name, schemas=schemas), upload.name, fmt


def _is_dbml(language: str | None, filename: str, content: bytes) -> bool:
    """DBML when chosen, or (left to be recognised) a .dbml file or text that starts as
    DBML does."""
    if language in {"sql", "dbml"}:
        return language == "dbml"
    return filename.lower().endswith(".dbml") or looks_like_dbml(content)


@require_http_methods(["GET", "POST"])
def import_start(request: HttpRequest) -> HttpResponse:
    form = ImportForm(posted(request), request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid() and _big(form):
        # Read by a background job while the preview page shows its progress.
        data = form.cleaned_data
        try:
            draft = queue_import(
                data["file"].read(),
                session=session_key(request),
                source=data["file"].name,
                name=data["name"],
                replace=data["project"] if data["target"] == "replace" else None,
                schemas=data["schemas"] or None,
            )
        except ImportFailure as error:
            form.add_error(None, str(error))
        else:
            return redirect("designer:import_preview", draft_id=draft.id)
    elif request.method == "POST" and form.is_valid():
        try:
            result, source, fmt = _read(form)
        except ImportFailure as error:
            # A live database's failure is about the URL: shown next to it.
            form.add_error("url" if form.cleaned_data["source"] == "database" else None, str(error))
        else:
            data = form.cleaned_data
            draft = stage_import(
                result,
                session=session_key(request),
                source=source,
                name=data["name"] or result.schema.name,
                replace=data["project"] if data["target"] == "replace" else None,
                ids_from_file=fmt == "json",
            )
            return redirect("designer:import_preview", draft_id=draft.id)
    context = {"form": form, "max_mb": settings.MAX_UPLOAD_BYTES // (1024 * 1024)}
    return render(request, "designer/import.html", context)


def _big(form: ImportForm) -> bool:
    """An upload big enough to be read by a background job (IMPORT_IN_BACKGROUND_BYTES).
    DBML never is: it is read in the request, within its own smaller limit."""
    data = form.cleaned_data
    upload = data.get("file")
    if not (
        data["source"] == "file"
        and upload is not None
        and upload.size > settings.IMPORT_IN_BACKGROUND_BYTES
    ):
        return False
    head = upload.read(4096)
    upload.seek(0)
    return not _is_dbml(data.get("language"), upload.name, head)


def _draft(request: HttpRequest, draft_id) -> ImportDraft:
    """The session's draft; its design (megabytes for a big import) is read only when
    the import is confirmed."""
    drafts = ImportDraft.objects.defer("design", "upload")
    return get_object_or_404(drafts, pk=draft_id, session_key=session_key(request))


@require_http_methods(["GET", "POST"])
def import_preview(request: HttpRequest, draft_id) -> HttpResponse:
    """What the import will create; confirming saves it, all or nothing. The page shows
    what the draft keeps for it (counts, the first tables, the summary) and never reads
    the design: its size and time are the same for 10 tables and for 20,000."""
    draft = _draft(request, draft_id)
    if draft.in_background and (draft.state != ImportDraft.State.READY or request.htmx):
        return _job(request, draft)
    if draft.replace is not None and not may(draft.replace, request.user, EDIT):
        raise PermissionDenied(f"You cannot change the design of {draft.replace.name}.")
    form = ConfirmImportForm(posted(request), draft=draft)
    if request.method == "POST" and form.is_valid() and draft.in_background:
        queue_confirm(draft, slug=form.cleaned_data["slug"], actor=request.user)
        return redirect("designer:import_preview", draft_id=draft.id)
    if request.method == "POST" and form.is_valid():
        replacing, source = draft.replace is not None, draft.source
        try:
            project = confirm_import(draft, slug=form.cleaned_data["slug"], actor=request.user)
        except DesignFileError as error:
            # Staged by an older version whose drafts this one cannot read.
            messages.error(request, f"This import cannot be saved ({error}): import it again.")
            return redirect("designer:import")
        except OperationError as error:
            form.add_error("slug" if error.field == "slug" else None, error.message)
        else:
            verb = "Replaced the contents of" if replacing else "Created"
            messages.success(request, f"{verb} {project.name} from {source}.")
            return redirect(project.get_absolute_url())
    tables = draft.counts.get("tables", len(draft.tables))
    context = {
        "draft": draft,
        "form": form,
        "counts": draft.counts,
        # "1 index", "2 indexes": each count with its noun in the right number.
        "counted": [(count, kind_noun(kind, count)) for kind, count in draft.counts.items()],
        "lines": draft.lines,
        "tables": draft.tables,
        "more_tables": max(tables - len(draft.tables), 0),
        # Why the background save refused it (a slug taken meanwhile).
        "job_error": draft.error if request.method == "GET" else "",
    }
    return render(request, "designer/import_preview.html", context)


def _job(request: HttpRequest, draft: ImportDraft) -> HttpResponse:
    """The page of a draft whose background job runs (its progress, polled every second
    by htmx until the job ends and the page reloads), failed (why) or saved the import
    (the project)."""
    if draft.state == ImportDraft.State.SAVED:
        if request.htmx:
            return HttpResponseClientRefresh()
        if draft.saved is None:
            messages.error(request, "The project this import created has been deleted.")
            return redirect("designer:import")
        verb = "Replaced the contents of" if draft.replace_id else "Created"
        messages.success(request, f"{verb} {draft.saved.name} from {draft.source}.")
        return redirect(draft.saved.get_absolute_url())
    if request.method == "POST":
        if request.POST.get("action") == "retry":
            retry_job(draft)
        return redirect("designer:import_preview", draft_id=draft.id)
    if request.htmx and not draft.running:
        return HttpResponseClientRefresh()
    context = {"draft": draft, "stale": is_stale(draft)}
    if request.htmx:
        return render(request, "designer/partials/import_progress.html", context)
    return render(request, "designer/import_job.html", context)
