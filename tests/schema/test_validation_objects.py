"""Validation of domains, sequences, partitions and what calls the schema's own objects."""

from __future__ import annotations

from dataclasses import replace

import pytest

from designer.schema.model import (
    CheckConstraint,
    Column,
    ColumnType,
    Domain,
    Index,
    IndexElement,
    PrimaryKey,
    QName,
    Schema,
    Sequence,
    Table,
)
from designer.schema.sql_objects import describe
from designer.schema.validation import validate

YEAR = Domain("d1", "year", ColumnType("integer"), checks=(CheckConstraint("k1", "VALUE >= 1901"),))
T = QName("public", "t")


def table(*columns: Column, **changes) -> Table:
    base = Table("t1", "t", columns or (Column("c1", "a", ColumnType("integer")),))
    return replace(base, **changes)


def messages(schema: Schema) -> list[str]:
    return [problem.message for problem in validate(schema)]


def test_a_column_of_a_domain_is_accepted_when_it_repeats_the_domains_type():
    column = Column("c1", "y", ColumnType("integer", domain=YEAR.qname))
    assert messages(Schema(domains=(YEAR,), tables=(table(column),))) == []


@pytest.mark.parametrize(
    "column_type, message",
    [
        (ColumnType("integer", domain=QName("public", "nope")), "the domain nope does not exist"),
        (ColumnType("bigint", domain=YEAR.qname), "must be the type of the domain year"),
    ],
)
def test_a_column_naming_an_unknown_domain_or_another_type_is_refused(column_type, message):
    schema = Schema(domains=(YEAR,), tables=(table(Column("c1", "y", column_type)),))
    assert any(message in text for text in messages(schema))


@pytest.mark.parametrize(
    "check, message",
    [
        ("a > 0", "a domain's check reads VALUE, not 'a'"),
        ("VALUE > 'x'", "'x'"),
        ("VALUE > 0; DROP TABLE t", "semicolon"),
    ],
)
def test_a_domains_check_reads_value_and_is_one_expression_postgresql_accepts(check, message):
    domain = replace(YEAR, checks=(CheckConstraint("k1", check),))
    assert any(message in text for text in messages(Schema(domains=(domain,))))


def test_a_domain_may_not_take_the_name_of_a_table_or_enum():
    domain = replace(YEAR, name="t")
    assert "an enum type or a table (its row type) has this name" in messages(
        Schema(domains=(domain,), tables=(table(),))
    )


def test_sequences_and_the_defaults_that_read_them():
    users = Sequence("s1", "users_seq", owned_by=(T, "a"))
    column = Column("c1", "a", ColumnType("bigint"), default="nextval('users_seq'::text)")
    regclass = replace(column, default="nextval('public.users_seq'::regclass)")
    assert messages(Schema(sequences=(users,), tables=(table(column),))) == []
    assert messages(Schema(sequences=(users,), tables=(table(regclass),))) == []
    # a sequence the schema does not have: PostgreSQL would not find it
    assert messages(Schema(tables=(table(column),))) != []
    orphan = replace(users, owned_by=(T, "nope"))
    assert "it is owned by t.nope, which does not exist" in messages(
        Schema(sequences=(orphan,), tables=(table(),))
    )
    assert "the increment cannot be zero" in messages(
        Schema(sequences=(replace(users, increment=0, owned_by=None),))
    )


def test_what_calls_a_function_of_the_schema_is_accepted_an_index_only_if_immutable():
    volatile = describe(
        "CREATE FUNCTION code() RETURNS text LANGUAGE sql AS 'SELECT 1::text';", id="f1"
    )
    fixed = describe("CREATE FUNCTION ok(text) RETURNS boolean LANGUAGE sql IMMUTABLE "
                     "AS 'SELECT true';", id="f2")  # fmt: skip
    column = Column("c1", "a", ColumnType("text"), default="code()", check="ok(a)")
    schema = Schema(sql_objects=(volatile, fixed), tables=(table(column),))
    assert messages(schema) == []
    assert messages(replace(schema, sql_objects=())) != []  # unknown functions
    index = Index("i1", (IndexElement(expression="code()"),), name="t_code")
    refused = replace(schema, tables=(table(column, indexes=(index,)),))
    assert any("code()" in text for text in messages(refused))
    index = Index("i1", (IndexElement(column="a"),), name="t_a", where="ok(a)")
    assert messages(replace(schema, tables=(table(column, indexes=(index,)),))) == []


def test_partitions_name_a_partitioned_parent_and_their_bound():
    key = Column("c1", "a", ColumnType("integer"), nullable=False)
    parent = table(key, partition_by="RANGE (a)", primary_key=PrimaryKey(("a",)))
    child = Table(
        "t2",
        "t_1",
        (replace(key, id="c2"),),
        partition_of=T,
        partition_bound="FOR VALUES FROM (1) TO (10)",
    )
    assert messages(Schema(tables=(parent, child))) == []
    plain = replace(parent, partition_by=None)
    assert "t is not partitioned (it has no PARTITION BY)" in messages(
        Schema(tables=(plain, child))
    )
    assert "the table t does not exist" in messages(Schema(tables=(child,)))
    unbound = replace(child, partition_bound=None)
    assert "a partition needs its bound (FOR VALUES ... or DEFAULT)" in messages(
        Schema(tables=(parent, unbound))
    )


@pytest.mark.parametrize(
    "changes",
    [
        {"partition_by": "RANGE (a); DROP TABLE users"},
        {"partition_by": "RANGE (a) -- x"},
        {"partition_by": "nonsense"},
    ],
)
def test_a_partition_key_is_exactly_that_clause(changes):
    schema = Schema(tables=(table(**changes),))
    assert any("the partition key" in text for text in messages(schema))


def test_a_partition_bound_is_exactly_that_clause():
    key = Column("c1", "a", ColumnType("integer"))
    parent = table(key, partition_by="LIST (a)")
    for bound in ("DEFAULT; DROP TABLE t", "FOR VALUES IN (1) /* x */", "VALUES"):
        child = Table("t2", "t_1", (replace(key, id="c2"),), partition_of=T, partition_bound=bound)
        assert any(
            "the partition bound" in text for text in messages(Schema(tables=(parent, child)))
        )


def test_a_not_valid_foreign_key_from_a_partitioned_table_is_refused():
    from dataclasses import replace

    from tests.support.carrying import carrying_schema

    schema = carrying_schema()
    assert validate(schema) == []
    (relationship,) = schema.relationships
    refused = replace(schema, relationships=(replace(relationship, not_valid=True),))
    problems = [str(problem) for problem in validate(refused)]
    assert any("cannot add a NOT VALID foreign key to the partitioned table" in p for p in problems)
