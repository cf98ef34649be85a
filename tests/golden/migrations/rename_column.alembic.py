"""customers.name becomes full_name

Revision ID: rename_column01
Revises:
Create Date: 2026-01-01 00:00:00+00:00

"""

from collections.abc import Sequence

from alembic import op

# revision identifiers, used by Alembic.
revision: str = "rename_column01"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    # In a transaction:
    op.execute("SET CONSTRAINTS ALL IMMEDIATE")

    # renamed column customers.name to customers.full_name
    # ACCESS EXCLUSIVE lock on customers, brief (catalog only)
    op.execute("ALTER TABLE customers RENAME COLUMN name TO full_name")


def downgrade() -> None:
    """Downgrade schema."""
    # In a transaction:
    op.execute("SET CONSTRAINTS ALL IMMEDIATE")

    # renamed column customers.full_name to customers.name
    # ACCESS EXCLUSIVE lock on customers, brief (catalog only)
    op.execute("ALTER TABLE customers RENAME COLUMN full_name TO name")
