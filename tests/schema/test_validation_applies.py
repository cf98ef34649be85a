"""Whatever validation accepts, PostgreSQL applies; what it refuses, PostgreSQL refuses.

Each case below is a mistake the editor used to accept (the DDL then failed on
PostgreSQL): validation must refuse it, with a clear message at the right input, and
the DDL written regardless must really fail on a PostgreSQL server; its neighbour, the
same thing written right, must be accepted and apply. The properties after them draw
expressions, names and operator classes at random: whenever validation accepts a
schema, its DDL applies.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

import psycopg
import pytest

from designer.generators.ddl import DdlOptions, generate
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
from designer.schema.naming import sequence_name
from designer.schema.validation import validate
from tests.support.postgres import PgDatabase

STATUS = EnumType("00000000-0000-4000-8000-000000000001", "status", ("draft", "done"))
TYPES = {
    "id": ColumnType("uuid"),
    "qty": ColumnType("integer"),
    "price": ColumnType("numeric", precision=10, scale=2),
    "ratio": ColumnType("double precision"),
    "title": ColumnType("text"),
    "code": ColumnType("varchar", length=20),
    "placed_at": ColumnType("timestamptz"),
    "local_at": ColumnType("timestamp"),
    "day": ColumnType("date"),
    "flag": ColumnType("boolean"),
    "doc": ColumnType("jsonb"),
    "tags": ColumnType("text", array=True),
    "state": ColumnType("enum", enum=STATUS.qname),
    "addr": ColumnType("inet"),
    "serial_no": ColumnType("bigint"),
}


def _id(number: int) -> str:
    return f"00000000-0000-4000-8000-{number:012d}"


def orders(**changes) -> Table:
    columns = tuple(
        Column(
            _id(100 + number),
            name,
            column_type,
            nullable=name != "id",
            default="gen_random_uuid()" if name == "id" else None,
        )
        for number, (name, column_type) in enumerate(TYPES.items())
    )
    table = Table(_id(10), "orders", columns, primary_key=PrimaryKey(("id",)))
    return replace(table, **changes)


def customers() -> Table:
    key = Column(_id(200), "id", ColumnType("uuid"), nullable=False)
    return Table(_id(20), "customers", (key,), primary_key=PrimaryKey(("id",)))


def schema_of(*tables: Table, extensions: tuple[str, ...] = ()) -> Schema:
    return Schema(enums=(STATUS,), tables=tables or (orders(),), extensions=extensions)


def with_column(name: str, **changes) -> Schema:
    table = orders()
    columns = tuple(replace(c, **changes) if c.name == name else c for c in table.columns)
    return schema_of(replace(table, columns=columns))


def with_check(expression: str) -> Schema:
    return schema_of(orders(checks=(CheckConstraint(_id(30), expression),)))


def with_index(*keys: IndexElement, extensions: tuple[str, ...] = (), **options) -> Schema:
    return schema_of(orders(indexes=(Index(_id(40), keys, **options),)), extensions=extensions)


def expression(text: str, **options) -> Schema:
    return with_index(IndexElement(expression=text), **options)


def column_key(name: str, opclass: str | None = None, **options) -> Schema:
    return with_index(IndexElement(column=name, opclass=opclass), **options)


def predicate(text: str) -> Schema:
    return with_index(IndexElement(column="qty"), where=text)


def serial_with_index_named(name: str) -> Schema:
    table = with_column("serial_no", generated=Generated.SERIAL, nullable=False).tables[0]
    index = Index(_id(40), (IndexElement(column="qty"),), name=name)
    return schema_of(replace(table, indexes=(index,)))


@dataclass(frozen=True)
class Case:
    name: str
    wrong: Callable[[], Schema]
    message: str  # part of the problem's message
    field: str | None  # the input it is shown at
    right: Callable[[], Schema]  # the neighbour written right


CASES = [
    # --- names: one namespace per PostgreSQL schema -----------------------------------
    Case(
        "an index named like a table",
        lambda: schema_of(
            orders(indexes=(Index(_id(40), (IndexElement(column="qty"),), name="customers"),)),
            customers(),
        ),
        "the index customers on orders cannot be named 'customers': the table customers",
        "name",
        lambda: schema_of(
            orders(indexes=(Index(_id(40), (IndexElement(column="qty"),), name="customer_qty"),)),
            customers(),
        ),
    ),
    Case(
        "a unique constraint named like another table's primary key",
        lambda: schema_of(
            orders(uniques=(UniqueConstraint(_id(50), ("code",), name="pk_customers"),)),
            replace(customers(), primary_key=PrimaryKey(("id",), "pk_customers")),
        ),
        "cannot be named 'pk_customers'",
        "name",
        lambda: schema_of(
            orders(uniques=(UniqueConstraint(_id(50), ("code",), name="uq_orders_code"),)),
            replace(customers(), primary_key=PrimaryKey(("id",), "pk_customers")),
        ),
    ),
    Case(
        "a primary key named like an index of another table",
        lambda: schema_of(
            orders(primary_key=PrimaryKey(("id",), "ix_customers")),
            replace(
                customers(),
                indexes=(Index(_id(41), (IndexElement(column="id"),), name="ix_customers"),),
            ),
        ),
        "the primary key of orders cannot be named 'ix_customers'",
        "pk_name",
        lambda: schema_of(
            orders(primary_key=PrimaryKey(("id",), "orders_pkey")),
            replace(
                customers(),
                indexes=(Index(_id(41), (IndexElement(column="id"),), name="ix_customers"),),
            ),
        ),
    ),
    Case(
        "an index named like a serial column's sequence",
        lambda: serial_with_index_named(sequence_name(orders(), "serial_no")),
        "the sequence of orders.serial_no cannot be named 'orders_serial_no_seq'",
        "generated",
        lambda: serial_with_index_named("orders_serial"),
    ),
    Case(
        "a table named like an identity column's sequence",
        lambda: schema_of(
            with_column("serial_no", generated=Generated.IDENTITY_ALWAYS, nullable=False).tables[0],
            replace(customers(), name="orders_serial_no_seq"),
        ),
        "the table orders_serial_no_seq cannot be named 'orders_serial_no_seq'",
        "name",
        lambda: schema_of(
            with_column("serial_no", generated=Generated.IDENTITY_ALWAYS, nullable=False).tables[0],
            replace(customers(), name="orders_serial_numbers"),
        ),
    ),
    # --- operator classes ---------------------------------------------------------------
    Case(
        "an operator class name with spaces and quotes",
        lambda: column_key("title", 'my "ops"'),
        "PostgreSQL has no operator class 'my \"ops\"' for btree indexes",
        "keys",
        lambda: column_key("title", "text_pattern_ops"),
    ),
    Case(
        "an operator class for another type",
        lambda: column_key("qty", "text_pattern_ops"),
        "the operator class text_pattern_ops does not take integer",
        "keys",
        lambda: column_key("qty", "int4_ops"),
    ),
    Case(
        "an operator class of another access method",
        lambda: column_key("doc", "jsonb_path_ops"),
        "the operator class jsonb_path_ops is for gin indexes, not btree ones",
        "keys",
        lambda: column_key("doc", "jsonb_path_ops", method=IndexMethod.GIN),
    ),
    Case(
        "an extension's operator class without the extension",
        lambda: column_key("title", "gin_trgm_ops", method=IndexMethod.GIN),
        "comes with the extension pg_trgm",
        "keys",
        lambda: column_key(
            "title", "gin_trgm_ops", method=IndexMethod.GIN, extensions=("pg_trgm",)
        ),
    ),
    # --- immutable functions in an index --------------------------------------------------
    Case(
        "random() in an index expression",
        lambda: expression("random()"),
        "random() is not immutable",
        "keys",
        lambda: expression("abs(ratio)"),
    ),
    Case(
        "now() in a predicate",
        lambda: predicate("placed_at > now()"),
        "now() is not immutable",
        "where",
        lambda: predicate("placed_at > '2024-01-01'"),
    ),
    Case(
        "CURRENT_DATE in a predicate",
        lambda: predicate("day > CURRENT_DATE"),
        "CURRENT_DATE changes from one call to the next",
        "where",
        lambda: predicate("day > DATE '2024-01-01'"),
    ),
    Case(
        "clock_timestamp() in an index expression",
        lambda: expression("clock_timestamp()"),
        "clock_timestamp() is not immutable",
        "keys",
        lambda: expression("placed_at"),
    ),
    Case(
        "timeofday() in an index expression",
        lambda: expression("timeofday()"),
        "timeofday() is not immutable",
        "keys",
        lambda: expression("lower(title)"),
    ),
    Case(
        "gen_random_uuid() in an index expression",
        lambda: expression("gen_random_uuid()"),
        "gen_random_uuid() is not immutable",
        "keys",
        lambda: expression("md5(title)"),
    ),
    Case(
        "nextval() in an index expression",
        lambda: expression("nextval('s')"),
        "nextval() reads a sequence: name one of the schema's sequences",
        "keys",
        lambda: expression("upper(code)"),
    ),
    Case(
        "to_char() in an index expression",
        lambda: expression("to_char(placed_at, 'YYYY')"),
        "to_char() is not immutable",
        "keys",
        lambda: expression("date_part('year', local_at)"),
    ),
    Case(
        "a cast of text to timestamptz in a predicate",
        lambda: predicate("title::timestamptz > '2024-01-01'"),
        "the cast of text to timestamptz depends on the session's settings",
        "where",
        lambda: predicate("title::integer > 0"),
    ),
    Case(
        "a cast of text to date in an index expression",
        lambda: expression("title::date"),
        "the cast of text to date depends on the session's settings",
        "keys",
        lambda: expression("title::uuid"),
    ),
    Case(
        "a cast of timestamptz to date in an index expression",
        lambda: expression("placed_at::date"),
        "the cast of timestamptz to date depends",
        "keys",
        lambda: expression("(placed_at AT TIME ZONE 'UTC')::date"),
    ),
    Case(
        "age() of one timestamp in an index expression",
        lambda: expression("age(local_at)"),
        "age(timestamp) is not immutable",
        "keys",
        lambda: expression("age(local_at, TIMESTAMP '2000-01-01')"),
    ),
    Case(
        "date_trunc() of a timestamptz in an index expression",
        lambda: expression("date_trunc('day', placed_at)"),
        "date_trunc('day', timestamptz) is not immutable",
        "keys",
        lambda: expression("date_trunc('day', local_at)"),
    ),
    Case(
        "date_trunc() of a date (read as timestamptz) in an index expression",
        lambda: expression("date_trunc('month', day)"),
        "date_trunc('month', date) is not immutable",
        "keys",
        lambda: expression("date_trunc('month', day::timestamp)"),
    ),
    Case(
        "extract() from a timestamptz in an index expression",
        lambda: expression("extract(year from placed_at)"),
        "extract('year', timestamptz) is not immutable",
        "keys",
        lambda: expression("extract(year from day)"),
    ),
    Case(
        "timestamptz + interval in an index expression",
        lambda: expression("placed_at + interval '1 day'"),
        "timestamptz + interval depends on the time zone",
        "keys",
        lambda: expression("local_at + interval '1 day'"),
    ),
    Case(
        "a timestamptz compared with a date in a predicate",
        lambda: predicate("placed_at > day"),
        "comparing timestamptz with date depends on the time zone",
        "where",
        lambda: predicate("local_at > day"),
    ),
    Case(
        "text || timestamptz in an index expression",
        lambda: expression("title || placed_at"),
        "text || timestamptz converts the timestamptz to text, which is not immutable",
        "keys",
        lambda: expression("title || qty"),
    ),
    Case(
        "concat() in an index expression",
        lambda: expression("concat(title, code)"),
        "concat() is not immutable",
        "keys",
        lambda: expression("title || ' ' || code"),
    ),
    Case(
        "to_tsvector() without a configuration in an index expression",
        lambda: expression("to_tsvector(title)", method=IndexMethod.GIN),
        "to_tsvector(text) is not immutable",
        "keys",
        lambda: expression("to_tsvector('english', title)", method=IndexMethod.GIN),
    ),
    Case(
        "an expression type with no default operator class for the method",
        lambda: expression("lower(title)", method=IndexMethod.GIN),
        "a gin index has no default operator class for text",
        "method",
        lambda: expression("lower(title)", method=IndexMethod.HASH),
    ),
    Case(
        "the system column tableoid in a predicate",
        lambda: predicate("tableoid > 0"),
        "cannot read the system column tableoid",
        "where",
        lambda: predicate("qty > 0"),
    ),
    # --- checks: true or false for each row ---------------------------------------------
    Case(
        "CHECK ('x')",
        lambda: with_check("'x'"),
        "must be true or false, and 'x' is not true or false",
        "expression",
        lambda: with_check("'true'"),
    ),
    Case(
        "a check of a number",
        lambda: with_check("1"),
        "must be true or false, not of type integer",
        "expression",
        lambda: with_check("1 = 1"),
    ),
    Case(
        "a check of a non-boolean expression",
        lambda: with_check("qty + 1"),
        "must be true or false, not of type integer",
        "expression",
        lambda: with_check("qty + 1 > 0"),
    ),
    Case(
        "a column check of a text column",
        lambda: with_column("title", check="title"),
        "must be true or false, not of type text",
        "check_expression",
        lambda: with_column("title", check="title <> ''"),
    ),
    Case(
        "a predicate that is not a condition",
        lambda: predicate("qty"),
        "must be true or false, not of type integer",
        "where",
        lambda: predicate("qty IS NOT NULL"),
    ),
    Case(
        "an aggregate in a check",
        lambda: with_check("count(*) > 0"),
        "count() is an aggregate, window or set-returning function",
        "expression",
        lambda: with_check("cardinality(tags) > 0"),
    ),
    Case(
        "a set-returning function in an index",
        lambda: expression("unnest(tags)"),
        "unnest() is an aggregate, window or set-returning function",
        "keys",
        lambda: with_index(IndexElement(column="tags"), method=IndexMethod.GIN),
    ),
    # --- types PostgreSQL checks ------------------------------------------------------
    Case(
        "text compared with a number",
        lambda: with_check("title > 0"),
        "PostgreSQL cannot compare text with integer",
        "expression",
        lambda: with_check("title > '0'"),
    ),
    Case(
        "a function of text on a number",
        lambda: with_check("char_length(qty) > 0"),
        "PostgreSQL has no function char_length(integer)",
        "expression",
        lambda: with_check("char_length(title) > 0"),
    ),
    Case(
        "a value the column's type cannot read in a check",
        lambda: with_check("qty <> 'many'"),
        "'many' is not a whole number for integer",
        "expression",
        lambda: with_check("qty <> '12'"),
    ),
    Case(
        "an enum compared with a value it does not have",
        lambda: with_check("state <> 'archived'"),
        "'archived' is not a value of status",
        "expression",
        lambda: with_check("state <> 'done'"),
    ),
    Case(
        "a cast PostgreSQL does not have",
        lambda: with_check("qty::date > '2024-01-01'"),
        "PostgreSQL cannot cast integer to date",
        "expression",
        lambda: with_check("qty::numeric > 1.5"),
    ),
    Case(
        "a cast to a type that does not exist",
        lambda: with_check("qty::money_amount > 0"),
        "the type money_amount does not exist",
        "expression",
        lambda: with_check("qty::bigint > 0"),
    ),
    Case(
        "arithmetic on text",
        lambda: with_check("title + 1 > 0"),
        "no arithmetic operator + for text",
        "expression",
        lambda: with_check("char_length(title) + 1 > 0"),
    ),
    Case(
        "json compared with equality",
        lambda: schema_of(
            replace(
                orders(),
                columns=(*orders().columns, Column(_id(190), "raw", ColumnType("json"))),
                checks=(CheckConstraint(_id(30), "raw <> '{}'"),),
            )
        ),
        "PostgreSQL cannot compare json values",
        "expression",
        lambda: schema_of(
            replace(
                orders(),
                columns=(*orders().columns, Column(_id(190), "raw", ColumnType("json"))),
                checks=(CheckConstraint(_id(30), "raw::text <> '{}'"),),
            )
        ),
    ),
    # --- defaults the column's type cannot hold ---------------------------------------
    Case(
        "a default of another type",
        lambda: with_column("qty", default="now()"),
        "it is of type timestamptz, which PostgreSQL does not store in a column of type integer",
        "default",
        lambda: with_column("day", default="now()"),
    ),
    Case(
        "a number as a boolean's default",
        lambda: with_column("flag", default="1"),
        "it is of type integer, which PostgreSQL does not store in a column of type boolean",
        "default",
        lambda: with_column("flag", default="true"),
    ),
    Case(
        "a text the type cannot read as a default",
        lambda: with_column("qty", default="'abc'"),
        "'abc' is not a whole number for integer",
        "default",
        lambda: with_column("qty", default="'12'"),
    ),
    Case(
        "a date written the other way round",
        lambda: with_column("day", default="'31/01/2024'"),
        "is not a date",
        "default",
        lambda: with_column("day", default="'2024-01-31'"),
    ),
    Case(
        "an array default of the wrong element",
        lambda: with_column("tags", default="'{a,b'"),
        "is not an array the designer can read",
        "default",
        lambda: with_column("tags", default="'{a,b}'"),
    ),
    Case(
        "invalid JSON as a jsonb default",
        lambda: with_column("doc", default="'{a: 1}'"),
        "is not valid JSON",
        "default",
        lambda: with_column("doc", default="'{\"a\": 1}'"),
    ),
    Case(
        "an aggregate as a default",
        lambda: with_column("qty", default="max(1)"),
        "max() is an aggregate, window or set-returning function; PostgreSQL does not allow "
        "it in a DEFAULT expression",
        "default",
        lambda: with_column("qty", default="greatest(1, 2)"),
    ),
]


def _sql(schema: Schema) -> str:
    return generate(schema, DdlOptions(transaction=False))


def _error(database: PgDatabase, sql: str) -> str | None:
    """PostgreSQL's error for the script, or None when it applies (rolled back)."""
    with database.connect() as conn:
        conn.execute("BEGIN")
        try:
            conn.execute(sql)  # type: ignore[arg-type]
        except psycopg.Error as error:
            return str(error).splitlines()[0]
        finally:
            conn.execute("ROLLBACK")
    return None


@pytest.fixture(scope="module")
def database(pg_server) -> Iterator[PgDatabase]:
    database = pg_server.create_database()
    try:
        yield database
    finally:
        database.drop()


@pytest.mark.postgres
@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_what_validation_refuses_postgresql_refuses_and_the_neighbour_applies(database, case):
    problems = validate(case.wrong())
    found = [problem for problem in problems if case.message in problem.message]
    assert found, [str(problem) for problem in problems]
    assert found[0].field == case.field
    assert _error(database, _sql(case.wrong())) is not None, "PostgreSQL took it"

    right = case.right()
    assert validate(right) == []
    assert _error(database, _sql(right)) is None


def test_an_operator_class_on_an_expression_of_a_type_it_cannot_tell_waits_for_a_cast():
    """Conservative: PostgreSQL knows overlay()'s type, the designer does not, so it asks
    for a cast rather than accept what it cannot check."""
    unknown = with_index(
        IndexElement(expression="overlay(title placing 'x' from 1)", opclass="text_pattern_ops")
    )
    problems = validate(unknown)
    assert [problem.field for problem in problems] == ["keys"]
    assert "cannot tell this key's type" in problems[0].message
    cast = with_index(
        IndexElement(
            expression="(overlay(title placing 'x' from 1))::text", opclass="text_pattern_ops"
        )
    )
    assert validate(cast) == []
