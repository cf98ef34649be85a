"""Diagram views in real Chromium: a view "around orders, 1 step" made on the views page,
its Mermaid download, then chosen above the editor's diagram, which draws only its
entities (customers <- orders <- order_items; products are two steps away)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from designer.services.edits import create_project
from tests.browser.test_editor_journeys import TIMEOUT, editor_ready, wait_for_diagram
from tests.support.accounts import sign_in_browser
from tests.support.migration_cases import BASE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def shop(transactional_db):
    return create_project(name="Shop", slug="shop", schema=BASE)


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 800}, accept_downloads=True
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


def test_a_view_around_orders_is_made_downloaded_and_drawn(page: Page, shop):
    page.goto("/projects/shop/diagram-views/")
    expect(page.locator("#no-views")).to_be_visible()
    form = page.locator("#new-view")
    form.get_by_label("Name").fill("Around orders")
    form.get_by_label("An entity and its neighbours").check()
    expect(form.locator("fieldset.for-tables")).to_be_hidden()  # only the inputs of that kind
    form.locator("select[name=center]").select_option(label="orders")
    form.locator("select[name=hops]").select_option(label="1 step away")
    form.get_by_role("button", name="Add the view").click()

    row = page.locator("tr.view-row", has_text="Around orders")
    expect(row).to_contain_text("customers, orders, order_items")
    expect(page.locator(".messages")).to_contain_text("Added the view Around orders.")

    with page.expect_download() as download:
        row.get_by_role("link", name=re.compile("Download the Mermaid source")).click()
    assert download.value.suggested_filename == "around-orders.mmd"
    text = Path(download.value.path()).read_text(encoding="utf-8")
    heads = set(re.findall(r"^    (\w+) \{$", text, re.MULTILINE))
    assert heads == {"customers", "orders", "order_items"}

    page.goto("/projects/shop/")
    editor_ready(page)
    wait_for_diagram(page)
    chooser = page.locator("#erd-controls select[name=view]")
    expect(chooser).to_have_count(1)
    expect(page.locator("#erd-canvas g.node")).to_have_count(4)
    rendered = page.locator("#erd-canvas").get_attribute("data-rendered")
    chooser.select_option(label="Around orders")
    expect(page.locator("#erd-canvas")).not_to_have_attribute("data-rendered", rendered or "")
    expect(page.locator("#erd-canvas g.node")).to_have_count(3)
    ids = page.locator("#erd-canvas g.node").evaluate_all("nodes => nodes.map(n => n.id)")
    drawn = {re.sub(r"^.*?entity-(.+)-\d+$", r"\1", identifier) for identifier in ids}
    assert drawn == {"customers", "orders", "order_items"}, ids
    download_link = page.locator("#erd-view-download a")
    expect(download_link).to_have_attribute(
        "href", re.compile(r"/diagram-views/[0-9a-f-]+/erd\.mmd$")
    )
