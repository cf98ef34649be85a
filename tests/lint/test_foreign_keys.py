"""Foreign keys: fk-unindexed, fk-no-on-delete, fk-set-null-not-null,
fk-set-default-no-default, fk-type-mismatch."""

from dataclasses import replace

import pytest

from designer.lint import AddIndex, SetColumnType, SetOnDelete, Severity
from designer.lint.foreign_keys import covered
from designer.schema.model import Action, IndexMethod, UniqueConstraint

from .build import (
    add_tables,
    change_column,
    change_relationship,
    change_table,
    col,
    fires,
    fk,
    good,
    index,
    junction,
    new_id,
    quiet,
    table,
)

# --- fk-unindexed ----------------------------------------------------------------------


def _tasks_indexed_by(*indexes):
    return change_table(good(), "tasks", indexes=tuple(indexes))


def test_an_unindexed_foreign_key_gets_an_index_to_add():
    subject = _tasks_indexed_by(index("assignee_id"))
    finding = fires(subject, "fk-unindexed")
    tasks = subject.tables[2]
    relationship = subject.relationships[1]
    assert finding.message == (
        "tasks(project_id), the foreign key to projects, is not covered by an index."
    )
    assert finding.severity is Severity.WARNING
    assert finding.target.columns == (tasks.column("project_id").id,)
    assert finding.target.relationship == relationship.id
    (fix,) = finding.auto_fixes
    assert isinstance(fix, AddIndex)
    assert (fix.table, fix.columns) == (tasks.id, (tasks.column("project_id").id,))
    assert "fk_tasks_project_id" in fix.rationale
    assert fires(subject, "fk-unindexed", "relaxed").severity is Severity.WARNING


def test_an_index_leading_with_the_columns_covers_the_foreign_key():
    assert quiet(_tasks_indexed_by(index("project_id, done"), index("assignee_id")), "fk-unindexed")


def test_an_index_with_the_columns_after_another_key_does_not_cover():
    subject = _tasks_indexed_by(index("done, project_id"), index("assignee_id"))
    assert "tasks(project_id)" in fires(subject, "fk-unindexed").message


@pytest.mark.parametrize(
    ("keys", "options", "covers"),
    [
        ("project_id", {}, True),
        ("project_id DESC", {}, True),
        ("project_id", {"where": "project_id IS NOT NULL"}, True),
        ("project_id", {"where": "done"}, False),
        ("project_id", {"where": "project_id IS NOT NULL OR done"}, False),
        ("project_id", {"method": IndexMethod.HASH}, False),
        ("(lower(project_id::text))", {}, False),
        ("done", {}, False),
    ],
)
def test_what_covers_a_foreign_key(keys, options, covers):
    tasks = _tasks_indexed_by(index(keys, **options)).tables[2]
    assert covered(tasks, ("project_id",)) is covers


def test_a_composite_foreign_key_is_covered_by_its_columns_in_any_order_first():
    versions = table(
        "versions",
        col("project_id", "uuid", nullable=False),
        col("number", "integer", nullable=False),
        pk=("project_id", "number"),
    )
    builds = table(
        "builds",
        col("project_id", "uuid", nullable=False),
        col("version_number", "integer", nullable=False),
        col("label"),
    )
    subject = add_tables(
        good(),
        versions,
        builds,
        relationships=[
            fk("versions", "project_id", "projects"),
            fk("builds", ("project_id", "version_number"), "versions", ("project_id", "number")),
        ],
    )
    # versions(project_id) is covered by its primary key; builds is not covered at all.
    found = fires(subject, "fk-unindexed")
    assert found.message.startswith("builds(project_id, version_number)")
    reversed_order = change_table(
        subject, "builds", indexes=(index("version_number, project_id, label"),)
    )
    assert quiet(reversed_order, "fk-unindexed")
    one_column = change_table(subject, "builds", indexes=(index("project_id, label"),))
    assert fires(one_column, "fk-unindexed")


def test_unique_constraints_and_unique_columns_cover_foreign_keys():
    profiles = table(
        "profiles", col("user_id", "uuid", nullable=False, unique=True), col("bio", "text")
    )
    memberships = table(
        "memberships",
        col("user_id", "uuid", nullable=False),
        col("project_id", "uuid", nullable=False),
        uniques=(UniqueConstraint(new_id(), ("user_id", "project_id")),),
        indexes=(index("project_id"),),
    )
    subject = add_tables(
        good(),
        profiles,
        memberships,
        relationships=[
            fk("profiles", "user_id", "users"),
            fk("memberships", "user_id", "users"),
            fk("memberships", "project_id", "projects"),
        ],
    )
    assert quiet(subject, "fk-unindexed")


# --- fk-no-on-delete -------------------------------------------------------------------


def test_a_foreign_key_without_on_delete_is_offered_the_fitting_actions():
    subject = change_relationship(good(), "assignee_id", on_delete=Action.NO_ACTION)
    finding = fires(subject, "fk-no-on-delete")
    relationship = subject.relationships[2]
    assert (
        finding.message
        == "tasks(assignee_id) → users has no explicit ON DELETE (NO ACTION by default)."
    )
    assert finding.target.relationship == relationship.id
    # Optional reference: SET NULL first.
    assert [fix.action for fix in finding.auto_fixes] == [
        Action.SET_NULL,
        Action.RESTRICT,
        Action.CASCADE,
    ]
    assert all(isinstance(fix, SetOnDelete) for fix in finding.auto_fixes)
    assert fires(subject, "fk-no-on-delete", "relaxed").severity is Severity.INFO


def test_a_required_reference_is_offered_restrict_first_and_never_set_null():
    subject = change_relationship(good(), "owner_id", on_delete=Action.NO_ACTION)
    actions = [fix.action for fix in fires(subject, "fk-no-on-delete").auto_fixes]
    assert actions == [Action.RESTRICT, Action.CASCADE]


def test_a_junction_row_is_offered_cascade_first():
    link, relationships, m2m = junction("user_projects", "users", "projects")
    relationships = [replace(relationships[0], on_delete=Action.NO_ACTION), relationships[1]]
    subject = add_tables(good(), link, relationships=relationships, many_to_many=[m2m])
    actions = [fix.action for fix in fires(subject, "fk-no-on-delete").auto_fixes]
    assert actions[0] is Action.CASCADE


@pytest.mark.parametrize("action", [Action.CASCADE, Action.RESTRICT, Action.SET_NULL])
def test_explicit_actions_pass(action):
    assert quiet(change_relationship(good(), "assignee_id", on_delete=action), "fk-no-on-delete")


# --- SET NULL / SET DEFAULT ------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "clause"),
    [
        ({"on_delete": Action.SET_NULL}, "ON DELETE SET NULL"),
        ({"on_update": Action.SET_NULL}, "ON UPDATE SET NULL"),
    ],
)
def test_set_null_on_a_not_null_column_is_an_error(changes, clause):
    subject = change_relationship(good(), "project_id", **changes)
    finding = fires(subject, "fk-set-null-not-null")
    assert finding.severity is Severity.ERROR
    assert clause in finding.message and "tasks.project_id is NOT NULL" in finding.message
    assert fires(subject, "fk-set-null-not-null", "relaxed").severity is Severity.ERROR


def test_set_null_on_a_nullable_column_passes():
    assert quiet(good(), "fk-set-null-not-null")


def test_set_default_without_a_default_is_an_error():
    subject = change_relationship(good(), "assignee_id", on_delete=Action.SET_DEFAULT)
    finding = fires(subject, "fk-set-default-no-default")
    assert finding.severity is Severity.ERROR
    assert "tasks.assignee_id has no default" in finding.message


def test_set_default_with_a_default_passes():
    subject = change_relationship(good(), "assignee_id", on_delete=Action.SET_DEFAULT)
    subject = change_column(
        subject, "tasks", "assignee_id", default="'00000000-0000-0000-0000-000000000000'"
    )
    assert quiet(subject, "fk-set-default-no-default")


# --- fk-type-mismatch ------------------------------------------------------------------


def _counters(from_type: str, **options):
    plans = table("plans", col("id", "integer", nullable=False), col("label"))
    users = table(
        "accounts",
        col("plan_id", from_type, nullable=False, **options),
        indexes=(index("plan_id"),),
    )
    return add_tables(good(), plans, users, relationships=[fk("accounts", "plan_id", "plans")])


def test_a_foreign_key_of_another_type_is_an_error_with_the_referenced_type_to_take():
    subject = _counters("bigint")
    finding = fires(subject, "fk-type-mismatch")
    accounts = subject.tables[-1]
    assert finding.severity is Severity.ERROR
    assert (
        finding.message == "accounts.plan_id is bigint but references plans.id, which is integer."
    )
    assert finding.auto_fixes == (
        SetColumnType(accounts.id, accounts.column("plan_id").id, col("x", "integer").type),
    )


def test_a_retype_is_not_offered_when_a_default_or_check_depends_on_the_type():
    assert fires(_counters("bigint", default="0"), "fk-type-mismatch").auto_fixes == ()
    assert fires(_counters("bigint", check="plan_id > 0"), "fk-type-mismatch").auto_fixes == ()


def test_lengths_count_as_type_differences():
    codes = table("codes", col("code", "varchar(10)", nullable=False, unique=True))
    uses = table("uses", col("code", "varchar(20)", nullable=False), indexes=(index("code"),))
    subject = add_tables(good(), codes, uses, relationships=[fk("uses", "code", "codes", "code")])
    assert "varchar(20)" in fires(subject, "fk-type-mismatch").message


def test_matching_types_pass():
    assert quiet(good(), "fk-type-mismatch")
    assert quiet(_counters("integer"), "fk-type-mismatch")
