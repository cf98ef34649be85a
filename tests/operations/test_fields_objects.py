"""A field a view (or another object kept as SQL) reads is not deleted, renamed or
retyped under it: the step is refused at the input it is about, naming the objects. One
rule (``designer.operations.objects.refuse_breaking_reads``), for every operation."""

from __future__ import annotations

from dataclasses import replace

import pytest

from designer.operations import (
    AddSqlObject,
    DeleteField,
    EditField,
    Invalid,
    MoveField,
    RemoveSqlObject,
    run,
)
from designer.schema.model import ColumnType, Domain, QName
from tests.support.migration_cases import BASE, key

TOTALS = AddSqlObject(
    "CREATE VIEW order_totals AS\n"
    "SELECT o.id, o.total, c.email FROM orders o JOIN customers c ON c.id = o.customer_id;",
    id=key("v"),
)
COUNT = AddSqlObject(
    "CREATE FUNCTION big_orders() RETURNS bigint LANGUAGE plpgsql AS $$\n"
    "BEGIN RETURN (SELECT count(*) FROM orders WHERE total > 100); END $$;",
    id=key("f"),
)
READS_TOTAL = "reads orders.total: change or remove it first."


@pytest.fixture
def schema():
    return run(BASE, [TOTALS]).after


@pytest.mark.parametrize(
    ("operation", "field"),
    [
        (DeleteField(key("orders.total")), None),
        (EditField(key("orders.total"), {"name": "amount"}), "name"),
        (EditField(key("orders.total"), {"data_type": "integer"}), "data_type"),
        (EditField(key("orders.total"), {"precision": 14}), "data_type"),
    ],
)
def test_a_field_a_view_reads_is_not_deleted_renamed_or_retyped(schema, operation, field):
    with pytest.raises(Invalid) as refused:
        run(schema, [operation])
    assert refused.value.message == f"The view order_totals {READS_TOTAL}"
    assert refused.value.field == field


def test_the_objects_reading_it_are_all_named(schema):
    schema = run(schema, [COUNT]).after
    with pytest.raises(Invalid) as refused:
        run(schema, [DeleteField(key("orders.total"))])
    assert refused.value.message == (
        "The view order_totals and the function big_orders() read orders.total: "
        "change or remove them first."
    )


def test_what_the_objects_do_not_read_stays_editable(schema):
    outcome = run(
        schema,
        [
            EditField(key("orders.total"), {"description": "With taxes.", "nullable": True}),
            EditField(key("orders.reference"), {"name": "ref", "data_type": "varchar"}),
            MoveField(key("orders.total"), -1),
            DeleteField(key("orders.placed_at")),
            DeleteField(key("products.price")),  # another table's column of a name it reads
        ],
    )
    assert outcome.after.sql_objects == schema.sql_objects


def test_without_the_view_the_field_goes(schema):
    after = run(schema, [RemoveSqlObject(key("v")), DeleteField(key("orders.total"))]).after
    assert "total" not in after.table(QName("public", "orders")).columns_by_name


def test_editing_a_field_of_a_domain_keeps_the_domain():
    year = Domain(key("year"), "year", ColumnType("integer"))
    orders = BASE.table(QName("public", "orders"))
    tables = tuple(
        replace(
            table,
            columns=tuple(
                replace(column, type=ColumnType("integer", domain=year.qname))
                if column.name == "reference"
                else column
                for column in table.columns
            ),
        )
        if table.id == orders.id
        else table
        for table in BASE.tables
    )
    schema = replace(BASE, domains=(year,), tables=tables)
    field = key("orders.reference")
    values = {"data_type": "integer", "description": "Kept.", "nullable": False}
    after = run(schema, [EditField(field, values)]).after
    column = after.table(orders.qname).columns_by_name["reference"]
    assert column.type.domain == year.qname and column.description == "Kept."
    after = run(schema, [EditField(field, {"data_type": "bigint"})]).after
    assert after.table(orders.qname).columns_by_name["reference"].type == ColumnType("bigint")
