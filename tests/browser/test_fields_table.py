"""The fields table in real Chromium: the quick-add line, keyboard focus across inline
edits, long names, UK for unique keys, checks beside the keys, and the type's
parameters shown only when the type takes them."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from designer import models
from designer.demo import demo_schema
from designer.operations import AddCheck, AddField, AddIndex, AddUnique
from designer.services.edits import create_project
from designer.store import load_schema
from tests.support.accounts import sign_in_browser
from tests.support.edits import change

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TIMEOUT = 15_000
LONG = "a_field_name_that_is_exactly_sixty_three_characters_long_xxxxxx"
assert len(LONG) == 63


@pytest.fixture
def demo(transactional_db):
    project = create_project(name="Todo app (demo)", slug="demo", schema=demo_schema())
    todos = project.entities.get(name="todos")
    entity = str(todos.id)
    change(
        project,
        AddField(entity, {"name": "code", "data_type": "text"}),
        AddField(entity, {"name": "slug", "data_type": "text"}),
        AddField(entity, {"name": "rank", "data_type": "integer", "check_expression": "rank > 0"}),
        AddField(entity, {"name": LONG, "data_type": "text"}),
        AddIndex(entity, ({"column": "code"},), unique=True),
        AddUnique(entity, ("slug",)),
        AddCheck(entity, "rank < 100"),
    )
    return project


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 800})
    sign_in_browser(context, live_server.url)
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


def open_todos(page: Page, demo) -> None:
    todos = demo.entities.get(name="todos")
    page.goto(f"/projects/demo/entities/{todos.id}/")
    expect(page.locator("html")).to_have_attribute("data-editor-ready", "true")
    expect(page.locator("#erd-canvas svg")).to_be_visible()


def row(page: Page, name: str):
    return page.locator(
        "tr.field-row", has=page.locator("code.field-name", has_text=re.compile(f"^{name}$"))
    )


def test_the_quick_add_line_adds_keeps_the_keyboard_and_redraws(page: Page, demo):
    open_todos(page, demo)
    drawn = page.locator("#erd-canvas").get_attribute("data-rendered")
    quick = page.locator("#quick-add")
    quick.fill("weight numeric(8,3) not null, owner_id -> users?, nope kilograms")
    quick.press("Enter")
    error = page.locator("#quick-add-error")
    expect(error).to_contain_text("Item 3")
    expect(error).to_contain_text("no type kilograms")
    expect(page.locator("#quick-add")).to_have_value(
        "weight numeric(8,3) not null, owner_id -> users?, nope kilograms"
    )
    expect(page.locator("#quick-add")).to_be_focused()
    assert not models.Field.objects.filter(name="weight").exists()  # nothing applied

    page.locator("#quick-add").fill("weight numeric(8,3) not null, owner_id -> users?")
    page.locator("#quick-add").press("Enter")
    expect(row(page, "weight")).to_be_visible()
    expect(row(page, "owner_id")).to_be_visible()
    expect(page.locator("#quick-add")).to_have_value("")
    expect(page.locator("#quick-add")).to_be_focused()
    expect(page.locator("#erd-canvas")).not_to_have_attribute("data-rendered", drawn or "")
    expect(page.locator("#erd-canvas svg")).to_contain_text("weight")


def test_enter_on_edit_keeps_the_keyboard_in_the_row(page: Page, demo):
    open_todos(page, demo)
    edit = page.get_by_role("link", name="Edit title")
    edit.focus()
    edit.press("Enter")
    name = page.locator("tr.field-row.editing input[name='name']")
    expect(name).to_be_focused()
    name.press("Escape")  # Cancel
    expect(page.get_by_role("link", name="Edit title")).to_be_focused()
    page.get_by_role("link", name="Edit title").press("Enter")
    expect(name).to_be_focused()
    name.fill("headline")
    name.press("Enter")  # Save
    expect(page.get_by_role("link", name="Edit headline")).to_be_focused()


def test_a_63_character_name_keeps_the_actions_on_screen(page: Page, demo):
    for width in (1280, 1024):
        page.set_viewport_size({"width": width, "height": 800})
        open_todos(page, demo)
        long_row = row(page, LONG)
        expect(long_row.locator("code.field-name")).to_have_attribute("title", LONG)
        delete = long_row.locator("a[aria-label^='Delete']")
        box = delete.bounding_box()
        assert box is not None and box["x"] + box["width"] <= width, (width, box)
        panel = page.locator("#entity-panel").bounding_box()
        assert box["x"] + box["width"] <= panel["x"] + panel["width"] + 1, (width, box, panel)
        # Not clipped inside its cell or the table's scroll box either.
        cell = long_row.locator("td.row-actions").bounding_box()
        scroll = page.locator("#fields-section .table-scroll").bounding_box()
        assert box["x"] + box["width"] <= cell["x"] + cell["width"] + 0.5, (width, box, cell)
        assert cell["x"] + cell["width"] <= scroll["x"] + scroll["width"] + 0.5, (width, cell)
        expect(delete).to_have_text("✕")


def test_a_70_character_name_is_refused_with_the_text_kept(page: Page, demo):
    open_todos(page, demo)
    page.locator("#new-field > summary").click()
    name = page.locator("#new-field-name")
    name.fill("n" * 70)
    expect(name).to_have_value("n" * 70)  # not cut by the browser
    name.press("Enter")
    expect(page.locator("#fields-section")).to_contain_text(
        "PostgreSQL allows names of at most 63 bytes; this one has 70."
    )
    expect(page.locator("#new-field-name")).to_have_value("n" * 70)


def test_unique_keys_show_as_uk_and_checks_beside_the_keys(page: Page, demo):
    open_todos(page, demo)
    expect(row(page, "code").locator("td.keys")).to_contain_text("UK")  # unique index
    expect(row(page, "slug").locator("td.keys")).to_contain_text("UK")  # unique constraint
    expect(row(page, "title").locator("td.keys")).not_to_contain_text("UK")
    rank = row(page, "rank")
    expect(rank.locator("td.default")).not_to_contain_text("check")
    expect(rank.locator("td.keys .key-ck")).to_have_attribute("title", "CHECK (rank > 0)")


def test_length_precision_and_scale_show_only_for_types_that_take_them(page: Page, demo):
    open_todos(page, demo)
    page.locator("#new-field > summary").click()
    form = page.locator("#new-field form")
    kind = form.locator("select[name='data_type']")
    length, precision, scale = (
        form.locator(f"input[name='{n}']") for n in ("length", "precision", "scale")
    )
    kind.select_option("integer")
    for hidden in (length, precision, scale):
        expect(hidden).to_be_hidden()
    kind.select_option("varchar")
    expect(length).to_be_visible()
    expect(precision).to_be_hidden()
    length.fill("40")
    kind.select_option("numeric")
    expect(length).to_be_hidden()
    expect(precision).to_be_visible()
    expect(scale).to_be_visible()
    kind.select_option("timestamptz")
    expect(precision).to_be_visible()
    expect(scale).to_be_hidden()
    kind.select_option("varchar")
    expect(length).to_have_value("")  # emptied when hidden: not sent for another type
    length.fill("40")
    form.locator("input[name='name']").fill("nickname")
    form.locator("input[name='name']").press("Enter")
    expect(row(page, "nickname")).to_be_visible()
    table = next(t for t in load_schema(demo).tables if t.name == "todos")
    assert table.column("nickname").type.length == 40
