"""The editor's user journeys in real Chromium (Playwright driving /usr/bin/chromium).

Each journey runs against a live server with the demo project. Screenshots of the main
screens are left in test-artifacts/ for people to look at.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from designer import models
from designer.demo import demo_schema
from designer.services.edits import create_project
from designer.store import load_schema
from tests.support.accounts import sign_in_browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TIMEOUT = 15_000


@pytest.fixture
def demo(transactional_db):
    project = create_project(name="Todo app (demo)", slug="demo", schema=demo_schema())
    return project


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
    # Nothing may come from the network: only the live server answers.
    page.route(
        re.compile(r"^(?!" + re.escape(live_server.url) + ").*"), lambda route: route.abort()
    )
    yield page
    context.close()
    assert errors == [], f"JavaScript errors on the page: {errors}"


def editor_ready(page: Page) -> None:
    """Wait until htmx and the editor's script have taken over the page."""
    expect(page.locator("html")).to_have_attribute("data-editor-ready", "true")


def open_editor(page: Page, entity: str | None = None) -> None:
    page.goto("/projects/demo/")
    editor_ready(page)
    if entity and page.locator("#entity-name").input_value() != entity:
        page.locator("#entity-list a", has_text=entity).click()
        expect(page.locator("#entity-name")).to_have_value(entity)
    wait_for_diagram(page)


def wait_for_diagram(page: Page) -> None:
    expect(page.locator("#erd-canvas svg")).to_be_visible()


def diagram_changed(page: Page, before: str) -> None:
    expect(page.locator("#erd-canvas")).not_to_have_attribute("data-rendered", before)
    wait_for_diagram(page)


def mark_page(page: Page) -> None:
    """Set a flag that a full reload would lose."""
    page.evaluate("window.__noReload = true")


def assert_not_reloaded(page: Page) -> None:
    assert page.evaluate("window.__noReload === true"), "the page was reloaded"


def add_field(page: Page, name: str, data_type: str = "text", **extra) -> None:
    if page.locator("#new-field[open]").count() == 0:
        page.locator("#new-field > summary").click()
    page.fill("#new-field-name", name)
    page.select_option("#new-field-data_type", data_type)
    for key, value in extra.items():
        page.fill(f"#new-field-{key}", value)
    page.locator("#new-field button[type=submit]").click()


def test_create_a_project(page: Page, artifacts_dir, demo):
    page.goto("/")
    page.screenshot(path=artifacts_dir / "projects.png")
    page.fill("#new-project-name", "Library")
    page.fill("#new-project-description", "Books and loans.")
    page.locator("form button.primary", has_text="Create project").click()
    expect(page).to_have_url(re.compile(r"/projects/library/$"))
    expect(page.locator(".messages")).to_contain_text("Created the project Library")
    assert models.Project.objects.filter(slug="library").exists()


def test_add_an_entity_with_fields(page: Page, artifacts_dir, demo):
    open_editor(page)
    page.locator("#new-entity > summary").click()
    page.fill("#new-entity-name", "projects")
    page.fill("#new-entity-description", "Groups of todos.")
    page.locator("#new-entity button[type=submit]").click()
    expect(page.locator("#entity-name")).to_have_value("projects")
    editor_ready(page)
    expect(page.locator("#fields")).to_contain_text("gen_random_uuid()")
    mark_page(page)
    add_field(page, "title", "varchar", length="120", description="Shown in lists")
    expect(page.locator("#fields")).to_contain_text("varchar(120)")
    expect(page.locator("#new-field-name")).to_be_focused()
    add_field(page, "budget", "numeric", precision="12", scale="2")
    expect(page.locator("#fields")).to_contain_text("numeric(12,2)")
    assert_not_reloaded(page)
    table = next(t for t in load_schema(demo).tables if t.name == "projects")
    assert table.column_names == ("id", "created_at", "updated_at", "title", "budget")
    page.screenshot(path=artifacts_dir / "editor-new-entity.png")


def test_add_a_relationship_and_see_the_edge(page: Page, artifacts_dir, demo):
    open_editor(page)
    page.locator("#new-entity > summary").click()
    page.fill("#new-entity-name", "comments")
    page.locator("#new-entity button[type=submit]").click()
    expect(page.locator("#entity-name")).to_have_value("comments")
    editor_ready(page)
    wait_for_diagram(page)
    edges_before = page.locator("#erd-canvas svg path.relationshipLine").count()
    rendered = page.locator("#erd-canvas").get_attribute("data-rendered")
    mark_page(page)
    page.locator("#new-relationship > summary").click()
    page.select_option("#new-rel-to_entity", label="todos")
    page.select_option("#new-rel-on_delete", "CASCADE")
    page.fill("#new-rel-from_attribute", "todo")
    page.fill("#new-rel-to_attribute", "comments")
    page.locator("#new-relationship button[type=submit]").click()
    expect(page.locator("#fields")).to_contain_text("todo_id")
    diagram_changed(page, rendered)
    expect(page.locator("#erd-canvas svg path.relationshipLine")).to_have_count(edges_before + 1)
    assert_not_reloaded(page)
    page.screenshot(path=artifacts_dir / "editor-relationship.png")


def test_rename_a_field_updates_the_diagram_and_the_ddl_preview(page: Page, artifacts_dir, demo):
    open_editor(page, "todos")
    page.locator('[role="tab"]', has_text="Code").click()
    expect(page.locator("#preview .code")).to_contain_text("due_date")
    page.locator('[role="tab"]', has_text="Diagram").click()
    rendered = page.locator("#erd-canvas").get_attribute("data-rendered")
    mark_page(page)
    row = page.locator("tr.field-row", has_text="due_date")
    row.get_by_role("link", name="Edit due_date").click()
    name = page.locator("tr.editing input[name=name]")
    expect(name).to_be_visible()
    page.screenshot(path=artifacts_dir / "editor-inline-edit.png")
    name.fill("deadline")
    name.press("Enter")
    expect(page.locator("#fields")).to_contain_text("deadline")
    diagram_changed(page, rendered)
    expect(page.locator("#erd-canvas svg")).to_contain_text("deadline")
    expect(page.locator("#erd-canvas svg")).not_to_contain_text("due_date")
    page.locator('[role="tab"]', has_text="Code").click()
    expect(page.locator("#preview .code")).to_contain_text("deadline")
    expect(page.locator("#preview .code")).not_to_contain_text("due_date")
    assert_not_reloaded(page)


def test_escape_cancels_an_inline_edit(page: Page, demo):
    open_editor(page, "todos")
    page.locator("tr.field-row", has_text="title").get_by_role("link", name="Edit title").click()
    name = page.locator("tr.editing input[name=name]")
    name.fill("changed")
    name.press("Escape")
    expect(page.locator("tr.editing")).to_have_count(0)
    expect(page.locator("#fields")).to_contain_text("title")
    assert load_schema(demo).tables[1].column_names[2] == "title"


def test_an_invalid_name_shows_the_error_and_keeps_the_input(page: Page, artifacts_dir, demo):
    open_editor(page, "todos")
    row = page.locator("tr.field-row", has_text="title")
    row.get_by_role("link", name="Edit title").click()
    name = page.locator("tr.editing input[name=name]")
    name.fill("description")
    name.press("Enter")
    error = page.locator("tr.editing .errorlist")
    expect(error).to_contain_text("todos already has a field named “description”.")
    expect(page.locator("tr.editing input[name=name]")).to_have_value("description")
    page.locator("tr.editing input[name=default]").fill("1; DROP TABLE users")
    page.locator("tr.editing input[name=default]").press("Enter")
    expect(page.locator("tr.editing .has-error input[name=default]")).to_have_value(
        "1; DROP TABLE users"
    )
    expect(page.locator("tr.editing")).to_contain_text("semicolon")
    page.screenshot(path=artifacts_dir / "editor-error.png")
    assert load_schema(demo).tables[1].column("title").default is None


def test_reorder_fields(page: Page, demo):
    open_editor(page, "todos")
    page.get_by_role("button", name="Move title up").click()
    expect(page.locator("tr.field-row").nth(1)).to_contain_text("title")
    expect(page.get_by_role("button", name="Move title up")).to_be_focused()
    assert load_schema(demo).tables[1].column_names[:3] == ("id", "title", "user_id")


def test_add_a_composite_index(page: Page, demo):
    open_editor(page, "todos")
    page.locator("#new-index > summary").click()
    page.fill("#new-index-keys", "user_id, due_date DESC")
    page.fill("#new-index-where", "completed = false")
    page.fill("#new-index-rationale", "Open todos of a user, soonest first.")
    page.locator("#new-index button[type=submit]").click()
    expect(page.locator("#indexes-section")).to_contain_text(
        "(user_id, due_date DESC) WHERE completed = false"
    )
    index = load_schema(demo).tables[1].indexes[-1]
    keys = [(e.column, e.descending) for e in index.elements]
    assert keys == [("user_id", False), ("due_date", True)]


def test_delete_an_entity(page: Page, demo):
    open_editor(page, "users")
    page.get_by_role("link", name="Delete entity…").click()
    confirm = page.locator(".confirm")
    expect(confirm).to_contain_text("todos.user_id → users.id")
    confirm.get_by_role("button", name="Delete users").click()
    expect(page.locator("#entity-list")).not_to_contain_text("users")
    wait_for_diagram(page)
    expect(page.locator("#erd-canvas svg")).not_to_contain_text("password_hash")
    assert [t.name for t in load_schema(demo).tables] == ["todos"]


def test_download_the_sql(page: Page, demo):
    open_editor(page)
    page.locator("details.menu:not(.account-menu) > summary").click()
    with page.expect_download() as download:
        page.get_by_role("menuitem", name=re.compile("PostgreSQL DDL")).click()
    assert download.value.suggested_filename == "schema.sql"
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert "CREATE TABLE todos" in text and "update_updated_at_column" in text


def test_click_an_entity_in_the_diagram_opens_it(page: Page, demo):
    open_editor(page, "users")
    page.locator("#erd-canvas g.node", has_text="todos").first.click()
    expect(page.locator("#entity-name")).to_have_value("todos")
    expect(page).to_have_url(re.compile(r"/entities/"))


def test_focus_mode_and_diagram_downloads(page: Page, artifacts_dir, demo):
    open_editor(page, "users")
    page.locator("#new-entity > summary").click()
    page.fill("#new-entity-name", "audit_log")
    page.locator("#new-entity button[type=submit]").click()
    expect(page.locator("#entity-name")).to_have_value("audit_log")
    editor_ready(page)
    page.locator("#entity-list a", has_text="users").click()
    expect(page.locator("#entity-name")).to_have_value("users")
    wait_for_diagram(page)
    expect(page.locator("#erd-canvas svg")).to_contain_text("audit_log")
    rendered = page.locator("#erd-canvas").get_attribute("data-rendered")
    page.get_by_label("Focus").check()
    diagram_changed(page, rendered)
    expect(page.locator("#erd-canvas svg")).not_to_contain_text("audit_log")
    expect(page.locator("#erd-canvas svg")).to_contain_text("todos")
    with page.expect_download() as svg:
        page.get_by_role("button", name="SVG").click()
    assert svg.value.suggested_filename == "erd.svg"
    assert "<svg" in Path(svg.value.path()).read_text(encoding="utf-8")
    with page.expect_download() as png:
        page.get_by_role("button", name="PNG").click()
    assert png.value.suggested_filename == "erd.png"
    assert Path(png.value.path()).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    page.screenshot(path=artifacts_dir / "editor-focus.png")


def test_without_javascript_a_field_saves(browser, live_server, demo, artifacts_dir):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    sign_in_browser(context, live_server.url)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT)
    page.goto("/projects/demo/")
    page.locator("#entity-list a", has_text="todos").click()
    page.locator("tr.field-row", has_text="title").get_by_role("link", name="Edit title").click()
    expect(page.locator("tr.editing input[name=name]")).to_have_value("title")
    page.locator("tr.editing input[name=name]").fill("headline")
    page.locator("tr.editing button[type=submit]", has_text="Save").click()
    expect(page.locator(".messages")).to_contain_text("Saved the field headline")
    expect(page.locator("#fields")).to_contain_text("headline")
    page.screenshot(path=artifacts_dir / "editor-no-javascript.png")
    context.close()
    assert load_schema(demo).tables[1].column_names[2] == "headline"


def test_every_input_is_labelled_and_the_code_can_be_copied(browser, live_server, demo):
    context = browser.new_context(
        base_url=live_server.url, permissions=["clipboard-read", "clipboard-write"]
    )
    sign_in_browser(context, live_server.url)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT)
    page.goto("/projects/demo/")
    editor_ready(page)
    unlabelled = page.evaluate(
        """() => [...document.querySelectorAll('input, select, textarea')]
            .filter((el) => el.type !== 'hidden' && !el.hidden)
            .filter((el) => el.getAttribute('aria-hidden') !== 'true')
            .filter((el) => !(el.labels && el.labels.length) && !el.getAttribute('aria-label'))
            .map((el) => el.outerHTML.slice(0, 120))"""
    )
    assert unlabelled == []
    page.locator('[role="tab"]', has_text="Code").click()
    expect(page.locator("#preview .code")).to_contain_text("CREATE TABLE users")
    page.locator("[data-copy]").click()
    expect(page.locator("[data-copy]")).to_have_text("Copied")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("CREATE TABLE users (") and "trg_users_updated_at" in copied
    context.close()
