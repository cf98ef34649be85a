"""Foreign keys: indexed, with an explicit ON DELETE that the columns can honour.

Coverage: an index covers a foreign key when its leading keys are exactly the foreign
key's columns — as a set, in any order among those leading positions, because the
lookups a foreign key needs (the ON DELETE / ON UPDATE check on the referencing table,
and joins) compare every one of those columns for equality, which a btree serves in any
key order. It must be a btree (the ordinary index; the review does not guess whether a
hash index was meant for this) and not partial, except for a predicate that only says
the foreign-key columns are NOT NULL: the check's ``col = $1`` implies it, so PostgreSQL
still uses the index. The primary key and unique constraints are btree indexes too. An
index that merely contains the columns after other keys does not count.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from designer.schema.model import Action, Column, IndexMethod, Relationship, Table
from designer.schema.sqltext import type_sql

from .context import Context, parsed
from .findings import AddIndex, Issue, SetColumnType, SetOnDelete, Severity, Target
from .registry import rule


def _columns(table: Table, names: Sequence[str]) -> list[Column]:
    return [table.columns_by_name[name] for name in names]


def _ids(table: Table, names: Sequence[str]) -> tuple[str, ...]:
    return tuple(column.id for column in _columns(table, names))


def _where(relationship: Relationship) -> str:
    return f"{relationship.from_table.name}({', '.join(relationship.from_columns)})"


def _target(table: Table, relationship: Relationship) -> Target:
    return Target(
        table=table.id,
        columns=_ids(table, relationship.from_columns),
        relationship=relationship.id,
    )


# --- coverage ------------------------------------------------------------------------


def key_column_lists(table: Table) -> list[tuple[str, ...]]:
    """The column lists of the btree indexes behind the primary key and unique constraints."""
    lists = [table.primary_key.columns] if table.primary_key else []
    lists += [(column.name,) for column in table.columns if column.unique]
    lists += [unique.columns for unique in table.uniques]
    return lists


def covered(table: Table, columns: Sequence[str]) -> bool:
    """Whether an index of ``table`` has exactly ``columns`` as its leading keys."""
    wanted = set(columns)
    width = len(columns)
    for keys in key_column_lists(table):
        if set(keys[:width]) == wanted and len(keys) >= width:
            return True
    for index in table.indexes:
        if index.method is not IndexMethod.BTREE or len(index.elements) < width:
            continue
        leading = index.column_names[:width]
        if None in leading or set(leading) != wanted:
            continue
        if index.where is None or _only_not_null(index.where, wanted):
            return True
    return False


def _only_not_null(predicate: str, columns: set[str]) -> bool:
    """Whether ``predicate`` is ``a IS NOT NULL [AND b IS NOT NULL ...]`` over ``columns``."""
    tree = parsed(predicate)
    return tree is not None and _not_null_tests(tree, columns)


def _not_null_tests(node: dict[str, Any], columns: set[str]) -> bool:
    if "BoolExpr" in node:
        expression = node["BoolExpr"]
        return expression["boolop"] == "AND_EXPR" and all(
            _not_null_tests(arg, columns) for arg in expression["args"]
        )
    test = node.get("NullTest")
    if test is None or test.get("nulltesttype") != "IS_NOT_NULL":
        return False
    fields = test.get("arg", {}).get("ColumnRef", {}).get("fields", [])
    return len(fields) == 1 and fields[0].get("String", {}).get("sval") in columns


@rule(
    "fk-unindexed",
    title="A foreign key whose columns are not the leading columns of an index.",
    strict=Severity.WARNING,
    relaxed=Severity.WARNING,
)
def unindexed(context: Context, table: Table) -> Iterator[Issue]:
    for relationship in context.foreign_keys(table):
        if covered(table, relationship.from_columns):
            continue
        columns = ", ".join(relationship.from_columns)
        name = context.names.foreign_key(relationship)
        yield Issue(
            message=(
                f"{_where(relationship)}, the foreign key to {relationship.to_table.name}, "
                "is not covered by an index."
            ),
            why=(
                f"Deleting or updating a row of {relationship.to_table.name} makes "
                f"PostgreSQL look up the rows of {table.name} that reference it: without an "
                "index that is a sequential scan per row, under a lock. Joins along the "
                "relationship scan the table too. PostgreSQL indexes the referenced side "
                "only."
            ),
            fix=(
                f"CREATE INDEX ON {table.name} ({columns}); or put these columns first in "
                "an index you need anyway."
            ),
            target=_target(table, relationship),
            auto_fixes=(
                AddIndex(
                    table.id,
                    _ids(table, relationship.from_columns),
                    rationale=(
                        f"Covers the foreign key {name} for joins and for the checks "
                        f"that ON DELETE / ON UPDATE make on {table.name}."
                    ),
                    label=f"Add an index on {table.name} ({columns})",
                ),
            ),
        )


# --- referential actions ---------------------------------------------------------------


def on_delete_choices(context: Context, table: Table, relationship: Relationship) -> list[Action]:
    """The actions that fit, the recommended one first.

    CASCADE when the referencing row is part of the referenced one (its key includes the
    foreign key, or it is a junction row); SET NULL when the reference is optional;
    RESTRICT otherwise, because deleting referenced data should be a decision.
    """
    nullable = all(column.nullable for column in _columns(table, relationship.from_columns))
    part_of = context.is_junction(table) or bool(
        set(relationship.from_columns) & context.key_columns(table)
    )
    if part_of:
        ordered = [Action.CASCADE, Action.RESTRICT]
    elif nullable:
        ordered = [Action.SET_NULL, Action.RESTRICT, Action.CASCADE]
    else:
        ordered = [Action.RESTRICT, Action.CASCADE]
    return ordered


@rule(
    "fk-no-on-delete",
    title="A foreign key without an explicit ON DELETE (NO ACTION by default).",
    strict=Severity.WARNING,
    relaxed=Severity.INFO,
)
def no_on_delete(context: Context, table: Table) -> Iterator[Issue]:
    for relationship in context.foreign_keys(table):
        if relationship.on_delete is not Action.NO_ACTION:
            continue
        choices = on_delete_choices(context, table, relationship)
        parent = relationship.to_table.name
        yield Issue(
            message=(
                f"{_where(relationship)} → {parent} has no explicit ON DELETE "
                "(NO ACTION by default)."
            ),
            why=(
                f"What happens to {table.name} rows when their {parent} row is deleted is a "
                "design decision: the default refuses the delete with an error the "
                "application rarely expects. Say what is meant: CASCADE when the row is "
                "part of its parent, RESTRICT for referenced data, SET NULL when the "
                "reference is optional."
            ),
            fix=f"Set ON DELETE {choices[0]} (recommended here) or another explicit action.",
            target=_target(table, relationship),
            auto_fixes=tuple(
                SetOnDelete(relationship.id, action, label=f"ON DELETE {action}")
                for action in choices
            ),
        )


def _actions_setting(relationship: Relationship, action: Action) -> list[str]:
    return [
        clause
        for clause, value in (
            ("ON DELETE", relationship.on_delete),
            ("ON UPDATE", relationship.on_update),
        )
        if value is action
    ]


@rule(
    "fk-set-null-not-null",
    title="SET NULL on a foreign key whose column is NOT NULL.",
    strict=Severity.ERROR,
    relaxed=Severity.ERROR,
)
def set_null_on_not_null(context: Context, table: Table) -> Iterator[Issue]:
    for relationship in context.foreign_keys(table):
        clauses = _actions_setting(relationship, Action.SET_NULL)
        required = [c for c in _columns(table, relationship.from_columns) if not c.nullable]
        if not clauses or not required:
            continue
        names = ", ".join(f"{table.name}.{column.name}" for column in required)
        yield Issue(
            message=(
                f"{_where(relationship)} → {relationship.to_table.name} says "
                f"{' and '.join(clauses)} SET NULL, but {names} is NOT NULL."
            ),
            why=(
                "PostgreSQL accepts the definition, then every delete of a referenced row "
                "fails with a not-null violation: the action can never happen."
            ),
            fix=(
                f"Make {names} nullable if the reference is optional; otherwise choose "
                "CASCADE or RESTRICT."
            ),
            target=_target(table, relationship),
        )


@rule(
    "fk-set-default-no-default",
    title="SET DEFAULT on a foreign key whose column has no default.",
    strict=Severity.ERROR,
    relaxed=Severity.ERROR,
)
def set_default_without_default(context: Context, table: Table) -> Iterator[Issue]:
    for relationship in context.foreign_keys(table):
        clauses = _actions_setting(relationship, Action.SET_DEFAULT)
        bare = [c for c in _columns(table, relationship.from_columns) if c.default is None]
        if not clauses or not bare:
            continue
        names = ", ".join(f"{table.name}.{column.name}" for column in bare)
        yield Issue(
            message=(
                f"{_where(relationship)} → {relationship.to_table.name} says "
                f"{' and '.join(clauses)} SET DEFAULT, but {names} has no default."
            ),
            why=(
                "Without a default, SET DEFAULT sets NULL — or fails on a NOT NULL column. "
                "It is SET NULL in disguise, or an error waiting for the first delete."
            ),
            fix=(
                f"Give {names} a default naming a row that always exists in "
                f"{relationship.to_table.name}, or choose another action."
            ),
            target=_target(table, relationship),
        )


@rule(
    "fk-type-mismatch",
    title="A foreign-key column whose type differs from the referenced column's.",
    strict=Severity.ERROR,
    relaxed=Severity.ERROR,
)
def type_mismatch(context: Context, table: Table) -> Iterator[Issue]:
    for relationship in context.foreign_keys(table):
        target_table = context.table_named(relationship.to_table)
        assert target_table is not None  # foreign_keys() yields sound relationships only
        pairs = zip(relationship.from_columns, relationship.to_columns, strict=True)
        for from_name, to_name in pairs:
            source = table.column(from_name)
            referenced = target_table.column(to_name)
            # A domain compares as its base type (a key of a domain over integer
            # references an integer as it is).
            if source.type.without_domain() == referenced.type.without_domain():
                continue
            have, want = type_sql(source.type), type_sql(referenced.type)
            yield Issue(
                message=(
                    f"{table.name}.{from_name} is {have} but references "
                    f"{target_table.name}.{to_name}, which is {want}."
                ),
                why=(
                    "A foreign key between different types compares through a cast: values "
                    "the referenced column can hold may not fit (integer against bigint, a "
                    "shorter varchar), and joins may not use the indexes as expected."
                ),
                fix=f"Declare {table.name}.{from_name} as {want}, exactly like the column it "
                "references.",
                target=Target(table=table.id, columns=(source.id,), relationship=relationship.id),
                auto_fixes=_retype(context, table, source, referenced),
            )


def _retype(
    context: Context, table: Table, column: Column, referenced: Column
) -> tuple[SetColumnType, ...]:
    """Offer the referenced type when nothing else depends on the column's own type."""
    alone = len(context.relationships_of(table, column.name)) == 1
    untouched = column.name not in context.expression_columns(table)
    if not (alone and untouched and column.default is None and not column.check):
        return ()
    return (
        SetColumnType(
            table.id,
            column.id,
            referenced.type,
            label=f"Make {column.name} {type_sql(referenced.type)}",
        ),
    )
