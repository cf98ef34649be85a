"""Capture the real EXPLAIN output that ``tests/workbench/fixtures/plans/*.json`` hold.

Run on a throwaway cluster (the fixtures are PostgreSQL's own text, unchanged):

    .venv/bin/python -m tests.support.pgcluster run -- \
        .venv/bin/python -m tests.workbench.capture_plans

Each fixture is the text PostgreSQL returned for ``EXPLAIN (..., FORMAT JSON)``; the
``psql_text`` fixture holds what psql prints for one of them (its header and ``+``
continuation marks included), as ``{"query": ..., "output": ...}``.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import psycopg
from psycopg.adapt import Loader

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "plans"

# The design the plans are of (the unit tests import it into a Schema to link nodes).
DDL = """
CREATE TABLE customers (
    id bigint PRIMARY KEY,
    email text NOT NULL,
    country text NOT NULL,
    created_at timestamptz NOT NULL
);
CREATE TABLE orders (
    id bigint PRIMARY KEY,
    customer_id bigint NOT NULL REFERENCES customers (id),
    status text NOT NULL,
    total numeric(10, 2) NOT NULL,
    placed_at timestamptz NOT NULL
);
CREATE INDEX orders_placed_at_idx ON orders (placed_at);
CREATE TABLE order_items (
    order_id bigint NOT NULL REFERENCES orders (id),
    line int NOT NULL,
    product text NOT NULL,
    quantity int NOT NULL,
    PRIMARY KEY (order_id, line)
);
CREATE TABLE readings (a int NOT NULL, b int NOT NULL);
"""

DATA = """
SELECT setseed(0.17);
INSERT INTO customers
SELECT g, 'user' || g || '@example.com', (ARRAY['fr', 'de', 'us', 'jp'])[1 + g % 4],
       timestamptz '2024-01-01' + g * interval '1 minute'
FROM generate_series(1, 20000) g;
INSERT INTO orders
SELECT g, 1 + (g * 7919) % 20000,
       (ARRAY['open', 'paid', 'shipped', 'refunded'])[1 + (g % 97) % 4],
       round((random() * 1000)::numeric, 2),
       timestamptz '2024-01-01' + random() * interval '700 days'
FROM generate_series(1, 200000) g;
INSERT INTO order_items
SELECT o, l, 'product ' || ((o * l) % 500), 1 + (o + l) % 7
FROM generate_series(1, 200000) o, generate_series(1, 2) l;
INSERT INTO readings SELECT g % 1000, g % 1000 FROM generate_series(1, 100000) g;
ANALYZE;
"""

A = "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) "
SERIAL = "SET max_parallel_workers_per_gather = 0; "
PARALLEL = (
    "SET max_parallel_workers_per_gather = 2; SET parallel_setup_cost = 0; "
    "SET parallel_tuple_cost = 0; SET min_parallel_table_scan_size = 0; "
)
SMALL_MEMORY = "SET work_mem = '64kB'; "

# name: (settings, explain + query)
PLANS = {
    "seq_scan_filter": (
        SERIAL,
        A + "SELECT * FROM orders WHERE status = 'refunded' AND total > 900",
    ),
    "nested_loop": (
        SERIAL,
        A + "SELECT c.email, o.total FROM orders o JOIN customers c ON c.id = o.customer_id "
        "WHERE o.placed_at < timestamptz '2024-01-03'",
    ),
    "sort_disk": (
        SERIAL + SMALL_MEMORY,
        A + "SELECT count(*) FROM (SELECT id FROM orders ORDER BY total, id OFFSET 0) s",
    ),
    "hash_batches": (
        SERIAL + SMALL_MEMORY,
        A + "SELECT count(*) FROM orders o JOIN order_items i ON i.order_id = o.id "
        "WHERE i.quantity = 3",
    ),
    "parallel": (
        PARALLEL,
        A + "SELECT count(*) FROM order_items WHERE quantity > 3",
    ),
    "cte_subplan": (
        SERIAL,
        A + "WITH spent AS MATERIALIZED (SELECT customer_id, sum(total) AS s FROM orders "
        "GROUP BY customer_id) SELECT c.email, (SELECT max(placed_at) FROM orders o2 "
        "WHERE o2.customer_id = c.id) AS last_order FROM customers c JOIN spent "
        "ON spent.customer_id = c.id WHERE spent.s > (SELECT avg(total) * 12 FROM orders) "
        "AND c.id < 300",
    ),
    "estimate_miss": (
        SERIAL,
        A + "SELECT * FROM readings WHERE a = 7 AND b = 7",
    ),
    "bitmap_recheck": (
        SERIAL + SMALL_MEMORY + "SET enable_seqscan = off; ",
        A + "SELECT count(*) FROM orders WHERE placed_at BETWEEN timestamptz '2024-02-01' "
        "AND timestamptz '2024-09-01'",
    ),
    "explain_only": (
        SERIAL,
        "EXPLAIN (FORMAT JSON) SELECT c.email, o.total FROM orders o JOIN customers c "
        "ON c.id = o.customer_id WHERE c.country = 'fr' ORDER BY o.total DESC LIMIT 10",
    ),
    "before_index": (
        SERIAL,
        A + "SELECT * FROM orders WHERE customer_id = 42 ORDER BY placed_at",
    ),
}
AFTER = (
    "CREATE INDEX orders_customer_id_placed_at_idx ON orders (customer_id, placed_at)",
    "after_index",
    (SERIAL, A + "SELECT * FROM orders WHERE customer_id = 42 ORDER BY placed_at"),
)


class _Text(Loader):
    """json as PostgreSQL wrote it."""

    def load(self, data):
        return bytes(data).decode()


def _explain(conn: psycopg.Connection, settings: str, sql: str) -> str:
    with conn.transaction():
        for statement in filter(None, (part.strip() for part in settings.split(";"))):
            conn.execute(statement.replace("SET ", "SET LOCAL ", 1))
        return conn.execute(sql).fetchone()[0]


def main() -> None:
    url = os.environ["TEST_DATABASE_URL"]
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute("DROP DATABASE IF EXISTS plans_fixture")
        admin.execute("CREATE DATABASE plans_fixture TEMPLATE template0")
    database_url = psycopg.conninfo.make_conninfo(url, dbname="plans_fixture")
    FIXTURES.mkdir(parents=True, exist_ok=True)
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.adapters.register_loader("json", _Text)
        conn.execute(DDL)
        conn.execute(DATA)
        conn.execute("VACUUM ANALYZE")
        for name, (settings, sql) in PLANS.items():
            (FIXTURES / f"{name}.json").write_text(_explain(conn, settings, sql) + "\n")
        create, name, (settings, sql) = AFTER
        conn.execute(create)
        conn.execute("VACUUM ANALYZE orders")
        (FIXTURES / f"{name}.json").write_text(_explain(conn, settings, sql) + "\n")
    # What psql prints for an EXPLAIN in JSON: its header, the + marks, the row count.
    query = PLANS["nested_loop"][1]
    psql = Path(subprocess.check_output(["pg_config", "--bindir"], text=True).strip()) / "psql"
    if not psql.exists():
        psql = Path("/usr/bin/psql")
    output = subprocess.check_output(
        [
            str(psql),
            database_url,
            "-X",
            "-c",
            "SET max_parallel_workers_per_gather = 0",
            "-c",
            query,
        ],
        text=True,
    )
    output = output.split("\n", 1)[1]  # psql's "SET"
    (FIXTURES / "psql_text.json").write_text(
        json.dumps({"query": query, "output": output}, indent=2) + "\n"
    )
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute("DROP DATABASE plans_fixture WITH (FORCE)")


if __name__ == "__main__":
    main()
