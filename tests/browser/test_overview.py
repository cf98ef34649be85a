"""The overview (``static/designer/overview.js``): big "names only" diagrams drawn
without Mermaid, in real Chromium. ``ERD.render`` uses it for a names-only text of more
than 12 entities; the drawing keeps Mermaid's contract (one ``g.node`` per entity with
the id ``{svg id}-entity-{entity id}-{position}``), draws every relationship, never
overlaps two boxes and shows names as text. The times are measured by
``benchmarks/diagram.py``, not here."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from benchmarks.synthetic import synthetic_schema
from designer.demo import demo_schema
from designer.generators.mermaid import MermaidOptions, entity_ids, generate, with_marks
from designer.schema.model import Column, ColumnType, PrimaryKey, QName, Schema, Table
from designer.services.edits import create_project
from tests.support.accounts import sign_in_browser

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = ("vendor/mermaid/mermaid.min.js", "designer/overview.js", "designer/erd.js")
NAMES = MermaidOptions(detail="names")
NASTY = "<img src=x onerror=alert(1)>"
TIMEOUT = 15_000

# Runs in the page: ERD.render into #erd, then what it drew.
_DRAW = """async (text) => {
  const root = document.getElementById('erd');
  root.replaceChildren();
  const returned = await window.ERD.render(text, root);
  const nodes = [...root.querySelectorAll('g.node')];
  const boxes = nodes.map((node) => node.getBoundingClientRect());
  let overlaps = 0;
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i], b = boxes[j];
      if (Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1
          && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1) { overlaps += 1; }
    }
  }
  const svg = root.querySelector('svg');
  return {
    returnedOverview: returned.startsWith('<svg') && returned.includes('data-layout="overview"'),
    container: root.getAttribute('data-layout'),
    svg: svg.getAttribute('data-layout'),
    svgId: svg.id,
    viewBox: svg.getAttribute('viewBox'),
    width: svg.getAttribute('width'),
    ids: nodes.map((node) => node.id),
    texts: nodes.map((node) => (node.querySelector('text') || node).textContent),
    rects: nodes.map((node) => node.querySelectorAll('rect').length),
    entities: [...ERD.entityNodes(root).keys()],
    edges: [...root.querySelectorAll('path.relationshipLine')].map(
      (path) => [path.getAttribute('data-to'), path.getAttribute('data-from')]),
    images: root.querySelectorAll('img, foreignObject, script').length,
    overlaps,
  };
}"""


@pytest.fixture(scope="module")
def erd(browser):
    """A blank page with Mermaid, overview.js and erd.js, loaded from disk."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.set_default_timeout(60_000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.set_content(
        "<!doctype html><html><head><meta charset='utf-8'></head>"
        "<body><div id='erd'></div></body></html>"
    )
    for script in SCRIPTS:
        page.add_script_tag(path=str(ROOT / "static" / script))
    yield page
    context.close()
    assert errors == []


def one_column_table(number: int, name: str) -> Table:
    return Table(
        id=f"00000000-0000-4000-8000-{number:012d}",
        name=name,
        columns=(
            Column(
                f"00000000-0000-4000-9000-{number:012d}", "id", ColumnType("uuid"), nullable=False
            ),
        ),
        primary_key=PrimaryKey(("id",)),
    )


def with_table(schema: Schema, table: Table) -> Schema:
    return replace(schema, tables=(*schema.tables, table))


def test_the_500_table_names_only_diagram_is_drawn_by_the_overview(erd):
    schema = synthetic_schema(500, 5000, 600)
    text = generate(schema, NAMES)
    assert erd.evaluate("(text) => ERD.layoutFor(text)", text) == "overview"
    drawn = erd.evaluate(_DRAW, text)
    assert drawn["container"] == drawn["svg"] == "overview"
    assert drawn["returnedOverview"]
    assert drawn["viewBox"] == f"0 0 {drawn['width']} " + drawn["viewBox"].split()[-1]

    # One node per table, in the text's order, with Mermaid's id pattern.
    ids = entity_ids(schema)
    expected = [
        f"{drawn['svgId']}-entity-{ids[table.qname]}-{n}" for n, table in enumerate(schema.tables)
    ]
    assert drawn["ids"] == expected
    assert drawn["entities"] == [ids[table.qname] for table in schema.tables]
    assert drawn["texts"] == [table.name for table in schema.tables]
    assert drawn["rects"] == [1] * 500

    # Every relationship is one edge, from the referenced entity to the referencing one.
    relationships = Counter(
        (ids[rel.to_table], ids[rel.from_table]) for rel in schema.relationships
    )
    assert Counter(tuple(edge) for edge in drawn["edges"]) == relationships
    assert len(drawn["edges"]) == 600
    assert drawn["overlaps"] == 0


def test_names_are_shown_as_text_and_aliases_decoded(erd):
    # "constructor": an entity id that is also a property of every JavaScript object.
    tricky = [NASTY, 'say "hi" & <b>bye</b>', "sales.orders", "100%_#done", "名前", "constructor"]
    schema = synthetic_schema(35, 70, 40)
    for number, name in enumerate(tricky):
        table = one_column_table(number, name)
        if "." in name:
            table = replace(table, name="orders", schema="sales")
        schema = with_table(schema, table)
    text = generate(schema, NAMES)
    assert '["' in text and "#" in text  # aliases with Mermaid's entity codes
    erd.evaluate(
        "() => { window.alerted = false; window.alert = () => { window.alerted = true; }; }"
    )
    drawn = erd.evaluate(_DRAW, text)
    assert drawn["svg"] == "overview"
    assert drawn["texts"][-len(tricky) :] == tricky
    assert drawn["images"] == 0
    assert drawn["overlaps"] == 0
    assert erd.evaluate("() => window.alerted") is False
    ids = entity_ids(schema)
    assert drawn["entities"] == [ids[table.qname] for table in schema.tables]


def test_an_entity_with_relationships_to_itself_and_parallel_ones_is_drawn(erd):
    text = (
        "erDiagram\n"
        + "".join(f"    t{n}\n" for n in range(40))
        + (
            '    t0 |o..o{ t0 : "manager_id"\n'
            '    t0 |o..o{ t0 : "mentor_id"\n'
            '    t0 ||--o{ t1 : "a_id"\n'
            '    t0 ||..o| t1 : "b_id"\n'
            "%% a comment\n"
        )
    )
    drawn = erd.evaluate(_DRAW, text)
    assert drawn["svg"] == "overview"
    assert sorted(map(tuple, drawn["edges"])) == sorted(
        [("t0", "t0"), ("t0", "t0"), ("t0", "t1"), ("t0", "t1")]
    )
    paths = erd.evaluate(
        "() => [...document.querySelectorAll('#erd path.relationshipLine')].map("
        "(path) => path.getAttribute('d'))"
    )
    assert len(set(paths)) == 4  # parallel lines apart, not on top of each other
    assert drawn["overlaps"] == 0


def test_mermaid_keeps_small_diagrams_and_what_the_overview_does_not_read(erd):
    big = synthetic_schema(60, 600, 70)
    marked = with_marks(generate(big, NAMES), {"table_001": "added"})
    cases = {
        "small names only": generate(demo_schema(), NAMES),
        "12 entities": generate(synthetic_schema(12, 24, 12), NAMES),
        "the demo with its columns": generate(demo_schema()),
        "marked (the compare page)": marked,
        "front matter": "---\nconfig:\n  layout: elk\n---\n" + generate(big, NAMES),
    }
    for label, text in cases.items():
        assert erd.evaluate("(text) => ERD.layoutFor(text)", text) != "overview", label
    # The weight (two per entity, one per column row) tips it over: a 13th entity, or
    # the columns of a big diagram.
    heavier = {
        "13 entities": generate(synthetic_schema(13, 26, 12), NAMES),
        "keys only": generate(big, MermaidOptions(detail="keys")),
        "all columns": generate(big),
    }
    for label, text in heavier.items():
        assert erd.evaluate("(text) => ERD.layoutFor(text)", text) == "overview", label
    drawn = erd.evaluate(_DRAW, cases["marked (the compare page)"])
    assert drawn["svg"] == "dagre"
    assert len(drawn["entities"]) == 60


def test_the_overview_draws_the_columns_of_each_entity(erd):
    """With columns, each box holds a header and a row per column: type, name, keys and
    the description, as text (never markup), and no two boxes overlap."""
    schema = with_table(synthetic_schema(20, 120, 24), one_column_table(900, NASTY))
    text = generate(schema)
    drawn = erd.evaluate(_DRAW, text)
    assert drawn["svg"] == "overview"
    assert len(drawn["entities"]) == len(schema.tables)
    first = schema.tables[0]
    node = erd.locator(f'#erd g.node[id*="-entity-{first.name}-"]').first
    texts = node.locator("text").all_text_contents()
    assert texts[0] == first.name
    for column in first.columns:
        assert column.name in texts
    assert "PK" in texts
    assert NASTY in drawn["texts"]  # the header of that table, as text
    assert drawn["images"] == 0
    assert drawn["overlaps"] == 0


# -- in the editor ------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_editor_draws_a_big_names_only_diagram_as_an_overview(browser, live_server):
    schema = with_table(synthetic_schema(40, 200, 48), one_column_table(900, NASTY))
    create_project(name="Big", slug="big", schema=schema)
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 800})
    sign_in_browser(context, live_server.url)
    page: Page = context.new_page()
    page.set_default_timeout(TIMEOUT)
    errors: list[str] = []
    dialogs: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.route(
        re.compile(r"^(?!" + re.escape(live_server.url) + ").*"), lambda route: route.abort()
    )
    try:
        page.goto("/projects/big/")
        expect(page.locator("html")).to_have_attribute("data-editor-ready", "true")
        canvas = page.locator("#erd-canvas")
        expect(canvas).to_have_attribute("data-first-drawn", "1")
        # A big schema opens in focus mode: the whole schema, names only.
        before = canvas.get_attribute("data-rendered")
        page.locator('#erd-controls input[name="focus"]').uncheck()
        page.locator("select[name=detail]").select_option("names")
        expect(canvas).not_to_have_attribute("data-rendered", before)
        expect(canvas.locator("svg")).to_have_attribute("data-layout", "overview")
        expect(canvas.locator("g.node")).to_have_count(41)
        ids = entity_ids(schema)

        # The user's text is shown as text.
        nasty = canvas.locator(f'g.node[id*="-entity-{ids[QName("public", NASTY)]}-"] text')
        expect(nasty).to_have_text(NASTY)
        expect(canvas.locator("img")).to_have_count(0)

        # Clicking a box opens its entity, which the diagram then marks as the current one.
        node = canvas.locator('g.node[id*="-entity-table_005-"]')
        node.click()
        expect(page.locator("#entity-name")).to_have_value("table_005")
        expect(canvas.locator('g.node[id*="-entity-table_005-"]')).to_have_class(
            re.compile(r"\bcurrent\b")
        )
        # The keyboard too: Enter on a focused box.
        canvas.locator('g.node[id*="-entity-table_007-"]').focus()
        page.keyboard.press("Enter")
        expect(page.locator("#entity-name")).to_have_value("table_007")
        expect(canvas.locator("svg")).to_have_attribute("data-layout", "overview")
        assert dialogs == []
        assert errors == []
    finally:
        context.close()
