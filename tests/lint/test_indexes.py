"""Indexes: index-duplicate, index-duplicates-constraint, index-redundant,
constraint-duplicate, index-boolean-alone, index-too-many."""

from dataclasses import replace

import pytest

from designer.lint import DropIndex, Severity, lint
from designer.lint.registry import RELAXED, STRICT
from designer.schema.model import IndexMethod, UniqueConstraint

from .build import (
    add_columns,
    add_tables,
    change_column,
    change_table,
    col,
    fires,
    good,
    index,
    junction,
    new_id,
    quiet,
)

BASE = (index("project_id, done"), index("assignee_id"))


def _tasks(*extra, base=BASE):
    subject = change_table(good(), "tasks", indexes=(*base, *extra))
    return subject, subject.tables[2]


# --- duplicates ------------------------------------------------------------------------


def test_an_identical_index_is_a_duplicate_to_drop():
    copy = index("project_id, done")
    subject, tasks = _tasks(copy)
    finding = fires(subject, "index-duplicate")
    assert (
        finding.message
        == "tasks: index ix_tasks_project_id_done_2 duplicates index ix_tasks_project_id_done."
    )
    assert finding.target.index == copy.id
    assert finding.auto_fixes == (DropIndex(tasks.id, copy.id),)
    assert quiet(subject, "index-redundant")  # not reported twice


def test_predicates_are_compared_as_parsed():
    a = index("due_on", where="NOT done")
    b = index("due_on", where="(not   done)")
    subject, _ = _tasks(a, b)
    assert fires(subject, "index-duplicate").target.index == b.id
    other, _ = _tasks(a, index("due_on", where="done"))
    assert quiet(other, "index-duplicate")


def test_different_methods_are_not_duplicates():
    subject, _ = _tasks(index("assignee_id", method=IndexMethod.HASH))
    assert quiet(subject, "index-duplicate")


def test_an_index_on_the_primary_key_or_a_unique_column_duplicates_the_constraint():
    on_key = index("id")
    subject, tasks = _tasks(on_key)
    finding = fires(subject, "index-duplicates-constraint")
    assert "primary key pk_tasks (id)" in finding.message
    assert finding.auto_fixes == (DropIndex(tasks.id, on_key.id),)

    users = change_table(good(), "users", indexes=(index("email DESC", unique=True),))
    assert "unique constraint uq_users_email" in fires(users, "index-duplicates-constraint").message


def test_covering_and_partial_indexes_on_a_key_are_not_duplicates():
    covering = change_table(good(), "users", indexes=(index("email", include=("display_name",)),))
    partial = change_table(good(), "users", indexes=(index("email", where="display_name IS NULL"),))
    for subject in (covering, partial):
        assert quiet(subject, "index-duplicates-constraint")
        assert quiet(subject, "index-redundant")


# --- redundant prefixes ------------------------------------------------------------------


def test_a_prefix_of_another_index_is_redundant():
    prefix = index("project_id")
    subject, tasks = _tasks(prefix)
    finding = fires(subject, "index-redundant")
    assert finding.message == (
        "tasks: index ix_tasks_project_id is redundant with the index ix_tasks_project_id_done "
        "(project_id, done), which starts with the same keys."
    )
    assert finding.auto_fixes == (DropIndex(tasks.id, prefix.id),)
    assert finding.severity is Severity.WARNING
    assert fires(subject, "index-redundant", "relaxed").severity is Severity.INFO


@pytest.mark.parametrize(
    ("shorter", "longer"),
    [
        ("project_id DESC", "project_id, done"),  # one key read backwards
        ("project_id DESC, done DESC", "project_id, done, due_on"),  # all reversed
        ("project_id DESC NULLS FIRST", "project_id, done"),
    ],
)
def test_a_prefix_in_reversed_order_is_redundant(shorter, longer):
    subject, _ = _tasks(index(shorter), base=(index(longer), index("assignee_id")))
    assert fires(subject, "index-redundant")


@pytest.mark.parametrize(
    ("shorter", "options"),
    [
        ("project_id, done DESC", {}),  # the sort order differs from (project_id, done, ...)
        ("project_id", {"unique": True}),  # a unique index on fewer keys enforces more
        ("project_id", {"where": "NOT done"}),  # another predicate
        ("project_id", {"method": IndexMethod.HASH}),  # another method
        ("project_id", {"include": ("title",)}),  # covers what the longer one does not
        ("done, project_id", {}),  # not a prefix
    ],
)
def test_what_is_not_a_redundant_prefix(shorter, options):
    longer = index("project_id, done, due_on")
    subject, _ = _tasks(index(shorter, **options), base=(longer, index("assignee_id")))
    assert quiet(subject, "index-redundant")


def test_equal_keys_keep_the_stronger_index():
    plain, unique = index("title"), index("title", unique=True)
    subject, _ = _tasks(plain, unique)
    assert fires(subject, "index-redundant").target.index == plain.id


def test_a_prefix_of_the_primary_key_is_redundant():
    link, relationships, m2m = junction("user_projects", "users", "projects")
    extra = index("user_id")
    link = replace(link, indexes=(*link.indexes, extra))
    subject = add_tables(good(), link, relationships=relationships, many_to_many=[m2m])
    finding = fires(subject, "index-redundant")
    assert "primary key pk_user_projects (user_id, project_id)" in finding.message
    assert finding.target.index == extra.id


# --- repeated unique constraints -------------------------------------------------------


def test_a_unique_constraint_repeating_the_key_or_another_is_reported():
    subject = change_column(good(), "users", "id", unique=True)
    finding = fires(subject, "constraint-duplicate")
    assert finding.message == "users: the unique constraint on (id) repeats the primary key."
    assert finding.target.columns == (subject.tables[0].column("id").id,)

    repeated = UniqueConstraint(new_id(), ("email",))
    users = change_table(good(), "users", uniques=(repeated,))
    finding = fires(users, "constraint-duplicate")
    assert finding.target.constraint == repeated.id
    assert "a unique constraint on the same columns" in finding.message


def test_distinct_unique_constraints_pass():
    users = change_table(
        good(), "users", uniques=(UniqueConstraint(new_id(), ("email", "display_name")),)
    )
    assert quiet(users, "constraint-duplicate")


# --- boolean alone, too many ------------------------------------------------------------


def test_an_index_on_a_boolean_alone_is_reported():
    alone = index("done")
    subject, tasks = _tasks(alone)
    finding = fires(subject, "index-boolean-alone")
    assert finding.message == "tasks: index ix_tasks_done is on the boolean done alone."
    assert finding.target.index == alone.id and finding.target.columns == (tasks.column("done").id,)
    assert "WHERE done" in finding.fix


def test_a_boolean_in_a_composite_or_partial_index_passes():
    partial, _ = _tasks(index("done", where="done"))
    assert quiet(partial, "index-boolean-alone")
    assert quiet(good(), "index-boolean-alone")  # (project_id, done)


def _many_indexes(count):
    columns = [col(f"attribute_{n}", "integer") for n in range(count)]
    subject = add_columns(good(), "tasks", *columns)
    return change_table(subject, "tasks", indexes=(*BASE, *(index(c.name) for c in columns)))


def test_more_indexes_than_the_profile_allows_is_reported():
    # tasks: its key, (project_id, done), (assignee_id), then one per extra column.
    assert quiet(_many_indexes(5), "index-too-many")  # 8 in all
    finding = fires(_many_indexes(6), "index-too-many")
    assert finding.message == (
        "tasks has 9 indexes (counting its key and unique constraints); the limit is 8."
    )
    assert quiet(_many_indexes(9), "index-too-many", "relaxed")  # 12 in all
    assert fires(_many_indexes(10), "index-too-many", "relaxed").severity is Severity.INFO


def test_the_limit_is_the_profiles():
    assert STRICT.max_indexes == 8 and RELAXED.max_indexes == 12
    roomy = replace(STRICT, max_indexes=20)
    assert [f for f in lint(_many_indexes(10), roomy) if f.rule == "index-too-many"] == []
