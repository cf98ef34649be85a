"""The CHECK forms sample data solves, each loaded into a real PostgreSQL.

Each test builds a small schema whose CHECK (or domain, partition, sequence default)
would once have left its table empty, applies the DDL and the sample data
(``test_sample_data.load`` checks that every row the script wrote landed), and reads
the rows back: the table is full and the rows have the form the check asks for.
"""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest
from hypothesis import event, given

from designer.generators import ddl, sample_data
from designer.generators.sample_data import SampleDataOptions, build
from designer.schema.model import (
    CheckConstraint,
    Column,
    ColumnType,
    Domain,
    ObjectKind,
    QName,
    Relationship,
    Schema,
    Sequence,
    SqlObject,
)
from designer.schema.sqltext import qualified
from tests.generators.test_sample_data import _column, _fk, _key, _table, load
from tests.strategies import schemas
from tests.support.postgres import one_database_per_test

pytestmark = pytest.mark.postgres

PUBLIC = "public"


def _checked(pg_db, *columns: Column, checks: tuple[str, ...] = (), rows: int = 8):
    """One table ``t`` with these columns and checks, loaded; its rows as dicts."""
    table = _table(
        "t",
        _key(),
        *columns,
        checks=tuple(CheckConstraint(f"k{n}", text) for n, text in enumerate(checks)),
    )
    data = load(pg_db, Schema(tables=(table,)), SampleDataOptions(rows=rows))
    assert data.row_counts() == {QName(PUBLIC, "t"): rows}, data.notes
    names = [column.name for column in columns]
    found = pg_db.query(f"SELECT {', '.join(names)} FROM t")
    return [dict(zip(names, row, strict=True)) for row in found]


def test_lower_upper_and_trim_comparisons(pg_db):
    rows = _checked(
        pg_db,
        _column("name", "varchar", length=40, nullable=False),
        _column("code", "varchar", length=12, nullable=False),
        _column("title", nullable=False),
        checks=("name = lower(name)", "upper(code) = code", "btrim(title) = title"),
    )
    for row in rows:
        assert row["name"] == row["name"].lower() and any(c.isalpha() for c in row["name"])
        assert row["code"] == row["code"].upper()
        assert row["title"] == row["title"].strip()


def test_in_lists_under_a_function_and_any_arrays(pg_db):
    rows = _checked(
        pg_db,
        _column("line", "char", length=2),
        _column("gender", "char", length=1, nullable=False),
        _column("kind", nullable=False),
        checks=(
            "upper(line) IN ('M', 'R', 'S') OR line IS NULL",
            "upper(gender) IN ('M', 'F')",
            "kind = ANY (ARRAY['cron'::text, 'rrule'::text])",
        ),
    )
    assert {row["gender"] for row in rows} == {"M", "F"}
    assert {row["line"].strip() for row in rows if row["line"]} <= {"M", "R", "S"}
    assert {row["kind"] for row in rows} == {"cron", "rrule"}


def test_like_regex_and_similar_to_patterns_get_matching_text(pg_db):
    rows = _checked(
        pg_db,
        _column("sku", "varchar", length=20, nullable=False, unique=True),
        _column("plate", "char", length=6, nullable=False),
        _column("email", nullable=False),
        _column("tag", nullable=False),
        _column("shelf", "varchar", length=10),
        checks=(
            "sku LIKE 'SKU-%'",
            "plate ~ '^[A-Z]{2}[0-9]{4}$'",
            "email ~* '^[a-z.]+@example\\.(com|org)$'",
            "tag SIMILAR TO '(alpha|beta)-[0-9]+'",
            "shelf ~ '^[[:upper:]]$' OR shelf = 'N/A'",
        ),
    )
    for row in rows:
        assert row["sku"].startswith("SKU-")
        assert re.fullmatch(r"[A-Z]{2}[0-9]{4}", row["plate"])
        assert re.fullmatch(r"[a-z.]+@example\.(com|org)", row["email"], re.I)
        assert re.fullmatch(r"(alpha|beta)-[0-9]+", row["tag"])
    assert len({row["sku"] for row in rows}) == len(rows)


def test_length_bounds(pg_db):
    rows = _checked(
        pg_db,
        _column("name", nullable=False),
        _column("label", "varchar", length=30, nullable=False),
        checks=("char_length(name) BETWEEN 3 AND 6", "length(btrim(label)) >= 20"),
    )
    for row in rows:
        assert 3 <= len(row["name"]) <= 6
        assert 20 <= len(row["label"].strip()) <= 30


def test_comparisons_between_two_columns(pg_db):
    rows = _checked(
        pg_db,
        _column("starts_at", "timestamptz", nullable=False),
        _column("ends_at", "timestamptz", nullable=False),
        _column("low", "integer", nullable=False),
        _column("high", "integer", nullable=False),
        _column("opened", "date", nullable=False),
        _column("closed", "date"),
        checks=(
            "ends_at > starts_at",
            "high >= low",
            "closed > opened OR closed IS NULL",
        ),
    )
    for row in rows:
        assert row["ends_at"] > row["starts_at"]
        assert row["high"] >= row["low"]
        assert row["closed"] is None or row["closed"] > row["opened"]


def test_is_not_null_combinations(pg_db):
    rows = _checked(
        pg_db,
        _column("phone", "varchar", length=20),
        _column("email"),
        _column("left_id", "integer"),
        _column("right_id", "integer"),
        checks=(
            "phone IS NOT NULL OR email IS NOT NULL",
            "num_nonnulls(left_id, right_id) = 1",
        ),
        rows=20,
    )
    for row in rows:
        assert row["phone"] is not None or row["email"] is not None
        assert (row["left_id"] is None) != (row["right_id"] is None)


def test_between_of_numbers_dates_and_the_clock(pg_db):
    rows = _checked(
        pg_db,
        _column("rate", "numeric", precision=6, scale=2, nullable=False),
        _column("birth_date", "date", nullable=False),
        _column("hired_on", "date", nullable=False),
        _column("paid_at", "timestamp", nullable=False),
        checks=(
            "rate BETWEEN 6.50 AND 200.00",
            "birth_date BETWEEN '1930-01-01' AND now() - interval '18 years'",
            "hired_on BETWEEN '1996-07-01' AND CURRENT_DATE + 1",
            "paid_at >= '2022-03-01' AND paid_at < '2022-03-08'",
        ),
    )
    for row in rows:
        assert 6.5 <= row["rate"] <= 200
        assert date(1930, 1, 1) <= row["birth_date"] <= date(2008, 1, 1)
        assert row["hired_on"] >= date(1996, 7, 1)
        assert datetime(2022, 3, 1) <= row["paid_at"] < datetime(2022, 3, 8)


def test_and_or_not_of_these(pg_db):
    rows = _checked(
        pg_db,
        _column("status", "varchar", length=10, nullable=False),
        _column("note"),
        _column("code", "varchar", length=8, nullable=False),
        checks=(
            "status IN ('open', 'closed') AND NOT (status = 'closed' AND note IS NULL)",
            "NOT (code ~ '[0-9]') AND (code = lower(code) OR char_length(code) = 8)",
        ),
        rows=12,
    )
    for row in rows:
        assert row["status"] in {"open", "closed"}
        assert row["status"] == "open" or row["note"] is not None
        assert not re.search("[0-9]", row["code"])


def test_domain_checks_not_null_and_nested_domains(pg_db):
    slug = Domain(
        "d-slug",
        "slug",
        ColumnType("varchar", length=30),
        nullable=False,
        checks=(CheckConstraint("d-slug-1", "VALUE ~ '^[a-z0-9-]+$'", "slug_check"),),
    )
    short = Domain(
        "d-short",
        "short_slug",
        ColumnType("varchar", length=30, domain=slug.qname),
        checks=(CheckConstraint("d-short-1", "char_length(VALUE) <= 8", "short_check"),),
    )
    year = Domain(
        "d-year",
        "year",
        ColumnType("integer"),
        checks=(CheckConstraint("d-year-1", "VALUE >= 1901 AND VALUE <= 2155"),),
    )
    table = _table(
        "films",
        _key(),
        Column("c-slug", "slug", ColumnType("varchar", length=30, domain=slug.qname)),
        Column("c-short", "short", ColumnType("varchar", length=30, domain=short.qname)),
        Column("c-year", "release_year", ColumnType("integer", domain=year.qname)),
        Column("c-tags", "tags", ColumnType("varchar", length=30, array=True, domain=slug.qname)),
    )
    schema = Schema(domains=(slug, short, year), tables=(table,))
    data = load(pg_db, schema)
    assert data.row_counts() == {QName(PUBLIC, "films"): 5}
    found = pg_db.query("SELECT slug, short, release_year, tags::text[] FROM films")
    for slug_text, short_text, release, tags in found:
        assert tags is None or all(re.fullmatch("[a-z0-9-]+", tag) for tag in tags)
        assert re.fullmatch("[a-z0-9-]+", slug_text)  # NOT NULL from the domain
        assert re.fullmatch("[a-z0-9-]{1,8}", short_text)
        assert release is None or 1901 <= release <= 2155


def _payment_columns() -> tuple[Column, ...]:
    return (
        _key("payment_id", "integer"),
        _key("customer_id", "uuid"),
        _column("amount", "numeric", precision=5, scale=2, nullable=False, check="amount >= 0"),
        _column("paid_at", "timestamptz", nullable=False),
    )


def test_partitions_get_rows_in_their_bounds_and_the_parent_through_them(pg_db):
    customers = _table("customers", _key(), _column("name"))
    parent = _table(
        "payment",
        *_payment_columns(),
        key=("payment_id", "paid_at"),
        partition_by="RANGE (paid_at)",
    )
    month = "FOR VALUES FROM ('2022-{}-01 00:00:00+00') TO ('2022-{}-01 {}')"
    bounds = {
        "payment_p2022_01": month.format("01", "02", "00:00:00+00"),
        "payment_p2022_02": month.format("02", "03", "00:00:00+00"),
        "payment_p2022_03": month.format("03", "04", "01:00:00+01"),
    }
    partitions = tuple(
        _table(
            name,
            *_payment_columns(),
            key=None,
            partition_of=QName(PUBLIC, "payment"),
            partition_bound=bound,
        )
        for name, bound in bounds.items()
    )
    regions = _table(
        "offices", _key(), _column("region", nullable=False), partition_by="LIST (region)", key=None
    )
    region_parts = (
        _table(
            "offices_eu",
            _key(),
            _column("region", nullable=False),
            key=None,
            partition_of=QName(PUBLIC, "offices"),
            partition_bound="FOR VALUES IN ('eu', 'uk')",
        ),
        _table(
            "offices_other",
            _key(),
            _column("region", nullable=False),
            key=None,
            partition_of=QName(PUBLIC, "offices"),
            partition_bound="DEFAULT",
        ),
    )
    receipts = _table(
        "receipts",
        _key(),
        _column("payment_id", "integer", nullable=False),
        _column("paid_at", "timestamptz", nullable=False),
    )
    schema = Schema(
        tables=(customers, parent, *partitions, regions, *region_parts, receipts),
        relationships=(
            *(_fk(p.name, ("customer_id",), "customers") for p in partitions),
            Relationship(
                "r-receipts",
                QName(PUBLIC, "receipts"),
                ("payment_id", "paid_at"),
                QName(PUBLIC, "payment"),
                ("payment_id", "paid_at"),
            ),
        ),
    )
    data = load(pg_db, schema)
    counts = data.row_counts()
    assert all(count > 0 for count in counts.values()), counts
    assert counts[QName(PUBLIC, "payment")] == 15
    assert pg_db.query("SELECT count(*) FROM ONLY payment") == [(0,)]
    assert pg_db.query("SELECT count(DISTINCT payment_id) FROM payment") == [(15,)]
    assert pg_db.query("SELECT count(*) FROM offices_other WHERE region IN ('eu', 'uk')") == [(0,)]
    assert pg_db.query("SELECT count(*) FROM offices_eu") == [(5,)]
    text = sample_data.render(data)
    assert "INSERT INTO payment_p2022_01" in text and "INSERT INTO payment (" not in text


def test_nextval_defaults_are_left_to_the_database_or_numbered_and_moved_past(pg_db):
    tickets = Sequence("s-tickets", "ticket_numbers")
    legacy = Sequence("s-users", "users_seq")
    users = _table(
        "users",
        Column(
            "c-id",
            "id",
            ColumnType("integer"),
            nullable=False,
            default="nextval('users_seq'::text)",
        ),
        _column("name"),
    )
    default = "nextval('public.ticket_numbers'::regclass)"
    sales = _table(
        "sales",
        _key(),
        _key("user_id", "integer"),
        Column("c-n", "number", ColumnType("bigint"), nullable=False, default=default),
    )
    refunds = _table(
        "refunds",
        _key(),
        Column("c-n", "number", ColumnType("bigint"), nullable=False, default=default),
    )
    schema = Schema(
        sequences=(tickets, legacy),
        tables=(users, sales, refunds),
        relationships=(_fk("sales", ("user_id",), "users"),),
    )
    text = sample_data.generate(schema)
    assert "DEFAULT" in text
    load(pg_db, schema)
    # Both tables took numbers from the one sequence; the keys written moved it past them.
    numbers = pg_db.query("SELECT number FROM sales UNION ALL SELECT number FROM refunds")
    assert len({number for (number,) in numbers}) == 10
    assert pg_db.query("SELECT nextval('users_seq')") == [(6,)]
    assert "setval('users_seq'" in text


def test_the_schemas_own_triggers_are_off_while_the_rows_load(pg_db):
    jobs = _table("jobs", _key("id", "integer"), _column("name"))
    events = _table("events", _key("id", "integer"), _column("job_id", "integer", nullable=False))
    function = SqlObject(
        "o-f",
        ObjectKind.FUNCTION,
        "log_job()",
        "CREATE FUNCTION log_job() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        "INSERT INTO events (id, job_id) VALUES (NEW.id + 1000, NEW.id); RETURN NEW; END $$;",
    )
    trigger = SqlObject(
        "o-t",
        ObjectKind.TRIGGER,
        "log_job on jobs",
        "CREATE TRIGGER log_job AFTER INSERT ON jobs FOR EACH ROW EXECUTE FUNCTION log_job();",
        depends_on=(QName(PUBLIC, "jobs"), QName(PUBLIC, "log_job()")),
    )
    schema = Schema(
        tables=(jobs, events),
        relationships=(_fk("events", ("job_id",), "jobs"),),
        sql_objects=(function, trigger),
    )
    data = load(pg_db, schema)
    assert data.row_counts() == {QName(PUBLIC, "jobs"): 5, QName(PUBLIC, "events"): 5}
    assert "ALTER TABLE jobs DISABLE TRIGGER log_job;" in sample_data.render(data)
    pg_db.run("INSERT INTO jobs (id, name) VALUES (100, 'next')")  # on again afterwards
    assert pg_db.query("SELECT count(*) FROM events WHERE job_id = 100") == [(1,)]


def test_a_check_it_cannot_solve_leaves_rows_out_not_the_table():
    # Only one value of x passes (x = 3), drawn among others: the rows that find it
    # stay, the table is not left empty.
    table = _table(
        "t", _key(), _column("x", "integer", nullable=False, check="x % 7 = 3 AND x < 20")
    )
    data = build(Schema(tables=(table,)))
    assert data.row_counts()[QName(PUBLIC, "t")] > 0


def _apply(pg_db, schema: Schema, options: SampleDataOptions | None = None):
    data = build(schema, options)
    pg_db.run(ddl.generate(schema))
    pg_db.run(sample_data.render(data))
    return data


def test_a_check_it_cannot_evaluate_keeps_rows_per_row_in_the_database(pg_db):
    # extract(dow ...) is not evaluated: the INSERT keeps the rows PostgreSQL accepts (no
    # Sunday), and the rows pointing to a row left out are left out with it.
    days = _table(
        "days",
        _key("id", "integer"),
        _column("day", "date", nullable=False, check="extract(dow from day) <> 0"),
    )
    shifts = _table("shifts", _key(), _key("day_id", "integer"), _column("note"))
    schema = Schema(tables=(days, shifts), relationships=(_fk("shifts", ("day_id",), "days"),))
    data = _apply(pg_db, schema, SampleDataOptions(rows=20))
    assert any(
        "CHECK ck_days_day" in note and "keeps only the rows it accepts" in note
        for note in data.notes
    ), data.notes
    text = sample_data.render(data)
    assert "((extract(dow from day) <> 0) IS NOT FALSE)" in text
    assert "EXISTS (SELECT 1 FROM days AS referenced" in text
    written = pg_db.query("SELECT count(*) FROM days")[0][0]
    assert 0 < written <= 20
    assert pg_db.query("SELECT count(*) FROM days WHERE extract(dow from day) = 0") == [(0,)]
    assert 0 < pg_db.query("SELECT count(*) FROM shifts")[0][0] <= 20


def test_hash_partitions_each_get_rows(pg_db):
    columns = (_key("id", "integer"), _column("name"))
    parent = _table("accounts", *columns, partition_by="HASH (id)")
    parts = tuple(
        _table(
            f"accounts_{remainder}",
            *columns,
            key=None,
            partition_of=QName(PUBLIC, "accounts"),
            partition_bound=f"FOR VALUES WITH (MODULUS 3, REMAINDER {remainder})",
        )
        for remainder in range(3)
    )
    _apply(pg_db, Schema(tables=(parent, *parts)))
    for part in parts:
        assert pg_db.query(f"SELECT count(*) FROM {part.name}")[0][0] > 0, part.name
    assert pg_db.query("SELECT count(*) = count(DISTINCT id) FROM accounts") == [(True,)]


@one_database_per_test(max_examples=60)
@given(schema=schemas(objects=True))
def test_generated_schemas_with_domains_sequences_partitions_and_triggers_load(pg_db, schema):
    pg_db.reset()
    data = build(schema)
    pg_db.run(ddl.generate(schema))
    pg_db.run(sample_data.render(data))
    filtered = {table_data.table.qname for table_data in data.tables if table_data.filters}
    with pg_db.connect() as conn:
        for table_data in data.tables:
            count = conn.execute(
                f"SELECT count(*) FROM {qualified(table_data.table.qname)}"
            ).fetchone()[0]
            if table_data.table.qname in filtered:
                assert count <= len(table_data.rows), table_data.table.name
            else:
                assert count == len(table_data.rows), table_data.table.name
    for table in schema.tables:
        if getattr(table, "partition_of", None) is not None:
            event("a partition")
    if any(table_data.filters for table_data in data.tables):
        event("rows kept by the database (a check not evaluated)")
