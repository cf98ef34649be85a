"""Partitions and owned sequences follow a rename and go with a drop, as in PostgreSQL."""

from designer.operations.references import drop_column, drop_table, rename_column, rename_table
from designer.schema.model import QName
from tests.support.carrying import CUSTOMER, PAYMENT, carrying_schema


def _table(schema, name):
    return schema.table(QName("public", name))


def test_a_renamed_parent_is_its_partitions_parent():
    schema = carrying_schema()
    payment = _table(schema, "payment")
    renamed = rename_table(schema, payment.id, QName("public", "payments"))
    assert _table(renamed, "payment_2026").partition_of == QName("public", "payments")


def test_a_dropped_parent_takes_its_partitions():
    schema = carrying_schema()
    dropped = drop_table(schema, _table(schema, "payment").id)
    assert {table.name for table in dropped.tables} == {"customer"}
    assert dropped.relationships == ()


def test_a_column_renamed_or_dropped_in_the_parent_is_in_its_partitions():
    schema = carrying_schema()
    payment = _table(schema, "payment")
    renamed = rename_column(schema, payment.id, "paid_on", "paid_at")
    assert _table(renamed, "payment_2026").column_names == ("customer_id", "paid_at")
    column = payment.column("paid_on")
    dropped = drop_column(schema, payment.id, column.id)
    assert _table(dropped, "payment_2026").column_names == ("customer_id",)


def test_an_owned_sequence_follows_its_column_and_goes_with_it():
    schema = carrying_schema()
    customer = _table(schema, "customer")
    renamed = rename_table(schema, customer.id, QName("public", "client"))
    assert renamed.sequences[0].owned_by == (QName("public", "client"), "number")
    renamed = rename_column(schema, customer.id, "number", "client_number")
    assert renamed.sequences[0].owned_by == (CUSTOMER, "client_number")
    assert drop_column(schema, customer.id, customer.column("number").id).sequences == ()
    assert drop_table(schema, customer.id).sequences == ()
    assert PAYMENT in {table.qname for table in drop_table(schema, customer.id).tables}


def test_a_field_added_or_retyped_on_the_parent_is_so_in_its_partitions():
    from designer.operations import AddField, EditField, run

    schema = carrying_schema()
    payment = _table(schema, "payment")
    added = run(schema, [AddField(payment.id, {"name": "note", "data_type": "text"})]).after
    partition = _table(added, "payment_2026")
    assert partition.column_names == ("customer_id", "paid_on", "note")
    assert partition.column("note").type == _table(added, "payment").column("note").type
    retyped = run(
        added,
        [
            EditField(
                _table(added, "payment").column("note").id, {"data_type": "varchar", "length": 40}
            )
        ],
    ).after
    assert _table(retyped, "payment_2026").column("note").type.base == "varchar"


def test_a_partition_without_its_parents_columns_is_refused():
    from dataclasses import replace

    from designer.schema.validation import validate

    schema = carrying_schema()
    partition = _table(schema, "payment_2026")
    shorter = replace(partition, columns=partition.columns[:1])
    problems = validate(replace(schema, tables=(*schema.tables[:2], shorter)))
    assert any("it lacks paid_on" in str(problem) for problem in problems)
