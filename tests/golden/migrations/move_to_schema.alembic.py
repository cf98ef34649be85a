"""products move to a new catalog schema

Revision ID: move_to_schema01
Revises:
Create Date: 2026-01-01 00:00:00+00:00

"""

from collections.abc import Sequence

from alembic import op

# revision identifiers, used by Alembic.
revision: str = "move_to_schema01"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    # In a transaction:
    op.execute("SET CONSTRAINTS ALL IMMEDIATE")

    # added schema catalog
    # no lock on a table, brief (catalog only)
    op.execute("CREATE SCHEMA IF NOT EXISTS catalog")

    # moved table products from schema public to catalog
    # ACCESS EXCLUSIVE lock on catalog.products, brief (catalog only)
    op.execute("ALTER TABLE products SET SCHEMA catalog")


def downgrade() -> None:
    """Downgrade schema."""
    # In a transaction:
    op.execute("SET CONSTRAINTS ALL IMMEDIATE")

    # moved table products from schema catalog to public
    # ACCESS EXCLUSIVE lock on products, brief (catalog only)
    op.execute("ALTER TABLE catalog.products SET SCHEMA public")

    # removed schema catalog
    # no lock on a table, brief (catalog only); fails on objects still in the schema (without
    # CASCADE)
    op.execute("DROP SCHEMA catalog")
