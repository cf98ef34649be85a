"""A small schema holding one of each object the model carries beyond tables: a domain,
a sequence of its own, a partitioned table with a partition, NOT VALID constraints and a
view kept as SQL text."""

from dataclasses import replace

from designer.schema.model import (
    CheckConstraint,
    Column,
    ColumnType,
    Domain,
    Generated,
    ObjectKind,
    PrimaryKey,
    QName,
    Relationship,
    Schema,
    Sequence,
    SqlObject,
    Table,
)

ID = "00000000-0000-4000-8000-{:012d}".format
CUSTOMER = QName("public", "customer")
PAYMENT = QName("public", "payment")


def carrying_schema() -> Schema:
    year = Domain(
        id=ID(1),
        name="year",
        type=ColumnType("integer"),
        default="2000",
        nullable=False,
        checks=(CheckConstraint(ID(2), "VALUE >= 1901 AND VALUE <= 2155", "year_check"),),
        description="A year, as MySQL's YEAR type holds it.",
    )
    numbers = Sequence(
        id=ID(3),
        name="customer_numbers",
        data_type="integer",
        start=1000,
        increment=5,
        cache=10,
        cycle=True,
        owned_by=(CUSTOMER, "number"),
    )
    customer = Table(
        id=ID(10),
        name="customer",
        timestamps=False,
        columns=(
            Column(ID(11), "customer_id", ColumnType("integer"), False, generated=Generated.SERIAL),
            Column(
                ID(12),
                "number",
                ColumnType("integer"),
                False,
                default="nextval('customer_numbers'::regclass)",
            ),
            Column(ID(13), "since", ColumnType("integer", domain=QName("public", "year"))),
        ),
        primary_key=PrimaryKey(("customer_id",)),
        checks=(CheckConstraint(ID(14), "number > 0", "customer_number_check", not_valid=True),),
    )
    payment_columns = (
        Column(ID(21), "customer_id", ColumnType("integer"), False),
        Column(ID(22), "paid_on", ColumnType("date"), False),
    )
    payment = Table(
        id=ID(20),
        name="payment",
        timestamps=False,
        columns=payment_columns,
        partition_by="RANGE (paid_on)",
    )
    partition = Table(
        id=ID(30),
        name="payment_2026",
        timestamps=False,
        columns=tuple(replace(c, id=ID(31 + n)) for n, c in enumerate(payment_columns)),
        partition_of=PAYMENT,
        partition_bound="FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')",
    )
    view = SqlObject(
        id=ID(40),
        kind=ObjectKind.VIEW,
        name="customer_years",
        sql="CREATE VIEW customer_years AS SELECT customer_id, since FROM customer;",
        depends_on=(CUSTOMER,),
        reads=(CUSTOMER,),
        columns=("customer_id", "since"),
        description="Who came when.",
    )
    return Schema(
        name="Carrying",
        domains=(year,),
        sequences=(numbers,),
        tables=(customer, payment, partition),
        relationships=(
            Relationship(ID(50), PAYMENT, ("customer_id",), CUSTOMER, ("customer_id",)),
        ),
        sql_objects=(view,),
    )
