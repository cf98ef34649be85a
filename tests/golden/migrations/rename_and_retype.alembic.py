"""products.stock becomes units_in_stock, a bigint

Revision ID: rename_and_retype01
Revises:
Create Date: 2026-01-01 00:00:00+00:00

"""

from collections.abc import Sequence

from alembic import op

# revision identifiers, used by Alembic.
revision: str = "rename_and_retype01"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    # In a transaction:
    op.execute("SET CONSTRAINTS ALL IMMEDIATE")

    # renamed column products.stock to products.units_in_stock
    # ACCESS EXCLUSIVE lock on products, brief (catalog only)
    op.execute("ALTER TABLE products RENAME COLUMN stock TO units_in_stock")

    # changed products.units_in_stock from integer to bigint
    # ACCESS EXCLUSIVE lock on products for a full rewrite of the table and its indexes: takes time
    # on a big table
    # a new storage size
    # REWRITES the table: plan it for a quiet moment
    op.execute("ALTER TABLE products ALTER COLUMN units_in_stock DROP DEFAULT")
    op.execute("ALTER TABLE products ALTER COLUMN units_in_stock TYPE bigint")
    op.execute("ALTER TABLE products ALTER COLUMN units_in_stock SET DEFAULT 0")


def downgrade() -> None:
    """Downgrade schema."""
    # WARNING: destructive steps below can lose data.
    # WARNING: irreversible steps below: upgrade() cannot give their data back.

    # In a transaction:
    op.execute("SET CONSTRAINTS ALL IMMEDIATE")

    # renamed column products.units_in_stock to products.stock
    # ACCESS EXCLUSIVE lock on products, brief (catalog only)
    op.execute("ALTER TABLE products RENAME COLUMN units_in_stock TO stock")

    # changed products.stock from bigint to integer
    # WARNING: this step can lose data.
    # IRREVERSIBLE: upgrade() cannot give back the data this step drops.
    # ACCESS EXCLUSIVE lock on products for a full rewrite of the table and its indexes: takes time
    # on a big table; fails on values that do not fit the new type
    # a new storage size
    # REWRITES the table: plan it for a quiet moment
    # DESTRUCTIVE: a narrower type: values that do not fit make it fail, or are cut or rounded
    # (numeric scale, time precision) — a rollback cannot give back what was rounded
    op.execute("ALTER TABLE products ALTER COLUMN stock DROP DEFAULT")
    op.execute("ALTER TABLE products ALTER COLUMN stock TYPE integer")
    op.execute("ALTER TABLE products ALTER COLUMN stock SET DEFAULT 0")
