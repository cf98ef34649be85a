"""The fixture set of the workbench's proof (``tests/workbench/cases.py``), checked
without a database: the designs are valid, every expectation names what the design has,
no expected suggestion duplicates (by prefix) an index the design already has, and the
set covers every kind of access the issue lists. Also the helpers both test files use
to compare a suggestion with a case's expected shapes."""

from __future__ import annotations

import re

import pytest
from pglast import parse_sql
from pglast.stream import RawStream

from designer.schema.expressions import column_references
from designer.schema.model import Index, IndexElement, IndexMethod, NullsOrder, Table
from designer.schema.naming import assign_names
from designer.schema.validation import validate
from tests.workbench.cases import CASES, Case, Shape, element, key_text, reversed_key

# -- comparing a suggestion with the expected shapes -----------------------------------


def suggestion_keys(suggestion) -> tuple[str, ...]:
    return tuple(key_text(item) for item in suggestion.index.elements)


def normal_predicate(text: str | None) -> str | None:
    """A WHERE predicate as pglast deparses it (spacing, parentheses and case aside)."""
    if text is None:
        return None
    (statement,) = parse_sql(f"SELECT 1 WHERE {text}")
    return RawStream()(statement.stmt.whereClause)


def keys_match(shape: Shape, keys: tuple[str, ...]) -> bool:
    expected = shape.keys
    if len(keys) != len(expected):
        return False
    head = shape.any_order
    if sorted(keys[:head]) != sorted(expected[:head]):
        return False
    start = head if shape.sort_from is None else shape.sort_from
    if keys[head:start] != expected[head:start]:
        return False
    tail, wanted = keys[start:], expected[start:]
    if shape.sort_from is None:
        return tail == wanted
    return tail == wanted or tail == tuple(reversed_key(key) for key in wanted)


def matching_shape(suggestion, shapes: tuple[Shape, ...]) -> Shape | None:
    """The first expected shape the suggestion has, or None."""
    index: Index = suggestion.index
    for shape in shapes:
        if not keys_match(shape, suggestion_keys(suggestion)):
            continue
        if index.method.value != shape.method:
            continue
        if normal_predicate(index.where) != normal_predicate(shape.where):
            continue
        if shape.include is not None and set(index.include) != set(shape.include):
            continue
        return shape
    return None


def _btree_keys(elements: tuple[IndexElement, ...]) -> tuple[str, ...]:
    return tuple(key_text(item) for item in elements)


def existing_key_sets(table: Table) -> list[tuple[tuple[str, ...], str | None, str]]:
    """Every index the table has, as (keys, partial WHERE, method): its primary key,
    its unique columns and constraints, its indexes."""
    found = []
    if table.primary_key is not None:
        found.append((table.primary_key.columns, None, "btree"))
    found += [((column.name,), None, "btree") for column in table.columns if column.unique]
    found += [(unique.columns, None, "btree") for unique in table.uniques]
    found += [
        (_btree_keys(index.elements), normal_predicate(index.where), index.method.value)
        for index in table.indexes
    ]
    return found


def duplicates(table: Table, keys: tuple[str, ...], where: str | None, method: str) -> bool:
    """Whether an index with these keys would be a prefix of (or equal to) one the table
    has — same method and same partial predicate — so it would add nothing."""
    where = normal_predicate(where)
    for existing, existing_where, existing_method in existing_key_sets(table):
        if existing_method != method or existing_where != where:
            continue
        if tuple(existing[: len(keys)]) == tuple(keys):
            return True
    return False


# -- the cases -------------------------------------------------------------------------

KINDS = {
    "equality": ("eq_",),
    "range": ("range_",),
    "sort": ("sort_",),
    "composite": ("comp_",),
    "partial": ("partial_",),
    "expression": ("expr_",),
    "covering": ("cover_",),
    "LIKE": ("like_", "ilike_"),
    "join": ("join_",),
    "keyset pagination": ("keyset_",),
    "already served": ("served_",),
}


def test_the_set_has_at_least_30_cases_of_every_kind():
    assert len(CASES) >= 30
    ids = [case.id for case in CASES]
    assert len(set(ids)) == len(ids)
    for kind, prefixes in KINDS.items():
        assert any(case.id.startswith(prefixes) for case in CASES), kind
    sqls = " ".join(case.sql for case in CASES)
    for needle in (" IN (", "IS NULL", "NULLS LAST", "LIKE '%", "LIKE 'SKU", "ILIKE", "OFFSET"):
        assert needle in sqls, needle
    assert sum(len(case.expects) > 1 for case in CASES) >= 3  # multi-table queries
    assert sum(not any(e.suggests for e in case.expects) for case in CASES) >= 8


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_the_case_is_consistent(case: Case):
    assert validate(case.schema) == []
    tables = {table.name: table for table in case.schema.tables}
    # The SQL is one statement, its parameters all have a literal.
    assert len(parse_sql(case.sql)) == 1
    numbers = {int(found) for found in re.findall(r"\$(\d+)", case.sql)}
    assert numbers == set(range(1, len(case.params) + 1))
    assert len(parse_sql(case.data)) >= 1
    names = assign_names(case.schema)
    for expect in case.expects:
        table = tables[expect.table]
        assert re.search(rf"\b{expect.table}\b", case.sql)
        columns = set(table.column_names)
        if expect.served_by is not None:
            assert not expect.shapes
            assert expect.served_by in _index_names(table, names)
            continue
        assert expect.shapes
        for shape in expect.shapes:
            for key in shape.keys:
                item = element(key)
                read = {item.column} if item.column else column_references(item.expression)
                assert read <= columns, key
                assert key_text(item) == key  # written in the one spelling
            assert set(shape.include or ()) <= columns
            if shape.where:
                assert column_references(shape.where) <= columns
            assert (shape.method == "gin") == (shape.extension == "pg_trgm")
            # No expected suggestion duplicates (by prefix) what the design has.
            assert not duplicates(table, shape.keys, shape.where, shape.method), shape
        for allowed in expect.before_may_use:
            assert allowed in _index_names(table, names)


def _index_names(table: Table, names) -> set[str]:
    found = {names.index(index.id) for index in table.indexes}
    found |= {names.unique(unique.id) for unique in table.uniques}
    found |= {names.unique_column(column.id) for column in table.columns if column.unique}
    if table.primary_key is not None:
        found.add(names.primary_key(table))
    return found


# -- the helpers -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["email", "created_at DESC", "published_at DESC NULLS LAST", "lower(email)",
     "name gin_trgm_ops", "sku text_pattern_ops", "priority NULLS FIRST"],
)  # fmt: skip
def test_a_key_reads_back_in_the_same_spelling(text):
    assert key_text(element(text)) == text


def test_reversing_a_key_flips_direction_and_nulls():
    assert reversed_key("created_at") == "created_at DESC"
    assert reversed_key("created_at DESC") == "created_at"
    assert reversed_key("published_at DESC NULLS LAST") == "published_at NULLS FIRST"
    # A key with the default NULLS spelled out reads as the default.
    spelled = IndexElement(column="a", descending=True, nulls=NullsOrder.FIRST)
    assert key_text(spelled) == "a DESC"


def test_keys_match_equality_in_any_order_and_sort_reversed():
    shape = Shape(("user_id", "kind", "occurred_at DESC"), any_order=2, sort_from=2)
    assert keys_match(shape, ("kind", "user_id", "occurred_at DESC"))
    assert keys_match(shape, ("user_id", "kind", "occurred_at"))
    assert not keys_match(shape, ("user_id", "occurred_at", "kind"))
    assert not keys_match(Shape(("a", "b")), ("b", "a"))
    mixed = Shape(("priority DESC", "created_at"), sort_from=0)
    assert keys_match(mixed, ("priority", "created_at DESC"))
    assert not keys_match(mixed, ("priority DESC", "created_at DESC"))


def test_duplicates_by_prefix():
    table = next(
        t for case in CASES if case.id == "served_by_longer_index" for t in case.schema.tables
        if t.name == "orders"
    )  # fmt: skip
    assert duplicates(table, ("customer_id",), None, "btree")
    assert duplicates(table, ("customer_id", "created_at"), None, "btree")
    assert duplicates(table, ("id",), None, "btree")  # the primary key
    assert not duplicates(table, ("customer_id", "created_at", "total"), None, "btree")
    assert not duplicates(table, ("created_at",), None, "btree")
    assert not duplicates(table, ("customer_id",), "status = 'open'", "btree")
    assert not duplicates(table, ("customer_id",), None, IndexMethod.HASH.value)
    assert normal_predicate("(status='open')") == normal_predicate("status = 'open'")
