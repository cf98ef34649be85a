"""The memo by identity (``memo.identity_memo``): what is worked out per table survives
a change that does not touch the table, never answers for another object, and stays
bounded."""

from __future__ import annotations

from dataclasses import dataclass, replace

from benchmarks.synthetic import synthetic_schema
from designer.operations import EditField, run
from designer.schema import naming
from designer.schema.memo import IdentityMemo


@dataclass(frozen=True)
class Box:
    value: int


def test_equal_objects_are_not_taken_for_one_another():
    calls = []
    memo = IdentityMemo(lambda box: calls.append(box) or box.value, entries=10)
    first, twin = Box(1), Box(1)
    assert memo(first) == memo(first) == 1
    assert memo(twin) == 1
    assert calls == [first, twin]  # (the twin is equal, but another object)


def test_an_entry_holds_its_objects_so_an_identity_is_not_reused_while_it_lives():
    memo = IdentityMemo(lambda box: box.value, entries=10)
    for value in range(5):
        assert memo(Box(value)) == value  # each box is dropped by the caller at once


def test_the_memo_keeps_the_most_recently_used_entries_only():
    memo = IdentityMemo(lambda box: box.value, entries=3)
    boxes = [Box(n) for n in range(10)]
    for box in boxes:
        memo(box)
    assert len(memo) == 3
    calls = []
    counting = IdentityMemo(lambda box: calls.append(box.value) or box.value, entries=2)
    a, b, c = boxes[:3]
    counting(a), counting(b), counting(a), counting(c)  # c takes the place of b
    counting(a), counting(b)
    assert calls == [0, 1, 2, 1]


def test_a_field_edit_works_out_the_conventions_names_again_for_its_table_only():
    schema = synthetic_schema(40, 400, 48, seed=7)
    naming._table_conventional.cache_clear()
    assert naming.conventional_names(schema)
    assert len(naming._table_conventional) == len(schema.tables)
    table = schema.tables[3]
    column = table.column("field_0")
    after = run(schema, [EditField(column.id, {"name": "renamed"})]).after
    kept = sum(1 for before, now in zip(schema.tables, after.tables, strict=True) if before is now)
    assert kept == len(schema.tables) - 1
    names = naming.conventional_names(after)
    assert len(naming._table_conventional) == len(schema.tables) + 1
    naming._table_conventional.cache_clear()
    assert naming.conventional_names(replace(after)) == names  # worked out anew: the same
