"""The document and the saved queries: section 9 lists them (with what serves each table
access, or the index suggested), section 5 says which queries each index serves — and
a design without saved queries gets the document it always got."""

from __future__ import annotations

import re
from dataclasses import replace

import markdown
import pytest

from designer.demo import demo_schema
from designer.generators.document import build, generate
from designer.schema.model import Frequency, Index, IndexElement, SavedQuery
from designer.schema.naming import assign_names
from tests.generators.test_document import ALLOWED_TAGS, HOSTILE, blocks
from tests.support.golden import assert_matches_golden


def _section(schema, number: int) -> str:
    document = build(schema)
    heading, body = document.sections[number - 1]
    assert heading.startswith(f"{number}. ")
    return body


def _with_index(schema, *columns: str, unique: bool = False, name: str = "extra"):
    users, todos = schema.tables
    index = Index(
        id={"extra": "1e7c0b6a-5d4e-4f3a-9b2c-1d0e9f8a7b6c"}.get(name, name),
        elements=tuple(IndexElement(column=column) for column in columns),
        unique=unique,
    )
    todos = replace(todos, indexes=(*todos.indexes, index))
    return replace(schema, tables=(users, todos)), index


# --- without saved queries: as before -------------------------------------------------------


def test_a_design_without_saved_queries_gets_the_document_it_always_got():
    """The golden file is the demo's document before saved queries existed."""
    document = generate(replace(demo_schema(), queries=()))
    assert_matches_golden("DATABASE_SCHEMA_without_queries.md", document)
    assert "Saved queries" not in document and "saved quer" not in document


# --- section 9 ------------------------------------------------------------------------------


def test_section_9_lists_the_saved_queries_first_then_the_examples():
    schema = demo_schema()
    body = _section(schema, 9)
    assert body.startswith("### Saved queries\n\n")
    saved, generated = body.split("### Examples generated from the design")
    assert "Queries as an application sends them" in generated
    assert "Queries as an application sends them" not in saved
    for query in schema.queries:
        assert f"```sql\n{query.sql}\n```" in saved
    assert (
        "**Open todos of a user**: runs per request. The main list: a user's open todos, "
        "soonest due first." in saved
    )
    assert "**Todos due today**: runs hourly." in saved
    positions = [saved.index(f"**{query.name}**") for query in schema.queries]
    assert positions == sorted(positions)


def test_section_9_says_what_serves_each_table_access_or_suggests_an_index():
    body = _section(demo_schema(), 9).split("### Examples generated")[0]
    # Each query reads one table: one line each saying what serves it, or that none does.
    accesses = re.findall(r"^- `(users|todos)`: (.*)$", body, flags=re.M)
    assert [table for table, _ in accesses] == ["todos", "users", "todos"]
    sign_in = accesses[1][1]
    # Nothing in the design serves lower(email): an expression index is suggested.
    assert sign_in == "no index serves it; the index suggested below would."
    assert "Suggested index on `users`" in body
    suggestions = re.findall(r"```sql\n(CREATE (?:UNIQUE )?INDEX[^\n]*)\n```", body)
    assert any("lower" in sql and "email" in sql for sql in suggestions)


def test_a_query_the_design_does_not_match_says_so():
    schema = demo_schema()
    broken = SavedQuery(
        "2f9a8b7c-6d5e-4f4a-8b3c-2d1e0f9a8b7c", "Old name", "SELECT emial FROM users"
    )
    body = _section(replace(schema, queries=(broken,)), 9)
    assert "**Old name**: runs per request." in body
    assert "It does not match the design: " in body
    assert "emial" in body


def test_hostile_query_text_stays_text():
    query = SavedQuery(
        "3a0b9c8d-7e6f-4a5b-9c4d-3e2f1a0b9c8d",
        HOSTILE,
        "SELECT id FROM users -- ``` <script>alert(1)</script>\n",
        Frequency.RARE,
        HOSTILE,
    )
    schema = replace(demo_schema(), queries=(query,))
    document = generate(schema)
    html = markdown.markdown(document, extensions=["tables", "fenced_code"])
    assert "<script>" not in html and "<b>" not in html
    assert set(re.findall(r"<(\w+)", html)) <= ALLOWED_TAGS | {"h4"}
    assert html.count("<h2>") == 10
    assert html.count("<pre>") == len(blocks(document))
    assert ("## 9. Query Examples", "sql", query.sql.rstrip("\n")) in blocks(document)
    assert "runs rarely." in document


# --- section 5 ------------------------------------------------------------------------------


def test_section_5_names_the_saved_queries_each_index_serves():
    schema = demo_schema()
    body = _section(schema, 5)
    header = next(line for line in body.splitlines() if line.startswith("| Index"))
    assert header == "| Index | Table | Definition | Rationale | Saved queries |"
    rows = {
        line.split(" | ")[0].strip("| `"): line
        for line in body.splitlines()
        if line.startswith("| `")
    }
    names = assign_names(schema)
    assert rows[names.primary_key(schema.tables[0])].endswith(
        "| none (it enforces the primary key) |"
    )
    # The sign-in query compares lower(email): the UNIQUE on email does not serve it.
    email = schema.tables[0].column("email")
    assert "| none (it enforces uniqueness) |" in rows[names.unique_column(email.id)]
    assert "costs writes without a reader" not in body


def test_section_5_says_an_index_no_query_uses_costs_writes_without_a_reader():
    schema, index = _with_index(demo_schema(), "title")
    body = _section(schema, 5)
    name = assign_names(schema).index(index.id)
    row = next(line for line in body.splitlines() if line.startswith(f"| `{name}`"))
    assert row.endswith("| **none**: it costs writes without a reader |")
    assert f"No saved query uses `{name}`: each costs every write without a reader." in body
    # Without saved queries the section says nothing of them.
    plain = _section(replace(schema, queries=()), 5)
    assert "Saved queries" not in plain and "without a reader" not in plain


def test_an_index_serving_a_query_names_it_with_how_often_it_runs():
    schema, index = _with_index(demo_schema(), "due_date")
    body = _section(schema, 5)
    name = assign_names(schema).index(index.id)
    row = next(line for line in body.splitlines() if line.startswith(f"| `{name}`"))
    assert "“Todos due today” (hourly)" in row.split(" | ")[-1]


@pytest.mark.parametrize("columns", [("title",), ("user_id", "title")])
def test_unique_and_foreign_key_indexes_are_kept_for_what_they_enforce(columns):
    unique = len(columns) == 1
    schema, index = _with_index(demo_schema(), *columns, unique=unique)
    body = _section(schema, 5)
    name = assign_names(schema).index(index.id)
    row = next(line for line in body.splitlines() if line.startswith(f"| `{name}`"))
    kept = "enforces uniqueness" if unique else "serves the foreign key's checks and joins"
    assert row.endswith(f"| none (it {kept}) |")
    assert "No saved query uses" not in body
