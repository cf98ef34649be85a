"""Rough edges of the editor, in real Chromium (issue 15): the entity list follows every
change (field counts, a new junction entity), unsaved typed text is not lost without a
question, an index can be edited in place, and the pages fit a 390 px wide phone."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from designer.demo import demo_schema
from designer.services.edits import create_project
from designer.store import load_schema
from tests.browser.test_editor_journeys import (
    TIMEOUT,
    add_field,
    assert_not_reloaded,
    editor_ready,
    mark_page,
    open_editor,
)
from tests.support.accounts import sign_in_browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db):
    return create_project(name="Todo app (demo)", slug="demo", schema=demo_schema())


def _page(browser, live_server, width: int, height: int):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": width, "height": height}
    )
    sign_in_browser(context, live_server.url)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT)
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.route(
        re.compile(r"^(?!" + re.escape(live_server.url) + ").*"), lambda route: route.abort()
    )
    return context, page


@pytest.fixture
def page(browser, live_server):
    context, page = _page(browser, live_server, 1280, 800)
    yield page
    context.close()
    assert page.errors == [], f"JavaScript errors on the page: {page.errors}"


@pytest.fixture
def phone(browser, live_server):
    context, page = _page(browser, live_server, 390, 844)
    yield page
    context.close()
    assert page.errors == [], f"JavaScript errors on the page: {page.errors}"


def _count_of(page: Page, entity: str):
    return page.locator("#entity-list li", has_text=re.compile(rf"^\s*{entity}\b")).locator(
        ".count"
    )


# -- 1. the entity list follows every change ---------------------------------------------


def test_the_entity_list_follows_field_counts_and_new_junctions(page: Page, demo):
    open_editor(page, "todos")
    count = _count_of(page, "todos")
    before = int(count.inner_text())
    mark_page(page)
    add_field(page, "priority", "integer")
    expect(page.locator("#fields")).to_contain_text("priority")
    expect(count).to_have_text(str(before + 1))
    expect(page.locator("#entity-list a[aria-current]")).to_contain_text("todos")

    # a many-to-many makes a junction entity: it is listed at once
    expect(page.locator("#entity-list")).not_to_contain_text("todos_users")
    page.locator("#new-relationship > summary").click()
    page.select_option("#new-rel-kind", "many_to_many")
    page.select_option("#new-rel-to_entity", label="users")
    page.locator("#new-relationship button[type=submit]").click()
    expect(page.locator("#entity-list")).to_contain_text("todos_users")
    expect(page.locator("#entity-list")).to_contain_text("3 entities")
    assert_not_reloaded(page)


def test_the_refreshed_list_keeps_the_filter(page: Page, demo):
    open_editor(page, "todos")
    page.locator("#entity-filter").fill("tod")
    expect(page.locator("#entity-list a")).to_have_count(1)
    add_field(page, "priority", "integer")
    expect(_count_of(page, "todos")).to_have_text(str(len(demo_schema().tables[1].columns) + 1))
    expect(page.locator("#entity-list a")).to_have_count(1)
    expect(page.locator("#entity-filter")).to_have_value("tod")


# -- 2. unsaved typed text ---------------------------------------------------------------


def test_opening_another_entity_asks_before_discarding_typed_text(page: Page, demo):
    open_editor(page, "todos")
    page.locator("#new-field > summary").click()
    page.locator("#new-field-name").click()
    page.keyboard.type("half_typed")
    asked: list[str] = []

    def dismiss(dialog):
        asked.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", dismiss)
    page.locator("#entity-list a", has_text="users").click()
    expect(page.locator("#new-field-name")).to_have_value("half_typed")
    assert asked and asked[0].startswith("Discard unsaved changes")
    expect(page.locator("#entity-name")).to_have_value("todos")

    # the diagram opens entities through the same request: asked too
    page.once("dialog", dismiss)
    page.locator("#erd-canvas g.node", has_text="users").first.click()
    expect(page.locator("#new-field-name")).to_have_value("half_typed")
    assert len(asked) == 2
    expect(page.locator("#entity-name")).to_have_value("todos")

    # yes: the other entity opens
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#entity-list a", has_text="users").click()
    expect(page.locator("#entity-name")).to_have_value("users")


def test_nothing_is_asked_without_typed_text_or_after_saving(page: Page, demo):
    asked: list[str] = []
    page.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))
    open_editor(page, "todos")
    page.locator("#entity-list a", has_text="users").click()
    expect(page.locator("#entity-name")).to_have_value("users")
    add_field(page, "nickname")
    expect(page.locator("#fields")).to_contain_text("nickname")
    page.locator("#entity-list a", has_text="todos").click()
    expect(page.locator("#entity-name")).to_have_value("todos")
    # typed then cancelled (Escape on an inline edit)
    page.locator("tr.field-row", has_text="title").get_by_role("link", name="Edit title").click()
    name = page.locator("tr.editing input[name=name]")
    name.fill("changed")
    name.press("Escape")
    expect(page.locator("tr.editing")).to_have_count(0)
    page.locator("#entity-list a", has_text="users").click()
    expect(page.locator("#entity-name")).to_have_value("users")
    page.reload()
    editor_ready(page)
    assert asked == []


def test_reloading_with_typed_text_asks_the_browser_question(page: Page, demo):
    open_editor(page, "todos")
    page.locator("#new-field > summary").click()
    page.locator("#new-field-name").click()
    page.keyboard.type("half_typed")
    kinds: list[str] = []

    def answer(dialog):
        kinds.append(dialog.type)
        dialog.accept()

    page.on("dialog", answer)
    page.reload()
    editor_ready(page)
    assert kinds == ["beforeunload"]


# -- 3. editing an index -----------------------------------------------------------------


def test_edit_an_index_in_place(page: Page, demo):
    open_editor(page, "todos")
    index_id = load_schema(demo).tables[1].indexes[0].id
    mark_page(page)
    page.locator(f"#index-{index_id}").get_by_role(
        "link", name=re.compile("Edit this index")
    ).click()
    form = page.locator(f"#index-{index_id} form")
    keys = form.locator("input[name=keys]")
    expect(keys).to_have_value("user_id, completed")
    keys.fill("user_id, due_date DESC")
    form.locator("input[name=unique]").check()
    form.locator("input[name=where]").fill("completed = false; drop table todos")
    form.get_by_role("button", name="Save index").click()
    expect(form.locator(".errorlist")).to_contain_text("semicolon")
    expect(form.locator("input[name=keys]")).to_have_value("user_id, due_date DESC")
    form.locator("input[name=where]").fill("completed = false")
    form.get_by_role("button", name="Save index").click()
    expect(page.locator("#indexes-section")).to_contain_text(
        "UNIQUE (user_id, due_date DESC) WHERE completed = false"
    )
    expect(page.locator("#indexes-section form[aria-label='Edit the index']")).to_have_count(0)
    index = load_schema(demo).tables[1].indexes[0]
    assert index.id == index_id and index.unique and index.where == "completed = false"
    assert_not_reloaded(page)

    # Escape cancels an edit
    page.locator(f"#index-{index_id}").get_by_role(
        "link", name=re.compile("Edit this index")
    ).click()
    page.locator(f"#index-{index_id} input[name=keys]").press("Escape")
    expect(page.locator(f"#index-{index_id} form[aria-label='Edit the index']")).to_have_count(0)
    expect(page.locator("#indexes-section")).to_contain_text("UNIQUE (user_id, due_date DESC)")


# -- 5. a 390 px wide phone --------------------------------------------------------------


def _fits(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page is {width} px wide"
    outside = page.evaluate(
        """() => [...document.querySelectorAll('.topbar a, .topbar summary')]
              .filter(e => e.offsetParent !== null)
              .filter(e => { const r = e.getBoundingClientRect();
                             return r.left < 0 || r.right > window.innerWidth; })
              .map(e => e.textContent.trim())"""
    )
    assert outside == [], f"header links outside the viewport: {outside}"


def test_the_editor_fits_a_phone(phone: Page, demo, artifacts_dir):
    open_editor(phone, "todos")
    _fits(phone)
    table = phone.locator("table.fields")
    expect(table).to_be_visible()
    # the fields table scrolls inside its card: its last column can be reached
    scroller = phone.locator(".table-scroll", has=phone.locator("table.fields"))
    box = scroller.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    canvas = phone.locator("#erd-viewport, .erd-viewport").first
    height = canvas.bounding_box()["height"]
    assert 250 <= height <= 844, f"the diagram is {height} px high"
    phone.screenshot(path=artifacts_dir / "phone-editor.png", full_page=True)
    # a small edit works on the phone
    add_field(phone, "priority", "integer")
    expect(phone.locator("#fields")).to_contain_text("priority")
    _fits(phone)


def test_the_project_list_and_the_document_fit_a_phone(phone: Page, demo, artifacts_dir):
    phone.goto("/")
    _fits(phone)
    phone.screenshot(path=artifacts_dir / "phone-projects.png", full_page=True)
    phone.goto("/projects/demo/document/")
    expect(phone.locator(".doc-body")).to_contain_text("Data Integrity Rules")
    _fits(phone)
    phone.screenshot(path=artifacts_dir / "phone-document.png")
