"""The vendored Mermaid in real Chromium, for tests: parse and render diagram text.

``mermaid_page(browser)`` opens a blank page, loads ``static/vendor/mermaid/mermaid.min.js``
and ``static/designer/erd.js`` from disk (no HTTP server) and yields a ``MermaidPage``
whose ``parse`` / ``render`` go through the app's own ``window.ERD``. With
``app_config=False`` only Mermaid is loaded, initialised with its defaults (to show what
the app's configuration changes). Every request the page tries is recorded in
``requests`` and refused: nothing may come from the network.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MERMAID_JS = ROOT / "static" / "vendor" / "mermaid" / "mermaid.min.js"
ERD_JS = ROOT / "static" / "designer" / "erd.js"

_PAGE = "<!doctype html><html><head><meta charset='utf-8'></head><body><div id='erd'></div></body>"

# Runs in the page: each text through ERD.parse (or mermaid.parse), collecting errors.
_PARSE_MANY = """async (texts) => {
  const parse = window.ERD ? window.ERD.parse : (t) => window.mermaid.parse(t);
  const errors = [];
  for (const text of texts) {
    try { await parse(text); errors.push(null); }
    catch (error) { errors.push(String((error && error.message) || error)); }
  }
  return errors;
}"""

_RENDER = """async (text) => {
  const target = document.getElementById('erd');
  try {
    if (window.ERD) { return {svg: await window.ERD.render(text, target)}; }
    const result = await window.mermaid.render('plain-' + Date.now(), text);
    target.innerHTML = result.svg;
    return {svg: result.svg};
  } catch (error) { return {error: String((error && error.message) || error)}; }
}"""


# Runs in the page: what the last render drew, read back from the SVG.
_DRAWN = """() => {
  const root = document.getElementById('erd');
  const text = (element) => element ? element.textContent.replace(/\\s+/g, ' ').trim() : '';
  const cells = (node, name) => [...node.querySelectorAll('.label.attribute-' + name)].map(text);
  const entities = [...root.querySelectorAll('g.node[id]')].map((node) => {
    const match = /-entity-([A-Za-z0-9_]+)-\\d+$/.exec(node.id);
    const [types, names, keys, comments] =
      ['type', 'name', 'keys', 'comment'].map((n) => cells(node, n));
    return {
      id: match ? match[1] : null,
      name: text(node.querySelector('.label.name') || node.querySelector(':scope > .label')),
      attributes: types.map((type, i) => [type, names[i], keys[i], comments[i]]),
    };
  });
  const labels = new Map([...root.querySelectorAll('g.edgeLabel g.label[data-id]')]
    .map((label) => [label.getAttribute('data-id'), text(label)]));
  const marker = (path, end) => {
    const match = /_er-([A-Za-z]+?)(?:Start|End)\\)/.exec(path.getAttribute(end) || '');
    return match ? match[1] : null;
  };
  const edges = [...root.querySelectorAll('path.relationshipLine')].map((path) => {
    const match = /entity-([A-Za-z0-9_]+)-\\d+_entity-([A-Za-z0-9_]+)-\\d+_\\d+$/.exec(path.id);
    return {
      from: match[1], to: match[2],
      start: marker(path, 'marker-start'), end: marker(path, 'marker-end'),
      dashed: path.classList.contains('edge-pattern-dashed')
        || path.classList.contains('edge-pattern-dotted'),
      label: labels.get(path.getAttribute('data-id')) || '',
    };
  });
  return {entities, edges};
}"""


@dataclass(frozen=True)
class Entity:
    """One drawn entity: its entity id (from the SVG node id), shown name, attribute rows
    ``(type, name, keys, comment)`` as displayed."""

    id: str | None
    name: str
    attributes: tuple[tuple[str, str, str, str], ...]


@dataclass(frozen=True)
class Edge:
    """One drawn relationship line: entity ids, the marker at each end (``onlyOne``,
    ``zeroOrOne``, ``zeroOrMore``, ``oneOrMore``), dashed or solid, and its label."""

    start_entity: str
    end_entity: str
    start: str | None
    end: str | None
    dashed: bool
    label: str


@dataclass(frozen=True)
class Drawing:
    entities: tuple[Entity, ...]
    edges: tuple[Edge, ...]

    def entity(self, entity_id: str) -> Entity:
        (found,) = [entity for entity in self.entities if entity.id == entity_id]
        return found


class MermaidError(AssertionError):
    """Mermaid refused a diagram; the message is Mermaid's own."""


@dataclass
class MermaidPage:
    page: object  # playwright.sync_api.Page
    requests: list[str] = field(default_factory=list)

    def parse_many(self, texts: Sequence[str]) -> list[str | None]:
        """Mermaid's error message for each text, ``None`` where it parsed."""
        return self.page.evaluate(_PARSE_MANY, list(texts))

    def parse(self, text: str) -> None:
        """Raise ``MermaidError`` with Mermaid's message when its parser refuses ``text``."""
        (error,) = self.parse_many([text])
        if error is not None:
            raise MermaidError(error)

    def render(self, text: str) -> str:
        """Draw ``text`` into the page's ``#erd`` element and return the SVG markup."""
        result = self.page.evaluate(_RENDER, text)
        if "error" in result:
            raise MermaidError(result["error"])
        return result["svg"]

    def drawn(self) -> Drawing:
        """The entities and relationship lines of the last ``render``, as displayed."""
        found = self.page.evaluate(_DRAWN)
        entities = tuple(
            Entity(item["id"], item["name"], tuple(tuple(row) for row in item["attributes"]))
            for item in found["entities"]
        )
        edges = tuple(
            Edge(e["from"], e["to"], e["start"], e["end"], e["dashed"], e["label"])
            for e in found["edges"]
        )
        return Drawing(entities, edges)

    def evaluate(self, script: str, argument: object = None) -> object:
        return self.page.evaluate(script, argument)


@contextmanager
def mermaid_page(browser, *, app_config: bool = True) -> Iterator[MermaidPage]:
    """A page with the vendored Mermaid (and, by default, the app's erd.js) loaded."""
    context = browser.new_context()
    page = context.new_page()
    mermaid = MermaidPage(page)

    def refuse(route) -> None:
        mermaid.requests.append(route.request.url)
        route.abort()

    context.route("**/*", refuse)
    try:
        page.set_content(_PAGE)
        page.add_script_tag(path=str(MERMAID_JS))
        if app_config:
            page.add_script_tag(path=str(ERD_JS))
        else:
            page.evaluate("window.mermaid.initialize({startOnLoad: false})")
        yield mermaid
    finally:
        context.close()
