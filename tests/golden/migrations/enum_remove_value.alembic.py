"""order status loses 'cancelled' (such orders become 'pending')

Revision ID: enum_remove_value01
Revises:
Create Date: 2026-01-01 00:00:00+00:00

"""

from collections.abc import Sequence

from alembic import op

# revision identifiers, used by Alembic.
revision: str = "enum_remove_value01"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    # WARNING: destructive steps below can lose data.
    # WARNING: irreversible steps below: downgrade() cannot give their data back.

    # In a transaction:
    op.execute("SET CONSTRAINTS ALL IMMEDIATE")

    # removed value 'cancelled' from enum type order_status
    # WARNING: this step can lose data.
    # rebuilt: PostgreSQL cannot remove or reorder enum values in place
    # fails if a row holds a removed value: map those rows to a kept value first
    # ACCESS EXCLUSIVE lock on orders for a full rewrite of the table and its indexes: takes time on
    # a big table; can lose data: whatever the USING expression does not carry over; fails on values
    # the USING expression cannot convert
    # DESTRUCTIVE: the data it drops cannot be given back by a rollback
    op.execute("CREATE TYPE order_status__new AS ENUM ('pending', 'paid', 'shipped', 'delivered')")
    op.execute("ALTER TABLE orders ALTER COLUMN status DROP DEFAULT")
    op.execute(
        "ALTER TABLE orders ALTER COLUMN status TYPE order_status__new USING "
        "status::text::order_status__new"
    )
    op.execute("ALTER TABLE orders ALTER COLUMN status SET DEFAULT 'pending'")
    op.execute("DROP TYPE order_status")
    op.execute("ALTER TYPE order_status__new RENAME TO order_status")


def downgrade() -> None:
    """Downgrade schema."""
    # WARNING: irreversible steps below: upgrade() cannot give their data back.

    # In a transaction:
    op.execute("SET CONSTRAINTS ALL IMMEDIATE")

    # added value 'cancelled' to enum type order_status
    # no lock on a table, brief (catalog only)
    # IRREVERSIBLE: this recreates the structure only; the data the other direction dropped does not
    # come back
    op.execute("ALTER TYPE order_status ADD VALUE 'cancelled' AFTER 'delivered'")
