"""The Plans page in real Chromium: paste a real plan, see the tree with a coloured
row-estimate miss and a link to the design's table (followed to the editor), collapse a
node; then compare two plans side by side; and EXPLAIN a saved query on a live PostgreSQL
with its suggested index tried by hypopg. Saves docs/screenshots/plan-viewer.png."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from designer.importers.sql import import_sql
from designer.services.edits import create_project
from tests.browser.test_content_security_policy import RECORD_VIOLATIONS, violations
from tests.browser.test_editor_journeys import TIMEOUT
from tests.support.accounts import sign_in_browser
from tests.views.test_plans import fixture
from tests.workbench.capture_plans import DDL

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture
def shop(transactional_db):
    return create_project(name="Shop", slug="shop", schema=import_sql(DDL).schema)


@pytest.fixture
def page(browser, live_server, shop):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1400, "height": 900})
    sign_in_browser(context, live_server.url)
    context.add_init_script(RECORD_VIOLATIONS)
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


def _paste(page: Page, selector: str, text: str) -> None:
    # fill() types nothing: the text is set at once, as a paste does
    page.locator(selector).fill(text)


def test_paste_a_plan_see_the_tree_and_follow_a_link(page: Page, shop):
    page.goto("/projects/shop/plans/")
    expect(page.get_by_role("heading", name="Plans", exact=True)).to_be_visible()
    _paste(page, "#plan-text", fixture("cte_subplan"))
    page.locator("#show-plan").click()

    plan = page.locator("#p1")
    expect(plan.get_by_role("heading", level=2)).to_contain_text("Executed in")
    expect(plan.locator("li.pn")).to_have_count(11)
    # the estimate missed by x10: coloured
    miss = plan.locator("li.pn .miss.miss-1").first
    expect(miss).to_be_visible()
    assert miss.evaluate("e => getComputedStyle(e).backgroundColor") != "rgba(0, 0, 0, 0)"
    expect(plan.locator(".plan-slowest li")).to_have_count(5)
    expect(plan.locator(".plan-flagged")).to_contain_text("sequential scan of 200,000 rows")
    # nodes off the screen are not laid out (content-visibility): a screen tall enough
    page.set_viewport_size({"width": 1400, "height": 2200})
    plan.locator("li.pn").last.scroll_into_view_if_needed()
    expect(plan.locator("li.pn .miss.miss-1")).to_be_in_viewport()
    plan.screenshot(path=str(SCREENSHOTS / "plan-viewer.png"))
    page.set_viewport_size({"width": 1400, "height": 900})
    assert violations(page) == []

    # collapse a node: its children are hidden
    join = plan.locator("li.pn").first
    child = join.locator("li.pn").first
    expect(child).to_be_visible()
    join.locator(":scope > details > summary > b.pn-type").click()
    expect(child).to_be_hidden()
    join.locator(":scope > details > summary > b.pn-type").click()
    expect(child).to_be_visible()

    # a node's table links to the entity in the editor
    plan.locator("a.pn-rel", has_text="orders").first.click()
    expect(page).to_have_url(re.compile(r"/projects/shop/entities/[0-9a-f-]+/$"))
    expect(page.locator("#entity-name")).to_have_value("orders")


def test_compare_two_plans_side_by_side(page: Page, shop, artifacts_dir):
    page.goto("/projects/shop/plans/")
    page.locator("#id_label").fill("no index")
    _paste(page, "#plan-text", fixture("before_index"))
    page.locator("#id_other_label").fill("with index")
    _paste(page, "#other-plan-text", fixture("after_index"))
    page.locator("#show-plan").click()

    comparison = page.locator("#plan-comparison")
    expect(comparison.get_by_role("heading")).to_have_text("no index → with index")
    expect(page.locator("#plan-changes")).to_contain_text(
        "orders: Seq Scan → Bitmap Heap Scan, Bitmap Index Scan using "
        "orders_customer_id_placed_at_idx"
    )
    expect(comparison.locator("td.better").first).to_be_visible()
    # side by side
    left, right = page.locator("#p1").bounding_box(), page.locator("#p2").bounding_box()
    assert right["x"] >= left["x"] + left["width"] - 1 and abs(right["y"] - left["y"]) < 2
    expect(page.locator("#p1 .plan-label")).to_have_text("no index")
    expect(page.locator("#p2 a.pn-idx")).to_have_count(0)  # an index the design lacks
    page.screenshot(path=str(artifacts_dir / "plan-compare.png"), full_page=True)
    assert violations(page) == []


def test_a_bad_plan_says_why(page: Page, shop):
    page.goto("/projects/shop/plans/")
    _paste(page, "#plan-text", "Seq Scan on orders  (cost=0.00..3667.00 rows=1 width=8)")
    page.locator("#show-plan").click()
    expect(page.locator("#plan-form .errorlist")).to_contain_text("EXPLAIN's text format")


@pytest.mark.postgres
def test_explain_a_saved_query_live_with_a_hypothetical_index(page: Page, pg_db, settings):
    from dataclasses import replace

    from psycopg.conninfo import conninfo_to_dict

    from designer.models import Project
    from designer.schema.model import SavedQuery
    from designer.services.edits import create_project

    settings.LIVE_IMPORT_HOSTS = ["127.0.0.0/8", "::1/128"]
    pg_db.run(
        DDL
        + "INSERT INTO customers SELECT g, 'u' || g, 'fr', now() FROM generate_series(1, 2000) g;"
        " INSERT INTO orders SELECT g, 1 + g % 2000, 'open', 1, now() - g * interval '1 hour'"
        " FROM generate_series(1, 40000) g; ANALYZE; CREATE EXTENSION hypopg;"
    )
    Project.objects.filter(slug="shop").delete()
    query = SavedQuery(
        "9d3f2a1b-0c4e-4f5a-8b7c-6d5e4f3a2b1c",
        "a customer's orders",
        "SELECT id, total FROM orders WHERE customer_id = $1 ORDER BY placed_at DESC LIMIT 20",
    )
    schema = replace(import_sql(DDL).schema, queries=(query,))
    create_project(name="Shop", slug="shop", schema=schema)

    page.goto(f"/projects/shop/plans/?query={query.id}")
    form = page.locator("#live-explain-form")
    expect(form.locator("#live-saved_query")).to_have_value(query.id)
    info = conninfo_to_dict(pg_db.url)
    form.locator("#live-url").fill(
        f"postgresql://{info['user']}@{info['host']}:{info['port']}/{info['dbname']}"
    )
    form.locator("#live-parameters").fill("42")
    form.get_by_role("button", name="EXPLAIN").click()

    result = page.locator("#live-result")
    expect(result.get_by_role("heading", level=2)).to_contain_text(
        "EXPLAIN of a customer's orders on database"
    )
    expect(page.locator("#p1 li.pn").first).to_contain_text("Limit")
    expect(page.locator("#p1")).to_contain_text("no ANALYZE: estimates only")
    tried = page.locator("#hypothetical-indexes tbody tr")
    expect(tried).to_have_count(1)
    expect(tried).to_contain_text("CREATE INDEX")
    expect(tried.locator("span.better")).to_be_visible()
    assert violations(page) == []
    # nothing was created in the database
    assert pg_db.query("SELECT count(*) FROM pg_indexes WHERE tablename = 'orders'") == [(2,)]
