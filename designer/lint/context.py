"""What the rules share: the schema, the profile, and facts computed once per review.

The review must stay fast on large schemas (500 tables in well under 300 ms), so facts
that several rules need — which columns are foreign-key columns, which tables are
junctions, the parse trees of expressions — are computed once here, lazily.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable, Hashable
from functools import cached_property
from typing import Any, TypeVar

from designer.schema.expressions import ExpressionError, column_references, expression_tree
from designer.schema.memo import text_memo
from designer.schema.model import QName, Relationship, Schema, Table
from designer.schema.naming import Names, assign_names
from designer.schema.words import plural, singular

from .registry import Profile

T = TypeVar("T")


# Facts about expressions are keyed by what users typed: remembered in bounded memos
# (``designer.schema.memo``), never for the life of the process.
_LOCATION = re.compile(r'"location": -?\d+')


def parsed(expression: str) -> dict[str, Any] | None:
    """The parse tree of a user expression, or None when it is not one expression
    (``expression_tree`` remembers the trees)."""
    try:
        return expression_tree(expression)
    except ExpressionError:
        return None


@text_memo(entries=4096, characters=500_000)
def canonical(expression: str) -> str:
    """An expression's parse tree without positions: equal for equal meaning-as-written."""
    tree = parsed(expression)
    if tree is None:
        return expression.strip()
    return _LOCATION.sub("", json.dumps(tree, sort_keys=True))


@text_memo(entries=4096, characters=500_000)
def columns_read(expression: str) -> frozenset[str]:
    try:
        return frozenset(column_references(expression))
    except ExpressionError:
        return frozenset()


class Context:
    """One review's schema, profile and shared facts."""

    def __init__(self, schema: Schema, profile: Profile) -> None:
        self.schema = schema
        self.profile = profile
        self._memo: dict[Hashable, Any] = {}

    def remember(self, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()``, once per review for each ``key`` (facts several rules share)."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    @cached_property
    def names(self) -> Names:
        """The constraint and index names the generators will write."""
        return assign_names(self.schema)

    def table_named(self, name: QName) -> Table | None:
        return self.schema.tables_by_name.get(name)

    def foreign_keys(self, table: Table) -> tuple[Relationship, ...]:
        """The relationships from ``table`` whose two tables and columns exist."""
        return self._sound_relationships.get(table.id, ())

    @cached_property
    def _sound_relationships(self) -> dict[str, tuple[Relationship, ...]]:
        """Sound relationships by the id of their referencing table."""
        found: dict[str, list[Relationship]] = defaultdict(list)
        for relationship in self.schema.relationships:
            if self._sound(relationship):
                found[self.schema.table(relationship.from_table).id].append(relationship)
        return {table_id: tuple(items) for table_id, items in found.items()}

    def _sound(self, relationship: Relationship) -> bool:
        source = self.table_named(relationship.from_table)
        target = self.table_named(relationship.to_table)
        return (
            source is not None
            and target is not None
            and len(relationship.from_columns) == len(relationship.to_columns) > 0
            and all(name in source.columns_by_name for name in relationship.from_columns)
            and all(name in target.columns_by_name for name in relationship.to_columns)
        )

    @cached_property
    def _columns_in_relationships(self) -> dict[tuple[str, str], list[Relationship]]:
        """Relationships by (table id, column name), for both of their sides."""
        found: dict[tuple[str, str], list[Relationship]] = defaultdict(list)
        tables = self.schema.tables_by_name
        for relationship in self.schema.relationships:
            for side, names in (
                (relationship.from_table, relationship.from_columns),
                (relationship.to_table, relationship.to_columns),
            ):
                if side in tables:
                    for name in names:
                        found[(tables[side].id, name)].append(relationship)
        return found

    def relationships_of(self, table: Table, column: str) -> list[Relationship]:
        """The relationships that use ``column`` of ``table``, on either side."""
        return self._columns_in_relationships.get((table.id, column), [])

    def foreign_key_columns(self, table: Table) -> frozenset[str]:
        return self.remember(
            ("foreign key columns", table.id),
            lambda: frozenset(
                name
                for relationship in self.foreign_keys(table)
                for name in relationship.from_columns
            ),
        )

    def key_columns(self, table: Table) -> frozenset[str]:
        return frozenset(table.primary_key.columns if table.primary_key else ())

    def expression_columns(self, table: Table) -> frozenset[str]:
        """Columns that some check, index expression or predicate of ``table`` reads."""
        return self.remember(("expression columns", table.id), lambda: self._read(table))

    def _read(self, table: Table) -> frozenset[str]:
        texts = [column.check for column in table.columns if column.check]
        texts += [check.expression for check in table.checks]
        for index in table.indexes:
            texts += [element.expression for element in index.elements if element.expression]
            if index.where:
                texts.append(index.where)
        found: set[str] = set()
        for text in texts:
            found |= columns_read(text)
        return frozenset(found)

    def is_junction(self, table: Table) -> bool:
        """Whether ``table`` realises a many-to-many relationship."""
        return table.id in self._junctions

    @cached_property
    def _junctions(self) -> frozenset[str]:
        tables = self.schema.tables_by_name
        throughs = (m2m.through for m2m in self.schema.many_to_many)
        return frozenset(tables[name].id for name in throughs if name in tables)

    def off_number(self, table: Table) -> bool:
        """Whether ``table`` is named in the minority grammatical number."""
        return table.id in self._off_number_tables

    @cached_property
    def _off_number_tables(self) -> frozenset[str]:
        """Tables named in the minority grammatical number (singular among plurals...).

        On a tie the singular names are the odd ones out: the seeds name tables in the
        plural (``users``, ``todos``).
        """
        plurals, singulars = set(), set()
        for table in self.reviewed_tables:
            if singular(table.name) != table.name:
                plurals.add(table.id)
            elif plural(table.name) != table.name:
                singulars.add(table.id)
        if not plurals or not singulars:
            return frozenset()
        return frozenset(singulars if len(singulars) <= len(plurals) else plurals)

    def plain(self, table: Table, column: str) -> bool:
        """Whether ``column`` is a plain attribute: not a key, foreign key or timestamp."""
        return not (
            column in self.key_columns(table)
            or column in self.foreign_key_columns(table)
            or column in ("created_at", "updated_at")
        )

    @cached_property
    def reviewed_tables(self) -> tuple[Table, ...]:
        """The tables the review compares with one another: all but partitions (which
        repeat their parent's columns)."""
        return tuple(table for table in self.schema.tables if table.partition_of is None)

    @cached_property
    def tables_by_plain_column(self) -> dict[str, list[Table]]:
        """The tables that have a plain column of each name."""
        found: dict[str, list[Table]] = defaultdict(list)
        for table in self.reviewed_tables:
            for column in table.columns:
                if self.plain(table, column.name):
                    found[column.name].append(table)
        return found

    @cached_property
    def tables_by_singular(self) -> dict[str, list[Table]]:
        """Tables by the singular of their name, lower case (``customer`` → customers)."""
        found: dict[str, list[Table]] = defaultdict(list)
        for table in self.reviewed_tables:
            found[singular(table.name).lower()].append(table)
        return found
