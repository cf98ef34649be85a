"""Naming: name-not-snake-case, name-reserved-word, name-too-long,
table-names-mixed-number, fk-column-name, names-differ-only-in-case."""

from dataclasses import replace

import pytest

from designer.lint import Severity
from designer.schema.model import UniqueConstraint

from .build import (
    add_columns,
    add_tables,
    col,
    enum,
    fires,
    fk,
    good,
    index,
    new_id,
    quiet,
    review,
    table,
)

# --- snake_case ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "suggested"),
    [
        ("UserAccount", "user_account"),
        ("my table", "my_table"),
        ("with-dash", "with_dash"),
        ("café", "caf"),
        ("1st_place", "_1st_place"),
    ],
)
def test_a_table_name_that_is_not_snake_case_is_a_hint(name, suggested):
    subject = add_tables(good(), table(name, col("label")))
    finding = fires(subject, "name-not-snake-case")
    assert finding.message == f"The table name {name!r} is not snake_case."
    assert finding.fix == f"Rename it {suggested}."
    assert finding.severity is Severity.INFO
    assert quiet(subject, "name-not-snake-case", "relaxed")


def test_column_and_enum_names_are_checked_too():
    subject = add_columns(good(), "tasks", col("dueTime", "time"))
    status = enum("TaskStatus", "open", "done")
    subject = replace(subject, enums=(status,))
    found = review(subject, "name-not-snake-case")
    assert [finding.message for finding in found] == [
        "The enum type name 'TaskStatus' is not snake_case.",
        "tasks: the column name 'dueTime' is not snake_case.",
    ]
    assert found[0].target.enum == status.id and found[0].table is None


def test_snake_case_names_pass():
    assert quiet(good(), "name-not-snake-case")


# --- keywords --------------------------------------------------------------------------


def test_keywords_as_names_are_a_warning():
    subject = add_tables(good(), table("order", col("user", "uuid"), col("position", "integer")))
    subject = replace(subject, enums=(enum("group", "a"),))
    found = review(subject, "name-reserved-word")
    assert [finding.message for finding in found] == [
        "The enum type name group is an SQL keyword.",
        "The table name order is an SQL keyword.",
        "order: the column name user is an SQL keyword.",
        "order: the column name position is an SQL keyword.",
    ]
    assert found[1].severity is Severity.WARNING
    assert "orders" in found[1].fix
    assert review(subject, "name-reserved-word", "relaxed")[0].severity is Severity.INFO


def test_unreserved_keywords_need_no_quotes_and_pass():
    subject = add_tables(good(), table("events", col("name"), col("type", "varchar(20)")))
    assert quiet(subject, "name-reserved-word")


# --- names cut to 63 bytes --------------------------------------------------------------------


def test_a_generated_name_longer_than_63_bytes_is_reported():
    long_table = "subscription_renewal_reminders"  # 30 bytes
    long_column = "notification_channel_preference_code"  # 36 bytes
    subject = add_tables(good(), table(long_table, col(long_column, "varchar(20)", unique=True)))
    finding = fires(subject, "name-too-long")
    wanted = f"uq_{long_table}_{long_column}"
    assert finding.message == (
        f"{long_table}: the unique constraint name {wanted} is {len(wanted)} bytes; PostgreSQL "
        "allows 63, so it is cut and ends with a hash."
    )
    assert finding.target.columns == (subject.tables[-1].column(long_column).id,)


def test_long_index_foreign_key_and_trigger_names_are_reported():
    name = "a_table_name_that_is_long_enough_to_overflow_the_limit"  # 54 bytes
    subject = add_tables(
        good(),
        table(name, col("user_id", "uuid", nullable=False), indexes=(index("user_id"),)),
        relationships=[fk(name, "user_id", "users")],
    )
    kinds = [finding.message.split(" name ")[0] for finding in review(subject, "name-too-long")]
    assert kinds == [f"{name}: the {what}" for what in ("foreign key", "index", "trigger")]


def test_explicit_and_short_names_pass():
    long_table = "subscription_renewal_reminders"
    long_column = "notification_channel_preference_code"
    named = table(
        long_table,
        col(long_column, "varchar(20)"),
        uniques=(UniqueConstraint(new_id(), (long_column,), name="uq_reminder_channel"),),
    )
    assert quiet(add_tables(good(), named), "name-too-long")
    assert quiet(good(), "name-too-long")


# --- singular and plural --------------------------------------------------------------------


def test_the_odd_one_out_in_grammatical_number_is_reported():
    subject = add_tables(good(), table("invoice", col("total", "numeric(12,2)")))
    finding = fires(subject, "table-names-mixed-number")
    assert (
        finding.message == "The table name invoice is singular; most table names here are plural."
    )
    assert quiet(subject, "table-names-mixed-number", "relaxed")


def test_a_tie_reports_the_singular_names():
    subject = add_tables(good(), table("invoice", col("label")), table("payment", col("label")))
    subject = replace(subject, tables=subject.tables[1:])  # projects, tasks, invoice, payment
    subject = replace(subject, relationships=(subject.relationships[1],))
    found = review(subject, "table-names-mixed-number")
    assert [finding.table for finding in found] == ["invoice", "payment"]


def test_names_of_one_number_or_unreadable_ones_pass():
    assert quiet(good(), "table-names-mixed-number")
    assert quiet(add_tables(good(), table("data", col("label"))), "table-names-mixed-number")


# --- foreign-key column names -----------------------------------------------------------------


def _reference(name: str, **options) -> object:
    notes = table(
        "notes", col(name, "uuid", nullable=False), col("body", "text"), indexes=(index(name),)
    )
    return add_tables(good(), notes, relationships=[fk("notes", name, "users", **options)])


@pytest.mark.parametrize("name", ["user_id", "author_id", "owner_user_id"])
def test_a_key_named_after_its_table_or_a_role_passes(name):
    assert quiet(_reference(name), "fk-column-name")


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("author", "its name does not end in _id"),
        ("userid", "its name does not end in _id"),
        ("users_id", "users is the plural; name it user_id"),
        ("project_id", "its name suggests the table projects"),
    ],
)
def test_a_misleading_or_unrecognisable_key_name_is_a_hint(name, problem):
    finding = fires(_reference(name), "fk-column-name")
    assert finding.message == f"notes.{name} references users.id, but {problem}."
    assert finding.severity is Severity.INFO
    assert quiet(_reference(name), "fk-column-name", "relaxed")


def test_composite_keys_are_left_alone():
    versions = table(
        "versions",
        col("project_id", "uuid", nullable=False),
        col("number", "integer", nullable=False),
        pk=("project_id", "number"),
    )
    builds = table(
        "builds",
        col("proj", "uuid", nullable=False),
        col("ver", "integer", nullable=False),
        indexes=(index("proj, ver"),),
    )
    subject = add_tables(
        good(),
        versions,
        builds,
        relationships=[
            fk("versions", "project_id", "projects"),
            fk("builds", ("proj", "ver"), "versions", ("project_id", "number")),
        ],
    )
    assert quiet(subject, "fk-column-name")


# --- names that differ only in case ---------------------------------------------------------


def test_a_table_beside_one_differing_only_in_case_is_a_warning_naming_both():
    customers = table("customers", col("email", "varchar(320)", nullable=False))
    capital = table("Customers", col("email", "varchar(320)", nullable=False))
    subject = add_tables(good(), customers, capital)
    finding = fires(subject, "names-differ-only-in-case")
    assert finding.message == "The tables customers and Customers differ only in case."
    assert finding.severity is Severity.WARNING
    assert finding.target.table == capital.id
    assert fires(subject, "names-differ-only-in-case", "relaxed").severity is Severity.WARNING


def test_tables_in_different_postgresql_schemas_may_share_a_name_but_for_case():
    customers = table("customers", col("email", "varchar(320)", nullable=False))
    elsewhere = replace(table("Customers", col("email", "varchar(320)")), schema="sales")
    assert quiet(add_tables(good(), customers, elsewhere), "names-differ-only-in-case")


def test_columns_of_one_table_differing_only_in_case_are_reported_on_both():
    email, shouting = col("email", "varchar(320)"), col("EMAIL", "varchar(320)")
    subject = add_columns(good(), "tasks", email, shouting)
    finding = fires(subject, "names-differ-only-in-case")
    assert finding.message == "tasks: the columns email and EMAIL differ only in case."
    assert finding.target.columns == (email.id, shouting.id)


def test_the_same_column_name_in_two_tables_is_fine():
    subject = add_columns(good(), "tasks", col("Label", "varchar(100)"))
    subject = add_columns(subject, "projects", col("label", "varchar(100)"))
    assert quiet(subject, "names-differ-only-in-case")


def test_enum_types_differing_only_in_case_are_reported():
    lower, upper = enum("status", "open", "done"), enum("Status", "open", "done")
    finding = fires(replace(good(), enums=(lower, upper)), "names-differ-only-in-case")
    assert finding.message == "The enum types status and Status differ only in case."
    assert finding.target.enum == upper.id


def test_three_spellings_give_two_findings_each_naming_the_first():
    spellings = [table(name, col("email", "varchar(320)")) for name in ("tags", "Tags", "TAGS")]
    found = review(add_tables(good(), *spellings), "names-differ-only-in-case")
    assert [finding.message for finding in found] == [
        "The tables tags and Tags differ only in case.",
        "The tables tags and TAGS differ only in case.",
    ]
