"""Document and sample-data benchmark on the 500-table synthetic schema.

Prints, for ``synthetic_schema(500, 5000, 600)`` (500 tables, 5,000 columns, 600 foreign
keys), the time of ``sample_data.generate`` and of ``document.generate`` (which embeds the
DDL, the Mermaid ERD, the SQLModel module, the sample data, the migration and the query
examples): the first call in a fresh process (cold) and the median of the following ones
(warm), as wall-clock and CPU time, with the size of each output; then the document's
parts, each timed alone. Targets: under 1 s each.

    .venv/bin/python benchmarks/document.py
"""

from __future__ import annotations

import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.synthetic import synthetic_schema
from designer.generators import ddl, document, mermaid, migration, queries, sample_data, sqlmodel

TARGET_MS = 1000
REPEAT = 5


def timed(action) -> tuple[float, float, object]:
    """(wall ms, CPU ms, result) of one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = action()
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000, result


def measure(name: str, action) -> None:
    cold_wall, cold_cpu, result = timed(action)
    warm = [timed(action)[:2] for _ in range(REPEAT)]
    wall = statistics.median(w for w, _ in warm)
    cpu = statistics.median(c for _, c in warm)
    verdict = "ok" if max(cold_wall, wall) < TARGET_MS else f"over the {TARGET_MS} ms target"
    size = len(result) if isinstance(result, str) else 0
    print(
        f"{name:<22} cold {cold_wall:7.0f} ms wall {cold_cpu:7.0f} ms CPU | "
        f"warm median {wall:7.0f} ms wall {cpu:7.0f} ms CPU | {size / 1e6:5.2f} MB  {verdict}"
    )


def main() -> None:
    schema = synthetic_schema(500, 5000, 600)
    print(
        f"synthetic schema: {len(schema.tables)} tables, "
        f"{sum(len(t.columns) for t in schema.tables)} columns, "
        f"{len(schema.relationships)} foreign keys"
    )
    measure("sample_data.generate", lambda: sample_data.generate(replace(schema)))
    measure("document.generate", lambda: document.generate(replace(schema)))
    print("the document's parts, alone (warm median):")
    parts = {
        "ddl": lambda: ddl.generate(replace(schema)),
        "mermaid": lambda: mermaid.generate(replace(schema)),
        "sqlmodel": lambda: sqlmodel.generate(replace(schema)),
        "sample data": lambda: sample_data.generate(replace(schema)),
        "migration down": lambda: migration.down(replace(schema)),
        "query examples": lambda: queries.examples(replace(schema)),
    }
    for name, action in parts.items():
        action()
        wall = statistics.median(timed(action)[0] for _ in range(3))
        print(f"  {name:<16} {wall:7.0f} ms")


if __name__ == "__main__":
    main()
