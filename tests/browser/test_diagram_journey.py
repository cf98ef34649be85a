"""The editor's diagram as a working surface, in real Chromium (Playwright driving
/usr/bin/chromium): the split beside the entity panel, full screen with the entity panel
as a side sheet, panning without selecting text, the search box, the detail levels, and
what the browser remembers per project. The full-screen screenshot of the demo goes to
docs/screenshots/diagram-fullscreen.png (the README shows it).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from designer.demo import demo_schema
from designer.schema.model import Column, ColumnType, PrimaryKey, Schema, Table
from designer.services.edits import create_project
from designer.store import load_schema
from tests.support.accounts import sign_in_browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TIMEOUT = 15_000
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture
def demo(transactional_db):
    return create_project(name="Todo app (demo)", slug="demo", schema=demo_schema())


@pytest.fixture
def page(browser, live_server, demo):
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


def open_editor(page: Page, slug: str = "demo") -> None:
    page.goto(f"/projects/{slug}/")
    expect(page.locator("html")).to_have_attribute("data-editor-ready", "true")
    wait_for_diagram(page)


def wait_for_diagram(page: Page) -> None:
    expect(page.locator("#erd-canvas svg")).to_be_visible()
    expect(page.locator("#erd-canvas")).to_have_attribute("data-first-drawn", "1")


def redrawn(page: Page, before: str) -> None:
    expect(page.locator("#erd-canvas")).not_to_have_attribute("data-rendered", before)
    wait_for_diagram(page)


def transform(page: Page) -> str:
    return page.locator("#erd-canvas").evaluate("element => element.style.transform")


def box(page: Page, selector: str) -> dict:
    found = page.locator(selector).bounding_box()
    assert found is not None, f"{selector} is not shown"
    return found


# -- the split ----------------------------------------------------------------------


def test_the_split_moves_with_the_pointer_and_the_keys_and_is_remembered(page: Page):
    open_editor(page)
    handle = page.get_by_role("separator", name="Width of the entity panel beside the diagram")
    expect(handle).to_have_attribute("aria-orientation", "vertical")
    expect(handle).to_have_attribute("aria-valuenow", "60")

    # Dragged to the left: the diagram takes most of the width.
    start = box(page, "#split-handle")
    page.mouse.move(start["x"] + 4, start["y"] + 200)
    page.mouse.down()
    page.mouse.move(420, start["y"] + 220, steps=6)
    page.mouse.up()
    value = int(handle.get_attribute("aria-valuenow"))
    assert 15 <= value <= 25
    assert box(page, "section.side")["width"] > 3 * box(page, "#entity-panel")["width"]
    assert page.evaluate("window.getSelection().toString()") == ""

    # The keys: arrows by 2, Shift by 10, Home and End to the limits.
    handle.focus()
    page.keyboard.press("ArrowRight")
    expect(handle).to_have_attribute("aria-valuenow", str(value + 2))
    page.keyboard.press("Shift+ArrowLeft")
    expect(handle).to_have_attribute("aria-valuenow", str(max(value - 8, 15)))
    page.keyboard.press("End")
    expect(handle).to_have_attribute("aria-valuenow", "80")
    page.keyboard.press("Home")
    expect(handle).to_have_attribute("aria-valuenow", "15")
    expect(handle).to_have_attribute("aria-valuetext", "Entity panel 15%, diagram 85%")
    side = box(page, "section.side")["width"]

    # Remembered in this browser, for every project.
    page.reload()
    wait_for_diagram(page)
    expect(handle).to_have_attribute("aria-valuenow", "15")
    assert abs(box(page, "section.side")["width"] - side) < 2


# -- panning ------------------------------------------------------------------------


def test_panning_over_the_labels_never_selects_text_nor_opens_an_entity(page: Page):
    open_editor(page)
    expect(page.locator("#entity-name")).to_have_value("users")
    before = transform(page)
    viewport = box(page, "#erd-viewport")
    todos = box(page, '#erd-canvas g.node[id*="-entity-todos-"]')
    # From the empty corner, across both entities' labels and out of the diagram.
    page.mouse.move(viewport["x"] + 6, viewport["y"] + 6)
    page.mouse.down()
    page.mouse.move(todos["x"] + todos["width"] / 2, todos["y"] + 10, steps=8)
    page.mouse.move(viewport["x"] + 60, viewport["y"] + 120, steps=8)
    page.mouse.up()
    assert page.evaluate("window.getSelection().toString()") == ""
    assert transform(page) != before
    # A drag that starts on an entity pans too, and opens nothing.
    moved = transform(page)
    todos = box(page, '#erd-canvas g.node[id*="-entity-todos-"]')
    page.mouse.move(todos["x"] + 20, todos["y"] + 20)
    page.mouse.down()
    page.mouse.move(todos["x"] + 140, todos["y"] + 90, steps=8)
    page.mouse.up()
    assert transform(page) != moved
    assert page.evaluate("window.getSelection().toString()") == ""
    page.wait_for_timeout(300)
    expect(page.locator("#entity-name")).to_have_value("users")
    # The diagram's text cannot be selected at all (nothing in it is text to copy).
    assert page.locator("#erd-viewport").evaluate("e => getComputedStyle(e).userSelect") == "none"


# -- full screen and the side sheet -------------------------------------------------


def test_full_screen_with_the_entity_panel_as_a_side_sheet(page: Page, demo):
    open_editor(page)
    full = page.get_by_role("button", name="Full screen")
    full.click()
    expect(page.locator("#erd-fullscreen")).to_have_attribute("aria-pressed", "true")
    side = box(page, "section.side")
    bar = box(page, ".editor-bar")
    assert side["x"] == 0 and side["width"] == 1280
    assert (
        abs(side["y"] - (bar["y"] + bar["height"])) < 2
        and abs(side["y"] + side["height"] - 800) < 2
    )
    expect(page.locator(".sidebar")).to_be_hidden()
    expect(page.locator("#entity-panel")).to_be_hidden()
    expect(page.get_by_role("tab", name="Code")).to_be_hidden()

    # An entity clicked opens in the side sheet, over the diagram's right side (and
    # the diagram is drawn again, marking it: measured after that drawing).
    before = page.locator("#erd-canvas").get_attribute("data-rendered")
    page.locator('#erd-canvas g.node[id*="-entity-todos-"]').click()
    expect(page.locator("#entity-name")).to_have_value("todos")
    redrawn(page, before)
    sheet = box(page, "#entity-panel")
    # The entity clicked stays in sight, left of the sheet.
    todos = box(page, '#erd-canvas g.node[id*="-entity-todos-"]')
    assert todos["x"] + todos["width"] <= sheet["x"]
    assert sheet["x"] + sheet["width"] == pytest.approx(1280, abs=1) and sheet["width"] < 700
    assert sheet["y"] >= box(page, "#erd-controls")["y"] + box(page, "#erd-controls")["height"] - 1
    # Fit fits the diagram left of the sheet.
    page.get_by_role("button", name="Fit the diagram").click()
    for entity in ("users", "todos"):
        drawn = box(page, f'#erd-canvas g.node[id*="-entity-{entity}-"]')
        assert drawn["x"] >= 0 and drawn["x"] + drawn["width"] <= sheet["x"]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "diagram-fullscreen.png")

    # The sheet is the real panel: an edit there is saved.
    page.fill("#entity-description", "Things to do, edited beside the full-screen diagram.")
    before = page.locator("#erd-canvas").get_attribute("data-rendered")
    page.locator("#entity-panel").get_by_role("button", name="Save entity").click()
    redrawn(page, before)
    todos = next(t for t in load_schema(demo).tables if t.name == "todos")
    assert todos.description == "Things to do, edited beside the full-screen diagram."
    expect(page.locator(".editor")).to_have_class(re.compile(r"\bsheet-open\b"))

    # The diagram stays interactive beside the sheet: zoom, and another entity.
    zoomed = transform(page)
    page.get_by_role("button", name="Zoom in").click()
    assert transform(page) != zoomed
    page.get_by_role("button", name="Fit the diagram").click()
    page.locator('#erd-canvas g.node[id*="-entity-users-"]').click()
    expect(page.locator("#entity-name")).to_have_value("users")

    # Escape closes an open header menu first, and only the menu.
    page.locator("header summary", has_text="Export").click()
    page.keyboard.press("Escape")
    expect(page.locator("header details.menu[open]")).to_have_count(0)
    expect(page.locator("#erd-fullscreen")).to_have_attribute("aria-pressed", "true")

    # Closed with its button; Escape in the diagram leaves full screen.
    page.get_by_role("button", name="Close the entity panel").click()
    expect(page.locator("#entity-panel")).to_be_hidden()
    page.locator("#erd-viewport").focus()
    page.keyboard.press("Escape")
    expect(page.locator("#erd-fullscreen")).to_have_attribute("aria-pressed", "false")
    expect(page.locator(".sidebar")).to_be_visible()
    expect(page.locator("#entity-panel")).to_be_visible()
    assert box(page, "section.side")["width"] < 700

    # F in the diagram: full screen again, remembered for the project.
    page.locator("#erd-viewport").focus()
    page.keyboard.press("f")
    expect(page.locator("#erd-fullscreen")).to_have_attribute("aria-pressed", "true")
    page.reload()
    wait_for_diagram(page)
    expect(page.locator("#erd-fullscreen")).to_have_attribute("aria-pressed", "true")
    expect(page.locator(".sidebar")).to_be_hidden()
    # Escape in the sheet closes the sheet only.
    page.locator('#erd-canvas g.node[id*="-entity-todos-"]').click()
    page.locator("#entity-description").focus()
    page.keyboard.press("Escape")
    expect(page.locator("#entity-panel")).to_be_hidden()
    expect(page.locator("#erd-fullscreen")).to_have_attribute("aria-pressed", "true")


# -- the search box -----------------------------------------------------------------


def _centre(found: dict) -> tuple[float, float]:
    return found["x"] + found["width"] / 2, found["y"] + found["height"] / 2


def test_the_search_box_centres_the_diagram_on_an_entity_and_opens_it(page: Page):
    open_editor(page)
    expect(page.locator("#erd-search-names option")).to_have_count(2)
    # Somewhere else first, so that centring has to move.
    page.get_by_role("button", name="Zoom out").click()
    page.locator("#erd-viewport").focus()
    for _ in range(6):
        page.keyboard.press("ArrowLeft")
    search = page.get_by_role("combobox", name="Find an entity in the diagram")
    search.fill("TOD")
    search.press("Enter")
    expect(page.locator("#entity-name")).to_have_value("todos")
    todos = page.locator('#erd-canvas g.node[id*="-entity-todos-"]')
    expect(todos).to_have_class(re.compile(r"\bfound\b"))
    expect(page.locator("#erd-status")).to_have_text("Found todos.")
    viewport = box(page, "#erd-viewport")
    x, y = _centre(todos.bounding_box())
    vx, vy = _centre(viewport)
    assert abs(x - vx) < 30 and abs(y - vy) < 30

    search.fill("nothing like it")
    search.press("Enter")
    expect(page.locator("#erd-status")).to_have_text("No entity matches “nothing like it”.")
    expect(page.locator("#entity-name")).to_have_value("todos")

    # In full screen: the entity opens in the sheet, centred in what the sheet leaves.
    page.get_by_role("button", name="Full screen").click()
    search.fill("users")
    before = page.locator("#erd-canvas").get_attribute("data-rendered")
    search.press("Enter")
    expect(page.locator("#entity-name")).to_have_value("users")
    redrawn(page, before)  # the entity opened: the diagram marks it
    sheet = box(page, "#entity-panel")
    users = box(page, '#erd-canvas g.node[id*="-entity-users-"]')
    assert users["x"] + users["width"] <= sheet["x"] + 1
    assert abs(_centre(users)[0] - sheet["x"] / 2) < 30


# -- focus, detail and zoom remembered per project ----------------------------------


def test_focus_detail_and_zoom_are_remembered_per_project(page: Page):
    create_project(name="Other", slug="other", schema=demo_schema())
    open_editor(page)
    focus = page.locator('#erd-controls input[name="focus"]')
    detail = page.locator("#erd-detail")
    expect(focus).not_to_be_checked()
    expect(detail).to_have_value("all")

    before = page.locator("#erd-canvas").get_attribute("data-rendered")
    detail.select_option("keys")
    redrawn(page, before)
    # Keys only: the key columns, nothing else.
    rows = page.locator('#erd-canvas g.node[id*="-entity-todos-"] .label.attribute-name')
    expect(rows).to_have_text(["id", "user_id"])
    before = page.locator("#erd-canvas").get_attribute("data-rendered")
    focus.check()
    redrawn(page, before)
    page.get_by_role("button", name="Zoom in").click()
    page.get_by_role("button", name="Zoom in").click()
    page.locator("#erd-viewport").focus()
    page.keyboard.press("ArrowDown")
    page.wait_for_timeout(300)  # the view is written after a short pause
    view = transform(page)

    page.reload()
    wait_for_diagram(page)
    expect(focus).to_be_checked()
    expect(detail).to_have_value("keys")
    expect(page.locator("#erd-status")).to_have_text("Focus: users and its neighbours")
    assert transform(page) == view

    # Names only draws bare entities.
    before = page.locator("#erd-canvas").get_attribute("data-rendered")
    detail.select_option("names")
    redrawn(page, before)
    expect(page.locator("#erd-canvas .label.attribute-name")).to_have_count(0)

    # Another project keeps its own (the defaults).
    open_editor(page, "other")
    expect(focus).not_to_be_checked()
    expect(detail).to_have_value("all")
    assert transform(page) != view


def test_a_large_schema_opens_as_names_around_the_entity(page: Page):
    tables = tuple(
        Table(
            id=f"00000000-0000-4000-8000-{number:012d}",
            name=f"table_{number:02d}",
            columns=(
                Column(
                    f"00000000-0000-4000-9000-{number:012d}",
                    "id",
                    ColumnType("uuid"),
                    nullable=False,
                ),
            ),
            primary_key=PrimaryKey(("id",)),
        )
        for number in range(31)
    )
    create_project(name="Large", slug="large", schema=Schema(tables=tables))
    open_editor(page, "large")
    expect(page.locator('#erd-controls input[name="focus"]')).to_be_checked()
    expect(page.locator("#erd-detail")).to_have_value("names")
    expect(page.locator("#erd-canvas .label.attribute-name")).to_have_count(0)
