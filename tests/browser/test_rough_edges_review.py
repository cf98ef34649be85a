"""Rough edges of issue 15 seen from the review, the document and a rename, in real
Chromium: an entity whose name differs from another's only in case is warned about; the
document's uniqueness rules include a unique index; renaming a table rewrites its
junction's generated description."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from designer.demo import demo_schema
from designer.operations import AddIndex, AddManyToMany
from designer.services.edits import apply, create_project
from designer.store import load_schema
from tests.browser.test_editor_journeys import TIMEOUT, editor_ready, open_editor
from tests.support.accounts import sign_in_browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db):
    return create_project(name="Todo app (demo)", slug="demo", schema=demo_schema())


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 800})
    sign_in_browser(context, live_server.url)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == [], f"JavaScript errors on the page: {errors}"


def _table_id(project, name: str) -> str:
    return next(table.id for table in load_schema(project).tables if table.name == name)


def test_an_entity_named_like_another_but_for_case_is_warned_about(page: Page, demo):
    open_editor(page)
    page.locator("#new-entity > summary").click()
    page.fill("#new-entity-name", "Users")
    page.locator("#new-entity button[type=submit]").click()
    expect(page.locator("#entity-name")).to_have_value("Users")
    editor_ready(page)
    page.get_by_role("tab", name="Review").click()
    expect(page.locator("#pane-review")).to_contain_text(
        "The tables users and Users differ only in case."
    )


def test_the_document_lists_a_unique_index_among_the_uniqueness_rules(page: Page, demo):
    todos = _table_id(demo, "todos")
    apply(demo, [AddIndex(todos, ({"column": "user_id"}, {"column": "title"}), unique=True)])
    page.goto("/projects/demo/document/")
    heading = page.locator("h2", has_text="8. Data Integrity Rules")
    expect(heading).to_be_visible()
    # Section 8 runs from its heading to the next one.
    rules = heading.evaluate(
        """(h2) => { let text = ""; for (let node = h2.nextElementSibling;
                       node && node.tagName !== "H2"; node = node.nextElementSibling) {
                       text += node.textContent + "\\n"; } return text; }"""
    )
    assert "is unique in todos" in rules and "UNIQUE INDEX" in rules


def test_renaming_a_table_rewrites_its_junctions_generated_description(page: Page, demo):
    apply(demo, [AddManyToMany(_table_id(demo, "users"), _table_id(demo, "todos"))])
    junction = next(t for t in load_schema(demo).tables if t.name not in ("users", "todos"))
    assert junction.description == "Links users and todos (many-to-many)."
    page.goto(f"/projects/demo/entities/{_table_id(demo, 'todos')}/")
    editor_ready(page)
    expect(page.locator("#entity-name")).to_have_value("todos")
    page.fill("#entity-name", "tasks")
    page.locator("#entity-panel").get_by_role("button", name="Save entity").click()
    expect(page.locator("#entity-list")).to_contain_text("tasks")
    page.locator("#entity-list a", has_text=junction.name).first.click()
    expect(page.locator("#entity-name")).to_have_value(junction.name)
    expect(page.locator("#entity-description")).to_have_value(
        "Links users and tasks (many-to-many)."
    )
