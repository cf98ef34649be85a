"""Downloads of the generated artifacts (one registry with the command line)."""

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from ..access import get_project
from ..artifacts import ARTIFACTS
from ..services.review import review


@require_GET
def export(request: HttpRequest, slug: str, format: str) -> HttpResponse:
    """One artifact as a file download: the registry's name, type and bytes."""
    project = get_project(request, slug)
    artifact = ARTIFACTS.get(format)
    if artifact is None:
        raise Http404(f"no export format {format!r}")
    current = review(project)  # the document shows the project's own review
    content = artifact.content(current.schema, tuple(current.findings))
    response = HttpResponse(content, content_type=artifact.media_type)
    response["Content-Disposition"] = f'attachment; filename="{artifact.filename}"'
    return response
