"""The design review of a project: its findings with the profile and suppressions the
design holds. Fixing and accepting findings are operations (``designer.operations.review``)
applied through ``designer.services.edits``."""

from __future__ import annotations

from dataclasses import dataclass

from .. import artifact_cache
from ..lint import lint
from ..lint.findings import Finding
from ..models import Project
from ..schema.model import Schema
from ..store import current_schema


@dataclass(frozen=True)
class Review:
    schema: Schema
    findings: list[Finding]

    @property
    def open(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.open]

    @property
    def suppressed(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.suppressed]


def review(project: Project, schema: Schema | None = None) -> Review:
    """The project's schema reviewed with its profile and suppressions (the latest
    revision's findings come from the process's cache: a revision is reviewed once)."""
    if schema is None:
        schema = current_schema(project)
        return Review(schema, list(artifact_cache.findings(project, schema)))
    return Review(schema, lint(schema, schema.review_profile, schema.suppressions))
