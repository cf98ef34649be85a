import pytest
from hypothesis import given
from hypothesis import strategies as st

from designer.schema.expressions import (
    ExpressionError,
    check_expression,
    column_references,
    expression_problem,
    expression_tree,
    needs_parentheses,
    rename_column,
    rename_table,
    table_qualifiers,
)
from designer.schema.sqltext import quote_ident


@pytest.mark.parametrize(
    "text",
    [
        "now()",
        "0",
        "-1",
        "'it''s'",
        "'draft'::text",
        "CURRENT_TIMESTAMP",
        "price >= 0 AND price < 1000",
        "lower(email)",
        "status IN ('a', 'b')",
        "x = ANY (ARRAY[1, 2])",
        "(a + b) * 2",
    ],
)
def test_it_accepts_one_expression(text):
    check_expression(text)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("0; DROP TABLE users", "semicolon"),
        ("now() -- swallow the rest", "comments"),
        ("1 /* hidden */", "comments"),
        ("1, 2", "one expression"),
        ("1 AS x", "alias"),
        ("(SELECT max(id) FROM users)", "subqueries"),
        ("1 FROM users", "one expression"),
        ("x IN (1, 2", "syntax error"),
        ("'unterminated", "unterminated"),
        ("1) + (2", "syntax error"),
        ("t.*", "*"),
        ("DROP TABLE users", "syntax error"),
    ],
)
def test_it_refuses_anything_else_and_says_why(text, reason):
    with pytest.raises(ExpressionError, match=None) as caught:
        check_expression(text)
    assert reason in str(caught.value)
    assert expression_problem(text) == str(caught.value)


def test_a_syntax_error_points_at_the_offending_text():
    problem = expression_problem("a b c")
    assert problem is not None
    assert "at character 5" in problem and "'c'" in problem


def test_column_references_reads_the_column_names():
    assert column_references('"Start" <= "end" OR t.x IS NULL') == {"Start", "end", "x"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [("now()", False), ("'x'::text", False), ("0", False), ("1 + 2", True), ("a OR b", True)],
)
def test_needs_parentheses_for_defaults(text, expected):
    assert needs_parentheses(text) is expected


@pytest.mark.parametrize(
    ("text", "old", "new", "expected"),
    [
        ("price > 0", "price", "amount", "amount > 0"),
        ("price > 0 AND price < 10", "price", "amount", "amount > 0 AND amount < 10"),
        ('"Price" >= 0', "Price", "price", "price >= 0"),
        ("t.price > 0", "price", "amount", "t.amount > 0"),
        ("t . price > 0", "price", "amount", "t . amount > 0"),
        ("lower(email)", "email", "order", 'lower("order")'),
        ("name <> 'name'", "name", "title", "title <> 'name'"),
        ("price(x) > 0", "price", "amount", "price(x) > 0"),
        ("pricey > price", "price", "cost", "pricey > cost"),
        ('"é" > 0 AND é2 < "é"', "é", "New Name", '"New Name" > 0 AND é2 < "New Name"'),
        ("(a).f > 0", "a", "b", "(b).f > 0"),
        ("x > 0 /* not a comment */", "y", "z", None),
    ],
)
def test_rename_column_changes_only_the_references(text, old, new, expected):
    if expected is None:
        with pytest.raises(ExpressionError):
            rename_column(text, old, new)
    else:
        assert rename_column(text, old, new) == expected


_NAMES = st.sampled_from(["a", "total", "Total", "order", "my col", "é", "x1", "name", 'a"b'])


@given(_NAMES, _NAMES, _NAMES, st.sampled_from(["{a} > {b}", "lower({a}::text) <> {b}::text",
    "{a} IS NULL OR t.{b} IN (1, 2)", "coalesce({a}, {b}, 'a') = {a}"]))  # fmt: skip
def test_renaming_there_and_back_gives_the_same_expression(old, other, new, shape):
    if new in {old, other}:
        return
    text = shape.format(a=quote_ident(old), b=quote_ident(other))
    renamed = rename_column(text, old, new)
    assert column_references(renamed) == {new, other} - {old}
    assert _without_locations(expression_tree(rename_column(renamed, new, old))) == (
        _without_locations(expression_tree(text))
    )


def _without_locations(node):
    if isinstance(node, dict):
        return {k: _without_locations(v) for k, v in node.items() if k != "location"}
    if isinstance(node, list):
        return [_without_locations(item) for item in node]
    return node


def test_rename_table_changes_only_the_qualifiers():
    text = "todos.title <> 'todos' AND public.todos.done AND title > \"todos\".x AND t.todos > 0"
    assert rename_table(text, "todos", "Tasks") == (
        '"Tasks".title <> \'todos\' AND public."Tasks".done AND title > "Tasks".x AND t.todos > 0'
    )
    assert table_qualifiers(text) == {"todos", "t"}
    assert rename_table("title > ''", "todos", "tasks") == "title > ''"
