"""The write path's benchmark: server time of edits, undo and the history page, and the
rows one edit writes.

On the synthetic schema of 500 tables (5,000 columns, 600 foreign keys), through the
in-process Django test client against a fresh SQLite store (median of 25 after a warm-up):
- one field edit (the htmx POST of the inline form),
- one entity rename, which rewrites the expressions that qualify a column with its name,
- one undo, and one redo,
- the history page (htmx partial, 300 changes in the log),
- the first field edit after another process changed the project (its cache is cold:
  the schema is read from the records once);
and, on 50 and on 500 tables, the rows one field edit writes (inserted, updated or
deleted), which must not grow with the schema.

Targets on this machine: an edit and an undo under 50 ms at 500 tables.

    .venv/bin/python benchmarks/edit.py
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
_store = tempfile.mkdtemp(prefix="bench-edit-")
os.environ["DATABASE_URL"] = f"sqlite:///{_store}/db.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from benchmarks.synthetic import synthetic_schema  # noqa: E402
from designer.operations import AddCheck, AddIndex, EditEntity, EditField  # noqa: E402
from designer.services import edits  # noqa: E402
from designer.store import load_schema, schema_cache  # noqa: E402
from tests.support.accounts import signed_in  # noqa: E402

REPEAT = 25


def median_ms(action, repeat: int = REPEAT) -> float:
    action()  # warm up (templates, caches)
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def project_of(size: int, slug: str):
    schema = synthetic_schema(size, size * 10, size + size // 5, seed=size)
    return edits.create_project(name=f"Bench {size}", slug=slug, schema=schema)


def rows_per_field_edit(size: int) -> int:
    project = project_of(size, f"rows-{size}")
    table = load_schema(project).tables[size // 2]
    column = table.column("field_0")
    applied = edits.apply(project, [EditField(column.id, {"name": "renamed", "nullable": False})])
    return applied.rows


def server_figures() -> dict[str, float]:
    project = project_of(500, "server")
    schema = load_schema(project)
    table = schema.tables[250]
    # Expressions that name the table, for the rename to rewrite.
    edits.apply(
        project,
        [
            AddCheck(table.id, f"{table.name}.id IS NOT NULL", "ck_bench"),
            AddIndex(table.id, ({"column": "id"},), where=f"{table.name}.created_at IS NOT NULL"),
        ],
    )
    field = table.column("field_0")
    client = signed_in(Client())  # every page requires an account
    base = f"/projects/{project.slug}"
    names = iter(f"renamed_{n}" for n in range(10_000))
    hx = {"HTTP_HX_REQUEST": "true"}

    def edit() -> None:
        project.refresh_from_db(fields=["revision"])
        data = {
            "name": next(names),
            "data_type": "text",
            "nullable": "on",
            "base_revision": str(project.revision),
        }
        response = client.post(f"{base}/fields/{field.id}/edit/", data, **hx)
        assert response.status_code == 200 and "schemaChanged" in response["HX-Trigger"]

    tables = iter([f"{table.name}_b", table.name] * 10_000)

    def rename() -> None:
        project.refresh_from_db(fields=["revision"])
        data = {
            "name": next(tables),
            "schema_name": "public",
            "timestamps": "on",
            "base_revision": str(project.revision),
        }
        response = client.post(f"{base}/entities/{table.id}/edit/", data, **hx)
        assert response.status_code == 200 and "schemaChanged" in response["HX-Trigger"]

    def step(kind: str):
        def action() -> None:
            response = client.post(f"{base}/history/{kind}/", {"entity": table.id}, **hx)
            assert response.status_code == 200, response.status_code

        return action

    figures = {
        "one field edit (htmx)": median_ms(edit),
        "one entity rename (expressions rewritten)": median_ms(rename),
    }
    # Undo and redo alternate, so the stacks never run dry.
    undo_times, redo_times = [], []
    for _ in range(REPEAT):
        for times, kind in ((undo_times, "undo"), (redo_times, "redo")):
            started = time.perf_counter()
            step(kind)()
            times.append((time.perf_counter() - started) * 1000)
    figures["one undo"] = statistics.median(undo_times)
    figures["one redo"] = statistics.median(redo_times)
    for n in range(300):
        edits.apply(project, [EditEntity(table.id, {"description": f"Version {n}."})])
    figures["the history page (htmx, 300 changes)"] = median_ms(
        lambda: client.get(f"{base}/history/", **hx)
    )
    cold = []
    for _ in range(5):
        schema_cache.clear()  # as in a process that did not make the last change
        started = time.perf_counter()
        edit()
        cold.append((time.perf_counter() - started) * 1000)
    figures["the first field edit after a change made elsewhere"] = statistics.median(cold)
    return figures


def main() -> None:
    call_command("migrate", verbosity=0)
    print("Rows written by one field edit (the field, the project's revision, the log):")
    for size in (50, 500):
        print(f"  {size:>3} tables: {rows_per_field_edit(size)} rows")
    print("Server time at 500 tables (median):")
    for label, value in server_figures().items():
        print(f"  {label:<55} {value:7.1f} ms")


if __name__ == "__main__":
    main()
