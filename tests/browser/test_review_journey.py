"""The design review in the editor, in real Chromium: badges, and a fix in one click."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from playwright.sync_api import Page, expect

from designer.demo import demo_schema
from designer.services.edits import create_project
from designer.store import load_schema
from tests.browser.test_editor_journeys import TIMEOUT, editor_ready
from tests.support.accounts import sign_in_browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def flawed(transactional_db):
    """The demo without the index that covers todos.user_id."""
    schema = demo_schema()
    tables = tuple(
        replace(table, indexes=()) if table.name == "todos" else table for table in schema.tables
    )
    schema = replace(schema, tables=tables)
    return create_project(name="Todo app (demo)", slug="demo", schema=schema)


def test_fix_a_finding_with_one_click(browser, live_server, flawed, artifacts_dir):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 800})
    sign_in_browser(context, live_server.url)
    page: Page = context.new_page()
    page.set_default_timeout(TIMEOUT)
    page.goto("/projects/demo/")
    editor_ready(page)
    page.locator("#entity-list a", has_text="todos").click()
    expect(page.locator("#entity-name")).to_have_value("todos")
    badge = page.locator("#fields tr", has_text="user_id").locator(".finding-badge")
    expect(badge).to_have_count(1)
    expect(
        page.locator("#entity-list a", has_text="todos").locator(".finding-badge")
    ).to_be_visible()
    expect(page.locator("#review-count")).to_have_text(re.compile(r"[1-9]"))
    page.locator('[role="tab"]', has_text="Review").click()
    finding = page.locator("li.finding", has_text="not covered by an index").first
    expect(finding).to_be_visible()
    page.screenshot(path=artifacts_dir / "editor-review.png")
    finding.locator("button.primary").click()
    expect(page.locator("#review-panel .notice")).to_contain_text("Fixed")
    expect(page.locator("li.finding", has_text="not covered by an index")).to_have_count(0)
    # The entity panel reloads with the new index, and the badge on user_id goes.
    expect(page.locator("#indexes-section")).to_contain_text("(user_id)")
    expect(badge).to_have_count(0)
    context.close()
    todos = next(t for t in load_schema(flawed).tables if t.name == "todos")
    assert [e.column for e in todos.indexes[0].elements] == ["user_id"]
