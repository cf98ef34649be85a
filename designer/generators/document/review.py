"""The design-review part of section 10: the findings, open and accepted.

The findings come with the document's options (the project's profile and suppressions,
as the editor's Review tab shows them); without them the schema is reviewed with the
default profile and no suppressions.
"""

from __future__ import annotations

from collections import Counter

from designer.lint import lint
from designer.lint.findings import Finding

from .context import Context
from .markdown import code, table, text


def findings_of(context: Context) -> tuple[Finding, ...]:
    given = context.options.findings
    return tuple(lint(context.schema)) if given is None else tuple(given)


def part(context: Context) -> str:
    findings = findings_of(context)
    open_findings = [finding for finding in findings if finding.open]
    accepted = [finding for finding in findings if finding.suppressed]
    counts = Counter(finding.severity.value for finding in open_findings)
    lines = ["### Design review", ""]
    if not open_findings:
        lines.append(
            "The automatic design review (the standards of this document, as rules) has no "
            "open finding."
        )
    else:
        summary = ", ".join(
            f"{counts[level]} {level}{'s' if counts[level] != 1 and level != 'info' else ''}"
            for level in ("error", "warning", "info")
            if counts[level]
        )
        lines.append(
            f"The automatic design review has {len(open_findings)} open findings ({summary}):"
        )
        lines.append("")
        lines.append(
            table(
                ("severity", "table", "finding", "fix", "rule"),
                (
                    (
                        finding.severity.value,
                        text(finding.table or "—"),
                        text(finding.message),
                        text(finding.fix),
                        code(finding.rule),
                    )
                    for finding in open_findings
                ),
            )
        )
    if accepted:
        lines += ["", f"Accepted on purpose ({len(accepted)}), with the reason recorded:", ""]
        lines.append(
            table(
                ("table", "finding", "reason", "rule"),
                (
                    (
                        text(finding.table or "—"),
                        text(finding.message),
                        text(finding.suppression.reason if finding.suppression else ""),
                        code(finding.rule),
                    )
                    for finding in accepted
                ),
            )
        )
    return "\n".join(lines)
