"""The index the analysis suggests when nothing serves an access."""

from __future__ import annotations

from dataclasses import replace

import pytest

from designer.generators.ddl import generate
from designer.schema.model import IndexElement, IndexMethod, NullsOrder, QName
from designer.schema.validation import validate
from designer.workbench.analysis import analyze
from tests.workbench.designs import TODOS as TODOS_TABLE
from tests.workbench.designs import desc, design, expression, index, trigram

TODOS = QName("public", "todos")


def _suggestion(sql: str, schema=None, table: QName = TODOS, name: str = "query"):
    analysis = analyze(schema or design(), sql, name=name)
    assert analysis.ok, analysis.errors
    return next(item for item in analysis.accesses if item.access.table == table).suggestion


def _keys(suggestion) -> list[str]:
    keys = []
    for element in suggestion.index.elements:
        text = element.column or f"({element.expression})"
        text += " DESC" if element.descending else ""
        text += f" NULLS {element.nulls.value.upper()}" if element.nulls.value else ""
        keys.append(text)
    return keys


def test_equality_then_range():
    suggestion = _suggestion("SELECT id FROM todos WHERE priority > 2 AND user_id = $1")
    assert _keys(suggestion) == ["user_id", "priority"]
    assert suggestion.index.method is IndexMethod.BTREE
    assert (
        "Equality on user_id first" in suggestion.reason
        and "range on priority" in suggestion.reason
    )


def test_equality_then_sort_with_direction_and_nulls():
    suggestion = _suggestion(
        "SELECT id FROM todos WHERE user_id = $1 ORDER BY due_date DESC NULLS LAST, id LIMIT 20"
    )
    assert _keys(suggestion) == ["user_id", "due_date DESC NULLS LAST", "id"]
    assert suggestion.index.elements[1].nulls is NullsOrder.LAST


def test_a_range_on_the_first_sort_key_keeps_the_sort():
    suggestion = _suggestion(
        "SELECT id FROM todos WHERE user_id = $1 AND created_at > $2 ORDER BY created_at LIMIT 5"
    )
    assert _keys(suggestion) == ["user_id", "created_at"]


def test_a_range_on_another_column_ends_the_keys():
    suggestion = _suggestion(
        "SELECT id FROM todos WHERE user_id = $1 AND priority > $2 ORDER BY created_at LIMIT 5"
    )
    assert _keys(suggestion) == ["user_id", "priority"]


def test_a_sort_alone_needs_a_limit():
    assert _keys(_suggestion("SELECT id FROM todos ORDER BY created_at DESC LIMIT 5")) == [
        "created_at DESC"
    ]
    assert _suggestion("SELECT id FROM todos ORDER BY created_at DESC") is None
    assert _suggestion("SELECT id FROM todos") is None


def test_a_constant_on_a_boolean_or_status_column_makes_it_partial():
    suggestion = _suggestion(
        "SELECT id FROM todos WHERE user_id = $1 AND completed = false ORDER BY due_date LIMIT 9"
    )
    assert _keys(suggestion) == ["user_id", "due_date"]
    assert suggestion.index.where == "completed = FALSE"
    assert "partial WHERE completed = FALSE" in suggestion.reason
    status = _suggestion("SELECT id FROM todos WHERE status = 'open' AND priority > $1")
    assert (_keys(status), status.index.where) == (["priority"], "status = 'open'")
    deleted = _suggestion(
        "SELECT id FROM users WHERE deleted_at IS NULL AND name = $1",
        table=QName("public", "users"),
    )
    assert (_keys(deleted), deleted.index.where) == (["name"], "deleted_at IS NULL")


def test_an_expression_index_for_a_function_around_the_column():
    suggestion = _suggestion("SELECT id FROM todos WHERE lower(title) = $1")
    assert suggestion.index.elements[0].expression == "lower(title)"
    assert suggestion.sql == (
        "CREATE INDEX ix_todos_lower_title ON todos ((lower(title))) INCLUDE (id, title);"
    )


def test_include_the_few_other_columns_read_but_not_for_select_star():
    suggestion = _suggestion("SELECT id, title FROM todos WHERE user_id = $1")
    assert suggestion.index.include == ("id", "title")
    assert "index-only scan" in suggestion.reason
    assert _suggestion("SELECT * FROM todos WHERE user_id = $1").index.include == ()
    many = _suggestion("SELECT id, title, status, due_date FROM todos WHERE user_id = $1")
    assert many.index.include == ()


def test_a_leading_wildcard_gets_a_trigram_index_and_its_extension():
    suggestion = _suggestion("SELECT id FROM todos WHERE title LIKE '%milk%'")
    assert suggestion.index.method is IndexMethod.GIN
    assert suggestion.index.elements[0].opclass == "gin_trgm_ops"
    assert suggestion.extension == "pg_trgm"
    assert suggestion.sql == "CREATE INDEX ix_todos_title ON todos USING gin (title gin_trgm_ops);"


def test_a_like_prefix_gets_a_pattern_opclass():
    suggestion = _suggestion("SELECT id FROM todos WHERE title LIKE 'milk%'")
    assert suggestion.index.elements[0].opclass == "text_pattern_ops"


def test_the_inner_side_of_a_join_gets_its_join_key():
    suggestion = _suggestion(
        "SELECT t.title FROM users u JOIN todos t ON t.user_id = u.id WHERE u.email = $1"
    )
    assert _keys(suggestion) == ["user_id"] and suggestion.index.include == ("title",)


def test_no_suggestion_that_is_a_prefix_of_an_existing_index():
    schema = design(todos=(index("user_id", "status"),))
    assert _suggestion("SELECT id FROM todos WHERE user_id = $1", schema) is None
    partial = design(todos=(index("user_id", "status", where="completed"),))
    # the partial index holds the rows the query asks for: it is the duplicate
    sql = "SELECT id FROM todos WHERE user_id = $1 AND completed"
    assert _suggestion(sql, partial) is None
    reversed_order = design(todos=(index(desc("created_at"), "priority"),))
    assert _suggestion("SELECT id FROM todos ORDER BY created_at LIMIT 3", reversed_order) is None


def test_no_suggestion_when_served_well_enough():
    assert _suggestion("SELECT title FROM todos WHERE id = $1") is None
    served = design(todos=(index("user_id", "priority"),))
    assert _suggestion("SELECT id FROM todos WHERE user_id = $1 AND priority < 3", served) is None


def test_an_index_that_serves_in_part_is_named_in_the_reason():
    schema = design(todos=(index("user_id"),))
    suggestion = _suggestion(
        "SELECT id FROM todos WHERE user_id = $1 ORDER BY created_at LIMIT 5", schema
    )
    assert _keys(suggestion) == ["user_id", "created_at"]
    assert "ix_todos_user_id serves the query only in part" in suggestion.reason


def test_the_index_is_fresh_with_its_rationale_and_its_sql_is_the_ddls():
    suggestion = _suggestion(
        "SELECT id FROM todos WHERE user_id = $1 AND completed = false", name="Open todos"
    )
    index_ = suggestion.index
    assert index_.name is None and len(index_.id) == 36
    assert index_.rationale == f"Serves query “Open todos”: {suggestion.reason}"
    assert (suggestion.table, suggestion.table_id) == (TODOS, "t-todos")
    schema = design()
    table = replace(TODOS_TABLE, indexes=(index_,))
    added = replace(schema, tables=tuple(table if t.id == table.id else t for t in schema.tables))
    assert validate(added) == []
    assert suggestion.sql in generate(added)


def test_the_name_avoids_a_name_the_design_already_uses():
    schema = design(todos=(index("priority", id="other", name="ix_todos_user_id"),))
    suggestion = _suggestion("SELECT id FROM todos WHERE user_id = $1", schema)
    assert suggestion.sql.startswith("CREATE INDEX ix_todos_user_id_2 ON todos")


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT id FROM todos WHERE lower(title) = $1 AND user_id = $2",
        "SELECT id FROM todos WHERE date_trunc('day', created_at) = $1 ORDER BY id LIMIT 3",
    ],
)
def test_expression_keys_are_deparsed_sql(sql):
    suggestion = _suggestion(sql)
    (element,) = [e for e in suggestion.index.elements if e.expression]
    assert expression(element.expression) == element


def test_a_range_on_the_sort_key_without_a_limit():
    suggestion = _suggestion("SELECT id FROM todos WHERE created_at > $1 ORDER BY created_at")
    assert _keys(suggestion) == ["created_at"]


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT id FROM todos WHERE title LIKE '%milk%'",
        "SELECT id FROM todos WHERE lower(title) = $1 AND completed = false",
        "SELECT id FROM todos WHERE user_id = $1 ORDER BY due_date DESC NULLS LAST LIMIT 5",
        "SELECT id FROM todos WHERE status = 'open' AND priority > $1",
    ],
)
def test_every_suggested_index_is_valid_in_the_design(sql):
    suggestion = _suggestion(sql)
    schema = design()
    table = replace(TODOS_TABLE, indexes=(suggestion.index,))
    added = replace(schema, tables=tuple(table if t.id == table.id else t for t in schema.tables))
    if suggestion.extension:
        added = replace(added, extensions=(suggestion.extension,))
    assert validate(added) == []
    assert suggestion.sql in generate(added)


def test_a_status_alone_is_keyed_and_a_boolean_alone_gets_nothing():
    status = _suggestion("SELECT id FROM todos WHERE status = 'open'")
    assert (_keys(status), status.index.where) == (["status"], None)
    assert _suggestion("SELECT id FROM todos WHERE completed = false") is None


def test_a_row_comparison_is_a_range_on_its_first_column():
    suggestion = _suggestion(
        "SELECT id FROM todos WHERE (created_at, id) > ($1, $2) ORDER BY created_at, id LIMIT 20"
    )
    assert _keys(suggestion) == ["created_at", "id"]


def test_a_partial_index_for_other_rows_is_no_duplicate():
    # (user_id) WHERE completed holds none of the rows a lookup of every todo may need
    partial = design(todos=(index("user_id", "status", where="completed"),))
    suggestion = _suggestion("SELECT id FROM todos WHERE user_id = $1", partial)
    assert _keys(suggestion) == ["user_id"] and suggestion.index.where is None
    # WHERE status = 'open' is no duplicate of the index WHERE status = 'done' needs
    other = design(todos=(index("created_at", where="status = 'open'"),))
    sql = "SELECT id FROM todos WHERE status = 'done' ORDER BY created_at LIMIT 5"
    suggestion = _suggestion(sql, other)
    assert _keys(suggestion) == ["created_at"] and suggestion.index.where == "status = 'done'"
    same = design(todos=(index("created_at", where="status = 'done'"),))
    assert _suggestion(sql, same) is None


def test_a_pattern_opclass_index_is_no_duplicate_of_a_sort_index():
    schema = design(todos=(index(IndexElement(column="title", opclass="text_pattern_ops")),))
    suggestion = _suggestion("SELECT id FROM todos ORDER BY title LIMIT 10", schema)
    assert _keys(suggestion) == ["title"]
    assert suggestion.index.elements[0].opclass is None


def test_an_in_list_of_several_values_gets_no_sort_keys():
    sql = "SELECT id FROM todos WHERE user_id IN ($1, $2) ORDER BY created_at LIMIT 5"
    assert _keys(_suggestion(sql)) == ["user_id"]
    one = "SELECT id FROM todos WHERE user_id IN ($1) ORDER BY created_at LIMIT 5"
    assert _keys(_suggestion(one)) == ["user_id", "created_at"]
    # (user_id, created_at) has user_id first: nothing to add, PostgreSQL sorts
    served = design(todos=(index("user_id", "created_at"),))
    assert _suggestion(sql, served) is None


def test_a_trigram_index_that_serves_a_like_prefix_gets_no_suggestion():
    schema = design(todos=(index(trigram("title"), method=IndexMethod.GIN),))
    analysis = analyze(schema, "SELECT id FROM todos WHERE title LIKE 'Navy%'")
    (result,) = analysis.accesses
    assert result.served_by is not None and result.suggestion is None
