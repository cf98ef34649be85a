"""Generator benchmark: a 500-table schema through load_schema and the three generators.

Prints the time of ``load_schema`` (from a fresh SQLite store) and of the DDL, SQLModel
and Mermaid generators on a synthetic schema of 500 tables, 5,000 columns and 600
foreign keys, the peak memory of each, and, in the same run, the time sqlacodegen's
SQLModel generator (``sqlacodegen --generator sqlmodels``) takes on a PostgreSQL database
built from our DDL, with the ratio ours / theirs. sqlacodegen reads the database's
catalog first (reflection): its time includes that, ours starts from the schema model.

Targets on this machine: each generator under 300 ms, all three together under 1 s.

    .venv/bin/python benchmarks/generate.py
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
_store = tempfile.mkdtemp(prefix="bench-generate-")
os.environ["DATABASE_URL"] = f"sqlite:///{_store}/db.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

import psycopg  # noqa: E402
from django.core.management import call_command  # noqa: E402

from benchmarks.synthetic import synthetic_schema  # noqa: E402
from designer.generators import ddl, mermaid, sqlmodel  # noqa: E402
from designer.services.edits import create_project  # noqa: E402
from designer.store import load_schema  # noqa: E402
from tests.support.pgcluster import start_cluster  # noqa: E402

REPEAT = 5


def measure(action) -> tuple[float, float]:
    """Median milliseconds over REPEAT runs, and the peak memory of one run in MB."""
    times = []
    for _ in range(REPEAT):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    tracemalloc.start()
    action()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return statistics.median(times), peak / 1e6


def _all_three(schema) -> None:
    """The three generators as one download of them all runs them: on one schema object,
    which works out the names and the creation order once."""
    ddl.generate(schema)
    sqlmodel.generate(schema)
    mermaid.generate(schema)


def sqlacodegen_seconds(text: str) -> float | None:
    """Time of sqlacodegen --generator sqlmodels on a database built from ``text``."""
    binary = shutil.which("sqlacodegen", path=str(Path(sys.executable).parent))
    if binary is None:
        print("  sqlacodegen is not installed (pip install '.[bench]'): no comparison")
        return None
    cluster = start_cluster()
    try:
        with psycopg.connect(cluster.url, autocommit=True) as conn:
            conn.execute("CREATE DATABASE bench")
        url = cluster.url.rsplit("/", 1)[0] + "/bench"
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(text)
        sqlalchemy_url = url.replace("postgresql://", "postgresql+psycopg://")
        started = time.perf_counter()
        subprocess.run(
            [binary, "--generator", "sqlmodels", sqlalchemy_url],
            check=True,
            capture_output=True,
        )
        return time.perf_counter() - started
    finally:
        cluster.stop()


def main() -> None:
    call_command("migrate", verbosity=0)
    schema = synthetic_schema(500, 5000, 600)
    project = create_project(name="Bench", slug="bench", schema=schema)
    columns = sum(len(table.columns) for table in schema.tables)
    print(
        f"Synthetic schema: {len(schema.tables)} tables, {columns} columns, "
        f"{len(schema.relationships)} foreign keys (median of {REPEAT} runs)"
    )
    results = {
        "load_schema (SQLite store)": measure(lambda: load_schema(project)),
        # Each call gets a new schema object, as each request does: nothing a schema
        # remembers about itself (Schema.derived) is carried from one call to the next.
        "DDL": measure(lambda: ddl.generate(replace(schema))),
        "SQLModel": measure(lambda: sqlmodel.generate(replace(schema))),
        "Mermaid": measure(lambda: mermaid.generate(replace(schema))),
    }
    for name, (ms, mb) in results.items():
        print(f"  {name:<28}{ms:>9.0f} ms   peak {mb:>6.1f} MB")
    together, _ = measure(lambda: _all_three(replace(schema)))
    print(f"  {'the three on one schema':<28}{together:>9.0f} ms")
    theirs = sqlacodegen_seconds(ddl.generate(schema))
    if theirs is not None:
        ours = results["SQLModel"][0] / 1000
        print(
            f"  sqlacodegen --generator sqlmodels: {theirs * 1000:.0f} ms (reflection included); "
            f"ours / theirs = {ours / theirs:.2f}"
        )


if __name__ == "__main__":
    main()
