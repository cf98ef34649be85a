"""orders.reference (digits kept as text) becomes integer

Revision ID: text_to_integer01
Revises:
Create Date: 2026-01-01 00:00:00+00:00

"""

from collections.abc import Sequence

from alembic import op

# revision identifiers, used by Alembic.
revision: str = "text_to_integer01"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    # WARNING: destructive steps below can lose data.
    # WARNING: irreversible steps below: downgrade() cannot give their data back.

    # In a transaction:
    op.execute("SET CONSTRAINTS ALL IMMEDIATE")

    # changed orders.reference from text to integer
    # WARNING: this step can lose data.
    # ACCESS EXCLUSIVE lock on orders for a full rewrite of the table and its indexes: takes time on
    # a big table; can lose data: whatever the USING expression does not carry over; fails on values
    # the USING expression cannot convert
    # no assignment cast
    # REWRITES the table: plan it for a quiet moment
    # DESTRUCTIVE: a narrower type: values that do not fit make it fail, or are cut or rounded
    # (numeric scale, time precision) — a rollback cannot give back what was rounded
    op.execute(
        "ALTER TABLE orders ALTER COLUMN reference TYPE integer USING reference::text::integer"
    )


def downgrade() -> None:
    """Downgrade schema."""
    # WARNING: irreversible steps below: upgrade() cannot give their data back.

    # In a transaction:
    op.execute("SET CONSTRAINTS ALL IMMEDIATE")

    # changed orders.reference from integer to text
    # ACCESS EXCLUSIVE lock on orders for a full rewrite of the table and its indexes: takes time on
    # a big table
    # the values' text form
    # REWRITES the table: plan it for a quiet moment
    # IRREVERSIBLE: this recreates the structure only; the data the other direction dropped does not
    # come back
    op.execute("ALTER TABLE orders ALTER COLUMN reference TYPE text")
