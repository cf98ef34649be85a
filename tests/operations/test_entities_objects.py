"""An entity a view (or another object kept as SQL) reads is not deleted or renamed under
it (``designer.operations.objects.refuse_breaking_reads``)."""

from __future__ import annotations

import pytest

from designer.operations import (
    AddSqlObject,
    DeleteEntity,
    EditEntity,
    Invalid,
    RemoveSqlObject,
    run,
)
from tests.support.migration_cases import BASE, key

TOTALS = AddSqlObject(
    "CREATE VIEW order_totals AS SELECT o.id, o.total FROM orders o;", id=key("v")
)


@pytest.fixture
def schema():
    return run(BASE, [TOTALS]).after


@pytest.mark.parametrize(
    ("operation", "field"),
    [
        (DeleteEntity(key("orders")), None),
        (EditEntity(key("orders"), {"name": "purchases"}), "name"),
        (EditEntity(key("orders"), {"schema_name": "sales"}), "name"),
    ],
)
def test_an_entity_a_view_reads_is_not_deleted_or_renamed(schema, operation, field):
    with pytest.raises(Invalid) as refused:
        run(schema, [operation])
    assert refused.value.message == "The view order_totals reads orders: change or remove it first."
    assert refused.value.field == field


def test_the_rest_of_the_design_stays_editable(schema):
    outcome = run(
        schema,
        [
            EditEntity(key("orders"), {"description": "What was bought."}),
            EditEntity(key("products"), {"name": "articles"}),
            DeleteEntity(key("order_items")),
        ],
    )
    assert outcome.after.sql_objects == schema.sql_objects


def test_without_the_view_the_entity_goes(schema):
    after = run(schema, [RemoveSqlObject(key("v")), DeleteEntity(key("order_items"))]).after
    after = run(after, [DeleteEntity(key("orders"))]).after
    assert "orders" not in {table.name for table in after.tables}
