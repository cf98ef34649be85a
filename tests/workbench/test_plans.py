"""The plan reader on real EXPLAIN output captured from PostgreSQL 15
(``tests/workbench/capture_plans.py`` made ``fixtures/plans/*.json``): times, loops,
parallel workers, CTE / InitPlan / SubPlan children, estimate misses, rows removed,
spills, large scans, buffers, links to the design, two plans compared; and bad input
refused with a PlanError, whatever it is."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from designer.importers.sql import import_sql
from designer.workbench.plans import (
    MAX_DEPTH,
    MAX_PLAN_BYTES,
    PlanError,
    compare,
    link,
    milliseconds,
    read_plan,
)
from tests.support.examples import examples
from tests.workbench.capture_plans import DDL, PLANS

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "plans"
NAMES = [*PLANS, "after_index"]


def text(name: str) -> str:
    raw = (FIXTURES / f"{name}.json").read_text()
    return json.loads(raw)["output"] if name == "psql_text" else raw


def plan(name: str):
    return read_plan(text(name))


def by_type(found, node_type, relation=None):
    return [
        node
        for node in found.nodes
        if node.node_type == node_type and (relation is None or node.relation == relation)
    ]


@pytest.mark.parametrize("name", NAMES)
def test_every_captured_plan_reads_with_consistent_times(name):
    found = plan(name)
    assert found.nodes[0] is found.root
    assert [node.index for node in found.nodes] == list(range(len(found.nodes)))
    for node in found.nodes:
        assert all(child.depth == node.depth + 1 for child in node.children)
        if found.analyzed:
            assert node.inclusive_ms is not None and node.exclusive_ms is not None
            assert 0 <= node.exclusive_ms <= node.inclusive_ms + 1e-9
        else:
            assert node.inclusive_ms is None and node.miss_factor is None
    if found.analyzed:
        assert found.execution_ms and found.planning_ms
        # the top node's time is the execution's, give or take what EXPLAIN adds
        assert found.root.inclusive_ms <= found.execution_ms + 1


def test_exclusive_time_is_inclusive_less_the_children():
    found = plan("sort_disk")
    aggregate, sort, scan = found.nodes
    assert sort.inclusive_ms == pytest.approx(sort.actual_total_time)
    assert sort.exclusive_ms == pytest.approx(sort.inclusive_ms - scan.inclusive_ms)
    assert aggregate.exclusive_ms == pytest.approx(aggregate.inclusive_ms - sort.inclusive_ms)
    assert found.slowest(1) == [sort]


def test_loops_multiply_the_time_and_the_rows():
    found = plan("cte_subplan")
    (scan,) = by_type(found, "Index Scan", "orders")
    assert scan.loops == 39 and scan.scan_direction == "Backward"
    assert scan.inclusive_ms == pytest.approx(scan.actual_total_time * 39)
    assert scan.rows_total == scan.actual_rows * 39
    assert "Index Scan Backward" in scan.title
    # the rows its filter removed, over all loops
    assert any("761,709 rows removed by filter" in words for words in scan.warnings)


def test_cte_initplan_and_subplan_children():
    found = plan("cte_subplan")
    names = {node.subplan_name: node for node in found.nodes if node.subplan_name}
    assert set(names) == {"CTE spent", "InitPlan 4 (returns $3)", "SubPlan 3",
                          "InitPlan 2 (returns $2)"}  # fmt: skip
    assert names["CTE spent"].parent_relationship == "InitPlan"
    assert names["SubPlan 3"].parent_relationship == "SubPlan"
    # a CTE's time is counted in its CTE Scan, not again in the node it hangs from
    (cte_scan,) = by_type(found, "CTE Scan")
    assert cte_scan.cte_name == "spent"
    assert cte_scan.inclusive_ms > names["CTE spent"].inclusive_ms
    # the SubPlan's own time is not its child's again
    assert names["SubPlan 3"].exclusive_ms < names["SubPlan 3"].inclusive_ms / 10


def test_parallel_workers_count_as_processes_working_at_once():
    found = plan("parallel")
    (gather,) = by_type(found, "Gather")
    assert gather.workers_launched == 2 and gather.workers_planned == 2
    (scan,) = by_type(found, "Seq Scan")
    assert scan.parallel_aware and scan.title == "Parallel Seq Scan"
    assert scan.loops == 3
    # three processes at once: wall-clock time is the per-loop time, not three times it
    assert scan.inclusive_ms == pytest.approx(scan.actual_total_time)
    assert scan.inclusive_ms <= gather.inclusive_ms
    assert scan.large_scan and scan.scanned_rows > 390_000


def test_an_estimate_miss_by_a_hundred_is_level_two():
    found = plan("estimate_miss")
    scan = found.root
    assert scan.plan_rows == 1 and scan.actual_rows == 100
    assert scan.miss_factor == 100 and scan.miss_level == 2 and scan.miss_direction == "under"
    assert "miss-2" in scan.kinds
    assert scan.removed == [("filter", 99900)]
    assert scan.shared_hit == 443 and found.buffers


def test_misses_at_each_level_and_both_directions():
    def miss(plan_rows, actual_rows):
        node = {"Node Type": "Seq Scan", "Plan Rows": plan_rows, "Actual Rows": actual_rows,
                "Actual Loops": 1, "Actual Total Time": 1.0}  # fmt: skip
        return read_plan(json.dumps([{"Plan": node}])).root

    assert miss(100, 100).miss_level == 0 and miss(100, 100).miss_direction is None
    assert miss(100, 1000).miss_level == 1 and miss(100, 1000).miss_direction == "under"
    assert miss(5000, 50).miss_level == 2 and miss(5000, 50).miss_direction == "over"
    assert miss(1, 2000).miss_level == 3
    assert miss(3000, 0).miss_level == 3  # none seen: counted as one
    never = read_plan(
        json.dumps(
            [
                {
                    "Plan": {
                        "Node Type": "Index Scan",
                        "Plan Rows": 500,
                        "Actual Rows": 0,
                        "Actual Loops": 0,
                        "Actual Total Time": 0.0,
                    }
                }
            ]
        )
    ).root
    assert never.never_executed and never.miss_factor is None and "never" in never.kinds


def test_spills_are_seen():
    (sort,) = by_type(plan("sort_disk"), "Sort")
    assert sort.sort_spilled and sort.sort_method == "external merge"
    assert sort.sort_space_type == "Disk" and sort.sort_space_kb > 0
    (hash_node,) = by_type(plan("hash_batches"), "Hash")
    assert hash_node.hash_spilled and hash_node.hash_batches == 32
    (hashagg,) = [n for n in plan("cte_subplan").nodes if n.title == "HashAggregate"]
    assert hashagg.hash_spilled and hashagg.disk_usage_kb > 0
    (quick,) = by_type(plan("before_index"), "Sort")
    assert not quick.sort_spilled and quick.sort_method == "quicksort"


def test_rows_removed_by_index_recheck():
    (heap,) = by_type(plan("bitmap_recheck"), "Bitmap Heap Scan")
    assert ("index recheck", 86058) in heap.removed
    assert ("Recheck Cond", heap.conditions[0][1]) in heap.conditions


def test_large_sequential_scans_and_small_ones():
    assert plan("seq_scan_filter").root.large_scan
    assert plan("seq_scan_filter").root.scanned_rows == 200_000
    small = read_plan(json.dumps({"Plan": {"Node Type": "Seq Scan", "Plan Rows": 9000}})).root
    assert not small.large_scan


def test_a_plan_without_analyze_has_estimates_only():
    found = plan("explain_only")
    assert not found.analyzed and found.execution_ms is None and not found.buffers
    assert found.root.node_type == "Limit" and found.total_cost > 0
    assert found.slowest() == []
    (orders,) = by_type(found, "Seq Scan", "orders")
    assert orders.large_scan  # by its estimate: 200,000 rows


def test_psql_s_decorations_are_stripped():
    found = plan("psql_text")
    assert found.analyzed and found.root.node_type == "Hash Join"
    assert len(found.nodes) == len(plan("nested_loop").nodes)


def test_other_shapes_of_the_same_json():
    raw = json.loads(text("estimate_miss"))
    for shape in (raw, raw[0], raw[0]["Plan"], [{"QUERY PLAN": raw}], json.dumps(json.dumps(raw))):
        found = read_plan(shape if isinstance(shape, str) else json.dumps(shape))
        assert found.root.relation == "readings"
    two = read_plan(json.dumps(raw + raw))
    assert two.notes == ["The text holds 2 plans; this shows the first."]
    assert read_plan(text("estimate_miss").encode()).root.relation == "readings"


def test_nodes_link_to_the_design_s_tables_and_indexes():
    schema = import_sql(DDL).schema
    tables = {table.name: table for table in schema.tables}
    found = plan("cte_subplan")
    link(found, schema)
    (cte_scan,) = by_type(found, "CTE Scan")
    assert cte_scan.entity_id is None  # a CTE is not a table
    for node in found.nodes:
        if node.relation:
            assert node.entity_id == tables[node.relation].id
    (customers_pk,) = [n for n in found.nodes if n.index_name == "customers_pkey"]
    assert customers_pk.index_entity_id == tables["customers"].id
    assert customers_pk.index_anchor is None  # a primary key: the table itself
    recheck = plan("bitmap_recheck")
    link(recheck, schema)
    (bitmap,) = by_type(recheck, "Bitmap Index Scan")
    (index,) = tables["orders"].indexes
    assert bitmap.index_entity_id == tables["orders"].id
    assert bitmap.index_anchor == f"index-{index.id}"
    after = plan("after_index")
    link(after, schema)
    (unknown,) = by_type(after, "Bitmap Index Scan")
    assert unknown.index_entity_id is None  # the design has no such index


def test_two_plans_compared():
    before, after = plan("before_index"), plan("after_index")
    result = compare(before, after)
    (orders,) = result.relations
    assert orders.changed and orders.before == ("Seq Scan",)
    assert orders.after == (
        "Bitmap Heap Scan",
        "Bitmap Index Scan using orders_customer_id_placed_at_idx",
    )
    assert orders.words.startswith("orders: Seq Scan → Bitmap Heap Scan")
    measures = {measure.label: measure for measure in result.measures}
    assert measures["execution time"].better and measures["total cost"].better
    assert measures["execution time"].ratio < 0.1
    assert measures["rows"].before == measures["rows"].after == 10
    same = compare(before, plan("before_index"))
    assert same.changes == ()


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("", "empty"),
        ("{", "not valid JSON (line 1, column 2"),
        ("[1, 2]", "holds no plan"),
        ("null", "holds no plan"),
        ('{"Plan": []}', "holds no plan"),
        ('{"Plan": {"Node Type": 5}}', 'no "Node Type"'),
        ('{"Plan": {"Node Type": "Sort", "Plans": {}}}', "is not a list"),
        ('{"Plan": {"Node Type": "Sort", "Plans": [[]]}}', "is not a plan node"),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        (b"\xff\xfe", "not UTF-8"),
        ("QUERY PLAN\n----\n Seq Scan on t  (cost=0.00..1.00 rows=1 width=4)\n", "text format"),
    ],
)
def test_bad_input_is_a_plan_error(value, words):
    with pytest.raises(PlanError, match=None) as raised:
        read_plan(value)
    assert words in str(raised.value)


def test_limits():
    deep = {"Node Type": "Result"}
    for _ in range(MAX_DEPTH):
        deep = {"Node Type": "Limit", "Plans": [deep]}
    with pytest.raises(PlanError, match="nested too deeply"):
        read_plan(json.dumps({"Plan": deep}))
    ok = deep["Plans"][0]
    assert len(read_plan(json.dumps({"Plan": ok})).nodes) == MAX_DEPTH
    with pytest.raises(PlanError, match="the limit is 5,242,880 bytes"):
        read_plan(" " * (MAX_PLAN_BYTES + 1))


_JSON = st.recursive(
    st.none() | st.booleans() | st.floats() | st.integers() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "Plan",
                    "Plans",
                    "Node Type",
                    "Actual Loops",
                    "Actual Rows",
                    "Plan Rows",
                    "Actual Total Time",
                    "Relation Name",
                    "Hash Batches",
                    "Sort Method",
                    "Filter",
                    "Rows Removed by Filter",
                    "Execution Time",
                    "Triggers",
                    "Workers Launched",
                    "Parent Relationship",
                    "Subplan Name",
                    "x",
                ]
            ),
            children,
            max_size=6,
        )
    ),
    max_leaves=30,
)


@settings(max_examples=examples(200))
@given(_JSON)
def test_any_json_is_a_plan_or_a_plan_error(value):
    try:
        found = read_plan(json.dumps(value))
    except PlanError:
        return
    for node in found.nodes:
        node.warnings, node.kinds, node.title  # noqa: B018 - the words never fail
        for number in (node.inclusive_ms, node.exclusive_ms, node.miss_factor):
            assert number is None or math.isfinite(number)
    found.slowest()
    compare(found, found)


def test_huge_numbers_are_not_an_error():
    node = {"Node Type": "Nested Loop", "Plan Rows": 1e308, "Actual Rows": 1e308,
            "Actual Loops": 1e308, "Actual Total Time": 1e308, "Rows Removed by Filter": 1e308,
            "Plans": [{"Node Type": "Seq Scan", "Actual Loops": 1e308, "Plan Rows": 0.5,
                       "Actual Rows": 1e308, "Actual Total Time": 1e308}]}  # fmt: skip
    found = read_plan(json.dumps([{"Plan": node}]))
    for item in found.nodes:
        assert item.inclusive_ms is None and item.warnings is not None
    compare(found, found)


def test_milliseconds_in_words():
    assert milliseconds(None) == "—"
    assert milliseconds(0.0421) == "0.042 ms"
    assert milliseconds(12.34) == "12.3 ms"
    assert milliseconds(1204.2) == "1,204 ms"
    assert milliseconds(12_500) == "12.5 s"
