"""Diagram benchmark: the ERD drawn by the vendored Mermaid in headless Chromium.

Times ``ERD.render(text, element)`` (``static/designer/erd.js``: Mermaid's parse, layout,
SVG building and the insertion into the page) for the text that
``designer.generators.mermaid.generate`` writes, and counts the overlapping entity boxes
(pairs of ``g.node`` bounding boxes that intersect by more than a pixel each way):

- synthetic schemas of 25, 100 and 500 tables (``synthetic_schema(n, 10 n, 6 n / 5)``,
  the 500 one being the ``synthetic_schema(500, 5000, 600)`` of the other benchmarks), at
  all columns and at names only (``MermaidOptions(attributes=False)``), laid out by
  Mermaid's dagre and by ELK (both are in ``mermaid.min.js``; the layout is forced with
  the text's front matter);
- the app's own choice (``ERD.layoutFor``) on the targets: a focus
  (``MermaidOptions(focus=...)``) on the busiest table of the 500, a view of the tables
  within two hops of it (at most 30) and a hand-picked view of 30 tables, at each detail
  level (all columns, keys only, names only), and the whole 500 at names only;
- the overview (``static/designer/overview.js``: names-only texts of more than 12
  entities are drawn without Mermaid): forced on every names-only view above (the app
  leaves the 9-table focus to Mermaid) and on 25, 100 and 500 tables, for comparison;
- where the time goes for one case of each target not met: ``ERD.parse`` (the text), Mermaid's
  render (layout and SVG building, which includes the parse) and the insertion of the
  SVG into the page, with Chromium's own style and layout time.

Targets (this machine, 2 cores): any view or focus of up to 30 entities drawn in
< 300 ms; the whole 500-table synthetic schema at names only in < 5 s.

    .venv/bin/python benchmarks/diagram.py [--repeat N] [--sizes 25,100,500]
        [--targets-only | --comparison-only | --overview-only]

Figures are the median of N runs after one to warm up (default 3; the 500-table
drawings by Mermaid run once, without warming up: each takes tens of seconds). The load average is
printed before and after: other work on the machine slows every figure down. Needs
/usr/bin/chromium and Playwright.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from dataclasses import dataclass, fields, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.synthetic import synthetic_schema  # noqa: E402
from designer.generators.mermaid import MermaidOptions, focus_tables, generate  # noqa: E402
from designer.schema.model import QName, Schema  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
SIZES = (25, 100, 500)
LAYOUTS = ("dagre", "elk")
VIEW_TARGET_MS = 300
VIEW_MAX_ENTITIES = 30
OVERVIEW_TARGET_MS = 5000
TIMEOUT_MS = 15 * 60 * 1000

_PAGE = "<!doctype html><html><head><meta charset='utf-8'></head><body><div id='erd'></div></body>"

# Runs in the page: one ERD.render into #erd, timed, then what it drew.
_DRAW = """async (text) => {
  const target = document.getElementById('erd');
  target.innerHTML = '';
  const started = performance.now();
  try { await window.ERD.render(text, target); }
  catch (error) { return {error: String((error && error.message) || error)}; }
  target.getBoundingClientRect(); // the browser's style and layout of the drawing too
  const ms = performance.now() - started;
  const boxes = [...target.querySelectorAll('g.node')].map((node) => node.getBoundingClientRect());
  let overlaps = 0;
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i], b = boxes[j];
      const wide = Math.min(a.right, b.right) - Math.max(a.left, b.left);
      const high = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      if (wide > 1 && high > 1) { overlaps += 1; }
    }
  }
  const svg = target.querySelector('svg');
  const box = svg.viewBox.baseVal;
  return {ms, overlaps, entities: boxes.length, layout: target.getAttribute('data-layout'),
          width: Math.round(box.width), height: Math.round(box.height)};
}"""

# Runs in the page: the phases of one drawing (see the module docstring).
_PHASES = """async (text) => {
  const target = document.getElementById('erd');
  target.innerHTML = '';
  let started = performance.now();
  await window.ERD.parse(text);
  const parse = performance.now() - started;
  started = performance.now();
  const result = await window.mermaid.render('phases-' + Date.now(), text);
  const render = performance.now() - started;
  started = performance.now();
  target.innerHTML = result.svg;
  target.getBoundingClientRect();
  const insert = performance.now() - started;
  return {parse, render, insert};
}"""

# Runs in the page: what ERD.render does for a text it gives the overview (parse, draw,
# serialise, insert), forced whatever the text's size -- then _DRAW's figures.
_DRAW_OVERVIEW = _DRAW.replace(
    "await window.ERD.render(text, target);",
    """const model = window.ERDOverview.parse(text);
    if (!model) { throw new Error('not a names-only text'); }
    const drawing = window.ERDOverview.draw(
      model, 'overview-' + Date.now(), window.ERD.CONFIG.fontFamily);
    drawing.setAttribute('data-layout', 'overview');
    new XMLSerializer().serializeToString(drawing);
    target.replaceChildren(drawing);
    target.setAttribute('data-layout', 'overview');""",
)
assert _DRAW_OVERVIEW != _DRAW


@dataclass(frozen=True)
class Case:
    label: str
    text: str
    layout: str | None  # None: the app's choice (ERD.layoutFor); "overview": overview.js
    repeat_once: bool = False

    def source(self) -> str:
        """The text as drawn: with the forced layout in its front matter."""
        if self.layout in (None, "overview"):
            return self.text
        return f"---\nconfig:\n  layout: {self.layout}\n---\n{self.text}"


@dataclass(frozen=True)
class Figures:
    ms: float
    cpu_ms: float  # the page's main thread, CPU time: what other work on the machine costs less
    overlaps: int
    entities: int
    layout: str
    width: int
    height: int


# -- schemas and views --------------------------------------------------------------


def sized_schema(tables: int) -> Schema:
    """The synthetic schema of ``tables`` tables, as dense as the 500-table one."""
    return synthetic_schema(tables, tables * 10, tables + tables // 5)


def subset(schema: Schema, names: list[QName]) -> Schema:
    """Only ``names`` and the foreign keys between them: what a saved view draws."""
    wanted = set(names)
    tables = tuple(table for table in schema.tables if table.qname in wanted)
    relationships = tuple(
        rel for rel in schema.relationships if rel.from_table in wanted and rel.to_table in wanted
    )
    return replace(schema, tables=tables, relationships=relationships)


def busiest_table(schema: Schema) -> QName:
    """The table with the most foreign keys, to or from it: the biggest focus."""
    degree: dict[QName, int] = {}
    for rel in schema.relationships:
        for name in (rel.from_table, rel.to_table):
            degree[name] = degree.get(name, 0) + 1
    return max(schema.tables, key=lambda table: degree.get(table.qname, 0)).qname


def hops_around(schema: Schema, start: QName, hops: int, limit: int) -> list[QName]:
    """``start`` and the tables within ``hops`` foreign keys of it, nearest first, at
    most ``limit``."""
    found = [start]
    frontier = [start]
    for _ in range(hops):
        following = []
        for name in frontier:
            for rel in schema.relationships:
                for near, far in ((rel.from_table, rel.to_table), (rel.to_table, rel.from_table)):
                    if near == name and far not in found:
                        found.append(far)
                        following.append(far)
        frontier = following
    return found[:limit]


def comparison_cases(sizes: tuple[int, ...] = SIZES) -> list[Case]:
    cases = []
    for size in sizes:
        schema = sized_schema(size)
        for detail, attributes in (("all columns", True), ("names only", False)):
            text = generate(schema, MermaidOptions(attributes=attributes))
            for layout in LAYOUTS:
                cases.append(
                    Case(
                        f"{size} tables, {detail}, {layout}",
                        text,
                        layout,
                        repeat_once=size >= 500,
                    )
                )
    return cases


def detail_levels() -> list[tuple[str, dict]]:
    """The detail levels the generator offers: all columns, keys only (where
    ``MermaidOptions`` has ``detail``) and names only."""
    levels = [("all columns", {})]
    if "detail" in {field.name for field in fields(MermaidOptions)}:
        levels.append(("keys only", {"detail": "keys"}))
    return [*levels, ("names only", {"attributes": False})]


def target_cases() -> list[Case]:
    schema = sized_schema(500)
    busiest = busiest_table(schema)
    around = hops_around(schema, busiest, 2, VIEW_MAX_ENTITIES)
    picked = [table.qname for table in schema.tables[:: len(schema.tables) // VIEW_MAX_ENTITIES]]
    picked = picked[:VIEW_MAX_ENTITIES]
    focus_size = len(focus_tables(schema, busiest))
    views = [
        (f"focus on {busiest.name} ({focus_size} tables)", schema, busiest),
        (f"view: 2 hops around it ({len(around)} tables)", subset(schema, around), None),
        (f"view: {len(picked)} hand-picked tables", subset(schema, picked), None),
    ]
    cases = []
    for label, view, focus in views:
        for detail, options in detail_levels():
            text = generate(view, MermaidOptions(focus=focus, **options))
            cases.append(Case(f"{label}, {detail}", text, None))
    whole = generate(schema, MermaidOptions(attributes=False))
    # Drawn by the overview (well under a second): the median of N like the views.
    cases.append(Case("whole 500 tables, names only", whole, None))
    return cases


def overview_cases(sizes: tuple[int, ...] = SIZES) -> list[Case]:
    """The overview forced on the names-only views and on the synthetic sizes."""
    views = [
        Case(case.label, case.text, "overview")
        for case in target_cases()
        if case.label.endswith("names only") and not case.label.startswith("whole")
    ]
    names = MermaidOptions(attributes=False)
    sized = [
        Case(f"{size} tables, names only", generate(sized_schema(size), names), "overview")
        for size in sizes
    ]
    return views + sized


# -- the browser --------------------------------------------------------------------


def open_page(playwright):
    browser = playwright.chromium.launch(
        executable_path=CHROMIUM,
        args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    )
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.set_default_timeout(TIMEOUT_MS)
    page.set_content(_PAGE)
    page.add_script_tag(path=str(ROOT / "static/vendor/mermaid/mermaid.min.js"))
    page.add_script_tag(path=str(ROOT / "static/designer/overview.js"))
    page.add_script_tag(path=str(ROOT / "static/designer/erd.js"))
    return browser, page


def thread_time(cdp) -> float:
    """CPU seconds used so far by the page's main thread (Chromium's own metric)."""
    metrics = cdp.send("Performance.getMetrics")["metrics"]
    return next(item["value"] for item in metrics if item["name"] == "ThreadTime")


def draw(page, case: Case, repeat: int) -> Figures:
    """The median of ``repeat`` drawings (after one to warm up, for the small ones)."""
    runs = 1 if case.repeat_once else repeat
    script = _DRAW_OVERVIEW if case.layout == "overview" else _DRAW
    if not case.repeat_once:
        page.evaluate(script, case.source())
    cdp = page.context.new_cdp_session(page)
    cdp.send("Performance.enable")
    results = []
    for _ in range(runs):
        before = thread_time(cdp)
        result = page.evaluate(script, case.source())
        if "error" in result:
            raise RuntimeError(f"{case.label}: {result['error']}")
        # Includes the overlap count after the drawing: a few ms at 500 entities.
        result["cpu_ms"] = (thread_time(cdp) - before) * 1000
        results.append(result)
    cdp.detach()
    last = results[-1]
    forced = case.layout if last["layout"] == "given" else None
    return Figures(
        ms=statistics.median(result["ms"] for result in results),
        cpu_ms=statistics.median(result["cpu_ms"] for result in results),
        overlaps=max(result["overlaps"] for result in results),
        entities=last["entities"],
        layout=forced or last["layout"],
        width=last["width"],
        height=last["height"],
    )


def phases(page, text: str, repeat: int, warm_up: bool = True) -> dict[str, float]:
    """Median ms of each phase, and of Chromium's style and layout work (forced by
    Mermaid's text measurements) during the whole drawing."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Performance.enable")

    def metrics() -> dict[str, float]:
        return {
            item["name"]: item["value"] for item in cdp.send("Performance.getMetrics")["metrics"]
        }

    if warm_up:
        page.evaluate(_PHASES, text)
    runs = []
    for _ in range(repeat):
        before = metrics()
        run = page.evaluate(_PHASES, text)
        after = metrics()
        run["style recalculation"] = (
            after["RecalcStyleDuration"] - before["RecalcStyleDuration"]
        ) * 1000
        run["layout"] = (after["LayoutDuration"] - before["LayoutDuration"]) * 1000
        run["layouts"] = after["LayoutCount"] - before["LayoutCount"]
        runs.append(run)
    cdp.detach()
    return {name: statistics.median(run[name] for run in runs) for name in runs[0]}


# -- printing -----------------------------------------------------------------------


def row(label: str, figures: Figures, runs: str) -> str:
    size = f"{figures.width}x{figures.height}"
    return (
        f"  {label:<48}{figures.ms:>10.0f}{figures.cpu_ms:>10.0f}"
        f"{figures.overlaps:>10}{figures.entities:>10}"
        f"  {figures.layout:<7}{size:>13}  {runs}"
    )


HEADER = (
    f"  {'':<48}{'ms':>10}{'CPU ms':>10}{'overlaps':>10}{'entities':>10}"
    f"  {'layout':<7}{'px (w x h)':>13}"
)


def print_overview(page, repeat: int, sizes: tuple[int, ...]) -> None:
    """The overview's own figures (overview_cases)."""
    print(f"The overview forced (overview.js, without Mermaid; median of {repeat})")
    print(HEADER)
    for case in overview_cases(sizes):
        print(row(case.label, draw(page, case, repeat), ""), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (median)")
    parser.add_argument(
        "--targets-only", action="store_true", help="skip the dagre / ELK comparison"
    )
    parser.add_argument(
        "--sizes", default=",".join(map(str, SIZES)), help="table counts compared (25,100,500)"
    )
    parser.add_argument("--comparison-only", action="store_true", help="skip the targets")
    parser.add_argument(
        "--overview-only", action="store_true", help="only the overview's own figures"
    )
    arguments = parser.parse_args()
    repeat = arguments.repeat
    sizes = tuple(int(size) for size in arguments.sizes.split(","))
    print(f"load average before: {' '.join(f'{load:.2f}' for load in os.getloadavg())}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser, page = open_page(playwright)
        try:
            if arguments.overview_only:
                print_overview(page, repeat, sizes)
                return
            if not arguments.targets_only:
                print(f"Dagre and ELK compared (ERD.render in Chromium, median of {repeat})")
                print(HEADER)
                for case in comparison_cases(sizes):
                    runs = "1 run" if case.repeat_once else ""
                    print(row(case.label, draw(page, case, repeat), runs), flush=True)
            if arguments.comparison_only:
                return
            print(f"Targets, with the app's layout rule (median of {repeat})")
            print(HEADER)
            verdicts = []
            for case in target_cases():
                figures = draw(page, case, repeat)
                overview = case.label.startswith("whole")
                limit = OVERVIEW_TARGET_MS if overview else VIEW_TARGET_MS
                met = figures.ms < limit and figures.overlaps == 0
                verdict = "met" if met else "NOT met"
                print(row(case.label, figures, f"< {limit} ms: {verdict}"), flush=True)
                verdicts.append(met)
                if not met and figures.layout != "overview":
                    parts = phases(page, case.text, 1 if overview else repeat, not overview)
                    print(
                        "      where the time goes: "
                        + ", ".join(
                            f"{name} {ms:.0f} ms" for name, ms in parts.items() if name != "layouts"
                        )
                        + f" in {parts['layouts']:.0f} forced layouts"
                        + " (render includes the parse, the style and the layout)",
                        flush=True,
                    )
            print_overview(page, repeat, sizes)
            print(
                "Verdict: "
                + ("every target met" if all(verdicts) else "some targets NOT met (see above)")
            )
        finally:
            browser.close()
            print(f"load average after: {' '.join(f'{load:.2f}' for load in os.getloadavg())}")


if __name__ == "__main__":
    main()
