"""The review as text and JSON (designer.lint.report)."""

import json
from dataclasses import replace

from designer.lint import Suppression, lint, report

from .build import add_tables, classic_mistakes, col, enum, good, table


def test_the_text_report_groups_by_table_wraps_and_shows_suppressions():
    subject = add_tables(good(), table("events", col("label"), pk=None))
    subject = replace(subject, enums=(enum("Status", "open"),))
    findings = lint(subject)
    key = next(f for f in findings if f.rule == "table-no-primary-key").target.key
    findings = lint(subject, suppressions=[Suppression("table-no-primary-key", key, "a log")])
    text = report.as_text(findings, project="p", profile="strict")
    lines = text.splitlines()
    assert (
        lines[0]
        == "Design review of p (profile strict): 0 errors, 0 warnings, 1 info; 1 suppressed."
    )
    assert lines[2] == "enum types" and "events" in lines
    assert "  error    table-no-primary-key  (suppressed: a log)" in lines
    assert all(len(line) <= report.WIDTH for line in lines)


def test_the_json_report_counts_open_findings_and_keeps_every_finding():
    findings = lint(classic_mistakes())
    data = json.loads(report.as_json(findings, project="shop", profile="strict"))
    assert list(data) == ["project", "profile", "counts", "findings"]
    assert sum(data["counts"][level] for level in ("error", "warning", "info")) == len(findings)
    assert len(data["findings"]) == len(findings)


def test_counts_leave_suppressed_findings_out_of_their_severity():
    findings = lint(classic_mistakes())
    accepted = [Suppression(f.rule, f.target.key, "ok") for f in findings[:3]]
    counted = report.counts(lint(classic_mistakes(), suppressions=accepted))
    assert counted["suppressed"] == 0  # a new schema: new ids, so nothing matches
    subject = classic_mistakes()
    findings = lint(subject)
    accepted = [Suppression(f.rule, f.target.key, "ok") for f in findings[:3]]
    counted = report.counts(lint(subject, suppressions=accepted))
    assert counted["suppressed"] == 3
    assert sum(counted.values()) == len(findings)
