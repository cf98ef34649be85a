"""The diagram views page: the list, the forms (errors keep what was typed), who may do
what, the Mermaid download, and junk in URLs and parameters."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client
from django.urls import reverse

from designer import store
from designer.services import edits
from designer.services.diagram_views import ViewDefinition, add_view
from tests.support.accounts import signed_in, with_role
from tests.support.migration_cases import BASE, key

pytestmark = pytest.mark.django_db

ORDERS = key("orders")


@pytest.fixture
def shop(db):
    return edits.create_project(name="Shop", slug="shop", schema=BASE)


@pytest.fixture
def around(shop):
    add_view(shop, ViewDefinition("Around orders", "around", center=ORDERS, hops=1))
    return store.current_schema(shop).diagram_views[0]


def url(name: str, project, *args) -> str:
    return reverse(f"designer:{name}", args=[project.slug, *args])


def views_of(project):
    return store.current_schema(project).diagram_views


def test_the_page_lists_the_views_with_what_they_show(client, shop, around):
    page = client.get(url("diagram_views", shop)).content.decode()
    assert "Around orders" in page
    assert "orders and its neighbours up to 1 step" in page
    assert "customers, orders, order_items" in page
    assert url("diagram_view_mermaid", shop, around.id) in page
    assert f"{shop.get_absolute_url()}?view={around.id}" in page
    assert 'id="new-view"' in page


def test_a_view_is_added_from_the_form(client, shop):
    response = client.post(
        url("diagram_view_create", shop),
        {"name": "Sales", "mode": "tables", "tables": [ORDERS, key("customers")], "hops": "1"},
    )
    assert response.status_code == 302
    (view,) = views_of(shop)
    assert (view.name, view.mode, set(view.tables)) == (
        "Sales",
        "tables",
        {ORDERS, key("customers")},
    )
    page = client.get(response["Location"]).content.decode()
    assert "Added the view Sales." in page


def test_a_refused_view_keeps_what_was_typed_and_says_why(client, shop, around):
    typed = {"name": "around ORDERS", "mode": "around", "center": ORDERS, "hops": "3"}
    response = client.post(url("diagram_view_create", shop), typed)
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a view named “around ORDERS” already." in page
    assert 'value="around ORDERS"' in page
    assert 'value="3" selected' in page
    assert len(views_of(shop)) == 1


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ({"name": "", "mode": "tables"}, "Give the view a name."),
        ({"name": "A", "mode": "tables"}, "Choose at least one entity."),
        ({"name": "A", "mode": "around"}, "Choose the entity the view is around."),
        ({"name": "A", "mode": "bogus"}, "Choose what the view shows."),
        ({"name": "A", "mode": "tables", "tables": ["junk"]}, "no longer exists"),
        ({"name": "A", "mode": "schemas", "schemas": ["<b>x</b>"]}, "&lt;b&gt;x&lt;/b&gt;"),
        ({"name": "A", "mode": "around", "center": ORDERS, "hops": "99"}, "from 1 to 5 steps"),
        ({"name": "x" * 101, "mode": "tables"}, "at most 100 characters"),
    ],
)
def test_bad_input_is_said_beside_the_form_never_a_500(client, shop, typed, says):
    response = client.post(url("diagram_view_create", shop), {"hops": "1", **typed})
    assert response.status_code == 200
    assert says in response.content.decode()
    assert views_of(shop) == ()


def test_a_view_is_changed_and_removed(client, shop, around):
    edit = url("diagram_view_edit", shop, around.id)
    page = client.get(edit).content.decode()
    assert 'value="Around orders"' in page and f'value="{ORDERS}" selected' in page
    response = client.post(
        edit, {"name": "Near orders", "mode": "around", "center": ORDERS, "hops": "2"}
    )
    assert response.status_code == 302
    assert (views_of(shop)[0].name, views_of(shop)[0].hops) == ("Near orders", 2)
    response = client.post(url("diagram_view_delete", shop, around.id))
    assert response.status_code == 302 and views_of(shop) == ()


def test_an_edit_refused_keeps_what_was_typed(client, shop, around):
    add_view(shop, ViewDefinition("Other", "tables", tables=(ORDERS,)))
    edit = url("diagram_view_edit", shop, around.id)
    response = client.post(edit, {"name": "other", "mode": "around", "center": ORDERS, "hops": "4"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a view named “other” already." in page and 'value="4" selected' in page


def test_a_stale_form_on_another_view_applies_and_on_the_same_view_conflicts(client, shop, around):
    seen = shop.revision
    add_view(shop, ViewDefinition("Other", "tables", tables=(ORDERS,)))
    edit = url("diagram_view_edit", shop, around.id)
    typed = {"name": "Mine", "mode": "around", "center": ORDERS, "hops": "1", "base_revision": seen}
    assert client.post(edit, typed).status_code == 302
    theirs = {**typed, "name": "Theirs"}
    response = client.post(edit, theirs)
    assert response.status_code == 200 and "Someone changed this since" in response.content.decode()
    assert views_of(shop)[0].name == "Mine"


def test_the_mermaid_download_is_the_view_named_after_it(client, shop, around):
    response = client.get(url("diagram_view_mermaid", shop, around.id))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="around-orders.mmd"'
    text = response.content.decode()
    assert text.startswith("erDiagram")
    assert "    orders {" in text and "    customers {" in text and "    products {" not in text


def test_the_file_name_is_safe_whatever_the_views_name(client, shop):
    add_view(shop, ViewDefinition('Ça "va"; rm -rf / ✓', "tables", tables=(ORDERS,)))
    view = views_of(shop)[0]
    response = client.get(url("diagram_view_mermaid", shop, view.id))
    assert response["Content-Disposition"] == 'attachment; filename="ca-va-rm-rf.mmd"'


@pytest.mark.parametrize("name", ["diagram_view_mermaid", "diagram_view_edit"])
def test_an_unknown_view_is_not_found(client, shop, name):
    assert client.get(url(name, shop, uuid.uuid4())).status_code == 404


def test_junk_in_the_url_or_the_parameters_is_never_a_500(client, shop, around):
    assert client.get(f"/projects/{shop.slug}/diagram-views/nope/erd.mmd").status_code == 404
    assert client.post(url("diagram_view_delete", shop, uuid.uuid4())).status_code == 404
    for query in ("?part=download&view=junk", "?part=nope", "?view=%00"):
        assert client.get(url("diagram_views", shop) + query).status_code == 200
    response = client.post(url("diagram_view_create", shop), {"mode": ["tables", "around"]})
    assert response.status_code == 200


def test_readers_see_the_list_without_forms_and_may_not_write(shop, around):
    viewer = signed_in(Client(), with_role(shop, "viewer"))
    page = viewer.get(url("diagram_views", shop)).content.decode()
    assert "Around orders" in page and 'id="new-view"' not in page and "Remove" not in page
    assert viewer.get(url("diagram_view_mermaid", shop, around.id)).status_code == 200
    typed = {"name": "Mine", "mode": "tables", "tables": [ORDERS]}
    assert viewer.post(url("diagram_view_create", shop), typed).status_code == 403
    assert viewer.get(url("diagram_view_edit", shop, around.id)).status_code == 403
    assert viewer.post(url("diagram_view_edit", shop, around.id), typed).status_code == 403
    assert viewer.post(url("diagram_view_delete", shop, around.id)).status_code == 403
    assert len(views_of(shop)) == 1


def test_the_toolbar_link_follows_the_view_chosen(client, shop, around):
    link = client.get(url("diagram_views", shop) + f"?part=download&view={around.id}")
    assert url("diagram_view_mermaid", shop, around.id) in link.content.decode()
    whole = client.get(url("diagram_views", shop) + "?part=download&view=")
    assert reverse("designer:export", args=[shop.slug, "mermaid"]) in whole.content.decode()


def test_the_editor_offers_the_views_without_a_query_more(client, shop, around):
    page = client.get(shop.get_absolute_url() + f"?view={around.id}").content.decode()
    assert 'name="view"' in page
    assert f'<option value="{around.id}" selected>Around orders</option>' in page
    assert url("diagram_views", shop) in page
