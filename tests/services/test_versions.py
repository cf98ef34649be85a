"""Versions: saving the design under a name, reading it back (old design-file formats
included), and restoring it as a new change — on SQLite and, in `make test`, on
PostgreSQL."""

import json
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser, User

from designer import models
from designer.demo import demo_schema
from designer.operations import AddEntity, EditEntity
from designer.schema import design_file
from designer.services import edits
from designer.services.versions import (
    VersionError,
    name_problem,
    restore_version,
    save_version,
    suggested_name,
    version_schema,
    versions_of,
)
from designer.store import load_schema

pytestmark = [pytest.mark.store, pytest.mark.django_db]

V1_FILE = Path(__file__).resolve().parents[1] / "schema" / "data" / "demo_design_v1.json"


@pytest.fixture
def demo():
    return edits.create_project(name="Demo", slug="demo", schema=demo_schema())


def _table(project, name):
    return next(table for table in load_schema(project).tables if table.name == name)


def test_a_version_holds_the_design_file_of_the_current_revision(demo):
    version = save_version(demo, "v1", "First cut")
    assert (version.name, version.message, version.revision) == ("v1", "First cut", 1)
    assert version.author is None  # anonymous: no accounts yet
    assert version.design == design_file.dump(load_schema(demo))
    assert version_schema(version) == load_schema(demo)
    assert demo.changes.count() == 1 and demo.revision == 1  # saving changes no design


def test_a_version_reads_the_revision_of_the_latest_change_even_from_a_stale_project(demo):
    stale = models.Project.objects.get(pk=demo.pk)
    edits.apply(demo, [AddEntity("tags")])
    version = save_version(stale, "v1")
    assert version.revision == 2
    assert "tags" in {table.name for table in version_schema(version).tables}


def test_the_author_is_the_signed_in_user_and_none_when_anonymous(demo):
    ada = User.objects.create_user("ada")
    assert save_version(demo, "v1", actor=ada).author == ada
    assert save_version(demo, "v2", actor=AnonymousUser()).author is None


def test_a_taken_name_is_refused_with_a_message_not_an_integrity_error(demo):
    save_version(demo, "v1")
    with pytest.raises(VersionError) as taken:
        save_version(demo, " v1 ")
    assert taken.value.field == "name" and "already" in taken.value.message
    assert models.Version.objects.count() == 1
    other = edits.create_project(name="Other", slug="other", schema=demo_schema())
    assert save_version(other, "v1").name == "v1"  # unique per project only


@pytest.mark.parametrize(
    "name",
    ["", "   ", "v 3", "v3/4", "é", "a" * 41, ".", "..", "v3\x00", "<b>", "v3?", "v%2F"],
)
def test_a_bad_name_is_refused(demo, name):
    with pytest.raises(VersionError) as refused:
        save_version(demo, name)
    assert refused.value.field == "name"
    assert not models.Version.objects.exists()


@pytest.mark.parametrize("name", ["v3", "1.0.0", "release_2024-01", "a" * 40, "...", "-x"])
def test_a_good_name_is_accepted(name):
    assert name_problem(name) is None


def test_the_message_is_bounded_like_other_free_text(demo):
    with pytest.raises(VersionError) as refused:
        save_version(demo, "v1", "x" * 10_001)
    assert refused.value.field == "message" and "10,000" in refused.value.message
    with pytest.raises(VersionError):
        save_version(demo, "v1", "nul \x00")
    assert save_version(demo, "v1", "x" * 10_000).message == "x" * 10_000


def test_a_version_cannot_be_changed_once_saved(demo):
    version = save_version(demo, "v1")
    version.message = "rewritten"
    with pytest.raises(ValueError, match="immutable"):
        version.save()
    assert models.Version.objects.get().message == ""


def test_the_suggested_name_counts_the_versions_and_skips_taken_names(demo):
    assert suggested_name(demo) == "v1"
    save_version(demo, "v2")  # named ahead of the count
    assert suggested_name(demo) == "v3"
    save_version(demo, "v3")
    save_version(demo, "release")
    assert suggested_name(demo) == "v4"
    for number in range(4, 30):
        save_version(demo, f"v{number}")
    assert suggested_name(demo) == "v30"  # beyond the first batch of candidates


def test_versions_are_listed_newest_first_without_their_designs(demo):
    for name in ("v1", "v2", "v3"):
        save_version(demo, name)
    listed = list(versions_of(demo))
    assert [version.name for version in listed] == ["v3", "v2", "v1"]
    assert "design" in listed[0].get_deferred_fields()
    assert version_schema(listed[0]) == load_schema(demo)  # read when needed


def test_a_version_saved_in_an_old_design_file_format_opens(demo):
    data = json.loads(V1_FILE.read_text())
    assert data["version"] == 1 and "review" not in data
    version = models.Version.objects.create(
        project=demo, name="old", revision=demo.revision, design=data
    )
    schema = version_schema(version)
    assert {table.name for table in schema.tables} == {"users", "todos"}
    assert schema.review_profile == "strict" and schema.suppressions == ()
    edits.apply(demo, [AddEntity("tags")])
    restore_version(demo, version)
    assert {table.name for table in load_schema(demo).tables} == {"users", "todos"}


def test_an_unreadable_design_is_a_clear_error(demo):
    version = models.Version.objects.create(
        project=demo,
        name="future",
        revision=1,
        design={"format": "pg-schema-designer", "version": 99},
    )
    with pytest.raises(VersionError, match="cannot be read: design file version 99"):
        version_schema(version)


def test_restoring_a_version_is_one_undoable_change_in_the_history(demo):
    saved = load_schema(demo)
    version = save_version(demo, "v1")
    users = _table(demo, "users")
    edits.apply(demo, [EditEntity(users.id, {"name": "people"})])
    edits.apply(demo, [AddEntity("tags")])
    changed = load_schema(demo)
    restored = restore_version(demo, version, base_revision=demo.revision)
    assert restored.change.kind == "restore"
    assert restored.summary == "Replaced the design from version v1 (2 tables)"
    assert load_schema(demo) == saved  # the same ids: a rename back, not a drop and a create
    assert demo.revision == 4 and demo.changes.count() == 4
    edits.undo(demo)
    assert load_schema(demo) == changed


def test_restoring_the_current_design_changes_nothing(demo):
    version = save_version(demo, "v1")
    restored = restore_version(demo, version)
    assert restored.change is None and demo.revision == 1


def test_a_restore_from_a_stale_page_applies_and_undo_brings_back_what_it_replaced(demo):
    # ReplaceSchema names no target, so the revision the page was rendered from never
    # makes it a conflict (as an import's replace): it is one change, which Undo takes back.
    version = save_version(demo, "v1")
    seen = demo.revision
    edits.apply(demo, [AddEntity("tags")])  # someone else, meanwhile
    meanwhile = load_schema(demo)
    restore_version(demo, version, base_revision=seen)
    assert "tags" not in {table.name for table in load_schema(demo).tables}
    edits.undo(demo)
    assert load_schema(demo) == meanwhile


def test_deleting_the_project_deletes_its_versions(demo):
    save_version(demo, "v1")
    demo.delete()
    assert not models.Version.objects.exists()
