"""The Import page takes a real dump end to end in Chromium."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from designer import models
from designer.store import load_schema
from tests.browser.test_editor_journeys import TIMEOUT, editor_ready
from tests.support.accounts import sign_in_browser
from tests.support.corpus import CORPUS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_import_a_pg_dump_into_a_new_project(browser, live_server, artifacts_dir):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 800})
    sign_in_browser(context, live_server.url)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT)
    page.goto("/")
    page.get_by_role("link", name="Import").click()
    expect(page.get_by_role("heading", name="Import a schema")).to_be_visible()
    page.get_by_label("Upload a file (.sql dump or design.json)").check()
    page.set_input_files("#id_file", str(CORPUS / "openstreetmap" / "schema.sql"))
    page.fill("#id_name", "OpenStreetMap")
    page.screenshot(path=artifacts_dir / "import.png")
    page.get_by_role("button", name="Read and preview").click()
    expect(page.get_by_role("heading", name="Preview: OpenStreetMap")).to_be_visible()
    expect(page.locator(".counts")).to_contain_text("56 tables")
    expect(page.locator(".summary-lines")).to_contain_text("kept as SQL: 2 functions")
    page.screenshot(path=artifacts_dir / "import-preview.png", full_page=True)
    assert models.Project.objects.count() == 0
    page.fill("#id_slug", "osm")
    page.get_by_role("button", name="Create the project").click()
    expect(page).to_have_url(re.compile(r"/projects/osm/$"))
    editor_ready(page)
    expect(page.locator(".messages")).to_contain_text("Created OpenStreetMap from schema.sql")
    expect(page.locator("#entity-list")).to_contain_text("changesets")
    context.close()
    schema = load_schema(models.Project.objects.get(slug="osm"))
    assert len(schema.tables) == 56 and schema.extensions == ("btree_gist",)
