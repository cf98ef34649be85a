"""The import summary's wording: nothing skipped goes unlisted, counts read naturally."""

from __future__ import annotations

from designer.importers.sql import import_sql
from designer.importers.summary import ImportSummary


def test_skipped_objects_are_listed_by_kind_with_their_names():
    summary = ImportSummary()
    for name in ("a", "b", "c"):
        summary.skip("view", name)
    summary.skip("view", "a")  # listed once
    summary.skip("policy", "p on t")
    assert summary.lines() == ["skipped: 3 views: a, b, c", "skipped: 1 policy: p on t"]


def test_passed_over_statements_are_counted_and_warnings_follow():
    summary = ImportSummary()
    summary.pass_over("setting", 12)
    summary.pass_over("ownership")
    summary.pass_over("meta-command", 0)
    summary.warn("something odd")
    assert summary.lines() == [
        "passed over: 12 settings, 1 ownership change",
        "warning: something odd",
    ]


def test_unskip_takes_an_object_back():
    summary = ImportSummary()
    summary.skip("function", "f()")
    summary.unskip("function", "f()")
    assert summary.skipped == {} and summary.lines() == []


def test_an_import_result_says_what_was_imported_first():
    result = import_sql(
        "CREATE TYPE mood AS ENUM ('ok'); CREATE TABLE t (a int PRIMARY KEY, b mood UNIQUE);"
        "CREATE VIEW v AS SELECT 1;"
    )
    assert result.lines() == [
        "imported: 1 table, 2 columns, 0 foreign keys, 0 indexes, 1 unique constraint, "
        "0 check constraints, 1 enum type, 1 SQL object",
        "kept as SQL: 1 view: v",
    ]
