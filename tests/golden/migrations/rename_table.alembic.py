"""order_items becomes order_lines

Revision ID: rename_table01
Revises:
Create Date: 2026-01-01 00:00:00+00:00

"""

from collections.abc import Sequence

from alembic import op

# revision identifiers, used by Alembic.
revision: str = "rename_table01"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    # In a transaction:
    op.execute("SET CONSTRAINTS ALL IMMEDIATE")

    # renamed table order_items to order_lines
    # ACCESS EXCLUSIVE lock on order_items, brief (catalog only)
    op.execute("ALTER TABLE order_items RENAME TO order_lines")

    # renamed primary key pk_order_items on order_lines to pk_order_lines
    # ACCESS EXCLUSIVE lock on order_lines, brief (catalog only)
    op.execute("ALTER TABLE order_lines RENAME CONSTRAINT pk_order_items TO pk_order_lines")

    # renamed check constraint ck_order_items_quantity on order_lines to ck_order_lines_quantity
    # ACCESS EXCLUSIVE lock on order_lines, brief (catalog only)
    op.execute(
        "ALTER TABLE order_lines RENAME CONSTRAINT ck_order_items_quantity TO "
        "ck_order_lines_quantity"
    )

    # renamed foreign key fk_order_items_order_id on order_lines to fk_order_lines_order_id
    # ACCESS EXCLUSIVE lock on order_lines, brief (catalog only)
    op.execute(
        "ALTER TABLE order_lines RENAME CONSTRAINT fk_order_items_order_id TO "
        "fk_order_lines_order_id"
    )

    # renamed foreign key fk_order_items_product_id on order_lines to fk_order_lines_product_id
    # ACCESS EXCLUSIVE lock on order_lines, brief (catalog only)
    op.execute(
        "ALTER TABLE order_lines RENAME CONSTRAINT fk_order_items_product_id TO "
        "fk_order_lines_product_id"
    )

    # renamed index ix_order_items_order_id on order_lines to ix_order_lines_order_id
    # SHARE UPDATE EXCLUSIVE lock on the index, brief (catalog only)
    op.execute("ALTER INDEX public.ix_order_items_order_id RENAME TO ix_order_lines_order_id")

    # renamed index ix_order_items_product_id on order_lines to ix_order_lines_product_id
    # SHARE UPDATE EXCLUSIVE lock on the index, brief (catalog only)
    op.execute("ALTER INDEX public.ix_order_items_product_id RENAME TO ix_order_lines_product_id")

    # renamed sequence order_items_id_seq on order_lines to order_lines_id_seq
    # ACCESS EXCLUSIVE lock on order_lines, brief (catalog only)
    op.execute("ALTER SEQUENCE public.order_items_id_seq RENAME TO order_lines_id_seq")

    # changed the comment of index ix_order_lines_order_id on order_lines from "Covers the foreign
    # key order_items(order_id) → orders: joins from orders and its ON DELETE checks read this index
    # instead of scanning order_items." to "Covers the foreign key order_lines(order_id) → orders:
    # joins from orders and its ON DELETE checks read this index instead of scanning order_lines."
    # SHARE UPDATE EXCLUSIVE lock on the index, brief (catalog only)
    op.execute(
        "COMMENT ON INDEX ix_order_lines_order_id IS 'Covers the foreign key order_lines(order_id) "
        "→ orders: joins from orders and its ON DELETE checks read this index instead of scanning "
        "order_lines.'"
    )

    # changed the comment of index ix_order_lines_product_id on order_lines from "Covers the foreign
    # key order_items(product_id) → products: joins from products and its ON DELETE checks read this
    # index instead of scanning order_items." to "Covers the foreign key order_lines(product_id) →
    # products: joins from products and its ON DELETE checks read this index instead of scanning
    # order_lines."
    # SHARE UPDATE EXCLUSIVE lock on the index, brief (catalog only)
    op.execute(
        "COMMENT ON INDEX ix_order_lines_product_id IS 'Covers the foreign key "
        "order_lines(product_id) → products: joins from products and its ON DELETE checks read "
        "this index instead of scanning order_lines.'"
    )


def downgrade() -> None:
    """Downgrade schema."""
    # In a transaction:
    op.execute("SET CONSTRAINTS ALL IMMEDIATE")

    # renamed table order_lines to order_items
    # ACCESS EXCLUSIVE lock on order_lines, brief (catalog only)
    op.execute("ALTER TABLE order_lines RENAME TO order_items")

    # renamed primary key pk_order_lines on order_items to pk_order_items
    # ACCESS EXCLUSIVE lock on order_items, brief (catalog only)
    op.execute("ALTER TABLE order_items RENAME CONSTRAINT pk_order_lines TO pk_order_items")

    # renamed check constraint ck_order_lines_quantity on order_items to ck_order_items_quantity
    # ACCESS EXCLUSIVE lock on order_items, brief (catalog only)
    op.execute(
        "ALTER TABLE order_items RENAME CONSTRAINT ck_order_lines_quantity TO "
        "ck_order_items_quantity"
    )

    # renamed foreign key fk_order_lines_order_id on order_items to fk_order_items_order_id
    # ACCESS EXCLUSIVE lock on order_items, brief (catalog only)
    op.execute(
        "ALTER TABLE order_items RENAME CONSTRAINT fk_order_lines_order_id TO "
        "fk_order_items_order_id"
    )

    # renamed foreign key fk_order_lines_product_id on order_items to fk_order_items_product_id
    # ACCESS EXCLUSIVE lock on order_items, brief (catalog only)
    op.execute(
        "ALTER TABLE order_items RENAME CONSTRAINT fk_order_lines_product_id TO "
        "fk_order_items_product_id"
    )

    # renamed index ix_order_lines_order_id on order_items to ix_order_items_order_id
    # SHARE UPDATE EXCLUSIVE lock on the index, brief (catalog only)
    op.execute("ALTER INDEX public.ix_order_lines_order_id RENAME TO ix_order_items_order_id")

    # renamed index ix_order_lines_product_id on order_items to ix_order_items_product_id
    # SHARE UPDATE EXCLUSIVE lock on the index, brief (catalog only)
    op.execute("ALTER INDEX public.ix_order_lines_product_id RENAME TO ix_order_items_product_id")

    # renamed sequence order_lines_id_seq on order_items to order_items_id_seq
    # ACCESS EXCLUSIVE lock on order_items, brief (catalog only)
    op.execute("ALTER SEQUENCE public.order_lines_id_seq RENAME TO order_items_id_seq")

    # changed the comment of index ix_order_items_order_id on order_items from "Covers the foreign
    # key order_lines(order_id) → orders: joins from orders and its ON DELETE checks read this index
    # instead of scanning order_lines." to "Covers the foreign key order_items(order_id) → orders:
    # joins from orders and its ON DELETE checks read this index instead of scanning order_items."
    # SHARE UPDATE EXCLUSIVE lock on the index, brief (catalog only)
    op.execute(
        "COMMENT ON INDEX ix_order_items_order_id IS 'Covers the foreign key order_items(order_id) "
        "→ orders: joins from orders and its ON DELETE checks read this index instead of scanning "
        "order_items.'"
    )

    # changed the comment of index ix_order_items_product_id on order_items from "Covers the foreign
    # key order_lines(product_id) → products: joins from products and its ON DELETE checks read this
    # index instead of scanning order_lines." to "Covers the foreign key order_items(product_id) →
    # products: joins from products and its ON DELETE checks read this index instead of scanning
    # order_items."
    # SHARE UPDATE EXCLUSIVE lock on the index, brief (catalog only)
    op.execute(
        "COMMENT ON INDEX ix_order_items_product_id IS 'Covers the foreign key "
        "order_items(product_id) → products: joins from products and its ON DELETE checks read "
        "this index instead of scanning order_items.'"
    )
