"""The Import page: a dump, pasted SQL, a design file or a live database, previewed first."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from ..forms import ConfirmImportForm, ImportForm, posted
from ..importers.summary import ImportFailure, ImportResult, schema_counts
from ..models import ImportDraft
from ..operations import OperationError
from ..schema.design_file import load
from ..services.imports import (
    confirm_import,
    guess_format,
    read_import,
    session_key,
    stage_import,
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
        result = read_import(fmt="sql", data=text, name="Pasted SQL", schemas=schemas)
        return result, "pasted SQL", "sql"
    upload = data["file"]
    content = upload.read()
    name = upload.name.rsplit(".", 1)[0].replace("_", " ") or "Imported schema"
    fmt = guess_format(content)
    return read_import(fmt=fmt, data=content, name=name, schemas=schemas), upload.name, fmt


@require_http_methods(["GET", "POST"])
def import_start(request: HttpRequest) -> HttpResponse:
    form = ImportForm(posted(request), request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            result, source, fmt = _read(form)
        except ImportFailure as error:
            form.add_error(None, str(error))
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


def _draft(request: HttpRequest, draft_id) -> ImportDraft:
    return get_object_or_404(ImportDraft, pk=draft_id, session_key=session_key(request))


@require_http_methods(["GET", "POST"])
def import_preview(request: HttpRequest, draft_id) -> HttpResponse:
    """What the import will create; confirming saves it, all or nothing."""
    draft = _draft(request, draft_id)
    form = ConfirmImportForm(posted(request), draft=draft)
    if request.method == "POST" and form.is_valid():
        replacing, source = draft.replace is not None, draft.source
        try:
            project = confirm_import(draft, slug=form.cleaned_data["slug"], actor=request.user)
        except OperationError as error:
            form.add_error("slug" if error.field == "slug" else None, error.message)
        else:
            verb = "Replaced the contents of" if replacing else "Created"
            messages.success(request, f"{verb} {project.name} from {source}.")
            return redirect(project.get_absolute_url())
    schema = load(draft.design)
    context = {
        "draft": draft,
        "form": form,
        "counts": schema_counts(schema),
        "lines": draft.lines,
        "tables": [str(table.qname) for table in schema.tables],
    }
    return render(request, "designer/import_preview.html", context)
