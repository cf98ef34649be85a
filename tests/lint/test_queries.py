"""The review and the saved queries: indexes no saved query uses (only when the project
has saved queries; never one that enforces uniqueness or covers a foreign key), and
saved queries that name what the design does not have."""

from __future__ import annotations

from dataclasses import replace

import pytest

from designer.demo import demo_schema
from designer.lint import Severity, Suppression, has_errors, lint
from designer.lint.findings import Target
from designer.schema.model import Frequency, Index, IndexElement, SavedQuery

INDEX_ID = "4b1c2d3e-5f6a-4b7c-8d9e-0f1a2b3c4d5e"
QUERY_ID = "6c2d3e4f-5a6b-4c7d-9e0f-1a2b3c4d5e6f"


def _with_index(schema, *columns: str, unique: bool = False, where: str | None = None):
    users, todos = schema.tables
    index = Index(
        id=INDEX_ID,
        elements=tuple(IndexElement(column=column) for column in columns),
        unique=unique,
        where=where,
    )
    return replace(schema, tables=(users, replace(todos, indexes=(*todos.indexes, index))))


def _rule(findings, rule):
    return [finding for finding in findings if finding.rule == rule]


def test_the_demo_with_its_saved_queries_has_no_finding():
    assert lint(demo_schema()) == []
    assert lint(demo_schema(), "relaxed") == []


# --- index-unused ---------------------------------------------------------------------------


def test_an_index_no_saved_query_uses_is_a_warning_naming_the_write_cost():
    schema = _with_index(demo_schema(), "title")
    (finding,) = _rule(lint(schema), "index-unused")
    assert finding.severity is Severity.WARNING
    assert finding.table == "todos"
    assert finding.message == "todos: no saved query uses index ix_todos_title."
    assert "the 3 saved queries" in finding.why
    assert "every INSERT, every UPDATE of title and every DELETE writes it" in finding.why
    assert "drop ix_todos_title" in finding.fix
    assert finding.target == Target(table=schema.tables[1].id, index=INDEX_ID)
    assert finding.auto_fixes == ()  # the saved queries may not be all the app runs
    (relaxed,) = _rule(lint(schema, "relaxed"), "index-unused")
    assert relaxed.severity is Severity.INFO


def test_without_saved_queries_no_index_is_unused():
    schema = replace(_with_index(demo_schema(), "title"), queries=())
    assert _rule(lint(schema), "index-unused") == []


def test_an_index_a_saved_query_uses_is_not_reported():
    schema = _with_index(demo_schema(), "due_date")
    assert _rule(lint(schema), "index-unused") == []
    # Without the query that reads todos by due_date, nothing uses it.
    others = tuple(q for q in schema.queries if q.name == "Sign in")
    assert len(_rule(lint(replace(schema, queries=others)), "index-unused")) == 1


def test_an_index_whose_queries_another_index_serves_is_unused_too():
    """Two indexes could serve "Todos due today": the analysis picks one for it, and the
    other serves no saved query (a shadowed index)."""
    schema = _with_index(demo_schema(), "due_date")
    users, todos = schema.tables
    other = Index(
        id=QUERY_ID,  # any other id
        elements=(IndexElement(column="due_date"),),
        where="NOT completed",
        include=("id", "user_id", "title"),
    )
    schema = replace(schema, tables=(users, replace(todos, indexes=(*todos.indexes, other))))
    (finding,) = _rule(lint(schema), "index-unused")
    assert finding.target.index in {INDEX_ID, QUERY_ID}


@pytest.mark.parametrize(
    ("columns", "unique", "where"),
    [
        (("title",), True, None),  # enforces uniqueness
        (("user_id", "title"), False, None),  # covers the foreign key to users
        (("user_id",), False, "user_id IS NOT NULL"),  # as fk-unindexed counts coverage
    ],
)
def test_indexes_kept_for_uniqueness_or_a_foreign_key_are_not_reported(columns, unique, where):
    schema = _with_index(demo_schema(), *columns, unique=unique, where=where)
    assert _rule(lint(schema), "index-unused") == []


def test_the_foreign_key_index_of_the_demo_is_kept_whatever_the_queries():
    only_sign_in = tuple(q for q in demo_schema().queries if q.name == "Sign in")
    assert lint(replace(demo_schema(), queries=only_sign_in)) == []


def test_an_unused_index_finding_can_be_suppressed():
    schema = _with_index(demo_schema(), "title")
    (finding,) = _rule(lint(schema), "index-unused")
    accepted = Suppression("index-unused", finding.target.key, "Read by a report job.")
    (kept,) = _rule(lint(schema, suppressions=[accepted]), "index-unused")
    assert kept.suppressed


def test_a_redundant_index_is_its_own_rule_with_or_without_saved_queries():
    schema = _with_index(demo_schema(), "user_id")  # a prefix of (user_id, completed)
    for queries in (schema.queries, ()):
        findings = lint(replace(schema, queries=queries))
        assert [f.rule for f in findings if f.target.index == INDEX_ID] == ["index-redundant"]


# --- query-broken ---------------------------------------------------------------------------


def _broken(sql: str, name: str = "Sign in (old)"):
    query = SavedQuery(QUERY_ID, name, sql, Frequency.PER_REQUEST)
    return replace(demo_schema(), queries=(*demo_schema().queries, query))


@pytest.mark.parametrize(
    ("sql", "named"),
    [
        ("SELECT id FROM users WHERE emial = $1", "emial"),
        ("SELECT id FROM people WHERE id = $1", "people"),
        ("SELECT t.nope FROM todos t", "nope"),
    ],
)
def test_a_saved_query_naming_what_the_design_lacks_is_an_error(sql, named):
    schema = _broken(sql)
    (finding,) = _rule(lint(schema), "query-broken")
    assert finding.severity is Severity.ERROR
    assert finding.message.startswith("Saved query “Sign in (old)”: ")
    assert named in finding.message and "(line 1, column " in finding.message
    assert finding.target == Target(query=QUERY_ID)
    assert finding.target.key == f"query={QUERY_ID}"
    assert finding.table is None
    assert has_errors(lint(schema))
    (relaxed,) = _rule(lint(schema, "relaxed"), "query-broken")
    assert relaxed.severity is Severity.ERROR


def test_a_rename_in_the_design_breaks_the_saved_query_that_used_the_old_name():
    schema = demo_schema()
    users, todos = schema.tables
    renamed = replace(
        todos,
        columns=tuple(
            replace(c, name="done") if c.name == "completed" else c for c in todos.columns
        ),
        indexes=(),
    )
    after = replace(schema, tables=(users, renamed))
    names = [f.message.split("”")[0] for f in _rule(lint(after), "query-broken")]
    assert names == ["Saved query “Open todos of a user", "Saved query “Todos due today"]


def test_a_broken_query_can_be_suppressed_by_its_target():
    schema = _broken("SELECT emial FROM users")
    accepted = Suppression("query-broken", f"query={QUERY_ID}", "Fixed in the next release.")
    findings = lint(schema, suppressions=[accepted])
    (finding,) = _rule(findings, "query-broken")
    assert finding.suppressed and not has_errors(findings)


def test_one_finding_per_query_counts_its_other_problems():
    from designer.workbench.analysis import analyze

    sql = "SELECT u.emial, u.nom FROM users u"
    schema = _broken(sql)
    (finding,) = _rule(lint(schema), "query-broken")
    errors = analyze(schema, sql).errors
    assert errors
    if len(errors) > 1:
        assert f"And {len(errors) - 1} more problem" in finding.message
