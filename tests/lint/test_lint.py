"""The review as a whole: the demo, the classic mistakes, order, profiles, suppressions,
and properties over every schema the strategies draw."""

import json

import pytest
from hypothesis import given, settings

from designer.demo import demo_schema
from designer.lint import (
    PROFILES,
    Severity,
    Suppression,
    has_errors,
    lint,
    profile_named,
    rules,
    unused_suppressions,
)
from designer.operations import ApplyFix, run
from designer.schema.design_file import dumps, loads
from designer.schema.validation import validate
from tests.strategies import schemas

from .build import add_tables, change_table, classic_mistakes, col, good, table


def test_the_demo_as_seeded_has_no_finding_at_all():
    assert lint(demo_schema()) == []
    assert lint(demo_schema(), "relaxed") == []


def test_the_good_example_has_no_finding():
    assert lint(good()) == []


def test_a_schema_with_the_classic_mistakes_gets_every_rule_named():
    findings = lint(classic_mistakes())
    assert {finding.rule for finding in findings} == {rule.id for rule in rules()}
    assert has_errors(findings)
    for finding in findings:
        assert finding.message and finding.why and finding.fix
        assert finding.target.table or finding.target.enum or finding.target.query


def test_the_relaxed_profile_keeps_errors_and_softens_or_drops_the_rest():
    subject = classic_mistakes()
    strict, relaxed = lint(subject), lint(subject, "relaxed")
    assert [f.key for f in strict if f.severity is Severity.ERROR] == [
        f.key for f in relaxed if f.severity is Severity.ERROR
    ]
    assert len(relaxed) < len(strict)
    assert sum(f.severity is Severity.WARNING for f in relaxed) < sum(
        f.severity is Severity.WARNING for f in strict
    )
    off = {rule.id for rule in rules() if rule.severities["relaxed"] is None}
    assert off and not off & {f.rule for f in relaxed}


def test_an_unknown_profile_is_refused_by_name():
    with pytest.raises(
        ValueError, match="unknown review profile 'lax' \\(choose relaxed, strict\\)"
    ):
        lint(good(), "lax")
    assert profile_named("relaxed") is PROFILES["relaxed"]


def test_findings_come_by_table_order_then_rule_order():
    findings = lint(classic_mistakes())
    tables = [table.name for table in classic_mistakes().tables]
    order = [rule.id for rule in rules()]
    # The saved queries' findings come after the tables'.
    positions = [
        (tables.index(f.table) if f.table else len(tables), order.index(f.rule)) for f in findings
    ]
    assert positions == sorted(positions)


def test_every_finding_names_its_table_and_targets_ids_that_exist():
    subject = classic_mistakes()
    ids = {t.id for t in subject.tables} | {r.id for r in subject.relationships}
    ids |= {c.id for t in subject.tables for c in t.columns}
    ids |= {i.id for t in subject.tables for i in t.indexes}
    for finding in lint(subject):
        target = finding.target
        named = [target.table, *target.columns, target.relationship, target.index]
        assert {name for name in named if name} <= ids
        if target.query:
            query = next(q for q in subject.queries if q.id == target.query)
            assert finding.table is None and f"“{query.name}”" in finding.message
        else:
            assert finding.table in finding.message


# --- suppressions ------------------------------------------------------------------------------


def _missing_key():
    return add_tables(good(), table("events", col("label"), pk=None))


def test_a_suppressed_finding_is_kept_with_its_reason_and_no_longer_fails_the_gate():
    subject = _missing_key()
    (finding,) = lint(subject)
    accepted = Suppression(finding.rule, finding.target.key, "an append-only log, read in bulk")
    (kept,) = lint(subject, suppressions=[accepted])
    assert kept.suppressed and kept.suppression == accepted
    assert kept.as_dict()["suppressed"] == {"reason": "an append-only log, read in bulk"}
    assert has_errors([finding]) and not has_errors([kept])


def test_a_suppression_survives_renaming_the_table():
    subject = _missing_key()
    (finding,) = lint(subject)
    accepted = Suppression(finding.rule, finding.target.key, "accepted")
    renamed = change_table(subject, "events", name="event_records")
    (kept,) = lint(renamed, suppressions=[accepted])
    assert kept.suppressed and "event_records" in kept.message


def test_suppressions_whose_finding_is_gone_are_listed():
    subject = _missing_key()
    (finding,) = lint(subject)
    stale = Suppression("fk-unindexed", "table=nowhere", "was fixed")
    used = Suppression(finding.rule, finding.target.key, "accepted")
    findings = lint(subject, suppressions=[stale, used])
    assert unused_suppressions(findings, [stale, used]) == [stale]


# --- JSON -----------------------------------------------------------------------------------------


def test_a_finding_as_json_has_the_documented_fields():
    data = json.loads(json.dumps([f.as_dict() for f in lint(classic_mistakes())]))
    fields = {"rule", "severity", "table", "message", "why", "fix", "target", "key"}
    fields |= {"auto_fixes", "suppressed"}
    assert all(set(item) == fields for item in data)
    with_fix = next(item for item in data if item["rule"] == "fk-unindexed")
    assert with_fix["auto_fixes"][0]["kind"] == "add-index"
    assert with_fix["auto_fixes"][0]["label"] == "Add an index on orders (user_id)"
    assert set(with_fix["target"]) == {
        "table",
        "columns",
        "relationship",
        "index",
        "constraint",
        "enum",
        "query",
    }


# --- properties ----------------------------------------------------------------------------


@settings(max_examples=100)
@given(schemas())
def test_the_review_of_any_schema_is_deterministic_and_its_fixes_apply(schema):
    findings = lint(schema)
    assert lint(loads(dumps(schema))) == findings  # same input, same findings
    keys = [finding.key for finding in findings]
    assert len(keys) == len(set(keys))  # a suppression names exactly one finding
    for finding in findings:
        assert finding.message and finding.why and finding.fix
        for choice, fix in enumerate(finding.auto_fixes):
            fixed = run(schema, [ApplyFix(finding.rule, finding.target.key, choice)]).after
            assert validate(fixed) == [], (finding.rule, fix)
            assert finding.key not in {f.key for f in lint(fixed)}, (finding.rule, fix)
    assert {f.key for f in lint(schema, "relaxed")} <= set(keys)
    accepted = [Suppression(f.rule, f.target.key, "accepted") for f in findings]
    suppressed = lint(schema, suppressions=accepted)
    assert [f.key for f in suppressed] == keys
    assert all(f.suppressed for f in suppressed) and not has_errors(suppressed)
