"""The bounds of what a design may hold (``designer.schema.limits``): refused once, by the
model's validation, with a clear message; and whatever passes them goes through every
tool (validation, review, generators, design file) with room to spare."""

from __future__ import annotations

import contextlib
import copy
import gc
import json
import sys
import tracemalloc
from collections.abc import Callable, Iterator
from dataclasses import replace

import pytest
from pglast import parser

from designer.artifacts import ARTIFACTS
from designer.demo import demo_schema
from designer.generators import migration, queries
from designer.importers.sql import tree
from designer.lint import context, lint, vocabulary
from designer.schema import expressions
from designer.schema.design_file import DesignFileError, dump, dumps, loads
from designer.schema.expressions import (
    expression_problem,
    parse_index_keys,
    rename_column,
    rename_table,
)
from designer.schema.limits import (
    MAX_COLUMNS,
    MAX_DESCRIPTION_LENGTH,
    MAX_EXPRESSION_DEPTH,
    MAX_EXPRESSION_LENGTH,
    MAX_KEY_COLUMNS,
    MAX_PROJECT_DESCRIPTION_LENGTH,
    pattern_problem,
)
from designer.schema.memo import TextMap
from designer.schema.model import (
    CheckConstraint,
    Column,
    ColumnType,
    Index,
    IndexElement,
    PrimaryKey,
    Schema,
    Table,
    UniqueConstraint,
    Validation,
)
from designer.schema.validation import validate
from tests.support.python_module import loaded_module

TOO_DEEP = "nested too deeply"


# -- expressions: how deep and how long ----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (" + ".join(["1"] * 200), TOO_DEEP),  # the 200 terms
        ("+".join(["1"] * 5000), TOO_DEEP),  # 9,999 characters: short enough, far too deep
        (" + ".join(["1"] * 5000), "19,997 characters long; at most 10,000"),
        ("abs(" * 300 + "1" + ")" * 300, TOO_DEEP),
        ("NOT " * 500 + "true", TOO_DEEP),
        ("1" + "::int" * 500, TOO_DEEP),
        ("CASE WHEN true THEN " * 120 + "1" + " END" * 120, TOO_DEEP),
        ("(" * 5000 + "1" + ")" * 5000, "10,001 characters long"),
    ],
)
def test_a_too_deep_or_too_long_expression_is_refused_with_a_clear_message(text, message):
    assert message in expression_problem(text)
    keys = f"({text})"  # the same as an index key, typed in the editor
    expected = message if len(keys) <= MAX_EXPRESSION_LENGTH else "characters long"
    with pytest.raises(expressions.ExpressionError, match=expected.split(";")[0]):
        parse_index_keys(keys)


def test_parentheses_alone_do_not_nest_the_tree():
    # PostgreSQL's parse tree of ((((1)))) is the constant itself.
    assert expression_problem("(" * 4000 + "1" + ")" * 4000) is None


def _deepest(make: Callable[[int], str]) -> str:
    """The text ``make(n)`` for the largest n the model accepts; make(n + 1) is refused
    for its depth, so the text is exactly at the limit."""
    low, high = 1, 4 * MAX_EXPRESSION_DEPTH
    while low < high:
        middle = (low + high + 1) // 2
        if expression_problem(make(middle)) is None:
            low = middle
        else:
            high = middle - 1
    assert TOO_DEEP in expression_problem(make(low + 1))
    return make(low)


def _wrapped(make: Callable[[int], str]) -> Callable[[int], str]:
    return lambda n: f"({make(n)}) IS NOT NULL"


NESTINGS: dict[str, Callable[[int], str]] = {
    "sum": lambda n: " + ".join(["a"] * n),
    "calls": lambda n: "abs(" * n + "a" + ")" * n,
    "casts": lambda n: "a" + "::bigint" * n,
    "coalesce": lambda n: "coalesce(" * n + "a" + ", 0)" * n,
    "case": lambda n: "CASE WHEN a > 0 THEN " * n + "a" + " END" * n,
    "minus": lambda n: "- " * n + "a",
    "concat": lambda n: " || ".join(["a::text"] * n),
}


def _deepest_schema() -> tuple[Schema, str]:
    """A table whose default, checks, index keys and predicate are each as deep as the
    model allows, and the index keys as typed in the editor."""
    keys = [_deepest(NESTINGS["calls"]), _deepest(NESTINGS["case"])]
    columns = (
        Column("00000000-0000-4000-8000-000000000001", "id", ColumnType("bigint"), nullable=False),
        Column(
            "00000000-0000-4000-8000-000000000002",
            "a",
            ColumnType("integer"),
            default=_deepest(lambda n: " + ".join(["1"] * n)),
            check=_deepest(lambda n: f"({NESTINGS['sum'](n)}) > 0"),
        ),
    )
    checks = (
        *(
            CheckConstraint(f"00000000-0000-4000-8001-{number:012d}", _deepest(_wrapped(make)))
            for number, make in enumerate(NESTINGS.values())
        ),
        CheckConstraint(
            "00000000-0000-4000-8002-000000000000",
            _deepest(lambda n: "(a > 0 AND " * n + "a > 1" + ")" * n),
        ),
        CheckConstraint(
            "00000000-0000-4000-8002-000000000001",
            _deepest(lambda n: "NOT " * n + "(a > 0)"),
        ),
    )
    index = Index(
        "00000000-0000-4000-8003-000000000000",
        tuple(IndexElement(expression=key) for key in keys),
        where=_deepest(lambda n: "(a > 0 OR " * n + "a > 1" + ")" * n),
    )
    table = Table(
        "00000000-0000-4000-8004-000000000000",
        "deep",
        columns,
        primary_key=PrimaryKey(("id",)),
        checks=checks,
        indexes=(index,),
    )
    return Schema(name="deep", tables=(table,)), ", ".join(f"({key})" for key in keys)


def _depth() -> int:
    frame, depth = sys._getframe(), 0
    while frame is not None:
        frame, depth = frame.f_back, depth + 1
    return depth


@contextlib.contextmanager
def _recursion_budget(frames: int) -> Iterator[None]:
    """Python's recursion limit set to ``frames`` above the current depth."""
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(_depth() + frames)
    try:
        yield
    finally:
        sys.setrecursionlimit(limit)


def _forget_parse_trees() -> None:
    for memo in (expressions._parse_cached, context.canonical, context.columns_read):
        memo.cache_clear()


# Python's default recursion limit is 1,000 frames; a Django request is about 100 deep
# when a form is cleaned or an artifact generated. The deepest expressions the model
# accepts must leave the caller at least 400.
BUDGET = 600


def test_the_deepest_expressions_the_model_accepts_go_through_every_tool():
    schema, keys = _deepest_schema()
    assert validate(schema) == []
    _forget_parse_trees()
    with _recursion_budget(BUDGET):
        assert validate(schema) == []
        lint(schema)
        for artifact in ARTIFACTS.values():
            assert artifact.content(schema)
        migration.up(schema)
        migration.down(schema)
        queries.examples(schema)
        assert [e.expression for e in parse_index_keys(keys)] == [
            e.expression for e in schema.tables[0].indexes[0].elements
        ]
        assert loads(dumps(schema)) == schema
        for check in schema.tables[0].checks:
            assert "b" in rename_column(check.expression, "a", "b")
            rename_table(check.expression, "deep", "deeper")


@pytest.mark.postgres
def test_the_deepest_expressions_apply_on_postgresql(pg_db):
    schema, _ = _deepest_schema()
    pg_db.run(ARTIFACTS["sql"].content(schema).decode())
    checks = pg_db.query(
        "SELECT count(*) FROM pg_constraint WHERE contype = 'c' AND conrelid = 'deep'::regclass"
    )
    assert checks == [(len(schema.tables[0].checks) + 1,)]  # and the column's check
    assert pg_db.query("SELECT count(*) FROM pg_indexes WHERE tablename = 'deep'") == [(2,)]


def test_a_too_deep_expression_anywhere_in_a_design_file_is_refused():
    schema, _ = _deepest_schema()
    data = dump(schema)
    data["tables"][0]["checks"][0]["expression"] = " + ".join(["a"] * 200) + " > 0"
    with pytest.raises(DesignFileError, match=TOO_DEEP):
        loads(json.dumps(data))


@pytest.mark.parametrize("depth", [5000, 100_000])
def test_a_design_file_nested_thousands_of_levels_deep_is_refused(depth):
    text = '{"format": "pg-schema-designer", "version": 2, "project": ' + "[" * depth
    text += "]" * depth + "}"
    with pytest.raises(DesignFileError, match="nested too deeply"):
        loads(text)


def test_a_number_of_5000_digits_in_a_design_file_is_refused():
    data = dump(demo_schema())
    text = json.dumps(data).replace('"pg_version": 15', '"pg_version": ' + "9" * 5000)
    with pytest.raises(DesignFileError, match="more than 4,300 digits"):
        loads(text)


# -- design files that validate today but that the store cannot keep ----------------------


def _column(data):
    return data["tables"][0]["columns"][1]  # users.email


def _suppress(data, rule="pk-missing", target="x", reason="because"):
    data["review"]["suppressions"].append({"rule": rule, "target": target, "reason": reason})


BAD_FILES = {
    "min_length of 10**30": (
        lambda d: _column(d)["validation"].update(min_length=10**30),
        "the minimum length must be at most 2,147,483,647",
    ),
    "a negative max_length": (
        lambda d: _column(d)["validation"].update(max_length=-1),
        "the maximum length cannot be negative",
    ),
    "pg_version -1": (
        lambda d: d["project"].update(pg_version=-1),
        "the PostgreSQL version must be from 13 to 18",
    ),
    "pg_version 10**6": (
        lambda d: d["project"].update(pg_version=10**6),
        "the PostgreSQL version must be from 13 to 18",
    ),
    "a lone surrogate in a description": (
        lambda d: _column(d).update(description="caf\ud800"),
        "contains an invalid character (a lone surrogate, U+D800)",
    ),
    "a lone surrogate in a name": (
        lambda d: d["tables"][0].update(name="users\udfff"),
        "the table name contains an invalid character",
    ),
    "a lone surrogate in an expression": (
        lambda d: _column(d).update(default="'\ud800'"),
        "the expression contains an invalid character",
    ),
    "NUL in a description": (
        lambda d: _column(d).update(description="a\x00b"),
        "the description contains a NUL character",
    ),
    "NUL in a pattern": (
        lambda d: _column(d)["validation"].update(pattern="a\x00"),
        "the regular expression contains a NUL character",
    ),
    "NUL in the project's name": (
        lambda d: d["project"].update(name="demo\x00"),
        "the project name contains a NUL character",
    ),
    "NUL in an accepted finding's reason": (
        lambda d: _suppress(d, reason="no\x00"),
        "the reason contains a NUL character",
    ),
    "a project name longer than Project.name": (
        lambda d: d["project"].update(name="p" * 201),
        "the project name is 201 characters long; at most 200",
    ),
    "an attribute longer than Relationship.to_attribute": (
        lambda d: d["relationships"][0].update(to_attribute="t" * 64),
        "the attribute name is 64 characters long; at most 63",
    ),
    "a rule longer than Suppression.rule": (
        lambda d: _suppress(d, rule="r" * 64),
        "the rule is 64 characters long; at most 63",
    ),
    "a target longer than Suppression.target": (
        lambda d: _suppress(d, target="t" * 401),
        "the finding's target is 401 characters long; at most 400",
    ),
    "a bound longer than Field.ge": (
        lambda d: _column(d)["validation"].update(ge="1" * 65),
        "the minimum is longer than 64 characters",
    ),
    "ge of nan": (
        lambda d: _column(d)["validation"].update(ge="nan"),
        "the minimum 'nan' is not a finite number",
    ),
    "le of 1e999999999": (
        lambda d: _column(d)["validation"].update(le="1e999999999"),
        "the maximum '1e999999999' is not a finite number",
    ),
    "le of -inf": (
        lambda d: _column(d)["validation"].update(le="-inf"),
        "the maximum '-inf' is not a finite number",
    ),
    "a pattern Python refuses": (
        lambda d: _column(d)["validation"].update(pattern="(unclosed"),
        "not a valid regular expression",
    ),
    "a pattern pydantic refuses (look-ahead)": (
        lambda d: _column(d)["validation"].update(pattern="^(?=.*@).+$"),
        "pydantic cannot use this regular expression: look-around",
    ),
    "a pattern longer than Field.pattern": (
        lambda d: _column(d)["validation"].update(pattern="a" * 501),
        "the regular expression is longer than 500 characters",
    ),
    "a description of 10,001 characters": (
        lambda d: _column(d).update(description="d" * (MAX_DESCRIPTION_LENGTH + 1)),
        "the description is 10,001 characters long; at most 10,000",
    ),
    "a project description of 50,001 characters": (
        lambda d: d["project"].update(description="d" * (MAX_PROJECT_DESCRIPTION_LENGTH + 1)),
        "the description is 50,001 characters long; at most 50,000",
    ),
    "an expression of 10,001 characters": (
        lambda d: _column(d).update(check="email <> '" + "x" * MAX_EXPRESSION_LENGTH + "'"),
        "characters long; at most 10,000 are allowed",
    ),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_a_design_file_the_store_could_not_keep_is_refused_with_the_reason(case):
    change, message = BAD_FILES[case]
    data = copy.deepcopy(dump(demo_schema()))
    change(data)
    with pytest.raises(DesignFileError) as refused:
        loads(json.dumps(data))
    assert message in str(refused.value)
    str(refused.value).encode()  # a lone surrogate comes back escaped: any page can show it


def _wide_table(columns: int, key_columns: int) -> Table:
    names = [f"c{number}" for number in range(columns)]
    return Table(
        "00000000-0000-4000-8005-000000000000",
        "wide",
        tuple(
            Column(f"00000000-0000-4000-8006-{number:012d}", name, ColumnType("integer"), False)
            for number, name in enumerate(names)
        ),
        primary_key=PrimaryKey(tuple(names[:key_columns])),
        uniques=(
            UniqueConstraint("00000000-0000-4000-8007-000000000000", tuple(names[:key_columns])),
        ),
        indexes=(
            Index(
                "00000000-0000-4000-8008-000000000000",
                tuple(IndexElement(column=name) for name in names[:key_columns]),
            ),
        ),
    )


def test_postgresql_column_and_key_limits_are_refused_beyond_them():
    assert validate(Schema(tables=(_wide_table(MAX_COLUMNS, MAX_KEY_COLUMNS),))) == []
    messages = [
        problem.message
        for problem in validate(Schema(tables=(_wide_table(MAX_COLUMNS + 1, MAX_KEY_COLUMNS + 1),)))
    ]
    assert messages == [
        "a table has at most 1,600 columns in PostgreSQL",
        "a primary key has at most 32 columns",
        "a unique constraint has at most 32 columns",
        "an index has at most 32 keys and INCLUDE columns",
    ]


@pytest.mark.parametrize(
    ("pattern", "problem"),
    [
        (r"^[a-z0-9_]+$", None),
        (r"^\d{4}-\d{2}-\d{2}$", None),
        (r"(?P<user>[^@]+)@", None),
        ("(", "not a valid regular expression: missing ), unterminated subpattern"),
        (r"(a)\1", "pydantic cannot use this regular expression: backreferences"),
        (r"(?<=a)b", "pydantic cannot use this regular expression: look-around"),
        (r"\Z", "pydantic cannot use this regular expression: unrecognized escape"),
        (r"\p{L}+", "not a valid regular expression: bad escape \\p"),
        ("(a{1000}){1000}", "pydantic cannot use this regular expression: Compiled regex"),
    ],
)
def test_a_pattern_must_compile_for_python_and_for_pydantic(pattern, problem):
    found = pattern_problem(pattern)
    assert found == problem if problem is None else found.startswith(problem)


def test_a_pattern_the_model_accepts_makes_an_importable_models_module(tmp_path):
    schema = demo_schema()
    users = schema.tables[0]
    email = replace(users.columns[1], validation=Validation(pattern=r"^(?P<user>[^@\s]+)@[\w.-]+$"))
    users = replace(users, columns=(users.columns[0], email, *users.columns[2:]))
    path = tmp_path / "models.py"
    path.write_bytes(
        ARTIFACTS["sqlmodel"].content(replace(schema, tables=(users, schema.tables[1])))
    )
    with loaded_module(path) as models:
        models.UserCreate(email="ada@example.com", password_hash="x")
        with pytest.raises(ValueError, match="should match pattern"):
            models.UserCreate(email="not an email", password_hash="x")


# -- memory: caches keyed by what users type stay bounded ---------------------------------


def _expressions(start: int, count: int) -> list[str]:
    return [f"price_{n} >= {n}" for n in range(start, start + count)]


def _through_the_tools(texts: list[str]) -> None:
    for text in texts:
        assert expression_problem(text) is None
        context.canonical(text)
        context.columns_read(text)
        vocabulary.words(text.split()[0])
        vocabulary.looks_sensitive(text.split()[0])


def _retained() -> int:
    gc.collect()
    return tracemalloc.get_traced_memory()[0]


def test_ten_thousand_distinct_expressions_do_not_grow_the_process():
    _forget_parse_trees()
    tracemalloc.start()
    try:
        _through_the_tools(_expressions(0, 10_000))
        after_ten_thousand = _retained()
        _through_the_tools(_expressions(10_000, 10_000))
        after_twenty_thousand = _retained()
    finally:
        tracemalloc.stop()
    # The memos were full after the first ten thousand: the next ones take the places of
    # the oldest. (Unbounded, the second batch kept about as much again: some 30 MB.)
    growth = after_twenty_thousand - after_ten_thousand
    assert growth < 1_000_000, f"{growth:,} bytes more after 10,000 more expressions"
    for memo in (expressions._parse_cached, context.canonical, context.columns_read):
        info = memo.cache_info()
        assert info.entries <= info.max_entries and info.characters <= info.max_characters
        assert info.entries == info.max_entries  # full, so the test measured the bound
    assert vocabulary.words.cache_info().currsize == vocabulary.words.cache_info().maxsize


def test_the_sql_importers_memory_of_expressions_is_bounded():
    tree._WRITTEN.clear()
    for text in _expressions(0, 10_500):
        node = json.loads(parser.parse_sql_json(f"SELECT {text}"))
        tree.write_back(node["stmts"][0]["stmt"]["SelectStmt"]["targetList"][0]["ResTarget"]["val"])
    info = tree._WRITTEN.info()
    assert info.entries <= info.max_entries and info.characters <= info.max_characters
    # Full, so the test measured the bound.
    assert info.entries == info.max_entries or info.characters > 0.99 * info.max_characters


def test_a_text_map_is_bounded_by_entries_and_by_the_length_of_its_keys():
    texts: TextMap[int] = TextMap(entries=3, characters=160)
    for number, key in enumerate(["a" * 10, "b" * 10, "c" * 10, "d" * 10]):
        texts.put(key, number)
    assert len(texts) == 3 and texts.get("a" * 10) is None and texts.get("b" * 10) == 1
    texts.put("e" * 10, 4)  # "b" was just used: "c" is the least recently used
    assert texts.get("c" * 10) is None and texts.get("b" * 10) == 1
    texts.put("f" * 11, 5)  # longer than a sixteenth of the budget: not kept
    assert texts.get("f" * 11) is None
    texts.put("g" * 10, 6)
    texts.put("h" * 10, 7)
    assert texts.info().characters == 30
