"""The objects page in Chromium, on an imported pagila-like project: a view's SQL edited in
CodeMirror with an error (the text kept, the line and column shown, the cursor there),
fixed, saved, undone with the editor's Undo; then deleting a field the view reads is
refused, naming the view. The page is the README's screenshot (docs/screenshots/objects.png)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from designer.operations import AddSqlObject, ChangeObjectDescription
from designer.services import edits
from designer.services.imports import read_import
from designer.store import current_schema
from tests.browser.test_content_security_policy import RECORD_VIOLATIONS, violations
from tests.browser.test_editor_journeys import TIMEOUT
from tests.support.accounts import sign_in_browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "docs" / "screenshots"
PAGILA = ROOT / "tests" / "corpus" / "pagila" / "schema.sql"

FILM_LIST = """CREATE VIEW public.film_list AS
 SELECT film.film_id AS fid,
    film.title,
    film.description,
    category.name AS category,
    film.rental_rate AS price,
    film.length,
    film.rating
   FROM ((public.category
     LEFT JOIN public.film_category ON ((category.category_id = film_category.category_id)))
     LEFT JOIN public.film ON ((film_category.film_id = film.film_id)));"""
LAST_DAY = """CREATE FUNCTION public.last_day(timestamp with time zone) RETURNS date
    LANGUAGE sql IMMUTABLE STRICT
    AS $_$
  SELECT (date_trunc('month', $1) + interval '1 month' - interval '1 day')::date
$_$;"""


def pagila_like():
    """pagila as the importer reads it, with its film_list view and a function (added
    when the importer does not carry them)."""
    schema = read_import(fmt="sql", data=PAGILA.read_bytes(), name="pagila").schema
    project = edits.create_project(name="pagila", slug="pagila", schema=schema)
    names = {item.name for item in current_schema(project).sql_objects}
    wanted = {"film_list": FILM_LIST, "last_day(timestamp with time zone)": LAST_DAY}
    added = [sql for name, sql in wanted.items() if name not in names]
    if added:
        edits.apply(project, [AddSqlObject(sql) for sql in added])
    view = next(o for o in current_schema(project).sql_objects if o.name == "film_list")
    edits.apply(project, [ChangeObjectDescription(view.id, "Films with their category.")])
    return project


@pytest.fixture
def page(browser, live_server):
    pagila_like()
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    sign_in_browser(context, live_server.url)
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    expected = "the server responded with a status of 400"  # the refused text's page
    page.on(
        "console",
        lambda m: errors.append(m.text) if m.type == "error" and expected not in m.text else None,
    )
    yield page
    context.close()
    assert errors == [], f"errors on the page: {errors}"


def editor_text(page) -> str:
    return page.evaluate("window.sqlEditorView.state.doc.toString()")


def film_list():
    from designer.models import Project

    schema = current_schema(Project.objects.get(slug="pagila"))
    return next(o for o in schema.sql_objects if o.name == "film_list")


def test_edit_a_view_with_an_error_fix_it_undo_and_a_field_it_reads_is_kept(page):
    view = film_list()
    page.goto("/projects/pagila/objects/")
    card = page.locator(f"#object-{view.id}")
    expect(card).to_be_visible()
    expect(card.locator(".highlight")).to_contain_text("CREATE VIEW public.film_list")
    expect(card.get_by_role("link", name="film", exact=True)).to_be_visible()
    expect(card.locator("textarea[name=description]")).to_have_value("Films with their category.")
    expect(page.locator("#partitions-heading")).to_be_visible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("#objects-view").evaluate("(heading) => heading.scrollIntoView()")
    page.screenshot(path=SCREENSHOTS / "objects.png")

    # An error: the text kept, its line and column shown, the cursor put there.
    card.get_by_role("link", name="Edit the SQL of the view film_list").click()
    expect(page.locator(".cm-editor")).to_be_visible()
    assert editor_text(page).startswith("CREATE VIEW public.film_list AS")
    bad = FILM_LIST.replace("    film.title,", "    film.title,,")
    page.locator(".cm-content").click()
    page.keyboard.press("Control+A")
    page.keyboard.insert_text(bad)
    page.get_by_role("button", name="Save").click()
    error = page.locator("#sql-error")
    expect(error).to_contain_text("Line 3, column 16")
    expect(error).to_have_attribute("data-position", "3:16")
    assert editor_text(page) == bad
    head = page.evaluate(
        "(() => { const s = window.sqlEditorView.state;"
        " const h = s.selection.main.head; const l = s.doc.lineAt(h);"
        " return [l.number, h - l.from + 1]; })()"
    )
    assert head == [3, 16]

    # Fixed and saved: the page shows the new text.
    fixed = FILM_LIST.replace("film.rating\n", "film.rating,\n    film.release_year\n")
    page.locator(".cm-content").click()
    page.keyboard.press("Control+A")
    page.keyboard.insert_text(fixed)
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(re.compile(r"/projects/pagila/objects/#object-"))
    expect(page.locator(".messages")).to_contain_text("Saved the view film_list.")
    expect(page.locator(f"#object-{view.id} .highlight")).to_contain_text("release_year")
    assert "release_year" in film_list().columns

    # One Undo in the editor gives the old text back.
    page.goto("/projects/pagila/")
    expect(page.locator("#undo-button")).to_have_attribute(
        "title", re.compile("Undo: Changed the view film_list")
    )
    page.locator("#undo-button").click()
    expect(page.locator("#undo-button")).not_to_have_attribute(
        "title", re.compile("Undo: Changed the view film_list")
    )
    assert film_list().sql == view.sql
    page.goto("/projects/pagila/objects/")
    expect(page.locator(f"#object-{view.id} .highlight")).not_to_contain_text("release_year")

    # A field the view reads is not deleted: the refusal names the view.
    from designer.models import Field

    title = Field.objects.get(entity__project__slug="pagila", entity__name="film", name="title")
    page.goto(f"/projects/pagila/fields/{title.id}/delete/")
    page.get_by_role("button", name="Delete", exact=True).click()
    # (pagila's other views read it too when the importer carries them)
    refusal = re.compile(
        r"^The view .*film_list.* reads? film\.title: change or remove (it|them) first\.$"
    )
    expect(page.get_by_text(refusal)).to_be_visible()
    assert Field.objects.filter(id=title.id).exists()
    assert violations(page) == []
