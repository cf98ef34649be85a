"""Properties of the analysis: on random designs and random queries over their tables and
columns (and on garbage), ``analyze`` never raises, and it reports an error only for a
name the design does not have."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from designer.schema.model import ObjectKind, Schema, Table
from designer.schema.sqltext import qualified, quote_ident
from designer.workbench.analysis import analyze, parse_error
from tests.strategies import schemas
from tests.support.examples import examples

UNKNOWN = "zz_not_in_the_design"

CONDITIONS = [
    "{c} = $1",
    "{c} = $1 AND {c} IS NOT NULL",
    "{c} IS NULL",
    "{c} IN ($1, $2)",
    "{c} > $2",
    "{c} BETWEEN $1 AND $2",
    "lower({c}::text) = $1",
    "{c}::text LIKE 'a%'",
    "{c}::text ILIKE '%a%'",
    "NOT ({c} IS NULL)",
    "({c} = $1 OR {c} = $2)",
    "{c} = ANY($3)",
    "{c}::text <> 'x'",
]


def _column(draw, table: Table, alias: str | None) -> str:
    name = draw(st.sampled_from(table.column_names))
    return f"{alias}.{quote_ident(name)}" if alias else quote_ident(name)


@st.composite
def queries(draw, schema: Schema) -> tuple[str, bool]:
    """(a query over the design's tables and columns, whether it names something the
    design does not have)."""
    tables = [table for table in schema.tables if table.columns]
    first = draw(st.sampled_from(tables))
    joined = draw(st.none() | st.sampled_from(tables))
    alias = "a" if joined is not None or draw(st.booleans()) else None
    sources = f"{qualified(first.qname)}{' AS a' if alias else ''}"
    if joined is not None:
        on = f"{_column(draw, first, 'a')} = {_column(draw, joined, 'b')}"
        kind = draw(st.sampled_from(["JOIN", "LEFT JOIN"]))
        sources += f" {kind} {qualified(joined.qname)} AS b ON {on}"
    unknown = draw(st.integers(0, 9)) == 0
    if draw(st.booleans()):
        selected = "*" if alias is None else draw(st.sampled_from(["*", "a.*"]))
    else:
        count = draw(st.integers(1, 3))
        selected = ", ".join(_column(draw, first, alias) for _ in range(count))
    if unknown:
        selected += f", {alias + '.' if alias else ''}{UNKNOWN}"
    conditions = [
        draw(st.sampled_from(CONDITIONS)).format(c=_column(draw, first, alias))
        for _ in range(draw(st.integers(0, 3)))
    ]
    if joined is not None and draw(st.booleans()):
        conditions.append(draw(st.sampled_from(CONDITIONS)).format(c=_column(draw, joined, "b")))
    other = draw(st.sampled_from(tables))
    if draw(st.integers(0, 4)) == 0:
        inner = quote_ident(draw(st.sampled_from(other.column_names)))
        outer = _column(draw, first, alias)
        conditions.append(f"{outer} NOT IN (SELECT {inner} FROM {qualified(other.qname)})")
    if draw(st.integers(0, 4)) == 0 and alias:
        inner = quote_ident(draw(st.sampled_from(other.column_names)))
        conditions.append(
            f"EXISTS (SELECT 1 FROM {qualified(other.qname)} x WHERE x.{inner} = "
            f"{_column(draw, first, alias)})"
        )
    sql = f"SELECT {selected} FROM {sources}"
    if conditions:
        sql += " WHERE " + " AND ".join(conditions)
    if draw(st.booleans()):
        keys = [
            _column(draw, first, alias) + draw(st.sampled_from(["", " DESC", " NULLS FIRST"]))
            for _ in range(draw(st.integers(1, 2)))
        ]
        sql += " ORDER BY " + ", ".join(keys)
    if draw(st.booleans()):
        sql += f" LIMIT {draw(st.sampled_from(['10', '$4', 'ALL']))}"
    if draw(st.booleans()):
        sql += f" OFFSET {draw(st.sampled_from(['0', '5000', '$5']))}"
    shape = draw(st.sampled_from(["plain", "cte", "subquery"]))
    if shape == "cte":
        sql = f"WITH q AS ({sql}) SELECT * FROM q"
    elif shape == "subquery":
        sql = f"SELECT s.* FROM ({sql}) AS s"
    views = [item for item in schema.sql_objects if item.kind is ObjectKind.VIEW]
    if views and draw(st.booleans()):
        view = draw(st.sampled_from(views))
        sql = f"SELECT v.anything FROM {qualified(view.qname)} v, ({sql}) AS w"
    return sql, unknown


@settings(
    max_examples=examples(100),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.data())
def test_queries_over_the_design_are_errors_only_for_names_it_does_not_have(data):
    schema = data.draw(schemas(max_tables=4, objects=True))
    if not any(table.columns for table in schema.tables):
        return
    sql, unknown = data.draw(queries(schema))
    assert parse_error(sql) is None, sql
    result = analyze(schema, sql, name="property")
    messages = [error.message for error in result.errors]
    if unknown:
        assert messages and all(UNKNOWN in message for message in messages), (sql, messages)
    else:
        assert messages == [], (sql, messages)
    for access in result.accesses:
        assert access.access.table in schema.tables_by_name
        if access.suggestion is not None:
            assert access.suggestion.sql.startswith("CREATE INDEX")
    # a cut-off query: whatever the analysis says, it says it without raising
    cut = data.draw(st.integers(0, len(sql)))
    for error in analyze(schema, sql[:cut]).errors:
        assert error.position is None or 0 <= error.position <= cut


@settings(max_examples=examples(100), deadline=None)
@given(st.text(max_size=200))
def test_garbage_never_raises(text):
    result = analyze(Schema(), text)
    assert result.ok == (result.errors == ())
    for error in result.errors:
        assert error.position is None or 0 <= error.position <= len(text)
