"""The analysis of one query: its parse, the names it uses checked against the design,
what it asks of each table, and the findings about how it is written."""

from __future__ import annotations

import pytest

from designer.schema.model import QName
from designer.workbench.analysis import analyses, analyze, index_usage, parse_error
from tests.workbench.designs import design, index

TODOS = QName("public", "todos")
USERS = QName("public", "users")


def _access(sql: str, table: QName = TODOS, schema=None):
    result = analyze(schema or design(), sql)
    assert result.ok, result.errors
    return next(item.access for item in result.accesses if item.access.table == table)


def _predicate(sql: str, table: QName = TODOS, schema=None):
    (predicate,) = _access(sql, table, schema).predicates
    return predicate


def _codes(sql: str, schema=None) -> dict[str, object]:
    result = analyze(schema or design(), sql)
    return {finding.code: finding for finding in result.findings}


# -- parse_error -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT 1",
        "WITH x AS (SELECT 1) SELECT * FROM x",
        "INSERT INTO todos (title) VALUES ($1)",
        "UPDATE todos SET title = $1 WHERE id = $2",
        "DELETE FROM todos WHERE id = $1",
        "SELECT 1;",
    ],
)
def test_one_statement_of_a_query_kind_parses(sql):
    assert parse_error(sql) is None


def test_a_syntax_error_has_its_position_line_and_column():
    error = parse_error("SELECT id\nFROM todos WHERE\n  AND x")
    assert error is not None
    assert error.message.startswith("The SQL does not parse: syntax error at or near")
    assert (error.line, error.column) == (3, 3)
    assert error.position == len("SELECT id\nFROM todos WHERE\n  ")


def test_an_error_at_the_end_of_the_text_points_there():
    error = parse_error("SELECT (")
    assert error is not None and error.position == len("SELECT (")


def test_positions_count_characters_not_bytes():
    error = parse_error("SELECT 'ééé', FROM todos")
    assert error is not None and error.position == len("SELECT 'ééé', ")


@pytest.mark.parametrize(
    ("sql", "words"),
    [
        ("SELECT 1; SELECT 2", "more than one statement"),
        ("CREATE TABLE x (id int)", "A saved query is one SELECT"),
        ("SELECT 1 INTO t", "A saved query is one SELECT"),
        ("", "no statement"),
        ("-- only a comment", "no statement"),
    ],
)
def test_other_texts_are_refused(sql, words):
    error = parse_error(sql)
    assert error is not None and words in error.message


def test_the_second_statement_is_where_the_error_points():
    error = parse_error("SELECT 1; SELECT 2")
    assert error is not None and error.position == len("SELECT 1; ")


# -- names -------------------------------------------------------------------------------


def test_an_unknown_column_is_an_error_at_its_name():
    result = analyze(design(), "SELECT id, emial FROM users")
    (error,) = result.errors
    assert error.message == "The design has no column “emial” in users (did you mean “email”?)."
    assert (error.position, error.line, error.column) == (11, 1, 12)


def test_a_qualified_unknown_column_points_at_the_column_name():
    result = analyze(design(), "SELECT u.id FROM users u\nWHERE u.nmae = $1")
    (error,) = result.errors
    assert "“nmae” in users" in error.message
    assert (error.line, error.column) == (2, 9)


def test_an_unknown_table_is_an_error_at_its_name():
    result = analyze(design(), "SELECT 1 FROM todos JOIN userz ON true")
    (error,) = result.errors
    assert error.message == "The design has no table “userz” (did you mean “users”?)."
    assert error.position == len("SELECT 1 FROM todos JOIN ")


def test_an_unknown_alias_is_an_error():
    result = analyze(design(), "SELECT x.id FROM todos t")
    (error,) = result.errors
    assert "no table or alias “x”" in error.message


def test_an_ambiguous_column_is_an_error():
    result = analyze(design(), "SELECT id FROM todos JOIN users ON users.id = todos.user_id")
    (error,) = result.errors
    assert "ambiguous" in error.message


def test_tables_are_found_by_schema_or_by_the_search_path():
    assert analyze(design(), "SELECT what FROM audit.entries").ok
    assert analyze(design(), "SELECT what FROM entries").ok  # the one schema that has it
    assert analyze(design(), "SELECT id FROM public.todos").ok
    assert not analyze(design(), "SELECT id FROM audit.todos").ok


def test_ctes_subqueries_and_views_are_not_design_tables_but_their_insides_are_checked():
    sql = (
        "WITH recent AS (SELECT id, title FROM todos WHERE created_at > $1) "
        "SELECT r.anything, s.whatever, v.whatever FROM recent r, "
        "(SELECT user_id FROM todos) s, open_todos v"
    )
    assert analyze(design(), sql).ok
    bad = analyze(design(), "WITH r AS (SELECT nope FROM todos) SELECT * FROM r")
    assert [error.message for error in bad.errors] == ["The design has no column “nope” in todos."]


def test_outer_columns_are_seen_from_a_correlated_subquery():
    sql = "SELECT u.id FROM users u WHERE EXISTS (SELECT 1 FROM todos t WHERE t.user_id = u.id)"
    assert analyze(design(), sql).ok


def test_output_names_and_positions_may_be_sorted_on():
    assert analyze(design(), "SELECT title AS t FROM todos ORDER BY t, 1").ok


def test_insert_update_and_delete_check_their_columns():
    assert not analyze(design(), "INSERT INTO todos (titel) VALUES ($1)").ok
    assert not analyze(design(), "UPDATE todos SET titel = $1").ok
    assert not analyze(design(), "DELETE FROM todos WHERE titel = $1").ok
    ok = (
        "INSERT INTO todos (id, title) VALUES ($1, $2) "
        "ON CONFLICT (id) DO UPDATE SET title = excluded.title RETURNING id"
    )
    assert analyze(design(), ok).ok


def test_analyze_never_raises_on_deep_nesting():
    deep = "SELECT " + "(" * 3000 + "1" + ")" * 3000 + " FROM todos"
    result = analyze(design(), deep)
    assert isinstance(result.errors, tuple)
    nested = "SELECT 1 FROM todos WHERE " + " AND ".join(["NOT (a = 1"] * 800) + ")" * 800
    assert isinstance(analyze(design(), nested).errors, tuple)


# -- what each access asks ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("condition", "operator", "kind", "constant"),
    [
        ("user_id = $1", "=", "equality", None),
        ("status = 'open'", "=", "equality", "'open'"),
        ("$1 = user_id", "=", "equality", None),
        ("completed", "=", "equality", "true"),
        ("NOT completed", "=", "equality", "false"),
        ("completed IS FALSE", "=", "equality", "false"),
        ("priority IN (1, 2)", "in", "equality", "(1, 2)"),
        ("priority = ANY($1)", "in", "equality", None),
        ("(priority = 1 OR priority = 2)", "in", "equality", None),
        ("due_date IS NULL", "is null", "equality", None),
        ("due_date IS NOT NULL", "is not null", "other", None),
        ("priority > 3", ">", "range", "3"),
        ("3 > priority", "<", "range", "3"),
        ("due_date BETWEEN $1 AND $2", "between", "range", None),
        ("title LIKE 'abc%'", "like", "prefix", "'abc%'"),
        ("title LIKE '%abc%'", "like", "infix", "'%abc%'"),
        ("title ILIKE 'abc%'", "ilike", "infix", "'abc%'"),
        ("priority <> 3", "<>", "other", "3"),
        ("(priority = 1 OR completed)", "or", "other", None),
        ("title ~ 'x'", "~", "other", "'x'"),
    ],
)
def test_each_kind_of_predicate(condition, operator, kind, constant):
    predicate = _predicate(f"SELECT id FROM todos WHERE {condition}")
    assert (predicate.operator, predicate.kind, predicate.constant) == (operator, kind, constant)


def test_a_function_around_a_column_gives_an_expression():
    predicate = _predicate("SELECT id FROM users u WHERE lower(u.email) = $1", USERS)
    assert (predicate.column, predicate.expression, predicate.kind) == (
        None,
        "lower(email)",
        "equality",
    )
    assert predicate.text == "lower(email) = $1"


def test_join_keys_group_order_limit_offset_and_columns():
    access = _access(
        "SELECT t.title, count(*) FROM todos t JOIN users u ON u.id = t.user_id "
        "WHERE t.priority > 1 GROUP BY t.title ORDER BY t.title DESC NULLS LAST "
        "LIMIT $1 OFFSET 20"
    )
    assert access.alias == "t"
    assert access.join_keys == (("user_id", USERS, "id"),)
    assert access.group_by == ("title",)
    (key,) = access.order_by
    assert (key.column, key.descending, key.nulls) == ("title", True, "last")
    assert (access.limit, access.offset) == (100, 20)
    assert set(access.columns) == {"title", "user_id", "priority"}
    assert not access.select_star


def test_order_by_keys_of_two_tables_belong_to_neither():
    result = analyze(
        design(), "SELECT 1 FROM todos t JOIN users u ON u.id = t.user_id ORDER BY t.title, u.name"
    )
    assert all(item.access.order_by == () for item in result.accesses)


def test_a_grouped_query_is_ordered_by_its_group_columns_only():
    by_total = "SELECT user_id, count(*) AS n FROM todos GROUP BY user_id ORDER BY n DESC LIMIT 5"
    assert _access(by_total).order_by == ()
    assert "sort-not-served" not in _codes(by_total)
    by_user = "SELECT user_id, count(*) FROM todos GROUP BY user_id ORDER BY user_id LIMIT 5"
    assert [key.column for key in _access(by_user).order_by] == ["user_id"]


def test_select_star_and_a_tables_star():
    assert _access("SELECT * FROM todos").select_star
    assert _access("SELECT t.* FROM todos t JOIN users u ON u.id = t.user_id").select_star
    assert not _access("SELECT u.* FROM todos t JOIN users u ON u.id = t.user_id").select_star


def test_subqueries_and_ctes_are_their_own_accesses():
    result = analyze(
        design(),
        "WITH mine AS (SELECT id FROM todos WHERE user_id = $1) "
        "SELECT * FROM users WHERE id IN (SELECT user_id FROM todos WHERE priority > 2)",
    )
    tables = [item.access.table for item in result.accesses]
    assert tables == [TODOS, USERS, TODOS]
    assert result.accesses[0].access.predicates[0].column == "user_id"
    assert result.accesses[2].access.predicates[0].column == "priority"


# -- findings -----------------------------------------------------------------------------


def test_deep_offset_gets_the_keyset_rewrite_with_the_primary_key_as_tie_breaker():
    finding = _codes("SELECT id, title FROM todos ORDER BY created_at DESC LIMIT 20 OFFSET 5000")[
        "deep-offset"
    ]
    assert "5,000" in finding.message
    assert finding.rewrite == (
        "SELECT id, title\nFROM todos\nWHERE (created_at, id) < ($1, $2)\n"
        "ORDER BY created_at DESC, id DESC\nLIMIT 20"
    )
    assert parse_error(finding.rewrite) is None


def test_a_parameter_offset_is_deep_and_keeps_the_other_parameters():
    finding = _codes("SELECT id FROM todos WHERE user_id = $1 ORDER BY id LIMIT $2 OFFSET $3")[
        "deep-offset"
    ]
    assert "WHERE user_id = $1 AND id > $4" in finding.rewrite
    assert "OFFSET" not in finding.rewrite


def test_a_small_offset_is_no_finding():
    assert "deep-offset" not in _codes("SELECT id FROM todos ORDER BY id LIMIT 20 OFFSET 40")


def test_not_in_a_subquery_gets_the_not_exists_rewrite():
    finding = _codes("SELECT id FROM users WHERE id NOT IN (SELECT user_id FROM todos)")[
        "not-in-subquery"
    ]
    assert finding.rewrite == (
        "SELECT id\nFROM users\nWHERE NOT EXISTS (SELECT 1\n"
        "                  FROM todos\n                  WHERE user_id = users.id)"
    )


def test_a_foreign_key_join_without_an_index_on_the_referencing_side():
    sql = "SELECT t.title FROM users u JOIN todos t ON t.user_id = u.id WHERE u.email = $1"
    finding = _codes(sql)["fk-join-unindexed"]
    assert finding.table == TODOS and "user_id" in finding.message
    assert "fk-join-unindexed" not in _codes(sql, design(todos=(index("user_id"),)))


def test_select_star_on_a_wide_table():
    assert "select-star-wide" in _codes("SELECT * FROM events")
    assert "select-star-wide" not in _codes("SELECT * FROM todos")


def test_a_function_on_an_indexed_column():
    finding = _codes("SELECT id FROM users WHERE lower(email) = $1")["function-on-column"]
    assert "uq_users_email" in finding.message and "lower(email)" in finding.message
    assert "function-on-column" not in _codes("SELECT id FROM todos WHERE lower(title) = $1")


# -- the saved queries --------------------------------------------------------------------


def test_analyses_and_index_usage_of_the_saved_queries():
    from designer.schema.model import SavedQuery

    queries = (
        SavedQuery("q1", "Mine", "SELECT id FROM todos WHERE user_id = $1"),
        SavedQuery("q2", "By email", "SELECT id FROM users WHERE email = $1"),
    )
    schema = design(todos=(index("user_id", id="ix-user"),), queries=queries)
    found = analyses(schema)
    assert set(found) == {"q1", "q2"} and found is analyses(schema)
    usage = index_usage(schema)
    assert usage["ix-user"] == (queries[0],)
    assert usage["u-email"] == (queries[1],)
    assert usage["t-users"] == ()


def test_join_using_and_natural_join_merge_their_columns():
    assert analyze(design(), "SELECT id FROM todos JOIN users USING (id) WHERE id = $1").ok
    assert analyze(design(), "SELECT created_at FROM todos NATURAL JOIN users").ok
    assert not analyze(design(), "SELECT created_at FROM todos JOIN users USING (id)").ok


def test_an_unknown_name_close_to_a_known_one_is_suggested():
    (error,) = analyze(design(), "SELECT t.titel FROM todos t").errors
    assert error.message == "The design has no column “titel” in todos (did you mean “title”?)."
    (error,) = analyze(design(), "SELECT 1 FROM todo").errors
    assert error.message.endswith("(did you mean “todos”?).")
    (error,) = analyze(design(), "SELECT zzz FROM todos").errors
    assert "did you mean" not in error.message
