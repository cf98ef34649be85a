"""The objects page: domains, sequences, partitions and the objects kept as SQL, each
with its highlighted SQL, what it reads (linked) and its comment; adding, editing (a
refused text is kept, with the line and column of the error) and removing them; and who
may do what."""

from __future__ import annotations

from dataclasses import replace

import pytest
from django.test import Client
from django.urls import reverse

from designer import models, store
from designer.operations import AddSqlObject, run
from designer.schema.model import Column, ColumnType, Domain, PrimaryKey, QName, Sequence, Table
from designer.services import edits
from tests.support.accounts import signed_in, with_role
from tests.support.migration_cases import BASE, key

pytestmark = pytest.mark.django_db

TOTALS_SQL = (
    "CREATE VIEW order_totals AS\n"
    "SELECT o.id, o.total, c.email, '<b>bold</b>'::text AS label\n"
    "  FROM orders o JOIN customers c ON c.id = o.customer_id;"
)
YEAR = Domain(key("year"), "year", ColumnType("integer"), description="A <i>year</i>.")
TICKETS = Sequence(key("tickets"), "ticket_seq", start=1000, cache=20)


def objects_schema():
    """The shop with a view, a domain used by a column, a sequence used by a default and
    a partitioned table with one partition."""
    schema = run(BASE, [AddSqlObject(TOTALS_SQL, "Totals <script>x</script>", id=key("v"))]).after
    at = Column(key("events.at"), "at", ColumnType("timestamptz"), False)
    year = Column(key("events.year"), "year", ColumnType("integer", domain=YEAR.qname))
    ticket = Column(
        key("events.ticket"), "ticket", ColumnType("bigint"), default="nextval('ticket_seq')"
    )
    events = Table(
        key("events"),
        "events",
        (at, year, ticket),
        primary_key=PrimaryKey(("at",)),
        partition_by="RANGE (at)",
    )
    part = Table(
        key("events_2024"),
        "events_2024",
        tuple(replace(column, id=key(f"events_2024.{column.name}")) for column in events.columns),
        primary_key=PrimaryKey(("at",)),
        partition_of=QName("public", "events"),
        partition_bound="FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')",
    )
    return replace(
        schema,
        tables=(*schema.tables, events, part),
        domains=(YEAR,),
        sequences=(TICKETS,),
    )


@pytest.fixture
def shop(db):
    return edits.create_project(name="Shop", slug="shop", schema=objects_schema())


def url(name: str, project, *args) -> str:
    return reverse(f"designer:{name}", args=[project.slug, *args])


def objects_of(project):
    return store.current_schema(project).sql_objects


# --- the page -----------------------------------------------------------------------------------


def test_the_page_shows_every_kind_of_object_with_its_links(client, shop):
    response = client.get(url("objects", shop))
    assert response.status_code == 200
    page = response.content.decode()
    entity = url("entity", shop, key("orders"))
    assert 'id="objects-view"' in page and "Views" in page
    assert f'id="object-{key("v")}"' in page
    assert 'class="highlight"' in page  # Pygments
    assert f'href="{entity}">orders</a>' in page
    assert f'href="{url("entity", shop, key("customers"))}">customers</a>' in page
    # The domain with the column using it, the sequence with its default, the partition.
    assert "year" in page and f'href="{url("entity", shop, key("events"))}">events.year</a>' in page
    assert "START WITH 1000" in page and "CACHE 20" in page and "events.ticket" in page
    assert "PARTITION BY RANGE (at)" in page
    assert "FOR VALUES FROM (&#x27;2024-01-01&#x27;) TO (&#x27;2025-01-01&#x27;)" in page
    assert 'id="new-object-form"' in page
    assert url("object_edit", shop, key("v")) in page


def test_user_text_is_escaped(client, shop):
    page = client.get(url("objects", shop)).content.decode()
    assert "<script>x</script>" not in page and "&lt;script&gt;x&lt;/script&gt;" in page
    assert "<b>bold</b>" not in page
    assert "<i>year</i>" not in page and "A &lt;i&gt;year&lt;/i&gt;." in page


def test_an_empty_design_says_so(client, db):
    project = edits.create_project(name="Empty", slug="empty", schema=BASE)
    page = client.get(url("objects", project)).content.decode()
    for part in ("no-domains", "no-sequences", "no-partitions", "no-objects"):
        assert f'id="{part}"' in page


# --- adding, editing, removing --------------------------------------------------------------


def test_an_object_is_added_from_its_pasted_sql(client, shop):
    sql = "CREATE VIEW big_orders AS SELECT id FROM order_totals WHERE total > 100;"
    response = client.post(
        url("object_create", shop),
        {"sql": sql.replace("\n", "\r\n"), "description": "Big ones.", "base_revision": "1"},
    )
    assert response.status_code == 302
    added = objects_of(shop)[-1]
    assert (added.name, added.description) == ("big_orders", "Big ones.")
    assert response["Location"] == url("objects", shop) + f"#object-{added.id}"


def test_a_refused_text_is_kept_with_the_line_and_column_of_the_error(client, shop):
    typed = "CREATE VIEW nope AS\r\nSELECT total FORM orders;"
    response = client.post(url("object_create", shop), {"sql": typed, "description": "Mine"})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'data-position="2:19"' in page
    assert "Line 2, column 19: Syntax error at or near &quot;orders&quot;." in page
    assert "CREATE VIEW nope AS\nSELECT total FORM orders;</textarea>" in page
    assert ">\nMine</textarea>" in page
    assert len(objects_of(shop)) == 1


def test_an_object_is_edited_and_a_refusal_keeps_the_text(client, shop):
    edit = url("object_edit", shop, key("v"))
    page = client.get(edit).content.decode()
    assert 'id="sql-text"' in page and "CREATE VIEW order_totals AS" in page
    broken = "CREATE VIEW order_totals AS\nSELECT id,, total FROM orders;"
    response = client.post(edit, {"sql": broken, "description": "x"})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'data-position="2:11"' in page and "Line 2, column 11" in page
    assert broken in page
    other_kind = "CREATE FUNCTION f() RETURNS integer LANGUAGE sql AS $$ SELECT 1 $$;"
    response = client.post(edit, {"sql": other_kind, "description": "x"})
    assert "This is a view: its SQL must create a view, not a function" in (
        response.content.decode()
    )
    fixed = "CREATE VIEW order_totals AS SELECT id, total FROM orders;"
    response = client.post(edit, {"sql": fixed, "description": "Fixed."})
    assert response.status_code == 302
    (item, *_) = objects_of(shop)
    assert (item.id, item.sql.strip(), item.description) == (key("v"), fixed, "Fixed.")


def test_an_edit_on_an_older_revision_of_the_same_object_conflicts(client, shop):
    edit = url("object_edit", shop, key("v"))
    seen = shop.revision
    client.post(url("object_comment", shop, key("v")), {"description": "Theirs."})
    response = client.post(
        edit,
        {"sql": TOTALS_SQL, "description": "Mine.", "base_revision": str(seen)},
    )
    assert response.status_code == 409
    assert "Someone changed this since you opened it" in response.content.decode()


def test_removing_is_refused_while_something_uses_it(client, shop):
    client.post(
        url("object_create", shop),
        {"sql": "CREATE VIEW big AS SELECT id FROM order_totals;", "description": ""},
    )
    response = client.post(url("object_delete", shop, key("v")), follow=True)
    page = response.content.decode()
    assert "Not removed. The view big needs the view order_totals" in page
    response = client.post(url("object_delete", shop, YEAR.id), follow=True)
    assert (
        "The columns events.year and events_2024.year use the domain year: change them first."
        in response.content.decode()
    )
    response = client.post(url("object_delete", shop, TICKETS.id), follow=True)
    assert "take their values from the sequence ticket_seq" in response.content.decode()
    big = objects_of(shop)[-1]
    assert client.post(url("object_delete", shop, big.id)).status_code == 302
    assert client.post(url("object_delete", shop, key("v"))).status_code == 302
    assert objects_of(shop) == ()


def test_a_comment_is_saved_in_place_with_htmx_and_without(client, shop, hx):
    comment = url("object_comment", shop, YEAR.id)
    response = client.post(comment, {"description": "Release year."}, **hx)
    assert response.status_code == 200
    assert 'id="comment-' in response.content.decode() and "Description saved." in (
        response.content.decode()
    )
    assert store.current_schema(shop).domains[0].description == "Release year."
    response = client.post(url("object_comment", shop, TICKETS.id), {"description": "Tickets"})
    assert response.status_code == 302
    assert store.current_schema(shop).sequences[0].description == "Tickets"
    response = client.post(comment, {"description": "x" * 10_001}, **hx)
    assert response.status_code == 400


def test_the_editor_refuses_deleting_a_field_the_view_reads(client, shop):
    field = models.Field.objects.get(id=key("orders.total"))
    response = client.post(url("field_delete", shop, field.id))
    page = response.content.decode()
    assert "The view order_totals reads orders.total: change or remove it first." in page
    assert models.Field.objects.filter(id=field.id).exists()


def test_unknown_ids_are_not_found(client, shop):
    missing = key("missing")
    assert client.get(url("object_edit", shop, missing)).status_code == 404
    assert client.post(url("object_delete", shop, missing)).status_code == 404
    assert client.post(url("object_comment", shop, missing)).status_code == 404


# --- who may do what ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["viewer", "reviewer"])
def test_readers_read_without_forms_and_may_not_change(shop, role):
    reader = signed_in(Client(), with_role(shop, role))
    page = reader.get(url("objects", shop)).content.decode()
    assert 'id="objects-read-only"' in page
    assert "CREATE" in page and 'class="highlight"' in page
    assert "<form" not in page.split('id="main"')[1].split("</main>")[0]
    assert url("object_edit", shop, key("v")) not in page
    assert reader.get(url("object_edit", shop, key("v"))).status_code == 403
    for name, args in [
        ("object_create", ()),
        ("object_delete", (key("v"),)),
        ("object_comment", (key("v"),)),
        ("object_edit", (key("v"),)),
    ]:
        assert reader.post(url(name, shop, *args), {"sql": "x"}).status_code == 403
    assert len(objects_of(shop)) == 1


def test_an_editor_may_change(shop):
    editor = signed_in(Client(), with_role(shop, "editor"))
    response = editor.post(url("object_comment", shop, key("v")), {"description": "Ok."})
    assert response.status_code == 302
    assert objects_of(shop)[0].description == "Ok."


def test_a_share_link_reads_the_page(shop):
    link = models.ShareLink.objects.create(project=shop, label="client", token="share-abc")
    visitor = Client()
    visitor.get(reverse("designer:share", args=[link.token]))
    response = visitor.get(url("objects", shop))
    assert response.status_code == 200
    assert 'id="objects-read-only"' in response.content.decode()
    response = visitor.post(url("object_comment", shop, key("v")), {"description": "x"})
    assert response.status_code == 302 and "login" in response["Location"]
