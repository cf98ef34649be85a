"""products get a required weight, filled by hand for old rows

Revision ID: add_not_null_column01
Revises:
Create Date: 2026-01-01 00:00:00+00:00

"""

from collections.abc import Sequence

from alembic import op

# revision identifiers, used by Alembic.
revision: str = "add_not_null_column01"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    # In a transaction:
    op.execute("SET CONSTRAINTS ALL IMMEDIATE")

    # added column products.weight_grams integer NOT NULL
    # ACCESS EXCLUSIVE lock on products, brief (catalog only)
    # safe form: added nullable, filled, then proved NOT NULL by a check validated after the COMMIT
    op.execute("ALTER TABLE products ADD COLUMN weight_grams integer")

    # added column products.weight_grams integer NOT NULL: its NULLs checked from now on
    # ACCESS EXCLUSIVE lock on products, brief (catalog only)
    # safe form: a NOT VALID check now, validated after the COMMIT under a lock that lets writes go
    # on; SET NOT NULL then skips its scan
    # Backfill here (fill in for your data; in batches on a big table):
    # UPDATE products SET weight_grams = … WHERE weight_grams IS NULL;
    op.execute(
        "ALTER TABLE products ADD CONSTRAINT products_weight_grams_not_null CHECK (weight_grams IS "
        "NOT NULL) NOT VALID"
    )

    # After the commit, each statement on its own: CONCURRENTLY cannot run in a transaction, and a
    # VALIDATE run alone holds only its weaker lock.
    # autocommit_block() commits the work above, then runs each statement on its own.
    with op.get_context().autocommit_block():
        # added column products.weight_grams integer NOT NULL: the check validated
        # SHARE UPDATE EXCLUSIVE lock on products for a full scan of the table: reads and writes go
        # on; fails on rows that break the check
        op.execute("ALTER TABLE products VALIDATE CONSTRAINT products_weight_grams_not_null")

    # Then what needs the steps above: the constraints that use the indexes built, NOT NULL proved
    # by the validated checks.
    # In a transaction:
    op.execute("SET CONSTRAINTS ALL IMMEDIATE")

    # added column products.weight_grams integer NOT NULL: NOT NULL set, the check dropped
    # ACCESS EXCLUSIVE lock on products, brief (catalog only)
    op.execute("ALTER TABLE products ALTER COLUMN weight_grams SET NOT NULL")
    op.execute("ALTER TABLE products DROP CONSTRAINT products_weight_grams_not_null")


def downgrade() -> None:
    """Downgrade schema."""
    # WARNING: destructive steps below can lose data.
    # WARNING: irreversible steps below: upgrade() cannot give their data back.

    # In a transaction:
    op.execute("SET CONSTRAINTS ALL IMMEDIATE")

    # removed column products.weight_grams
    # WARNING: this step can lose data.
    # IRREVERSIBLE: upgrade() cannot give back the data this step drops.
    # ACCESS EXCLUSIVE lock on products, brief (catalog only); can lose data: the column's values
    # (the down script cannot give them back)
    # DESTRUCTIVE: the data it drops cannot be given back by a rollback
    op.execute("ALTER TABLE products DROP COLUMN weight_grams")
