"""Rough edges of the Import page, in Chromium: the slug it proposes is free (creating
the project takes one click), and the counts read "1 index", not "1 indexes"."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from designer import models
from designer.demo import demo_schema
from designer.services.edits import create_project
from tests.browser.test_editor_journeys import TIMEOUT
from tests.support.accounts import sign_in_browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOP = """
CREATE TABLE shop (id bigint PRIMARY KEY, code varchar(20) NOT NULL);
CREATE INDEX shop_code_idx ON shop (code);
"""


def test_the_preview_proposes_a_free_slug_and_counts_in_the_singular(browser, live_server):
    create_project(name="Shop", slug="shop", schema=demo_schema())
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 800})
    sign_in_browser(context, live_server.url)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT)
    page.goto("/import/")
    page.get_by_label("Paste SQL").check()
    page.fill("#id_sql", SHOP)
    page.fill("#id_name", "Shop")
    page.get_by_role("button", name="Read and preview").click()
    expect(page.get_by_role("heading", name="Preview: Shop")).to_be_visible()
    counts = page.locator(".counts")
    expect(counts).to_contain_text("1 index")
    expect(counts).to_contain_text("1 table")
    expect(counts).not_to_contain_text("1 indexes")
    expect(page.locator(".summary-lines")).to_contain_text("1 table, 2 columns")
    expect(page.locator("#id_slug")).to_have_value("shop-2")
    page.get_by_role("button", name="Create the project").click()
    expect(page).to_have_url(re.compile(r"/projects/shop-2/$"))
    context.close()
    assert models.Project.objects.filter(slug="shop-2").exists()
