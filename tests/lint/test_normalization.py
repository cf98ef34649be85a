"""Normalization hints: repeating-group, column-duplicated, many-to-many-without-junction."""

import pytest

from designer.lint import Severity

from .build import (
    add_columns,
    add_tables,
    col,
    fires,
    good,
    junction,
    quiet,
    review,
    table,
)

# --- repeating groups ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("names", "listed"),
    [
        (["phone1", "phone2", "phone3"], "phone1, phone2, phone3"),
        (["phone", "phone_2"], "phone, phone_2"),
        (["tag_1", "tag_2"], "tag_1, tag_2"),
    ],
)
def test_numbered_columns_are_a_repeating_group(names, listed):
    subject = add_columns(good(), "users", *(col(name, "varchar(30)") for name in names))
    finding = fires(subject, "repeating-group")
    assert finding.message == f"users has a repeating group: {listed}."
    assert len(finding.target.columns) == len(names)
    assert finding.severity is Severity.INFO
    assert fires(subject, "repeating-group", "relaxed").severity is Severity.INFO


@pytest.mark.parametrize(
    "names",
    [
        ["address_line_1", "address_line_2"],  # the conventional pair
        ["phone2"],  # one numbered column is not a group
        ["sha256", "md5"],  # numbers that are part of the name
    ],
)
def test_what_is_not_a_repeating_group(names):
    subject = add_columns(good(), "users", *(col(name, "varchar(64)") for name in names))
    assert quiet(subject, "repeating-group")


# --- the same column in several tables ------------------------------------------------------------


def _billing(*extra_tables, column="customer_email"):
    orders = table("orders", col(column, "varchar(320)"))
    invoices = table("invoices", col(column, "varchar(320)"))
    return add_tables(good(), orders, invoices, *extra_tables)


def test_the_same_attribute_of_another_entity_in_several_tables_is_reported_on_each():
    subject = _billing()
    found = review(subject, "column-duplicated")
    assert [finding.message for finding in found] == [
        "orders.customer_email repeats invoices.customer_email.",
        "invoices.customer_email repeats orders.customer_email.",
    ]
    assert "Store it once" in found[0].fix
    assert found[0].severity is Severity.INFO
    assert review(subject, "column-duplicated", "relaxed") == []


def test_a_copy_of_another_tables_column_is_reported_even_once():
    subject = add_tables(
        good(),
        table("customers", col("email", "varchar(320)", nullable=False)),
        table("orders", col("customer_email", "varchar(320)")),
    )
    finding = fires(subject, "column-duplicated")
    assert finding.message == "orders.customer_email repeats customers.email."
    assert "Reference customers (customer_id)" in finding.fix


@pytest.mark.parametrize(
    "column", ["display_name", "sort_order", "published_at", "is_active", "name"]
)
def test_generic_attributes_in_several_tables_pass(column):
    assert quiet(_billing(column=column), "column-duplicated")


def test_keys_foreign_keys_and_timestamps_are_not_copies():
    assert quiet(good(), "column-duplicated")


# --- lists of ids --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("column", "how"),
    [
        (col("tag_ids", "uuid[]"), "an array of ids"),
        (col("tag_ids", "text"), "ids in a string (a comma-separated list)"),
        (col("watcher_ids", "bigint[]"), "an array of ids"),
    ],
)
def test_a_list_of_ids_is_a_many_to_many_without_a_junction(column, how):
    finding = fires(add_columns(good(), "tasks", column), "many-to-many-without-junction")
    assert finding.message == (
        f"tasks.{column.name} holds {how}: a many-to-many without a junction table."
    )
    assert "cannot put a foreign key" in finding.why
    assert finding.severity is Severity.WARNING


def test_an_array_named_after_a_table_is_a_list_of_its_ids():
    subject = add_tables(
        add_columns(good(), "tasks", col("labels", "uuid[]")), table("labels", col("title"))
    )
    finding = fires(subject, "many-to-many-without-junction")
    assert "an array of labels ids" in finding.message
    assert "tasks_labels (task_id, label_id)" in finding.fix


@pytest.mark.parametrize(
    "column", [col("keywords", "text[]"), col("scores", "integer[]"), col("tag_count", "integer")]
)
def test_other_arrays_and_numbers_pass(column):
    assert quiet(add_columns(good(), "tasks", column), "many-to-many-without-junction")


def test_a_junction_table_passes():
    link, relationships, m2m = junction("user_projects", "users", "projects")
    subject = add_tables(good(), link, relationships=relationships, many_to_many=[m2m])
    assert quiet(subject, "many-to-many-without-junction")
