"""The review as text (grouped by table, for people) and as JSON (for CI and tools).

The JSON layout is stable (``lint_schema --format json`` writes it)::

    {
      "project": "demo",                 # the project's slug
      "profile": "strict",
      "counts": {"error": 0, "warning": 1, "info": 2, "suppressed": 1},   # open findings
      "findings": [                      # in review order (see designer.lint.lint)
        {
          "rule": "fk-unindexed",
          "severity": "warning",
          "table": "todos",              # as shown, schema-qualified outside public; null for enums
          "message": "...", "why": "...", "fix": "...",
          "target": {"table": id, "columns": [ids], "relationship": id, "index": id,
                     "constraint": id, "enum": id, "query": id},  # null / [] where not concerned
          "key": "table=...;columns=...",   # what a suppression is recorded against
          "auto_fixes": [{"kind": "add-index", "label": "...", ...the fix's fields}],
          "suppressed": null             # or {"reason": "..."}
        }
      ]
    }
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Sequence
from typing import Any

from .findings import Finding, Severity

WIDTH = 100
_INDENT = " " * 11


def counts(findings: Sequence[Finding]) -> dict[str, int]:
    """Open findings per severity, and how many are suppressed."""
    result = {severity.value: 0 for severity in Severity}
    for finding in findings:
        if finding.open:
            result[finding.severity.value] += 1
    result["suppressed"] = sum(1 for finding in findings if finding.suppressed)
    return result


def as_data(findings: Sequence[Finding], *, project: str, profile: str) -> dict[str, Any]:
    return {
        "project": project,
        "profile": profile,
        "counts": counts(findings),
        "findings": [finding.as_dict() for finding in findings],
    }


def as_json(findings: Sequence[Finding], *, project: str, profile: str) -> str:
    data = as_data(findings, project=project, profile=profile)
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 or word == "info" else f"{count} {word}s"


def headline(findings: Sequence[Finding], *, project: str, profile: str) -> str:
    found = counts(findings)
    parts = [_plural(found[severity.value], severity.value) for severity in Severity]
    text = f"Design review of {project} (profile {profile}): {', '.join(parts)}"
    return text + (f"; {found['suppressed']} suppressed." if found["suppressed"] else ".")


def as_text(findings: Sequence[Finding], *, project: str, profile: str) -> str:
    """The findings grouped by table (enum types first, saved queries last), each with
    why and fix."""
    lines = [headline(findings, project=project, profile=profile)]
    groups: dict[tuple[str | None, bool], list[Finding]] = {}
    for finding in findings:
        groups.setdefault((finding.table, finding.target.query is not None), []).append(finding)
    for (table, query), group in groups.items():
        lines += ["", table if table is not None else "saved queries" if query else "enum types"]
        for finding in group:
            lines += _finding_lines(finding)
    if not findings:
        lines += ["", "No findings."]
    return "\n".join(lines) + "\n"


def _finding_lines(finding: Finding) -> list[str]:
    head = f"  {finding.severity.value:<8} {finding.rule}"
    if finding.suppression is not None:
        head += f"  (suppressed: {finding.suppression.reason})"
    lines = [head]
    for label, text in (("", finding.message), ("Why: ", finding.why), ("Fix: ", finding.fix)):
        lines += textwrap.wrap(
            label + text, WIDTH, initial_indent=_INDENT, subsequent_indent=_INDENT + "  "
        )
    return lines
