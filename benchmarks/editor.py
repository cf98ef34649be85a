"""Editor benchmark: server time of the editor page and of one field edit, and ERD drawing.

Prints, for schemas of 50 and 300 entities, the median server time (in-process Django
test client against a fresh SQLite store) of:
- GET the editor page with one entity open,
- POST one field edit with htmx (the request a user makes when pressing Enter),
- GET the diagram source and the DDL preview the page then refreshes;
and the time the vendored Mermaid takes to draw the ERD in Chromium for the demo and for
25 and 100 entities, whole and in focus mode.

Targets on this machine: a field edit under 50 ms at 300 entities, the editor page
under 300 ms, the demo's ERD under 1 s.

    .venv/bin/python benchmarks/editor.py
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
_store = tempfile.mkdtemp(prefix="bench-editor-")
os.environ["DATABASE_URL"] = f"sqlite:///{_store}/db.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from benchmarks.synthetic import synthetic_schema  # noqa: E402
from designer.demo import demo_schema  # noqa: E402
from designer.generators import mermaid  # noqa: E402
from designer.models import Project  # noqa: E402
from designer.services.edits import create_project  # noqa: E402
from tests.support.accounts import signed_in  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
REPEAT = 15


def median_ms(action, repeat: int = REPEAT) -> float:
    action()  # warm up (templates, caches)
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def server_figures(size: int) -> dict[str, float]:
    schema = synthetic_schema(size, size * 10, size + size // 5, seed=size)
    project = create_project(name=f"Bench {size}", slug=f"bench-{size}", schema=schema)
    entity = project.entities.order_by("position").all()[size // 2]
    field = entity.fields.get(name="field_0")
    client = signed_in(Client())  # every page requires an account
    editor_url = f"/projects/{project.slug}/entities/{entity.id}/"
    edit_url = f"/projects/{project.slug}/fields/{field.id}/edit/"
    names = iter(f"renamed_{n}" for n in range(1000))

    def edit() -> None:
        data = {"name": next(names), "data_type": "text", "nullable": "on"}
        response = client.post(edit_url, data, HTTP_HX_REQUEST="true")
        assert response.status_code == 200 and "schemaChanged" in response["HX-Trigger"]

    return {
        "editor page": median_ms(lambda: client.get(editor_url)),
        "field edit (htmx)": median_ms(edit),
        "diagram source": median_ms(
            lambda: client.get(f"/projects/{project.slug}/erd/?entity={entity.id}"), 7
        ),
        "diagram source, focus": median_ms(
            lambda: client.get(f"/projects/{project.slug}/erd/?focus=1&entity={entity.id}"), 7
        ),
        "DDL preview of the entity": median_ms(
            lambda: client.get(f"/projects/{project.slug}/preview/?format=ddl&entity={entity.id}"),
            7,
        ),
    }


def erd_figures() -> list[tuple[str, int, float]]:
    from playwright.sync_api import sync_playwright

    cases = [("demo", demo_schema(), None)]
    for size in (25, 100):
        schema = synthetic_schema(size, size * 8, size + size // 4, seed=size)
        cases.append((f"{size} entities, whole", schema, None))
        cases.append((f"{size} entities, focus", schema, schema.tables[size // 2].qname))
    results = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.set_content("<!doctype html><html><body><div id='erd'></div></body></html>")
        page.add_script_tag(path=str(ROOT / "static/vendor/mermaid/mermaid.min.js"))
        page.add_script_tag(path=str(ROOT / "static/designer/erd.js"))
        for label, schema, focus in cases:
            text = mermaid.generate(schema, mermaid.MermaidOptions(focus=focus))
            timings = page.evaluate(
                """async (text) => {
                    const target = document.getElementById('erd');
                    const times = [];
                    for (let i = 0; i < 4; i++) {
                        const started = performance.now();
                        await window.ERD.render(text, target);
                        times.push(performance.now() - started);
                    }
                    times.sort((a, b) => a - b);
                    return times[Math.floor(times.length / 2)];
                }""",
                text,
            )
            results.append((label, len(text), timings))
        browser.close()
    return results


def main() -> None:
    call_command("migrate", verbosity=0)
    Project.objects.all().delete()
    print("Server time, median of 15 (ms)      50 entities   300 entities")
    figures = {size: server_figures(size) for size in (50, 300)}
    for name in figures[50]:
        print(f"  {name:<34}{figures[50][name]:>10.1f}{figures[300][name]:>14.1f}")
    print("ERD drawn by Mermaid in Chromium, median of 4 (ms)")
    for label, size, ms in erd_figures():
        print(f"  {label:<34}{ms:>10.0f}   ({size:,} characters)")


if __name__ == "__main__":
    main()
