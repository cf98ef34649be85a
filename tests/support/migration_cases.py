"""Named migration cases: one small shop design (v1) and the changes people make to it.

``BASE`` is built with the editor's operations, as a person would build it: customers,
products, orders and their items, an ``order_status`` enum type, a few indexes and the
foreign keys between them. Every object's id is fixed (``key("customers.email")``), so
that the migrations, their golden files and the benchmark are the same on every run.

Each ``Case`` is a v1 → v2 pair made with the operations the editor would send, plus what
the person adds by hand where the script asks for it: ``backfill`` fills the ``UPDATE``
template of a new ``NOT NULL`` column, ``data_fix`` maps the live rows first (a value
being removed, text that would not cast).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace

from designer.operations import (
    AddCheck,
    AddEntity,
    AddEnum,
    AddField,
    AddIndex,
    AddRelationship,
    AddUnique,
    DeleteField,
    EditEntity,
    EditEnum,
    EditField,
    EditRelationship,
    Operation,
    run,
)
from designer.schema.model import KeyStrategy, Schema

_NAMESPACE = uuid.UUID("5d1f3c2e-8a47-4b7e-9c1d-0f3a6b2e7c11")


def key(label: str) -> str:
    """The fixed id of the object ``label`` names (``"orders"``, ``"orders.status"``)."""
    return str(uuid.uuid5(_NAMESPACE, label))


@dataclass(frozen=True)
class Case:
    name: str
    description: str
    old: Schema
    new: Schema
    backfill: str = ""  # what the person writes in the backfill template
    data_fix: str = ""  # run on the live rows before the up, as the script's comments ask


def _field(table: str, name: str, data_type: str, **values) -> AddField:
    return AddField(
        key(table), {"name": name, "data_type": data_type, **values}, id=key(f"{table}.{name}")
    )


def _base() -> Schema:
    shop = Schema(name="shop", key_strategy=KeyStrategy.IDENTITY, timestamps_default=False)
    status = ("pending", "paid", "shipped", "delivered", "cancelled")
    operations: list[Operation] = [
        AddEnum("order_status", status, id=key("order_status")),
        AddEntity("customers", description="People who buy from the shop.", id=key("customers")),
        _field("customers", "email", "varchar", length=120, nullable=False),
        _field("customers", "name", "varchar", length=100, nullable=False),
        _field("customers", "street", "text"),
        _field("customers", "city", "varchar", length=80),
        _field("customers", "postal_code", "varchar", length=16),
        AddEntity("products", description="What the shop sells.", id=key("products")),
        _field("products", "sku", "varchar", length=64, nullable=False, unique=True),
        _field("products", "name", "varchar", length=200, nullable=False),
        _field("products", "description", "text"),
        _field("products", "price", "numeric", precision=10, scale=2, nullable=False),
        _field("products", "stock", "integer", nullable=False, default="0"),
        _field("products", "legacy_code", "text", description="From the old shop; unused."),
        AddEntity("orders", id=key("orders")),
        AddRelationship(
            key("orders"), key("customers"), on_delete="RESTRICT", id=key("orders.customer")
        ),
        _field(
            "orders",
            "status",
            "enum",
            enum_type=key("order_status"),
            nullable=False,
            default="'pending'",
        ),
        _field("orders", "reference", "text"),
        _field("orders", "total", "numeric", precision=12, scale=2, nullable=False),
        _field("orders", "placed_at", "timestamptz", nullable=False, default="now()"),
        EditEntity(key("orders"), {"timestamps": True}, id=key("orders.timestamps")),
        AddIndex(
            key("orders"),
            ({"column": "status"}, {"column": "placed_at"}),
            rationale="The queue of open orders, oldest first.",
            id=key("orders.queue"),
        ),
        AddEntity("order_items", description="The lines of an order.", id=key("order_items")),
        AddRelationship(
            key("order_items"), key("orders"), on_delete="RESTRICT", id=key("order_items.order")
        ),
        AddRelationship(
            key("order_items"), key("products"), on_delete="RESTRICT", id=key("order_items.product")
        ),
        _field(
            "order_items", "quantity", "integer", nullable=False, check_expression="quantity > 0"
        ),
        _field("order_items", "unit_price", "numeric", precision=10, scale=2, nullable=False),
    ]
    return run(shop, operations).after


BASE = _base()


def _edit(schema: Schema, operations: Sequence[Operation]) -> Schema:
    return run(schema, list(operations)).after


def _rename_index(schema: Schema, index_id: str, name: str) -> Schema:
    # The editor has no operation that renames an index (only add and delete, which
    # would be a drop and a create): the name is set on the model directly.
    tables = tuple(
        replace(
            t, indexes=tuple(replace(i, name=name) if i.id == index_id else i for i in t.indexes)
        )
        for t in schema.tables
    )
    return replace(schema, tables=tables)


def _enum_values(*values: str) -> EditEnum:
    return EditEnum(key("order_status"), {"values": values})


def _field_edit(label: str, **values) -> EditField:
    return EditField(key(label), values)


def _cases() -> dict[str, Case]:
    found: list[Case] = []

    def case(
        name: str, description: str, *operations: Operation, new: Schema | None = None, **hand: str
    ) -> None:
        after = new if new is not None else _edit(BASE, operations)
        found.append(Case(name, description, BASE, after, **hand))

    case(
        "rename_column",
        "customers.name becomes full_name",
        _field_edit("customers.name", name="full_name"),
    )
    case(
        "rename_table",
        "order_items becomes order_lines",
        EditEntity(key("order_items"), {"name": "order_lines"}),
    )
    case(
        "rename_index",
        "the orders queue index gets a name that says what it is for",
        new=_rename_index(BASE, key("orders.queue"), "ix_orders_open_queue"),
    )
    case(
        "rename_enum_value",
        "order status 'shipped' becomes 'dispatched'",
        _enum_values("pending", "paid", "dispatched", "delivered", "cancelled"),
    )
    case(
        "add_nullable_column",
        "customers get an optional phone number",
        _field("customers", "phone", "varchar", length=32),
    )
    case(
        "add_not_null_column",
        "products get a required weight, filled by hand for old rows",
        _field("products", "weight_grams", "integer", nullable=False),
        backfill="UPDATE products SET weight_grams = 500 WHERE weight_grams IS NULL;",
    )
    case(
        "add_not_null_column_with_default",
        "orders get a required currency, 'EUR' by default",
        _field("orders", "currency", "varchar", length=3, nullable=False, default="'EUR'"),
    )
    case(
        "enum_append_value",
        "order status gets 'refunded' at the end",
        _enum_values("pending", "paid", "shipped", "delivered", "cancelled", "refunded"),
    )
    case(
        "enum_remove_value",
        "order status loses 'cancelled' (such orders become 'pending')",
        _enum_values("pending", "paid", "shipped", "delivered"),
        data_fix="UPDATE orders SET status = 'pending' WHERE status = 'cancelled';",
    )
    case(
        "widen_integer_to_bigint",
        "products.stock becomes bigint",
        _field_edit("products.stock", data_type="bigint"),
    )
    case(
        "widen_varchar",
        "customers.email grows from varchar(120) to varchar(254)",
        _field_edit("customers.email", length=254),
    )
    case(
        "varchar_to_text",
        "products.name loses its length limit",
        _field_edit("products.name", data_type="text"),
    )
    case(
        "narrow_varchar",
        "products.sku shrinks from varchar(64) to varchar(32)",
        _field_edit("products.sku", length=32),
    )
    case(
        "text_to_integer",
        "orders.reference (digits kept as text) becomes integer",
        _field_edit("orders.reference", data_type="integer"),
        data_fix="UPDATE orders SET reference = (100000 + id)::text;",
    )
    case(
        "set_not_null",
        "products.description becomes required",
        _field_edit("products.description", nullable=False),
        data_fix="UPDATE products SET description = '' WHERE description IS NULL;",
    )
    case(
        "drop_not_null",
        "customers.name becomes optional (guest checkout)",
        _field_edit("customers.name", nullable=True),
    )
    case(
        "new_foreign_key",
        "orders (a big table) get an optional gift recipient → customers",
        AddRelationship(
            key("orders"),
            key("customers"),
            on_delete="SET NULL",
            required=False,
            column_name="recipient_id",
            id=key("orders.recipient"),
        ),
    )
    case(
        "change_on_delete",
        "deleting an order deletes its items (RESTRICT → CASCADE)",
        EditRelationship(key("order_items.order"), {"on_delete": "CASCADE"}),
    )
    case(
        "add_index",
        "orders get an index on placed_at for the daily report",
        AddIndex(
            key("orders"),
            ({"column": "placed_at"},),
            id=key("orders.by_day"),
            rationale="The daily sales report reads orders by day.",
        ),
    )
    case(
        "add_unique",
        "no two customers share an email",
        AddUnique(key("customers"), ("email",), id=key("customers.email_unique")),
    )
    case(
        "add_check",
        "prices cannot be negative",
        AddCheck(key("products"), "price >= 0", id=key("products.price_check")),
    )
    case("drop_column", "products.legacy_code goes", DeleteField(key("products.legacy_code")))
    case(
        "split_table",
        "the address moves from customers to a new customer_addresses table",
        AddEntity("customer_addresses", id=key("customer_addresses")),
        AddRelationship(
            key("customer_addresses"),
            key("customers"),
            on_delete="CASCADE",
            relationship_kind="one_to_one",
            id=key("customer_addresses.customer"),
        ),
        _field("customer_addresses", "street", "text"),
        _field("customer_addresses", "city", "varchar", length=80),
        _field("customer_addresses", "postal_code", "varchar", length=16),
        DeleteField(key("customers.street")),
        DeleteField(key("customers.city")),
        DeleteField(key("customers.postal_code")),
    )
    case(
        "move_to_schema",
        "products move to a new catalog schema",
        EditEntity(key("products"), {"schema_name": "catalog"}),
    )
    case(
        "rename_and_retype",
        "products.stock becomes units_in_stock, a bigint",
        _field_edit("products.stock", name="units_in_stock", data_type="bigint"),
    )
    return {item.name: item for item in found}


CASES: dict[str, Case] = _cases()
