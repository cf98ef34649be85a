"""Design review benchmark: lint of the 500-table synthetic schema.

Prints the time of ``designer.lint.lint`` on ``synthetic_schema(500, 5000, 600)`` (500
tables, 5,000 columns, 600 foreign keys): the first review in a fresh process (cold:
the word and expression caches are empty) and the median of the following ones (warm),
as wall-clock and CPU time; then the time per rule family, and the time of the same
schema with its indexes dropped (600 more findings, each with a fix). Target: under
300 ms.

    .venv/bin/python benchmarks/lint.py
"""

from __future__ import annotations

import statistics
import sys
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.synthetic import synthetic_schema
from designer.lint import lint, profile_named, rules
from designer.lint.context import Context

TARGET_MS = 300
REPEAT = 9


def timed(action) -> tuple[float, float]:
    """(wall ms, CPU ms) of one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    action()
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


def per_family(schema) -> dict[str, float]:
    """CPU ms per rule family, over every table, with facts shared as in a review."""
    context = Context(schema, profile_named("strict"))
    spent: Counter[str] = Counter()
    for rule in rules():
        started = time.process_time()
        for table in schema.tables:
            if rule.check is not None:
                list(rule.check(context, table))
        spent[rule.family] += (time.process_time() - started) * 1000
    return dict(spent)


def main() -> None:
    schema = synthetic_schema(500, 5000, 600)
    cold_wall, cold_cpu = timed(lambda: lint(schema))
    runs = [timed(lambda: lint(replace(schema))) for _ in range(REPEAT)]
    wall = statistics.median(run[0] for run in runs)
    cpu = statistics.median(run[1] for run in runs)
    findings = lint(schema)
    by_rule = Counter(finding.rule for finding in findings)

    print(f"lint of synthetic_schema(500, 5000, 600): {len(findings)} findings {dict(by_rule)}")
    print(f"  cold (first review):  {cold_wall:7.1f} ms wall, {cold_cpu:7.1f} ms CPU")
    print(f"  warm (median of {REPEAT}):  {wall:7.1f} ms wall, {cpu:7.1f} ms CPU")
    verdict = "met" if max(cold_wall, wall) < TARGET_MS else "MISSED"
    print(f"  target {TARGET_MS} ms: {verdict}")
    print("  CPU per rule family (warm caches):")
    for family, spent in sorted(per_family(schema).items(), key=lambda item: -item[1]):
        print(f"    {family:<14} {spent:6.1f} ms")

    bare = replace(schema, tables=tuple(replace(table, indexes=()) for table in schema.tables))
    runs = [timed(lambda: lint(replace(bare))) for _ in range(REPEAT)]
    count = len(lint(bare))
    print(
        f"without its indexes ({count} findings): "
        f"{statistics.median(run[0] for run in runs):.1f} ms wall, "
        f"{statistics.median(run[1] for run in runs):.1f} ms CPU (median of {REPEAT})"
    )


if __name__ == "__main__":
    main()
