"""The live EXPLAIN on a real PostgreSQL: read only and rolled back, ANALYZE only when
asked, the statement timeout, $n values, the live import's connection rules, and a
suggested index tried with hypopg (the cost before and after)."""

from __future__ import annotations

import pytest

from designer.workbench.live_explain import LiveExplainError, explain_live

pytestmark = pytest.mark.postgres

LOOPBACK = ["127.0.0.0/8", "::1"]

DDL = """
CREATE TABLE customers (id bigint PRIMARY KEY, email text NOT NULL);
CREATE TABLE orders (
    id bigint PRIMARY KEY,
    customer_id bigint NOT NULL REFERENCES customers (id),
    status text NOT NULL,
    placed_at timestamptz NOT NULL
);
INSERT INTO customers SELECT g, 'u' || g || '@example.com' FROM generate_series(1, 5000) g;
INSERT INTO orders SELECT g, 1 + g % 5000, (ARRAY['open', 'paid'])[1 + g % 2],
    timestamptz '2024-01-01' + g * interval '1 minute' FROM generate_series(1, 50000) g;
ANALYZE;
"""


@pytest.fixture
def shop(pg_db):
    pg_db.run(DDL)
    return pg_db


def _explain(database, sql, **options):
    return explain_live(database.url, sql, allowed_hosts=LOOPBACK, **options)


def _count(database, table="orders"):
    return database.query(f"SELECT count(*) FROM {table}")[0][0]


def test_explain_gives_the_estimated_plan_without_running_the_query(shop):
    result = _explain(shop, "SELECT * FROM orders WHERE customer_id = 42")
    assert not result.analyzed and not result.plan.analyzed
    assert result.plan.execution_ms is None
    assert result.plan.root.node_type == "Seq Scan" and result.plan.root.relation == "orders"
    assert result.plan.total_cost and result.plan.total_cost > 0
    assert result.place.startswith(f'database "{shop.name}"')


def test_analyze_only_when_asked_and_with_buffers(shop):
    result = _explain(shop, "SELECT count(*) FROM orders WHERE status = $1", parameters=["paid"],
                      analyze=True)  # fmt: skip
    assert result.analyzed and result.plan.analyzed and result.plan.buffers
    assert result.plan.execution_ms is not None
    scan = next(node for node in result.plan.nodes if node.relation == "orders")
    assert scan.actual_rows == 25000 and scan.loops == 1


def test_parameters_are_values_never_sql(shop):
    value = "x'); DELETE FROM orders; --"
    result = _explain(shop, "SELECT * FROM orders WHERE status = $1", parameters=[value],
                      analyze=True)  # fmt: skip
    assert result.plan.root.actual_rows == 0
    assert _count(shop) == 50000
    null = _explain(shop, "SELECT * FROM orders WHERE status = $1", parameters=["NULL"],
                    analyze=True)  # fmt: skip
    assert null.plan.root.actual_rows == 0


def test_a_missing_parameter_value_is_postgresql_s_refusal(shop):
    with pytest.raises(LiveExplainError, match="PostgreSQL refused the query"):
        _explain(shop, "SELECT * FROM orders WHERE customer_id = $1")


@pytest.mark.parametrize("analyze", [False, True])
def test_a_write_is_refused_or_rolled_back(shop, analyze):
    sql = "INSERT INTO customers (id, email) VALUES (999999, 'new@example.com') RETURNING id"
    if analyze:
        # run for real: a READ ONLY transaction refuses the write
        with pytest.raises(LiveExplainError, match="read-only transaction"):
            _explain(shop, sql, analyze=True)
    else:
        result = _explain(shop, sql)  # planned only
        assert result.plan.root.node_type == "ModifyTable"
    assert shop.query("SELECT count(*) FROM customers WHERE id = 999999")[0][0] == 0


def test_a_function_that_writes_is_refused_too(shop):
    shop.run(
        "CREATE FUNCTION sneaky() RETURNS int LANGUAGE sql AS $$ DELETE FROM orders RETURNING 1 $$"
    )
    with pytest.raises(LiveExplainError, match=r"read-only transaction|non-volatile"):
        _explain(shop, "SELECT sneaky()", analyze=True)
    assert _count(shop) == 50000


def test_several_statements_are_refused(shop):
    with pytest.raises(LiveExplainError, match="PostgreSQL refused the query"):
        _explain(shop, "SELECT 1; DELETE FROM orders", analyze=True)
    assert _count(shop) == 50000


def test_the_statement_timeout_cancels_a_slow_query(shop):
    with pytest.raises(LiveExplainError, match=r"did not finish within 0\.5 seconds"):
        _explain(shop, "SELECT pg_sleep(5)", analyze=True, statement_timeout=0.5)
    # without ANALYZE nothing runs, so nothing waits
    assert _explain(shop, "SELECT pg_sleep(5)", statement_timeout=0.5).plan.root


def test_the_live_import_s_connection_rules_apply(shop):
    with pytest.raises(LiveExplainError, match="turned off"):
        explain_live(shop.url, "SELECT 1", allowed_hosts=[])
    with pytest.raises(LiveExplainError, match="not a host this server may connect to"):
        explain_live(shop.url, "SELECT 1", allowed_hosts=["10.0.0.0/8"])
    with pytest.raises(LiveExplainError, match="cannot be used here"):
        explain_live(shop.url + " passfile=/etc/passwd", "SELECT 1", allowed_hosts=LOOPBACK)


def test_hypopg_shows_the_cost_before_and_after_a_suggested_index(shop):
    shop.run("CREATE EXTENSION hypopg")
    create = "CREATE INDEX ON public.orders (customer_id, placed_at)"
    result = _explain(
        shop,
        "SELECT * FROM orders WHERE customer_id = $1 ORDER BY placed_at",
        parameters=["42"],
        indexes=[(create, "equality on customer_id, then the ORDER BY")],
    )
    assert result.hypopg
    (tried,) = result.hypotheticals
    assert tried.error is None and tried.used
    assert tried.cost_after < tried.cost_before
    assert any("btree_orders" in (node.index_name or "") for node in tried.plan.nodes)
    # nothing left behind: hypopg's indexes lived in the session, which is gone
    assert shop.query("SELECT count(*) FROM pg_indexes WHERE tablename = 'orders'")[0][0] == 1


def test_hypopg_with_analyze_compares_estimates_and_reports_an_index_it_cannot_make(shop):
    shop.run("CREATE EXTENSION hypopg")
    result = _explain(
        shop,
        "SELECT * FROM orders WHERE status = 'paid' AND customer_id = 7",
        analyze=True,
        indexes=[
            ("CREATE INDEX ON orders (customer_id)", "equality"),
            ("CREATE INDEX ON orders (no_such_column)", "broken"),
        ],
    )
    good, broken = result.hypotheticals
    assert good.used and good.cost_after < good.cost_before
    assert broken.error and "no_such_column" in broken.error and broken.cost_after is None


def test_without_hypopg_no_index_is_tried(shop):
    result = _explain(shop, "SELECT * FROM orders WHERE customer_id = 7",
                      indexes=[("CREATE INDEX ON orders (customer_id)", "equality")])  # fmt: skip
    assert not result.hypopg and result.hypotheticals == ()


# --- through the page ----------------------------------------------------------------------

SAVED = "SELECT * FROM orders WHERE customer_id = $1 ORDER BY placed_at"


@pytest.fixture
def project(db, shop):
    from dataclasses import replace

    from designer.importers.sql import import_sql
    from designer.schema.model import SavedQuery
    from designer.services.edits import create_project

    schema = import_sql(DDL.split("INSERT")[0]).schema
    query = SavedQuery("3c1a8f7e-5c4b-4c7e-9d1a-2b3c4d5e6f70", "orders of a customer", SAVED)
    return create_project(name="Shop", slug="shop", schema=replace(schema, queries=(query,)))


def _live(client, data):
    from django.urls import reverse

    return client.post(reverse("designer:plans_live", args=["shop"]), data)


def test_the_page_explains_a_saved_query_and_tries_the_suggested_index(
    client, project, shop, settings
):
    settings.LIVE_IMPORT_HOSTS = LOOPBACK
    shop.run("CREATE EXTENSION hypopg")
    response = _live(
        client,
        {
            "url": _url(shop),
            "saved_query": "3c1a8f7e-5c4b-4c7e-9d1a-2b3c4d5e6f70",
            "parameters": "42",
            "hypothetical": "on",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200, page
    assert "EXPLAIN of orders of a customer" in page and 'id="p1"' in page
    assert "no ANALYZE: estimates only" in page
    assert 'id="hypothetical-indexes"' in page
    assert "CREATE INDEX" in page and "customer_id" in page
    # the suggested index made the estimated cost lower, and the plan read it
    row = page.split('id="hypothetical-indexes"')[1].split("</table>")[0]
    assert '<span class="better">' in row and "<td>yes</td>" in row


def test_the_page_runs_analyze_only_when_ticked(client, project, shop, settings):
    settings.LIVE_IMPORT_HOSTS = LOOPBACK
    data = {"url": _url(shop), "sql": "SELECT count(*) FROM orders"}
    page = _live(client, data).content.decode()
    assert "no ANALYZE: estimates only" in page and "Executed in" not in page
    page = _live(client, {**data, "analyze": "on"}).content.decode()
    assert "EXPLAIN ANALYZE of query" in page and "Executed in" in page
    # a write, analysed: refused by the read-only transaction, said on the page
    response = _live(client, {**data, "sql": "DELETE FROM orders RETURNING id", "analyze": "on"})
    assert response.status_code == 400
    assert "read-only transaction" in response.content.decode()
    assert _count(shop) == 50000


def _url(database):
    """The test database's URL in the form the page takes (postgresql://...)."""
    from psycopg.conninfo import conninfo_to_dict

    info = conninfo_to_dict(database.url)
    return f"postgresql://{info['user']}@{info['host']}:{info['port']}/{info['dbname']}"
