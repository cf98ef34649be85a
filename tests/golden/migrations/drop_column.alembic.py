"""products.legacy_code goes

Revision ID: drop_column01
Revises:
Create Date: 2026-01-01 00:00:00+00:00

"""

from collections.abc import Sequence

from alembic import op

# revision identifiers, used by Alembic.
revision: str = "drop_column01"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    # WARNING: destructive steps below can lose data.
    # WARNING: irreversible steps below: downgrade() cannot give their data back.

    # In a transaction:
    op.execute("SET CONSTRAINTS ALL IMMEDIATE")

    # removed column products.legacy_code
    # WARNING: this step can lose data.
    # ACCESS EXCLUSIVE lock on products, brief (catalog only); can lose data: the column's values
    # (the down script cannot give them back)
    # DESTRUCTIVE: the data it drops cannot be given back by a rollback
    op.execute("ALTER TABLE products DROP COLUMN legacy_code")


def downgrade() -> None:
    """Downgrade schema."""
    # WARNING: irreversible steps below: upgrade() cannot give their data back.

    # In a transaction:
    op.execute("SET CONSTRAINTS ALL IMMEDIATE")

    # added column products.legacy_code text
    # ACCESS EXCLUSIVE lock on products, brief (catalog only)
    # IRREVERSIBLE: this recreates the structure only; the data the other direction dropped does not
    # come back
    op.execute("ALTER TABLE products ADD COLUMN legacy_code text")
    op.execute("COMMENT ON COLUMN products.legacy_code IS 'From the old shop; unused.'")
