"""The design review of a project: its findings, one-click fixes and suppressions."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from ..lint import FixError, Suppression, apply_fix, lint
from ..lint.findings import Finding
from ..models import Project
from ..models import Suppression as SuppressionRecord
from ..schema.model import Schema
from ..store import load_schema, save_schema


class ReviewError(ValueError):
    """The finding or fix asked for no longer exists; the message says so."""


def suppressions_of(project: Project) -> list[Suppression]:
    return [
        Suppression(record.rule, record.target, record.reason)
        for record in project.suppressions.all()
    ]


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


def review(project: Project) -> Review:
    """The project's schema reviewed with its profile and suppressions."""
    schema = load_schema(project)
    return Review(schema, lint(schema, project.review_profile, suppressions_of(project)))


def _find(findings: list[Finding], rule: str, target: str) -> Finding:
    for finding in findings:
        if finding.key == (rule, target):
            return finding
    raise ReviewError("That finding is gone: the schema changed since the review was shown.")


@transaction.atomic
def fix(project: Project, rule: str, target: str, choice: int = 0) -> Finding:
    """Apply the ``choice``-th fix of a finding, found again in a fresh review.

    The fix is never rebuilt from what a browser sent: only the finding's key and the
    position of the fix are taken, and the fix comes from the review itself.
    """
    current = review(project)
    finding = _find(current.findings, rule, target)
    if not 0 <= choice < len(finding.auto_fixes):
        raise ReviewError("That fix is not offered for this finding.")
    try:
        fixed = apply_fix(current.schema, finding.auto_fixes[choice])
    except FixError as error:
        raise ReviewError(str(error)) from None
    save_schema(project, fixed)
    return finding


@transaction.atomic
def suppress(project: Project, rule: str, target: str, reason: str) -> SuppressionRecord:
    finding = _find(review(project).findings, rule, target)
    record, _ = SuppressionRecord.objects.update_or_create(
        project=project, rule=finding.rule, target=finding.target.key, defaults={"reason": reason}
    )
    return record
