"""The workbench's index suggestions, proven on a real PostgreSQL.

For every case of ``tests/workbench/cases.py``: the analysis says what the case expects
(without a database); then the design's DDL is applied to a fresh database, the case's
rows are loaded and analysed (``VACUUM ANALYZE``), and

- a suggested index: PostgreSQL's plan does not use a serving index of that table before
  (only the ones the case allows: a shorter prefix), and after the suggestion's own SQL
  (and ``CREATE EXTENSION`` when it needs one) its plan uses the suggested index, by
  name, at a lower estimated cost — an index-only scan where the case says so;
- a serving index: the plan uses the index the analysis named, and the analysis
  suggests nothing for that table;
- a deep OFFSET: the keyset rewrite the analysis proposes is served by the suggested
  index (no sort) at a far lower cost than the OFFSET query before.

The cases' own expected indexes are proven the same way first (every acceptable shape),
so that a disagreement between the analysis and a case says which of the two is wrong.

Nothing forces a plan (no ``enable_seqscan = off``): every choice is PostgreSQL's own.
The databases use an ICU collation (``en-US``), like most production databases: there a
B-tree with the default operator class cannot serve ``LIKE 'abc%'``.
"""

from __future__ import annotations

import json
import re
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace

import pglast
import psycopg
import pytest
from pglast import parse_sql
from pglast.ast import CommentStmt, IndexStmt
from pglast.enums import ObjectType

from designer.generators.ddl import DdlOptions, generate, index_statement
from designer.schema.model import Index, IndexMethod, QName
from designer.schema.naming import assign_names
from designer.workbench.analysis import AccessResult, QueryAnalysis, analyze
from tests.support.postgres import PgServer
from tests.workbench.cases import CASES, Case, Expect, Shape, element
from tests.workbench.test_cases_static import duplicates, matching_shape, suggestion_keys

_PARAMETER = re.compile(r"\$(\d+)")
IDS = [case.id for case in CASES]


def with_literals(sql: str, params: tuple[str, ...]) -> str:
    """``sql`` with ``$n`` replaced by the n-th SQL literal (the cases write no ``$`` in
    strings)."""
    return _PARAMETER.sub(lambda match: params[int(match[1]) - 1], sql)


def plan_of(conn: psycopg.Connection, sql: str) -> dict:
    (document,) = conn.execute(f"EXPLAIN (FORMAT JSON) {sql}").fetchone()  # type: ignore[misc]
    if isinstance(document, str):
        document = json.loads(document)
    return document[0]["Plan"]


def nodes(plan: dict) -> Iterator[dict]:
    yield plan
    for child in plan.get("Plans", ()):
        yield from nodes(child)


def indexes_used(plan: dict) -> set[str]:
    return {node["Index Name"] for node in nodes(plan) if "Index Name" in node}


def show(plan: dict) -> str:
    """A plan, a line a node, for failure messages."""
    lines = []

    def walk(node: dict, depth: int) -> None:
        where = node.get("Index Name") or node.get("Relation Name") or ""
        lines.append(f"{'  ' * depth}{node['Node Type']} {where} (cost {node['Total Cost']})")
        for child in node.get("Plans", ()):
            walk(child, depth + 1)

    walk(plan, 0)
    return "\n".join(lines)


def index_name(sql: str) -> str:
    """The name a ``CREATE INDEX`` statement gives its index."""
    (name,) = [item.stmt.idxname for item in parse_sql(sql) if isinstance(item.stmt, IndexStmt)]
    return name


def access_of(result: QueryAnalysis, table: str) -> AccessResult:
    found = [item for item in result.accesses if item.access.table.name == table]
    assert len(found) == 1, f"expected one access to {table}: {result.accesses}"
    return found[0]


@dataclass(frozen=True)
class Created:
    """An index to create for the proof: for which expectation, its SQL, its name."""

    expect: Expect
    sql: str
    name: str
    extension: str | None


# -- the analysis agrees with the case (no database) -----------------------------------


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_the_analysis_says_what_the_case_expects(case: Case):
    result = analyze(case.schema, case.sql, name=case.id)
    assert result.ok, result.errors
    assert {item.access.table.name for item in result.accesses} == {
        expect.table for expect in case.expects
    }
    for expect in case.expects:
        found = access_of(result, expect.table)
        if expect.suggests:
            assert found.suggestion is not None, f"{expect.table}: no suggestion ({found})"
            shape = matching_shape(found.suggestion, expect.shapes)
            assert shape is not None, (
                f"{expect.table}: suggested {suggestion_keys(found.suggestion)} "
                f"WHERE {found.suggestion.index.where} "
                f"INCLUDE {found.suggestion.index.include}; expected one of {expect.shapes}"
            )
            assert found.suggestion.extension == shape.extension
        else:
            assert found.suggestion is None, f"{expect.table}: {found.suggestion}"
            assert found.served_by is not None, f"{expect.table}: not served"
            assert found.served_by.name == expect.served_by
            if expect.sorted is not None:
                assert found.served_by.sorted == expect.sorted, found.served_by
    for item in result.accesses:
        if item.suggestion is not None:
            index = item.suggestion.index
            table = case.schema.table(item.access.table)
            keys = suggestion_keys(item.suggestion)
            assert not duplicates(table, keys, index.where, index.method.value), keys
    if case.rewrite_params is not None:
        rewrites = [item for item in result.findings if item.code == "deep-offset"]
        assert rewrites and rewrites[0].rewrite, result.findings


# -- PostgreSQL's plans ----------------------------------------------------------------


@contextmanager
def loaded(server: PgServer, case: Case) -> Iterator[psycopg.Connection]:
    """A fresh database (ICU en-US collation) with the case's design and rows."""
    name = f"proof_{uuid.uuid4().hex[:12]}"
    with server.connect() as conn:
        conn.execute(
            f'CREATE DATABASE "{name}" TEMPLATE template0 LOCALE_PROVIDER icu '
            "ICU_LOCALE 'en-US' LOCALE 'C.UTF-8'"
        )
    # The whole DDL, its indexes created after the rows are in (as a bulk load does:
    # a GIN index filled row by row is slow), and the rows loaded without the foreign
    # keys' triggers (the generated rows agree with them by construction).
    statements = pglast.split(generate(case.schema, DdlOptions(transaction=False)))
    indexes = [text for text in statements if _is_index(text)]
    try:
        with server.connect(name) as conn:
            for text in statements:
                if text not in indexes:
                    conn.execute(text)  # type: ignore[arg-type]
            conn.execute("SET session_replication_role = replica")
            conn.execute(case.data)  # type: ignore[arg-type]
            conn.execute("RESET session_replication_role")
            for text in indexes:
                conn.execute(text)  # type: ignore[arg-type]
            conn.execute(f"ANALYZE {_tables(case)}")  # type: ignore[arg-type]
            _all_visible(conn, case)
            yield conn
    finally:
        server.drop_database(name)


def _all_visible(conn: psycopg.Connection, case: Case) -> None:
    """VACUUM until the visibility map covers every page of the case's tables, as it
    does on a table at rest (an index-only scan's cost depends on it). Right after a
    load a VACUUM may find the rows not yet visible to every transaction (the horizon
    moves a moment later), so it is repeated a few times."""
    names = [table.name for table in case.schema.tables]
    for _ in range(100):
        conn.execute(f"VACUUM {_tables(case)}")  # type: ignore[arg-type]
        (pages, visible) = conn.execute(
            "SELECT sum(relpages), sum(relallvisible) FROM pg_class "
            "WHERE relnamespace = 'public'::regnamespace AND relname = ANY(%s)",
            (names,),
        ).fetchone()  # type: ignore[misc]
        if visible >= pages:
            return
        time.sleep(0.05)
    pytest.fail(f"{case.id}: VACUUM left {pages - visible} of {pages} pages not all-visible")


def _tables(case: Case) -> str:
    return ", ".join(table.name for table in case.schema.tables)


def _is_index(statement: str) -> bool:
    """A CREATE INDEX, or a COMMENT ON one."""
    (parsed,) = parse_sql(statement)
    return isinstance(parsed.stmt, IndexStmt) or (
        isinstance(parsed.stmt, CommentStmt) and parsed.stmt.objtype == ObjectType.OBJECT_INDEX
    )


def _index_tables(conn: psycopg.Connection) -> dict[str, str]:
    rows = conn.execute(
        "SELECT c.relname, t.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
        "JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace "
        "WHERE n.nspname = 'public'"
    ).fetchall()
    return dict(rows)  # type: ignore[arg-type]


def _served(case: Case, expect: Expect, plan: dict) -> None:
    if expect.plan_uses:
        assert expect.served_by in indexes_used(plan), (
            f"{case.id}: {expect.table} should be read through {expect.served_by}:\n" + show(plan)
        )


def prove(conn: psycopg.Connection, case: Case, created: list[Created]) -> tuple[dict, dict]:
    """Before: the served tables read through their index, the others through no index
    but the allowed ones. After creating ``created``: each is used (index-only where the
    case says), the served ones still are, and the whole plan costs less."""
    query = with_literals(case.sql, case.params)
    before = plan_of(conn, query)
    owners = _index_tables(conn)
    for expect in case.expects:
        if not expect.suggests:
            if not created:
                _served(case, expect, before)
            continue
        own = {index for index in indexes_used(before) if owners[index] == expect.table}
        assert own <= set(expect.before_may_use), (
            f"{case.id}: the plan already uses {own} on {expect.table}:\n" + show(before)
        )
    if not created:
        return before, before
    for item in created:
        if item.extension:
            conn.execute(f"CREATE EXTENSION IF NOT EXISTS {item.extension}")  # type: ignore[arg-type]
        conn.execute(item.sql)  # type: ignore[arg-type]
    # An expression index has statistics of its own (the heap's visibility map, for
    # index-only scans, was set by the first VACUUM).
    conn.execute(f"ANALYZE {_tables(case)}")  # type: ignore[arg-type]
    after = plan_of(conn, query)
    used = indexes_used(after)
    for item in created:
        assert item.name in used, (
            f"{case.id}: {item.sql} is not used:\nbefore:\n{show(before)}\nafter:\n{show(after)}"
        )
        if item.expect.index_only:
            assert any(
                node["Node Type"] == "Index Only Scan" and node["Index Name"] == item.name
                for node in nodes(after)
            ), f"{case.id}: no index-only scan of {item.name}:\n{show(after)}"
    for expect in case.expects:
        if not expect.suggests:
            _served(case, expect, after)
    assert after["Total Cost"] < before["Total Cost"], (
        f"{case.id}: cost {before['Total Cost']} → {after['Total Cost']}\n"
        f"before:\n{show(before)}\nafter:\n{show(after)}"
    )
    return before, after


def _sorted_as_said(case: Case, found: AccessResult, plan: dict) -> None:
    """A served single-table query with an ORDER BY: the index gives the order (no Sort
    node) exactly when the analysis says it does."""
    if not found.access.order_by or found.served_by is None:
        return
    sorts = [node for node in nodes(plan) if node["Node Type"] in ("Sort", "Incremental Sort")]
    if found.served_by.sorted:
        assert not sorts, f"{case.id}: the analysis says the rows come sorted:\n{show(plan)}"
    else:
        assert sorts, f"{case.id}: the analysis says a sort is needed:\n{show(plan)}"


def _drop(conn: psycopg.Connection, created: list[Created]) -> None:
    for item in created:
        conn.execute(f'DROP INDEX "{item.name}"')  # type: ignore[arg-type]


def shape_index(case: Case, expect: Expect, shape: Shape, number: int) -> Created:
    """The CREATE INDEX of an expected shape, named as the DDL would name it."""
    table = case.schema.table(QName("public", expect.table))
    index = Index(
        id=str(uuid.uuid5(uuid.NAMESPACE_URL, f"{case.id}/{expect.table}/{number}")),
        elements=tuple(element(key) for key in shape.keys),
        method=IndexMethod(shape.method),
        where=shape.where,
        include=shape.include or (),
    )
    changed = replace(table, indexes=(*table.indexes, index))
    schema = replace(
        case.schema,
        tables=tuple(changed if item.id == table.id else item for item in case.schema.tables),
    )
    names = assign_names(schema)
    return Created(expect, index_statement(changed, index, names), names.index(index.id),
                   shape.extension)  # fmt: skip


@pytest.mark.postgres
@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_postgresql_uses_the_suggested_or_serving_index(pg_server: PgServer, case: Case):
    """First the case's own expected indexes (each acceptable shape, with the first shape
    of the other tables), then the analysis' suggestions, pass the proof; a serving index
    is used as it is."""
    result = analyze(case.schema, case.sql, name=case.id)
    assert result.ok, result.errors
    suggesting = [expect for expect in case.expects if expect.suggests]
    with loaded(pg_server, case) as conn:
        for position, expect in enumerate(suggesting):
            for number, shape in enumerate(expect.shapes):
                if number == 0 and position > 0:
                    continue  # the first shapes of all were proven together already
                created = [
                    shape_index(case, expect, shape, number)
                    if other is expect
                    else shape_index(case, other, other.shapes[0], 0)
                    for other in suggesting
                ]
                prove(conn, case, created)
                _drop(conn, created)
        # The analysis' own suggestions.
        created = []
        for expect in case.expects:
            found = access_of(result, expect.table)
            suggestion = found.suggestion
            if not expect.suggests:
                assert suggestion is None, suggestion
                assert found.served_by is not None, f"{case.id}: {expect.table} not served"
                assert found.served_by.name == expect.served_by
                continue
            assert suggestion is not None, f"{case.id}: no suggestion for {expect.table}"
            created.append(
                Created(expect, suggestion.sql, index_name(suggestion.sql), suggestion.extension)
            )
        before, _ = prove(conn, case, created)
        if not created and len(case.expects) == 1:
            _sorted_as_said(case, access_of(result, case.expects[0].table), before)
        if case.rewrite_params is not None:
            (finding,) = [item for item in result.findings if item.code == "deep-offset"]
            assert finding.rewrite, finding
            rewrite = plan_of(conn, with_literals(finding.rewrite, case.rewrite_params))
            assert created[0].name in indexes_used(rewrite), show(rewrite)
            assert not any(node["Node Type"] == "Sort" for node in nodes(rewrite)), show(rewrite)
            assert rewrite["Total Cost"] * 10 < before["Total Cost"], show(rewrite)
