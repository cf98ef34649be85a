"""Section 7: the migration from the previous version (when there is one: its steps with
their locks and warnings, up and down), the initial migration (up and down), how to run
them, and later changes."""

from __future__ import annotations

from designer.generators import migration
from designer.generators.migration_sql import DOWN, UP, MigrationError
from designer.generators.migration_sql import migration as migration_between
from designer.schema.model import Schema

from .context import Context
from .markdown import bullets, code, fence, text


def section(context: Context) -> str:
    schema = context.schema
    previous = context.options.previous
    parts = _from_previous(*previous, schema) if previous else []
    if previous:
        parts.append("### Initial migration")
    parts += [
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
    return "\n\n".join(parts)


def _from_previous(name: str, old: Schema, new: Schema) -> list[str]:
    """The migration from the version ``name`` (``old``) to this design: its steps with
    their warnings, the up script and the down script (or why there is none)."""
    heading = f"### From version {code(name)} to this design"
    try:
        between = migration_between(old, new)
    except MigrationError as error:
        return [heading, f"The migration from {code(name)} cannot be written: {text(str(error))}."]
    if not between.up:
        return [heading, f"No change since {code(name)}: the database it built needs no migration."]
    steps = [
        f"{text(step.sentence)}{_flags(step)}"
        + "".join(f" — {text(line.removeprefix('-- '))}" for line in step.comments)
        for step in between.up
    ]
    parts = [
        heading,
        f"{len(between.up)} step(s), in the order they run; each says the lock it takes "
        "(PostgreSQL's lock levels), whether it rewrites or scans the table, and whether "
        "it can lose data or fail on existing rows:",
        bullets(steps),
        "Up:",
        fence(between.sql(UP), "sql"),
    ]
    if between.down_error:
        parts.append(f"No down migration: {text(between.down_error)}.")
    else:
        parts += ["Down (the rollback):", fence(between.sql(DOWN), "sql")]
    return parts


def _flags(step) -> str:
    flags = [
        label
        for flag, label in (
            (step.destructive, "destructive"),
            (step.irreversible, "irreversible"),
            (step.outside, "outside the transaction"),
            (step.needs_backfill, "fill in the backfill"),
        )
        if flag
    ]
    return f" (**{', '.join(flags)}**)" if flags else ""


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
