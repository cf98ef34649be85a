"""A viewer in real Chromium: the editor is drawn read-only, the downloads work, and a
field edit posted anyway is refused (403) and changes nothing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from designer.demo import demo_schema
from designer.models import Field, Role
from designer.services.edits import create_project
from tests.browser.test_content_security_policy import RECORD_VIOLATIONS, violations
from tests.browser.test_editor_journeys import TIMEOUT, editor_ready, wait_for_diagram
from tests.support.accounts import sign_in_browser, with_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db):
    return create_project(name="Todo app (demo)", slug="demo", schema=demo_schema())


@pytest.fixture
def page(browser, live_server, demo):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 800}, accept_downloads=True
    )
    sign_in_browser(context, live_server.url, with_role(demo, Role.VIEWER))
    context.add_init_script(RECORD_VIOLATIONS)
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


def _csrf_token(page: Page) -> str:
    """The CSRF cookie's token (what a script outside the page would send); the page's own
    token when the browser keeps no such cookie."""
    for cookie in page.context.cookies():
        if cookie["name"] == settings.CSRF_COOKIE_NAME:
            return cookie["value"]
    headers = page.locator("body").get_attribute("hx-headers")
    return re.search(r'"X-CSRFToken": "([^"]+)"', headers).group(1)


def test_a_viewer_reads_downloads_and_is_refused(page: Page, demo):
    todos = demo.entities.get(name="todos")
    title = todos.fields.get(name="title")
    page.goto(f"/projects/demo/entities/{todos.id}/")
    editor_ready(page)
    wait_for_diagram(page)

    # Read only, and said so.
    expect(page.locator("#read-only-note")).to_contain_text("You are a viewer of this project")
    expect(page.locator("#entity-header h2")).to_contain_text("todos")
    expect(page.locator("#fields .field-row", has_text="title")).to_be_visible()
    for text in ("Add field", "Add entity", "Add relationship", "Add index", "Add enum type"):
        expect(page.get_by_text(text, exact=True)).to_have_count(0)
    expect(page.get_by_role("link", name=re.compile(r"^Edit\b"))).to_have_count(0)
    expect(page.get_by_role("button", name=re.compile("Delete|Save|Undo|Redo"))).to_have_count(0)
    expect(page.locator("main form[method=post]")).to_have_count(0)
    expect(page.locator("#undo-bar")).to_have_count(0)
    expect(page.locator("#team-menu summary")).to_have_text("Team")
    expect(page.get_by_role("link", name="Settings")).to_have_count(0)
    page.screenshot(path="/tmp/viewer.png")

    # The review tab has no one-click fixes for a viewer.
    page.locator("#tab-review").click()
    expect(page.locator("#review-panel .review-summary")).to_be_visible()
    expect(page.locator("#review-panel form")).to_have_count(0)

    # Downloads work.
    page.get_by_text("Export", exact=True).click()
    with page.expect_download() as download:
        page.get_by_role("menuitem", name=re.compile("PostgreSQL DDL")).click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert "CREATE TABLE" in text and "todos" in text

    # A field edit posted anyway: refused by the server, and nothing changes.
    demo.refresh_from_db()
    revision = demo.revision
    response = page.request.post(
        f"/projects/demo/fields/{title.id}/edit/",
        form={"name": "headline", "data_type": "text", "base_revision": str(revision)},
        headers={"X-CSRFToken": _csrf_token(page), "Referer": page.url},
    )
    assert response.status == 403
    assert "CSRF" not in response.text()  # refused for the role, not for the token
    demo.refresh_from_db()
    assert demo.revision == revision
    assert Field.objects.get(pk=title.pk).name == "title"
    assert violations(page) == []
