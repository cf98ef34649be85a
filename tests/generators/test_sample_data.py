"""The sample data: its exact text for the demo, and that it loads into the DDL's database.

Every script is run on a real PostgreSQL after the DDL; the rows that land are counted
against what ``build`` says it wrote. The hand-made schemas below each pin one thing the
generator promises (cycles, self-references, identity keys, checks, unique keys...).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import pytest
from hypothesis import event, given

from designer.demo import demo_schema
from designer.generators import ddl, sample_data
from designer.generators.sample_data import SampleDataOptions, build, generate
from designer.generators.sample_data.checks import evaluate, passes
from designer.generators.sample_data.hints import column_hints
from designer.schema import design_file
from designer.schema.expressions import expression_tree
from designer.schema.model import (
    CheckConstraint,
    Column,
    ColumnType,
    EnumType,
    Generated,
    Index,
    IndexElement,
    ManyToMany,
    PrimaryKey,
    QName,
    Relationship,
    Schema,
    Table,
    UniqueConstraint,
    Validation,
)
from designer.schema.sqltext import qualified
from designer.schema.validation import validate
from tests.strategies import schemas
from tests.support.golden import assert_matches_golden
from tests.support.postgres import one_database_per_test

PUBLIC = "public"


def _column(name: str, base: str = "text", **fields) -> Column:
    type_fields = {
        k: fields.pop(k) for k in ("length", "precision", "scale", "enum") if k in fields
    }
    return Column(f"c-{name}-{base}", name, ColumnType(base, **type_fields), **fields)


def _key(name: str = "id", base: str = "uuid", **fields) -> Column:
    default = "gen_random_uuid()" if base == "uuid" else None
    return _column(name, base, nullable=False, default=default, **fields)


def _table(name: str, *columns: Column, key: tuple[str, ...] | None = ("id",), **fields) -> Table:
    primary = PrimaryKey(key) if key else None
    # Ids are unique in a schema: the table's name makes its columns' ids its own.
    columns = tuple(replace(column, id=f"{name}.{column.name}") for column in columns)
    return Table(id=f"t-{name}", name=name, columns=columns, primary_key=primary, **fields)


def _fk(source: str, columns: tuple[str, ...], target: str, to: tuple[str, ...] = ("id",)):
    return Relationship(
        f"r-{source}-{'-'.join(columns)}",
        QName(PUBLIC, source),
        columns,
        QName(PUBLIC, target),
        to,
    )


def _count(conn, table: Table) -> int:
    return conn.execute(f"SELECT count(*) FROM {qualified(table.qname)}").fetchone()[0]


def load(pg_db, schema: Schema, options: SampleDataOptions | None = None):
    """Apply the DDL and the sample data; check the rows that landed; return the data."""
    assert validate(schema) == []
    data = build(schema, options)
    pg_db.run(ddl.generate(schema))
    pg_db.run(sample_data.render(data))
    with pg_db.connect() as conn:
        for table_data in data.tables:
            assert _count(conn, table_data.table) == len(table_data.rows), table_data.table.name
    return data


# --- text ---------------------------------------------------------------------------------


def test_the_demo_matches_the_golden_file():
    text = generate(demo_schema())
    assert_matches_golden("demo_sample_data.sql", text)


def test_the_demo_reads_like_real_data():
    data = build(demo_schema())
    users = data.rows(QName(PUBLIC, "users"))
    emails = [row["email"].py for row in users]
    assert emails[0] == "ada.lovelace@example.com"
    assert len(set(emails)) == 5
    assert all(row["password_hash"].py.startswith("$2b$12$") for row in users)
    assert len({row["full_name"].py for row in users}) == 5
    todos = data.rows(QName(PUBLIC, "todos"))
    assert todos[0]["title"].py == "Buy groceries for the week"
    user_ids = {row["id"].py for row in users}
    assert all(row["user_id"].py in user_ids for row in todos)
    # A row's own moments agree: updated after created, and todos after their users.
    for row in [*users, *todos]:
        assert row["updated_at"].py >= row["created_at"].py
    assert min(r["created_at"].py for r in todos) > max(r["created_at"].py for r in users)


@given(schemas())
def test_the_same_schema_gives_the_same_bytes_even_through_the_design_file(schema):
    text = generate(schema)
    assert generate(schema) == text
    assert generate(design_file.loads(design_file.dumps(schema))) == text


def test_the_seed_and_the_row_count_are_options():
    schema = demo_schema()
    assert generate(schema, SampleDataOptions(seed=2)) != generate(schema)
    data = build(schema, SampleDataOptions(rows=12))
    assert data.row_counts() == {QName(PUBLIC, "users"): 12, QName(PUBLIC, "todos"): 12}
    assert build(schema, SampleDataOptions(rows=0)).row_counts() == {
        QName(PUBLIC, "users"): 0,
        QName(PUBLIC, "todos"): 0,
    }


def test_a_table_keeps_its_rows_when_another_table_is_added():
    schema = demo_schema()
    extra = _table("audit", _key(), _column("note"))
    bigger = replace(schema, tables=(extra, *schema.tables))
    assert build(bigger).rows(QName(PUBLIC, "users")) == build(schema).rows(QName(PUBLIC, "users"))


# --- checks ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("expression", "row", "expected"),
    [
        ("x >= 0", {"x": 0}, True),
        ("x >= 0", {"x": -1}, False),
        ("x >= 0", {"x": None}, None),
        ("x BETWEEN 1 AND 5", {"x": 6}, False),
        ("x NOT BETWEEN 1 AND 5", {"x": 6}, True),
        ("status IN ('a', 'b')", {"status": "b"}, True),
        ("status NOT IN ('a', 'b')", {"status": "b"}, False),
        ("char_length(title) > 0", {"title": ""}, False),
        ("length(btrim(title)) >= 1", {"title": "  "}, False),
        ("a <= b OR b IS NULL", {"a": 3, "b": None}, True),
        ("a <= b OR b IS NULL", {"a": 3, "b": 2}, False),
        ("email LIKE '%@%'", {"email": "a@b"}, True),
        ("email ~* '^[a-z]+@'", {"email": "Ada@x"}, True),
        ("coalesce(x, 0) + 1 > 1", {"x": None}, False),
        ("NOT (x > 1)", {"x": 2}, False),
        ("d >= '2020-01-01'::date", {"d": __import__("datetime").date(2024, 1, 1)}, True),
        ("x IS DISTINCT FROM 1", {"x": None}, True),
    ],
)
def test_the_evaluator_follows_sql(expression, row, expected):
    assert evaluate(expression_tree(expression), row) is expected


def test_a_check_passes_on_null_as_in_sql():
    assert passes(expression_tree("x > 0"), {"x": None})


def test_hints_read_ranges_lengths_and_lists():
    hints = column_hints(
        expression_tree("x BETWEEN 2 AND 9 AND char_length(y) >= 3 AND z IN ('a', 'b')")
    )
    assert (hints["x"].low, hints["x"].high) == (2, 9)
    assert hints["y"].min_length == 3
    assert hints["z"].choices == ("a", "b")


# --- on a real PostgreSQL -------------------------------------------------------------------


@pytest.mark.postgres
def test_the_demo_loads_and_the_foreign_keys_agree(pg_db):
    load(pg_db, demo_schema())
    orphans = pg_db.query(
        "SELECT count(*) FROM todos t LEFT JOIN users u ON u.id = t.user_id WHERE u.id IS NULL"
    )
    assert orphans == [(0,)]
    assert pg_db.query("SELECT count(DISTINCT email) FROM users") == [(5,)]


@pytest.mark.postgres
def test_the_common_checks_are_satisfied(pg_db):
    table = _table(
        "products",
        _key(),
        _column("price", "numeric", precision=8, scale=2, nullable=False, check="price > 0"),
        _column("stock", "integer", nullable=False),
        _column("min_stock", "integer", nullable=False),
        _column("rating", "smallint", check="rating BETWEEN 1 AND 5"),
        _column(
            "status",
            "varchar",
            length=20,
            nullable=False,
            check="status IN ('draft', 'active', 'retired')",
        ),
        _column("sku", "char", length=8, nullable=False, unique=True, check="char_length(sku) = 8"),
        _column(
            "name",
            "varchar",
            length=40,
            nullable=False,
            validation=Validation(min_length=12, max_length=40),
        ),
        checks=(
            CheckConstraint("k-stock", "min_stock <= stock"),
            CheckConstraint("k-range", "stock >= 0 AND stock <= 100"),
        ),
    )
    data = load(pg_db, Schema(tables=(table,)))
    assert data.notes == ()
    rows = pg_db.query("SELECT price, stock, min_stock, status, sku, name FROM products")
    assert len(rows) == 5
    for price, stock, min_stock, status, sku, name in rows:
        assert price > 0 and 0 <= stock <= 100 and min_stock <= stock
        assert status in {"draft", "active", "retired"}
        assert len(sku) == 8 and 12 <= len(name) <= 40


@pytest.mark.parametrize("low", range(1, 41))
def test_text_is_padded_to_any_minimum_length(low):
    # A name one character short of the minimum was once padded with " " and stripped
    # again, for ever.
    name = _column(
        "name", "varchar", length=40, nullable=False, validation=Validation(min_length=low)
    )
    data = build(Schema(tables=(_table("products", _key(), name),)), SampleDataOptions(rows=12))
    names = [row["name"].py for row in data.tables[0].rows]
    assert len(names) == 12
    assert all(low <= len(text) <= 40 and text == text.strip() for text in names), names


@pytest.mark.postgres
def test_a_cycle_of_not_null_keys_is_one_statement(pg_db):
    a = _table("a", _key(), _key("b_id", unique=True))
    b = _table("b", _key(), _key("a_id"))
    schema = Schema(
        tables=(a, b), relationships=(_fk("a", ("b_id",), "b"), _fk("b", ("a_id",), "a"))
    )
    text = generate(schema)
    assert "WITH rows_1 AS (\n    INSERT INTO a" in text
    data = load(pg_db, schema)
    assert data.row_counts() == {QName(PUBLIC, "a"): 5, QName(PUBLIC, "b"): 5}


@pytest.mark.postgres
def test_a_cycle_through_a_nullable_key_is_closed_by_update(pg_db):
    a = _table("teams", _key(), _column("name"), _column("captain_id", "uuid"))
    b = _table("players", _key(), _key("team_id"), _column("name"))
    schema = Schema(
        tables=(a, b),
        relationships=(
            _fk("teams", ("captain_id",), "players"),
            _fk("players", ("team_id",), "teams"),
        ),
    )
    text = generate(schema)
    assert "UPDATE teams SET captain_id = " in text
    load(pg_db, schema)
    assert pg_db.query("SELECT count(*) FROM teams WHERE captain_id IS NOT NULL") != [(0,)]


@pytest.mark.postgres
def test_self_references_make_a_tree_or_point_to_themselves(pg_db):
    tree = _table("categories", _key(), _column("name"), _column("parent_id", "uuid"))
    ring = _table("nodes", _key(), _key("next_id", unique=True))
    schema = Schema(
        tables=(tree, ring),
        relationships=(
            _fk("categories", ("parent_id",), "categories"),
            _fk("nodes", ("next_id",), "nodes"),
        ),
    )
    load(pg_db, schema)
    assert pg_db.query("SELECT count(*) FROM categories WHERE parent_id IS NULL") >= [(1,)]
    assert pg_db.query("SELECT count(*) FROM nodes") == [(5,)]


@pytest.mark.postgres
def test_identity_keys_are_written_and_their_sequences_moved_past_them(pg_db):
    always = _key("id", "bigint", generated=Generated.IDENTITY_ALWAYS)
    serial = _key("id", "integer", generated=Generated.SERIAL)
    schema = Schema(
        tables=(
            _table("orders", always, _column("note")),
            _table("lines", serial, _column("order_id", "bigint", nullable=False)),
        ),
        relationships=(_fk("lines", ("order_id",), "orders"),),
    )
    text = generate(schema)
    assert "OVERRIDING SYSTEM VALUE" in text
    load(pg_db, schema)
    # The next row the database numbers itself does not collide with the sample keys.
    assert pg_db.query("INSERT INTO orders (note) VALUES ('next') RETURNING id") == [(6,)]


@pytest.mark.postgres
def test_unique_keys_limit_the_rows_and_the_script_says_so(pg_db):
    flags = _table("flags", _key(), _column("on", "boolean", nullable=False, unique=True))
    data = load(pg_db, Schema(tables=(flags,)))
    assert data.row_counts() == {QName(PUBLIC, "flags"): 2}
    assert data.notes == ("flags: only 2 of 5 rows: no new value for the unique key uq_flags_on",)
    assert "-- - flags: only 2 of 5 rows" in sample_data.render(data)


@pytest.mark.postgres
def test_composite_unique_keys_and_junction_tables_get_distinct_combinations(pg_db):
    left = _table("students", _key(), _column("name"))
    right = _table("courses", _key(), _column("title"))
    link = _table(
        "enrolments",
        _key("student_id"),
        _key("course_id"),
        _column("grade", "smallint"),
        key=("student_id", "course_id"),
    )
    slots = _table(
        "slots",
        _key(),
        _column("day", "smallint", nullable=False, check="day BETWEEN 1 AND 2"),
        _column("hour", "smallint", nullable=False, check="hour BETWEEN 8 AND 9"),
        uniques=(UniqueConstraint("u-slot", ("day", "hour")),),
    )
    schema = Schema(
        tables=(left, right, link, slots),
        relationships=(
            _fk("enrolments", ("student_id",), "students"),
            _fk("enrolments", ("course_id",), "courses"),
        ),
        many_to_many=(
            ManyToMany(
                "m",
                QName(PUBLIC, "students"),
                QName(PUBLIC, "courses"),
                QName(PUBLIC, "enrolments"),
            ),
        ),
    )
    data = load(pg_db, schema, SampleDataOptions(rows=8))
    assert data.row_counts()[QName(PUBLIC, "enrolments")] == 8
    assert data.row_counts()[QName(PUBLIC, "slots")] == 4  # 2 days x 2 hours


@pytest.mark.postgres
def test_enums_arrays_and_unique_expression_indexes_load(pg_db):
    status = EnumType("e-status", "status", ("draft", "published", "it's"))
    table = _table(
        "posts",
        _key(),
        _column("state", "enum", enum=status.qname, nullable=False),
        _column("title"),
        Column("c-tags", "tags", ColumnType("varchar", length=12, array=True)),
        Column("c-labels", "labels", ColumnType("enum", enum=status.qname, array=True)),
        indexes=(Index("i-lower", (IndexElement(expression="lower(title)"),), unique=True),),
    )
    load(pg_db, Schema(enums=(status,), tables=(table,)))
    assert pg_db.query("SELECT count(DISTINCT state) FROM posts") == [(3,)]


@pytest.mark.postgres
def test_a_check_it_cannot_read_is_reported_not_guessed(pg_db):
    table = _table(
        "events",
        _key(),
        _column("starts", "date", check="extract(year from starts) > 2000"),
    )
    data = load(pg_db, Schema(tables=(table,)))
    assert any(
        "CHECK ck_events_starts uses SQL the generator does not evaluate" in n for n in data.notes
    )


@pytest.mark.postgres
@one_database_per_test(max_examples=100)
@given(schema=schemas())
def test_generated_schemas_load_their_sample_data(pg_db, schema):
    pg_db.reset()
    data = load(pg_db, schema)
    _record(data)


def _record(data) -> None:
    """Hypothesis events: what the examples reach, and what had to be reported."""
    if any(len(unit) > 1 for unit in data.units):
        event("a cycle of NOT NULL keys (one statement)")
    if data.updates:
        event("a cycle closed by UPDATE")
    counts = Counter(len(t.rows) for t in data.tables)
    if any(rows < data.options.rows for rows in counts.elements()):
        event("a table with fewer rows than asked (noted)")
    for note in data.notes:
        event("note: " + note.split(": ", 1)[1].split(" for ")[0][:40])
