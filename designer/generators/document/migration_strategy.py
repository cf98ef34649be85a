"""Section 7: the initial migration (up and down), how to run it, and later changes."""

from __future__ import annotations

from designer.generators import migration
from designer.schema.model import Schema

from .context import Context
from .markdown import bullets, fence


def section(context: Context) -> str:
    schema = context.schema
    return "\n\n".join(
        [
            "The initial migration creates the whole schema on an empty database; its "
            "rollback removes exactly what it created. Both are single transactions.",
            f"### Up: `{migration.UP_FILE}`",
            "The DDL of section 2 as one script (it is also `schema.sql`):",
            fence(migration.up(schema), "sql"),
            f"### Down: `{migration.DOWN_FILE}`",
            "Dependants first: the keys that close cycles, the tables in reverse creation "
            "order (their indexes, triggers and sequences go with them), then the trigger "
            "function, the enum types, the extensions and the schemas the up script created.",
            fence(migration.down(schema), "sql"),
            "### Execution plan",
            execution_plan(schema),
            "### Later changes",
            bullets(_later_changes()),
        ]
    )


def _later_changes() -> list[str]:
    return [
        "One migration per change, each with its rollback, applied in order and never "
        "edited once it has run anywhere.",
        "Expand, then contract: add the new column or table first (nullable or with a "
        "default), deploy code that writes both, backfill in batches, and only then add "
        "`NOT NULL` or drop what is no longer read.",
        "On a live table, build indexes with `CREATE INDEX CONCURRENTLY` (outside a "
        "transaction), and add foreign keys and checks as `NOT VALID` followed by "
        "`VALIDATE CONSTRAINT`, so that writes are not blocked while rows are checked.",
        "Before a destructive step (a dropped column, a narrowed type), take a backup "
        "and verify the rollback on a copy of the data.",
    ]


def execution_plan(schema: Schema) -> str:
    """The steps to run the migration on a real database: back up, apply, verify, roll back."""
    up, down = migration.UP_FILE, migration.DOWN_FILE
    counts = migration.expected_counts(schema)
    summary = ", ".join(f"{count} {kind}" for kind, count in counts.items())
    dump = "before_001_initial.dump"
    return "\n\n".join(
        [
            "**Step 1: back up.** Even on a new database, keep a restorable copy of what is "
            "there before any migration:",
            fence(f'pg_dump --format=custom --file={dump} "$DATABASE_URL"', "sh"),
            f"**Step 2: apply `{up}`** (the DDL of section 2, in creation order). It is one "
            "transaction (`BEGIN` ... `COMMIT`): an error rolls all of it back, so the "
            "database is never left half-migrated.",
            fence(f'psql "$DATABASE_URL" -v ON_ERROR_STOP=1 --file={up}', "sh"),
            f"**Step 3: verify.** `found` equals `expected` on every line ({summary}):",
            fence(migration.verification_query(schema), "sql"),
            f"**Step 4: roll back if needed** with `{down}`, one transaction too; the "
            "verification query then finds 0 of everything. If anything else went wrong, "
            "restore the dump of step 1:",
            fence(
                f'psql "$DATABASE_URL" -v ON_ERROR_STOP=1 --file={down}\n'
                f'pg_restore --clean --if-exists --dbname="$DATABASE_URL" {dump}',
                "sh",
            ),
        ]
    )
