"""Comparing two designs of a project, and a live database with the design (drift): the
ends, the migration's files, the review's delta, and renames proposed, never assumed."""

from __future__ import annotations

import ast
import os
import re
from dataclasses import replace

import pytest

from designer.demo import demo_schema
from designer.generators.migration_sql import DOWN, UP, MigrationError
from designer.operations import (
    AddEntity,
    AddEnum,
    AddField,
    DeleteField,
    EditEntity,
    EditEnum,
    EditField,
    run,
)
from designer.schema.diff import Kind
from designer.schema.ids import with_new_ids
from designer.schema.model import QName
from designer.services.edits import create_project
from designer.services.migrations import (
    WORKING,
    CompareError,
    Rename,
    accepted_renames,
    compare,
    default_ends,
    drift,
    previous_version,
    rename_proposals,
)
from designer.services.versions import VersionError, save_version
from designer.store import load_schema
from tests.support.edits import change, table

pytestmark = [pytest.mark.store, pytest.mark.django_db]

USERS = QName("public", "users")
DRIFT_EXAMPLES = int(os.environ.get("DRIFT_EXAMPLES") or 25)


@pytest.fixture
def project(db):
    return create_project(name="Todo app", slug="todo", schema=demo_schema())


def _email(project):
    return table(project, "users").column("email")


def test_a_project_without_versions_has_nothing_to_compare(project):
    assert default_ends(project) is None
    with pytest.raises(CompareError, match="no version named “v1”"):
        compare(project, "v1", WORKING)


def test_the_last_version_and_the_working_copy_are_the_default_ends(project):
    save_version(project, "v1")
    change(project, AddEntity("tags"))
    save_version(project, "v2")
    assert default_ends(project) == ("v2", WORKING)


def test_working_and_live_cannot_name_a_version(project):
    for name in ("working", "live"):
        with pytest.raises(VersionError, match="names the design as it is now"):
            save_version(project, name)


def test_a_rename_between_a_version_and_the_working_copy_is_a_rename_both_ways(project):
    save_version(project, "v1")
    change(project, EditField(_email(project).id, {"name": "email_address"}))
    project.refresh_from_db()
    comparison = compare(project, "v1", WORKING)
    assert [c.kind for c in comparison.diff.changes] == [Kind.COLUMN_RENAMED, Kind.UNIQUE_RENAMED]
    name, up = comparison.script(UP, "sql")
    assert name == "v1-to-working.up.sql"
    assert "ALTER TABLE users RENAME COLUMN email TO email_address;" in up
    assert "DROP" not in up and "ADD COLUMN" not in up
    name, down = comparison.script(DOWN, "sql")
    assert name == "v1-to-working.down.sql"
    assert "ALTER TABLE users RENAME COLUMN email_address TO email;" in down
    assert not comparison.destructive


def test_the_alembic_revision_is_python_named_by_its_revision_and_the_same_each_time(project):
    save_version(project, "v1")
    change(project, DeleteField(table(project, "todos").column("description").id))
    project.refresh_from_db()
    comparison = compare(project, "v1", WORKING)
    name, text = comparison.script(UP, "alembic")
    revision = comparison.revision_id()
    assert name == f"{revision}_v1_to_working.py"
    ast.parse(text)
    assert re.search(rf"^revision(?:: str)? = [\"']{revision}[\"']$", text, re.MULTILINE)
    assert "def upgrade()" in text and "def downgrade()" in text
    again = compare(project, "v1", WORKING).script(UP, "alembic")
    assert again[0] == name and _dateless(again[1]) == _dateless(text)
    assert comparison.destructive  # a dropped column


def _dateless(text: str) -> str:
    return re.sub(r"^Create Date: .*$", "", text, flags=re.MULTILINE)


def test_unknown_directions_and_formats_are_refused(project):
    save_version(project, "v1")
    comparison = compare(project, "v1", WORKING)
    with pytest.raises(CompareError, match="direction"):
        comparison.script("sideways", "sql")
    with pytest.raises(CompareError, match="format"):
        comparison.script(UP, "yaml")


def test_a_migration_that_cannot_be_written_says_why(project):
    save_version(project, "v1")
    comparison = compare(project, "v1", WORKING)
    broken = replace(comparison, migration=None, error="this change cannot be written yet")
    with pytest.raises(MigrationError, match="cannot be written yet"):
        broken.script(UP, "sql")


def test_the_review_delta_names_findings_that_appear_and_go_away(project):
    save_version(project, "v1")
    users = table(project, "users")
    change(project, AddField(users.id, {"name": "payload", "data_type": "json"}))
    project.refresh_from_db()
    comparison = compare(project, "v1", WORKING)
    assert [f.rule for f in comparison.appeared] == ["json-not-jsonb"]
    assert not comparison.resolved
    back = compare(project, WORKING, "v1")
    assert {f.key for f in back.resolved} == {f.key for f in comparison.appeared}


def test_an_enum_value_rename_is_guessed_unless_the_type_is_named_not_renamed(project):
    change(project, AddEnum("status", ("draft", "active", "done")))
    save_version(project, "v1")
    status = load_schema(project).enums[0]
    values = tuple("live" if value == "active" else value for value in status.values)
    change(project, EditEnum(status.id, {"values": values}))
    project.refresh_from_db()
    guessed = compare(project, "v1", WORKING)
    assert [c.kind for c in guessed.diff.changes] == [Kind.ENUM_VALUE_RENAMED]
    assert guessed.diff.inferred
    assert "ALTER TYPE status RENAME VALUE 'active' TO 'live';" in guessed.script(UP, "sql")[1]
    literal = compare(project, "v1", WORKING, ["status"])
    kinds = {c.kind for c in literal.diff.changes}
    assert Kind.ENUM_VALUE_RENAMED not in kinds and Kind.ENUM_VALUE_REMOVED in kinds
    assert "RENAME VALUE" not in literal.script(UP, "sql")[1]
    with pytest.raises(CompareError, match="No enum type named “nope”"):
        compare(project, "v1", WORKING, ["nope"])


def test_the_previous_version_is_the_newest_saved_before_a_revision(project):
    assert previous_version(project, project.revision) is None
    save_version(project, "v1")
    assert previous_version(project, project.revision) is None  # saved at this revision
    change(project, AddEntity("tags"))
    project.refresh_from_db()
    assert previous_version(project, project.revision).name == "v1"


# --- drift: a live database matched by name -------------------------------------------------


def test_a_live_copy_of_the_design_has_no_drift(project):
    live = with_new_ids(demo_schema())  # a database holds no ids
    comparison = drift(project, live, "the live database")
    assert comparison.diff.empty and comparison.proposals == ()


def test_a_column_the_database_names_otherwise_is_proposed_not_assumed(project):
    design = demo_schema()
    users = design.table(USERS)
    live = with_new_ids(
        run(design, [EditField(users.column("full_name").id, {"name": "name"})]).after
    )
    comparison = drift(project, live, "db")
    proposal = Rename(USERS, "name", "full_name", column=True)
    assert comparison.proposals == (proposal,)
    assert proposal.token == "users.name=users.full_name"
    # not accepted: the database's column is dropped and the design's added
    kinds = {c.kind for c in comparison.diff.changes}
    assert Kind.COLUMN_REMOVED in kinds and Kind.COLUMN_ADDED in kinds
    assert comparison.destructive
    # accepted: one rename, nothing lost
    accepted = drift(project, live, "db", [proposal.token])
    assert [c.kind for c in accepted.diff.changes] == [Kind.COLUMN_RENAMED]
    assert "ALTER TABLE users RENAME COLUMN name TO full_name;" in accepted.script(UP, "sql")[1]
    assert not accepted.destructive


def test_a_table_the_database_names_otherwise_is_proposed_with_its_columns(project):
    design = demo_schema()
    todos = design.table(QName("public", "todos"))
    live = with_new_ids(run(design, [EditEntity(todos.id, {"name": "tasks"})]).after)
    comparison = drift(project, live, "db")
    assert [p.token for p in comparison.proposals] == ["tasks=todos"]
    accepted = drift(project, live, "db", ["tasks=todos"])
    sql = accepted.script(UP, "sql")[1]
    assert "ALTER TABLE tasks RENAME TO todos;" in sql
    assert "DROP TABLE" not in sql and "CREATE TABLE" not in sql


def test_a_rename_that_was_not_proposed_is_refused(project):
    live = with_new_ids(demo_schema())
    with pytest.raises(CompareError, match="is not a proposed rename"):
        drift(project, live, "db", ["users.email=users.mail"])
    with pytest.raises(CompareError, match=r"proposed: none"):
        accepted_renames([], ["x=y"])


def test_columns_of_another_type_are_not_proposed_as_renames():
    design = demo_schema()
    users = design.table(USERS)
    live = run(design, [EditField(users.column("full_name").id, {"name": "age"})]).after
    assert rename_proposals(with_new_ids(live), design)  # same type: proposed
    other = replace(
        live,
        tables=tuple(
            replace(
                t,
                columns=tuple(
                    replace(c, type=replace(c.type, base="integer", length=None))
                    if c.name == "age"
                    else c
                    for c in t.columns
                ),
            )
            for t in live.tables
        ),
    )
    assert rename_proposals(with_new_ids(other), design) == ()
