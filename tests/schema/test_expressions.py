import pytest

from designer.schema.expressions import (
    ExpressionError,
    check_expression,
    column_references,
    expression_problem,
    needs_parentheses,
)


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
