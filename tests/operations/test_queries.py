"""Saved queries as operations: checked in one place (a unique name, one statement the
parser accepts — refused with its line and column — a frequency), one change each,
undone and redone through the one write path, kept on the project's row."""

from __future__ import annotations

import json

import pytest

from designer import models, store
from designer.operations import (
    AddQuery,
    ChangeQuery,
    Gone,
    Invalid,
    Patch,
    RemoveQuery,
    from_data,
    run,
)
from designer.operations.objects import SqlInvalid
from designer.operations.queries import MAX_SQL_CHARS
from designer.schema import design_file
from designer.schema.model import Frequency, SavedQuery
from designer.services import edits
from tests.support.migration_cases import BASE, key

LOGIN = "SELECT id FROM customers WHERE email = $1"


def add(name: str = "Login", sql: str = LOGIN, **values) -> AddQuery:
    return AddQuery(name=name, sql=sql, id=values.pop("id", key(f"query {name}")), **values)


# --- the operations, pure ----------------------------------------------------------------


def test_a_query_is_added_after_the_others_with_what_was_given():
    schema = run(BASE, [add("One"), add("Two", frequency="hourly", note="Nightly <b>")]).after
    one, two = schema.queries
    assert one == SavedQuery(key("query One"), "One", LOGIN, Frequency.PER_REQUEST, "")
    assert (two.name, two.frequency, two.note) == ("Two", Frequency.HOURLY, "Nightly <b>")


@pytest.mark.parametrize(
    ("values", "field", "words"),
    [
        ({"name": "  "}, "name", "Give the query a name."),
        ({"name": "x" * 101}, "name", "at most 100 characters"),
        ({"sql": ""}, "sql", "Write the query's SQL."),
        ({"sql": "   \n"}, "sql", "Write the query's SQL."),
        ({"sql": "x" * (MAX_SQL_CHARS + 1)}, "sql", "at most 100,000 characters"),
        ({"frequency": "weekly"}, "frequency", "Choose how often"),
        ({"note": "x" * 10_001}, "note", "at most 10,000"),
        ({"sql": "SELECT 1\x00"}, "sql", "NUL"),
    ],
)
def test_a_query_that_cannot_be_is_refused_at_its_input(values, field, words):
    with pytest.raises(Invalid) as refused:
        run(BASE, [add(**{"name": "Login", "sql": LOGIN, **values})])
    assert refused.value.field == field
    assert words in refused.value.message


@pytest.mark.parametrize(
    ("sql", "line", "column"),
    [
        ("SELECT id\n  FROM customers\n WHERE id = = 1", 3, None),
        ("SELECT id FROM WHERE", 1, None),
        ("SELECT 1; SELECT 2", None, None),
        ("CREATE TABLE t (id int)", None, None),
        ("(" * 10_000 + "SELECT 1" + ")" * 10_000, None, None),
    ],
)
def test_sql_the_parser_refuses_is_refused_with_where(sql, line, column):
    with pytest.raises(Invalid) as refused:
        run(BASE, [add(sql=sql)])
    error = refused.value
    assert error.field == "sql"
    if line is not None:
        assert isinstance(error, SqlInvalid)
        assert error.line == line
        assert error.position.startswith(f"{line}:")
        assert error.message.startswith(f"Line {line}, column ")


def test_a_name_the_design_does_not_have_is_not_refused():
    """It shows as an error of the analysis (and a finding of the review), not here."""
    schema = run(BASE, [add(sql="SELECT emial FROM nowhere WHERE x = $1")]).after
    assert schema.queries[0].sql == "SELECT emial FROM nowhere WHERE x = $1"


def test_names_are_unique_whatever_their_case_and_a_query_keeps_its_own():
    schema = run(BASE, [add("Login")]).after
    with pytest.raises(Invalid) as refused:
        run(schema, [add("LOGIN", id=key("other"))])
    assert refused.value.field == "name" and "already" in refused.value.message
    query = schema.queries[0]
    kept = run(schema, [ChangeQuery(query.id, "login", LOGIN, "rare", "")]).after
    assert kept.queries[0].name == "login" and kept.queries[0].frequency is Frequency.RARE
    with pytest.raises(Invalid):
        run(schema, [add("Login", id=query.id, sql=LOGIN)])  # the same id twice


def test_change_and_remove_of_a_query_that_is_gone_are_refused():
    for operation in (ChangeQuery(key("gone"), "x", LOGIN), RemoveQuery(key("gone"))):
        with pytest.raises(Gone):
            run(BASE, [operation])
    schema = run(BASE, [add()]).after
    removed = run(schema, [RemoveQuery(schema.queries[0].id)]).after
    with pytest.raises(Gone):
        run(removed, [ChangeQuery(schema.queries[0].id, "Login", LOGIN)])


def test_operations_travel_as_data_and_say_what_they_did():
    adding = add("Login", note="ü")
    schema = run(BASE, [adding]).after
    query_id = schema.queries[0].id
    changing = ChangeQuery(query_id, "Sign in", LOGIN, "per_minute", "")
    removing = RemoveQuery(query_id)
    for operation in (adding, changing, removing):
        data = json.loads(json.dumps(operation.to_data()))
        assert from_data(data) == operation
        assert operation.targets(schema) == {f"query:{query_id}"}
    assert adding.describe(BASE) == "Added the query Login"
    assert changing.describe(schema) == "Changed the query Login (now Sign in)"
    assert ChangeQuery(query_id, "Login", LOGIN).describe(schema) == "Changed the query Login"
    assert removing.describe(schema) == "Removed the query Login"
    assert removing.describe(BASE) == "Removed a query"


def test_the_patch_of_a_query_touches_that_query_only_and_round_trips_as_data():
    outcome = run(BASE, [add()])
    assert outcome.patch.touched() == {f"query:{key('query Login')}"}
    again = Patch.from_data(json.loads(json.dumps(outcome.patch.to_data())))
    assert again == outcome.patch
    assert again.apply(BASE) == outcome.after
    assert again.inverted().apply(outcome.after) == BASE


def test_the_design_file_keeps_the_queries():
    assert "queries" not in design_file.dump(BASE)
    schema = run(BASE, [add(frequency="daily", note="A <note>")]).after
    text = design_file.dumps(schema)
    assert json.loads(text)["queries"] == [design_file.query_data(schema.queries[0])]
    assert design_file.loads(text) == schema


# --- through the one write path ----------------------------------------------------------


@pytest.fixture
def project(db):
    return edits.create_project(name="Shop", slug="shop", schema=BASE)


def _fresh(project) -> models.Project:
    return models.Project.objects.get(pk=project.pk)


def test_a_query_is_one_change_kept_on_the_project_row_undone_and_redone(project):
    applied = edits.apply(project, [add()])
    (query,) = applied.schema.queries
    assert _fresh(project).queries == [design_file.query_data(query)]
    assert store.load_schema(_fresh(project)).queries == (query,)
    edits.apply(project, [ChangeQuery(query.id, "Sign in", LOGIN, "hourly", "")])
    assert store.current_schema(project).queries[0].name == "Sign in"
    edits.undo(project)
    assert store.current_schema(project).queries == (query,)
    edits.undo(project)
    assert store.current_schema(project).queries == ()
    assert _fresh(project).queries in ([], None)
    edits.redo(project)
    assert store.load_schema(_fresh(project)).queries == (query,)
    edits.apply(project, [RemoveQuery(query.id)])
    assert store.load_schema(_fresh(project)).queries == ()


def test_a_change_based_on_an_old_revision_conflicts_only_on_the_same_query(project):
    first = edits.apply(project, [add("One")])
    second = edits.apply(project, [add("Two")])
    one, two = second.schema.queries
    seen = first.revision
    edits.apply(project, [ChangeQuery(two.id, "Two", LOGIN, "rare", "")])
    edits.apply(project, [ChangeQuery(one.id, "Uno", LOGIN)], base_revision=seen)
    with pytest.raises(edits.Conflict):
        edits.apply(project, [RemoveQuery(two.id)], base_revision=seen)
