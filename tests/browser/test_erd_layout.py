"""The diagram's layout (``static/designer/erd.js``), in real Chromium with the vendored
Mermaid: small and large diagrams are drawn with the layout the app chooses
(``ERD.layoutFor``, shown as ``data-layout`` on the drawing and its container), without
a Mermaid error and without overlapping entity boxes. The times are measured by
``benchmarks/diagram.py``, not here."""

from __future__ import annotations

import pytest

from benchmarks.synthetic import synthetic_schema
from designer.demo import demo_schema
from designer.generators.mermaid import MermaidOptions, generate
from tests.support.mermaid import mermaid_page

pytestmark = pytest.mark.browser

# Runs in the page: what the last drawing in #erd says about itself.
_DRAWN = """() => {
  const root = document.getElementById('erd');
  const boxes = [...root.querySelectorAll('g.node')].map((node) => node.getBoundingClientRect());
  let overlaps = 0;
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i], b = boxes[j];
      if (Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1
          && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1) { overlaps += 1; }
    }
  }
  return {
    container: root.getAttribute('data-layout'),
    svg: root.querySelector('svg').getAttribute('data-layout'),
    entities: boxes.length,
    overlaps,
    places: [...root.querySelectorAll('g.node')].map((node) => node.getAttribute('transform')),
  };
}"""


@pytest.fixture(scope="module")
def mermaid(browser):
    with mermaid_page(browser) as page:
        yield page


def _draw(mermaid, text: str) -> dict:
    mermaid.render(text)  # raises MermaidError with Mermaid's message
    return mermaid.evaluate(_DRAWN)


def test_a_small_diagram_is_drawn_with_the_chosen_layout(mermaid):
    schema = demo_schema()
    text = generate(schema)
    chosen = mermaid.evaluate("(text) => ERD.layoutFor(text)", text)
    assert chosen == "dagre"
    drawn = _draw(mermaid, text)
    assert drawn["container"] == drawn["svg"] == chosen
    assert drawn["entities"] == len(schema.tables)
    assert drawn["overlaps"] == 0
    assert mermaid.requests == []


def test_the_chosen_layout_is_the_one_mermaid_used(mermaid):
    # Mermaid 12's own default is ELK: the app's drawing must be dagre's, not ELK's.
    text = generate(demo_schema())
    ours = _draw(mermaid, text)["places"]
    dagre = _draw(mermaid, "---\nconfig:\n  layout: dagre\n---\n" + text)
    elk = _draw(mermaid, "---\nconfig:\n  layout: elk\n---\n" + text)
    assert dagre["container"] == "given"
    assert ours == dagre["places"]
    assert ours != elk["places"]


def test_a_large_names_only_diagram_is_drawn_with_the_chosen_layout(mermaid):
    schema = synthetic_schema(120, 1200, 144)
    text = generate(schema, MermaidOptions(attributes=False))
    chosen = mermaid.evaluate("(text) => ERD.layoutFor(text)", text)
    drawn = _draw(mermaid, text)
    assert drawn["container"] == drawn["svg"] == chosen == "dagre"
    assert drawn["entities"] == 120
    assert drawn["overlaps"] == 0
    ids = mermaid.evaluate("() => [...ERD.entityNodes(document.getElementById('erd')).keys()]")
    assert sorted(ids) == sorted(table.name for table in schema.tables)


def test_an_entity_with_two_relationships_to_itself_is_laid_out_with_elk(mermaid):
    # Mermaid 12.3's dagre draws only one of them; ELK draws both.
    text = (
        "erDiagram\n"
        "    employee {\n"
        "        uuid id PK\n        uuid manager_id FK\n        uuid mentor_id FK\n"
        "    }\n"
        '    employee |o..o{ employee : "manager_id"\n'
        '    employee |o..o{ employee : "mentor_id"\n'
    )
    assert mermaid.evaluate("(text) => ERD.layoutFor(text)", text) == "elk"
    drawn = _draw(mermaid, text)
    assert drawn["container"] == drawn["svg"] == "elk"
    assert sorted(edge.label for edge in mermaid.drawn().edges) == ["manager_id", "mentor_id"]
    one = text.replace('    employee |o..o{ employee : "mentor_id"\n', "")
    assert mermaid.evaluate("(text) => ERD.layoutFor(text)", one) == "dagre"
    _draw(mermaid, one)
    assert [edge.label for edge in mermaid.drawn().edges] == ["manager_id"]
