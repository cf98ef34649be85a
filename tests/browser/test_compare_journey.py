"""The diff page in real Chromium: compare the last version with the working copy (the
changes, the diagram drawn with the changed entities marked, the migration's steps), a
destructive migration downloaded only once acknowledged (SQL and Alembic), and drift
from a live PostgreSQL with a proposed rename accepted."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from psycopg.conninfo import conninfo_to_dict

from designer.demo import demo_schema
from designer.generators import ddl
from designer.operations import DeleteField, EditField
from designer.services.edits import create_project
from designer.services.versions import save_version
from tests.browser.test_content_security_policy import violations
from tests.browser.test_editor_journeys import open_editor
from tests.browser.test_versions_journey import page  # noqa: F401 (the fixture)
from tests.support.edits import change, table

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db):
    project = create_project(name="Todo app (demo)", slug="demo", schema=demo_schema())
    save_version(project, "v1")
    return project


def test_compare_the_last_version_and_download_its_migration(
    page: Page,  # noqa: F811
    demo,
    artifacts_dir,
):
    change(demo, EditField(table(demo, "users").column("email").id, {"name": "mail"}))
    change(demo, DeleteField(table(demo, "todos").column("description").id))

    open_editor(page)
    page.get_by_role("link", name="Compare").click()
    expect(page.get_by_role("heading", name="Compare versions")).to_be_visible()
    expect(page.locator("#compare-from")).to_have_value("v1")
    expect(page.locator("#compare-summary")).to_contain_text("v1 → the working copy")
    expect(page.locator(".change-group[aria-label=users]")).to_contain_text(
        "renamed column users.email to users.mail"
    )
    expect(page.locator(".change-group[aria-label=todos]")).to_contain_text("can lose data")

    # The diagram is drawn, both changed tables marked.
    expect(page.locator("#compare-diagram.drawn svg")).to_be_visible()
    expect(page.locator("#compare-diagram.drawn g.node.changed")).to_have_count(2)
    expect(page.locator("#up-steps > li")).to_have_count(3)
    expect(page.locator("#up-steps")).to_contain_text("ACCESS EXCLUSIVE lock on users, brief")
    page.screenshot(path=artifacts_dir / "compare.png", full_page=True)
    assert violations(page) == []

    # A destructive migration: the download is refused until acknowledged.
    page.locator("#download-migration select[name=format]").select_option("alembic")
    page.locator("#download-button").click()  # the browser asks for the box first
    expect(page.locator("#acknowledge:invalid")).to_have_count(1)
    expect(page).to_have_url(re.compile(r"/compare/$"))
    page.locator("#acknowledge").check()
    with page.expect_download() as download:
        page.locator("#download-button").click()
    name = download.value.suggested_filename
    assert re.fullmatch(r"[0-9a-f]{12}_v1_to_working\.py", name), name
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert "RENAME COLUMN email TO mail" in text and "def downgrade()" in text
    page.locator("#download-migration select[name=format]").select_option("sql")
    page.locator("#acknowledge").check()
    with page.expect_download() as download:
        page.locator("#download-button").click()
    assert download.value.suggested_filename == "v1-to-working.up.sql"


@pytest.mark.postgres
def test_drift_from_a_live_database_with_a_rename_accepted(
    page: Page,  # noqa: F811
    demo,
    pg_db,
    settings,
    artifacts_dir,
):
    settings.LIVE_IMPORT_HOSTS = ["127.0.0.0/8", "::1/128"]
    pg_db.run(ddl.generate(demo_schema()))  # the database as v1 built it
    change(demo, EditField(table(demo, "users").column("full_name").id, {"name": "display_name"}))

    page.goto("/projects/demo/compare/")
    page.get_by_role("link", name="Drift from a live database").click()
    info = conninfo_to_dict(pg_db.url)
    url = f"postgresql://{info['user']}@{info['host']}:{info['port']}/{info['dbname']}"
    page.fill("#id_url", url)
    page.get_by_role("button", name="Read and compare").click()
    expect(page.get_by_role("heading", name=re.compile("Drift"))).to_be_visible()
    proposal = page.get_by_label("column users.full_name → display_name")
    expect(proposal).not_to_be_checked()
    expect(page.locator("#up-sql")).to_contain_text("DROP COLUMN full_name", use_inner_text=False)
    proposal.check()
    page.get_by_role("button", name="Apply the accepted renames").click()
    expect(page.locator("#up-steps")).to_contain_text("renamed column users.full_name")
    expect(page.locator("#up-sql")).not_to_contain_text("DROP COLUMN", use_inner_text=False)
    expect(page.locator("#compare-diagram.drawn svg")).to_be_visible()
    expect(page.locator("#review-delta")).to_have_count(0)  # a database is not reviewed
    page.screenshot(path=artifacts_dir / "drift.png", full_page=True)
    with page.expect_download() as download:
        page.locator("#download-button").click()
    script = Path(download.value.path()).read_text(encoding="utf-8")
    pg_db.run(script)
    assert pg_db.query(
        "SELECT count(*) FROM information_schema.columns "
        "WHERE table_name = 'users' AND column_name = 'display_name'"
    ) == [(1,)]
