"""One-click fixes: each removes its finding and leaves DDL that PostgreSQL applies."""

import uuid

import pytest
from hypothesis import given

from designer.generators.ddl import generate
from designer.lint import (
    AddIndex,
    DropIndex,
    FixError,
    MarkSensitive,
    SetOnDelete,
    apply_fix,
    lint,
)
from designer.lint.findings import Fix
from designer.schema.model import Action, Schema
from designer.schema.validation import validate
from tests.strategies import schemas
from tests.support.postgres import one_database_per_test

from .build import classic_mistakes, good


def _offers(subject: Schema):
    """(finding, fix) for every one-click fix the review offers on ``subject``."""
    return [(finding, fix) for finding in lint(subject) for fix in finding.auto_fixes]


def test_the_classic_mistakes_offer_every_kind_of_fix():
    kinds = {fix.kind for _, fix in _offers(classic_mistakes())}
    assert kinds == {kind.kind for kind in Fix.__subclasses__()}


@pytest.mark.postgres
def test_each_fix_removes_its_finding_and_the_ddl_applies(pg_db):
    subject = classic_mistakes()
    pg_db.run(generate(subject))  # the mistakes are legal SQL: the review is about design
    offers = _offers(subject)
    assert len(offers) >= 15
    for finding, fix in offers:
        fixed = apply_fix(subject, fix)
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
        subject = apply_fix(subject, fixable.auto_fixes[0])
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


# --- apply_fix itself ----------------------------------------------------------------------------


def test_a_fix_returns_a_new_schema_and_leaves_the_old_one_alone():
    subject = good()
    tasks = subject.tables[2]
    fixed = apply_fix(subject, AddIndex(tasks.id, (tasks.column("title").id,)))
    assert len(subject.tables[2].indexes) == 2 and len(fixed.tables[2].indexes) == 3
    assert fixed.tables[2].indexes[-1].elements[0].column == "title"


def test_new_objects_get_fresh_uuid4_ids_or_the_ids_given():
    subject = good()
    tasks = subject.tables[2]
    fix = AddIndex(tasks.id, (tasks.column("title").id,))
    first = apply_fix(subject, fix).tables[2].indexes[-1].id
    second = apply_fix(subject, fix).tables[2].indexes[-1].id
    assert first != second and uuid.UUID(first).version == 4
    chosen = apply_fix(subject, fix, new_id=lambda: "0b7e4f52-0000-4000-8000-000000000001")
    assert chosen.tables[2].indexes[-1].id == "0b7e4f52-0000-4000-8000-000000000001"


@pytest.mark.parametrize(
    "fix",
    [
        SetOnDelete("no-such-relationship", Action.CASCADE),
        MarkSensitive("no-such-table", "no-such-column"),
        DropIndex("no-such-table", "no-such-index"),
    ],
)
def test_a_fix_whose_object_is_gone_is_refused(fix):
    with pytest.raises(FixError, match="no longer"):
        apply_fix(good(), fix)


def test_a_fix_naming_a_column_that_is_gone_is_refused():
    subject = good()
    with pytest.raises(FixError, match="no longer in users"):
        apply_fix(subject, MarkSensitive(subject.tables[0].id, "no-such-column"))
