"""What an import returns: the schema, and a summary of what was and was not imported.

Both importers (``designer.importers.sql`` and ``designer.importers.live``) return an
``ImportResult``: the pure ``Schema`` (every object with a new id) and an
``ImportSummary``. The summary never lets anything disappear silently: what was kept
beyond the tables is listed by kind, as structure (``kept: 2 domains: a, b``) or as SQL
text (``kept as SQL: 3 views: a, b, c``); each object the model cannot hold is listed by
kind with its name (``skipped: 1 foreign table: f``), each statement that carries no
schema (settings, ownership, privileges, data) is counted (``passed over: ...``), and
anything imported differently from how it was written is a warning. A failure raises
``ImportFailure`` (or its subclass ``SqlSyntaxError``) with a
one-line message; nothing is returned half done.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from designer.schema.model import Schema


class ImportFailure(ValueError):
    """The input cannot be imported; the message says why in one line."""


class SqlSyntaxError(ImportFailure):
    """PostgreSQL's parser refused the text: where, and the offending text."""

    def __init__(self, message: str, line: int, column: int, text: str) -> None:
        self.message = message
        self.line = line
        self.column = column
        self.text = text
        super().__init__(f"syntax error at line {line}, column {column} ({text!r}): {message}")


# Kinds of things the model does not hold, as (singular, plural) nouns, in the order
# summaries list them. A kind not listed here is shown after these, by name.
SKIPPED_KINDS: dict[str, tuple[str, str]] = {
    "schema": ("schema with nothing imported", "schemas with nothing imported"),
    "table": ("table", "tables"),
    "partition": ("partition (the partitioned table is kept)", "partitions"),
    "partitioning": ("partitioned table imported as a plain table", "partitioned tables"),
    "inheriting table": ("table that inherits from another", "tables that inherit"),
    "view": ("view", "views"),
    "materialized view": ("materialized view", "materialized views"),
    "foreign table": ("foreign table", "foreign tables"),
    "column": ("column", "columns"),
    "description": ("comment (description)", "comments (descriptions)"),
    "domain": ("domain (columns use its base type)", "domains (columns use their base type)"),
    "type": ("type", "types"),
    "sequence": ("sequence", "sequences"),
    "sequence option": ("sequence's name or options", "sequences' names or options"),
    "function": ("function", "functions"),
    "procedure": ("procedure", "procedures"),
    "aggregate": ("aggregate", "aggregates"),
    "trigger": ("trigger", "triggers"),
    "rule": ("rule", "rules"),
    "policy": ("policy", "policies"),
    "row security": ("table's row-level security", "tables' row-level security"),
    "extension": ("extension", "extensions"),
    "primary key": ("primary key", "primary keys"),
    "unique constraint": ("unique constraint", "unique constraints"),
    "check constraint": ("check constraint", "check constraints"),
    "foreign key": ("foreign key", "foreign keys"),
    "exclusion constraint": ("exclusion constraint", "exclusion constraints"),
    "index": ("index", "indexes"),
    "default": ("column default", "column defaults"),
    "generated column": (
        "generated column's expression (imported as a plain column)",
        "generated columns' expressions (imported as plain columns)",
    ),
    "collation": ("column collation", "column collations"),
    "constraint detail": ("constraint detail", "constraint details"),
    "index detail": ("index detail", "index details"),
    "table option": ("table option", "table options"),
    "column option": ("column option", "column options"),
    "clustering": ("table clustering", "table clusterings"),
    "comment": ("comment on another object", "comments on other objects"),
    "other object": ("other object", "other objects"),
    "statement": ("other statement", "other statements"),
}

# Statements that carry no schema, counted by kind (singular, plural).
PASSED_OVER_KINDS: dict[str, tuple[str, str]] = {
    "meta-command": ("psql meta-command", "psql meta-commands"),
    "setting": ("setting", "settings"),
    "ownership": ("ownership change", "ownership changes"),
    "privilege": ("privilege statement", "privilege statements"),
    "data": ("data statement", "data statements"),
    "query": ("query", "queries"),
    "transaction": ("transaction statement", "transaction statements"),
    "maintenance": ("maintenance statement", "maintenance statements"),
}


# What was kept, by kind: as structure of the model, or as verbatim SQL text.
KEPT_KINDS: dict[str, tuple[str, str]] = {
    "domain": ("domain", "domains"),
    "sequence": ("sequence", "sequences"),
    "partitioned table": ("partitioned table", "partitioned tables"),
    "partition": ("partition", "partitions"),
    "partition index": (
        "partition's index attached to its parent's (attached again with the partition)",
        "partitions' indexes attached to their parents' (attached again with the partitions)",
    ),
    "NOT VALID constraint": ("NOT VALID constraint", "NOT VALID constraints"),
}
VERBATIM_KINDS: dict[str, tuple[str, str]] = {
    "view": ("view", "views"),
    "materialized view": ("materialized view", "materialized views"),
    "function": ("function", "functions"),
    "procedure": ("procedure", "procedures"),
    "aggregate": ("aggregate", "aggregates"),
    "trigger": ("trigger", "triggers"),
    "policy": ("policy", "policies"),
    "rule": ("rule", "rules"),
    "type": ("type", "types"),
    "comment": ("comment on a schema or extension", "comments on schemas or extensions"),
    "table option": ("table option", "table options"),
    "other": ("other object", "other objects"),
}


def _noun(kinds: dict[str, tuple[str, str]], kind: str, count: int) -> str:
    singular, plural = kinds.get(kind, (kind, kind))
    return f"{count} {singular if count == 1 else plural}"


@dataclass
class ImportSummary:
    """What was skipped (by kind, with names), passed over (counted) and warned about."""

    skipped: dict[str, list[str]] = field(default_factory=dict)
    passed_over: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    # What was kept beyond the tables' own parts: as structure (domains, sequences,
    # partitions...) and as verbatim SQL (views, functions, triggers...), by kind.
    kept: dict[str, list[str]] = field(default_factory=dict)
    verbatim: dict[str, list[str]] = field(default_factory=dict)
    # The lists' items as sets, so that a dump skipping 10,000 triggers is not read
    # 10,000 times over; rebuilt when a list changed otherwise.
    _seen: dict[str, set[str]] = field(default_factory=dict, repr=False, compare=False)

    def _known(self, key: str, items: list[str]) -> set[str]:
        seen = self._seen.get(key)
        if seen is None or len(seen) != len(items):
            seen = self._seen[key] = set(items)
        return seen

    def skip(self, kind: str, name: str) -> None:
        names = self.skipped.setdefault(kind, [])
        seen = self._known(kind, names)
        if name not in seen:
            names.append(name)
            seen.add(name)

    def keep(self, kind: str, name: str) -> None:
        """Something kept as structure of the model (beyond tables and their parts)."""
        self.kept.setdefault(kind, []).append(name)

    def keep_verbatim(self, kind: str, name: str) -> None:
        """An object kept as its SQL text."""
        self.verbatim.setdefault(kind, []).append(name)

    def record_kept(self, schema: Schema) -> None:
        """List what ``schema`` keeps beyond tables and their parts (after an import)."""
        for domain in schema.domains:
            self.keep("domain", str(domain.qname))
        for sequence in schema.sequences:
            self.keep("sequence", str(sequence.qname))
        for table in schema.tables:
            if table.partition_by is not None:
                self.keep("partitioned table", f"{table.qname} (BY {table.partition_by})")
            if table.partition_of is not None:
                self.keep("partition", f"{table.qname} (of {table.partition_of})")
            for check in table.checks:
                if check.not_valid:
                    self.keep("NOT VALID constraint", f"{table.qname}.{check.name or 'check'}")
        for relationship in schema.relationships:
            if relationship.not_valid:
                name = relationship.name or ", ".join(relationship.from_columns)
                self.keep("NOT VALID constraint", f"{relationship.from_table}.{name}")
        for item in schema.sql_objects:
            public = item.schema == "public" or item.kind.value == "comment"
            name = item.name if public else f"{item.schema}.{item.name}"
            self.keep_verbatim(item.kind.value, name)

    def kept_lines(self, limit: int | None = None) -> list[str]:
        """A line per kind kept as structure, then per kind kept as SQL text."""
        lines = []
        for prefix, kinds, found in (
            ("kept", KEPT_KINDS, self.kept),
            ("kept as SQL", VERBATIM_KINDS, self.verbatim),
        ):
            order = list(kinds) + sorted(set(found) - set(kinds))
            lines += [
                f"{prefix}: {_noun(kinds, kind, len(names))}: {_listed(names, limit)}"
                for kind in order
                if (names := found.get(kind))
            ]
        return lines

    def unskip(self, kind: str, name: str) -> None:
        """Take back a skip (a temporary function dropped later in the same script)."""
        names = self.skipped.get(kind, [])
        if name in names:
            names.remove(name)
            self._seen.pop(kind, None)
            if not names:
                del self.skipped[kind]

    def pass_over(self, kind: str, count: int = 1) -> None:
        if count:
            self.passed_over[kind] = self.passed_over.get(kind, 0) + count

    def warn(self, message: str) -> None:
        seen = self._known("\0warnings", self.warnings)  # a key no kind has
        if message not in seen:
            self.warnings.append(message)
            seen.add(message)

    def skipped_lines(self, limit: int | None = None) -> list[str]:
        """A line per kind, naming every item, or the first ``limit`` items of a kind."""
        order = list(SKIPPED_KINDS) + sorted(set(self.skipped) - set(SKIPPED_KINDS))
        return [
            f"skipped: {_noun(SKIPPED_KINDS, kind, len(names))}: {_listed(names, limit)}"
            for kind in order
            if (names := self.skipped.get(kind))
        ]

    def passed_over_line(self) -> str | None:
        order = list(PASSED_OVER_KINDS) + sorted(set(self.passed_over) - set(PASSED_OVER_KINDS))
        parts = [
            _noun(PASSED_OVER_KINDS, kind, self.passed_over[kind])
            for kind in order
            if self.passed_over.get(kind)
        ]
        return f"passed over: {', '.join(parts)}" if parts else None

    def lines(self, limit: int | None = None) -> list[str]:
        """The summary as text lines: skipped items, passed-over statements, warnings;
        with ``limit``, at most that many names of each kind and that many warnings
        (a preview stays short whatever the size of the import)."""
        lines = self.kept_lines(limit) + self.skipped_lines(limit)
        if passed := self.passed_over_line():
            lines.append(passed)
        warnings = self.warnings if limit is None else self.warnings[:limit]
        lines += [f"warning: {warning}" for warning in warnings]
        if len(warnings) < len(self.warnings):
            more = len(self.warnings) - len(warnings)
            lines.append(f"warning: … and {more:,} more warning{'s' if more != 1 else ''}")
        return lines


def _listed(names: list[str], limit: int | None) -> str:
    if limit is None or len(names) <= limit:
        return ", ".join(names)
    return f"{', '.join(names[:limit])} … and {len(names) - limit:,} more"


def _singular(plural: str) -> str:
    return plural[: -len("es")] if plural.endswith("indexes") else plural.removesuffix("s")


def kind_noun(kind: str, count: int) -> str:
    """A kind of ``schema_counts`` (a plural) in the number ``count`` takes ("index" for
    1, "indexes" otherwise): the one rule for the summary line and the preview page."""
    return kind if count != 1 else _singular(kind)


def schema_counts(schema: Schema) -> dict[str, int]:
    """How many of each kind of object a schema holds, for previews and messages."""
    tables = schema.tables
    counts = {
        "tables": len(tables),
        "columns": sum(len(table.columns) for table in tables),
        "foreign keys": len(schema.relationships),
        "indexes": sum(len(table.indexes) for table in tables),
        "unique constraints": sum(
            len(table.uniques) + sum(column.unique for column in table.columns) for table in tables
        ),
        "check constraints": sum(
            len(table.checks) + sum(column.check is not None for column in table.columns)
            for table in tables
        ),
        "enum types": len(schema.enums),
    }
    # (kinds most schemas lack are counted only when there are some)
    for kind, count in (
        ("domains", len(schema.domains)),
        ("sequences", len(schema.sequences)),
        ("partitions", sum(table.partition_of is not None for table in tables)),
        ("SQL objects", len(schema.sql_objects)),
    ):
        if count:
            counts[kind] = count
    return counts


@dataclass(frozen=True)
class ImportResult:
    schema: Schema
    summary: ImportSummary

    @property
    def counts(self) -> dict[str, int]:
        return schema_counts(self.schema)

    def counts_line(self) -> str:
        return "imported: " + ", ".join(
            f"{n} {kind_noun(kind, n)}" for kind, n in self.counts.items()
        )

    def lines(self, limit: int | None = None) -> list[str]:
        """The whole summary: what was imported, then what was not (``limit``: see
        ``ImportSummary.lines``)."""
        return [self.counts_line(), *self.summary.lines(limit)]
