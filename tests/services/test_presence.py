"""Presence: who else has a project open and on which entity; written at most every few
seconds (or when the entity changes), forgotten after a short silence."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from designer.demo import demo_schema
from designer.models import Presence
from designer.services import edits, presence
from designer.services.presence import PRESENT_FOR, WRITE_EVERY, Present
from tests.support.accounts import member

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    return edits.create_project(name="Demo", slug="demo", schema=demo_schema())


@pytest.fixture
def ada():
    return member("ada")


@pytest.fixture
def bob():
    return member("bob")


def _at(moment):
    return mock.patch("designer.services.presence.timezone.now", return_value=moment)


@pytest.mark.store  # SQL that differs by database: a UNION, an upsert
def test_each_sees_the_other_and_the_entity_they_are_on(demo, ada, bob):
    users = demo.entities.get(name="users")
    assert presence.seen(demo, ada, str(users.id)) == []
    assert presence.seen(demo, bob, "") == [Present("ada", "users", str(users.id))]
    assert presence.seen(demo, ada, str(users.id)) == [Present("bob", None, None)]
    assert presence.seen(demo, bob, None)[0].as_json() == {
        "user": "ada",
        "entity": "users",
        "entity_id": str(users.id),
    }


@pytest.mark.store  # SQL that differs by database: a UNION, an upsert
def test_a_poll_writes_at_most_every_few_seconds(demo, ada, django_assert_num_queries):
    users = demo.entities.get(name="users")
    start = timezone.now()
    with _at(start), django_assert_num_queries(2):  # 1 the rows; 2 the upsert of mine
        presence.seen(demo, ada, users.id)
    with _at(start + WRITE_EVERY / 2), django_assert_num_queries(1):  # the rows only
        presence.seen(demo, ada, users.id)
    assert Presence.objects.get().seen_at == start
    with _at(start + WRITE_EVERY), django_assert_num_queries(2):  # due again
        presence.seen(demo, ada, users.id)
    assert Presence.objects.get().seen_at == start + WRITE_EVERY
    assert Presence.objects.count() == 1  # one row per person and project


def test_another_entity_is_written_at_once(demo, ada):
    users, todos = demo.entities.get(name="users"), demo.entities.get(name="todos")
    start = timezone.now()
    with _at(start):
        presence.seen(demo, ada, users.id)
    with _at(start + timedelta(seconds=1)):
        presence.seen(demo, ada, str(todos.id))
    row = Presence.objects.get()
    assert row.entity_id == todos.id and row.seen_at == start + timedelta(seconds=1)


def test_someone_silent_for_a_while_has_left(demo, ada, bob):
    start = timezone.now()
    with _at(start):
        presence.seen(demo, ada)
    with _at(start + PRESENT_FOR - timedelta(seconds=1)):
        assert [person.user for person in presence.seen(demo, bob)] == ["ada"]
    with _at(start + PRESENT_FOR + timedelta(seconds=1)):
        assert presence.seen(demo, bob) == []


def test_a_bad_or_foreign_entity_id_names_no_entity(demo, ada, bob):
    other = edits.create_project(name="Other", slug="other", schema=demo_schema())
    foreign = other.entities.get(name="users")
    presence.seen(demo, ada, "not-a-uuid")
    assert Presence.objects.get(user=ada).entity_id is None
    presence.seen(demo, bob, foreign.id)
    assert presence.seen(demo, ada) == [Present("bob", None, None)]


def test_a_deleted_entity_names_none(demo, ada, bob):
    users = demo.entities.get(name="users")
    presence.seen(demo, ada, users.id)
    Presence.objects.filter(user=ada).update(entity_id=users.id)
    edits_before = presence.seen(demo, bob)
    assert edits_before[0].entity == "users"
    from designer.models import Entity

    Entity.objects.filter(pk=users.id).delete()
    assert presence.seen(demo, bob) == [Present("ada", None, None)]


def test_presence_is_per_project(demo, ada, bob):
    other = edits.create_project(name="Other", slug="other", schema=demo_schema())
    presence.seen(other, ada)
    assert presence.seen(demo, bob) == []
