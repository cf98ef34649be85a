"""The schema document page in Chromium: the ten sections and the drawn diagram."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from designer.demo import demo_schema
from designer.services.edits import create_project
from tests.browser.test_editor_journeys import TIMEOUT
from tests.support.accounts import sign_in_browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_document_page_draws_the_diagram(browser, live_server, artifacts_dir):
    create_project(name="Todo app (demo)", slug="demo", schema=demo_schema())
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 800})
    sign_in_browser(context, live_server.url)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT)
    page.goto("/projects/demo/")
    page.get_by_role("link", name="Document").click()
    expect(page.get_by_role("heading", name="Database Schema Design")).to_be_visible()
    expect(page.locator(".doc-section h2")).to_have_count(10)
    diagram = page.locator(".doc-diagram.drawn svg")
    expect(diagram).to_be_visible()
    expect(diagram).to_contain_text("todos")
    expect(page.locator(".doc-diagram.drawn g.node")).to_have_count(2)
    page.screenshot(path=artifacts_dir / "document.png")
    page.locator(".doc-toc a", has_text="3. Entity Relationship Diagram").click()
    page.screenshot(path=artifacts_dir / "document-diagram.png")
    context.close()
