"""products.description becomes required

Revision ID: set_not_null01
Revises:
Create Date: 2026-01-01 00:00:00+00:00

"""

from collections.abc import Sequence

from alembic import op

# revision identifiers, used by Alembic.
revision: str = "set_not_null01"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    # In a transaction:
    op.execute("SET CONSTRAINTS ALL IMMEDIATE")

    # made products.description NOT NULL
    # ACCESS EXCLUSIVE lock on products, brief (catalog only)
    # safe form: a NOT VALID check now, validated after the COMMIT under a lock that lets writes go
    # on; SET NOT NULL then skips its scan
    op.execute(
        "ALTER TABLE products ADD CONSTRAINT products_description_not_null CHECK (description IS "
        "NOT NULL) NOT VALID"
    )

    # After the commit, each statement on its own: CONCURRENTLY cannot run in a transaction, and a
    # VALIDATE run alone holds only its weaker lock.
    # autocommit_block() commits the work above, then runs each statement on its own.
    with op.get_context().autocommit_block():
        # made products.description NOT NULL: the check validated
        # SHARE UPDATE EXCLUSIVE lock on products for a full scan of the table: reads and writes go
        # on; fails on rows that break the check
        op.execute("ALTER TABLE products VALIDATE CONSTRAINT products_description_not_null")

    # Then what needs the steps above: the constraints that use the indexes built, NOT NULL proved
    # by the validated checks.
    # In a transaction:
    op.execute("SET CONSTRAINTS ALL IMMEDIATE")

    # made products.description NOT NULL: NOT NULL set, the check dropped
    # ACCESS EXCLUSIVE lock on products, brief (catalog only)
    op.execute("ALTER TABLE products ALTER COLUMN description SET NOT NULL")
    op.execute("ALTER TABLE products DROP CONSTRAINT products_description_not_null")


def downgrade() -> None:
    """Downgrade schema."""
    # In a transaction:
    op.execute("SET CONSTRAINTS ALL IMMEDIATE")

    # made products.description nullable
    # ACCESS EXCLUSIVE lock on products, brief (catalog only)
    op.execute("ALTER TABLE products ALTER COLUMN description DROP NOT NULL")
