"""The fields table's quick-add line, server side: one line, one change, or nothing."""

import html

import pytest
from django.urls import reverse

from designer import models
from designer.generators.ddl import generate
from designer.services.edits import undo
from designer.store import current_schema

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"designer:{name}", args=args)


def post(client, project, entity, line, **headers):
    data = {"quick": line, "base_revision": project.revision}
    return client.post(url("quick_add", project.slug, entity.id), data, **headers)


def test_one_line_adds_columns_constraints_a_relationship_and_an_index(client, demo, todos, hx):
    line = (
        "price numeric(10,2) not null check (price >= 0), code varchar(20) unique, "
        "owner_id -> users?, index (code) where price > 0"
    )
    response = post(client, demo, todos, line, **hx)
    assert response.status_code == 200
    assert "schemaChanged" in response.get("HX-Trigger", "")
    text = html.unescape(response.content.decode())
    assert 'id="quick-add"' in text and 'value=""' in text  # emptied, ready for the next
    schema = current_schema(demo)
    table = next(t for t in schema.tables if t.name == "todos")
    price = table.column("price")
    assert (price.type.base, price.type.precision, price.type.scale) == ("numeric", 10, 2)
    assert not price.nullable and price.check == "price >= 0"
    assert table.column("code").unique and table.column("code").type.length == 20
    assert table.column("owner_id").nullable
    assert any(r.from_columns == ("owner_id",) for r in schema.relationships)
    assert any(i.where == "price > 0" for i in table.indexes)
    # One change: one undo takes all of it back.
    demo.refresh_from_db()
    assert demo.changes.count() == 2  # the creation and the quick add
    undo(demo)
    table = next(t for t in current_schema(demo).tables if t.name == "todos")
    assert "price" not in table.columns_by_name and "owner_id" not in table.columns_by_name


def test_a_wrong_item_applies_nothing_and_keeps_the_line(client, demo, todos, hx):
    before = demo.revision
    line = "size int, weight kilograms, <b>x</b> -> nowhere"
    response = post(client, demo, todos, line, **hx)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Item 2" in html.unescape(text) and "no type kilograms" in html.unescape(text)
    assert "&lt;b&gt;x&lt;/b&gt; -&gt; nowhere" in text  # kept, escaped
    demo.refresh_from_db()
    assert demo.revision == before
    assert not models.Field.objects.filter(entity=todos, name="size").exists()


def test_an_unknown_entity_is_named(client, demo, todos, hx):
    response = post(client, demo, todos, "-> customers", **hx)
    assert "There is no entity named customers" in html.unescape(response.content.decode())


def test_a_many_to_many_makes_the_junction(client, demo, todos, users, hx):
    post(client, demo, todos, "<-> users", **hx)
    assert demo.entities.filter(name="todos_users").exists()


def test_without_javascript_the_line_redirects_back(client, demo, todos):
    response = post(client, demo, todos, "done_at timestamptz")
    assert response.status_code == 302
    assert models.Field.objects.filter(entity=todos, name="done_at").exists()


def test_an_empty_line_says_what_to_type(client, demo, todos, hx):
    response = post(client, demo, todos, "   ", **hx)
    assert "required" in response.content.decode().lower()


def test_the_ddl_holds_what_the_line_added(client, demo, todos, hx):
    post(client, demo, todos, "amount integer not null default 0 check (amount > 0)", **hx)
    ddl = generate(current_schema(demo))
    assert "amount integer NOT NULL DEFAULT 0" in ddl or "amount integer DEFAULT 0 NOT NULL" in ddl
    assert "CHECK (amount > 0)" in ddl


def test_a_new_entity_takes_its_fields_after_a_colon(client, demo, hx):
    data = {"name": "invoices: number text not null unique, -> users, total numeric(10,2)"}
    response = client.post(url("entity_create", "demo"), data, **hx)
    assert response.status_code == 200 and response.get("HX-Redirect")
    entity = demo.entities.get(name="invoices")
    names = list(entity.fields.values_list("name", flat=True))
    assert {"number", "user_id", "total"} <= set(names)
    demo.refresh_from_db()
    undo(demo)  # one change: the entity and its fields go together
    assert not demo.entities.filter(name="invoices").exists()


def test_a_new_entity_with_a_wrong_item_is_not_added(client, demo, hx):
    data = {"name": "invoices: number text, -> nowhere"}
    response = client.post(url("entity_create", "demo"), data, **hx)
    text = html.unescape(response.content.decode())
    assert "Item 2" in text and "no entity named nowhere" in text
    assert 'value="invoices: number text, -&gt; nowhere"' in response.content.decode()
    assert not demo.entities.filter(name="invoices").exists()


@pytest.mark.parametrize("what", ["entity", "field", "enum"])
def test_a_name_longer_than_63_bytes_is_refused_and_kept(client, demo, todos, hx, what):
    name = "n" * 70
    if what == "entity":
        response = client.post(url("entity_create", "demo"), {"name": name}, **hx)
    elif what == "field":
        data = {"name": name, "data_type": "text", "nullable": "on"}
        response = client.post(url("field_create", "demo", todos.id), data, **hx)
    else:
        data = {"name": name, "values_text": "a"}
        response = client.post(url("enum_create", "demo"), data, **hx)
    text = response.content.decode()
    assert "PostgreSQL allows names of at most 63 bytes; this one has 70." in text
    assert f'value="{name}"' in text
    assert 'maxlength="63"' not in text
