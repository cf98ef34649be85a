"""Required fields: nullable-looks-required."""

from dataclasses import replace

import pytest

from designer.lint import SetNotNull, Severity
from designer.schema.model import Action

from .build import (
    add_columns,
    add_tables,
    change_column,
    change_relationship,
    col,
    fires,
    fk,
    good,
    index,
    junction,
    quiet,
    table,
)


@pytest.mark.parametrize("name", ["email", "name", "title", "username", "slug", "password_hash"])
def test_a_nullable_column_named_like_a_required_one_is_reported(name):
    subject = add_tables(good(), table("labels", col(name, "varchar(100)")))
    finding = fires(subject, "nullable-looks-required")
    labels = subject.tables[-1]
    assert finding.message.startswith(f"labels.{name} is nullable but looks required")
    assert finding.auto_fixes == (SetNotNull(labels.id, labels.column(name).id),)
    assert fires(subject, "nullable-looks-required", "relaxed").severity is Severity.INFO


@pytest.mark.parametrize("name", ["display_name", "middle_name", "nickname", "subtitle"])
def test_optional_sounding_names_may_be_nullable(name):
    assert quiet(add_columns(good(), "tasks", col(name, "varchar(100)")), "nullable-looks-required")


def test_required_columns_that_are_not_null_pass():
    assert quiet(good(), "nullable-looks-required")


def test_the_key_of_a_cascading_relationship_must_be_required():
    subject = change_column(good(), "tasks", "project_id", nullable=True)
    finding = fires(subject, "nullable-looks-required")
    assert "ON DELETE CASCADE makes each tasks row part of a projects row" in finding.message
    assert finding.auto_fixes


def test_an_optional_reference_that_sets_null_may_be_nullable():
    assert quiet(good(), "nullable-looks-required")  # tasks.assignee_id, ON DELETE SET NULL


def test_no_one_click_fix_when_making_it_not_null_would_break_a_set_null_action():
    subject = change_column(good(), "tasks", "project_id", nullable=True)
    subject = change_relationship(subject, "project_id", on_update=Action.SET_NULL)
    assert fires(subject, "nullable-looks-required").auto_fixes == ()


def test_a_tree_may_have_roots_without_a_parent():
    comments = table(
        "comments",
        col("parent_id", "uuid"),
        col("body", "text", nullable=False),
        indexes=(index("parent_id"),),
    )
    subject = add_tables(good(), comments, relationships=[fk("comments", "parent_id", "comments")])
    assert quiet(subject, "nullable-looks-required")


def test_both_sides_of_a_junction_are_required():
    link, relationships, m2m = junction("user_projects", "users", "projects")
    subject = add_tables(good(), link, relationships=relationships, many_to_many=[m2m])
    # The pair is the primary key, so NOT NULL; a surrogate-keyed junction is not.
    assert quiet(subject, "nullable-looks-required")
    surrogate = table(
        "memberships",
        col("user_id", "uuid"),
        col("project_id", "uuid", nullable=False),
        indexes=(index("user_id"), index("project_id")),
    )
    relationships = [
        fk("memberships", "user_id", "users", on_delete=Action.RESTRICT),
        fk("memberships", "project_id", "projects"),
    ]
    m2m = replace(m2m, through=surrogate.qname)
    subject = add_tables(good(), surrogate, relationships=relationships, many_to_many=[m2m])
    finding = fires(subject, "nullable-looks-required")
    assert "one side of the junction memberships" in finding.message
