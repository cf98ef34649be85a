"""Section 8 of the schema document lists unique indexes among the uniqueness rules, a
partial one with the rows it covers (its WHERE), named as the DDL names the index."""

from __future__ import annotations

from dataclasses import replace

from designer.demo import demo_schema
from designer.generators.ddl import generate as ddl
from designer.generators.document import generate
from designer.schema.model import Index, IndexElement, Schema


def _section_8(document: str) -> str:
    return document.split("## 8. Data Integrity Rules")[1].split("## 9.")[0]


def _with_indexes(*indexes: Index) -> Schema:
    schema = demo_schema()
    users = next(t for t in schema.tables if t.name == "users")
    todos = next(t for t in schema.tables if t.name == "todos")
    tables = (users, replace(todos, indexes=(*todos.indexes, *indexes)))
    return replace(schema, tables=tables)


def test_a_unique_index_is_a_uniqueness_rule():
    unique = Index(
        "0b6a4a2e-0000-4000-8000-000000000001",
        (IndexElement(column="user_id"), IndexElement(expression="lower(title)")),
        name="ux_todos_user_title",
        unique=True,
    )
    section = _section_8(generate(_with_indexes(unique)))
    row = next(line for line in section.splitlines() if "ux_todos_user_title" in line)
    assert "(`user_id`, `(lower(title))`) is unique in `todos`" in row
    assert "| Database |" in row and "(UNIQUE INDEX)" in row
    assert "where" not in row


def test_a_partial_unique_index_says_which_rows():
    partial = Index(
        "0b6a4a2e-0000-4000-8000-000000000002",
        (IndexElement(column="user_id"), IndexElement(column="title")),
        unique=True,
        where="completed = false",
    )
    schema = _with_indexes(partial)
    section = _section_8(generate(schema))
    row = next(line for line in section.splitlines() if "among the rows where" in line)
    assert (
        "(`user_id`, `title`) is unique in `todos` among the rows where `completed = false`" in row
    )
    # named as the DDL creates it
    name = row.split("| Database | `")[1].split("`")[0]
    assert f"CREATE UNIQUE INDEX {name} ON todos" in ddl(schema)


def test_a_plain_index_is_not_a_rule():
    plain = Index(
        "0b6a4a2e-0000-4000-8000-000000000003", (IndexElement(column="title"),), name="ix_title"
    )
    assert "ix_title" not in _section_8(generate(_with_indexes(plain)))
