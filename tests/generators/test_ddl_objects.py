"""The DDL of the objects around the tables (issue 16): domains, sequences, NOT VALID
constraints, partitions and verbatim objects; their text, their order, and what a real
PostgreSQL makes of them."""

from __future__ import annotations

from dataclasses import replace

import psycopg
import pytest
from hypothesis import event, given

from designer.generators.ddl import (
    DdlOptions,
    attach_partition_sql,
    creation_plan,
    domain_sql,
    generate,
    not_valid_sql,
    object_phases,
    sequence_owner_sql,
    sequence_sql,
    table_block,
)
from designer.schema import design_file
from designer.schema.model import (
    Action,
    CheckConstraint,
    Column,
    ColumnType,
    Domain,
    Generated,
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
)
from designer.schema.validation import validate
from tests.strategies import schemas
from tests.support.postgres import one_database_per_test

PUBLIC = "public"


def _q(name: str, schema: str = PUBLIC) -> QName:
    return QName(schema, name)


def _column(table: str, name: str, base: str = "integer", **fields) -> Column:
    return Column(f"c-{table}-{name}", name, ColumnType(base), **fields)


def _object(kind: ObjectKind, name: str, sql: str, *depends_on: QName, **fields) -> SqlObject:
    return SqlObject(f"o-{name}", kind, name, sql, depends_on=depends_on, **fields)


# --- domains ----------------------------------------------------------------------------

POSITIVE = Domain(
    "d-positive",
    "positive_amount",
    ColumnType("numeric", precision=10, scale=2),
    nullable=False,
    default="0",
    checks=(
        CheckConstraint("d-ck-1", "VALUE >= 0"),
        CheckConstraint("d-ck-2", "VALUE < 1000000", name="below_a_million"),
        CheckConstraint("d-ck-3", "VALUE <> 13", not_valid=True),
    ),
    description="Money, never negative.",
)
YEAR = Domain("d-year", "year", ColumnType("integer"), schema="Audit Log")


def _domain_schema() -> Schema:
    table = Table(
        "t-orders",
        "orders",
        (
            _column("orders", "id", nullable=False),
            Column("c-orders-total", "total", replace(POSITIVE.type, domain=POSITIVE.qname)),
            Column("c-orders-years", "years", ColumnType("integer", array=True, domain=YEAR.qname)),
        ),
        primary_key=PrimaryKey(("id",)),
    )
    return Schema(domains=(POSITIVE, YEAR), tables=(table,))


def test_a_domain_is_written_with_its_default_not_null_named_checks_and_comment():
    assert domain_sql(POSITIVE, Schema()) == (
        "CREATE DOMAIN positive_amount AS numeric(10,2)\n"
        "    DEFAULT 0\n"
        "    NOT NULL\n"
        "    CONSTRAINT positive_amount_check CHECK (VALUE >= 0)\n"
        "    CONSTRAINT below_a_million CHECK (VALUE < 1000000);\n"
        "ALTER DOMAIN positive_amount\n"
        "    ADD CONSTRAINT positive_amount_check1 CHECK (VALUE <> 13) NOT VALID;\n"
        "COMMENT ON DOMAIN positive_amount IS 'Money, never negative.';"
    )
    assert domain_sql(YEAR) == 'CREATE DOMAIN "Audit Log".year AS integer;'


def test_without_comments_domains_sequences_and_objects_keep_only_their_statements():
    schema = replace(_domain_schema(), sequences=(TICKETS,), sql_objects=(DESCRIBED,))
    text = generate(schema, DdlOptions(comments=False))
    assert "COMMENT ON" not in text
    assert "-- A view" not in text
    assert "-- A view of the orders." in generate(schema)


DESCRIBED = _object(
    ObjectKind.VIEW,
    "order_ids",
    "CREATE VIEW order_ids AS SELECT id FROM orders;",
    _q("orders"),
    description="A view of the orders.",
)


def test_a_column_of_a_domain_spells_the_domain():
    text = generate(_domain_schema())
    assert "    total positive_amount,\n" in text
    assert '    years "Audit Log".year[],\n' in text
    assert text.index("CREATE SCHEMA") < text.index("CREATE DOMAIN") < text.index("CREATE TABLE")


def test_a_domain_over_another_comes_after_it():
    base = Domain("d-a", "base_amount", ColumnType("integer"))
    over = Domain("d-b", "small_amount", ColumnType("integer", domain=base.qname))
    text = generate(Schema(domains=(over, base)))
    assert "CREATE DOMAIN small_amount AS base_amount;" in text
    assert text.index("CREATE DOMAIN base_amount") < text.index("CREATE DOMAIN small_amount")


def _email_schema() -> Schema:
    """A domain whose check calls a function, and a function taking the domain."""
    email = Domain(
        "d-email", "email", ColumnType("text"), checks=(CheckConstraint("ck", "is_email(VALUE)"),)
    )
    is_email = _object(
        ObjectKind.FUNCTION,
        "is_email(text)",
        "CREATE FUNCTION is_email(address text) RETURNS boolean LANGUAGE sql IMMUTABLE\n"
        "    AS $$ SELECT address LIKE '%_@_%' $$;",
    )
    domain_of = _object(
        ObjectKind.FUNCTION,
        "domain_of(email)",
        "CREATE FUNCTION domain_of(address email) RETURNS text LANGUAGE sql IMMUTABLE\n"
        "    AS $$ SELECT split_part(address, '@', 2) $$;",
        email.qname,
    )
    users = Table(
        "t-users",
        "users",
        (Column("c-email", "email", ColumnType("text", domain=email.qname)),),
        indexes=(Index("ix", (IndexElement(expression="domain_of(email)"),)),),
    )
    return Schema(domains=(email,), tables=(users,), sql_objects=(domain_of, is_email))


def test_a_function_a_domain_calls_comes_before_the_domain():
    text = generate(_email_schema())
    assert (
        text.index("CREATE FUNCTION is_email")
        < text.index("CREATE DOMAIN email")
        < text.index("CREATE FUNCTION domain_of")
        < text.index("CREATE TABLE users")
    )


@pytest.mark.postgres
def test_a_domain_calling_a_function_applies(pg_db):
    pg_db.run(generate(_email_schema()))
    with pg_db.connect() as conn:
        conn.execute("INSERT INTO users VALUES ('a@example.com')")
        with pytest.raises(psycopg.errors.CheckViolation):
            conn.execute("INSERT INTO users VALUES ('nobody')")
        assert conn.execute("SELECT domain_of(email) FROM users").fetchone() == ("example.com",)


@pytest.mark.postgres
def test_a_domain_applies_and_its_column_is_of_the_domain(pg_db):
    pg_db.run(generate(_domain_schema()))
    rows = pg_db.query(
        """SELECT t.typname, t.typnotnull, t.typdefault, format_type(t.typbasetype, t.typtypmod)
           FROM pg_type t WHERE t.typtype = 'd'
           AND t.typnamespace <> 'information_schema'::regnamespace ORDER BY t.typname"""
    )
    assert rows == [
        ("positive_amount", True, "0", "numeric(10,2)"),
        ("year", False, None, "integer"),
    ]
    checks = pg_db.query(
        """SELECT conname, pg_get_constraintdef(oid), convalidated FROM pg_constraint
           WHERE contypid = 'positive_amount'::regtype ORDER BY conname"""
    )
    assert checks == [
        ("below_a_million", "CHECK ((VALUE < (1000000)::numeric))", True),
        ("positive_amount_check", "CHECK ((VALUE >= (0)::numeric))", True),
        ("positive_amount_check1", "CHECK ((VALUE <> (13)::numeric)) NOT VALID", False),
    ]
    columns = pg_db.query(
        """SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute
           WHERE attrelid = 'orders'::regclass AND attnum > 0 ORDER BY attnum"""
    )
    assert columns == [
        ("id", "integer"),
        ("total", "positive_amount"),
        ("years", '"Audit Log".year[]'),
    ]
    assert pg_db.query("SELECT obj_description('positive_amount'::regtype, 'pg_type')") == [
        ("Money, never negative.",)
    ]
    with pg_db.connect() as conn:
        conn.execute("INSERT INTO orders (id) VALUES (1)")  # the domain's default
        assert conn.execute("SELECT total FROM orders").fetchone()[0] == 0
        with pytest.raises(psycopg.errors.CheckViolation) as refused:
            conn.execute("INSERT INTO orders (id, total) VALUES (2, -1)")
        assert refused.value.diag.constraint_name == "positive_amount_check"
        with pytest.raises(psycopg.errors.NotNullViolation):
            conn.execute("INSERT INTO orders (id, total) VALUES (3, NULL)")


# --- sequences --------------------------------------------------------------------------

TICKETS = Sequence(
    "s-tickets",
    "ticket_seq",
    data_type="integer",
    start=1000,
    increment=5,
    min_value=10,
    max_value=100000,
    cache=20,
    cycle=True,
    owned_by=(_q("tickets"), "number"),
    description="Shared with the box office.",
)
LEGACY = Sequence("s-users", "users_seq")


def _sequence_schema() -> Schema:
    tickets = Table(
        "t-tickets",
        "tickets",
        (
            _column("tickets", "number", nullable=False, default="nextval('ticket_seq'::regclass)"),
            _column("tickets", "holder", "text"),
        ),
        primary_key=PrimaryKey(("number",)),
    )
    users = Table(
        "t-users",
        "users",
        (
            # the legacy spelling, kept as written: the sequence keeps its own name
            _column("users", "id", "bigint", nullable=False, default="nextval('users_seq'::text)"),
            _column("users", "serial_id", nullable=False, generated=Generated.SERIAL),
        ),
        primary_key=PrimaryKey(("id",)),
    )
    return Schema(sequences=(TICKETS, LEGACY), tables=(tickets, users))


def test_a_sequence_writes_only_the_options_that_are_not_the_default():
    assert sequence_sql(LEGACY) == "CREATE SEQUENCE users_seq;"
    assert sequence_sql(TICKETS) == (
        "CREATE SEQUENCE ticket_seq\n"
        "    AS integer\n"
        "    INCREMENT BY 5\n"
        "    MINVALUE 10\n"
        "    MAXVALUE 100000\n"
        "    START WITH 1000\n"
        "    CACHE 20\n"
        "    CYCLE;\n"
        "COMMENT ON SEQUENCE ticket_seq IS 'Shared with the box office.';"
    )
    assert sequence_owner_sql(TICKETS) == "ALTER SEQUENCE ticket_seq OWNED BY tickets.number;"
    assert sequence_owner_sql(LEGACY) is None
    text = generate(_sequence_schema())
    assert text.index("CREATE SEQUENCE ticket_seq") < text.index("CREATE TABLE tickets")
    assert text.index("CREATE TABLE users") < text.index("ALTER SEQUENCE ticket_seq OWNED BY")
    assert "DEFAULT nextval('users_seq'::text)" in text


@pytest.mark.postgres
def test_standalone_sequences_apply_with_their_options_and_owner(pg_db):
    pg_db.run(generate(_sequence_schema()))
    options = pg_db.query(
        """SELECT c.relname, format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement,
                  s.seqmin, s.seqmax, s.seqcache, s.seqcycle
           FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid ORDER BY c.relname"""
    )
    assert options == [
        ("ticket_seq", "integer", 1000, 5, 10, 100000, 20, True),
        ("users_seq", "bigint", 1, 1, 1, 2**63 - 1, 1, False),
        ("users_serial_id_seq", "integer", 1, 1, 1, 2**31 - 1, 1, False),
    ]
    owners = pg_db.query(
        """SELECT s.relname, t.relname, a.attname, d.deptype FROM pg_depend d
           JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'
           JOIN pg_class t ON t.oid = d.refobjid
           JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
           WHERE d.classid = 'pg_class'::regclass AND d.deptype = 'a' ORDER BY 1"""
    )
    assert owners == [
        ("ticket_seq", "tickets", "number", "a"),
        ("users_serial_id_seq", "users", "serial_id", "a"),
    ]
    assert pg_db.query("SELECT obj_description('ticket_seq'::regclass, 'pg_class')") == [
        ("Shared with the box office.",)
    ]
    with pg_db.connect() as conn:
        conn.execute("INSERT INTO tickets (holder) VALUES ('a'), ('b')")
        conn.execute("INSERT INTO users DEFAULT VALUES")
        assert conn.execute("SELECT number FROM tickets ORDER BY 1").fetchall() == [
            (1000,),
            (1005,),
        ]
        assert conn.execute("SELECT id FROM users").fetchall() == [(1,)]
        assert conn.execute(
            "SELECT pg_get_expr(adbin, adrelid) FROM pg_attrdef "
            "WHERE adrelid = 'users'::regclass AND adnum = 1"
        ).fetchone() == ("nextval(('users_seq'::text)::regclass)",)  # PostgreSQL's spelling


# --- NOT VALID ----------------------------------------------------------------------------


def _not_valid_schema(*, not_valid: bool = True) -> Schema:
    parents = Table(
        "t-parents", "parents", (_column("parents", "id", nullable=False),),
        primary_key=PrimaryKey(("id",)),
    )  # fmt: skip
    children = Table(
        "t-children",
        "children",
        (
            _column("children", "id", nullable=False),
            _column("children", "parent_id"),
            _column("children", "quantity"),
        ),
        primary_key=PrimaryKey(("id",)),
        checks=(CheckConstraint("ck-quantity", "quantity > 0", not_valid=not_valid),),
    )
    reference = Relationship(
        "r-children-parent",
        children.qname,
        ("parent_id",),
        parents.qname,
        ("id",),
        on_delete=Action.CASCADE,
        not_valid=not_valid,
    )
    return Schema(tables=(parents, children), relationships=(reference,))


def test_not_valid_constraints_are_added_after_the_table():
    schema = _not_valid_schema()
    children = schema.table(_q("children"))
    check, reference = children.checks[0], schema.relationships[0]
    assert not_valid_sql(children, check, schema) == (
        "ALTER TABLE children\n"
        "    ADD CONSTRAINT ck_children_quantity CHECK (quantity > 0) NOT VALID;"
    )
    assert not_valid_sql(children, reference, schema) == (
        "ALTER TABLE children\n    ADD CONSTRAINT fk_children_parent_id FOREIGN KEY (parent_id) "
        "REFERENCES parents (id) ON DELETE CASCADE NOT VALID;"
    )
    text = generate(schema)
    assert "CHECK (quantity > 0)\n" not in text.split("CREATE TABLE children")[1].split(");")[0]
    assert creation_plan(schema).foreign_keys(children) == ()
    assert not_valid_sql(children, check, schema) in text
    assert not_valid_sql(children, reference, schema) in text


@pytest.mark.postgres
def test_not_valid_constraints_apply_on_rows_that_break_them(pg_db):
    schema = _not_valid_schema()
    pg_db.run(generate(schema))
    assert pg_db.query(
        "SELECT conname, convalidated FROM pg_constraint WHERE contype IN ('c', 'f') "
        "AND connamespace = 'public'::regnamespace ORDER BY 1"
    ) == [("ck_children_quantity", False), ("fk_children_parent_id", False)]

    # A database whose rows break them takes them: as a migration would add them.
    pg_db.reset()
    pg_db.run(
        generate(_not_valid_schema(not_valid=False), DdlOptions(transaction=False)).split(
            "CREATE TABLE children"
        )[0]
        + "CREATE TABLE children (id integer NOT NULL, parent_id integer, quantity integer);"
    )
    pg_db.run("INSERT INTO children VALUES (1, 42, -5)")
    children = schema.table(_q("children"))
    pg_db.run(not_valid_sql(children, children.checks[0], schema))
    pg_db.run(not_valid_sql(children, schema.relationships[0], schema))
    with pg_db.connect() as conn:
        with pytest.raises(psycopg.errors.CheckViolation):
            conn.execute("INSERT INTO children VALUES (2, NULL, 0)")
        with pytest.raises(psycopg.errors.ForeignKeyViolation):
            conn.execute("INSERT INTO children VALUES (3, 42, 1)")
        with pytest.raises(psycopg.errors.CheckViolation):
            conn.execute("ALTER TABLE children VALIDATE CONSTRAINT ck_children_quantity")


# --- partitions -------------------------------------------------------------------------


def _payment_columns(table: str) -> tuple[Column, ...]:
    return (
        _column(table, "payment_id", nullable=False),
        _column(table, "customer_id", nullable=table != "payment"),
        _column(table, "amount", "numeric"),
        _column(table, "paid_at", "timestamptz", nullable=False),
    )


def _partition_schema() -> Schema:
    customer = Table(
        "t-customer", "customer", (_column("customer", "id", nullable=False),),
        primary_key=PrimaryKey(("id",)),
    )  # fmt: skip
    payment = Table(
        "t-payment",
        "payment",
        _payment_columns("payment"),
        primary_key=PrimaryKey(("paid_at", "payment_id"), name="payment_pkey"),
        checks=(CheckConstraint("ck-payment", "amount >= 0", name="payment_amount_check"),),
        indexes=(Index("ix-payment", (IndexElement(column="customer_id"),)),),
        partition_by="RANGE (paid_at)",
    )
    partitions = []
    for number, (start, end) in enumerate(
        (("2022-01-01", "2022-02-01"), ("2022-02-01", "2022-03-01"))
    ):
        name = f"payment_p{number}"
        partitions.append(
            Table(
                f"t-{name}",
                name,
                _payment_columns(name),
                # as pg_dump gives them: PostgreSQL's own names for the attached copies
                primary_key=PrimaryKey(("paid_at", "payment_id"), name=f"{name}_pkey"),
                indexes=(
                    Index(
                        f"ix-{name}",
                        (IndexElement(column="customer_id"),),
                        name=f"{name}_customer_id_idx",
                    ),
                    Index(f"ix-{name}-amount", (IndexElement(column="amount"),)),
                ),
                partition_of=payment.qname,
                partition_bound=f"FOR VALUES FROM ('{start}') TO ('{end}')",
            )
        )
    partitions.append(
        Table(
            "t-payment_rest",
            "payment_rest",
            _payment_columns("payment_rest"),
            partition_of=payment.qname,
            partition_bound="DEFAULT",
        )
    )
    # A list-partitioned table in another schema, one of whose partitions is itself
    # partitioned.
    region = _q("region", "sales")
    region_columns = lambda t: (  # noqa: E731
        _column(t, "code", "text", nullable=False),
        _column(t, "year", nullable=False),
    )
    regions = [
        Table("t-region", "region", region_columns("region"), schema="sales",
              primary_key=PrimaryKey(("code", "year")), partition_by="LIST (code)"),
        Table("t-region_eu", "region_eu", region_columns("region_eu"), schema="sales",
              partition_of=region, partition_bound="FOR VALUES IN ('de', 'fr')",
              partition_by="RANGE (year)"),
        Table("t-region_eu_old", "region_eu_old", region_columns("region_eu_old"), schema="sales",
              partition_of=_q("region_eu", "sales"),
              partition_bound="FOR VALUES FROM (1900) TO (2000)"),
        Table("t-region_us", "region_us", region_columns("region_us"), schema="sales",
              partition_of=region, partition_bound="FOR VALUES IN ('us')"),
    ]  # fmt: skip
    relationships = [
        Relationship("r-payment", payment.qname, ("customer_id",), customer.qname, ("id",)),
        # the partitions' copies, as an import reads them
        *(
            Relationship(f"r-{p.name}", p.qname, ("customer_id",), customer.qname, ("id",),
                         name=f"{p.name}_customer_id_fkey")
            for p in partitions[:2]
        ),
    ]  # fmt: skip
    # The partitions come first in the model: the DDL creates each after its parent.
    return Schema(
        tables=(*partitions, payment, customer, *reversed(regions)),
        relationships=tuple(relationships),
    )


def test_a_partition_is_created_after_its_parent_and_attached_at_the_end():
    schema = _partition_schema()
    text = generate(schema)
    order = [table.name for table in creation_plan(schema).tables]
    assert order.index("payment") < order.index("payment_p0")
    assert order.index("region_eu") < order.index("region_eu_old")
    assert "\n) PARTITION BY RANGE (paid_at);" in text
    payment_p0 = schema.table(_q("payment_p0"))
    assert attach_partition_sql(payment_p0) == (
        "ALTER TABLE payment ATTACH PARTITION payment_p0 "
        "FOR VALUES FROM ('2022-01-01') TO ('2022-02-01');"
    )
    last_index = text.rindex("CREATE INDEX")
    assert text.index(attach_partition_sql(payment_p0)) > last_index
    # the deepest partition is attached to its parent first
    assert text.index("ATTACH PARTITION sales.region_eu_old") < text.index(
        "ATTACH PARTITION sales.region_eu "
    )
    # the parent's check, which ATTACH requires of the partition, under the same name
    rest = text.split("CREATE TABLE payment_rest (")[1].split(");")[0]
    assert "CONSTRAINT payment_amount_check CHECK (amount >= 0)" in rest
    assert "customer_id integer NOT NULL" in rest  # NOT NULL in the parent


@pytest.mark.postgres
def test_partitions_attach_and_keep_their_own_indexes_and_keys(pg_db):
    schema = _partition_schema()
    pg_db.run(generate(schema))
    partitions = pg_db.query(
        """SELECT c.relname, p.relname, pg_get_expr(c.relpartbound, c.oid)
           FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
           JOIN pg_class p ON p.oid = i.inhparent WHERE c.relkind IN ('r', 'p') ORDER BY 1"""
    )
    month = "FOR VALUES FROM ('2022-0{}-01 00:00:00+00') TO ('2022-0{}-01 00:00:00+00')"
    assert partitions == [
        ("payment_p0", "payment", month.format(1, 2)),
        ("payment_p1", "payment", month.format(2, 3)),
        ("payment_rest", "payment", "DEFAULT"),
        ("region_eu", "region", "FOR VALUES IN ('de', 'fr')"),
        ("region_eu_old", "region_eu", "FOR VALUES FROM (1900) TO (2000)"),
        ("region_us", "region", "FOR VALUES IN ('us')"),
    ]  # fmt: skip
    assert pg_db.query(
        "SELECT relname, pg_get_partkeydef(oid) FROM pg_class WHERE relkind = 'p' ORDER BY 1"
    ) == [("payment", "RANGE (paid_at)"), ("region", "LIST (code)"), ("region_eu", "RANGE (year)")]
    # Every index of a partition: its own name, attached to the parent's where one matches.
    indexes = pg_db.query(
        """SELECT t.relname, i.relname, coalesce(pi.relname, '') FROM pg_index x
           JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
           LEFT JOIN pg_inherits h ON h.inhrelid = i.oid
           LEFT JOIN pg_class pi ON pi.oid = h.inhparent
           WHERE t.relname ~ '^payment' ORDER BY 1, 2"""
    )
    assert indexes == [
        ("payment", "ix_payment_customer_id", ""),
        ("payment", "payment_pkey", ""),
        ("payment_p0", "ix_payment_p0_amount", ""),
        ("payment_p0", "payment_p0_customer_id_idx", "ix_payment_customer_id"),
        ("payment_p0", "payment_p0_pkey", "payment_pkey"),
        ("payment_p1", "ix_payment_p1_amount", ""),
        ("payment_p1", "payment_p1_customer_id_idx", "ix_payment_customer_id"),
        ("payment_p1", "payment_p1_pkey", "payment_pkey"),
        # no index of its own: PostgreSQL makes the parent's
        ("payment_rest", "payment_rest_customer_id_idx", "ix_payment_customer_id"),
        ("payment_rest", "payment_rest_pkey", "payment_pkey"),
    ]
    # The partitions' foreign keys are the parent's, attached (not a second copy).
    foreign_keys = pg_db.query(
        """SELECT t.relname, c.conname, coalesce(p.conname, '') FROM pg_constraint c
           JOIN pg_class t ON t.oid = c.conrelid LEFT JOIN pg_constraint p ON p.oid = c.conparentid
           WHERE c.contype = 'f' ORDER BY 1, 2"""
    )
    assert foreign_keys == [
        ("payment", "fk_payment_customer_id", ""),
        ("payment_p0", "payment_p0_customer_id_fkey", "fk_payment_customer_id"),
        ("payment_p1", "payment_p1_customer_id_fkey", "fk_payment_customer_id"),
        ("payment_rest", "fk_payment_customer_id", "fk_payment_customer_id"),
    ]
    checks = pg_db.query(
        """SELECT t.relname, c.conname, c.coninhcount FROM pg_constraint c
           JOIN pg_class t ON t.oid = c.conrelid WHERE c.contype = 'c' ORDER BY 1"""
    )
    assert checks == [
        ("payment", "payment_amount_check", 0),
        ("payment_p0", "payment_amount_check", 1),
        ("payment_p1", "payment_amount_check", 1),
        ("payment_rest", "payment_amount_check", 1),
    ]
    with pg_db.connect() as conn:
        conn.execute("INSERT INTO customer VALUES (1)")
        conn.execute("INSERT INTO payment VALUES (1, 1, 5, '2022-01-15'), (2, 1, 5, '2023-01-01')")
        assert conn.execute("SELECT count(*) FROM payment_p0").fetchone() == (1,)
        assert conn.execute("SELECT count(*) FROM payment_rest").fetchone() == (1,)
        conn.execute("INSERT INTO sales.region VALUES ('de', 1950)")
        assert conn.execute("SELECT count(*) FROM sales.region_eu_old").fetchone() == (1,)


# --- verbatim objects ---------------------------------------------------------------------

FILM = _q("film")


def _film_table() -> Table:
    return Table(
        "t-film",
        "film",
        (
            _column("film", "id", nullable=False),
            _column("film", "title", "text", nullable=False),
            _column("film", "rating", "text"),
            _column("film", "changed", "timestamptz"),
        ),
        primary_key=PrimaryKey(("id",)),
        indexes=(Index("ix-title", (IndexElement(column="title"),)),),
    )


def _objects_schema() -> Schema:
    """Objects in an order that is not the creation order: the DDL sorts them."""
    objects = (
        _object(ObjectKind.VIEW, "film_titles",
                "CREATE VIEW film_titles AS SELECT title FROM film_list;", _q("film_list"),
                reads=(_q("film_list"),), columns=("title",)),
        _object(ObjectKind.VIEW, "film_list",
                "CREATE VIEW film_list AS SELECT id, title, rating FROM film;", FILM,
                reads=(FILM,), columns=("id", "title", "rating")),
        _object(ObjectKind.MATERIALIZED_VIEW, "rating_counts",
                "CREATE MATERIALIZED VIEW rating_counts AS\n"
                "SELECT rating, count(*) AS films FROM film GROUP BY rating WITH NO DATA;\n"
                "CREATE UNIQUE INDEX rating_counts_rating ON rating_counts (rating);\n"
                "COMMENT ON MATERIALIZED VIEW rating_counts IS 'Films per rating.';", FILM),
        _object(ObjectKind.TRIGGER, "film_changed on film",
                "CREATE TRIGGER film_changed BEFORE INSERT OR UPDATE ON film\n"
                "    FOR EACH ROW EXECUTE FUNCTION stamp_changed();",
                FILM, _q("stamp_changed")),
        _object(ObjectKind.FUNCTION, "stamp_changed()",
                "CREATE FUNCTION stamp_changed() RETURNS trigger LANGUAGE plpgsql AS $$\n"
                "BEGIN\n    NEW.changed := now();\n    RETURN NEW;\nEND;\n$$;"),
        # its body reads a table created later: check_function_bodies is off
        _object(ObjectKind.FUNCTION, "film_count()",
                "CREATE FUNCTION film_count() RETURNS bigint LANGUAGE sql STABLE AS $$\n"
                "    SELECT count(*) FROM film\n$$;", reads=(FILM,)),
        _object(ObjectKind.FUNCTION, "twice(integer)",
                "CREATE FUNCTION twice(n integer) RETURNS integer LANGUAGE sql IMMUTABLE\n"
                "    AS $$ SELECT n * 2 $$;"),
        _object(ObjectKind.PROCEDURE, "rename_film(integer, text)",
                "CREATE PROCEDURE rename_film(film_id integer, new_title text) LANGUAGE plpgsql\n"
                "AS $$\nBEGIN\n    UPDATE film SET title = new_title WHERE id = film_id;\n"
                "END;\n$$;",
                reads=(FILM,)),
        _object(ObjectKind.TABLE_OPTION, "film cluster",
                "ALTER TABLE ONLY film CLUSTER ON ix_film_title;", FILM),
        _object(ObjectKind.TABLE_OPTION, "film.rating statistics",
                "ALTER TABLE ONLY film ALTER COLUMN rating SET STATISTICS 500;\n"
                "ALTER TABLE ONLY film ALTER COLUMN title SET (n_distinct = -0.5);", FILM),
        _object(ObjectKind.COMMENT, "schema public",
                "COMMENT ON SCHEMA public IS 'The films.';"),
    )  # fmt: skip
    # The index on an expression uses a function the model keeps as verbatim SQL.
    film = _film_table()
    film = replace(
        film,
        indexes=(*film.indexes, Index("ix-twice", (IndexElement(expression="twice(id)"),))),
    )
    return Schema(tables=(film,), sql_objects=objects)


def test_objects_come_before_or_after_the_tables_in_dependency_order():
    schema = _objects_schema()
    before, after = object_phases(schema)
    assert [item.name for item in before] == [
        "stamp_changed()", "film_count()", "twice(integer)", "rename_film(integer, text)",
        "schema public",
    ]  # fmt: skip
    assert [item.name for item in after] == [
        "film_list", "film_titles", "rating_counts", "film_changed on film", "film cluster",
        "film.rating statistics",
    ]  # fmt: skip
    text = generate(schema)
    assert text.startswith("-- schema\n")
    assert "\n\nSET check_function_bodies = false;\n\nBEGIN;\n" in text
    assert text.index("CREATE FUNCTION twice") < text.index("CREATE TABLE film")
    assert text.index("CREATE INDEX ix_film_twice_id") < text.index("CREATE VIEW film_list")
    assert text.index("CREATE VIEW film_list") < text.index("CREATE VIEW film_titles")
    assert text.endswith(
        "ALTER TABLE ONLY film ALTER COLUMN title SET (n_distinct = -0.5);\n\nCOMMIT;\n"
    )
    # no function, no SET
    assert "check_function_bodies" not in generate(_domain_schema())


@pytest.mark.postgres
def test_verbatim_objects_apply_and_the_catalog_has_them(pg_db):
    pg_db.run(generate(_objects_schema()))
    assert pg_db.query("SELECT viewname FROM pg_views WHERE schemaname = 'public' ORDER BY 1") == [
        ("film_list",),
        ("film_titles",),
    ]
    assert pg_db.query("SELECT matviewname, ispopulated FROM pg_matviews") == [
        ("rating_counts", False)
    ]
    assert pg_db.query("SELECT indexname FROM pg_indexes WHERE tablename = 'rating_counts'") == [
        ("rating_counts_rating",)
    ]
    routines = pg_db.query(
        """SELECT p.proname, p.prokind, l.lanname FROM pg_proc p JOIN pg_language l
           ON l.oid = p.prolang WHERE p.pronamespace = 'public'::regnamespace ORDER BY 1"""
    )
    assert routines == [
        ("film_count", "f", "sql"), ("rename_film", "p", "plpgsql"),
        ("stamp_changed", "f", "plpgsql"), ("twice", "f", "sql"),
    ]  # fmt: skip
    assert pg_db.query(
        "SELECT tgname, tgfoid::regproc::text FROM pg_trigger WHERE NOT tgisinternal"
    ) == [("film_changed", "stamp_changed")]
    assert pg_db.query("SELECT indexrelid::regclass::text FROM pg_index WHERE indisclustered") == [
        ("ix_film_title",)
    ]
    assert pg_db.query(
        "SELECT attname, attstattarget, attoptions FROM pg_attribute "
        "WHERE attrelid = 'film'::regclass AND attname IN ('rating', 'title') ORDER BY 1"
    ) == [("rating", 500, None), ("title", -1, ["n_distinct=-0.5"])]
    assert pg_db.query("SELECT obj_description('public'::regnamespace, 'pg_namespace')") == [
        ("The films.",)
    ]
    with pg_db.connect() as conn:
        conn.execute("INSERT INTO film (id, title) VALUES (1, 'Alien')")
        conn.execute("CALL rename_film(1, 'Aliens')")
        assert conn.execute("SELECT title, changed IS NOT NULL FROM film").fetchone() == (
            "Aliens",
            True,
        )
        assert conn.execute("SELECT film_count(), twice(21)").fetchone() == (1, 42)
        conn.execute("REFRESH MATERIALIZED VIEW rating_counts")
        assert conn.execute("SELECT * FROM film_titles").fetchall() == [("Aliens",)]


# --- random schemas -----------------------------------------------------------------------


def _record(schema: Schema) -> None:
    if schema.domains:
        event("a domain")
    if schema.sequences:
        event("a sequence")
    if any(s.owned_by for s in schema.sequences):
        event("a sequence owned by a column")
    if any(t.partition_of for t in schema.tables):
        event("a partition")
    if any(r.not_valid for r in schema.relationships):
        event("a NOT VALID foreign key")
    if any(c.not_valid for t in schema.tables for c in t.checks):
        event("a NOT VALID check")
    for kind in {item.kind for item in schema.sql_objects}:
        event(f"a verbatim {kind.value}")


@pytest.mark.postgres
@one_database_per_test(max_examples=60)
@given(schema=schemas(objects=True))
def test_random_schemas_with_every_object_apply(pg_db, schema):
    _record(schema)
    pg_db.reset()
    pg_db.run(generate(schema))
    expected_relations = {(t.schema, t.name) for t in schema.tables}
    found = {
        tuple(row)
        for row in pg_db.query(
            """SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n
               ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p')
               AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'"""
        )
    }
    assert found == expected_relations
    attached = {
        tuple(row)
        for row in pg_db.query(
            """SELECT n.nspname, c.relname FROM pg_inherits i JOIN pg_class c
               ON c.oid = i.inhrelid JOIN pg_namespace n ON n.oid = c.relnamespace
               WHERE c.relkind IN ('r', 'p')"""
        )
    }
    assert attached == {(t.schema, t.name) for t in schema.tables if t.partition_of}
    domains = {tuple(row) for row in pg_db.query(
        "SELECT n.nspname, t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace "
        "WHERE t.typtype = 'd' AND n.nspname <> 'information_schema'"
    )}  # fmt: skip
    assert domains == {(d.schema, d.name) for d in schema.domains}
    not_valid = {row[0] for row in pg_db.query(
        "SELECT conname FROM pg_constraint WHERE NOT convalidated AND contype IN ('c', 'f') "
        "AND conparentid = 0 AND contypid = 0"
    )}  # fmt: skip
    expected = {
        name
        for rel in schema.relationships
        if rel.not_valid
        for name in [creation_plan(schema).names.foreign_key(rel)]
    } | {
        creation_plan(schema).names.check(c.id)
        for t in schema.tables
        for c in t.checks
        if c.not_valid
    }
    assert not_valid == expected
    _assert_objects_exist(pg_db, schema)


def _assert_objects_exist(pg_db, schema: Schema) -> None:
    """The standalone sequences (with their owners), and as many views, materialized
    views, routines and triggers as the schema keeps."""
    user = "n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'"
    owners = {
        (row[0], row[1]): (row[2], row[3], row[4])
        for row in pg_db.query(
            f"""SELECT n.nspname, s.relname, tn.nspname, t.relname, a.attname
                FROM pg_class s JOIN pg_namespace n ON n.oid = s.relnamespace
                LEFT JOIN pg_depend d ON d.objid = s.oid AND d.classid = 'pg_class'::regclass
                     AND d.deptype IN ('a', 'i') AND d.refobjsubid > 0
                LEFT JOIN pg_class t ON t.oid = d.refobjid
                LEFT JOIN pg_namespace tn ON tn.oid = t.relnamespace
                LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
                WHERE s.relkind = 'S' AND {user}"""
        )
    }
    for sequence in schema.sequences:
        owner = sequence.owned_by
        expected = (owner[0].schema, owner[0].name, owner[1]) if owner else (None, None, None)
        assert owners[(sequence.schema, sequence.name)] == expected
    kinds = [item.kind for item in schema.sql_objects]
    relkinds = dict(
        pg_db.query(
            f"""SELECT c.relkind, count(*) FROM pg_class c JOIN pg_namespace n
                ON n.oid = c.relnamespace WHERE c.relkind IN ('v', 'm') AND {user}
                GROUP BY c.relkind"""
        )
    )
    assert relkinds.get("v", 0) == kinds.count(ObjectKind.VIEW)
    assert relkinds.get("m", 0) == kinds.count(ObjectKind.MATERIALIZED_VIEW)
    routines = pg_db.query(
        f"""SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
            WHERE {user} AND NOT EXISTS (SELECT FROM pg_depend d
                WHERE d.objid = p.oid AND d.classid = 'pg_proc'::regclass AND d.deptype = 'e')"""
    )[0][0]
    updated_at = any(table.has_updated_at_trigger for table in schema.tables)
    assert routines == kinds.count(ObjectKind.FUNCTION) + kinds.count(ObjectKind.PROCEDURE) + (
        1 if updated_at else 0
    )
    triggers = pg_db.query(
        "SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal AND tgparentid = 0 "
        "AND tgfoid::regproc::text <> 'update_updated_at_column'"
    )[0][0]
    assert triggers == kinds.count(ObjectKind.TRIGGER)


# --- a real schema: pagila's partitions -----------------------------------------------------

_PARTITION_INDEXES = """
    SELECT t.relname, i.relname, h.inhparent IS NOT NULL, x.indisprimary
    FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
    JOIN pg_class t ON t.oid = x.indrelid AND t.relispartition
    LEFT JOIN pg_inherits h ON h.inhrelid = i.oid ORDER BY 1, 2
"""


@pytest.mark.postgres
def test_pagilas_partitions_come_back_with_their_own_index_names_attached(pg_server):
    """pg_dump writes each partition's indexes under their names, then ATTACH PARTITION:
    the DDL of the imported schema gives the same indexes, attached to the same parents."""
    from designer.importers.sql import import_sql
    from tests.support.corpus import corpus_sql

    sql = corpus_sql("pagila")
    found = []
    with pg_server.connect() as conn:
        if not conn.execute("SELECT 1 FROM pg_roles WHERE rolname = 'postgres'").fetchall():
            conn.execute("CREATE ROLE postgres")  # pagila's OWNER TO
    for script in (sql, generate(import_sql(sql, name="pagila").schema)):
        database = pg_server.create_database()
        try:
            database.run(script)
            found.append(database.query(_PARTITION_INDEXES))
        finally:
            database.drop()
    original, ours = found
    assert len(original) == 25
    assert ours == original


@given(schemas(objects=True))
def test_random_schemas_with_objects_give_one_text_in_dependency_order(schema):
    assert validate(schema) == []
    text = generate(schema)
    assert generate(schema) == text
    assert generate(design_file.loads(design_file.dumps(schema))) == text
    assert text.startswith("-- ")
    kinds = {item.kind for item in schema.sql_objects}
    functions = bool(kinds & {ObjectKind.FUNCTION, ObjectKind.PROCEDURE})
    assert ("\n\nSET check_function_bodies = false;\n\nBEGIN;\n" in text) == functions
    plan = creation_plan(schema)
    for table in schema.tables:
        assert f"\n\n{table_block(schema, table, plan)}\n\n" in text
    last_table = max(
        (text.index(f"\n{table_block(schema, t, plan)}\n") for t in schema.tables), default=0
    )
    for table in schema.tables:
        if table.partition_of is not None:
            assert text.index(attach_partition_sql(table)) > last_table
    before, after = object_phases(schema)
    assert sorted(id(item) for item in before + after) == sorted(map(id, schema.sql_objects))
    for item in after:
        assert text.index(item.sql.strip()) > last_table
    placed = {}
    for item in before + after:  # a function also by its name without its arguments
        placed[item.qname] = placed[replace(item.qname, name=item.name.split("(")[0])] = text.index(
            item.sql.strip()
        )
    for item in schema.sql_objects:
        for name in item.depends_on:
            if name in placed:
                assert placed[name] < placed[item.qname]
