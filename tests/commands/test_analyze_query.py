"""analyze_query: the saved queries of a project, or the SQL of a file or standard input,
as text or JSON; exit status 1 when a query names what the design does not have, 2 for
an unknown project."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from tests.support.manage import fresh_store, manage

pytestmark = [pytest.mark.store, pytest.mark.django_db]


@pytest.fixture
def demo():
    call_command("seed_demo", stdout=io.StringIO())


def _run(*args, stdin: str | None = None) -> str:
    out = io.StringIO()
    options = {"stdin": io.StringIO(stdin)} if stdin is not None else {}
    call_command("analyze_query", *args, stdout=out, stderr=io.StringIO(), **options)
    return out.getvalue()


def test_the_saved_queries_as_text(demo):
    text = _run("demo")
    assert "Query “Open todos of a user” (per request)" in text
    assert "suggested index:" in text and "CREATE INDEX" in text
    assert "Serves" not in text  # the reason, not the rationale, is shown
    assert "finding [function-on-column]" in text


def test_the_saved_queries_as_json(demo):
    data = json.loads(_run("demo", "--format", "json"))
    assert data["project"] == "demo"
    names = [query["name"] for query in data["queries"]]
    assert names == ["Open todos of a user", "Sign in", "Todos due today"]
    first = data["queries"][0]
    assert first["ok"] and first["errors"] == []
    (access,) = first["accesses"]
    assert access["table"] == "public.todos"
    assert {p["column"] for p in access["predicates"]} == {"user_id", "completed"}
    assert access["suggestion"]["sql"].startswith("CREATE INDEX")
    assert set(access["suggestion"]) == {
        "sql",
        "reason",
        "extension",
        "method",
        "elements",
        "include",
        "where",
    }
    assert json.loads(_run("demo", "--format", "json")) == data  # stable


def test_a_file_of_statements_each_analysed(demo, tmp_path):
    path = tmp_path / "queries.sql"
    path.write_text(
        "SELECT id FROM todos WHERE title LIKE '%milk%';\n"
        "SELECT id FROM users ORDER BY created_at LIMIT 10 OFFSET 5000;\n",
        encoding="utf-8",
    )
    text = _run("demo", str(path))
    assert "Query “queries.sql #1”" in text and "Query “queries.sql #2”" in text
    assert "gin_trgm_ops" in text and "(needs the extension pg_trgm)" in text
    assert "finding [deep-offset]" in text and "rewrite:" in text


def test_standard_input_and_an_unknown_column_exit_1(demo):
    with pytest.raises(CommandError) as raised:
        _run("demo", "-", "--format", "json", stdin="SELECT emial FROM users")
    assert raised.value.returncode == 1
    assert "1 of 1 queries" in str(raised.value)


def test_a_text_that_does_not_parse_is_one_query_with_its_error(demo):
    with pytest.raises(CommandError):
        _run("demo", "-", stdin="SELECT FROM WHERE (")


def test_an_unknown_project_exits_2():
    with pytest.raises(CommandError) as raised:
        _run("nope")
    assert raised.value.returncode == 2


def test_exit_statuses_of_the_process(tmp_path):
    env = fresh_store(tmp_path)
    assert manage(env, "seed_demo").returncode == 0
    bad = tmp_path / "bad.sql"
    bad.write_text("SELECT nope FROM todos", encoding="utf-8")
    failed = manage(env, "analyze_query", "demo", str(bad))
    assert failed.returncode == 1
    assert "The design has no column “nope” in todos." in failed.stdout
    assert failed.stderr.strip().splitlines()[-1].startswith("CommandError: 1 of 1 queries")
    assert manage(env, "analyze_query", "nope").returncode == 2
