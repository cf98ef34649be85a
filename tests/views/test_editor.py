"""The editor's server side: every change, with htmx and without JavaScript."""

import html
import json
import re
from unittest import mock

import pytest
from django.db import connection
from django.urls import reverse

from designer import models
from designer.artifact_cache import artifact_cache
from designer.generators.ddl import generate
from designer.operations import (
    AddEnum,
    AddField,
    DeleteField,
    EditField,
    EditProject,
    EditRelationship,
)
from designer.schema.ids import with_new_ids
from designer.schema.model import Column, ColumnType, PrimaryKey, QName, Relationship, Schema, Table
from designer.schema.validation import validate
from designer.services.edits import create_project
from designer.store import current_schema, load_schema
from tests.support.edits import change

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"designer:{name}", args=args)


def text_of(response) -> str:
    """The response's text as a reader sees it (entities such as &#x27; decoded)."""
    return html.unescape(response.content.decode())


def triggers(response) -> set[str]:
    """The client events an htmx response triggers."""
    value = response.get("HX-Trigger", "")
    return set(json.loads(value)) if value.startswith("{") else {value} - {""}


def field_data(**values):
    data = {"name": "", "data_type": "text", "nullable": "on"}
    data.update(values)
    return {key: value for key, value in data.items() if value is not None}


# -- the page -----------------------------------------------------------------------------


def test_the_editor_opens_the_first_entity(client, demo):
    response = client.get(url("project", "demo"))
    assert response.status_code == 200
    text = text_of(response)
    assert 'id="field-' in text and "password_hash" in text
    assert 'aria-current="true"' in text


def test_htmx_navigation_returns_only_the_panel_and_says_which_entity(client, demo, todos, hx):
    response = client.get(url("entity", "demo", todos.id), HTTP_HX_TARGET="entity-panel", **hx)
    assert b"<html" not in response.content
    assert b"due_date" in response.content
    trigger = json.loads(response["HX-Trigger-After-Settle"])
    assert trigger == {"entitySelected": {"id": str(todos.id)}}


def test_the_entity_list_filters(client, demo, hx):
    response = client.get(url("entity_list", "demo"), {"q": "tod"}, **hx)
    assert b"todos" in response.content and b">users<" not in response.content


def test_an_entity_of_another_project_is_404(client, demo):
    other = models.Project.objects.create(name="Other", slug="other")
    assert client.get(url("entity", "other", demo.entities.first().id)).status_code == 404
    del other


def _synthetic_project(size: int) -> models.Project:
    tables = []
    relationships = []
    for i in range(size):
        tables.append(
            Table(
                f"t{i}",
                f"table_{i}",
                (
                    Column(f"c{i}a", "id", ColumnType("uuid"), nullable=False),
                    Column(f"c{i}b", "name", ColumnType("varchar", length=50)),
                    Column(f"c{i}c", "parent_id", ColumnType("uuid")),
                ),
                primary_key=PrimaryKey(("id",)),
            )
        )
        if i:
            relationships.append(
                Relationship(
                    f"r{i}",
                    QName("public", f"table_{i}"),
                    ("parent_id",),
                    QName("public", f"table_{i - 1}"),
                    ("id",),
                )
            )
    schema = Schema(tables=tuple(tables), relationships=tuple(relationships))
    return create_project(name=f"Big {size}", slug=f"big-{size}", schema=with_new_ids(schema))


def _count_queries(client, path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured.captured_queries)


def test_the_editor_page_runs_a_fixed_number_of_queries(client):
    small = _synthetic_project(3)
    big = _synthetic_project(300)
    middle = lambda p: url("entity", p.slug, p.entities.get(name="table_1").id)  # noqa: E731
    # project, entity, entity list, entity count, enum types (sidebar and the field
    # form's choices), fields, relationships and their columns, indexes with keys,
    # unique constraints with columns, checks, the relationship form's entities and
    # fields: the same whatever the size of the schema.
    assert _count_queries(client, middle(small)) == _count_queries(client, middle(big))


def test_the_editor_page_query_count_is_pinned(client, demo, todos, django_assert_num_queries):
    client.get(url("entity", "demo", todos.id))  # templates compiled
    artifact_cache.clear()  # the first visit at this revision in this process
    current_schema(demo)  # this revision's schema is in the cache, as after any change
    # 1 the project; 2 the entity; 3 the latest change (what Undo and Redo would do);
    # 4 the sidebar's enum types; 5 the revision (the entity list is made from the
    # schema); the panel: 6 the entity's fields; 7 its relationships; 8 their column
    # pairs; 9 its indexes; 10 their keys; 11 the fields the keys name; 12 its unique
    # constraints; 13 its checks; 14 the enum types of the field form; 15 the entities
    # the relationship form offers; 16 the revision again (nothing changed meanwhile:
    # the panel is kept for this revision); 17 the open comment threads (their badges)
    with django_assert_num_queries(19):  # + the session, the user
        assert client.get(url("entity", "demo", todos.id)).status_code == 200
    # 1 the project; 2 the entity; 3 the latest change; 4 the open comment threads; 5 the
    # sidebar's enum types: the entity list and the panel are this revision's, made once
    # (designer.artifact_cache)
    with django_assert_num_queries(7):  # + the session, the user
        assert client.get(url("entity", "demo", todos.id)).status_code == 200


def test_a_field_edit_query_count_is_pinned(client, demo, todos, hx, django_assert_num_queries):
    title = todos.fields.get(name="title")
    current_schema(demo)  # this revision's schema is in the cache, as after any change
    data = field_data(name="headline", data_type="varchar", length="200", base_revision="1")
    # 1 the project; 2 the field with its entity and enum type; 3 savepoint; 4 the
    # project's row, locked; 5 the field's row updated; 6 the latest change (the undo
    # and redo stacks); 7 the change logged; 8 the project's revision; 9 release
    # savepoint; 10 the field, for its row; 11 the foreign key it is in (the row shows
    # what it references). Nothing else is read: the schema comes from the cache.
    with django_assert_num_queries(13):  # + the session, the user
        response = client.post(url("field_edit", "demo", title.id), data, **hx)
    assert response.status_code == 200 and "schemaChanged" in triggers(response)


@pytest.mark.store
def test_the_inline_field_form_query_count_is_pinned(
    client, demo, todos, hx, django_assert_num_queries
):
    mood = AddEnum("mood", ("calm", "busy"))
    status = AddField(str(todos.id), {"name": "status", "data_type": "enum", "enum_type": mood.id})
    change(demo, mood, status)
    # 1 the project; 2 the field with its entity and enum type; 3 the foreign key it is
    # in; 4 the enum types the type box offers, as (id, name) pairs: one plain query, so
    # that on PostgreSQL no server-side cursor (DECLARE, FETCH, CLOSE) is opened.
    with (
        django_assert_num_queries(6),  # + the session, the user
        mock.patch.object(connection, "chunked_cursor", wraps=connection.chunked_cursor) as chunked,
    ):
        response = client.get(url("field_edit", "demo", status.id), **hx)
    assert chunked.call_count == 0  # (the cursor QuerySet.iterator() reads through)
    assert f'<option value="{mood.id}" selected>mood</option>' in response.content.decode()


def test_a_field_edit_costs_the_same_queries_whatever_the_size(client):
    counts = []
    for size in (3, 300):
        project = _synthetic_project(size)
        field = project.entities.get(name="table_1").fields.get(name="name")
        current_schema(project)
        data = field_data(name="label", data_type="text", base_revision=str(project.revision))
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            client.post(url("field_edit", project.slug, field.id), data, HTTP_HX_REQUEST="true")
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]


@pytest.mark.parametrize("path", ["erd", "preview"])
def test_the_side_panel_runs_a_fixed_number_of_queries(client, path):
    small, big = _synthetic_project(3), _synthetic_project(300)
    assert _count_queries(client, url(path, small.slug)) == _count_queries(
        client, url(path, big.slug)
    )


# -- entities -----------------------------------------------------------------------------


def test_a_new_entity_follows_the_project_standards(client, demo, hx):
    response = client.post(
        url("entity_create", "demo"), {"name": "projects", "description": "Work"}, **hx
    )
    entity = demo.entities.get(name="projects")
    assert response["HX-Redirect"] == url("entity", "demo", entity.id)
    assert "schemaChanged" in triggers(response)
    fields = {f.name: f for f in entity.fields.all()}
    assert list(fields) == ["id", "created_at", "updated_at"]
    assert fields["id"].data_type == "uuid" and fields["id"].default == "gen_random_uuid()"
    assert fields["id"].primary_key and not fields["id"].nullable
    assert (
        fields["updated_at"].data_type == "timestamptz" and fields["updated_at"].default == "now()"
    )
    assert entity.timestamps


def test_identity_projects_get_identity_keys(client, demo):
    change(demo, EditProject({"key_strategy": "identity", "timestamps_default": False}))
    client.post(url("entity_create", "demo"), {"name": "events"})
    fields = list(demo.entities.get(name="events").fields.all())
    assert [(f.name, f.data_type, f.generated) for f in fields] == [
        ("id", "bigint", "identity_by_default")
    ]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "This field is required."),
        ("users", "An entity named “users” exists already."),
        ("x" * 64, "at most 63 bytes; this one has 64."),
        ("é" * 32, "this one has 64."),
    ],
)
def test_a_bad_entity_name_is_explained_and_kept(client, demo, hx, name, message):
    response = client.post(
        url("entity_create", "demo"), {"name": name, "description": "typed"}, **hx
    )
    assert response.status_code == 200
    text = text_of(response)
    assert message in text
    assert "typed" in text
    assert demo.entities.count() == 2


def test_reserved_words_are_accepted_and_quoted_later(client, demo):
    client.post(url("entity_create", "demo"), {"name": "order"})
    assert demo.entities.filter(name="order").exists()


def test_deleting_a_referenced_entity_names_what_goes_with_it(client, demo, users, hx):
    response = client.get(url("entity_delete", "demo", users.id), **hx)
    text = text_of(response)
    assert "todos.user_id → users.id" in text
    assert demo.entities.filter(name="users").exists()
    response = client.post(url("entity_delete", "demo", users.id), **hx)
    assert response["HX-Redirect"] == url("project", "demo")
    assert not demo.entities.filter(name="users").exists()
    assert demo.relationships.count() == 0
    assert demo.entities.get(name="todos").fields.filter(name="user_id").exists()


def test_turning_timestamps_on_adds_the_columns(client, demo, hx):
    client.post(url("entity_create", "demo"), {"name": "tags"})
    tags = demo.entities.get(name="tags")
    stamps = tags.fields.filter(name__in=["created_at", "updated_at"])
    change(demo, *(DeleteField(str(pk)) for pk in stamps.values_list("pk", flat=True)))
    response = client.post(
        url("entity_edit", "demo", tags.id),
        {"name": "tags", "schema_name": "public", "timestamps": "on"},
        **hx,
    )
    assert response.status_code == 200
    assert set(tags.fields.values_list("name", flat=True)) == {"id", "created_at", "updated_at"}


# -- fields -------------------------------------------------------------------------------


def test_adding_a_field_with_htmx_returns_the_fields_section(client, demo, todos, hx):
    data = field_data(
        name="priority",
        data_type="smallint",
        nullable=None,
        default="0",
        check_expression="priority >= 0",
    )
    response = client.post(url("field_create", "demo", todos.id), data, **hx)
    assert response.status_code == 200
    assert triggers(response) == {"schemaChanged"}
    assert b'id="fields-section"' in response.content and b"<html" not in response.content
    field = todos.fields.get(name="priority")
    assert (field.data_type, field.nullable, field.default) == ("smallint", False, "0")
    assert field.position == 8


def test_adding_a_field_without_javascript_redirects_back(client, demo, todos):
    response = client.post(url("field_create", "demo", todos.id), field_data(name="notes"))
    assert response.status_code == 302
    assert response["Location"] == url("entity", "demo", todos.id)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "title"}, "todos already has a field named “title”."),
        ({"name": ""}, "This field is required."),
        ({"name": "x", "default": "0; DROP TABLE users"}, "semicolon"),
        ({"name": "x", "check_expression": "x > (select 1)"}, "subqueries"),
        ({"name": "x", "data_type": "varchar", "length": "0"}, "length of varchar must be between"),
        ({"name": "x", "data_type": "numeric", "precision": "4", "scale": "6"}, "scale of numeric"),
        ({"name": "x", "data_type": "enum"}, "Choose the enum type"),
        ({"name": "x", "data_type": "text", "generated": "serial"}, "smallint, integer or bigint"),
        ({"name": "x", "pattern": "("}, "Not a valid regular expression"),
        ({"name": "x", "ge": "ten"}, "Write a number"),
        ({"name": "x", "min_length": "5", "max_length": "2"}, "minimum length is above"),
    ],
)
def test_a_bad_field_is_explained_next_to_its_input_and_kept(
    client, demo, todos, hx, data, message
):
    response = client.post(url("field_create", "demo", todos.id), field_data(**data), **hx)
    assert response.status_code == 200
    text = text_of(response)
    assert message in text
    if data.get("default"):
        assert 'value="0; DROP TABLE users"' in text
    assert todos.fields.count() == 8


def test_a_bad_field_without_javascript_shows_the_whole_page_with_the_error(client, demo, todos):
    response = client.post(
        url("field_create", "demo", todos.id), field_data(name="my field", default="now() --")
    )
    assert response.status_code == 200
    text = text_of(response)
    assert "<html" in text and "comments are not allowed" in text and 'value="my field"' in text


def test_inline_edit_round_trip(client, demo, todos, hx):
    title = todos.fields.get(name="title")
    response = client.get(url("field_edit", "demo", title.id), **hx)
    assert b"<form" in response.content and b'value="title"' in response.content
    data = field_data(name="headline", data_type="varchar", length="150", nullable=None)
    response = client.post(url("field_edit", "demo", title.id), data, **hx)
    assert triggers(response) == {"schemaChanged"}
    assert (
        b"headline" in response.content and b"<form method" not in response.content.split(b"<td")[0]
    )
    title.refresh_from_db()
    assert (title.name, title.length) == ("headline", 150)


def test_cancel_returns_the_row_unchanged(client, demo, todos, hx):
    title = todos.fields.get(name="title")
    response = client.get(url("field_row", "demo", title.id), **hx)
    assert b"varchar(200)" in response.content and b"autofocus" in response.content


def test_an_invalid_edit_keeps_the_input_and_saves_nothing(client, demo, todos, hx):
    title = todos.fields.get(name="title")
    response = client.post(
        url("field_edit", "demo", title.id), field_data(name="description"), **hx
    )
    assert "already has a field named “description”" in text_of(response)
    assert 'value="description"' in text_of(response)
    assert todos.fields.filter(name="description").count() == 1


def test_a_foreign_key_column_keeps_its_keys_type(client, demo, todos, hx):
    user_id = todos.fields.get(name="user_id")
    response = client.post(
        url("field_edit", "demo", user_id.id),
        field_data(name="user_id", data_type="integer", nullable=None),
        **hx,
    )
    assert "todos.user_id is integer but references users.id, which is uuid." in text_of(response)
    user_id.refresh_from_db()
    assert user_id.data_type == "uuid"


def test_a_referenced_key_cannot_change_type(client, demo, users, hx):
    key = users.fields.get(name="id")
    data = field_data(name="id", data_type="bigint", nullable=None, primary_key="on")
    response = client.post(url("field_edit", "demo", key.id), data, **hx)
    assert "todos.user_id is uuid but references users.id, which is bigint." in text_of(response)


def test_a_set_null_column_must_stay_nullable(client, demo, todos, hx):
    relationship = demo.relationships.get()
    user_id = todos.fields.get(name="user_id")
    change(
        demo,
        EditField(str(user_id.id), {"nullable": True}),
        EditRelationship(str(relationship.id), {"on_delete": "SET NULL"}),
    )
    response = client.post(
        url("field_edit", "demo", user_id.id),
        field_data(name="user_id", data_type="uuid", nullable=None),
        **hx,
    )
    assert "ON DELETE SET NULL" in text_of(response)


def test_moving_fields_reorders_them(client, demo, todos, hx):
    title = todos.fields.get(name="title")
    client.post(url("field_move", "demo", title.id), {"direction": "up"}, **hx)
    names = list(todos.fields.order_by("position").values_list("name", flat=True))
    assert names[:3] == ["id", "title", "user_id"]
    first = todos.fields.get(name="id")
    response = client.post(url("field_move", "demo", first.id), {"direction": "up"}, **hx)
    assert "HX-Trigger" not in response  # nothing moved, nothing changed
    assert load_schema(demo).tables[1].column_names[:3] == ("id", "title", "user_id")


def test_deleting_a_field_says_what_goes_with_it(client, demo, todos, hx):
    user_id = todos.fields.get(name="user_id")
    response = client.get(url("field_delete", "demo", user_id.id), **hx)
    text = text_of(response)
    assert "relationship todos.user_id → users.id" in text and "index" in text
    client.post(url("field_delete", "demo", user_id.id), **hx)
    assert not todos.fields.filter(name="user_id").exists()
    assert demo.relationships.count() == 0 and todos.indexes.count() == 0


# -- relationships ------------------------------------------------------------------------


def _relationship_data(**values):
    data = {
        "kind": "one_to_many",
        "column": "new",
        "on_delete": "CASCADE",
        "on_update": "NO ACTION",
        "required": "on",
        "add_index": "on",
    }
    data.update(values)
    return data


def test_a_relationship_creates_its_column_and_index(client, demo, users, hx):
    client.post(url("entity_create", "demo"), {"name": "posts"})
    posts = demo.entities.get(name="posts")
    response = client.post(
        url("relationship_create", "demo", posts.id),
        _relationship_data(
            to_entity=users.id,
            from_attribute="author",
            to_attribute="posts",
            column_name="author_id",
        ),
        **hx,
    )
    assert triggers(response) == {"schemaChanged"}
    column = posts.fields.get(name="author_id")
    assert column.data_type == "uuid" and not column.nullable
    schema = load_schema(demo)
    relationship = next(r for r in schema.relationships if r.from_table.name == "posts")
    assert (relationship.from_columns, relationship.to_columns) == (("author_id",), ("id",))
    assert relationship.on_delete == "CASCADE" and relationship.from_attribute == "author"
    table = schema.table(QName("public", "posts"))
    assert [e.column for e in table.indexes[0].elements] == ["author_id"]
    assert "Covers the foreign key" in table.indexes[0].rationale


def test_a_relationship_default_column_name_is_singular(client, demo, users):
    client.post(url("entity_create", "demo"), {"name": "sessions"})
    sessions = demo.entities.get(name="sessions")
    client.post(
        url("relationship_create", "demo", sessions.id), _relationship_data(to_entity=users.id)
    )
    assert sessions.fields.filter(name="user_id", data_type="uuid").exists()


def test_one_to_one_makes_the_column_unique(client, demo, users):
    client.post(url("entity_create", "demo"), {"name": "profiles"})
    profiles = demo.entities.get(name="profiles")
    client.post(
        url("relationship_create", "demo", profiles.id),
        _relationship_data(to_entity=users.id, kind="one_to_one"),
    )
    assert profiles.fields.get(name="user_id").unique


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"on_delete": "SET NULL", "column_name": "owner_id"},
            "todos(owner_id) → users says ON DELETE SET NULL, but todos.owner_id is NOT NULL.",
        ),
        (
            {"on_delete": "SET DEFAULT", "column_name": "owner_id"},
            "says ON DELETE SET DEFAULT, but todos.owner_id has no default.",
        ),
        ({"column_name": "title"}, "already has a field named “title”"),
        ({"from_attribute": "class"}, "must be a Python name"),
        ({"name": "x" * 70}, "this one has 70."),
    ],
)
def test_bad_relationships_are_refused_with_reasons(client, demo, todos, users, hx, data, message):
    response = client.post(
        url("relationship_create", "demo", todos.id),
        _relationship_data(to_entity=users.id, **data),
        **hx,
    )
    assert message in text_of(response)
    assert demo.relationships.count() == 1


def test_an_existing_column_of_another_type_is_refused(client, demo, todos, users, hx):
    title = todos.fields.get(name="title")
    response = client.post(
        url("relationship_create", "demo", todos.id),
        _relationship_data(to_entity=users.id, column=str(title.id)),
        **hx,
    )
    text = text_of(response)
    assert "todos.title is varchar(200) but references users.id, which is uuid." in text


def test_many_to_many_creates_the_junction(client, demo, todos, hx):
    client.post(url("entity_create", "demo"), {"name": "tags"})
    tags = demo.entities.get(name="tags")
    client.post(
        url("relationship_create", "demo", todos.id),
        _relationship_data(
            to_entity=tags.id, kind="many_to_many", from_attribute="tags", to_attribute="todos"
        ),
        **hx,
    )
    schema = load_schema(demo)
    junction = schema.table(QName("public", "todos_tags"))
    assert junction.primary_key.columns == ("todo_id", "tag_id")
    assert {r.to_table.name for r in schema.relationships_from(junction.qname)} == {"todos", "tags"}
    assert all(r.on_delete == "CASCADE" for r in schema.relationships_from(junction.qname))
    (m2m,) = schema.many_to_many
    assert (m2m.left.name, m2m.right.name, m2m.through.name) == ("todos", "tags", "todos_tags")
    assert [e.column for e in junction.indexes[0].elements] == ["tag_id"]


def test_editing_a_relationship_checks_set_null(client, demo, todos, hx):
    relationship = demo.relationships.get()
    data = {"on_delete": "SET NULL", "on_update": "NO ACTION", "deferral": "", "entity": todos.id}
    response = client.post(url("relationship_edit", "demo", relationship.id), data, **hx)
    assert "ON DELETE SET NULL, but todos.user_id is NOT NULL." in text_of(response)
    data["on_delete"] = "RESTRICT"
    client.post(url("relationship_edit", "demo", relationship.id), data, **hx)
    relationship.refresh_from_db()
    assert relationship.on_delete == "RESTRICT"


# -- indexes and constraints --------------------------------------------------------------


def test_a_composite_index_keeps_its_order_and_options(client, demo, todos, hx):
    data = {
        "keys": "due_date DESC NULLS LAST, (lower(title)), completed",
        "method": "btree",
        "where": "completed = false",
        "rationale": "Open todos by date",
    }
    response = client.post(url("index_create", "demo", todos.id), data, **hx)
    assert triggers(response) == {"schemaChanged"}
    index = load_schema(demo).tables[1].indexes[-1]
    assert [(e.column, e.expression, e.descending, e.nulls) for e in index.elements] == [
        ("due_date", None, True, "last"),
        (None, "lower(title)", False, ""),
        ("completed", None, False, ""),
    ]
    assert index.where == "completed = false" and index.rationale == "Open todos by date"
    assert b"(lower(title))" in response.content


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"keys": "nope"}, "todos has no field named “nope”"),
        ({"keys": "title); DROP TABLE users; --"}, "semicolon"),
        ({"keys": "title", "method": "gin", "unique": "on"}, "Only btree indexes can be unique"),
        ({"keys": "title DESC", "method": "hash"}, "have no sort order"),
        ({"keys": "title", "where": "1; select"}, "semicolon"),
        ({"keys": "(lower(titel))"}, "todos has no field named “titel”"),
        ({"keys": "title", "where": "done = false"}, "todos has no field named “done”"),
    ],
)
def test_bad_indexes_are_refused(client, demo, todos, hx, data, message):
    data.setdefault("method", "btree")
    response = client.post(url("index_create", "demo", todos.id), data, **hx)
    assert message in text_of(response)
    assert todos.indexes.count() == 1


def test_unique_and_check_constraints(client, demo, todos, hx):
    client.post(url("unique_create", "demo", todos.id), {"columns": "user_id, title"}, **hx)
    client.post(
        url("check_create", "demo", todos.id), {"expression": "due_date > '2000-01-01'"}, **hx
    )
    table = load_schema(demo).tables[1]
    assert table.uniques[0].columns == ("user_id", "title")
    assert table.checks[0].expression == "due_date > '2000-01-01'"
    response = client.post(
        url("unique_create", "demo", todos.id), {"columns": "title, title"}, **hx
    )
    assert "A column appears twice." in text_of(response)
    response = client.post(
        url("check_create", "demo", todos.id), {"expression": "true; drop table todos"}, **hx
    )
    assert "semicolon" in text_of(response)
    response = client.post(
        url("check_create", "demo", todos.id), {"expression": "due > created_at"}, **hx
    )
    assert "todos has no field named “due”" in text_of(response)
    assert 'value="due &gt; created_at"' in response.content.decode()
    assert todos.check_constraints.count() == 1


def test_a_field_check_reads_only_fields_of_its_table(client, demo, todos, hx):
    title = todos.fields.get(name="title")
    data = field_data(name="title", data_type="varchar", length="200", nullable=None)
    response = client.post(
        url("field_edit", "demo", title.id), {**data, "check_expression": "titel <> ''"}, **hx
    )
    assert "todos has no field named “titel”" in text_of(response)
    title.refresh_from_db()
    assert title.check_expression == "char_length(title) > 0"  # as it was


def _expressions(table):
    """Every expression of a table of the pure model, by where it is."""
    found = {f"check of {c.name}": c.check for c in table.columns if c.check}
    found |= {f"constraint {c.name}": c.expression for c in table.checks}
    for index in table.indexes:
        keys = ", ".join(e.expression or e.column for e in index.elements)
        found[f"index ({keys})"] = index.where
    return found


def _add_check(client, entity, expression, name):
    data = {"expression": expression, "name": name}
    client.post(url("check_create", "demo", entity.id), data, HTTP_HX_REQUEST="true")


def _add_index(client, entity, keys, where=""):
    data = {"keys": keys, "method": "btree", "where": where}
    client.post(url("index_create", "demo", entity.id), data, HTTP_HX_REQUEST="true")


def _edit_field(client, entity, name, **values):
    field = entity.fields.get(name=name)
    data = field_data(name=name, **values)
    return client.post(url("field_edit", "demo", field.id), data, HTTP_HX_REQUEST="true")


@pytest.mark.postgres
def test_renaming_a_field_rewrites_the_expressions_that_read_it(client, demo, todos, pg_db):
    _add_check(client, todos, "due_date > created_at::date", "ck_due")
    _add_index(client, todos, "(lower(title)), due_date", where="title <> '' AND NOT completed")
    _edit_field(client, todos, "description", check_expression="description <> title")
    title = todos.fields.get(name="title")
    data = field_data(name="Headline", data_type="varchar", length="200", nullable=None)
    response = client.post(
        url("field_edit", "demo", title.id),
        {**data, "check_expression": "length(title) > 0"},
        HTTP_HX_REQUEST="true",
    )
    assert triggers(response) == {"schemaChanged"}
    due_date = todos.fields.get(name="due_date")
    client.post(
        url("field_edit", "demo", due_date.id),
        field_data(name="due_on", data_type="date"),
        HTTP_HX_REQUEST="true",
    )
    schema = load_schema(demo)
    assert _expressions(schema.table(QName("public", "todos"))) == {
        "check of Headline": 'length("Headline") > 0',
        "check of description": 'description <> "Headline"',
        "constraint ck_due": "due_on > created_at::date",
        "index (user_id, completed)": None,
        'index (lower("Headline"), due_on)': "\"Headline\" <> '' AND NOT completed",
    }
    assert validate(schema) == []
    pg_db.run(generate(schema))


def test_an_expression_reads_only_its_own_table(client, demo, todos, hx):
    response = client.post(
        url("check_create", "demo", todos.id), {"expression": "users.email <> ''"}, **hx
    )
    assert "reads only its own fields, not users" in text_of(response)
    assert todos.check_constraints.count() == 0


@pytest.mark.postgres
def test_renaming_an_entity_rewrites_its_qualified_columns(client, demo, todos, hx, pg_db):
    _add_check(client, todos, "todos.due_date > todos.created_at::date", "ck_due")
    _add_index(client, todos, "title", where="todos.completed IS FALSE")
    data = {"name": "Tasks", "schema_name": "public", "timestamps": "on"}
    client.post(url("entity_edit", "demo", todos.id), data, **hx)
    schema = load_schema(demo)
    table = schema.table(QName("public", "Tasks"))
    assert table.checks[0].expression == '"Tasks".due_date > "Tasks".created_at::date'
    assert table.indexes[-1].where == '"Tasks".completed IS FALSE'
    assert validate(schema) == []
    pg_db.run(generate(schema))


def test_deleting_a_field_takes_the_expressions_that_read_it(client, demo, todos, hx):
    _add_check(client, todos, "due_date > created_at::date", "ck_due")
    _add_check(client, todos, "length(title) > 0", "ck_title")
    _add_index(client, todos, "title", where="due_date IS NOT NULL")
    # (created_at::date would not do: a timestamptz's date depends on the time zone,
    # and PostgreSQL refuses what is not immutable in an index)
    _add_index(client, todos, "(coalesce(due_date, DATE '2000-01-01'))")
    _edit_field(
        client, todos, "description", check_expression="due_date IS NOT NULL OR description > ''"
    )
    due_date = todos.fields.get(name="due_date")
    text = text_of(client.get(url("field_delete", "demo", due_date.id), **hx))
    assert "check constraint ck_due" in text and "ck_title" not in text
    assert "the check of description" in text and text.count("index on todos") == 2
    client.post(url("field_delete", "demo", due_date.id), **hx)
    schema = load_schema(demo)
    table = schema.table(QName("public", "todos"))
    assert [c.name for c in table.checks] == ["ck_title"]
    assert [i.where for i in table.indexes] == [None]  # the demo's (user_id, completed)
    assert table.column("description").check is None
    assert validate(schema) == []


# -- enum types ---------------------------------------------------------------------------


def test_enum_types_can_be_added_used_and_protected(client, demo, todos, hx):
    response = client.post(
        url("enum_create", "demo"), {"name": "priority", "values_text": "low\nmedium\nhigh"}, **hx
    )
    assert triggers(response) == {"schemaChanged"}
    enum = demo.enum_types.get(name="priority")
    assert enum.values == ["low", "medium", "high"]
    client.post(
        url("field_create", "demo", todos.id),
        field_data(name="priority", data_type="enum", enum_type=enum.id, default="'low'"),
        **hx,
    )
    assert load_schema(demo).tables[1].column("priority").type.enum == QName("public", "priority")
    response = client.post(url("enum_delete", "demo", enum.id), **hx)
    assert "todos.priority" in text_of(response)
    assert demo.enum_types.filter(name="priority").exists()


def test_enum_values_are_validated(client, demo, hx):
    response = client.post(
        url("enum_create", "demo"), {"name": "mood", "values_text": "a\na"}, **hx
    )
    assert "The value 'a' appears twice." in text_of(response)
    response = client.post(url("enum_create", "demo"), {"name": "users", "values_text": "a"}, **hx)
    assert "is the name of an entity" in text_of(response)


# -- previews and downloads ---------------------------------------------------------------


def test_the_erd_source_links_entities_to_the_editor(client, demo, users):
    response = client.get(url("erd", "demo"))
    text = text_of(response)
    assert "erDiagram" in text
    assert url("entity", "demo", users.id) in text


def _erd_text(response) -> str:
    pattern = r'<script id="erd-text" type="application/json">(.*?)</script>'
    return json.loads(re.search(pattern, response.content.decode()).group(1))


def test_focus_mode_draws_the_neighbourhood(client, demo, users):
    client.post(url("entity_create", "demo"), {"name": "lonely"})
    whole = _erd_text(client.get(url("erd", "demo")))
    focused = _erd_text(client.get(url("erd", "demo"), {"focus": "1", "entity": users.id}))
    assert "lonely" in whole and "lonely" not in focused and "todos" in focused


@pytest.mark.parametrize("fmt", ["ddl", "sqlmodel"])
def test_previews_of_an_entity_and_of_the_schema(client, demo, todos, fmt):
    entity = client.get(
        url("preview", "demo"), {"format": fmt, "entity": todos.id}
    ).content.decode()
    whole = client.get(
        url("preview", "demo"), {"format": fmt, "scope": "schema", "entity": todos.id}
    ).content.decode()
    assert 'class="highlight"' in entity
    assert len(whole) > len(entity)
    assert "todos" in entity


def test_download_of_the_sql(client, demo):
    response = client.get(url("export", "demo", "sql"))
    assert response["Content-Type"].startswith("application/sql")
    assert response["Content-Disposition"] == 'attachment; filename="schema.sql"'
    assert b"CREATE TABLE todos" in response.content


def test_an_unknown_export_format_is_404(client, demo):
    assert client.get(url("export", "demo", "exe")).status_code == 404
