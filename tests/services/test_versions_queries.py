"""Versions carry the saved queries: a version's design file holds them, and restoring a
version brings them back — on SQLite and, in `make test`, on PostgreSQL."""

from __future__ import annotations

import pytest

from designer.demo import demo_schema
from designer.operations import AddQuery, RemoveQuery
from designer.schema import design_file
from designer.services import edits
from designer.services.versions import restore_version, save_version, version_schema
from designer.store import load_schema

pytestmark = [pytest.mark.store, pytest.mark.django_db]


@pytest.fixture
def demo():
    return edits.create_project(name="Demo", slug="demo", schema=demo_schema())


def test_a_version_holds_the_queries_of_its_revision(demo):
    version = save_version(demo, "v1")
    assert [query["name"] for query in version.design["queries"]] == [
        query.name for query in demo_schema().queries
    ]
    assert version_schema(version).queries == demo_schema().queries


def test_restoring_a_version_brings_its_queries_back(demo):
    version = save_version(demo, "v1")
    first, *rest = demo_schema().queries
    edits.apply(demo, [RemoveQuery(first.id)])
    edits.apply(demo, [AddQuery("All users", "SELECT id FROM users")])
    assert [q.name for q in load_schema(demo).queries] == [
        *(q.name for q in rest),
        "All users",
    ]
    later = save_version(demo, "v2")
    assert [q["name"] for q in later.design["queries"]][-1] == "All users"
    restore_version(demo, version)
    assert load_schema(demo).queries == demo_schema().queries
    assert version_schema(version) == design_file.load(version.design)


def test_a_version_of_a_design_without_queries_has_no_queries_key(demo):
    for query in demo_schema().queries:
        edits.apply(demo, [RemoveQuery(query.id)])
    version = save_version(demo, "empty")
    assert "queries" not in version.design
    assert version_schema(version).queries == ()
