"""Downloads of the generated artifacts (one registry with the command line).

A file is generated once per revision in each process (``designer.artifact_cache``): a
second download of the same design sends the bytes kept from the first.
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from ..access import get_project
from ..artifact_cache import findings, generated
from ..artifacts import ARTIFACTS


@require_GET
def export(request: HttpRequest, slug: str, format: str) -> HttpResponse:
    """One artifact as a file download: the registry's name, type and bytes."""
    project = get_project(request, slug)
    artifact = ARTIFACTS.get(format)
    if artifact is None:
        raise Http404(f"no export format {format!r}")
    content = generated(
        project,
        "download",
        # The document (and the zip holding it) shows the project's own review.
        lambda schema: artifact.content(
            schema, findings(project, schema) if artifact.reviewed else None
        ),
        artifact.format,
    )
    response = HttpResponse(content, content_type=artifact.media_type)
    response["Content-Disposition"] = f'attachment; filename="{artifact.filename}"'
    return response
