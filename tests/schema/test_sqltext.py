import pytest

from designer.schema.model import ColumnType, QName
from designer.schema.sqltext import qualified, quote_ident, quote_literal, type_sql


@pytest.mark.parametrize(
    ("name", "quoted"),
    [
        ("users", "users"),
        ("user_id2", "user_id2"),
        ("order", '"order"'),
        ("user", '"user"'),
        ("integer", '"integer"'),  # a column-name keyword
        ("name", "name"),  # unreserved keywords need no quotes
        ("Users", '"Users"'),
        ("café", '"café"'),
        ("my table", '"my table"'),
        ('quote"d', '"quote""d"'),
        ("1st", '"1st"'),
        ("$x", '"$x"'),
    ],
)
def test_quote_ident_quotes_only_where_postgresql_needs_it(name, quoted):
    assert quote_ident(name) == quoted


def test_quote_literal_doubles_quotes():
    assert quote_literal("it's") == "'it''s'"


def test_qualified_leaves_out_public_only():
    assert qualified(QName("public", "users")) == "users"
    assert qualified(QName("Audit Log", "order")) == '"Audit Log"."order"'
    assert qualified(QName("public", "users"), omit_public=False) == "public.users"


@pytest.mark.parametrize(
    ("column_type", "sql"),
    [
        (ColumnType("varchar", length=255), "varchar(255)"),
        (ColumnType("varchar"), "varchar"),
        (ColumnType("numeric", precision=10, scale=2), "numeric(10,2)"),
        (ColumnType("numeric", precision=10), "numeric(10)"),
        (ColumnType("timestamptz", precision=3), "timestamptz(3)"),
        (ColumnType("double precision"), "double precision"),
        (ColumnType("text", array=True), "text[]"),
        (ColumnType("enum", enum=QName("public", "status")), "status"),
        (
            ColumnType("enum", enum=QName("sales", "Order State"), array=True),
            'sales."Order State"[]',
        ),
    ],
)
def test_type_sql(column_type, sql):
    assert type_sql(column_type) == sql


def test_public_names_that_pg_catalog_also_has_are_qualified():
    # pg_catalog is searched first: an unqualified "name" would be the built-in type.
    assert qualified(QName("public", "name")) == "public.name"
    assert qualified(QName("public", "pg_stats")) == "public.pg_stats"
    assert qualified(QName("public", "names")) == "names"
