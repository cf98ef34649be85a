"""The heaviest property proofs, run longer than ``make test`` runs them.

``make test`` keeps to about 20 minutes on a 2-core machine by drawing fewer examples of
its heaviest property tests (``tests.support.examples``); this runs those tests with
``PROPERTY_SCALE`` (3 by default) times their examples on a real PostgreSQL, and prints
how long each file took.

    .venv/bin/python benchmarks/properties.py [--scale 3]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEAVY = (
    "tests/generators/test_sqlmodel.py::test_generated_schemas_build_the_catalog_the_ddl_builds",
    "tests/generators/test_ddl.py::test_generated_schemas_apply_and_the_catalog_agrees_with_the_model",
    "tests/generators/test_migration.py::test_generated_schemas_go_up_down_and_up_again",
    "tests/generators/test_queries.py::test_every_example_runs_on_the_loaded_database",
    "tests/generators/test_sample_data.py::test_generated_schemas_load_their_sample_data",
    "tests/generators/test_mermaid.py::test_every_generated_schema_parses_with_mermaids_own_parser",
    "tests/generators/test_migration_sql.py",
    "tests/generators/test_migration_alembic.py",
    "tests/views/test_editor_state_machine.py",
    "tests/operations/test_sequences.py",
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=3.0)
    scale = parser.parse_args().scale
    env = {**os.environ, "PROPERTY_SCALE": str(scale), "CI": "true"}
    failed = 0
    print(f"PROPERTY_SCALE={scale:g}")
    for test in HEAVY:
        started = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-m", "tests.support.pgcluster", "run", "--",
             str(ROOT / ".venv/bin/pytest"), "-q", "-p", "no:cacheprovider", test],
            cwd=ROOT, env=env, capture_output=True, text=True,
        )  # fmt: skip
        took = time.perf_counter() - started
        last = (result.stdout.strip().splitlines() or ["(no output)"])[-1]
        print(f"{took:8.1f} s  {test}: {last}")
        failed += result.returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
