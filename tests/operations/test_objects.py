"""Objects kept as SQL (views, functions...) as operations: added from their text (read by
``designer.schema.sql_objects``, an error with its line and column), changed keeping
their id and kind, removed unless something needs them, commented; domains and
sequences removed unless used; each one change through the one write path, undone and
redone."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from designer import store
from designer.operations import (
    AddSqlObject,
    ChangeObjectDescription,
    ChangeSqlObject,
    Gone,
    Invalid,
    Patch,
    RemoveSqlObject,
    from_data,
    run,
)
from designer.operations.objects import ordered
from designer.schema.model import (
    Column,
    ColumnType,
    Domain,
    ObjectKind,
    QName,
    Sequence,
)
from designer.services import edits
from tests.support.migration_cases import BASE, key

TOTALS_SQL = (
    "CREATE VIEW order_totals AS\n"
    "SELECT o.id, o.total, c.email\n"
    "  FROM orders o JOIN customers c ON c.id = o.customer_id;"
)
BIG_SQL = "CREATE VIEW big_orders AS SELECT id, total FROM order_totals WHERE total > 100;"
FUNCTION_SQL = (
    "CREATE FUNCTION order_count() RETURNS bigint LANGUAGE sql\n"
    "AS $$ SELECT count(*) FROM orders $$;"
)


def totals(**values) -> AddSqlObject:
    return AddSqlObject(**{"sql": TOTALS_SQL, "description": "Totals.", "id": key("v"), **values})


def with_totals():
    return run(BASE, [totals()]).after


# --- adding ------------------------------------------------------------------------------------


def test_an_object_is_read_from_its_text_with_what_it_reads():
    outcome = run(BASE, [totals(description="  Order totals, for the dashboard. ")])
    (item,) = outcome.after.sql_objects
    assert (item.id, item.kind, item.name) == (key("v"), ObjectKind.VIEW, "order_totals")
    assert item.description == "Order totals, for the dashboard."
    assert {QName("public", "orders"), QName("public", "customers")} <= set(item.reads)
    assert {"total", "email"} <= set(item.columns)
    assert outcome.summary == "Added the view order_totals"


def test_a_text_the_parser_refuses_is_refused_at_the_sql_input_with_line_and_column():
    with pytest.raises(Invalid) as refused:
        run(BASE, [totals(sql="CREATE VIEW v AS\nSELECT total FORM orders;")])
    error = refused.value
    assert error.field == "sql"
    assert error.position == "2:19"  # "orders": FORM was read as an alias
    assert error.message == 'Line 2, column 19: Syntax error at or near "orders".'


@pytest.mark.parametrize(
    ("sql", "words"),
    [
        ("", "Paste the SQL"),
        ("   \n ", "Paste the SQL"),
        ("CREATE TABLE t (id integer);", "kept as a table of the design"),
        ("CREATE VIEW a AS SELECT 1; CREATE VIEW b AS SELECT 2;", ""),
        ("CREATE VIEW v AS SELECT x FROM nowhere;", "which the design does not have"),
    ],
)
def test_what_is_not_one_object_over_the_design_is_refused(sql, words):
    with pytest.raises(Invalid) as refused:
        run(BASE, [totals(sql=sql)])
    assert refused.value.field == "sql" and words in refused.value.message


def test_a_second_object_of_that_kind_and_name_is_refused_and_so_is_a_view_named_as_a_table():
    with pytest.raises(Invalid, match="There is the view order_totals already"):
        run(with_totals(), [totals(id=key("v2"))])
    with pytest.raises(Invalid, match="An entity is named “orders” already"):
        run(BASE, [totals(sql="CREATE VIEW orders AS SELECT 1 AS one;")])


def test_an_object_goes_after_what_it_depends_on():
    schema = run(with_totals(), [AddSqlObject(BIG_SQL, id=key("big"))]).after
    assert [item.name for item in schema.sql_objects] == ["order_totals", "big_orders"]
    # A change that makes an object depend on a later one moves it after that one.
    function = AddSqlObject(FUNCTION_SQL, id=key("f"))
    first = replace(schema, sql_objects=())
    schema = run(first, [function, totals(), AddSqlObject(BIG_SQL, id=key("big"))]).after
    assert [item.name for item in schema.sql_objects] == [
        "order_count()",
        "order_totals",
        "big_orders",
    ]


def test_objects_that_depend_on_each_other_in_a_circle_are_refused():
    schema = run(with_totals(), [AddSqlObject(BIG_SQL, id=key("big"))]).after
    circle = "CREATE VIEW order_totals AS SELECT id, total, 'x' AS email FROM big_orders;"
    with pytest.raises(Invalid) as refused:
        run(schema, [ChangeSqlObject(key("v"), circle)])
    assert refused.value.field == "sql"
    assert "needs the view order_totals by its name" not in refused.value.message
    assert "depend on each other" in refused.value.message
    items = schema.sql_objects
    assert ordered(items) is items


# --- changing and removing --------------------------------------------------------------------


def test_a_change_keeps_the_id_and_its_patch_is_undone_exactly():
    before = with_totals()
    changed = "CREATE VIEW order_totals AS SELECT o.id, o.total FROM orders o;"
    outcome = run(before, [ChangeSqlObject(key("v"), changed, "Without e-mail.")])
    (item,) = outcome.after.sql_objects
    assert (item.id, item.description, item.sql.strip()) == (key("v"), "Without e-mail.", changed)
    assert "email" not in item.columns
    assert outcome.summary == "Changed the view order_totals"
    assert outcome.patch.touched() == {f"object:{key('v')}"}
    assert outcome.patch.inverted().apply(outcome.after) == before
    again = Patch.from_data(json.loads(json.dumps(outcome.patch.to_data())))
    assert again.inverted().apply(outcome.after) == before


def test_a_change_may_not_change_the_kind():
    with pytest.raises(Invalid) as refused:
        run(with_totals(), [ChangeSqlObject(key("v"), FUNCTION_SQL)])
    assert refused.value.field == "sql"
    assert "This is a view: its SQL must create a view, not a function" in refused.value.message


def test_an_object_others_need_is_not_removed_nor_renamed():
    schema = run(with_totals(), [AddSqlObject(BIG_SQL, id=key("big"))]).after
    with pytest.raises(Invalid) as refused:
        run(schema, [RemoveSqlObject(key("v"))])
    assert refused.value.message == (
        "The view big_orders needs the view order_totals: change or remove it first."
    )
    renamed = TOTALS_SQL.replace("order_totals", "totals")
    with pytest.raises(Invalid, match="big_orders needs the view order_totals by its name"):
        run(schema, [ChangeSqlObject(key("v"), renamed)])
    schema = run(schema, [RemoveSqlObject(key("big"))]).after
    outcome = run(schema, [RemoveSqlObject(key("v"))])
    assert outcome.after.sql_objects == () and outcome.summary == "Removed the view order_totals"


def test_what_is_gone_is_refused_as_gone():
    for operation in (
        ChangeSqlObject(key("nothing"), TOTALS_SQL),
        RemoveSqlObject(key("nothing")),
        ChangeObjectDescription(key("nothing"), "x"),
    ):
        with pytest.raises(Gone):
            run(BASE, [operation])


def test_operations_travel_as_data():
    for operation in (
        totals(),
        ChangeSqlObject(key("v"), TOTALS_SQL, "x"),
        RemoveSqlObject(key("v")),
        ChangeObjectDescription(key("v"), "y"),
    ):
        assert from_data(json.loads(json.dumps(operation.to_data()))) == operation


# --- domains and sequences -----------------------------------------------------------------


YEAR = Domain(key("year"), "year", ColumnType("integer"), description="A year.")
TICKETS = Sequence(key("tickets"), "ticket_seq", start=1000)


def with_domain_and_sequence(*, used: bool):
    schema = replace(BASE, domains=(YEAR,), sequences=(TICKETS,))
    if not used:
        return schema
    orders = schema.table(QName("public", "orders"))
    columns = (
        *orders.columns,
        Column(key("orders.year"), "year", ColumnType("integer", domain=YEAR.qname)),
        Column(
            key("orders.ticket"),
            "ticket",
            ColumnType("bigint"),
            default="nextval('ticket_seq'::text)",
        ),
    )
    tables = tuple(
        replace(table, columns=columns) if table.id == orders.id else table
        for table in schema.tables
    )
    return replace(schema, tables=tables)


def test_comments_of_domains_sequences_and_objects():
    schema = run(with_domain_and_sequence(used=False), [totals()]).after
    for identifier, words in [
        (YEAR.id, "the domain year"),
        (TICKETS.id, "the sequence ticket_seq"),
        (key("v"), "the view order_totals"),
    ]:
        outcome = run(schema, [ChangeObjectDescription(identifier, " What it is for. ")])
        assert outcome.summary == f"Changed the comment of {words}"
        changed = [
            item
            for item in (
                *outcome.after.domains,
                *outcome.after.sequences,
                *outcome.after.sql_objects,
            )
            if item.id == identifier
        ]
        assert changed[0].description == "What it is for."
        assert outcome.patch.inverted().apply(outcome.after) == schema
    with pytest.raises(Invalid) as refused:
        run(schema, [ChangeObjectDescription(YEAR.id, "x" * 10_001)])
    assert refused.value.field == "description"


def test_a_domain_a_column_uses_and_a_sequence_a_default_uses_are_not_removed():
    schema = with_domain_and_sequence(used=True)
    with pytest.raises(Invalid) as refused:
        run(schema, [RemoveSqlObject(YEAR.id)])
    assert refused.value.message == (
        "The column orders.year uses the domain year: change it first."
    )
    with pytest.raises(Invalid) as refused:
        run(schema, [RemoveSqlObject(TICKETS.id)])
    assert refused.value.message == (
        "The default of orders.ticket takes its values from the sequence ticket_seq: "
        "change it first."
    )
    unused = with_domain_and_sequence(used=False)
    outcome = run(unused, [RemoveSqlObject(YEAR.id), RemoveSqlObject(TICKETS.id)])
    assert (outcome.after.domains, outcome.after.sequences) == ((), ())
    assert outcome.summary == "Removed the domain year; Removed the sequence ticket_seq"


@pytest.mark.parametrize(
    "default",
    [
        "nextval('public.ticket_seq'::regclass)",
        "nextval('ticket_seq'::regclass)",
        'nextval(\'"public"."ticket_seq"\'::regclass)',
        "NEXTVAL('ticket_seq')",
        "nextval(CAST('public.ticket_seq' AS regclass))",
    ],
)
def test_every_spelling_of_nextval_names_the_sequence(default):
    schema = with_domain_and_sequence(used=True)
    orders = schema.table(QName("public", "orders"))
    columns = tuple(
        replace(column, default=default) if column.name == "ticket" else column
        for column in orders.columns
    )
    tables = tuple(
        replace(table, columns=columns) if table.id == orders.id else table
        for table in schema.tables
    )
    with pytest.raises(Invalid, match="takes its values from the sequence ticket_seq"):
        run(replace(schema, tables=tables), [RemoveSqlObject(TICKETS.id)])


# --- through the one write path -------------------------------------------------------------


@pytest.mark.django_db
def test_add_change_remove_are_changes_undone_and_redone():
    project = edits.create_project(name="Shop", slug="shop", schema=BASE)
    edits.apply(project, [totals()])
    edits.apply(project, [ChangeSqlObject(key("v"), BIG_SQL.replace("order_totals", "orders"))])
    assert store.current_schema(project).sql_objects[0].name == "big_orders"
    with pytest.raises(Invalid):
        edits.apply(project, [ChangeSqlObject(key("v"), "CREATE VIEW v AS SELEC 1;")])
    assert project.revision == 3
    edits.undo(project)
    assert store.load_schema(project).sql_objects[0].name == "order_totals"
    edits.redo(project)
    assert store.load_schema(project).sql_objects[0].name == "big_orders"
    edits.apply(project, [RemoveSqlObject(key("v"))])
    assert store.load_schema(project).sql_objects == ()
    undone = edits.undo(project)
    assert store.load_schema(project) == undone.schema
    assert [item.id for item in undone.schema.sql_objects] == [key("v")]


@pytest.mark.django_db
def test_a_change_on_an_older_revision_conflicts_only_with_the_same_object():
    project = edits.create_project(name="Shop", slug="shop", schema=BASE)
    edits.apply(project, [totals(), AddSqlObject(FUNCTION_SQL, id=key("f"))])
    seen = project.revision
    edits.apply(project, [ChangeObjectDescription(key("f"), "Counted.")])
    edits.apply(project, [ChangeObjectDescription(key("v"), "Mine.")], base_revision=seen)
    with pytest.raises(edits.Conflict):
        edits.apply(project, [ChangeObjectDescription(key("f"), "Mine.")], base_revision=seen)
