"""Downloads of the generated artifacts (one registry with the command line).

A file is generated once per revision in each process (``designer.artifact_cache``): a
second download of the same design sends the bytes kept from the first.
"""

from collections.abc import Callable
from functools import partial

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from ..access import DOWNLOAD, get_project, shareable
from ..artifact_cache import findings, generated
from ..artifacts import ARTIFACTS
from ..lint.findings import Finding
from ..models import Project, Version
from ..schema.model import Schema
from ..services.migrations import previous_design, previous_version


@shareable
@require_GET
def export(request: HttpRequest, slug: str, format: str) -> HttpResponse:
    """One artifact as a file download: the registry's name, type and bytes."""
    project = get_project(request, slug, need=DOWNLOAD)
    # The document (and the zip holding it) shows the project's own review, and the
    # migration from the last version saved before this revision.
    prior = prior_for(format, project, project.revision)
    return download(format, partial(generated, project), partial(findings, project), prior=prior)


def prior_for(format: str, project: Project, revision: int) -> Version | None:
    """The version saved before ``revision``, for the formats that show its migration
    (the reviewed ones: the document and the zip); None for the others (no query)."""
    artifact = ARTIFACTS.get(format)
    if artifact is None or not artifact.reviewed:
        return None
    return previous_version(project, revision)


def download(
    format: str,
    generate: Callable[..., bytes],
    review: Callable[[Schema], tuple[Finding, ...]],
    prefix: str = "",
    *,
    prior: Version | None = None,
) -> HttpResponse:
    """The artifact ``format`` of one design as a file download named ``prefix`` +
    the registry's name: ``generate(kind, make, *options)`` makes and keeps it for the
    design's revision (the project's, or a version's), ``review`` gives the findings
    the reviewed formats show, ``prior`` the version whose migration they show."""
    artifact = ARTIFACTS.get(format)
    if artifact is None:
        raise Http404(f"no export format {format!r}")

    def make(schema: Schema) -> bytes:
        if not artifact.reviewed:
            return artifact.content(schema)
        return artifact.content(schema, review(schema), previous_design(prior))

    content = generate("download", make, artifact.format, prior.name if prior else "")
    response = HttpResponse(content, content_type=artifact.media_type)
    response["Content-Disposition"] = f'attachment; filename="{prefix}{artifact.filename}"'
    return response
