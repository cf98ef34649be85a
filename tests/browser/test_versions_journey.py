"""Versions in real Chromium: save a version, change the design, open the version
read-only (its diagram drawn), restore it, and undo the restore."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from designer import models
from designer.demo import demo_schema
from designer.services.edits import create_project
from designer.store import load_schema
from tests.browser.test_content_security_policy import RECORD_VIOLATIONS, violations
from tests.browser.test_editor_journeys import TIMEOUT, editor_ready, open_editor
from tests.support.accounts import sign_in_browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db):
    return create_project(name="Todo app (demo)", slug="demo", schema=demo_schema())


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 800}, accept_downloads=True
    )
    sign_in_browser(context, live_server.url)
    context.add_init_script(RECORD_VIOLATIONS)  # the Content-Security-Policy's refusals
    page = context.new_page()
    page.set_default_timeout(TIMEOUT)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("dialog", lambda dialog: dialog.accept())  # hx-confirm: "Restore ...?"
    page.route(
        re.compile(r"^(?!" + re.escape(live_server.url) + ").*"), lambda route: route.abort()
    )
    yield page
    context.close()
    assert errors == [], f"JavaScript errors on the page: {errors}"


def _tables(project) -> set[str]:
    return {table.name for table in load_schema(project).tables}


def test_save_change_open_restore_and_undo_a_version(page: Page, demo, artifacts_dir):
    # Save the design as v1 from the Versions page the editor links to.
    open_editor(page)
    page.get_by_role("link", name="Versions").click()
    expect(page.get_by_role("heading", name="Versions", exact=True)).to_be_visible()
    expect(page.locator("#version-name")).to_have_value("v1")
    page.fill("#version-message", "The seeds' design")
    page.get_by_role("button", name="Save version").click()
    expect(page.locator(".messages")).to_contain_text("Saved the design as v1.")
    expect(page.locator("#version-v1")).to_contain_text("The seeds' design")
    expect(page.locator("#version-name")).to_have_value("v2")
    page.screenshot(path=artifacts_dir / "versions.png")

    # Change the design in the editor.
    open_editor(page)
    page.locator("#new-entity > summary").click()
    page.fill("#new-entity-name", "projects")
    page.locator("#new-entity button[type=submit]").click()
    expect(page.locator("#entity-name")).to_have_value("projects")
    assert _tables(demo) == {"users", "todos", "projects"}

    # Open v1 read-only: its tables, and its diagram drawn by Mermaid.
    page.goto("/projects/demo/versions/")
    page.get_by_role("link", name="Open v1").click()
    expect(page.get_by_role("heading", name="Version v1")).to_be_visible()
    diagram = page.locator("#version-diagram.drawn svg")
    expect(diagram).to_be_visible()
    expect(page.locator("#version-diagram.drawn g.node")).to_have_count(2)  # no "projects"
    expect(page.locator(".version-table h3")).to_have_text(["users", "todos"])
    expect(page.locator("main input:not([type=hidden]), main select, main textarea")).to_have_count(
        0
    )
    page.screenshot(path=artifacts_dir / "version.png")
    assert violations(page) == []  # drawn without inline script
    page.get_by_role("link", name="Document").click()
    expect(page.locator("#doc-version")).to_contain_text("Version v1")
    expect(page.locator(".doc-diagram.drawn svg")).to_be_visible()
    assert violations(page) == []
    with page.expect_download() as download:
        page.get_by_role("link", name="Download DATABASE_SCHEMA.md").click()
    assert download.value.suggested_filename == "v1-DATABASE_SCHEMA.md"
    page.go_back()

    # Restore it: a new change, after a confirmation; the editor opens on the result.
    page.get_by_role("button", name="Restore v1").click()
    expect(page).to_have_url(re.compile(r"/projects/demo/$"))
    editor_ready(page)
    expect(page.locator(".messages")).to_contain_text("Restored v1")
    expect(page.locator("#entity-list")).not_to_contain_text("projects")
    assert _tables(demo) == {"users", "todos"}
    latest = models.Change.objects.filter(project=demo).order_by("-revision").first()
    assert latest.kind == "restore" and latest.summary.startswith(
        "Replaced the design from version v1"
    )

    # Undo takes the restore back.
    expect(page.locator("#undo-button")).to_have_attribute(
        "title", re.compile(r"^Undo: Replaced the design from version v1")
    )
    page.locator("#undo-button").click()
    expect(page.locator("#entity-list")).to_contain_text("projects")
    assert _tables(demo) == {"users", "todos", "projects"}
    page.screenshot(path=artifacts_dir / "version-restore-undone.png")
