"""Closing the cycles: the foreign keys that waited until every table had its rows.

A key waits when its table is filled in the same statement (a cycle of NOT NULL keys) or
later (its value is then set by an UPDATE). ``resolve_waiting`` chooses them in rounds —
a key may wait for a key that is itself a foreign key — keeping unique keys and checks;
``drop_orphans`` then drops rows that point to a row left out, until none does.
"""

from __future__ import annotations

from typing import Any

from designer.schema.model import Relationship, Schema

from .constraints import (
    ATTEMPTS,
    PythonValues,
    Row,
    TableFill,
    available,
    copy_key,
    fk_words,
    identifying_key,
    key_of,
    label,
    note_once,
    passes_checks,
)
from .order import FillOrder, When


def resolve_waiting(schema: Schema, order: FillOrder, fills: dict[Any, TableFill]) -> None:
    """Choose the keys that waited for a table of the same unit or a later one.

    A key may wait for another waiting key (a key that is itself a foreign key), so the
    rounds go on while any key is chosen. A NOT NULL key left without a partner drops
    its row; a nullable one stays NULL.
    """
    waiting = []
    for table in order.tables:
        fill_ = fills[table.qname]
        live = fill_.live
        if fill_.partitioned or not any(row.waiting for row in live):
            continue
        refused = _why_not_updatable(fill_)
        for row in live:
            for relationship in list(row.waiting):
                if order.when[relationship.id] is When.LATER and refused:
                    row.waiting.remove(relationship)  # no UPDATE can set it: it stays NULL
                    note_once(fill_, f"{label(table)}: {fk_words(relationship)} stays NULL: "
                               f"{refused}")  # fmt: skip
                else:
                    waiting.append((fill_, row, relationship))
    progress = True
    while progress:
        progress = False
        for fill_, row, relationship in waiting:
            if row.dropped or relationship not in row.waiting:
                continue
            if _reassign(fills, fill_, row, relationship):
                row.waiting.remove(relationship)
                if order.when[relationship.id] is When.LATER:
                    row.later.append(relationship)
                progress = True
    for fill_, row, relationship in waiting:
        if row.dropped or relationship not in row.waiting:
            continue
        row.waiting.remove(relationship)
        if schema.is_required(relationship):
            row.dropped = True
            note_once(fill_, f"{label(fill_.table)}: rows without a partner for "
                       f"{fk_words(relationship)} were left out")  # fmt: skip


def _why_not_updatable(fill_: TableFill) -> str:
    """Why the table's rows cannot take an UPDATE after they are inserted ("" if they can).

    An UPDATE needs a key to find its row; and the ``updated_at`` trigger rewrites
    ``updated_at`` to the same now() in every updated row, which a unique key or a check
    on ``updated_at`` may refuse.
    """
    table = fill_.table
    if identifying_key(table) is None:
        return "the table has no key an UPDATE could find its rows by"
    if table.has_updated_at_trigger:
        stamped = any("updated_at" in check.columns for check in fill_.checks) or any(
            "updated_at" in unique.elements or any(not isinstance(e, str) for e in unique.elements)
            for unique in fill_.uniques
        )
        if stamped:
            return "an UPDATE would set updated_at to now(), which its keys or checks restrict"
    return ""


def _reassign(
    fills: dict[Any, TableFill], fill_: TableFill, row: Row, relationship: Relationship
) -> bool:
    target = fills[relationship.to_table]
    candidates = [other for other in target.live if available(other, relationship.to_columns)]
    fill_.rng.shuffle(candidates)
    index = fill_.rows.index(row)
    for candidate in candidates[:ATTEMPTS]:
        trial = Row(dict(row.values))
        copy_key(trial, relationship, candidate)
        if _still_valid(fill_, index, trial):
            row.values = trial.values
            return True
    return False


def _still_valid(fill_: TableFill, index: int, trial: Row) -> bool:
    values = {name: value.py for name, value in trial.values.items()}
    if not passes_checks(fill_, values):
        return False
    for unique in fill_.uniques:
        key = unique.key(values)
        if key is None:
            continue
        for number, other in enumerate(fill_.rows):
            if number != index and not other.dropped:
                theirs = unique.key(PythonValues(other.values))
                if theirs == key:
                    return False
    return True


def drop_orphans(schema: Schema, fills: dict[Any, TableFill]) -> None:
    """Drop rows whose key points to a dropped row, until none is left."""
    changed = True
    while changed:
        changed = False
        # The keys of each referenced table's live rows, shared by the foreign keys that
        # point to it, and worked out again once a row is dropped.
        live_keys: dict[tuple[Any, tuple[str, ...]], set[tuple[Any, ...]]] = {}
        for relationship in schema.relationships:
            source, target = fills[relationship.from_table], fills[relationship.to_table]
            keys = None
            for row in source.live:
                key = key_of(row, relationship.from_columns)
                if None in key:
                    continue
                if keys is None:
                    keys = _live_keys(live_keys, target, relationship.to_columns)
                if key not in keys:
                    row.dropped = changed = True
                    live_keys.clear()
                    note_once(source, f"{label(source.table)}: rows pointing to rows left "
                               f"out of {label(target.table)} were left out too")  # fmt: skip


def _live_keys(
    known: dict[tuple[Any, tuple[str, ...]], set[tuple[Any, ...]]],
    target: TableFill,
    columns: tuple[str, ...],
) -> set[tuple[Any, ...]]:
    found = known.get((target.table.qname, columns))
    if found is None:
        found = {key_of(row, columns) for row in target.live}
        known[(target.table.qname, columns)] = found
    return found
