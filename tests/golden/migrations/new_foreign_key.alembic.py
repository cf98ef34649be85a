"""orders (a big table) get an optional gift recipient → customers

Revision ID: new_foreign_key01
Revises:
Create Date: 2026-01-01 00:00:00+00:00

"""

from collections.abc import Sequence

from alembic import op

# revision identifiers, used by Alembic.
revision: str = "new_foreign_key01"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    # In a transaction:
    op.execute("SET CONSTRAINTS ALL IMMEDIATE")

    # added column orders.recipient_id bigint
    # ACCESS EXCLUSIVE lock on orders, brief (catalog only)
    op.execute("ALTER TABLE orders ADD COLUMN recipient_id bigint")
    op.execute("COMMENT ON COLUMN orders.recipient_id IS 'References customers.id.'")

    # added foreign key fk_orders_recipient_id on orders (recipient_id) → customers (id) ON DELETE
    # SET NULL ON UPDATE NO ACTION
    # SHARE ROW EXCLUSIVE lock on orders and SHARE ROW EXCLUSIVE lock on customers, brief (catalog
    # only)
    # safe form: NOT VALID now, VALIDATE after the COMMIT: writes go on while existing rows are
    # checked
    op.execute(
        "ALTER TABLE orders\n"
        "    ADD CONSTRAINT fk_orders_recipient_id FOREIGN KEY (recipient_id) REFERENCES customers "
        "(id) ON DELETE SET NULL NOT VALID"
    )

    # After the commit, each statement on its own: CONCURRENTLY cannot run in a transaction, and a
    # VALIDATE run alone holds only its weaker lock.
    # autocommit_block() commits the work above, then runs each statement on its own.
    with op.get_context().autocommit_block():
        # added foreign key fk_orders_recipient_id on orders (recipient_id) → customers (id) ON
        # DELETE SET NULL ON UPDATE NO ACTION: validated
        # SHARE UPDATE EXCLUSIVE lock on orders and ROW SHARE lock on customers for a full scan of
        # the table: reads and writes go on; fails on rows whose key has no match in the referenced
        # table
        op.execute("ALTER TABLE orders VALIDATE CONSTRAINT fk_orders_recipient_id")

        # added index ix_orders_recipient_id on orders btree (recipient_id)
        # SHARE UPDATE EXCLUSIVE lock on orders for an index build (a full scan and a sort): reads
        # and writes go on; cannot run inside a transaction block
        # safe form: CONCURRENTLY does not block writes; it runs after the COMMIT
        op.execute("CREATE INDEX CONCURRENTLY ix_orders_recipient_id ON orders (recipient_id)")
        op.execute(
            "COMMENT ON INDEX ix_orders_recipient_id IS 'Covers the foreign key "
            "orders(recipient_id) → customers: joins from customers and its ON DELETE checks read "
            "this index instead of scanning orders.'"
        )


def downgrade() -> None:
    """Downgrade schema."""
    # WARNING: destructive steps below can lose data.
    # WARNING: irreversible steps below: upgrade() cannot give their data back.

    # In a transaction:
    op.execute("SET CONSTRAINTS ALL IMMEDIATE")

    # removed foreign key fk_orders_recipient_id from orders
    # ACCESS EXCLUSIVE lock on orders and ACCESS EXCLUSIVE lock on customers, brief (catalog only)
    op.execute("ALTER TABLE orders DROP CONSTRAINT IF EXISTS fk_orders_recipient_id")

    # removed index ix_orders_recipient_id from orders
    # ACCESS EXCLUSIVE lock on orders, brief (catalog only)
    op.execute("DROP INDEX IF EXISTS ix_orders_recipient_id")

    # removed column orders.recipient_id
    # WARNING: this step can lose data.
    # IRREVERSIBLE: upgrade() cannot give back the data this step drops.
    # ACCESS EXCLUSIVE lock on orders, brief (catalog only); can lose data: the column's values (the
    # down script cannot give them back)
    # DESTRUCTIVE: the data it drops cannot be given back by a rollback
    op.execute("ALTER TABLE orders DROP COLUMN recipient_id")
