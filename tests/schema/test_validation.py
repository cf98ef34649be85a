from dataclasses import replace

import pytest
from hypothesis import given

from designer.demo import demo_schema
from designer.schema.model import (
    CheckConstraint,
    Column,
    ColumnType,
    Generated,
    Index,
    IndexElement,
    IndexMethod,
    PrimaryKey,
    QName,
    Relationship,
    Table,
)
from designer.schema.validation import Scope, comparable, identifier_problem, validate
from tests.strategies import schemas


def _messages(schema):
    return [str(problem) for problem in validate(schema)]


def _with_table(table):
    return replace(demo_schema(), tables=(*demo_schema().tables, table))


def test_the_demo_is_valid():
    assert validate(demo_schema()) == []


@given(schemas())
def test_generated_schemas_are_valid(schema):
    assert validate(schema) == []


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("", "empty"),
        (" users", "space"),
        ("a" * 64, "64 bytes"),
        ("é" * 32, "64 bytes"),
        ("nul\x00", "NUL"),
    ],
)
def test_identifier_rules(name, problem):
    assert problem in identifier_problem(name)


@pytest.mark.parametrize("name", ["order", "User", "café", "a" * 63, "é" * 31, "my table"])
def test_reserved_words_and_any_quotable_name_are_valid(name):
    assert identifier_problem(name) is None


def test_duplicate_columns_are_refused():
    column = Column("c1", "x", ColumnType("text"))
    table = Table("t", "things", (column, replace(column, id="c2")))
    assert any("two columns are named 'x'" in m for m in _messages(_with_table(table)))


def test_duplicate_tables_are_refused_but_not_across_schemas():
    users = demo_schema().tables[0]
    twin = replace(
        users, id="other", columns=tuple(replace(c, id=c.id + "x") for c in users.columns)
    )
    assert any("two tables" in m for m in _messages(_with_table(twin)))
    assert _messages(_with_table(replace(twin, schema="archive"))) == []


@pytest.mark.parametrize(
    ("column_type", "problem"),
    [
        (ColumnType("varchar", length=0), "length"),
        (ColumnType("numeric", precision=5, scale=6), "scale"),
        (ColumnType("numeric", scale=2), "needs a precision"),
        (ColumnType("timestamptz", precision=7), "between 0 and 6"),
        (ColumnType("text", length=10), "takes no length"),
        (ColumnType("geometry"), "not a supported type"),
        (ColumnType("enum", enum=QName("public", "missing")), "does not exist"),
    ],
)
def test_bad_types_are_refused(column_type, problem):
    table = Table("t", "things", (Column("c", "x", column_type),))
    assert any(problem in m for m in _messages(_with_table(table)))


@pytest.mark.parametrize(
    ("field", "problem"),
    [
        ({"default": "0; DROP TABLE users"}, "default: a semicolon"),
        ({"check": "x > (SELECT 1)"}, "check: subqueries"),
        ({"generated": Generated.SERIAL, "nullable": False, "type": ColumnType("text")}, "serial"),
        ({"generated": Generated.IDENTITY_ALWAYS, "nullable": True}, "NOT NULL"),
    ],
)
def test_column_problems(field, problem):
    column = replace(Column("c", "x", ColumnType("integer"), nullable=False), **field)
    table = Table("t", "things", (column,))
    assert any(problem in m for m in _messages(_with_table(table)))


def test_a_nullable_primary_key_column_is_refused():
    table = Table(
        "t", "things", (Column("c", "x", ColumnType("integer")),), primary_key=PrimaryKey(("x",))
    )
    assert any("must be NOT NULL" in m for m in _messages(_with_table(table)))


def test_index_problems():
    column = Column("c", "x", ColumnType("jsonb"))
    bad = [
        Index("i1", (IndexElement(column="nope"),)),
        Index("i2", (IndexElement(column="x", descending=True),), method=IndexMethod.GIN),
        Index("i3", (IndexElement(column="x"),), method=IndexMethod.GIN, unique=True),
        Index("i4", (IndexElement(expression="lower(x); drop table t"),)),
        Index("i5", (IndexElement(column="x"),), where="x IS NOT NULL --"),
    ]
    messages = _messages(_with_table(Table("t", "things", (column,), indexes=tuple(bad))))
    for expected in [
        "unknown column 'nope'",
        "no sort order",
        "only btree",
        "semicolon",
        "comments",
    ]:
        assert any(expected in m for m in messages), expected


def test_expressions_may_read_only_their_own_tables_columns():
    column = Column("c", "x", ColumnType("integer"), check="y > 0")
    table = Table(
        "t",
        "things",
        (column, Column("c2", "Total", ColumnType("integer"))),
        checks=(CheckConstraint("k1", "x < z AND w > 0"), CheckConstraint("k2", '"Total" > x')),
        indexes=(
            Index("i1", (IndexElement(expression="(lower(v::text))"),)),
            Index("i2", (IndexElement(column="x"),), where="total > 0"),
            Index("i3", (IndexElement(expression="(things.x + tableoid::int)"),)),
            Index("i4", (IndexElement(column="x"),), where="users.x > 0"),
        ),
    )
    assert sorted(m for m in _messages(_with_table(table)) if "there" in m or "reads" in m) == [
        "table things, column x: check: there is no column 'y' in things",
        "table things, index: expression '(lower(v::text))': there is no column 'v' in things",
        "table things, index: predicate: it reads 'users', not its own table 'things'",
        "table things, index: predicate: there is no column 'total' in things",
        "table things: check 'x < z AND w > 0': there are no columns 'w', 'z' in things",
    ]


def test_a_foreign_key_must_reference_a_key():
    schema = demo_schema()
    wrong = replace(schema.relationships[0], to_columns=("full_name",), from_columns=("title",))
    messages = _messages(replace(schema, relationships=(wrong,)))
    assert any("neither a primary key nor unique" in m for m in messages)


def test_a_foreign_key_between_incomparable_types_is_refused():
    schema = demo_schema()
    todos = schema.tables[1]
    todos = replace(
        todos,
        columns=tuple(
            replace(c, type=ColumnType("integer")) if c.name == "user_id" else c
            for c in todos.columns
        ),
    )
    messages = _messages(replace(schema, tables=(schema.tables[0], todos)))
    assert any("cannot compare their types" in m for m in messages)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("integer", "bigint", True),
        ("bigint", "smallint", True),
        ("integer", "numeric", True),
        ("numeric", "integer", False),
        ("varchar", "text", True),
        ("uuid", "integer", False),
        ("uuid", "uuid", True),
        ("date", "timestamptz", True),
    ],
)
def test_comparable_types(a, b, expected):
    assert comparable(ColumnType(a), ColumnType(b)) is expected


def test_missing_tables_in_relationships_are_reported():
    bogus = Relationship(
        "r", QName("public", "todos"), ("user_id",), QName("public", "ghosts"), ("id",)
    )
    assert any(
        "ghosts does not exist" in m
        for m in _messages(replace(demo_schema(), relationships=(bogus,)))
    )


def test_index_names_share_the_namespace_with_tables():
    todos = demo_schema().tables[1]
    named = replace(todos, indexes=(replace(todos.indexes[0], name="users"),))
    messages = _messages(replace(demo_schema(), tables=(demo_schema().tables[0], named)))
    assert (
        "table todos, index users: the index users on todos cannot be named 'users': the "
        "table users has that name (tables, indexes, key constraints and sequences share one "
        "namespace in a PostgreSQL schema)" in messages
    )


# --- a scope: what an edit touched ---------------------------------------------------------


@given(schemas())
def test_the_whole_scope_finds_what_validation_finds(schema):
    everything = Scope(
        frozenset(t.id for t in schema.tables),
        frozenset(r.id for r in schema.relationships),
        frozenset(m.id for m in schema.many_to_many),
    )
    assert validate(schema, everything) == validate(schema)


def test_a_scope_checks_its_tables_and_leaves_the_others():
    schema = demo_schema()
    users, todos = schema.tables
    broken = replace(todos, columns=(*todos.columns[:-1], replace(todos.columns[-1], default="1;")))
    schema = replace(schema, tables=(users, broken))
    assert validate(schema, Scope(frozenset({users.id}))) == []
    problems = validate(schema, Scope(frozenset({todos.id})))
    assert len(problems) == 1 and problems[0].field == "default"


# --- what the sequences of operations found PostgreSQL refuses ---------------------------------


def _todos_with(**changes):
    schema = demo_schema()
    users, todos = schema.tables
    title = todos.column("title")
    columns = tuple(replace(c, **changes) if c.id == title.id else c for c in todos.columns)
    return replace(schema, tables=(users, replace(todos, columns=columns)))


@pytest.mark.parametrize("name", ["xmin", "ctid", "tableoid"])
def test_a_column_cannot_take_a_system_columns_name(name):
    problems = validate(_todos_with(name=name))  # (the check on title then reads nothing)
    assert problems[0].field == "name" and "every table" in problems[0].message


def test_a_default_cannot_read_a_column():
    problems = validate(_todos_with(default="description"))
    assert [p.field for p in problems] == ["default"]
    assert validate(_todos_with(default="'untitled'")) == []


def test_an_enum_columns_default_must_be_one_of_its_values():
    from designer.schema.model import EnumType

    schema = _todos_with()
    status = EnumType("11111111-1111-4111-8111-111111111111", "status", ("open", "done"))
    kind = ColumnType("enum", enum=status.qname)
    for default, problems in (("'open'", 0), ("'open'::status", 0), ("'draft'", 1)):
        # (without title's check: char_length() takes no enum)
        changed = replace(_todos_with(type=kind, default=default, check=None), enums=(status,))
        assert len(validate(changed)) == problems, default
    assert schema


def test_an_sp_gist_index_has_one_key():
    schema = demo_schema()
    users, todos = schema.tables
    index = Index(
        "22222222-2222-4222-8222-222222222222",
        (IndexElement(column="title"), IndexElement(column="description")),
        method=IndexMethod.SPGIST,
    )
    problems = validate(replace(schema, tables=(users, replace(todos, indexes=(index,)))))
    assert any(p.field == "keys" and "SP-GiST" in p.message for p in problems)
