"""The Plans page: a pasted plan shown as a tree linked to the design, two compared, bad
input refused with a clear message (never a 500), user text escaped, the roles, and the
live EXPLAIN's refusals (its runs on PostgreSQL: tests/workbench/test_live_explain.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.urls import reverse

from designer.importers.sql import import_sql
from designer.services.edits import create_project
from designer.workbench.plans import MAX_PLAN_BYTES
from tests.support.accounts import signed_in, with_role
from tests.workbench.capture_plans import DDL

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parent.parent / "workbench" / "fixtures" / "plans"


def fixture(name: str) -> str:
    text = (FIXTURES / f"{name}.json").read_text()
    return json.loads(text)["output"] if name == "psql_text" else text


@pytest.fixture
def shop(db):
    return create_project(name="Shop", slug="shop", schema=import_sql(DDL).schema)


def _url(name="designer:plans"):
    return reverse(name, args=["shop"])


def _post(client, **data):
    return client.post(_url(), data)


def _table(project, name):
    from designer import store

    return next(t for t in store.current_schema(project).tables if t.name == name)


def test_the_form_is_shown(client, shop):
    response = client.get(_url())
    assert response.status_code == 200
    assert b'id="plan-form"' in response.content and b'id="live-explain-form"' in response.content


def test_a_plan_is_a_tree_linked_to_the_design(client, shop):
    response = _post(client, plan=fixture("estimate_miss"))
    assert response.status_code == 200
    page = response.content.decode()
    readings = _table(shop, "readings")
    assert f'href="/projects/shop/entities/{readings.id}/"' in page
    assert 'class="miss miss-2"' in page and "\u00d7100 under" in page
    assert "99,900 rows removed by filter" in page
    assert "Executed in 12.3 ms" in page


def test_an_index_links_to_the_index_in_the_editor(client, shop):
    page = _post(client, plan=fixture("bitmap_recheck")).content.decode()
    orders = _table(shop, "orders")
    (index,) = orders.indexes
    assert f'href="/projects/shop/entities/{orders.id}/#index-{index.id}"' in page
    assert "orders_placed_at_idx" in page
    # the primary key's index links to its table
    page = _post(client, plan=fixture("cte_subplan")).content.decode()
    customers = _table(shop, "customers")
    assert (
        f'<a class="pn-idx" href="/projects/shop/entities/{customers.id}/">customers_pkey' in page
    )


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("sort_disk", "sort spilled to disk (external merge, 4,944 kB)"),
        ("hash_batches", "hash did not fit in work_mem (32 batches)"),
        ("seq_scan_filter", "sequential scan of 200,000 rows"),
        ("parallel", "2 launched of 2"),
        ("cte_subplan", "SubPlan 3"),
        ("explain_only", "no ANALYZE: estimates only"),
        ("psql_text", "Executed in 11.6 ms"),
    ],
)
def test_what_deserves_a_look_is_said(client, shop, name, words):
    response = _post(client, plan=fixture(name))
    assert response.status_code == 200
    assert words in response.content.decode()


def test_two_plans_are_compared(client, shop):
    response = _post(
        client,
        label="without index",
        plan=fixture("before_index"),
        other_label="with index",
        other=fixture("after_index"),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="plan-comparison"' in page and 'id="p1"' in page and 'id="p2"' in page
    assert (
        "orders: Seq Scan → Bitmap Heap Scan, Bitmap Index Scan using "
        "orders_customer_id_placed_at_idx" in page
    )
    assert "without index → with index" in page


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", "This field is required."),
        ("   ", "The plan is empty"),
        ("not json at all", "The plan is not valid JSON"),
        ('[{"Plan": ', "The plan is not valid JSON"),
        ("[]", "The JSON holds no plan"),
        ('{"Plan": 3}', "The JSON holds no plan"),
        ('[{"Plan": {"Plans": []}}]', "has no &quot;Node Type&quot;"),
        ('[{"Plan": {"Node Type": "Seq Scan", "Plans": 7}}]', "is not a list"),
        ('[{"Plan": {"Node Type": "Seq Scan", "Plans": [1]}}]', "is not a plan node"),
        ("[" * 5000 + "]" * 5000, "nested too deeply"),
        (
            "Seq Scan on orders  (cost=0.00..3667.00 rows=1 width=8)",
            "EXPLAIN&#x27;s text format",
        ),
        ('"a string"', "is a string"),
        ('[{"Plan": {"Node Type": "Seq Scan", "Total Cost": "NaN", "Plan Rows": true}}]', None),
    ],
)
def test_bad_input_is_refused_clearly(client, shop, text, words):
    response = _post(client, plan=text)
    page = response.content.decode()
    if words is None:  # odd values are ignored, not an error
        assert response.status_code == 200
        return
    assert response.status_code == 400
    assert words in page


def test_a_deep_plan_is_refused(client, shop):
    node = {"Node Type": "Result"}
    for _ in range(400):
        node = {"Node Type": "Nested Loop", "Plans": [node]}
    response = _post(client, plan=json.dumps([{"Plan": node}]))
    assert response.status_code == 400
    assert "nested too deeply" in response.content.decode()


def test_a_huge_plan_is_refused(client, shop):
    text = fixture("seq_scan_filter").rstrip()[:-1] + " " * MAX_PLAN_BYTES + "]"
    response = _post(client, plan=text)
    assert response.status_code == 400
    assert "the limit is 5,242,880" in response.content.decode()


def test_user_text_is_escaped(client, shop):
    evil = "<script>alert(1)</script>"
    plan = [
        {
            "Plan": {
                "Node Type": evil,
                "Relation Name": evil,
                "Alias": "<b>x</b>",
                "Index Name": evil,
                "Filter": evil,
                "Plan Rows": 1,
                "Total Cost": 1,
            }
        }
    ]
    response = _post(client, plan=json.dumps(plan), label=evil, other_label=evil)
    page = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert" not in page and "<b>x</b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_a_thousand_node_plan_renders(client, shop):
    from benchmarks.queries import synthetic_plan

    plan = synthetic_plan(1000)
    response = _post(client, plan=json.dumps(plan))
    assert response.status_code == 200
    assert response.content.decode().count('class="pn ') == 1000


@pytest.mark.parametrize("role", ["viewer", "reviewer", "editor", "owner"])
def test_every_member_may_read_plans_only_editors_explain_live(shop, role, client):
    signed_in(client, with_role(shop, role))
    assert _post(client, plan=fixture("estimate_miss")).status_code == 200
    page = client.get(_url()).content.decode()
    may_live = role in {"editor", "owner"}
    assert ('id="live-explain-form"' in page) == may_live
    response = client.post(_url("designer:plans_live"), {"url": "", "sql": "SELECT 1"})
    assert response.status_code == (400 if may_live else 403)


def test_an_outsider_gets_a_404(shop, client):
    from tests.support.accounts import member

    signed_in(client, member("outsider"))
    assert client.get(_url()).status_code == 404
    assert _post(client, plan="[]").status_code == 404


def test_get_is_not_allowed_on_the_live_explain(client, shop):
    assert client.get(_url("designer:plans_live")).status_code == 405


def test_the_live_explain_is_off_without_hosts(client, shop, settings):
    settings.LIVE_IMPORT_HOSTS = []
    page = client.get(_url()).content.decode()
    assert "Turned off on this server" in page
    response = client.post(
        _url("designer:plans_live"),
        {"url": "postgresql://u@127.0.0.1/db", "sql": "SELECT 1"},
    )
    assert response.status_code == 400
    assert "Turned off on this server" in response.content.decode()


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ({"url": "postgresql://u@127.0.0.1/db"}, "Give a query, or pick a saved one."),
        (
            {"url": "postgresql://u@127.0.0.1/db", "sql": "SELECT $2"},
            "The query uses $2: give 2 values",
        ),
        ({"url": "mysql://x", "sql": "SELECT 1"}, "Give a URL starting with postgresql://"),
        (
            {"url": "postgresql://u@127.0.0.1/db?passfile=/etc/passwd", "sql": "SELECT 1"},
            "cannot be used here",
        ),
        (
            {"url": "postgresql://u@127.0.0.1/db", "saved_query": "nope", "sql": ""},
            "Select a valid choice",
        ),
    ],
)
def test_the_live_explain_refuses_bad_input(client, shop, settings, data, words):
    settings.LIVE_IMPORT_HOSTS = ["127.0.0.0/8"]
    response = client.post(_url("designer:plans_live"), data)
    assert response.status_code == 400
    assert words in response.content.decode()


def test_the_live_explain_of_an_unreachable_host_says_so(client, shop, settings):
    settings.LIVE_IMPORT_HOSTS = ["127.0.0.0/8"]
    settings.LIVE_IMPORT_DEADLINE_SECONDS = 3
    response = client.post(
        _url("designer:plans_live"), {"url": "postgresql://u:pw@127.0.0.1:1/db", "sql": "SELECT 1"}
    )
    assert response.status_code == 400
    assert "Could not reach a PostgreSQL server at 127.0.0.1:1" in response.content.decode()
    error = response.content.decode().split('class="errorlist form-errors"')[1].split("</ul>")[0]
    assert "pw" not in error


def test_a_saved_query_is_chosen_from_the_url(client, db):
    from dataclasses import replace

    from designer.schema.model import SavedQuery

    schema = import_sql(DDL).schema
    query = SavedQuery("3c1a8f7e-5c4b-4c7e-9d1a-2b3c4d5e6f70", "<i>orders</i>", "SELECT 1")
    create_project(name="Shop", slug="shop", schema=replace(schema, queries=(query,)))
    page = client.get(_url() + f"?query={query.id}").content.decode()
    assert f'<option value="{query.id}" selected>&lt;i&gt;orders&lt;/i&gt;</option>' in page
    page = client.get(_url() + "?query=<nope>").content.decode()
    assert f'<option value="{query.id}" selected>' not in page
