"""The history page, undo and redo, "restore this state", and the revision an editor polls."""

import json

import pytest
from django.urls import reverse

from designer.operations import AddEntity, EditEntity
from tests.support.edits import change

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"designer:{name}", args=args)


def triggers(response) -> dict:
    value = response.get("HX-Trigger", "")
    return json.loads(value) if value.startswith("{") else {value: None}


def test_the_history_lists_changes_newest_first_with_restore(client, demo, users):
    change(demo, EditEntity(str(users.id), {"name": "people"}))
    text = client.get(url("history", "demo")).content.decode()
    newest = text.index("Renamed the entity users to people")
    assert newest < text.index("Replaced the design")
    assert url("restore", "demo", 1) in text
    assert url("restore", "demo", 2) not in text  # the latest is the current state


def test_the_history_is_paginated(client, demo, users):
    for n in range(30):
        change(demo, EditEntity(str(users.id), {"description": f"Version {n}."}))
    first = client.get(url("history", "demo"), HTTP_HX_REQUEST="true").content.decode()
    assert "page 1 of 2" in first and "Version 29." not in first  # summaries, not values
    assert first.count('class="history-entry') == 25
    second = client.get(url("history", "demo") + "?page=2").content.decode()
    assert second.count('class="history-entry') == 6


def test_undo_with_htmx_returns_the_panel_and_says_what_it_did(client, demo, users, hx):
    change(demo, EditEntity(str(users.id), {"name": "people"}))
    response = client.post(url("undo", "demo"), {"entity": users.id, "expected": "2"}, **hx)
    assert response.status_code == 200
    assert 'id="entity-name"' in response.content.decode()
    assert 'value="users"' in response.content.decode()
    events = triggers(response)
    assert events["designNotice"] == {"message": "Undid: Renamed the entity users to people."}
    assert {"schemaChanged", "entityRenamed"} <= set(events)
    assert response["X-Design-Change"] == "3"
    response = client.post(url("redo", "demo"), {"entity": users.id}, **hx)
    assert 'value="people"' in response.content.decode()


def test_undo_of_someone_elses_newer_change_is_refused_without_a_change(client, demo, users, hx):
    change(demo, EditEntity(str(users.id), {"description": "Mine."}))
    change(demo, AddEntity("theirs"))
    response = client.post(url("undo", "demo"), {"entity": users.id, "expected": "2"}, **hx)
    assert response.status_code == 204
    assert "Someone changed this" in triggers(response)["designProblem"]["message"]
    demo.refresh_from_db()
    assert demo.revision == 3 and "X-Design-Change" not in response


def test_undo_of_a_creation_leaves_the_panel_for_the_project_page(client, demo, hx):
    change(demo, AddEntity("tags"))
    tags = demo.entities.get(name="tags")
    response = client.post(url("undo", "demo"), {"entity": tags.id}, **hx)
    assert response["HX-Redirect"] == url("project", "demo")


def test_undo_and_redo_work_without_javascript(client, demo, users):
    change(demo, EditEntity(str(users.id), {"name": "people"}))
    response = client.post(url("undo", "demo"), {"entity": users.id})
    assert response.status_code == 302 and response["Location"] == url("entity", "demo", users.id)
    assert "Undid" in client.get(response["Location"]).content.decode()
    client.post(url("redo", "demo"), {"entity": users.id})
    assert demo.entities.filter(name="people").exists()


def test_nothing_to_undo_is_said_plainly(client, hx):
    from designer.services.edits import create_project

    create_project(name="Empty", slug="empty")
    response = client.post(url("undo", "empty"), {}, **hx)
    assert triggers(response)["designProblem"] == {"message": "There is nothing to undo."}


def test_restoring_a_state_is_a_new_change(client, demo, users):
    change(demo, EditEntity(str(users.id), {"name": "people"}))
    response = client.post(url("restore", "demo", 1))
    assert response.status_code == 302
    assert demo.entities.filter(name="users").exists()
    assert demo.changes.order_by("-revision").first().kind == "restore"
    assert client.post(url("restore", "demo", 99)).status_code == 302  # a clear message


def test_the_revision_says_what_changed_and_whether_the_open_entity_did(client, demo, users):
    todos = demo.entities.get(name="todos")
    change(demo, EditEntity(str(users.id), {"description": "Changed."}))
    data = client.get(url("revision", "demo"), {"since": 1, "entity": users.id}).json()
    assert data["revision"] == 2
    assert data["changes"] == [
        {"revision": 2, "summary": "Changed the entity users", "entity": True}
    ]
    other = client.get(url("revision", "demo"), {"since": 1, "entity": todos.id}).json()
    assert other["changes"][0]["entity"] is False
    assert client.get(url("revision", "demo"), {"since": "x"}).json()["changes"] == []
