"""Quoted values for every type: the spellings people write are read, the mistakes are
refused with a sentence that shows the spelling to use, and PostgreSQL agrees on both.
(The property in ``test_validation_properties`` draws thousands more.)"""

from __future__ import annotations

import psycopg
import pytest

from designer.schema.literals import literal_problem
from designer.schema.model import ColumnType, EnumType
from designer.schema.sqltext import quote_literal, type_sql

STATUS = EnumType("00000000-0000-4000-8000-000000000001", "status", ("draft", "done"))
ENUMS = {STATUS.qname: STATUS}

READ = [
    ("integer", " 12 "), ("bigint", "-9223372036854775808"), ("numeric", "1.5e3"),
    ("numeric", "NaN"), ("double precision", "-Infinity"), ("real", "3.4e38"),
    ("boolean", "yes"), ("boolean", "t"), ("boolean", "0"), ("money", "12.50"),
    ("uuid", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"),
    ("uuid", "{a0eebc999c0b4ef8bb6d6bb9bd380a11}"), ("date", "2024-02-29"),
    ("date", "today"), ("time", "23:59:59.999"), ("timetz", "12:30+02"),
    ("timestamp", "2024-01-31 12:30:00"), ("timestamptz", "2024-01-31T12:30:00Z"),
    ("interval", "1 day 02:00"), ("interval", "2 hours 30 minutes ago"),
    ("interval", "P1Y2M3DT4H5M6S"), ("json", '{"a": [1, 2.5, null]}'), ("jsonb", "[]"),
    ("bytea", "\\x0aff"), ("bytea", "abc\\\\def"), ("inet", "10.0.0.1/8"), ("inet", "::1"),
    ("cidr", "10.0.0.0/8"), ("macaddr", "08-00-2b-01-02-03"), ("bit", "101"),
    ("varbit", ""), ("tsvector", "a fat cat"), ("xml", "<a>b</a> and text"),
    ("text", "anything at all: ' \" \\"),
]  # fmt: skip
REFUSED = [
    ("integer", "1.5", "is not a whole number for integer"),
    ("smallint", "40000", "is out of range for smallint"),
    ("real", "1e-50", "is out of range for real"),
    ("boolean", "o", "is not true or false"),
    ("uuid", " a0eebc999c0b4ef8bb6d6bb9bd380a11", "is not a UUID"),
    ("date", "2023-02-29", "is not a date (write it as YYYY-MM-DD"),
    ("date", "31/01/2024", "is not a date"),
    ("time", "24:00:01", "is not a time of day"),
    ("interval", "1 fortnight", "is not an interval"),
    ("interval", "12:60", "is not an interval"),
    ("jsonb", '"\\u0000"', "a \\u escape jsonb cannot store"),
    ("json", "{a: 1}", "is not valid JSON"),
    ("json", "NaN", "is not valid JSON"),
    ("bytea", "\\q", "is not bytea input"),
    ("cidr", "10.1.2.3/8", "host bits set"),
    ("inet", "fe80::1%eth0", "is not an inet address"),
    ("bit", "102", "is not a bit string"),
    ("xml", "<a>", "is not well-formed XML content"),
]


def _type(key: str) -> ColumnType:
    return ColumnType(key)


@pytest.mark.parametrize(("key", "text"), READ)
def test_the_spellings_people_write_are_read(key, text):
    assert literal_problem(text, _type(key)) is None


@pytest.mark.parametrize(("key", "text", "problem"), REFUSED)
def test_a_value_the_type_cannot_read_is_refused_with_the_spelling_to_use(key, text, problem):
    assert problem in (literal_problem(text, _type(key)) or "")


def test_arrays_and_enums():
    assert literal_problem("{1, 2, NULL}", ColumnType("integer", array=True)) is None
    assert literal_problem('{"a b", c}', ColumnType("text", array=True)) is None
    assert "holds 'x', which is not a whole number" in literal_problem(
        "{1,x}", ColumnType("integer", array=True)
    )
    assert "is not an array" in literal_problem("{1,2", ColumnType("integer", array=True))
    status = ColumnType("enum", enum=STATUS.qname)
    assert literal_problem("draft", status, ENUMS) is None
    assert literal_problem("archived", status, ENUMS) == "is not a value of status"


@pytest.mark.postgres
def test_postgresql_reads_what_is_read_and_refuses_what_is_refused(pg_db):
    with psycopg.connect(pg_db.url, autocommit=True) as conn:
        for key, text in READ:
            conn.execute(f"SELECT {quote_literal(text)}::{type_sql(_type(key))}")  # type: ignore[arg-type]
        for key, text, _ in REFUSED:
            with pytest.raises(psycopg.Error):
                conn.execute(f"SELECT {quote_literal(text)}::{type_sql(_type(key))}")  # type: ignore[arg-type]
