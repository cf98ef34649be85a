"""DBML in Chromium: a .dbml file imported through the Import page (preview, then the
project), and the project's DBML downloaded from the editor's export URL."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from designer import models
from designer.store import load_schema
from tests.browser.test_editor_journeys import TIMEOUT, editor_ready
from tests.support.accounts import sign_in_browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOP = Path(__file__).resolve().parents[1] / "importers" / "dbml" / "shop.dbml"


def test_import_a_dbml_file_then_download_the_projects_dbml(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 800})
    sign_in_browser(context, live_server.url)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT)
    page.goto("/import/")
    page.get_by_label("Upload a file (.sql dump or design.json) or DBML (.dbml)").check()
    page.set_input_files("#id_file", str(SHOP))
    expect(page.locator("#id_language")).to_be_visible()
    page.get_by_role("button", name="Read and preview").click()
    expect(page.get_by_role("heading", name="Preview: shop")).to_be_visible()
    expect(page.locator(".counts")).to_contain_text("7 tables")
    expect(page.locator(".summary-lines")).to_contain_text("skipped: 1 table group: selling")
    assert models.Project.objects.count() == 0
    page.fill("#id_slug", "shop")
    page.get_by_role("button", name="Create the project").click()
    expect(page).to_have_url(re.compile(r"/projects/shop/$"))
    editor_ready(page)
    expect(page.locator(".messages")).to_contain_text("Created shop from shop.dbml")
    expect(page.locator("#entity-list")).to_contain_text("order_items")

    # The editor's Export menu links to this URL (``designer:export shop dbml``).
    download = context.request.get(reverse("designer:export", args=["shop", "dbml"]))
    assert download.ok
    assert download.headers["content-disposition"] == 'attachment; filename="schema.dbml"'
    text = download.text()
    for table in ("customers", "products", "sales.orders", "sales.order_items", "categories"):
        assert f"Table {table} {{" in text
    assert "Ref order_items_order: sales.order_items.order_id > sales.orders.id" in text
    context.close()
    schema = load_schema(models.Project.objects.get(slug="shop"))
    assert len(schema.tables) == 7
