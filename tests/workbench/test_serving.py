"""Which existing index serves a table access (the rules of designer.workbench.indexes)."""

from __future__ import annotations

import pytest

from designer.schema.model import IndexMethod, QName
from designer.schema.model import UniqueConstraint as Unique
from designer.workbench.analysis import analyze
from tests.workbench.designs import desc, design, expression, index, trigram

TODOS = QName("public", "todos")


def _result(sql: str, schema):
    analysis = analyze(schema, sql)
    assert analysis.ok, analysis.errors
    return next(item for item in analysis.accesses if item.access.table == TODOS)


def _served(sql: str, *indexes, **changes):
    return _result(sql, design(todos=indexes, **changes)).served_by


@pytest.mark.parametrize(
    "condition",
    [
        "user_id = $1",
        "user_id = $1 AND status = 'open'",
        "status = 'open' AND user_id = $1",  # any order among the equality columns
        "user_id = $1 AND status = 'open' AND priority > 2",
        "user_id = $1 AND status IN ('open', 'done')",
    ],
)
def test_the_leftmost_prefix_serves(condition):
    use = _served(f"SELECT id FROM todos WHERE {condition}", index("user_id", "status", "priority"))
    assert use is not None and use.key == "ix" and use.kind == "index"
    assert use.name == "ix_todos_user_id_status_priority"


@pytest.mark.parametrize("condition", ["status = 'open'", "priority > 2", "title = $1"])
def test_an_index_whose_first_key_is_not_constrained_does_not_serve(condition):
    assert _served(f"SELECT id FROM todos WHERE {condition}", index("user_id", "status")) is None


def test_a_range_column_serves_after_the_equality_ones_only():
    use = _served(
        "SELECT id FROM todos WHERE user_id = $1 AND priority > 2", index("user_id", "priority")
    )
    assert use is not None and "a range on priority" in use.how
    use = _served(
        "SELECT id FROM todos WHERE user_id = $1 AND priority > 2",
        index("user_id", "status", "priority"),
    )
    assert use is not None and "priority" not in use.how


def test_the_sort_order_serves_with_a_limit():
    sql = "SELECT id FROM todos ORDER BY created_at DESC LIMIT 10"
    use = _served(sql, index(desc("created_at")))
    assert use is not None and use.sorted and "ORDER BY order" in use.how
    assert (
        _served("SELECT id FROM todos ORDER BY created_at DESC", index(desc("created_at"))) is None
    )


def test_a_reversed_scan_gives_the_opposite_order_and_nulls():
    assert _served(
        "SELECT id FROM todos ORDER BY created_at LIMIT 5", index(desc("created_at"))
    ).sorted
    # DESC NULLS LAST read backwards is ASC NULLS FIRST, not ASC (NULLS LAST)
    wrong = "SELECT id FROM todos ORDER BY created_at LIMIT 5"
    assert _served(wrong, index(desc("created_at", "last"))) is None
    right = "SELECT id FROM todos ORDER BY created_at NULLS FIRST LIMIT 5"
    assert _served(right, index(desc("created_at", "last"))).sorted


def test_mixed_directions_need_an_index_with_the_same_mix():
    sql = "SELECT id FROM todos WHERE user_id = $1 ORDER BY due_date, priority DESC LIMIT 5"
    assert _served(sql, index("user_id", "due_date", desc("priority"))).sorted
    assert not _served(sql, index("user_id", "due_date", "priority")).sorted


def test_equality_columns_in_the_order_by_are_skipped():
    sql = "SELECT id FROM todos WHERE user_id = $1 ORDER BY user_id, due_date LIMIT 5"
    assert _served(sql, index("user_id", "due_date")).sorted


def test_a_partial_index_serves_only_when_the_query_implies_its_where():
    partial = index("user_id", where="completed = false")
    assert _served("SELECT id FROM todos WHERE user_id = $1 AND NOT completed", partial)
    assert _served("SELECT id FROM todos WHERE user_id = $1 AND completed IS FALSE", partial)
    assert _served("SELECT id FROM todos WHERE user_id = $1", partial) is None
    assert _served("SELECT id FROM todos WHERE user_id = $1 AND completed", partial) is None


def test_a_strict_comparison_implies_is_not_null():
    partial = index("due_date", where="due_date IS NOT NULL")
    assert _served("SELECT id FROM todos WHERE due_date = $1", partial)
    assert _served(
        "SELECT id FROM todos WHERE due_date IS NOT NULL ORDER BY due_date LIMIT 3", partial
    )


def test_an_expression_index_serves_the_same_expression():
    use = _served("SELECT id FROM todos WHERE lower(title) = $1", index(expression("lower(title)")))
    assert use is not None and use.name == "ix_todos_lower_title"
    assert (
        _served("SELECT id FROM todos WHERE upper(title) = $1", index(expression("lower(title)")))
        is None
    )
    assert _served("SELECT id FROM todos WHERE lower(title) = $1", index("title")) is None


def test_covering_when_every_column_read_is_in_the_index():
    sql = "SELECT id, title FROM todos WHERE user_id = $1"
    assert _served(sql, index("user_id", include=("id", "title"))).covering
    assert not _served(sql, index("user_id", include=("title",))).covering
    assert not _served("SELECT * FROM todos WHERE user_id = $1", index("user_id")).covering


def test_a_trigram_index_serves_like_with_a_leading_wildcard():
    gin = index(trigram("title"), method=IndexMethod.GIN)
    use = _served("SELECT id FROM todos WHERE title ILIKE '%milk%'", gin)
    assert use is not None and "trigram" in use.how
    assert _served("SELECT id FROM todos WHERE title = $1", gin) is None


def test_a_pattern_opclass_serves_a_like_prefix():
    from designer.schema.model import IndexElement

    element = IndexElement(column="title", opclass="text_pattern_ops")
    assert _served("SELECT id FROM todos WHERE title LIKE 'ab%'", index(element))
    assert _served("SELECT id FROM todos WHERE title LIKE 'ab%'", index("title")) is None


def test_the_primary_key_and_unique_keys_serve():
    use = _served("SELECT title FROM todos WHERE id = $1")
    assert (use.kind, use.key, use.name) == ("primary key", "t-todos", "pk_todos")
    assert "at most one row" in use.how
    users = analyze(design(), "SELECT id FROM users WHERE email = $1").accesses[0]
    assert (users.served_by.kind, users.served_by.key) == ("unique", "u-email")
    assert _served("SELECT id FROM todos WHERE user_id = $1 AND title = $2") is None
    from dataclasses import replace

    from tests.workbench.designs import TODOS as TABLE

    schema = design()
    table = replace(TABLE, uniques=(Unique("uq-1", ("user_id", "title")),))
    schema = replace(schema, tables=tuple(table if t.id == table.id else t for t in schema.tables))
    use = _result("SELECT id FROM todos WHERE title = $2 AND user_id = $1", schema).served_by
    assert (use.kind, use.key, use.name) == ("unique", "uq-1", "uq_todos_user_id_title")


def test_the_best_of_several_indexes_serves():
    use = _served(
        "SELECT id FROM todos WHERE user_id = $1 AND status = 'open'",
        index("user_id", id="one"),
        index("user_id", "status", id="two"),
    )
    assert use.key == "two"


def test_a_partial_index_the_query_implies_beats_a_whole_one():
    use = _served(
        "SELECT id FROM todos WHERE due_date = current_date AND NOT completed",
        index("due_date", id="whole"),
        index("due_date", id="partial", where="NOT completed"),
    )
    assert use.key == "partial"


def test_a_scalar_subquery_is_a_value_unless_it_reads_the_rows_it_filters():
    queue = (
        "UPDATE todos SET status = 'done' WHERE id = (SELECT id FROM todos WHERE status = 'open' "
        "ORDER BY priority LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING id"
    )
    result = analyze(design(), queue)
    assert result.ok, result.errors
    outer, _inner = result.accesses
    assert outer.served_by is not None and outer.served_by.kind == "primary key"
    correlated = (
        "SELECT id FROM todos t WHERE priority = (SELECT max(priority) FROM todos WHERE id = t.id)"
    )
    first = analyze(design(), correlated).accesses[0]
    assert all(predicate.kind == "other" for predicate in first.access.predicates)


def test_a_join_key_is_looked_up_on_the_inner_side():
    sql = "SELECT t.title FROM users u JOIN todos t ON t.user_id = u.id WHERE u.email = $1"
    use = _served(sql, index("user_id"))
    assert use is not None and use.how.startswith("equality on user_id")


def test_a_pattern_opclass_gives_no_order_and_no_range():
    from designer.schema.model import IndexElement

    for opclass in ("text_pattern_ops", "varchar_pattern_ops", "public.text_pattern_ops"):
        pattern = index(IndexElement(column="title", opclass=opclass))
        assert _served("SELECT id FROM todos ORDER BY title LIMIT 10", pattern) is None
        assert _served("SELECT id FROM todos WHERE title > $1", pattern) is None
        assert _served("SELECT id FROM todos WHERE title = $1", pattern)
    # the type's default operator class, spelled out, sorts as usual
    default = index(IndexElement(column="title", opclass="text_ops"))
    assert _served("SELECT id FROM todos ORDER BY title LIMIT 10", default).sorted
    # equality on a pattern key, then an ordinary key, still gives the order
    composite = index(IndexElement(column="title", opclass="text_pattern_ops"), "created_at")
    sql = "SELECT id FROM todos WHERE title = $1 ORDER BY created_at LIMIT 10"
    assert _served(sql, composite).sorted


def test_an_in_list_of_several_values_does_not_keep_the_index_order():
    composite = index("user_id", "created_at")
    sql = "SELECT id FROM todos WHERE user_id IN ($1, $2, $3) ORDER BY created_at LIMIT 20"
    use = _served(sql, composite)
    assert use is not None and use.name == "ix_todos_user_id_created_at" and not use.sorted
    for several in ("user_id = ANY($1)", "(user_id = $1 OR user_id = $2)"):
        sql = f"SELECT id FROM todos WHERE {several} ORDER BY created_at LIMIT 20"
        assert not _served(sql, composite).sorted
    # one value is an equality
    one = "SELECT id FROM todos WHERE user_id IN ($1) ORDER BY created_at LIMIT 20"
    assert _served(one, composite).sorted
    # and PostgreSQL sorts: the finding says so
    analysis = analyze(design(todos=(composite,)), sql)
    assert [item.code for item in analysis.findings] == ["sort-not-served"]


def test_a_unique_key_in_an_in_list_is_no_single_row():
    use = _served("SELECT title FROM todos WHERE id IN ($1, $2)")
    assert use is not None and use.kind == "primary key" and "one row" not in use.how
    assert "one row" in _served("SELECT title FROM todos WHERE id = $1").how


def test_an_equality_implies_a_partial_in_list():
    partial = index("created_at", where="status IN ('open', 'doing')")
    sql = "SELECT id FROM todos WHERE status = {} ORDER BY created_at LIMIT 50"
    assert _served(sql.format("'open'"), partial).sorted
    assert _served(sql.format("'doing'"), partial).sorted
    assert _served(sql.format("'done'"), partial) is None
    assert _served(sql.format("$1"), partial) is None
    within = "SELECT id FROM todos WHERE status IN ('doing', 'open') ORDER BY created_at LIMIT 5"
    assert _served(within, partial)
    wider = "SELECT id FROM todos WHERE status IN ('open', 'done') ORDER BY created_at LIMIT 5"
    assert _served(wider, partial) is None
