"""History, undo and two people at once, in real Chromium against a live server."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from designer import models
from designer.demo import demo_schema
from designer.services.edits import create_project
from designer.store import load_schema
from tests.browser.test_editor_journeys import TIMEOUT, editor_ready, wait_for_diagram
from tests.support.accounts import sign_in_browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db):
    return create_project(name="Todo app (demo)", slug="demo", schema=demo_schema())


@pytest.fixture
def person(browser, live_server):
    """A function that opens one more browser (a person of their own), checked for
    script errors and kept off the internet."""
    opened = []

    def open_page() -> Page:
        context = browser.new_context(
            base_url=live_server.url, viewport={"width": 1280, "height": 800}
        )
        sign_in_browser(context, live_server.url)
        page = context.new_page()
        page.set_default_timeout(TIMEOUT)
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.route(
            re.compile(r"^(?!" + re.escape(live_server.url) + ").*"), lambda route: route.abort()
        )
        opened.append((context, errors))
        return page

    yield open_page
    for context, errors in opened:
        context.close()
        assert errors == [], f"JavaScript errors on the page: {errors}"


def open_entity(page: Page, name: str) -> None:
    page.goto("/projects/demo/")
    editor_ready(page)
    if page.locator("#entity-name").input_value() != name:
        page.locator("#entity-list a", has_text=name).click()
        expect(page.locator("#entity-name")).to_have_value(name)
    wait_for_diagram(page)


def field_row(page: Page, name: str):
    return page.locator("#fields tr.field-row", has=page.locator("td.name code", has_text=name))


def test_undo_and_redo_a_field_delete_with_the_keyboard(person, demo, artifacts_dir):
    page = person()
    open_entity(page, "todos")
    due_date = field_row(page, "due_date")
    row_id = due_date.get_attribute("id")
    due_date.get_by_role("link", name="Delete due_date").click()
    page.locator("#fields button.danger", has_text="Delete").click()
    expect(field_row(page, "due_date")).to_have_count(0)
    expect(page.locator("#undo-button")).to_have_attribute(
        "title", "Undo: Deleted the field todos.due_date (Ctrl+Z)"
    )
    # Ctrl+Z in an input is the input's own undo: the design is left alone.
    page.locator("#entity-filter").click()
    page.keyboard.press("Control+z")
    page.wait_for_timeout(300)
    expect(field_row(page, "due_date")).to_have_count(0)

    page.locator("#fields-heading").click()  # out of any input
    page.keyboard.press("Control+z")
    expect(field_row(page, "due_date")).to_have_count(1)
    expect(page.locator(f"#{row_id}")).to_be_visible()  # the same field: the same id
    expect(page.locator("#design-status")).to_contain_text("Undid: Deleted the field")
    todos = next(t for t in load_schema(demo).tables if t.name == "todos")
    assert "due_date" in todos.column_names
    page.screenshot(path=artifacts_dir / "editor-undo.png")

    page.keyboard.press("Control+Shift+Z")
    expect(field_row(page, "due_date")).to_have_count(0)
    todos = next(t for t in load_schema(demo).tables if t.name == "todos")
    assert "due_date" not in todos.column_names

    page.click("#tab-history")
    history = page.locator("#history-panel")
    expect(history).to_contain_text("Redid: Deleted the field todos.due_date")
    expect(history).to_contain_text("Undid: Deleted the field todos.due_date")
    page.screenshot(path=artifacts_dir / "editor-history.png")


def test_an_edit_in_one_page_appears_in_the_other(person, demo, artifacts_dir):
    ada, bob = person(), person()
    open_entity(ada, "users")
    open_entity(bob, "users")
    # Bob starts typing a new field before Ada's change arrives.
    bob.locator("#new-field > summary").click()
    bob.fill("#new-field-name", "nickname")
    rendered = bob.locator("#erd-canvas").get_attribute("data-rendered")

    field_row(ada, "full_name").get_by_role("link", name="Edit full_name").click()
    ada.locator("tr.editing input[name=name]").fill("display_name")
    ada.keyboard.press("Enter")
    expect(field_row(ada, "display_name")).to_have_count(1)

    # Within the poll (two seconds), Bob's diagram and the banner follow...
    expect(bob.locator("#live-banner")).to_be_visible(timeout=6000)
    expect(bob.locator("#live-banner")).to_contain_text("Renamed users.full_name to display_name")
    expect(bob.locator("#erd-canvas")).not_to_have_attribute("data-rendered", rendered or "")
    expect(bob.locator("#erd-canvas")).to_contain_text("display_name")
    # ...and what he was typing is still there.
    expect(bob.locator("#new-field-name")).to_have_value("nickname")
    bob.screenshot(path=artifacts_dir / "editor-live-banner.png")
    # Reloading the entity would drop what he typed: the editor asks first.
    bob.once("dialog", lambda dialog: dialog.accept())
    bob.locator("#live-banner [data-live=reload]").click()
    expect(field_row(bob, "display_name")).to_have_count(1)
    expect(bob.locator("#live-banner")).to_be_hidden()
    # Ada's own change is not announced to Ada as someone else's.
    ada.wait_for_timeout(2500)
    expect(ada.locator("#live-banner")).to_be_hidden()


def test_a_conflicting_edit_shows_the_conflict_and_keeps_the_typed_text(
    person, demo, artifacts_dir
):
    ada, bob = person(), person()
    open_entity(ada, "users")
    open_entity(bob, "users")
    field_row(bob, "full_name").get_by_role("link", name="Edit full_name").click()
    bob.locator("tr.editing input[name=name]").fill("nickname")

    field_row(ada, "full_name").get_by_role("link", name="Edit full_name").click()
    ada.locator("tr.editing input[name=name]").fill("display_name")
    ada.keyboard.press("Enter")
    expect(field_row(ada, "display_name")).to_have_count(1)

    bob.locator("tr.editing input[name=name]").press("Enter")
    conflict = bob.locator("tr.editing .conflict")
    expect(conflict).to_contain_text("Someone changed this since you opened it")
    expect(conflict).to_contain_text("Renamed users.full_name to display_name")
    expect(conflict.locator("table")).to_contain_text("display_name")
    expect(bob.locator("tr.editing input[name=name]")).to_have_value("nickname")
    bob.screenshot(path=artifacts_dir / "editor-conflict.png")
    users = models.Entity.objects.get(project=demo, name="users")
    assert users.fields.filter(name="display_name").exists()  # nothing was overwritten
    # Ada's change was not Bob's, though his request learned of it: his diagram follows.
    expect(bob.locator("#erd-canvas")).to_contain_text("display_name", timeout=6000)

    bob.locator("tr.editing input[name=name]").press("Enter")  # knowingly, over Ada's
    expect(field_row(bob, "nickname")).to_have_count(1)
    assert users.fields.filter(name="nickname").exists()
