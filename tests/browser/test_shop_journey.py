"""The shop journey: a six-table shop built through the UI only, with its actions
counted (issue 15's target: at most 25).

customers (email unique), products, categories, a many-to-many between products and
categories, orders (-> customers, a status enum), order_items (-> orders, -> products,
quantity with a check > 0), one enum (order_status), a unique index and a partial
index — from an empty project list to the exported DDL, which applies on PostgreSQL.

Every click, every fill of an input and every key press (Enter) is one action,
navigation to the first page included; waiting and reading are not actions.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from designer import models
from designer.store import load_schema
from tests.support.accounts import sign_in_browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TIMEOUT = 15_000
MAX_ACTIONS = 25


class Actions:
    """The user's actions on the page, counted."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.count = 0
        self.log: list[str] = []

    def _note(self, text: str) -> None:
        self.count += 1
        self.log.append(text)

    def goto(self, url: str) -> None:
        self._note(f"open {url}")
        self.page.goto(url)

    def click(self, locator: Locator, label: str) -> None:
        self._note(f"click {label}")
        locator.click()

    def fill(self, locator: Locator, text: str) -> None:
        self._note(f"type {text!r}")
        locator.fill(text)

    def press(self, locator: Locator, key: str) -> None:
        self._note(f"press {key}")
        locator.press(key)


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}, accept_downloads=True
    )
    sign_in_browser(context, live_server.url)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.route(
        re.compile(r"^(?!" + re.escape(live_server.url) + ").*"), lambda route: route.abort()
    )
    yield page
    context.close()
    assert errors == [], f"JavaScript errors on the page: {errors}"


def editor_ready(page: Page) -> None:
    expect(page.locator("html")).to_have_attribute("data-editor-ready", "true")


def add_entity(user: Actions, text: str) -> None:
    """ "Add entity", the name (with its fields after a colon), Enter: 3 actions."""
    page = user.page
    user.click(page.locator("#new-entity summary"), "Add entity")
    name = page.locator("#new-entity-name")
    user.fill(name, text)
    user.press(name, "Enter")
    entity = text.partition(":")[0].strip()
    expect(page.locator("#entity-name")).to_have_value(entity)
    editor_ready(page)
    # The keyboard is in the new entity's quick-add line.
    expect(page.locator("#quick-add")).to_be_focused()


def test_the_shop_in_at_most_25_actions(page: Page, live_server, pg_db):
    user = Actions(page)
    user.goto("/")
    user.fill(page.locator("#new-project-name"), "Shop")
    user.press(page.locator("#new-project-name"), "Enter")
    editor_ready(page)
    project = models.Project.objects.get(name="Shop")
    assert page.url.endswith(f"/projects/{project.slug}/")

    # The enum: "Add enum type", its name, its values, the button.
    user.click(page.locator("#enum-list summary", has_text="Add enum type"), "Add enum type")
    user.fill(page.locator("#new-enum-name"), "order_status")
    user.fill(page.locator("#new-enum-values_text"), "new\npaid\nshipped\ncancelled")
    user.click(page.get_by_role("button", name="Add enum type"), "the Add enum type button")
    expect(page.locator("#enum-list code", has_text="order_status")).to_be_visible()

    add_entity(user, "customers: email varchar(255) not null unique, name text not null")
    add_entity(user, "categories: name text not null unique")
    add_entity(
        user,
        "products: name text not null, price numeric(10,2) not null check (price >= 0), "
        "<-> categories",
    )
    # The entity first, then its quick-add line, where the keyboard already is.
    add_entity(user, "orders")
    quick = page.locator("#quick-add")
    user.fill(
        quick,
        "-> customers, status order_status not null default 'new', placed_at timestamptz, "
        "index (customer_id, placed_at) where status <> 'cancelled'",
    )
    user.press(quick, "Enter")
    expect(page.locator("#fields code", has_text="placed_at")).to_be_visible()
    expect(page.locator("#quick-add")).to_have_value("")
    expect(page.locator("#quick-add")).to_be_focused()
    add_entity(
        user,
        "order_items: -> orders, -> products, quantity integer not null check (quantity > 0), "
        "unit_price numeric(10,2) not null, unique index (order_id, product_id)",
    )
    expect(page.locator("#fields code", has_text="unit_price")).to_be_visible()

    print(f"\nThe shop took {user.count} actions:\n  " + "\n  ".join(user.log))
    assert user.count <= MAX_ACTIONS, user.log

    # The design has all of it.
    schema = load_schema(project)
    tables = {table.name: table for table in schema.tables}
    assert set(tables) == {
        "customers", "categories", "products", "products_categories", "orders", "order_items"
    }  # fmt: skip
    assert tables["customers"].column("email").unique
    assert [enum.name for enum in schema.enums] == ["order_status"]
    assert tables["orders"].column("status").type.enum.name == "order_status"
    assert tables["order_items"].column("quantity").check == "quantity > 0"
    pairs = {(r.from_table.name, r.to_table.name) for r in schema.relationships}
    assert {
        ("orders", "customers"),
        ("order_items", "orders"),
        ("order_items", "products"),
    } <= pairs
    assert [(m.left.name, m.right.name) for m in schema.many_to_many] == [
        ("products", "categories")
    ]
    assert any(index.unique for index in tables["order_items"].indexes)
    assert any(index.where == "status <> 'cancelled'" for index in tables["orders"].indexes)

    # The exported DDL (the Export menu's download) applies on PostgreSQL.
    page.locator("summary", has_text="Export").click()
    with page.expect_download() as download:
        page.get_by_role("menuitem", name=re.compile("PostgreSQL DDL")).click()
    ddl = Path(download.value.path()).read_text(encoding="utf-8")
    assert "CREATE UNIQUE INDEX" in ddl and "WHERE" in ddl
    pg_db.run(ddl)
    tables_in_pg = {
        row[0] for row in pg_db.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    }
    assert tables_in_pg == set(tables)
