"""PostgreSQL's EXPLAIN output (``FORMAT JSON``) read into a tree of nodes, with what a
person looks for in it. Pure: no Django, no database.

``read_plan(text)`` accepts what ``EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)`` prints, a
plain ``EXPLAIN (FORMAT JSON)`` (estimates only), and either one as psql shows it (the
``QUERY PLAN`` header, the dashes, the ``+`` at each line's end, the row count). Anything
else — not JSON, no plan in it, more than ``MAX_PLAN_BYTES``, nested deeper than
``MAX_DEPTH`` — is a ``PlanError`` whose message says what is wrong; it never raises
anything else.

Each ``PlanNode`` carries its inclusive time (its ``Actual Total Time`` times its loops: what the
node and everything under it took) and its exclusive time (that, less its children's
inclusive times, but a CTE's, whose time is counted where its rows are read).
Under a ``Gather`` the loops count the processes working at once
(workers and leader), so there the time is divided by their number, as a wall-clock time.
Then what deserves a look, each in words (``PlanNode.warnings``):

- a row estimate missed by a factor of 10, 100 or 1000 (under or over: ``miss_level`` 1, 2, 3);
- rows removed by a filter, a join filter or an index recheck;
- a sort that spilled to disk (``external merge``, ``Sort Space Type: Disk``);
- a hash split into batches (``Hash Batches`` > 1) or written to disk;
- a sequential scan reading more than ``LARGE_SCAN_ROWS`` rows;
- buffers read (shared hit / read) when the plan has them.

``link(plan, schema)`` names, for each node, the design's table and index it reads (by
the names the DDL gives them), and ``compare(before, after)`` says what changed between
two plans of one query: time, cost, rows, and per table how it is read.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

MAX_PLAN_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 200  # levels of nested nodes (JSON nests three levels a node)
MAX_NODES = 50_000
LARGE_SCAN_ROWS = 10_000
TIMES = "\u00d7"  # the multiplication sign: "x100"
MISS_LEVELS = (10, 100, 1000)  # a row-estimate miss by these factors: levels 1, 2, 3

_SCAN_TYPES = {"Seq Scan", "Parallel Seq Scan"}
_GATHERS = {"Gather", "Gather Merge"}


class PlanError(ValueError):
    """The text is not an EXPLAIN plan this page can read; the message says why."""


@dataclass
class PlanNode:
    index: int  # its position in the plan, top first (depth-first order)
    depth: int
    node_type: str
    parent_relationship: str | None = None
    subplan_name: str | None = None
    relation: str | None = None
    schema: str | None = None
    alias: str | None = None
    index_name: str | None = None
    cte_name: str | None = None
    function_name: str | None = None
    join_type: str | None = None
    strategy: str | None = None
    scan_direction: str | None = None
    parallel_aware: bool = False
    startup_cost: float | None = None
    total_cost: float | None = None
    plan_rows: float | None = None
    plan_width: float | None = None
    analyzed: bool = False
    actual_rows: float | None = None  # per loop, as PostgreSQL gives it
    loops: float = 1
    actual_total_time: float | None = None  # per loop, ms
    inclusive_ms: float | None = None
    exclusive_ms: float | None = None
    conditions: list[tuple[str, str]] = field(default_factory=list)  # ("Filter", "(a = 1)")
    removed: list[tuple[str, float]] = field(default_factory=list)  # ("filter", 9000)
    sort_method: str | None = None
    sort_space_type: str | None = None
    sort_space_kb: float | None = None
    hash_batches: float | None = None
    original_hash_batches: float | None = None
    peak_memory_kb: float | None = None
    disk_usage_kb: float | None = None
    shared_hit: float | None = None
    shared_read: float | None = None
    temp_read: float | None = None
    temp_written: float | None = None
    workers_planned: float | None = None
    workers_launched: float | None = None
    children: list[PlanNode] = field(default_factory=list)
    # Set by link(): the design's table and index this node reads.
    entity_id: str | None = None
    index_entity_id: str | None = None
    index_anchor: str | None = None  # the index's element id in the entity's page

    # --- what the node says ------------------------------------------------------------

    @property
    def never_executed(self) -> bool:
        return self.analyzed and self.loops == 0

    @property
    def rows_total(self) -> float | None:
        """The rows the node gave over all its loops."""
        if self.actual_rows is None:
            return None
        return self.actual_rows * max(self.loops, 1)

    @property
    def miss_factor(self) -> float | None:
        """How far the row estimate was from the rows seen (≥ 1), per loop."""
        if not self.analyzed or self.never_executed or self.plan_rows is None:
            return None
        actual = max(self.actual_rows or 0, 1)
        planned = max(self.plan_rows, 1)
        factor = max(actual, planned) / min(actual, planned)
        return factor if math.isfinite(factor) else None

    @property
    def miss_direction(self) -> str | None:
        """``under`` (more rows than estimated) or ``over``."""
        factor = self.miss_factor
        if factor is None or factor < MISS_LEVELS[0]:
            return None
        return "under" if (self.actual_rows or 0) > (self.plan_rows or 0) else "over"

    @property
    def miss_level(self) -> int:
        factor = self.miss_factor or 1
        return sum(1 for level in MISS_LEVELS if factor >= level)

    @property
    def scanned_rows(self) -> float | None:
        """The rows a sequential scan read: those it kept and those its filter removed."""
        if self.node_type not in _SCAN_TYPES:
            return None
        if self.analyzed and self.actual_rows is not None:
            removed = sum(count for kind, count in self.removed if kind == "filter")
            return (self.actual_rows + removed) * max(self.loops, 1)
        return self.plan_rows

    @property
    def large_scan(self) -> bool:
        return (self.scanned_rows or 0) > LARGE_SCAN_ROWS

    @property
    def sort_spilled(self) -> bool:
        return bool(
            (self.sort_method and "external" in self.sort_method.lower())
            or (self.sort_space_type or "").lower() == "disk"
        )

    @property
    def hash_spilled(self) -> bool:
        return (self.hash_batches or 0) > 1 or (self.disk_usage_kb or 0) > 0

    @property
    def title(self) -> str:
        """``Parallel Seq Scan``, ``Hash Join (Left)``, ``HashAggregate``..."""
        words = self.node_type
        if self.node_type == "Aggregate" and self.strategy and self.strategy != "Plain":
            words = {"Hashed": "HashAggregate", "Sorted": "GroupAggregate"}.get(
                self.strategy, f"{self.strategy} Aggregate"
            )
        if self.parallel_aware and not words.startswith("Parallel"):
            words = f"Parallel {words}"
        if self.join_type and self.join_type != "Inner":
            words = f"{words} ({self.join_type})"
        if self.scan_direction == "Backward":
            words = f"{words} Backward"
        return words

    @property
    def warnings(self) -> list[str]:
        said = []
        if self.miss_direction:
            words = "under" if self.miss_direction == "under" else "over"
            said.append(
                f"rows {words}estimated {TIMES}{_factor(self.miss_factor or 1)}: "
                f"{_count(self.plan_rows)} estimated, {_count(self.actual_rows)} seen"
            )
        for kind, count in self.removed:
            if count:
                said.append(f"{_count(count * max(self.loops, 1))} rows removed by {kind}")
        if self.sort_spilled:
            space = f", {_count(self.sort_space_kb)} kB" if self.sort_space_kb else ""
            said.append(f"sort spilled to disk ({self.sort_method or 'on disk'}{space})")
        if self.hash_spilled:
            parts = []
            if (self.hash_batches or 0) > 1:
                parts.append(f"{_count(self.hash_batches)} batches")
            if self.disk_usage_kb:
                parts.append(f"{_count(self.disk_usage_kb)} kB on disk")
            said.append(f"hash did not fit in work_mem ({', '.join(parts)})")
        if self.large_scan:
            said.append(f"sequential scan of {_count(self.scanned_rows)} rows")
        return said

    @property
    def kinds(self) -> list[str]:
        """Short CSS-friendly flags: ``miss-2``, ``spill``, ``large-scan``, ``removed``."""
        flags = []
        if self.miss_level:
            flags.append(f"miss-{self.miss_level}")
        if self.sort_spilled or self.hash_spilled:
            flags.append("spill")
        if self.large_scan:
            flags.append("large-scan")
        if any(count for _, count in self.removed):
            flags.append("removed")
        if self.never_executed:
            flags.append("never")
        return flags

    def walk(self) -> Iterator[PlanNode]:
        stack = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))


@dataclass
class Plan:
    root: PlanNode
    nodes: list[PlanNode]  # depth-first, top first
    analyzed: bool
    planning_ms: float | None = None
    execution_ms: float | None = None
    triggers: list[tuple[str, float | None, float | None]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def total_cost(self) -> float | None:
        return self.root.total_cost

    @property
    def buffers(self) -> bool:
        return any(node.shared_hit is not None for node in self.nodes)

    @property
    def total_ms(self) -> float | None:
        """The execution time, or the top node's when the plan does not say."""
        if self.execution_ms is not None:
            return self.execution_ms
        return self.root.inclusive_ms

    def slowest(self, count: int = 5) -> list[PlanNode]:
        """The nodes that took the most time of their own, slowest first."""
        timed = [node for node in self.nodes if node.exclusive_ms]
        return sorted(timed, key=lambda node: -(node.exclusive_ms or 0))[:count]

    def share(self, node: PlanNode) -> float:
        """The node's exclusive time as a share of the whole (0..100)."""
        total = self.total_ms
        if not total or not node.exclusive_ms:
            return 0.0
        return min(100.0, 100.0 * node.exclusive_ms / total)

    @property
    def flagged(self) -> list[PlanNode]:
        return [node for node in self.nodes if node.warnings]


# --- reading the text --------------------------------------------------------------------

_PSQL_FOOTER = re.compile(r"^\(\d+ rows?\)$")
_PSQL_RULE = re.compile(r"^-+$")


def _strip_psql(text: str) -> str:
    """The JSON inside psql's table: no header, rule, ``+`` marks or row count."""
    lines = text.splitlines()
    kept = []
    for number, line in enumerate(lines):
        bare = line.strip()
        if number < 3 and (bare == "QUERY PLAN" or _PSQL_RULE.match(bare)):
            continue
        if _PSQL_FOOTER.match(bare):
            continue
        if line.rstrip().endswith("+"):
            line = line.rstrip()[:-1]
        kept.append(line)
    return "\n".join(kept)


def _decode(text: str) -> object:
    try:
        return json.loads(text)
    except RecursionError:
        raise PlanError(
            f"the plan is nested too deeply (more than {MAX_DEPTH} levels of nodes)"
        ) from None
    except ValueError as error:
        raise _Undecodable(error) from None


class _Undecodable(Exception):
    def __init__(self, error: ValueError) -> None:
        self.error = error


def read_plan(text: str | bytes) -> Plan:
    """The plan in ``text`` (EXPLAIN's JSON, bare or as psql prints it)."""
    if isinstance(text, bytes):
        if len(text) > MAX_PLAN_BYTES:
            raise PlanError(_too_big(len(text)))
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError:
            raise PlanError("the plan is not UTF-8 text") from None
    size = len(text.encode("utf-8", errors="replace"))
    if size > MAX_PLAN_BYTES:
        raise PlanError(_too_big(size))
    text = text.strip().lstrip("\ufeff")
    if not text:
        raise PlanError("the plan is empty: paste the output of EXPLAIN (FORMAT JSON)")
    try:
        data = _decode(text)
    except _Undecodable as first:
        try:
            data = _decode(_strip_psql(text))
        except _Undecodable:
            raise PlanError(_not_json(text, first.error)) from None
    return _plan(data)


def _too_big(size: int) -> str:
    return f"the plan is {size:,} bytes; the limit is {MAX_PLAN_BYTES:,} bytes"


def _not_json(text: str, error: ValueError) -> str:
    head = text.lstrip()[:200]
    if "->" in head or re.match(r"^\s*(QUERY PLAN\s*-+\s*)?[A-Z][A-Za-z ]+\s+\(cost=", head):
        return (
            "this is EXPLAIN's text format; paste the output of EXPLAIN (ANALYZE, BUFFERS, "
            "FORMAT JSON) instead"
        )
    where = ""
    if isinstance(error, json.JSONDecodeError):
        where = f" (line {error.lineno}, column {error.colno}: {error.msg})"
    return f"the plan is not valid JSON{where}; paste the output of EXPLAIN (FORMAT JSON)"


def _plan(data: object) -> Plan:
    notes = []
    # [{"QUERY PLAN": [...]}] as some clients export a result set.
    if isinstance(data, list) and len(data) == 1 and isinstance(data[0], dict):
        inner = data[0].get("QUERY PLAN")
        if inner is not None:
            data = inner
    if isinstance(data, str):
        try:
            data = _decode(data)
        except _Undecodable:
            raise PlanError("the plan is a string, not EXPLAIN's JSON") from None
    if isinstance(data, list):
        entries = [entry for entry in data if isinstance(entry, dict)]
        if not entries:
            raise PlanError('the JSON holds no plan: EXPLAIN\'s output is a list of {"Plan": …}')
        if len(entries) > 1:
            notes.append(f"The text holds {len(entries)} plans; this shows the first.")
        data = entries[0]
    if not isinstance(data, dict):
        raise PlanError('the JSON holds no plan: EXPLAIN\'s output is a list of {"Plan": …}')
    top = data.get("Plan", data if "Node Type" in data else None)
    if not isinstance(top, dict):
        raise PlanError('the JSON holds no plan: no "Plan" with a "Node Type" in it')
    root, nodes = _tree(top)
    analyzed = any(node.analyzed for node in nodes)
    for node in nodes:
        node.analyzed = analyzed and node.analyzed
    _times(root)
    triggers = []
    listed = data.get("Triggers")
    for trigger in listed if isinstance(listed, list) else []:
        if isinstance(trigger, dict):
            triggers.append(
                (
                    _text(trigger.get("Trigger Name")) or "trigger",
                    _number(trigger.get("Time")),
                    _number(trigger.get("Calls")),
                )
            )
    return Plan(
        root=root,
        nodes=nodes,
        analyzed=analyzed,
        planning_ms=_number(data.get("Planning Time")),
        execution_ms=_number(data.get("Execution Time")),
        triggers=triggers,
        notes=notes,
    )


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if value != value or value in (float("inf"), float("-inf")):
        return None
    return value


def _text(value: object, limit: int = 10_000) -> str | None:
    if isinstance(value, str):
        return value[:limit]
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return ", ".join(value)[:limit]
    return None


_CONDITIONS = (
    "Index Cond",
    "Recheck Cond",
    "Filter",
    "Join Filter",
    "Hash Cond",
    "Merge Cond",
    "Sort Key",
    "Presorted Key",
    "Group Key",
    "One-Time Filter",
    "Cache Key",
)
_REMOVED = (
    ("Rows Removed by Filter", "filter"),
    ("Rows Removed by Join Filter", "join filter"),
    ("Rows Removed by Index Recheck", "index recheck"),
)


def _node(data: dict, index: int, depth: int) -> PlanNode:
    node_type = _text(data.get("Node Type"), 200)
    if not node_type:
        raise PlanError(f'a node of the plan (number {index + 1}) has no "Node Type"')
    node = PlanNode(index=index, depth=depth, node_type=node_type)
    node.parent_relationship = _text(data.get("Parent Relationship"), 100)
    node.subplan_name = _text(data.get("Subplan Name"), 200)
    node.relation = _text(data.get("Relation Name"), 200)
    node.schema = _text(data.get("Schema"), 200)
    node.alias = _text(data.get("Alias"), 200)
    node.index_name = _text(data.get("Index Name"), 200)
    node.cte_name = _text(data.get("CTE Name"), 200)
    node.function_name = _text(data.get("Function Name"), 200)
    node.join_type = _text(data.get("Join Type"), 50)
    node.strategy = _text(data.get("Strategy"), 50)
    node.scan_direction = _text(data.get("Scan Direction"), 50)
    node.parallel_aware = data.get("Parallel Aware") is True
    node.startup_cost = _number(data.get("Startup Cost"))
    node.total_cost = _number(data.get("Total Cost"))
    node.plan_rows = _number(data.get("Plan Rows"))
    node.plan_width = _number(data.get("Plan Width"))
    loops = _number(data.get("Actual Loops"))
    node.analyzed = loops is not None
    node.loops = max(loops, 0) if loops is not None else 1
    node.actual_rows = _number(data.get("Actual Rows"))
    node.actual_total_time = _number(data.get("Actual Total Time"))
    for key in _CONDITIONS:
        value = _text(data.get(key))
        if value:
            node.conditions.append((key, value))
    for key, kind in _REMOVED:
        count = _number(data.get(key))
        if count:
            node.removed.append((kind, count))
    node.sort_method = _text(data.get("Sort Method"), 100)
    node.sort_space_type = _text(data.get("Sort Space Type"), 50)
    node.sort_space_kb = _number(data.get("Sort Space Used"))
    node.hash_batches = _number(data.get("Hash Batches"))
    if node.hash_batches is None:
        node.hash_batches = _number(data.get("HashAgg Batches"))
    node.original_hash_batches = _number(data.get("Original Hash Batches"))
    node.peak_memory_kb = _number(data.get("Peak Memory Usage"))
    node.disk_usage_kb = _number(data.get("Disk Usage"))
    node.shared_hit = _number(data.get("Shared Hit Blocks"))
    node.shared_read = _number(data.get("Shared Read Blocks"))
    node.temp_read = _number(data.get("Temp Read Blocks"))
    node.temp_written = _number(data.get("Temp Written Blocks"))
    node.workers_planned = _number(data.get("Workers Planned"))
    node.workers_launched = _number(data.get("Workers Launched"))
    return node


def _tree(top: dict) -> tuple[PlanNode, list[PlanNode]]:
    """The nodes, depth first; iterative, so that depth is bounded by MAX_DEPTH alone."""
    nodes: list[PlanNode] = []
    root = _node(top, 0, 0)
    nodes.append(root)
    stack: list[tuple[PlanNode, dict]] = [(root, top)]
    while stack:
        node, data = stack.pop()
        children = data.get("Plans")
        if children is None:
            continue
        if not isinstance(children, list):
            raise PlanError(f'"Plans" of the node {node.node_type} is not a list')
        if children and node.depth + 1 >= MAX_DEPTH:
            raise PlanError(
                f"the plan is nested too deeply (more than {MAX_DEPTH} levels of nodes)"
            )
        for child_data in children:
            if not isinstance(child_data, dict):
                raise PlanError(f"a child of the node {node.node_type} is not a plan node")
            child = _node(child_data, 0, node.depth + 1)
            node.children.append(child)
            if len(nodes) + len(node.children) > MAX_NODES:
                raise PlanError(f"the plan has more than {MAX_NODES:,} nodes")
        stack.extend(reversed(list(zip(node.children, children, strict=True))))
    ordered = list(root.walk())
    for position, node in enumerate(ordered):
        node.index = position
    return root, ordered


def _is_cte(node: PlanNode) -> bool:
    return node.parent_relationship == "InitPlan" and (node.subplan_name or "").startswith("CTE ")


def _times(root: PlanNode) -> None:
    """Inclusive and exclusive times, children first (processes: see the module doc)."""
    # processes working at once, for each node: from the nearest Gather above it
    processes: dict[int, float] = {id(root): 1}
    order = list(root.walk())
    for node in order:
        mine = processes[id(node)]
        for child in node.children:
            if node.node_type in _GATHERS:
                launched = node.workers_launched
                if launched is None:
                    launched = node.workers_planned or 0
                processes[id(child)] = launched + 1
            else:
                processes[id(child)] = mine
    for node in reversed(order):
        if not node.analyzed or node.actual_total_time is None:
            continue
        loops = node.loops
        node.inclusive_ms = node.actual_total_time * loops / max(processes[id(node)], 1)
        if processes[id(node)] > 1 and loops < processes[id(node)]:
            # fewer loops than processes (a worker did nothing): the average per loop
            node.inclusive_ms = node.actual_total_time
        # A CTE's time is counted where its rows are read (its CTE Scan), not in the
        # node it hangs from.
        if not math.isfinite(node.inclusive_ms):
            node.inclusive_ms = None
            continue
        children = sum(
            child.inclusive_ms
            for child in node.children
            if child.inclusive_ms is not None and not _is_cte(child)
        )
        node.exclusive_ms = max(0.0, node.inclusive_ms - children)
        if not math.isfinite(node.exclusive_ms):
            node.exclusive_ms = None


# --- words -------------------------------------------------------------------------------


def _count(value: float | None) -> str:
    if value is None:
        return "?"
    if not math.isfinite(value):
        return str(value)
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.1f}"


def _factor(value: float) -> str:
    return f"{value:,.0f}" if value >= 10 else f"{value:.1f}"


def milliseconds(value: float | None) -> str:
    """``0.042 ms``, ``12.3 ms``, ``1,204 ms``, ``12.5 s``."""
    if value is None:
        return "—"
    if value >= 10_000:
        return f"{value / 1000:,.1f} s"
    if value >= 100:
        return f"{value:,.0f} ms"
    if value >= 1:
        return f"{value:.1f} ms"
    return f"{value:.3f} ms"


# --- the design ------------------------------------------------------------------------------


def link(plan: Plan, schema) -> None:
    """Set each node's ``entity_id`` (the design's table it reads) and, for an index,
    ``index_entity_id`` and ``index_anchor`` (an index of the design by its DDL name, or
    the table's primary key or unique constraint)."""
    from designer.schema.naming import assign_names

    by_name: dict[str, list] = {}
    for table in schema.tables:
        by_name.setdefault(table.name, []).append(table)
    names = assign_names(schema)
    indexes: dict[str, tuple[str, str | None]] = {}
    defaults: dict[str, tuple[str, str | None]] = {}
    for table in schema.tables:
        entries = []
        if table.primary_key is not None:
            entries.append((("pk", table.id), None, f"{table.name}_pkey"))
        entries += [
            (("uq", unique.id), None, _default_name(table.name, unique.columns, "key"))
            for unique in table.uniques
        ]
        entries += [
            (("uq", column.id), None, f"{table.name}_{column.name}_key")
            for column in table.columns
            if column.unique
        ]
        entries += [
            (
                ("ix", index.id),
                f"index-{index.id}",
                _default_name(table.name, index.column_names, "idx"),
            )
            for index in table.indexes
        ]
        for key, anchor, default in entries:
            name = names.by_id.get(key)
            if name:
                indexes.setdefault(name, (table.id, anchor))
            if default:
                defaults.setdefault(default, (table.id, anchor))
    # A plan from a database not made from the design's DDL: PostgreSQL's own names.
    for name, place in defaults.items():
        indexes.setdefault(name, place)
    for node in plan.nodes:
        if node.relation:
            tables = by_name.get(node.relation, [])
            if node.schema:
                tables = [table for table in tables if table.schema == node.schema]
            elif len(tables) > 1:
                tables = [table for table in tables if table.schema == "public"]
            if len(tables) == 1:
                node.entity_id = tables[0].id
        if node.index_name and node.index_name in indexes:
            node.index_entity_id, node.index_anchor = indexes[node.index_name]


# --- two plans ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Measure:
    label: str
    before: float | None
    after: float | None
    unit: str = ""
    judged: bool = True  # less is better (a time, a cost); not said of rows or nodes

    @property
    def ratio(self) -> float | None:
        if not self.before or self.after is None:
            return None
        return self.after / self.before

    @property
    def better(self) -> bool | None:
        if not self.judged or self.before is None or self.after is None:
            return None
        if self.before == self.after:
            return None
        return self.after < self.before


@dataclass(frozen=True)
class RelationChange:
    relation: str
    before: tuple[str, ...]  # how it is read: "Seq Scan", "Index Scan using orders_pkey"
    after: tuple[str, ...]
    before_ms: float | None
    after_ms: float | None

    @property
    def changed(self) -> bool:
        return self.before != self.after

    @property
    def words(self) -> str:
        old = ", ".join(self.before) or "not read"
        new = ", ".join(self.after) or "not read"
        if not self.changed:
            return f"{self.relation}: {old} (unchanged)"
        return f"{self.relation}: {old} → {new}"


@dataclass(frozen=True)
class Comparison:
    measures: tuple[Measure, ...]
    relations: tuple[RelationChange, ...]

    @property
    def changes(self) -> tuple[RelationChange, ...]:
        return tuple(change for change in self.relations if change.changed)


def _access(node: PlanNode) -> str:
    words = node.title
    if node.index_name:
        words += f" using {node.index_name}"
    return words


def _reads(plan: Plan) -> dict[str, tuple[list[str], float | None]]:
    found: dict[str, tuple[list[str], float | None]] = {}
    for node in plan.nodes:
        relation = node.relation
        if not relation:
            continue
        if node.schema and node.schema != "public":
            relation = f"{node.schema}.{relation}"
        ways, spent = found.get(relation, ([], None))
        access = _access(node)
        if access not in ways:
            ways.append(access)
        if node.exclusive_ms is not None:
            spent = (spent or 0) + node.exclusive_ms
        found[relation] = (ways, spent)
    # a bitmap heap scan's index is in its Bitmap Index Scan child
    for node in plan.nodes:
        if node.node_type == "Bitmap Heap Scan" and node.relation:
            relation = node.relation
            if node.schema and node.schema != "public":
                relation = f"{node.schema}.{relation}"
            for child in node.walk():
                if child.index_name and child is not node:
                    way = f"Bitmap Index Scan using {child.index_name}"
                    if way not in found[relation][0]:
                        found[relation][0].append(way)
    return found


def compare(before: Plan, after: Plan) -> Comparison:
    measures = (
        Measure("execution time", before.execution_ms, after.execution_ms, "ms"),
        Measure("planning time", before.planning_ms, after.planning_ms, "ms"),
        Measure("total cost", before.total_cost, after.total_cost),
        Measure(
            "rows",
            before.root.rows_total if before.analyzed else before.root.plan_rows,
            after.root.rows_total if after.analyzed else after.root.plan_rows,
            judged=False,
        ),
        Measure("nodes", len(before.nodes), len(after.nodes), judged=False),
        Measure(
            "shared buffers hit + read",
            _buffers(before.root),
            _buffers(after.root),
        ),
    )
    old, new = _reads(before), _reads(after)
    relations = []
    for relation in dict.fromkeys([*old, *new]):
        ways_before, ms_before = old.get(relation, ([], None))
        ways_after, ms_after = new.get(relation, ([], None))
        relations.append(
            RelationChange(relation, tuple(ways_before), tuple(ways_after), ms_before, ms_after)
        )
    return Comparison(measures, tuple(relations))


def _buffers(node: PlanNode) -> float | None:
    if node.shared_hit is None and node.shared_read is None:
        return None
    return (node.shared_hit or 0) + (node.shared_read or 0)


def _default_name(table: str, columns, suffix: str) -> str | None:
    """The name PostgreSQL gives an unnamed index or unique constraint on these columns
    (``orders_customer_id_placed_at_idx``); None when a key is an expression."""
    if not columns or None in columns:
        return None
    return f"{table}_{'_'.join(columns)}_{suffix}"
