"""Section 10: maintenance recommendations for this schema.

Each recommendation names what it applies to here: the tables with many indexes, the
jsonb columns and GIN indexes, the tables likely to churn (rows updated through an
``updated_at`` trigger, or deleted in cascades, or holding many foreign keys), the
integer keys that can run out; and gives the SQL to watch them, limited to this schema's
PostgreSQL schemas. Every statement runs on PostgreSQL (the tests run them).
"""

from __future__ import annotations

from designer.generators.ddl import INDENT
from designer.schema.model import Action, Generated, IndexMethod, ObjectKind, QName, Table
from designer.schema.sqltext import qualified, quote_literal

from . import objects, review
from .context import Context, columns_label, label
from .markdown import bullets, code, fence
from .overview import names_list

MANY_INDEXES = 4  # a table with this many indexes (keys included) is called out
LISTED = 10  # tables given their own autovacuum statement
_SMALL_KEYS = {"smallint": "32,767", "integer": "2,147,483,647"}


def section(context: Context) -> str:
    parts = ["Recommendations for this schema, most specific first, with the SQL to act on them."]
    for part in (
        _indexes(context),
        _json(context),
        _churn(context),
        _key_headroom(context),
        _not_valid(context),
        _materialized_views(context),
        _partitions(context),
        _statements(context),
        _sizes(context),
        _backups(),
        _revisit(context),
        review.part(context),
    ):
        if part:
            parts.append(part)
    return "\n\n".join(parts)


def _schemas(context: Context) -> str:
    return ", ".join(quote_literal(name) for name in context.schema.schemas) or "'public'"


def index_count(t: Table) -> int:
    keys = (1 if t.primary_key else 0) + sum(1 for c in t.columns if c.unique) + len(t.uniques)
    return keys + len(t.indexes)


def _indexes(context: Context) -> str:
    heavy = [t for t in context.tables if index_count(t) >= MANY_INDEXES]
    if heavy:
        counted = ", ".join(f"{code(label(t.qname))} ({index_count(t)})" for t in heavy[:LISTED])
        more = f" and {len(heavy) - LISTED} more" if len(heavy) > LISTED else ""
        intro = (
            f"**Tables with many indexes:** {counted}{more}. Every INSERT, and every UPDATE "
            "of an indexed column, maintains each of them: check that each one is used, and "
            "drop those that are not (after a representative period of traffic)."
        )
    else:
        intro = (
            f"**Indexes:** no table has {MANY_INDEXES} or more indexes; keep it so unless a "
            "measured query needs one. Check now and then that each is used:"
        )
    query = "\n".join(
        [
            "SELECT schemaname, relname AS table_name, indexrelname AS index_name, idx_scan,",
            f"{INDENT}pg_size_pretty(pg_relation_size(indexrelid)) AS size",
            "FROM pg_stat_user_indexes",
            f"WHERE schemaname IN ({_schemas(context)})",
            "ORDER BY idx_scan, pg_relation_size(indexrelid) DESC;",
        ]
    )
    return f"{intro}\n\n{fence(query, 'sql')}"


def _json(context: Context) -> str:
    columns = [
        code(columns_label(t.qname, (c.name,)))
        for t in context.tables
        for c in t.columns
        if c.type.base in {"json", "jsonb"}
    ]
    gin = [
        (t, index) for t in context.tables for index in t.indexes if index.method is IndexMethod.GIN
    ]
    if not columns and not gin:
        return ""
    lines = []
    if columns:
        lines.append(
            f"**JSON columns:** {_few(columns)}. Keep documents small (large ones are TOASTed "
            "and rewritten whole on every update), move fields that are filtered or joined on "
            "into real columns, and prefer `jsonb` to `json`."
        )
    if gin:
        names = [code(context.names.index(index.id)) for _, index in gin]
        lines.append(
            f"**GIN indexes:** {_few(names)}. New entries go to a pending list that autovacuum "
            "merges; after bulk loads merge it yourself (below), and for jsonb queried only "
            "with `@>` consider the smaller `jsonb_path_ops` operator class."
        )
        statements = [
            f"SELECT gin_clean_pending_list({_regclass(t.schema, context.names.index(i.id))});"
            for t, i in gin[:LISTED]
        ]
        lines.append(fence("\n".join(statements), "sql"))
    return "\n\n".join(lines)


def _regclass(schema: str, name: str) -> str:
    return f"{quote_literal(qualified(QName(schema, name), omit_public=False))}::regclass"


def _few(items: list[str]) -> str:
    if len(items) > LISTED:
        return ", ".join(items[:LISTED]) + f" and {len(items) - LISTED} more"
    return ", ".join(items)


def churn(context: Context, t: Table) -> int:
    """How likely a table's rows are to be updated or deleted often (higher: more)."""
    schema = context.schema
    score = 2 if t.has_updated_at_trigger else 0
    score += len(schema.relationships_from(t.qname))
    score += sum(1 for rel in schema.relationships_from(t.qname) if rel.on_delete is Action.CASCADE)
    return score


def _churn(context: Context) -> str:
    ranked = sorted(
        (t for t in context.tables if churn(context, t) >= 2),
        key=lambda t: -churn(context, t),
    )
    if not ranked:
        return (
            "**Autovacuum:** the defaults suit tables that are mostly inserted into, as "
            "these look to be; revisit if some see many updates or deletes."
        )
    chosen = ranked[:LISTED]
    statements = [
        f"ALTER TABLE {qualified(t.qname)} SET (autovacuum_vacuum_scale_factor = 0.05, "
        "autovacuum_analyze_scale_factor = 0.02);"
        for t in chosen
    ]
    return "\n\n".join(
        [
            f"**High-churn tables:** {names_list(chosen)} (rows updated through an `updated_at` "
            "trigger, or deleted in cascades, or with several foreign keys). Each update leaves "
            "a dead row version behind; by default autovacuum waits until a fifth of a table "
            "is dead. Make it act sooner on these:",
            fence("\n".join(statements), "sql"),
        ]
    )


def _key_headroom(context: Context) -> str:
    small = [
        (t, c)
        for t in context.tables
        for c in t.columns
        if c.generated is not Generated.NONE and c.type.base in _SMALL_KEYS
    ]
    if not small:
        return ""
    listed = ", ".join(
        f"{code(columns_label(t.qname, (c.name,)))} ({c.type.base}: at most "
        f"{_SMALL_KEYS[c.type.base]})"
        for t, c in small[:LISTED]
    )
    query = "\n".join(
        [
            "SELECT schemaname, sequencename, last_value, max_value,",
            f"{INDENT}round(100.0 * coalesce(last_value, 0) / max_value, 2) AS percent_used",
            "FROM pg_sequences",
            f"WHERE schemaname IN ({_schemas(context)})",
            "ORDER BY percent_used DESC;",
        ]
    )
    return (
        f"**Generated keys that can run out:** {listed}. Watch how much of each sequence is "
        "used, and move to `bigint` long before it ends:\n\n" + fence(query, "sql")
    )


def _not_valid(context: Context) -> str:
    """The NOT VALID constraints: validate each once the rows that break it are fixed."""
    items = objects.not_valid_items(context.schema)
    if not items:
        return ""
    names = context.names
    statements = []
    for t, item in items:
        name = names.check(item.id) if hasattr(item, "expression") else names.foreign_key(item)
        statements.append(objects.validate_statement(t, name))
    return (
        "**Constraints added `NOT VALID`:** new and updated rows are checked, the rows that "
        "were there when the constraint was added are not. Find and fix the rows that break "
        "each one, then validate it (it scans the table but takes only a SHARE UPDATE "
        "EXCLUSIVE lock: reads and writes go on):\n\n" + fence("\n".join(statements), "sql")
    )


def _materialized_views(context: Context) -> str:
    views = [
        item for item in context.schema.sql_objects if item.kind is ObjectKind.MATERIALIZED_VIEW
    ]
    if not views:
        return ""
    statements = [
        f"REFRESH MATERIALIZED VIEW {qualified(QName(item.schema, _relation(item.name)))};"
        for item in views
    ]
    return (
        "**Materialized views** hold a copy of their query's rows, as of their last refresh: "
        "refresh them on a schedule that fits how fresh their readers need the data "
        "(`CONCURRENTLY`, with a unique index on the view, lets reads go on):\n\n"
        + fence("\n".join(statements), "sql")
    )


def _relation(name: str) -> str:
    return name.split("(", 1)[0].strip()


def _partitions(context: Context) -> str:
    parents = [t for t in context.schema.tables if t.partition_by]
    if not parents:
        return ""
    listed = ", ".join(
        f"{code(label(t.qname))} ({code(t.partition_by or '')}, "
        f"{len(context.schema.partitions_of(t.qname))} partitions)"
        for t in parents[:LISTED]
    )
    return (
        f"**Partitioned tables:** {listed}. Create each new range's partition before its rows "
        "arrive (a row no partition takes fails, or lands in the DEFAULT partition, which "
        "then has to be scanned whenever a partition is added); detach and drop old "
        "partitions instead of deleting their rows."
    )


def _statements(context: Context) -> str:
    query = "\n".join(
        [
            "CREATE EXTENSION IF NOT EXISTS pg_stat_statements;",
            "",
            "SELECT calls, round(mean_exec_time::numeric, 2) AS mean_ms,",
            f"{INDENT}round(total_exec_time::numeric) AS total_ms, rows, query",
            "FROM pg_stat_statements",
            "ORDER BY total_exec_time DESC",
            "LIMIT 20;",
        ]
    )
    return (
        "**Query monitoring:** load `pg_stat_statements` "
        "(`shared_preload_libraries = 'pg_stat_statements'` in `postgresql.conf`, then a "
        "restart) and review the most expensive queries regularly; run `EXPLAIN (ANALYZE, "
        "BUFFERS)` on any that reads far more rows than it returns.\n\n" + fence(query, "sql")
    )


def _sizes(context: Context) -> str:
    query = "\n".join(
        [
            "SELECT schemaname, relname AS table_name, n_live_tup, n_dead_tup,",
            f"{INDENT}last_autovacuum, last_autoanalyze,",
            f"{INDENT}pg_size_pretty(pg_total_relation_size(relid)) AS total_size",
            "FROM pg_stat_user_tables",
            f"WHERE schemaname IN ({_schemas(context)})",
            "ORDER BY pg_total_relation_size(relid) DESC;",
        ]
    )
    return (
        "**Growth and bloat:** watch the size of each table and its dead rows; a table whose "
        "`n_dead_tup` stays high needs autovacuum tuned (above).\n\n" + fence(query, "sql")
    )


def _backups() -> str:
    commands = "\n".join(
        [
            "# Nightly logical backup, kept for 30 days:",
            'pg_dump --format=custom --file="backup_$(date +%F).dump" "$DATABASE_URL"',
            "# Restore it into a scratch database now and then, to prove that it works:",
            'pg_restore --clean --if-exists --dbname="$SCRATCH_URL" "backup_$(date +%F).dump"',
        ]
    )
    return "\n\n".join(
        [
            "**Backups:** a nightly `pg_dump` for logical copies, and continuous WAL "
            "archiving (or the provider's point-in-time recovery) so that the last minutes "
            "are not lost. A backup counts only once a restore from it has been tested.",
            fence(commands, "sh"),
        ]
    )


def _revisit(context: Context) -> str:
    return (
        "**When to revisit the indexes:** "
        + "; ".join(
            [
                "when a table passes about a million rows or grows tenfold",
                "when pg_stat_statements shows a query among the slowest",
                "when a new feature adds a query pattern (a new filter, sort or join)",
                "and every quarter with the unused-index query above. Run `ANALYZE` after bulk "
                "loads so that the planner's statistics follow the data.",
            ]
        )
        + (
            "\n\n"
            + bullets(
                [
                    "Rows in the sample data (section 6) are few: plans on it are not the plans of "
                    "production. Measure on realistic volumes before adding an index.",
                ]
            )
        )
    )
