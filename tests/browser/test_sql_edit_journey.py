"""“Edit as SQL” in Chromium: an entity's DDL in CodeMirror (line numbers, highlighted
SQL), a column typed in, previewed and applied as one change, undone with one Undo; a
syntax error shown at its line and column with the text kept; no CSP violation. The
whole schema's editor is the README's screenshot (docs/screenshots/sql-editor.png)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from designer.demo import demo_schema
from designer.services.edits import create_project
from designer.store import current_schema
from tests.browser.test_content_security_policy import RECORD_VIOLATIONS, violations
from tests.browser.test_editor_journeys import TIMEOUT
from tests.support.accounts import sign_in_browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture
def page(browser, live_server):
    create_project(name="Todo app (demo)", slug="demo", schema=demo_schema())
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 860})
    sign_in_browser(context, live_server.url)
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    # (the refused text's page is a 400, which Chromium logs: expected, not an error)
    expected = "the server responded with a status of 400"
    page.on(
        "console",
        lambda m: errors.append(m.text) if m.type == "error" and expected not in m.text else None,
    )
    yield page
    context.close()
    assert errors == [], f"errors on the page: {errors}"


def users_id() -> str:
    schema = current_schema(_project())
    return next(t.id for t in schema.tables if t.name == "users")


def _project():
    from designer.models import Project

    return Project.objects.get(slug="demo")


def editor_text(page) -> str:
    return page.evaluate("window.sqlEditorView.state.doc.toString()")


def test_type_a_column_preview_apply_undo_and_a_syntax_error(page, artifacts_dir):
    entity = users_id()
    page.goto(f"/projects/demo/entities/{entity}/sql/")
    editor = page.locator(".cm-editor")
    expect(editor).to_be_visible()
    expect(page.locator("#sql-text")).to_be_hidden()  # the textarea, enhanced
    # Line numbers, and SQL highlighted: a keyword is coloured unlike a plain name.
    expect(page.locator(".cm-lineNumbers .cm-gutterElement", has_text=re.compile(r"^12$")))
    assert page.locator(".cm-lineNumbers .cm-gutterElement").count() > 10
    keyword = page.locator(".cm-line").first.locator("span", has_text="CREATE").first
    expect(keyword).to_be_visible()
    colours = page.evaluate(
        """(keyword) => [getComputedStyle(keyword).color,
                         getComputedStyle(document.querySelector('.cm-content')).color]""",
        keyword.element_handle(),
    )
    assert colours[0] != colours[1], colours

    # A new column typed after email, previewed, applied.
    page.locator(".cm-line", has_text="email varchar(255) NOT NULL").click()
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    page.keyboard.type("nickname text,")
    page.keyboard.press("Escape")  # close the completion list, if open
    assert re.search(r"NOT NULL,\n\s*nickname text,\n", editor_text(page))
    page.get_by_role("button", name="Preview changes").click()
    expect(page.locator("#sql-preview")).to_contain_text("nickname")
    expect(page.locator("#sql-preview h2")).to_have_text("Changes (1)")
    assert "nickname text," in editor_text(page)  # the text is kept in the editor
    page.screenshot(path=artifacts_dir / "sql-edit-preview.png", full_page=True)
    page.get_by_role("button", name="Apply 1 change").click()
    expect(page).to_have_url(re.compile(rf"/projects/demo/entities/{entity}/$"))
    expect(page.locator(".messages")).to_contain_text("Applied 1 change from SQL (one undo)")
    expect(page.locator("#entity-panel")).to_contain_text("nickname")

    # One undo gives the design back.
    page.locator("#undo-button").click()
    expect(page.locator("#entity-panel")).not_to_contain_text("nickname")
    names = [c.name for t in current_schema(_project()).tables for c in t.columns]
    assert "nickname" not in names

    # A syntax error: its line and column, the text kept, the cursor put there.
    page.goto(f"/projects/demo/entities/{entity}/sql/")
    expect(page.locator(".cm-editor")).to_be_visible()
    page.locator(".cm-content").click()
    page.keyboard.press("Control+A")
    bad = "CREATE TABLE users (\n    id uuid NOT NUL\n);"
    page.keyboard.insert_text(bad)
    page.get_by_role("button", name="Preview changes").click()
    expect(page.locator("#sql-error")).to_contain_text("Line 2, column 17")
    expect(page.locator("#sql-error")).to_have_attribute("data-position", "2:17")
    assert editor_text(page) == bad
    head = page.evaluate(
        "(() => { const s = window.sqlEditorView.state;"
        " const h = s.selection.main.head; const l = s.doc.lineAt(h);"
        " return [l.number, h - l.from + 1]; })()"
    )
    assert head == [2, 17]
    height = page.evaluate("document.querySelector('.cm-editor.sql-code-editor').offsetHeight")
    assert height > 300  # the page's style holds once the editor has focus
    page.screenshot(path=artifacts_dir / "sql-edit-error.png")
    assert violations(page) == []


def test_the_whole_schema_in_the_editor(page):
    page.goto("/projects/demo/sql/")
    expect(page.locator(".cm-editor")).to_be_visible()
    expect(page.locator(".cm-content")).to_contain_text("CREATE TABLE users")
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit the whole schema as SQL")
    assert violations(page) == []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "sql-editor.png")
