"""The Queries tab in Chromium, on the demo project: signed in, the tab opened from the
editor's bar, a sign-in query added in the CodeMirror editor; its page suggests an
expression index on lower(email) with its reason and SQL; "Add this index" adds it as
one change, and the page then shows it serving the query. A refused query keeps its
text, with the line and column of the error and the cursor there. The query page is
the README's screenshot (docs/screenshots/query-workbench.png)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from designer.demo import demo_schema
from designer.models import Change, Project
from designer.services.edits import create_project
from designer.store import current_schema
from tests.browser.test_content_security_policy import RECORD_VIOLATIONS, violations
from tests.browser.test_editor_journeys import TIMEOUT
from tests.support.accounts import sign_in_browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "docs" / "screenshots"
LOGIN_SQL = "SELECT id, password_hash FROM users WHERE lower(email) = lower($1)"


@pytest.fixture
def page(browser, live_server):
    create_project(name="Todo app (demo)", slug="demo", schema=demo_schema())
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    sign_in_browser(context, live_server.url)
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    expected = "the server responded with a status of 400"  # the refused query's page
    page.on(
        "console",
        lambda m: errors.append(m.text) if m.type == "error" and expected not in m.text else None,
    )
    yield page
    context.close()
    assert errors == [], f"errors on the page: {errors}"


def editor_text(page) -> str:
    return page.evaluate("window.sqlEditorView.state.doc.toString()")


def type_sql(page, sql: str) -> None:
    page.locator(".cm-content").click()
    page.keyboard.press("Control+A")
    page.keyboard.insert_text(sql)


def users_indexes():
    schema = current_schema(Project.objects.get(slug="demo"))
    return next(t for t in schema.tables if t.name == "users").indexes


def test_add_a_query_see_the_suggestion_add_the_index_and_see_it_served(page, artifacts_dir):
    page.goto("/projects/demo/")
    page.locator("#queries-link").click()
    expect(page).to_have_url(re.compile(r"/projects/demo/queries/$"))
    expect(page.locator(".cm-editor")).to_be_visible()

    page.fill("#new-query-name", "Login form")
    type_sql(page, LOGIN_SQL)
    page.select_option("#new-query-frequency", "per_request")
    page.fill("#new-query-note", "The sign-in form: one row by address.")
    page.get_by_role("button", name="Add the query").click()

    expect(page).to_have_url(re.compile(r"/projects/demo/queries/[0-9a-f-]{36}/$"))
    expect(page.locator(".messages")).to_contain_text("Added the query “Login form”.")
    expect(page.locator(".query-sql .highlight")).to_contain_text("password_hash")
    suggestion = page.locator("#access-0-suggestion")
    expect(suggestion).to_be_visible()
    expect(suggestion).to_contain_text("lower(email)")
    expect(suggestion.locator(".highlight")).to_contain_text("CREATE INDEX")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "query-workbench.png")

    before = Change.objects.count()
    suggestion.get_by_role("button", name=re.compile("Add this index")).click()
    expect(page.locator(".messages")).to_contain_text("Added the index on users")
    served = page.locator("#access-0-served")
    expect(served).to_be_visible()
    expect(page.locator("#access-0-suggestion")).to_have_count(0)
    expect(page.locator("#query-state")).to_have_text("served")
    assert Change.objects.count() == before + 1
    (index,) = [i for i in users_indexes() if i.elements[0].expression]
    assert "Login form" in index.rationale

    # Edited in the code editor (the form folded away until opened).
    page.locator("#query-edit > summary").click()
    expect(page.locator(".cm-editor")).to_be_visible()
    assert editor_text(page) == LOGIN_SQL
    type_sql(page, LOGIN_SQL + " LIMIT 1")
    page.select_option("#query-frequency", "per_minute")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("Saved the query “Login form”.")
    expect(page.locator(".query-sql .highlight")).to_contain_text("LIMIT")
    expect(page.get_by_text("Runs every minute")).to_be_visible()

    # The Queries tab: served, and the index serving it in the usage summary.
    page.get_by_role("link", name="all queries").click()
    expect(page.locator("#query-list")).to_contain_text("served")
    expect(page.locator("#index-usage")).to_contain_text("Login form")
    page.screenshot(path=artifacts_dir / "queries-tab.png", full_page=True)
    assert violations(page) == []


def test_a_refused_query_keeps_its_text_with_the_error_where_it_is(page):
    page.goto("/projects/demo/queries/")
    bad = "SELECT id\n  FROM users\n WHERE email = = $1"
    page.fill("#new-query-name", "Broken")
    type_sql(page, bad)
    page.get_by_role("button", name="Add the query").click()
    error = page.locator("#sql-error")
    expect(error).to_contain_text(re.compile(r"Line 3, column \d+"))
    expect(error).to_have_attribute("data-position", re.compile(r"^3:\d+$"))
    assert editor_text(page) == bad
    expect(page.locator("#new-query-name")).to_have_value("Broken")
    line = page.evaluate(
        "(() => { const s = window.sqlEditorView.state;"
        " return s.doc.lineAt(s.selection.main.head).number; })()"
    )
    assert line == 3
    names = [q.name for q in current_schema(Project.objects.get(slug="demo")).queries]
    assert "Broken" not in names
    assert violations(page) == []
