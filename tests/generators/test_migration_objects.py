"""Migrations of the objects issue 16 carries: domains, sequences of their own, NOT VALID
constraints, partitions and the objects kept as SQL text (views, functions, triggers...).

The proof on PostgreSQL, for each kind: the DDL of version A applied, the migration up
run, and the whole catalog (``Catalog.whole()``: views, routines, sequences, domains,
partitioning, options...) compared with the DDL of version B applied to an empty
database; then the migration down, compared with A's.
"""

from __future__ import annotations

import functools
import io
import tempfile
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import psycopg
import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from psycopg.conninfo import conninfo_to_dict

from designer.generators import ddl
from designer.generators.migration_alembic import revision
from designer.generators.migration_sql import (
    DOWN,
    TRANSACTION_START,
    UP,
    Migration,
    MigrationError,
    drop_object_statements,
    migration,
    replaceable,
    split_statements,
)
from designer.schema.diff import Kind, diff
from designer.schema.model import (
    CheckConstraint,
    Column,
    ColumnType,
    Domain,
    Index,
    IndexElement,
    ObjectKind,
    PrimaryKey,
    QName,
    Relationship,
    Schema,
    Sequence,
    SqlObject,
    Table,
    UniqueConstraint,
)
from tests.generators.objects_schema import FILMS, PAYMENTS, YEAR, objects_schema
from tests.support.catalog import read_catalog
from tests.support.examples import examples
from tests.support.postgres import PgDatabase

EMPTY = Schema(name="Cinema", key_strategy="identity", timestamps_default=False)


def _cinema() -> Schema:
    """``objects_schema`` with its NOT VALID foreign key moved off the partitioned table
    (PostgreSQL up to 17 refuses one there) onto a table of reviews."""
    schema = objects_schema()
    reviews = Table(
        "t-reviews",
        "reviews",
        (
            Column("c-reviews-id", "review_id", ColumnType("integer"), False),
            Column("c-reviews-film", "film_id", ColumnType("integer"), False),
        ),
        primary_key=PrimaryKey(("review_id",)),
    )
    relationships = (
        *(replace(r, not_valid=False) for r in schema.relationships),
        Relationship("r-reviews-films", reviews.qname, ("film_id",), FILMS, ("film_id",),
                     not_valid=True),
    )  # fmt: skip
    return replace(schema, tables=(*schema.tables, reviews), relationships=relationships)


BASE = _cinema()


def _statements(m: Migration, direction: str = UP) -> list[str]:
    return [sql for step in m.steps(direction) for sql in step.statements]


def _table(schema: Schema, name: str) -> Table:
    return schema.table(QName("public", name))


def _with_table(schema: Schema, table: Table) -> Schema:
    return replace(schema, tables=tuple(table if t.id == table.id else t for t in schema.tables))


def _with_object(schema: Schema, item: SqlObject) -> Schema:
    objects = tuple(item if o.id == item.id else o for o in schema.sql_objects)
    return replace(schema, sql_objects=objects)


def _object(schema: Schema, identifier: str) -> SqlObject:
    return next(item for item in schema.sql_objects if item.id == identifier)


def _with_column(schema: Schema, table: str, column_id: str, **values) -> Schema:
    found = _table(schema, table)
    columns = tuple(replace(c, **values) if c.id == column_id else c for c in found.columns)
    return _with_table(schema, replace(found, columns=columns))


# --- versions of the cinema -----------------------------------------------------------------


def _domain_changed() -> Schema:
    year = BASE.domains[0]
    checks = (
        CheckConstraint("d-year-ck", "VALUE >= 1888 AND VALUE <= 2155", "year_check"),
        CheckConstraint("d-year-ck2", "VALUE <> 2000", "year_not_2000", not_valid=True),
    )
    changed = replace(year, checks=checks, default="2024", nullable=False,
                      description="A year.")  # fmt: skip
    return replace(BASE, domains=(changed,))


def _column_off_domain() -> Schema:
    return _with_column(BASE, "films", "c-films-year", type=ColumnType("integer"))


def _sequence_changed() -> Schema:
    sequence = replace(BASE.sequences[0], name="tickets_seq", increment=5, cache=1,
                       max_value=10_000_000, cycle=True,
                       owned_by=(FILMS, "ticket_number"))  # fmt: skip
    schema = replace(BASE, sequences=(sequence,))
    return _with_column(schema, "films", "c-films-ticket",
                        default="nextval('tickets_seq'::regclass)")  # fmt: skip


def _validated() -> Schema:
    films = _table(BASE, "films")
    films = replace(films, checks=tuple(replace(c, not_valid=False) for c in films.checks))
    schema = _with_table(BASE, films)
    relationships = tuple(replace(r, not_valid=False) for r in schema.relationships)
    return replace(schema, relationships=relationships)


def _new_partition() -> Schema:
    january = _table(BASE, "payments_2022_01")
    columns = tuple(replace(c, id=c.id.replace("pay01", "pay02")) for c in january.columns)
    february = replace(
        january,
        id="t-payments-2022-02",
        name="payments_2022_02",
        columns=columns,
        partition_bound=(
            "FOR VALUES FROM ('2022-02-01 00:00:00+00') TO ('2022-03-01 00:00:00+00')"
        ),
    )
    tables = list(BASE.tables)
    tables.insert(tables.index(january) + 1, february)
    return replace(BASE, tables=tuple(tables))


def _view_replaced() -> Schema:
    view = _object(BASE, "o-film-list")
    sql = view.sql.replace(
        "f.distributor_token\n", "f.distributor_token, f.release_year\n"
    ).replace("'<none>'", "'<nothing>'")
    new = replace(view, sql=sql, columns=(*view.columns, "release_year"))
    return _with_object(BASE, new)


def _view_rebuilt() -> Schema:
    """The view loses a column: CREATE OR REPLACE cannot, it is dropped and created."""
    view = _object(BASE, "o-film-list")
    sql = view.sql.replace(", f.distributor_token", "")
    return _with_object(BASE, replace(view, sql=sql, columns=("film_id", "title")))


def _column_a_view_reads_dropped() -> Schema:
    schema = _view_rebuilt()
    films = _table(schema, "films")
    films = replace(films, columns=tuple(c for c in films.columns if c.name != "distributor_token"))
    return _with_table(schema, films)


def _column_a_view_reads_retyped() -> Schema:
    return _with_column(BASE, "films", "c-films-secret", type=ColumnType("varchar", length=200))


def _function_changed() -> Schema:
    function = _object(BASE, "o-touch")
    sql = function.sql.replace("trim(NEW.title)", "btrim(NEW.title)")
    return _with_object(BASE, replace(function, sql=sql))


def _function_signature_changed() -> Schema:
    function = _object(BASE, "o-last-day")
    sql = function.sql.replace("timestamp with time zone", "timestamp without time zone", 1)
    return _with_object(BASE, replace(function, name="last_day(timestamp without time zone)",
                                      sql=sql))  # fmt: skip


def _trigger_changed() -> Schema:
    trigger = _object(BASE, "o-trigger")
    sql = trigger.sql.replace("BEFORE INSERT OR UPDATE", "BEFORE INSERT")
    return _with_object(BASE, replace(trigger, sql=sql))


def _option_removed() -> Schema:
    return replace(BASE, sql_objects=tuple(o for o in BASE.sql_objects if o.id != "o-option"))


def _partitioned_column_added() -> Schema:
    """A column of the partitioned table and of each partition: ALTER TABLE reaches them."""
    schema = BASE
    for table in BASE.tables:
        if table.qname == PAYMENTS or table.partition_of == PAYMENTS:
            note = Column(f"{table.id}-note", "note", ColumnType("text"), default="''")
            schema = _with_table(schema, replace(table, columns=(*table.columns, note)))
    return schema


def _bound_changed() -> Schema:
    rest = _table(BASE, "payments_default")
    bound = "FOR VALUES FROM ('2022-02-01 00:00:00+00') TO ('2023-01-01 00:00:00+00')"
    return _with_table(BASE, replace(rest, partition_bound=bound))


def _with_view_on_view(schema: Schema) -> Schema:
    view = SqlObject(
        "o-titles",
        ObjectKind.VIEW,
        "film_titles",
        "CREATE VIEW reports.film_titles AS SELECT film_list.title FROM public.film_list;",
        schema="reports",
        depends_on=(QName("public", "film_list"),),
        reads=(QName("public", "film_list"),),
        columns=("title",),
    )
    return replace(schema, sql_objects=(*schema.sql_objects, view))


def _domain_and_sequence_removed() -> Schema:
    schema = _with_column(_column_off_domain(), "films", "c-films-ticket", default=None)
    return replace(schema, domains=(), sequences=())


def _partitioned_index_added(on_partitions: bool) -> Schema:
    """An index of the partitioned table (and, as an import has them, of each partition)."""
    schema = BASE
    for table in BASE.tables:
        if table.qname == PAYMENTS or (on_partitions and table.partition_of == PAYMENTS):
            index = Index(f"{table.id}-ix", (IndexElement("film_id"),))
            schema = _with_table(schema, replace(table, indexes=(*table.indexes, index)))
    return schema


def _partitioned_check_and_key_added() -> Schema:
    payments = _table(BASE, "payments")
    check = CheckConstraint("k-pay-amount", "amount >= 0")
    schema = _with_table(BASE, replace(payments, checks=(check,)))
    reviews = _table(schema, "reviews")
    to_payments = Relationship("r-pay-reviews", PAYMENTS, ("film_id",), FILMS, ("film_id",),
                               name="fk_payments_film_again")  # fmt: skip
    del reviews
    return replace(schema, relationships=(*schema.relationships, to_payments))


def _partitioned_amount_nullable() -> Schema:
    """NOT NULL dropped from a column of the partitioned table and its partitions (the
    way down sets it, through a validated check on the partitioned table)."""
    schema = BASE
    for table in BASE.tables:
        if table.qname == PAYMENTS or table.partition_of == PAYMENTS:
            columns = tuple(
                replace(c, nullable=True) if c.name == "amount" else c for c in table.columns
            )
            schema = _with_table(schema, replace(table, columns=columns))
    return schema


def _partitioned_unique_added() -> Schema:
    schema = BASE
    for table in BASE.tables:
        if table.qname == PAYMENTS or table.partition_of == PAYMENTS:
            key = UniqueConstraint(f"{table.id}-uq", ("payment_id", "paid_at", "film_id"))
            schema = _with_table(schema, replace(table, uniques=(key,)))
    return schema


VERSIONS = {
    "everything created": (EMPTY, BASE),
    "domain check, default, NOT NULL, comment": (BASE, _domain_changed()),
    "column off its domain": (BASE, _column_off_domain()),
    "sequence renamed, options, owned by": (BASE, _sequence_changed()),
    "NOT VALID made valid": (BASE, _validated()),
    "a new partition": (BASE, _new_partition()),
    "view replaced in place": (BASE, _view_replaced()),
    "view dropped and created": (BASE, _view_rebuilt()),
    "column a view reads dropped": (BASE, _column_a_view_reads_dropped()),
    "column a view reads retyped": (BASE, _column_a_view_reads_retyped()),
    "function body changed": (BASE, _function_changed()),
    "function signature changed": (BASE, _function_signature_changed()),
    "trigger changed": (BASE, _trigger_changed()),
    "table option removed": (BASE, _option_removed()),
    "a column added to the partitioned table": (BASE, _partitioned_column_added()),
    "a partition's bound changed": (BASE, _bound_changed()),
    "a view on a view, in another schema, around a retyped column": (
        _with_view_on_view(BASE),
        _with_view_on_view(_column_a_view_reads_retyped()),
    ),
    "domain and sequence removed": (BASE, _domain_and_sequence_removed()),
    "an index of the partitioned table": (BASE, _partitioned_index_added(False)),
    "an index of the partitioned table and its partitions": (
        BASE,
        _partitioned_index_added(True),
    ),
    "a check and a foreign key of the partitioned table": (
        BASE,
        _partitioned_check_and_key_added(),
    ),
    "NOT NULL of the partitioned table": (BASE, _partitioned_amount_nullable()),
    "a unique key of the partitioned table and its partitions": (
        BASE,
        _partitioned_unique_added(),
    ),
}


# --- the SQL, read ------------------------------------------------------------------------


def test_everything_is_created_in_dependency_order_and_dropped_in_reverse():
    m = migration(EMPTY, BASE)
    up = _statements(m)
    text = "\n".join(up)
    order = [
        "CREATE FUNCTION public.touch_film()",
        "CREATE DOMAIN year",
        "CREATE SEQUENCE ticket_number_seq",
        "CREATE TABLE films",
        "ADD CONSTRAINT ck_films_title CHECK (char_length(title) > 0) NOT VALID",
        "CREATE TABLE payments (",
        "CREATE TABLE payments_2022_01",
        "ALTER TABLE reviews\n    ADD CONSTRAINT fk_reviews_film_id FOREIGN KEY (film_id) "
        "REFERENCES films (film_id) NOT VALID;",
        "ALTER TABLE payments ATTACH PARTITION payments_2022_01",
        "CREATE VIEW public.film_list",
        "CREATE TRIGGER films_touch",
    ]
    positions = [text.index(piece) for piece in order]
    assert positions == sorted(positions)
    assert not any("VALIDATE" in sql for sql in up)  # NOT VALID as designed
    down = "\n".join(_statements(m, DOWN))
    # a trigger and an option of a table the migration drops go with it
    (trigger,) = [
        step for step in m.down if step.sentence == "removed trigger films_touch on films"
    ]
    assert trigger.statements == () and "goes with its table" in trigger.comments[0]
    order = [
        "DROP VIEW film_list;",
        "ALTER TABLE payments DETACH PARTITION payments_2022_01;",
        "DROP TABLE payments;",
        "DROP TABLE films;",
        "DROP SEQUENCE IF EXISTS ticket_number_seq;",
        "DROP DOMAIN year;",
        "DROP FUNCTION touch_film();",
    ]
    positions = [down.index(piece) for piece in order]
    assert positions == sorted(positions)


def test_a_domain_check_change_is_drop_and_add_constraint_on_the_domain():
    statements = _statements(migration(BASE, _domain_changed()))
    assert statements == [
        "ALTER DOMAIN year SET DEFAULT 2024;",
        "ALTER DOMAIN year SET NOT NULL;",
        "ALTER DOMAIN year DROP CONSTRAINT year_check;",
        "ALTER DOMAIN year ADD CONSTRAINT year_check CHECK (VALUE >= 1888 AND VALUE <= 2155);",
        "ALTER DOMAIN year ADD CONSTRAINT year_not_2000 CHECK (VALUE <> 2000) NOT VALID;",
        "COMMENT ON DOMAIN year IS 'A year.';",
    ]


def test_a_column_to_or_from_a_domain_is_a_type_change():
    m = migration(BASE, _column_off_domain())
    assert [c.kind for c in m.up_diff.plan] == [Kind.COLUMN_TYPE]
    assert "ALTER TABLE films ALTER COLUMN release_year TYPE integer;" in _statements(m)
    assert "ALTER TABLE films ALTER COLUMN release_year TYPE year;" in _statements(m, DOWN)


def test_a_domain_renamed_is_a_rename_and_its_columns_do_not_change():
    renamed = replace(BASE.domains[0], name="film_year")
    schema = replace(BASE, domains=(renamed,))
    films = _table(schema, "films")
    film_year = ColumnType("integer", domain=QName("public", "film_year"))
    schema = _with_column(schema, "films", "c-films-year", type=film_year)
    del films
    m = migration(BASE, schema)
    assert _statements(m) == ["ALTER DOMAIN year RENAME TO film_year;"]


def test_a_domains_type_change_is_refused_with_the_reason():
    changed = replace(BASE.domains[0], type=ColumnType("bigint"))
    with pytest.raises(MigrationError, match="domain_type_changed"):
        migration(BASE, replace(BASE, domains=(changed,)))


def test_sequence_rename_options_and_owner():
    m = migration(BASE, _sequence_changed())
    statements = _statements(m)
    assert statements[0] == "ALTER SEQUENCE ticket_number_seq RENAME TO tickets_seq;"
    assert (
        "ALTER SEQUENCE tickets_seq INCREMENT BY 5 MAXVALUE 10000000 CACHE 1 CYCLE;" in statements
    )
    assert statements[-1] == "ALTER SEQUENCE tickets_seq OWNED BY films.ticket_number;"
    back = _statements(m, DOWN)
    assert back[0] == "ALTER SEQUENCE tickets_seq RENAME TO ticket_number_seq;"
    assert "ALTER SEQUENCE ticket_number_seq OWNED BY NONE;" in back


def test_validating_a_not_valid_constraint_is_validate_alone_after_the_commit():
    m = migration(BASE, _validated())
    steps = [step for step in m.up if "VALIDATE" in " ".join(step.statements)]
    assert [s for step in steps for s in step.statements] == [
        "ALTER TABLE films VALIDATE CONSTRAINT ck_films_title;",
        "ALTER TABLE reviews VALIDATE CONSTRAINT fk_reviews_film_id;",
    ]
    for step in steps:
        assert step.after_commit and step.outside
        assert any("only a SHARE UPDATE EXCLUSIVE lock" in note for note in step.comments)
    # the way back: dropped and added NOT VALID again (PostgreSQL cannot unvalidate)
    back = "\n".join(_statements(m, DOWN))
    assert "CHECK (char_length(title) > 0) NOT VALID;" in back
    assert "REFERENCES films (film_id) NOT VALID;" in back


def test_a_new_partition_is_created_then_attached_and_a_removed_one_detached_then_dropped():
    m = migration(BASE, _new_partition())
    up = _statements(m)
    assert up[0].startswith("CREATE TABLE payments_2022_02 (")
    assert up[-1] == (
        "ALTER TABLE payments ATTACH PARTITION payments_2022_02 "
        "FOR VALUES FROM ('2022-02-01 00:00:00+00') TO ('2022-03-01 00:00:00+00');"
    )
    down = m.steps(DOWN)
    assert down[0].statements == (
        "ALTER TABLE payments DETACH PARTITION payments_2022_02;",
        "DROP TABLE payments_2022_02;",
    )
    assert down[0].destructive


def test_a_partition_key_change_is_refused_as_a_rebuild():
    payments = replace(_table(BASE, "payments"), partition_by="LIST (film_id)")
    with pytest.raises(MigrationError, match="rebuild"):
        migration(BASE, _with_table(BASE, payments))


def test_a_compatible_view_change_is_create_or_replace():
    m = migration(BASE, _view_replaced())
    (sql,) = _statements(m)
    assert sql.startswith("CREATE OR REPLACE VIEW public.film_list AS")


def test_an_incompatible_view_change_is_dropped_before_and_created_after():
    m = migration(BASE, _view_rebuilt())
    assert _statements(m)[0] == "DROP VIEW film_list;"
    assert _statements(m)[-1].startswith("CREATE VIEW public.film_list AS")


def test_a_column_a_view_reads_is_dropped_between_the_views_drop_and_creation():
    m = migration(BASE, _column_a_view_reads_dropped())
    up = _statements(m)
    drop = up.index("ALTER TABLE films DROP COLUMN distributor_token;")
    assert up.index("DROP VIEW film_list;") < drop
    assert drop < next(n for n, sql in enumerate(up) if sql.startswith("CREATE VIEW"))
    step = next(step for step in m.up if step.kind is Kind.COLUMN_REMOVED)
    assert any("view film_list reads films.distributor_token" in note for note in step.comments)


def test_a_retyped_column_a_view_reads_drops_and_creates_the_unchanged_view():
    m = migration(BASE, _column_a_view_reads_retyped())
    first, last = m.up[0], m.up[-1]
    assert first.statements == ("DROP VIEW film_list;",)
    assert "it reads films.distributor_token, which changes type" in first.sentence
    assert last.statements[0].startswith("CREATE VIEW public.film_list AS")
    assert last.sentence.startswith("created view film_list again")


def test_a_function_body_change_is_create_or_replace_and_a_signature_change_drop_and_create():
    (sql,) = [s for s in _statements(migration(BASE, _function_changed())) if "FUNCTION" in s]
    assert sql.startswith("CREATE OR REPLACE FUNCTION public.touch_film()")
    statements = _statements(migration(BASE, _function_signature_changed()))
    assert "DROP FUNCTION last_day(timestamp with time zone);" in statements
    assert any(
        s.startswith("CREATE FUNCTION public.last_day(timestamp without") for s in statements
    )


def test_a_trigger_whose_function_is_dropped_and_created_goes_with_it():
    function = _object(BASE, "o-touch")
    sql = function.sql.replace("RETURNS trigger", "RETURNS trigger\n    SECURITY DEFINER")
    sql = sql.replace("touch_film()", "touch_film(integer)")
    changed = replace(function, sql=sql, name="touch_film(integer)")
    assert not replaceable(function, changed)


def test_drops_are_derived_from_kind_and_name():
    def drop(kind, name, sql="", schema="public"):
        return drop_object_statements(SqlObject("x", kind, name, sql, schema))

    assert drop(ObjectKind.FUNCTION, "f(integer, text)") == ["DROP FUNCTION f(integer, text);"]
    assert drop(ObjectKind.PROCEDURE, "p()", schema="s") == ["DROP PROCEDURE s.p();"]
    assert drop(ObjectKind.TRIGGER, "t on films", schema="s") == ["DROP TRIGGER t ON s.films;"]
    assert drop(ObjectKind.POLICY, "own rows on films") == ['DROP POLICY "own rows" ON films;']
    assert drop(ObjectKind.MATERIALIZED_VIEW, "m") == ["DROP MATERIALIZED VIEW m;"]
    assert drop(ObjectKind.COMMENT, "schema s", "COMMENT ON SCHEMA s IS 'It is; yes';") == [
        "COMMENT ON SCHEMA s IS NULL;"
    ]
    assert drop(ObjectKind.TABLE_OPTION, "t (CLUSTER ON i)",
                "ALTER TABLE ONLY public.t CLUSTER ON i;") == [
        "ALTER TABLE public.t SET WITHOUT CLUSTER;"
    ]  # fmt: skip
    assert drop(ObjectKind.TABLE_OPTION, "t.c (SET)",
                "ALTER TABLE ONLY t ALTER COLUMN c SET (n_distinct = -0.5);") == [
        "ALTER TABLE ONLY t ALTER COLUMN c RESET (n_distinct);"
    ]  # fmt: skip
    with pytest.raises(MigrationError):
        drop(ObjectKind.OTHER, "x", "CREATE CAST (text AS int) WITH INOUT;")


def test_statements_are_split_where_postgresql_ends_them():
    sql = (
        "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1; $$;\n"
        "COMMENT ON FUNCTION f() IS 'a; b';"
    )
    assert split_statements(sql) == [
        "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1; $$;",
        "COMMENT ON FUNCTION f() IS 'a; b';",
    ]


def test_the_diff_says_each_change_in_a_sentence():
    sentences = diff(BASE, _sequence_changed()).describe()
    assert "renamed sequence ticket_number_seq to tickets_seq" in sentences
    assert "sequence tickets_seq owned by films.ticket_number" in sentences
    assert diff(BASE, _validated()).describe() == [
        "validated check constraint ck_films_title on films",
        "validated foreign key fk_reviews_film_id on reviews",
    ]
    assert diff(BASE, BASE).empty
    assert diff(_cinema(), _cinema()).empty


# --- the proof on PostgreSQL ----------------------------------------------------------------


def _run(conn: psycopg.Connection, m: Migration, direction: str) -> None:
    for inside, steps in m.blocks(direction):
        if inside:
            script = [TRANSACTION_START, *(sql for step in steps for sql in step.statements)]
            conn.execute("BEGIN;\n" + "\n".join(script) + "\nCOMMIT;")  # type: ignore[arg-type]
        else:
            for step in steps:
                for sql in step.statements:
                    conn.execute(sql)  # type: ignore[arg-type]


def _rebuild(conn: psycopg.Connection, script: str) -> None:
    conn.execute("ROLLBACK")  # a script that failed half-way left its transaction open
    names = conn.execute(
        "SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' "
        "AND nspname <> 'information_schema'"
    ).fetchall()
    drops = "".join(f'DROP SCHEMA "{name}" CASCADE;' for (name,) in names)
    conn.execute(drops + "CREATE SCHEMA public")  # type: ignore[arg-type]
    if script:
        conn.execute(script)  # type: ignore[arg-type]


def _whole(conn: psycopg.Connection) -> dict:
    catalog = read_catalog(conn)
    return catalog.whole() if hasattr(catalog, "whole") else {"catalog": catalog}


def _differences(found: dict, expected: dict) -> dict:
    return {
        key: (found.get(key), expected.get(key))
        for key in expected.keys() | found.keys()
        if found.get(key) != expected.get(key)
    }


@pytest.fixture
def two(pg_server):
    source, target = pg_server.create_database("objm"), pg_server.create_database("objm2")
    with source.connect() as conn, target.connect() as target_conn:
        conn.autocommit = True
        target_conn.autocommit = True
        yield conn, target_conn
    source.drop()
    target.drop()


def _prove(conn, target_conn, old: Schema, new: Schema, m: Migration | None = None) -> None:
    m = m or migration(old, new)
    _rebuild(target_conn, ddl.generate(new))
    expected_new = _whole(target_conn)
    _rebuild(target_conn, ddl.generate(old) if old.tables or old.sql_objects else "")
    expected_old = _whole(target_conn)
    _rebuild(conn, ddl.generate(old) if old.tables or old.sql_objects else "")
    _run(conn, m, UP)
    assert _differences(_whole(conn), expected_new) == {}, m.sql(UP)
    _run(conn, m, DOWN)
    assert _differences(_whole(conn), expected_old) == {}, m.sql(DOWN)


@pytest.mark.postgres
@pytest.mark.parametrize("name", list(VERSIONS))
def test_up_gives_bs_whole_catalog_and_down_gives_as(two, name):
    old, new = VERSIONS[name]
    _prove(*two, old, new)


@pytest.mark.postgres
def test_rows_survive_a_new_partition_and_a_view_rebuilt_around_a_retyped_column(two):
    conn, target_conn = two
    new = _new_partition()
    new = _with_column(new, "films", "c-films-secret", type=ColumnType("varchar", length=200))
    m = migration(BASE, new)
    _rebuild(conn, ddl.generate(BASE))
    conn.execute(
        "INSERT INTO films (title, release_year, distributor_token) VALUES ('Up', 2009, 'x');"
        "INSERT INTO payments SELECT 1, film_id, 3.5, '2022-02-10' FROM films;"
        "INSERT INTO payments SELECT 2, film_id, 4.5, '2022-01-10' FROM films;"
    )
    with pytest.raises(psycopg.errors.CheckViolation):
        # the row of February sits in the default partition: ATTACH refuses the bound
        _run(conn, m, UP)
    conn.execute("ROLLBACK")  # the script's transaction: nothing of it stays
    conn.execute("DELETE FROM payments WHERE payment_id = 1")
    _rebuild(target_conn, ddl.generate(new))
    expected = _whole(target_conn)
    _run(conn, m, UP)
    assert _differences(_whole(conn), expected) == {}
    conn.execute("INSERT INTO payments SELECT 3, film_id, 1, '2022-02-11' FROM films")
    rows = conn.execute(
        "SELECT tableoid::regclass::text, payment_id FROM payments ORDER BY 2"
    ).fetchall()
    assert rows == [("payments_2022_01", 2), ("payments_2022_02", 3)]
    assert conn.execute("SELECT title, distributor_token FROM film_list").fetchall() == [
        ("Up", "x")
    ]


# --- Alembic ------------------------------------------------------------------------------

ENV_PY = """\
from alembic import context
from sqlalchemy import engine_from_config, pool

config = context.config
engine = engine_from_config(
    config.get_section(config.config_ini_section, {}), prefix="sqlalchemy.",
    poolclass=pool.NullPool,
)
with engine.connect() as connection:
    context.configure(connection=connection, target_metadata=None,
                      transaction_per_migration=True)
    with context.begin_transaction():
        context.run_migrations()
"""


def _url(db: PgDatabase) -> str:
    info = conninfo_to_dict(db.url)
    port = info.pop("port", None)
    return sa.URL.create(
        "postgresql+psycopg",
        username=info.pop("user", None),
        password=info.pop("password", None),
        host=info.pop("host", None),
        port=int(port) if port else None,
        database=info.pop("dbname", None),
        query={key: str(value) for key, value in info.items()},
    ).render_as_string(hide_password=False)


@contextmanager
def _alembic(db: PgDatabase, source: str):
    with tempfile.TemporaryDirectory(prefix="alembic_") as directory:
        root = Path(directory)
        (root / "versions").mkdir()
        (root / "env.py").write_text(ENV_PY, encoding="utf-8")
        (root / "versions" / "a1b2c3d4e5f6_migration.py").write_text(source, encoding="utf-8")
        config = Config(output_buffer=io.StringIO())
        config.set_main_option("script_location", str(root))
        config.set_main_option("sqlalchemy.url", _url(db).replace("%", "%%"))
        yield config


def _without_alembic(whole: dict) -> dict:
    def keep(key) -> bool:
        return not (isinstance(key, tuple) and "alembic_version" in key)

    return {
        part: {k: v for k, v in value.items() if keep(k)} if isinstance(value, dict) else value
        for part, value in whole.items()
    }


@pytest.mark.postgres
@pytest.mark.parametrize(
    "name", ["everything created", "column a view reads dropped", "NOT VALID made valid"]
)
def test_the_alembic_revision_runs_the_same_migration(pg_server, name):
    old, new = VERSIONS[name]
    m = migration(old, new)
    source = revision(m, message=name, revision="a1b2c3d4e5f6")
    db, target = pg_server.create_database("alem"), pg_server.create_database("alem2")
    try:
        with db.connect() as conn:
            conn.autocommit = True
            _rebuild(conn, ddl.generate(old) if old.tables else "")
        with target.connect() as conn:
            conn.autocommit = True
            _rebuild(conn, ddl.generate(new))
            expected_new = _whole(conn)
            _rebuild(conn, ddl.generate(old) if old.tables else "")
            expected_old = _whole(conn)
        with _alembic(db, source) as config:
            command.upgrade(config, "head")
            with db.connect() as conn:
                assert _differences(_without_alembic(_whole(conn)), expected_new) == {}
            command.downgrade(config, "base")
            with db.connect() as conn:
                assert _differences(_without_alembic(_whole(conn)), expected_old) == {}
    finally:
        db.drop()
        target.drop()


# --- a property: any subset of the cinema's changes, applied together ------------------------


def _combined(picks: list[str]) -> Schema:
    """BASE with the changes of several versions applied one over the other: each
    version's differences from BASE (a part it changed, an object it added or removed)."""
    result = BASE
    for name in picks:
        _, version = VERSIONS[name]
        for part in ("domains", "sequences", "relationships"):
            if getattr(version, part) != getattr(BASE, part):
                result = replace(result, **{part: getattr(version, part)})
        result = replace(
            result,
            sql_objects=_merged(BASE.sql_objects, result.sql_objects, version.sql_objects),
            tables=_merged(BASE.tables, result.tables, version.tables, _merge_table),
        )
    return result


def _merged(base, current, version, merge=None):
    """``current`` with what ``version`` changed from ``base``, by id, in version order."""
    before = {item.id: item for item in base}
    now = {item.id: item for item in current}
    out = []
    for item in version:
        was = before.get(item.id)
        if was is None:
            out.append(item)
        elif item.id not in now:
            continue  # an earlier pick removed it
        elif item == was:
            out.append(now[item.id])
        else:
            out.append(merge(now[item.id], was, item) if merge else item)
    kept = {item.id for item in version}
    out += [item for item in current if item.id not in kept and item.id not in before]
    return tuple(out)


def _merge_table(current: Table, base: Table, version: Table) -> Table:
    values = {}
    for part in ("checks", "indexes", "uniques", "partition_bound"):
        if getattr(version, part) != getattr(base, part):
            values[part] = getattr(version, part)
    columns = _merged(base.columns, current.columns, version.columns)
    return replace(current, columns=columns, **values)


_COMBINABLE = [
    "domain check, default, NOT NULL, comment",
    "column off its domain",
    "sequence renamed, options, owned by",
    "NOT VALID made valid",
    "a new partition",
    "view replaced in place",
    "column a view reads dropped",
    "column a view reads retyped",
    "function body changed",
    "trigger changed",
    "table option removed",
    "a column added to the partitioned table",
    "a partition's bound changed",
    "an index of the partitioned table and its partitions",
    "a check and a foreign key of the partitioned table",
    "NOT NULL of the partitioned table",
    "a unique key of the partitioned table and its partitions",
]


@pytest.mark.postgres
def test_any_combination_of_the_changes_migrates_both_ways(two):
    conn, target_conn = two

    slow = [HealthCheck.too_slow, HealthCheck.function_scoped_fixture]

    @settings(max_examples=examples(25), deadline=None, suppress_health_check=slow)
    @given(st.lists(st.sampled_from(_COMBINABLE), min_size=2, max_size=5, unique=True))
    def case(picks: list[str]) -> None:
        if "column a view reads dropped" in picks and "view replaced in place" in picks:
            picks.remove("view replaced in place")
        if "column a view reads dropped" in picks and "column a view reads retyped" in picks:
            picks.remove("column a view reads retyped")
        if "a new partition" in picks and "a column added to the partitioned table" in picks:
            picks.remove("a new partition")  # its partition would miss the new column
        if "a new partition" in picks and "a partition's bound changed" in picks:
            picks.remove("a new partition")  # the two bounds would overlap
        new = _combined(picks)
        _prove(conn, target_conn, BASE, new)

    case()


def test_domain_and_sequence_models_exist():
    # the names this module relies on, kept in one place
    assert isinstance(BASE.domains[0], Domain) and isinstance(BASE.sequences[0], Sequence)
    assert YEAR in BASE.domains_by_name and PAYMENTS in BASE.tables_by_name
    assert isinstance(_table(BASE, "films").columns[0], Column)


# --- the corpus: every object of real schemas, created and dropped by a migration ----------

CORPUS = Path(__file__).parent.parent / "corpus"


@functools.cache
def _corpus_schema(name: str) -> Schema:
    from designer.importers.sql import import_sql

    text = (CORPUS / name / "schema.sql").read_text(encoding="utf-8")
    return import_sql(text, name=name).schema


_CORPUS_NAMES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir())


def _nothing_of(schema: Schema) -> Schema:
    return replace(schema, tables=(), relationships=(), many_to_many=(), enums=(), domains=(),
                   sequences=(), sql_objects=(), extensions=())  # fmt: skip


@pytest.mark.postgres
@pytest.mark.parametrize("name", _CORPUS_NAMES)
def test_a_corpus_schema_migrates_up_from_nothing_and_down_again(two, name):
    conn, target_conn = two
    schema = _corpus_schema(name)
    _rebuild(target_conn, ddl.generate(schema))
    _prove(conn, target_conn, _nothing_of(schema), schema)


def _retyped_under_views(schema: Schema) -> tuple[Schema, int]:
    """``schema`` with every text or varchar column a view, materialized view, trigger,
    policy or rule reads turned into the other (PostgreSQL refuses to retype a column a
    view reads: the migration must drop the objects first and create them again)."""
    tracked = (ObjectKind.VIEW, ObjectKind.MATERIALIZED_VIEW, ObjectKind.TRIGGER,
               ObjectKind.POLICY, ObjectKind.RULE)  # fmt: skip
    count = 0
    tables = []
    for table in schema.tables:
        readers = [o for o in schema.objects_reading(table.qname) if o.kind in tracked]
        columns = []
        for column in table.columns:
            kind = column.type
            read = any(column.name in o.columns for o in readers)
            if read and kind.domain is None and not kind.array and kind.base in ("text", "varchar"):
                flipped = ColumnType("varchar", 4000) if kind.base == "text" else ColumnType("text")
                column = replace(column, type=flipped)
                count += 1
            columns.append(column)
        tables.append(replace(table, columns=tuple(columns)))
    return replace(schema, tables=tuple(tables)), count


# The corpus schemas with a text column a view reads, and those keeping objects as SQL.
_VIEWS_READ_TEXT = ("adventureworks", "graphile_worker", "pagila")
_KEEP_OBJECTS = ("adventureworks", "graphile_worker", "openstreetmap", "pagila", "pgboss",
                 "pgqueuer", "procrastinate")  # fmt: skip


def test_the_corpus_lists_above_are_what_the_corpus_holds():
    assert tuple(n for n in _CORPUS_NAMES if _retyped_under_views(_corpus_schema(n))[1]) == (
        _VIEWS_READ_TEXT
    )
    assert tuple(n for n in _CORPUS_NAMES if _corpus_schema(n).sql_objects) == _KEEP_OBJECTS


@pytest.mark.postgres
@pytest.mark.parametrize("name", _VIEWS_READ_TEXT)
def test_a_corpus_schemas_columns_under_its_views_are_retyped_around_them(two, name):
    conn, target_conn = two
    schema = _corpus_schema(name)
    new, count = _retyped_under_views(schema)
    assert count
    _rebuild(target_conn, ddl.generate(new))
    m = migration(schema, new)
    dropped = [step for step in m.up if step.kind is Kind.OBJECT_REMOVED]
    assert dropped and all("changes type" in step.sentence or "depends on" in step.sentence
                           for step in dropped)  # fmt: skip
    _prove(conn, target_conn, schema, new, m)


@pytest.mark.postgres
@pytest.mark.parametrize("name", _KEEP_OBJECTS)
def test_every_object_of_a_corpus_schema_changed_at_once_migrates_both_ways(two, name):
    """Each object's text changed (a comment PostgreSQL does not keep): views and
    functions are replaced in place, the others dropped and created again with whatever
    depends on them, dependants first."""
    conn, target_conn = two
    schema = _corpus_schema(name)
    objects = tuple(replace(o, sql=f"-- touched\n{o.sql}") for o in schema.sql_objects)
    new = replace(schema, sql_objects=objects)
    _rebuild(target_conn, ddl.generate(new))
    _prove(conn, target_conn, schema, new)


@pytest.mark.postgres
def test_a_column_moved_to_a_domain_with_checks_is_rewritten_as_the_step_says(two):
    conn, _ = two
    _rebuild(conn, ddl.generate(_column_off_domain()))
    conn.execute("INSERT INTO films (title, release_year) VALUES ('Up', 2009)")

    def relation() -> int:
        return conn.execute("SELECT relfilenode FROM pg_class WHERE relname = 'films'").fetchone()[
            0
        ]  # type: ignore[index]

    m = migration(_column_off_domain(), BASE)
    (step,) = [step for step in m.up if step.kind is Kind.COLUMN_TYPE]
    assert any("REWRITES the table" in note for note in step.comments)
    before = relation()
    _run(conn, m, UP)
    assert relation() != before
    with pytest.raises(psycopg.errors.CheckViolation):  # the domain's check holds now
        conn.execute("UPDATE films SET release_year = 1700")
    back = migration(BASE, _column_off_domain())
    (step,) = [step for step in back.up if step.kind is Kind.COLUMN_TYPE]
    assert not any("REWRITES" in note for note in step.comments)
    before = relation()
    _run(conn, back, UP)
    assert relation() == before


@pytest.mark.postgres
def test_the_alembic_revision_of_a_corpus_schema_creates_and_drops_every_object(pg_server):
    schema = _corpus_schema("pagila")
    m = migration(_nothing_of(schema), schema)
    source = revision(m, message="pagila", revision="a1b2c3d4e5f6")
    db, target = pg_server.create_database("alemc"), pg_server.create_database("alemc2")
    try:
        with db.connect() as conn:
            conn.autocommit = True
            _rebuild(conn, "")
            expected_old = _whole(conn)
        with target.connect() as conn:
            conn.autocommit = True
            _rebuild(conn, ddl.generate(schema))
            expected_new = _whole(conn)
        with _alembic(db, source) as config:
            command.upgrade(config, "head")
            with db.connect() as conn:
                assert _differences(_without_alembic(_whole(conn)), expected_new) == {}
            command.downgrade(config, "base")
            with db.connect() as conn:
                assert _differences(_without_alembic(_whole(conn)), expected_old) == {}
    finally:
        db.drop()
        target.drop()


@pytest.mark.postgres
@pytest.mark.parametrize("name", ["pagila", "adventureworks"])
def test_the_script_of_a_corpus_schema_runs_in_psql_both_ways(pg_db, name):
    from tests.generators.test_ddl import _psql

    schema = _corpus_schema(name)
    m = migration(_nothing_of(schema), schema)
    pg_db.reset()
    result = _psql(pg_db, m.sql(UP))
    assert result.returncode == 0, result.stderr
    with pg_db.connect() as conn:
        created = _whole(conn)
    pg_db.reset()
    pg_db.run(ddl.generate(schema))
    with pg_db.connect() as conn:
        assert _differences(created, _whole(conn)) == {}
    result = _psql(pg_db, m.sql(DOWN))
    assert result.returncode == 0, result.stderr
    with pg_db.connect() as conn:
        assert conn.execute(
            "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'"
        ).fetchone() == (0,)
