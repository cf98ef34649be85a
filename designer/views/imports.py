"""The Import page: a dump, pasted SQL, a design file or a live database, previewed first."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from ..forms import ConfirmImportForm, ImportForm, posted
from ..importers.summary import ImportFailure, ImportResult, ImportSummary, schema_counts
from ..models import ImportDraft
from ..schema.design_file import dump, load
from ..services.imports import guess_format, read_import, save_import


def _session_key(request: HttpRequest) -> str:
    if request.session.session_key is None:
        request.session.save()
    return request.session.session_key


def _read(form: ImportForm) -> tuple[ImportResult, str]:
    data = form.cleaned_data
    schemas = data["schemas"] or None
    if data["source"] == "database":
        result = read_import(fmt="live", url=data["url"].strip(), schemas=schemas)
        return result, "a live database"
    if data["source"] == "paste":
        text = data["sql"].encode()
        return read_import(fmt="sql", data=text, name="Pasted SQL", schemas=schemas), "pasted SQL"
    upload = data["file"]
    content = upload.read()
    name = upload.name.rsplit(".", 1)[0].replace("_", " ") or "Imported schema"
    fmt = guess_format(content)
    return read_import(fmt=fmt, data=content, name=name, schemas=schemas), upload.name


@require_http_methods(["GET", "POST"])
def import_start(request: HttpRequest) -> HttpResponse:
    form = ImportForm(posted(request), request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            result, source = _read(form)
        except ImportFailure as error:
            form.add_error(None, str(error))
        else:
            ImportDraft.objects.filter(created_at__lt=timezone.now() - timedelta(days=1)).delete()
            draft = ImportDraft.objects.create(
                session_key=_session_key(request),
                source=source[:300],
                design=dump(result.schema),
                lines=result.lines(),
                name=form.cleaned_data["name"] or result.schema.name,
                replace=form.cleaned_data["project"]
                if form.cleaned_data["target"] == "replace"
                else None,
            )
            return redirect("designer:import_preview", draft_id=draft.id)
    context = {"form": form, "max_mb": settings.MAX_UPLOAD_BYTES // (1024 * 1024)}
    return render(request, "designer/import.html", context)


def _draft(request: HttpRequest, draft_id) -> ImportDraft:
    return get_object_or_404(ImportDraft, pk=draft_id, session_key=_session_key(request))


@require_http_methods(["GET", "POST"])
def import_preview(request: HttpRequest, draft_id) -> HttpResponse:
    """What the import will create; confirming saves it, all or nothing."""
    draft = _draft(request, draft_id)
    form = ConfirmImportForm(posted(request), draft=draft)
    if request.method == "POST" and form.is_valid():
        result = ImportResult(load(draft.design), ImportSummary())
        with transaction.atomic():
            project = save_import(
                result, slug=form.cleaned_data["slug"], name=draft.name, replace=draft.replace
            )
            draft.delete()
        verb = "Replaced the contents of" if draft.replace else "Created"
        messages.success(request, f"{verb} {project.name} from {draft.source}.")
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
