"""Rough edges of the editor's pages, in real Chromium (issue 15): no debug line under the
diagram, header menus that close once used, and no htmx console error after a review fix
or a suppression, in the editor's Review tab and on the review page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from designer.demo import demo_schema
from designer.services.edits import create_project
from tests.browser.test_editor_journeys import TIMEOUT, open_editor
from tests.support.accounts import sign_in_browser
from tests.views.test_review import make_flawed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db):
    return create_project(name="Todo app (demo)", slug="demo", schema=demo_schema())


@pytest.fixture
def flawed(demo):
    """The demo with an unindexed foreign key (a fix) and NO ACTION (to suppress)."""
    return make_flawed(demo)


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
    page.console = []  # every console message's text, for the tests to read
    page.on("console", lambda message: page.console.append(message.text))
    page.route(
        re.compile(r"^(?!" + re.escape(live_server.url) + ").*"), lambda route: route.abort()
    )
    yield page
    context.close()
    assert errors == [], f"JavaScript errors on the page: {errors}"


def test_no_debug_line_and_the_export_menu_closes(page: Page, demo):
    open_editor(page)
    canvas = page.locator("#erd-canvas")
    expect(canvas).to_have_attribute("data-drawn-ms", re.compile(r"^\d+$"))  # for benchmarks
    expect(page.locator("body")).not_to_contain_text("drawn in")

    export = page.locator("details.menu", has_text="Export")
    export.locator("summary").click()
    expect(export).to_have_attribute("open", "")
    with page.expect_download() as download:
        page.get_by_role("menuitem", name=re.compile("Design file")).click()
    assert download.value.suggested_filename == "design.json"
    expect(export).not_to_have_attribute("open", re.compile(".*"))

    export.locator("summary").click()
    expect(export).to_have_attribute("open", "")
    page.keyboard.press("Escape")
    expect(export).not_to_have_attribute("open", re.compile(".*"))
    expect(export.locator("summary")).to_be_focused()

    export.locator("summary").click()
    page.locator("#entity-filter").click()  # outside the menu
    expect(export).not_to_have_attribute("open", re.compile(".*"))


def _fix_then_suppress(page: Page) -> None:
    """Fix the unindexed foreign key, then suppress the missing ON DELETE, waiting for
    each panel (and the requests it triggers) to settle."""
    page.locator("li.finding", has_text="not covered by an index").locator("button.primary").click()
    expect(page.locator("#review-panel .notice")).to_contain_text("Fixed")
    finding = page.locator("li.finding", has_text="no explicit ON DELETE").first
    finding.locator("details.suppress > summary").click()
    finding.get_by_label("Why is this accepted?").fill("Deletes go through the API.")
    finding.get_by_role("button", name="Suppress").click()
    expect(page.locator("#review-panel .notice")).to_contain_text("Suppressed")
    expect(page.locator("#review-panel")).to_contain_text("Accepted because: Deletes go")
    page.wait_for_load_state("networkidle")


def _htmx_errors(page: Page) -> list[str]:
    return [text for text in page.console if "htmx:" in text]


def test_review_fix_and_suppress_in_the_editor(page: Page, flawed):
    open_editor(page)
    page.locator('[role="tab"]', has_text="Review").click()
    count = page.locator("#review-count")
    expect(count).to_have_text("2")
    _fix_then_suppress(page)
    expect(count).to_have_text("0")
    assert _htmx_errors(page) == []


def test_review_fix_and_suppress_on_the_review_page(page: Page, flawed):
    page.goto("/projects/demo/review/")
    _fix_then_suppress(page)
    expect(page.locator("#review-count")).to_have_text("0")
    assert _htmx_errors(page) == []
