"""Whenever validation accepts a schema, its DDL applies on PostgreSQL: random expressions
in every place one can be written (check, default, index key, partial predicate), random
names for tables, keys, indexes and serial columns, random operator classes, and random
values for every type.

The expressions come from a small grammar over a table with a column of every type:
columns, values of every kind, casts, the common functions (immutable or not, aggregates
and set-returning ones included) and operators, nested. Most of what it draws is wrong
somewhere; what validation accepts must apply, and ``event`` counts how much that is.
``VALIDATION_EXAMPLES=<n>`` runs each property on ``n`` examples (a longer run).
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import psycopg
import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from designer.generators.ddl import DdlOptions, generate
from designer.schema.builtins import OPERATOR_CLASSES
from designer.schema.literals import literal_problem
from designer.schema.model import (
    CheckConstraint,
    Column,
    ColumnType,
    EnumType,
    Generated,
    Index,
    IndexElement,
    IndexMethod,
    PrimaryKey,
    Schema,
    Table,
    UniqueConstraint,
)
from designer.schema.sqltext import quote_literal, type_sql
from designer.schema.types import TYPES
from designer.schema.validation import validate
from tests.support.postgres import PgDatabase


def examples(default: int) -> int:
    return int(os.environ.get("VALIDATION_EXAMPLES") or default)


STATUS = EnumType("00000000-0000-4000-8000-000000000001", "status", ("draft", "done"))
COLUMN_TYPES = {
    **{f"c_{key.replace(' ', '_')}": ColumnType(key) for key in TYPES},
    "c_char3": ColumnType("char", length=3),
    "c_bit3": ColumnType("bit", length=3),
    "c_numeric": ColumnType("numeric", precision=10, scale=2),
    "c_status": ColumnType("enum", enum=STATUS.qname),
    "c_ints": ColumnType("integer", array=True),
    "c_texts": ColumnType("text", array=True),
    "c_statuses": ColumnType("enum", array=True, enum=STATUS.qname),
}
COLUMNS = sorted(COLUMN_TYPES)
STRINGS = [
    "x", "", "12", "-3", "1.5", "1e400", "true", "t", "2024-01-31", "31/01/2024", "12:30",
    "2024-01-31 12:30:00+02", "1 day", "P1D", "{}", "{1,2}", '{"a": 1}', "[1,", "draft",
    "archived", "127.0.0.1", "10.0.0.0/8", "08:00:2b:01:02:03",
    "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "101", "english", "\\x0a", "a b", "<a/>",
]  # fmt: skip
CAST_TYPES = [
    *(info.sql for info in TYPES.values()), "int", "varchar(3)", "numeric(5,1)", "text[]",
    "integer[]", "status", "regconfig", "name", "nosuch", "public.status", "char(2)",
]  # fmt: skip
CALLS_1 = [
    "lower", "upper", "char_length", "length", "md5", "abs", "round", "btrim", "age",
    "to_tsvector", "date", "cardinality", "sum", "count", "max", "unnest", "unknown_fn",
    "to_jsonb", "isfinite", "upper", "sqrt", "quote_literal", "timestamp", "time",
    "unaccent", "public.unaccent",
]  # fmt: skip
CALLS_2 = [
    "date_trunc", "date_part", "age", "to_char", "concat", "left", "coalesce", "nullif",
    "greatest", "to_tsvector", "round", "timezone", "strpos", "starts_with", "jsonb_build_object",
    "similarity", "word_similarity",
]  # fmt: skip
CALLS_0 = ["now()", "random()", "gen_random_uuid()", "clock_timestamp()", "timeofday()",
           "CURRENT_DATE", "CURRENT_TIMESTAMP", "LOCALTIMESTAMP", "CURRENT_USER", "version()",
           "pg_backend_pid()", "nextval('s')", "show_limit()"]  # fmt: skip
EXTENSIONS = [(), (), ("pg_trgm", "unaccent")]
# Defaults of every type (most fit some column; a column of the wrong type refuses them).
DEFAULTS = ["0", "-1", "1.5", "true", "'x'", "''", "now()", "CURRENT_DATE", "CURRENT_TIME",
            "LOCALTIMESTAMP", "gen_random_uuid()", "'{}'", "'2024-01-31'", "'12:30'",
            "'2024-01-31 12:30:00+02'", "'1 day'", "'{\"a\": 1}'::jsonb", "'[]'", "'127.0.0.1'",
            "'10.0.0.0/8'", "'08:00:2b:01:02:03'", "'101'", "B'101'", "'draft'", "'done'",
            "ARRAY[1, 2]", "'{a,b}'", "'{draft}'", "NULL", "'\\x0a'", "'a fat cat'", "'<a/>'",
            "'12.50'", "random()", "'t'", "interval '2 hours'"]  # fmt: skip
BINARY = ["=", "<>", "<", ">=", "+", "-", "*", "/", "%", "||", "~", "->", "->>", "@>", "AND",
          "OR", "LIKE", "IS DISTINCT FROM"]  # fmt: skip


def _atoms(columns: bool, calls: bool = True):
    options = [
        st.sampled_from(["0", "1", "-1", "2147483648", "1.5", "true", "false", "NULL"]),
        st.sampled_from(STRINGS).map(quote_literal),
    ]
    if calls:
        options.append(st.sampled_from(CALLS_0))
    if columns:
        options.append(st.sampled_from(COLUMNS))
    return st.one_of(*options)


def expressions(columns: bool = True, calls: bool = True) -> st.SearchStrategy[str]:
    """Expressions of the grammar above; without ``calls``, no function of no argument
    (most are not immutable, so an index would refuse nearly all)."""

    def extend(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        return st.one_of(
            st.tuples(inner, st.sampled_from(CAST_TYPES)).map(lambda p: f"({p[0]})::{p[1]}"),
            st.tuples(st.sampled_from(CALLS_1), inner).map(lambda p: f"{p[0]}({p[1]})"),
            st.tuples(st.sampled_from(CALLS_2), inner, inner).map(
                lambda p: f"{p[0]}({p[1]}, {p[2]})"
            ),
            st.tuples(st.sampled_from(["'day'", "'year'", "'english'", "'UTC'"]), inner).map(
                lambda p: f"date_trunc({p[0]}, {p[1]})"
            ),
            st.tuples(inner, st.sampled_from(BINARY), inner).map(
                lambda p: f"({p[0]}) {p[1]} ({p[2]})"
            ),
            inner.map(lambda e: f"NOT ({e})"),
            inner.map(lambda e: f"({e}) IS NULL"),
            inner.map(lambda e: f"({e}) IS TRUE"),
            inner.map(lambda e: f"extract(year from {e})"),
            inner.map(lambda e: f"({e}) AT TIME ZONE 'UTC'"),
            st.tuples(inner, inner, inner).map(lambda p: f"({p[0]}) BETWEEN ({p[1]}) AND ({p[2]})"),
            st.tuples(inner, inner, inner).map(lambda p: f"({p[0]}) IN (({p[1]}), ({p[2]}))"),
            st.tuples(inner, inner, inner).map(
                lambda p: f"CASE WHEN {p[0]} THEN {p[1]} ELSE {p[2]} END"
            ),
            st.tuples(inner, inner).map(lambda p: f"ARRAY[{p[0]}, {p[1]}]"),
            st.tuples(inner, st.sampled_from(['"C"', '"en_US"'])).map(
                lambda p: f"({p[0]}) COLLATE {p[1]}"
            ),
        )

    return st.recursive(_atoms(columns, calls), extend, max_leaves=4)


def _table(**parts) -> Table:
    columns = tuple(
        Column(f"00000000-0000-4000-8000-{number:012d}", name, COLUMN_TYPES[name])
        for number, name in enumerate(COLUMNS, start=100)
    )
    return Table("00000000-0000-4000-8000-000000000010", "t", columns, **parts)


def _schema(table: Table, **settings_) -> Schema:
    return Schema(enums=(STATUS,), tables=(table,), **settings_)


@pytest.fixture(scope="module")
def connection(pg_server) -> Iterator[psycopg.Connection]:
    database: PgDatabase = pg_server.create_database()
    try:
        with database.connect() as conn:
            yield conn
    finally:
        database.drop()


def _applies(conn: psycopg.Connection, schema: Schema) -> str | None:
    """None when the DDL applies (in a transaction rolled back), else PostgreSQL's error."""
    conn.execute("BEGIN")
    try:
        conn.execute(generate(schema, DdlOptions(transaction=False)))  # type: ignore[arg-type]
    except psycopg.Error as error:
        return str(error).splitlines()[0]
    finally:
        conn.execute("ROLLBACK")
    return None


def _check_property(conn, schema: Schema, what: str) -> None:
    problems = validate(schema)
    if problems:
        event(f"{what}: refused")
        return
    event(f"{what}: accepted")
    error = _applies(conn, schema)
    assert error is None, f"validation accepted it, PostgreSQL said: {error}"


KEY_TEMPLATES = [
    "lower({c})", "upper({c})", "md5({c})", "{c} || 'x'", "left({c}, 2)", "abs({c})",
    "{c} + 1", "{c} * 2", "date_part('year', {c})", "extract(month from {c})",
    "date_trunc('day', {c})", "{c} AT TIME ZONE 'UTC'", "{c} -> 'a'", "{c} ->> 'a'",
    "{c}::text", "{c}::date", "{c}::integer", "coalesce({c}, '0')", "({c} IS NULL)",
    "to_tsvector('english', {c})", "cardinality({c})", "{c}[1]", "char_length({c})",
]  # fmt: skip
CONDITION_TEMPLATES = [
    "{c} > 0", "{c} IS NOT NULL", "{c} = 'x'", "lower({c}) LIKE 'a%'", "{c} > now()",
    "{c} <> '2024-01-31'", "NOT {c}", "{c} IN ('draft', 'done')", "{c} @> '{{a}}'",
    "{c} ? 'a'", "{c} BETWEEN 1 AND 10", "{c} > CURRENT_DATE", "{c} ~ '^a'",
]  # fmt: skip


def templated(templates: list[str]) -> st.SearchStrategy[str]:
    """A common shape over a column of any type (some fit it, some do not)."""
    return st.builds(
        lambda t, c: t.format(c=c), st.sampled_from(templates), st.sampled_from(COLUMNS)
    )


_SETTINGS = settings(max_examples=examples(150), deadline=None)


@pytest.mark.postgres
@_SETTINGS
@given(text=templated(CONDITION_TEMPLATES) | expressions(), extensions=st.sampled_from(EXTENSIONS))
def test_an_accepted_check_applies(connection, text, extensions):
    table = _table(checks=(CheckConstraint("00000000-0000-4000-8000-000000000020", text),))
    _check_property(connection, _schema(table, extensions=extensions), "check")


@pytest.mark.postgres
@_SETTINGS
@given(
    text=st.sampled_from(DEFAULTS) | expressions(columns=False),
    name=st.sampled_from(COLUMNS),
)
def test_an_accepted_default_applies(connection, text, name):
    table = _table()
    columns = tuple(
        Column(column.id, column.name, column.type, default=text if column.name == name else None)
        for column in table.columns
    )
    _check_property(connection, _schema(Table(table.id, "t", columns)), "default")


@pytest.mark.postgres
@_SETTINGS
@given(
    text=templated(KEY_TEMPLATES) | expressions(calls=False) | expressions(),
    method=st.sampled_from([IndexMethod.BTREE] * 4 + list(IndexMethod)),
    predicate=st.none() | templated(CONDITION_TEMPLATES) | expressions(calls=False),
    extensions=st.sampled_from(EXTENSIONS),
)
def test_an_accepted_index_expression_and_predicate_apply(
    connection, text, method, predicate, extensions
):
    index = Index(
        "00000000-0000-4000-8000-000000000030",
        (IndexElement(expression=text),),
        method=method,
        where=predicate,
    )
    _check_property(connection, _schema(_table(indexes=(index,)), extensions=extensions), "index")


ALL_CLASSES = sorted({name for classes in OPERATOR_CLASSES.values() for name in classes})
ODD_CLASSES = ["my ops", 'q"uoted', "pg_catalog.text_ops", "public.gin_trgm_ops", "other.int4_ops"]


def _type_key(column_type: ColumnType) -> str:
    return ("enum" if column_type.is_enum else column_type.base) + "[]" * column_type.array


@st.composite
def operator_classes(draw, column: str, method: IndexMethod, expression: bool) -> str:
    """Half the time one that takes the key's type (so that some are accepted)."""
    key = "text" if expression else _type_key(COLUMN_TYPES[column])
    fitting = sorted(
        name for name, (types, _) in OPERATOR_CLASSES.get(method.value, {}).items() if key in types
    )
    if fitting and draw(st.booleans()):
        return draw(st.sampled_from(fitting))
    return draw(st.sampled_from(ALL_CLASSES + ODD_CLASSES))


@pytest.mark.postgres
@_SETTINGS
@given(
    column=st.sampled_from(COLUMNS),
    method=st.sampled_from(list(IndexMethod)),
    expression=st.booleans(),
    extensions=st.sampled_from([(), ("pg_trgm",), ("btree_gin", "btree_gist")]),
    data=st.data(),
)
def test_an_accepted_operator_class_applies(
    connection, column, method, expression, extensions, data
):
    opclass = data.draw(operator_classes(column, method, expression), label="opclass")
    key = (
        IndexElement(expression=f"lower({column})", opclass=opclass)
        if expression
        else IndexElement(column=column, opclass=opclass)
    )
    index = Index("00000000-0000-4000-8000-000000000030", (key,), method=method)
    _check_property(connection, _schema(_table(indexes=(index,)), extensions=extensions), "opclass")


NAMES = ["t", "u", "t_pkey", "pk_t", "pk_u", "ix_t_c_integer", "uq_t_c_text", "t_c_bigint_seq",
         "u_id_seq", "t_id_seq", "x" * 63, "t_" + "é" * 30]  # fmt: skip


@pytest.mark.postgres
@_SETTINGS
@given(
    second=st.sampled_from(NAMES[1:]),
    pk=st.none() | st.sampled_from(NAMES),
    unique=st.none() | st.sampled_from(NAMES),
    index=st.none() | st.sampled_from(NAMES),
    other_index=st.none() | st.sampled_from(NAMES),
    serial=st.sampled_from([Generated.NONE, Generated.SERIAL, Generated.IDENTITY_ALWAYS]),
)
def test_accepted_names_apply(connection, second, pk, unique, index, other_index, serial):
    first = _table()
    columns = tuple(
        Column(c.id, c.name, c.type, nullable=c.name not in {"c_bigint", "c_uuid"},
               generated=serial if c.name == "c_bigint" else Generated.NONE)
        for c in first.columns
    )  # fmt: skip
    first = Table(
        first.id,
        "t",
        columns,
        primary_key=PrimaryKey(("c_uuid",), pk),
        uniques=(UniqueConstraint("00000000-0000-4000-8000-000000000040", ("c_text",), unique),),
        indexes=(Index("00000000-0000-4000-8000-000000000041",
                       (IndexElement(column="c_integer"),), name=index),),
    )  # fmt: skip
    key = Column("00000000-0000-4000-8000-000000000050", "id", ColumnType("integer"),
                 nullable=False, generated=Generated.SERIAL)  # fmt: skip
    other = Table(
        "00000000-0000-4000-8000-000000000011",
        second,
        (key,),
        primary_key=PrimaryKey(("id",)),
        indexes=(Index("00000000-0000-4000-8000-000000000042", (IndexElement(column="id"),),
                       name=other_index),),
    )  # fmt: skip
    _check_property(connection, Schema(enums=(STATUS,), tables=(first, other)), "names")


LITERAL_TYPES = [ColumnType(key) for key in TYPES] + [
    ColumnType("integer", array=True),
    ColumnType("date", array=True),
    ColumnType("text", array=True),
    ColumnType("enum", enum=STATUS.qname),
]
_PIECES = ["0", "1", "9", "-", "+", ".", "e", ":", "/", " ", "T", "Z", "a", "f", "x", "{",
           "}", ",", '"', "\\", "day", "s", "@", "ago", "P", "D", "H", "2024-01-31", "12:30",
           "NaN", "inf", "true", "draft", "<a>", "</a>", "&", "'"]  # fmt: skip


@pytest.mark.postgres
@settings(max_examples=examples(600), deadline=None)
@given(
    column_type=st.sampled_from(LITERAL_TYPES),
    text=st.one_of(
        st.sampled_from(STRINGS),
        st.lists(st.sampled_from(_PIECES), max_size=8).map("".join),
        st.text(max_size=12),
    ),
)
def test_a_value_validation_reads_postgresql_reads(connection, column_type, text):
    if "\x00" in text:
        return
    if literal_problem(text, column_type, {STATUS.qname: STATUS}) is not None:
        event("refused")
        return
    event("accepted")
    sql_type = "status" if column_type.is_enum else type_sql(column_type)
    connection.execute("BEGIN")
    try:
        connection.execute("CREATE TYPE status AS ENUM ('draft', 'done')")
        connection.execute(f"SELECT {quote_literal(text)}::{sql_type}")  # type: ignore[arg-type]
    except psycopg.Error as error:
        pytest.fail(f"{text!r} as {sql_type}: validation read it, PostgreSQL said: {error}")
    finally:
        connection.execute("ROLLBACK")
