"""Every page works under the Content-Security-Policy, in Chromium.

The policy forbids inline script (config/settings.py); a page that still had an inline
script or handler, or a library that needed ``eval``, would report a violation here —
and its behaviour (a diagram drawn, a form's busy state, the editor's panels) would
break, which the journey checks too.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from designer.demo import demo_schema
from designer.services.edits import create_project
from tests.browser.test_editor_journeys import TIMEOUT
from tests.support.accounts import sign_in_browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Records every violation the page reports, before any of the page's scripts run.
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__violations.push(event.violatedDirective + " " + (event.blockedURI || "inline"));
});
"""


def violations(page) -> list[str]:
    return page.evaluate("window.__violations")


def test_the_pages_work_and_report_no_violation(browser, live_server, artifacts_dir):
    create_project(name="Todo app (demo)", slug="demo", schema=demo_schema())
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 800})
    sign_in_browser(context, live_server.url)
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT)
    console = []
    page.on("console", lambda message: console.append(message.text))
    seen: dict[str, list[str]] = {}

    page.goto("/")
    expect(page.get_by_role("link", name="Todo app (demo)", exact=True)).to_be_visible()
    seen["projects"] = violations(page)

    page.get_by_role("link", name="Todo app (demo)", exact=True).click()
    expect(page.locator("#erd-canvas svg")).to_be_visible()  # Mermaid drew the diagram
    page.locator("#entity-list a", has_text="todos").click()  # htmx swaps the panel
    expect(page.locator("#entity-panel")).to_contain_text("title")
    page.get_by_role("tab", name="Code").click()
    expect(page.locator("#preview")).to_contain_text("CREATE TABLE")
    page.get_by_role("tab", name="Review").click()
    page.get_by_role("tab", name="History").click()
    seen["editor"] = violations(page)

    page.goto("/projects/demo/document/")
    expect(page.locator(".doc-diagram.drawn svg")).to_be_visible()
    expect(page.locator("[data-print]")).to_be_visible()
    seen["document"] = violations(page)

    page.goto("/import/")
    page.get_by_label("Paste SQL").check()
    page.locator("textarea[name=sql]").fill("CREATE TABLE notes (id bigint PRIMARY KEY);")
    page.get_by_role("button", name="Read and preview").click()
    expect(page.get_by_role("heading", name="Preview: Pasted SQL")).to_be_visible()
    seen["import"] = violations(page)

    page.goto("/projects/demo/settings/")
    seen["settings"] = violations(page)
    page.screenshot(path=artifacts_dir / "csp-settings.png")
    context.close()

    assert seen == {page: [] for page in seen}
    assert not [text for text in console if "Content Security Policy" in text]


def test_a_blocked_inline_script_is_reported(browser, live_server):
    """The check above can fail: an inline script on one of our pages is refused."""
    context = browser.new_context(base_url=live_server.url)
    sign_in_browser(context, live_server.url)
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT)
    page.goto("/")
    page.evaluate(
        """() => new Promise((resolve) => {
            const script = document.createElement("script");
            script.textContent = "window.__ran = true";
            document.addEventListener("securitypolicyviolation", () => resolve());
            document.body.append(script);
        })"""
    )
    assert page.evaluate("window.__ran === undefined")
    assert violations(page) == ["script-src-elem inline"]
    context.close()
