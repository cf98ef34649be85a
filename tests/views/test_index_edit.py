"""Editing an index in the entity panel: the inline form (htmx and without JavaScript),
its refusals with what was typed kept, and that only editors may."""

import html

import pytest
from django.test import Client
from django.urls import reverse

from designer import models
from designer.store import load_schema
from tests.support.accounts import signed_in, with_role

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"designer:{name}", args=args)


def text_of(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def index(todos):
    """The demo's one index: todos (user_id, completed)."""
    return todos.indexes.get()


def _data(**values):
    return {"keys": "user_id, completed", "method": "btree", **values}


def test_the_edit_link_opens_the_index_as_a_form(client, demo, todos, index, hx):
    panel = client.get(url("entity", "demo", todos.id)).content.decode()
    assert url("index_edit", "demo", index.id) in panel
    response = client.get(url("index_edit", "demo", index.id), **hx)
    form = text_of(response)
    assert 'id="indexes-section"' in form and "Save index" in form
    assert 'value="user_id, completed"' in form
    assert "Serves the main list query" in form  # the rationale, to change
    assert "Cancel" in form
    closed = text_of(client.get(url("index_edit", "demo", index.id) + "?cancel=1", **hx))
    assert "Save index" not in closed and "(user_id, completed)" in closed


def test_saving_changes_the_index_in_place(client, demo, todos, index, hx):
    data = _data(
        keys="user_id, due_date DESC",
        unique="on",
        where="completed = false",
        include="title",
        rationale="A user's open todos, soonest first.",
        name="ux_todos_open",
    )
    response = client.post(url("index_edit", "demo", index.id), data, **hx)
    assert response.status_code == 200
    assert "schemaChanged" in response.get("HX-Trigger", "")
    assert "UNIQUE (user_id, due_date DESC) INCLUDE (title) WHERE completed = false" in (
        text_of(response)
    )
    changed = load_schema(demo).tables[1].indexes
    assert len(changed) == 1 and changed[0].id == str(index.id)
    assert changed[0].name == "ux_todos_open" and changed[0].include == ("title",)
    assert models.Change.objects.filter(project=demo).latest("revision").summary == (
        "Changed the index user_id, completed of todos"
    )


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"keys": "nope"}, "todos has no field named “nope”"),
        ({"where": "completed = false; drop table todos"}, "semicolon"),
        ({"where": "completed, true"}, "Not one SQL expression"),
        ({"include": "ghost"}, "todos has no field named “ghost”"),
        ({"unique": "on", "method": "hash"}, "Only btree indexes can be unique"),
        ({"name": "x" * 70}, "PostgreSQL allows"),
    ],
)
def test_bad_input_is_refused_and_kept(client, demo, index, hx, values, message):
    before = load_schema(demo)
    response = client.post(url("index_edit", "demo", index.id), _data(**values), **hx)
    assert response.status_code == 200
    page = text_of(response)
    assert message in page
    assert "Save index" in page  # the form stays open with what was typed
    for value in values.values():
        if value != "on":
            assert f'value="{value}"' in page
    assert load_schema(demo) == before


def test_without_javascript(client, demo, todos, index):
    page = client.get(url("index_edit", "demo", index.id))
    assert page.status_code == 200 and "Save index" in text_of(page)
    response = client.post(url("index_edit", "demo", index.id), _data(keys="completed"))
    assert response.status_code == 302
    assert response["Location"] == url("entity", "demo", todos.id)
    assert load_schema(demo).tables[1].indexes[0].elements[0].column == "completed"
    refused = client.post(url("index_edit", "demo", index.id), _data(keys="nope"))
    assert refused.status_code == 200 and "todos has no field named “nope”" in text_of(refused)


def test_a_stale_revision_is_a_conflict_not_a_silent_overwrite(client, demo, index, hx):
    client.post(url("index_edit", "demo", index.id), _data(keys="completed"), **hx)
    stale = _data(keys="user_id", base_revision=demo.revision)
    response = client.post(url("index_edit", "demo", index.id), stale, **hx)
    assert 'value="user_id"' in text_of(response)
    assert load_schema(demo).tables[1].indexes[0].elements[0].column == "completed"


@pytest.mark.parametrize("role", ["viewer", "reviewer"])
def test_only_editors_may(demo, index, role):
    client = signed_in(Client(), with_role(demo, role))
    assert client.get(url("index_edit", "demo", index.id)).status_code in (403, 404)
    response = client.post(url("index_edit", "demo", index.id), _data(keys="completed"))
    assert response.status_code in (403, 404)
    assert load_schema(demo).tables[1].indexes[0].elements[0].column == "user_id"
    panel = client.get(url("entity", "demo", index.entity_id)).content.decode()
    assert url("index_edit", "demo", index.id) not in panel


def test_another_projects_index_is_not_found(client, demo, index):
    assert client.get(url("index_edit", "other", index.id)).status_code == 404
