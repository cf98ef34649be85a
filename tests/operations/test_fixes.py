"""One-click fixes are operations: each removes its finding and leaves DDL that
PostgreSQL applies, and follows the standards exactly as the editor does."""

from dataclasses import replace

import pytest
from hypothesis import given

from designer.generators.ddl import generate
from designer.lint import AddIndex, DropIndex, MarkSensitive, SetOnDelete, lint
from designer.lint.findings import Finding, Fix
from designer.operations import AddEntity, AddTimestamps, ApplyFix, Gone, Invalid, run
from designer.operations.review import fix_operation
from designer.schema.model import Action, Schema
from designer.schema.validation import validate
from tests.lint.build import classic_mistakes, good
from tests.strategies import schemas
from tests.support.postgres import one_database_per_test

ID = "0b7e4f52-0000-4000-8000-000000000001"


def _offers(subject: Schema):
    """(finding, choice, fix) for every one-click fix the review offers on ``subject``."""
    return [
        (finding, choice, fix)
        for finding in lint(subject)
        for choice, fix in enumerate(finding.auto_fixes)
    ]


def apply_fix(subject: Schema, finding: Finding, choice: int = 0) -> Schema:
    """The schema after the fix, applied as the review's button applies it."""
    return run(subject, [ApplyFix(finding.rule, finding.target.key, choice)]).after


def test_the_classic_mistakes_offer_every_kind_of_fix():
    kinds = {fix.kind for _, _, fix in _offers(classic_mistakes())}
    assert kinds == {kind.kind for kind in Fix.__subclasses__()}


@pytest.mark.postgres
def test_each_fix_removes_its_finding_and_the_ddl_applies(pg_db):
    subject = classic_mistakes()
    pg_db.run(generate(subject))  # the mistakes are legal SQL: the review is about design
    offers = _offers(subject)
    assert len(offers) >= 15
    for finding, choice, fix in offers:
        fixed = apply_fix(subject, finding, choice)
        assert validate(fixed) == [], (finding.rule, fix.label)
        assert finding.key not in {f.key for f in lint(fixed)}, (finding.rule, fix.label)
        pg_db.reset()
        pg_db.run(generate(fixed))


def _fix_everything(subject: Schema, limit: int = 200) -> Schema:
    """Apply the recommended fix of the first finding that has one, until none has."""
    for _ in range(limit):
        fixable = next((f for f in lint(subject) if f.auto_fixes), None)
        if fixable is None:
            return subject
        subject = apply_fix(subject, fixable)
    raise AssertionError("the fixes did not settle")


@pytest.mark.postgres
def test_all_the_recommended_fixes_together_apply_and_behave(pg_db):
    fixed = _fix_everything(classic_mistakes())
    assert validate(fixed) == []
    remaining = {f.rule for f in lint(fixed)}
    assert not remaining & {"fk-unindexed", "table-no-primary-key", "sensitive-not-marked"}
    pg_db.run(generate(fixed))
    catalog = pg_db.catalog()
    audit = catalog.tables[("public", "audit_entries")]
    assert audit[0][:2] == ("id", "uuid")  # the key added first
    orders = [d for (_, table, _), d in catalog.indexes.items() if table == "orders"]
    assert any(definition.endswith("USING btree (user_id)") for definition in orders), orders
    triggers = {table for (_, table, _) in catalog.triggers}
    assert {"user", "audit_entries"} <= triggers  # the timestamps fixes turned them on


@pytest.mark.postgres
@one_database_per_test(max_examples=40)
@given(schema=schemas())
def test_fixing_any_schema_leaves_ddl_that_applies(pg_db, schema):
    fixed = _fix_everything(schema)
    assert validate(fixed) == []
    pg_db.reset()
    pg_db.run(generate(fixed))


# --- the operations behind the fixes ---------------------------------------------------------


def test_a_fix_returns_a_new_schema_and_leaves_the_old_one_alone():
    subject = good()
    tasks = subject.tables[2]
    operation = fix_operation(subject, AddIndex(tasks.id, (tasks.column("title").id,)), ID)
    fixed = operation.apply(subject)
    assert len(subject.tables[2].indexes) == 2 and len(fixed.tables[2].indexes) == 3
    assert fixed.tables[2].indexes[-1].elements[0].column == "title"
    assert fixed.tables[2].indexes[-1].id == ID  # the operation's id: the same every time


def test_the_timestamps_fix_adds_exactly_what_a_new_entity_gets():
    subject = good()
    made = AddEntity("audit", id=ID).apply(subject).tables[-1]
    bare = replace(subject, tables=(*subject.tables, replace(made, columns=made.columns[:1])))
    bare = replace(bare, tables=(*bare.tables[:-1], replace(bare.tables[-1], timestamps=False)))
    assert AddTimestamps(made.id, id=ID).apply(bare).tables[-1] == made


@pytest.mark.parametrize(
    "fix",
    [
        SetOnDelete("no-such-relationship", Action.CASCADE),
        MarkSensitive("no-such-table", "no-such-column"),
        DropIndex("no-such-table", "no-such-index"),
    ],
)
def test_a_fix_whose_object_is_gone_is_refused(fix):
    subject = good()
    with pytest.raises(Gone, match="no longer exists"):
        fix_operation(subject, fix, ID).apply(subject)


def test_a_finding_that_is_gone_cannot_be_fixed():
    with pytest.raises(Gone, match="That finding is gone"):
        run(good(), [ApplyFix("fk-unindexed", "table=nothing", 0)])


def test_a_fix_that_is_not_offered_is_refused():
    subject = classic_mistakes()
    finding = next(f for f in lint(subject) if f.auto_fixes)
    with pytest.raises(Invalid, match="not offered"):
        run(subject, [ApplyFix(finding.rule, finding.target.key, len(finding.auto_fixes))])
