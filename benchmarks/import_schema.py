"""How long importing takes: each corpus schema and a synthetic 500-table pg_dump.

Starts a throwaway PostgreSQL (tests.support.pgcluster), loads each schema into a fresh
database, and prints, per schema: the file's size, the SQL import (``import_sql`` on the
file: parse, replay, build), the live import (``import_live`` on the database) and, for
scale, ``pg_dump --schema-only`` of the same database. The synthetic schema is imported
from its own pg_dump output (target: under 2 s). Then it compares the two ways of
parsing a big file with pglast: ``parse_sql_json`` + ``json.loads`` (plain dicts, what
the importer uses) against ``parse_sql`` (pglast's Python node objects).

    .venv/bin/python benchmarks/import_schema.py
"""

from __future__ import annotations

import glob
import json
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pglast import parser  # noqa: E402

from designer.importers.live import import_live  # noqa: E402
from designer.importers.sql import import_sql, tree  # noqa: E402
from designer.importers.sql.source import blank_psql_parts  # noqa: E402
from tests.support.pgcluster import start_cluster  # noqa: E402
from tests.support.postgres import PgServer  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
NAMES = ("chinook", "northwind", "pagila", "openstreetmap", "adventureworks")
RUNS = 3


def best_of(function, runs: int = RUNS) -> float:
    """The fastest of ``runs`` timings, in seconds, with a cold expression cache."""
    timings = []
    for _ in range(runs):
        tree._WRITTEN.clear()
        start = time.perf_counter()
        function()
        timings.append(time.perf_counter() - start)
    return min(timings)


def pg_dump_binary(cluster) -> str:
    """pg_dump of the server's version: beside initdb, or in Debian's versioned directory."""
    for candidate in (cluster.bindir / "pg_dump", shutil.which("pg_dump")):
        if candidate and Path(candidate).exists():
            return str(candidate)
    return sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_dump"))[-1]


def pg_dump(cluster, url: str) -> tuple[str, float]:
    command = [pg_dump_binary(cluster), "--schema-only", "--no-owner", url]
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, check=True)
    return result.stdout, time.perf_counter() - start


def synthetic_sql(tables: int = 500, seed: int = 0) -> str:
    """A plausible application schema: keys, foreign keys, indexes, checks, comments."""
    pick = random.Random(seed)
    kinds = ["text", "varchar(120)", "integer", "numeric(12,2)", "boolean", "timestamptz",
             "date", "jsonb", "uuid", "bigint", "text[]"]  # fmt: skip
    statements = ["CREATE TYPE state AS ENUM ('new', 'active', 'closed');"]
    for number in range(tables):
        name = f"entity_{number:03d}"
        columns = ["id bigserial PRIMARY KEY", "state state NOT NULL DEFAULT 'new'"]
        columns += [
            f"field_{c} {pick.choice(kinds)}{' NOT NULL' if pick.random() < 0.4 else ''}"
            for c in range(pick.randint(4, 12))
        ]
        columns += ["amount numeric(12,2) CHECK (amount >= 0)", "code varchar(40) UNIQUE"]
        references = pick.sample(range(number), min(number, pick.randint(0, 3)))
        columns += [
            f"ref_{r} bigint REFERENCES entity_{r:03d} ON DELETE "
            f"{pick.choice(['CASCADE', 'RESTRICT', 'SET NULL'])}"
            for r in references
        ]
        columns += ["created_at timestamptz NOT NULL DEFAULT now()"]
        statements.append(f"CREATE TABLE {name} (\n    " + ",\n    ".join(columns) + "\n);")
        statements += [f"CREATE INDEX ON {name} (ref_{r});" for r in references]
        statements.append(f"CREATE INDEX ON {name} (state, created_at DESC);")
        statements.append(f"COMMENT ON TABLE {name} IS 'Synthetic entity number {number}.';")
    return "\n".join(statements)


def measure_database(server: PgServer, cluster, label: str, sql: str) -> tuple[str, float]:
    database = server.create_database("bench")
    try:
        database.run(sql)
        dump, dump_seconds = pg_dump(cluster, database.url)
        schemas = sorted({table.schema for table in import_sql(sql).schema.tables})
        sql_seconds = best_of(lambda: import_sql(sql))
        live_seconds = best_of(
            lambda: import_live(database.url, allowed_hosts=["127.0.0.1"], schemas=schemas)
        )
        size = len(sql.encode()) / 1024
        print(
            f"{label:<16} {size:>8.1f} KB  sql import {sql_seconds * 1000:>7.0f} ms"
            f"  live import {live_seconds * 1000:>7.0f} ms  pg_dump {dump_seconds * 1000:>5.0f} ms"
        )
        return dump, dump_seconds
    finally:
        database.drop()


def compare_parsers(label: str, sql: str) -> None:
    sql, _ = blank_psql_parts(sql)  # pg_dump's restrict meta-commands are psql's, not SQL
    as_json = best_of(lambda: json.loads(parser.parse_sql_json(sql)))
    as_nodes = best_of(lambda: parser.parse_sql(sql))
    print(
        f"{label:<28} parse_sql_json + json.loads {as_json * 1000:>6.0f} ms   "
        f"parse_sql (Python nodes) {as_nodes * 1000:>6.0f} ms   ({as_nodes / as_json:.1f}x)"
    )


def main() -> int:
    cluster = start_cluster()
    try:
        server = PgServer(cluster.url)
        print(f"best of {RUNS} runs each\n")
        for name in NAMES:
            measure_database(server, cluster, name, (CORPUS / name / "schema.sql").read_text())
        synthetic_dump, dump_seconds = measure_database(
            server, cluster, "synthetic 500", synthetic_sql()
        )
        dump_import = best_of(lambda: import_sql(synthetic_dump))
        result = import_sql(synthetic_dump)
        print(
            f"\nsynthetic 500-table pg_dump ({len(synthetic_dump.encode()) / 1024:.0f} KB, "
            f"{result.counts['tables']} tables, {result.counts['columns']} columns, "
            f"{result.counts['foreign keys']} foreign keys, {result.counts['indexes']} indexes): "
            f"import {dump_import:.2f} s (target < 2 s); pg_dump --schema-only {dump_seconds:.2f} s"
        )
        print()
        compare_parsers(
            "adventureworks (180 KB)", (CORPUS / "adventureworks" / "schema.sql").read_text()
        )
        compare_parsers("synthetic 500-table dump", synthetic_dump)
    finally:
        cluster.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
