"""Downloads of the generated artifacts (one registry with the command line)."""

from django.http import Http404, HttpResponse
from django.views.decorators.http import require_GET

from ..access import get_project
from ..artifacts import ARTIFACTS
from ..store import load_schema


@require_GET
def export(request, slug: str, format: str) -> HttpResponse:
    project = get_project(request, slug)
    artifact = ARTIFACTS.get(format)
    if artifact is None:
        raise Http404(f"no export format {format!r}")
    content = artifact.render(load_schema(project))
    response = HttpResponse(content, content_type=f"{artifact.content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{artifact.filename}"'
    return response
