"""Column types: text-unbounded, varchar-no-length, timestamp-without-time-zone,
json-not-jsonb, serial-column, money-type, char-type."""

import pytest

from designer.lint import SetColumnType, Severity, UseIdentity
from designer.schema.model import CheckConstraint, Generated

from .build import (
    add_columns,
    add_tables,
    change_column,
    change_table,
    col,
    column_type,
    fires,
    fk,
    good,
    index,
    new_id,
    quiet,
    review,
    table,
)


def _with(*columns, **options):
    return add_columns(good(), "tasks", *columns, **options)


# --- text-unbounded ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["email", "first_name", "country_code", "slug", "email_address", "phone_number", "sku"]
)
def test_text_for_bounded_looking_data_is_reported(name):
    finding = fires(_with(col(name, "text")), "text-unbounded")
    assert finding.message == f"tasks.{name} is unbounded text but looks like bounded data."
    assert "varchar(" in finding.fix and "char_length" in finding.fix
    assert finding.severity is Severity.WARNING
    assert fires(_with(col(name, "text")), "text-unbounded", "relaxed").severity is Severity.INFO


@pytest.mark.parametrize("name", ["summary", "body", "description", "content", "bio"])
def test_free_text_may_be_text(name):
    assert quiet(_with(col(name, "text")), "text-unbounded")


@pytest.mark.parametrize(
    "check",
    [
        "char_length(email) <= 320",
        "length(email) < 321",
        "320 >= char_length(email)",
        "char_length(email) BETWEEN 3 AND 320",
        "email <> '' AND octet_length(email) <= 1000",
    ],
)
def test_text_with_a_check_bounding_its_length_counts_as_bounded(check):
    assert quiet(_with(col("email", "text", check=check)), "text-unbounded")
    in_table = add_tables(
        good(),
        table("contacts", col("email", "text"), checks=(CheckConstraint(new_id(), check),)),
    )
    assert quiet(in_table, "text-unbounded")


@pytest.mark.parametrize(
    "check",
    [
        "char_length(email) > 0",  # a lower bound only
        "char_length(email) <= 320 OR email IS NULL",  # the bound need not hold
        "char_length(title) <= 320",  # another column's length
    ],
)
def test_a_check_that_does_not_bound_the_length_does_not_count(check):
    assert fires(_with(col("email", "text", check=check)), "text-unbounded")


def test_varchar_with_a_length_is_bounded():
    assert quiet(good(), "text-unbounded")


# --- varchar-no-length -------------------------------------------------------------------


def test_varchar_without_a_length_is_reported_and_with_one_is_not():
    finding = fires(_with(col("label", "varchar")), "varchar-no-length")
    assert finding.message == "tasks.label is varchar without a length."
    assert quiet(_with(col("label", "varchar(40)")), "varchar-no-length")
    bounded = _with(col("label", "varchar", check="char_length(label) <= 40"))
    assert quiet(bounded, "varchar-no-length")


# --- timestamp / json / serial / money / char ------------------------------------------------


def test_timestamp_without_time_zone_is_retyped_in_one_click():
    subject = _with(col("starts_at", "timestamp(3)", nullable=False, default="now()"))
    finding = fires(subject, "timestamp-without-time-zone")
    tasks = subject.tables[2]
    assert finding.message == "tasks.starts_at is timestamp without time zone."
    assert finding.auto_fixes == (
        SetColumnType(tasks.id, tasks.column("starts_at").id, column_type("timestamptz(3)")),
    )


def test_a_timestamp_read_by_a_check_or_in_a_foreign_key_is_not_retyped_in_one_click():
    checked = _with(
        col("starts_at", "timestamp"), col("ends_at", "timestamp", check="ends_at > starts_at")
    )
    found = review(checked, "timestamp-without-time-zone")
    assert [finding.auto_fixes for finding in found] == [(), ()]

    slots = table("slots", col("at", "timestamp", nullable=False, unique=True))
    bookings = table(
        "bookings", col("slot_at", "timestamp", nullable=False), indexes=(index("slot_at"),)
    )
    keyed = add_tables(
        good(), slots, bookings, relationships=[fk("bookings", "slot_at", "slots", "at")]
    )
    assert all(finding.auto_fixes == () for finding in review(keyed, "timestamp-without-time-zone"))


def test_timestamptz_and_dates_pass():
    assert quiet(good(), "timestamp-without-time-zone")


def test_json_is_retyped_to_jsonb_in_one_click_and_jsonb_passes():
    subject = change_column(good(), "projects", "settings", type=column_type("json"))
    finding = fires(subject, "json-not-jsonb")
    assert finding.auto_fixes[0].type == column_type("jsonb")
    assert quiet(good(), "json-not-jsonb")


def test_serial_becomes_identity_in_one_click():
    logs = table(
        "logs", col("id", "bigint", nullable=False, generated=Generated.SERIAL), col("line")
    )
    subject = add_tables(good(), logs)
    finding = fires(subject, "serial-column")
    assert finding.auto_fixes == (UseIdentity(logs.id, logs.column("id").id),)
    identity = change_column(subject, "logs", "id", generated=Generated.IDENTITY_BY_DEFAULT)
    assert quiet(identity, "serial-column")


def test_money_is_reported_and_numeric_is_not():
    finding = fires(_with(col("price", "money")), "money-type")
    assert "numeric(19,4)" in finding.fix and finding.auto_fixes == ()
    assert quiet(_with(col("price", "numeric(12,2)")), "money-type")


def test_char_becomes_varchar_of_the_same_length():
    subject = _with(col("grade", "char(2)"))
    finding = fires(subject, "char-type")
    assert finding.message == "tasks.grade is char(2)."
    assert finding.auto_fixes[0].type == column_type("varchar(2)")
    bare = fires(_with(col("grade", "char")), "char-type")
    assert "char(1)" in bare.message and bare.auto_fixes[0].type == column_type("varchar(1)")
    assert quiet(_with(col("grade", "varchar(2)")), "char-type")


def test_an_indexed_column_can_still_be_retyped():
    subject = change_table(
        _with(col("code", "char(4)")),
        "tasks",
        indexes=(index("project_id, done"), index("assignee_id"), index("code")),
    )
    assert fires(subject, "char-type").auto_fixes
