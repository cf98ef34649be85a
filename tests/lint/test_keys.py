"""Primary keys: table-no-primary-key, primary-key-strategy."""

from dataclasses import replace

from designer.lint import AddPrimaryKey, Severity
from designer.schema.model import Action, Generated, KeyStrategy

from .build import (
    add_tables,
    change_column,
    change_table,
    col,
    fires,
    fk,
    good,
    junction,
    key,
    quiet,
    review,
    table,
)


def _with_events(**options):
    return add_tables(good(), table("events", col("label"), pk=None, **options))


def test_a_table_without_a_primary_key_is_an_error_with_a_key_to_add():
    subject = _with_events()
    finding = fires(subject, "table-no-primary-key")
    events = subject.tables[-1]
    assert finding.severity is Severity.ERROR
    assert finding.target.table == events.id and finding.target.columns == ()
    assert "events has no primary key" in finding.message
    assert "gen_random_uuid()" in finding.fix
    assert finding.auto_fixes == (AddPrimaryKey(events.id, KeyStrategy.UUID),)


def test_the_key_offered_follows_the_project_strategy():
    subject = replace(_with_events(), key_strategy=KeyStrategy.IDENTITY)
    finding = fires(subject, "table-no-primary-key")
    assert finding.auto_fixes[0].strategy is KeyStrategy.IDENTITY
    assert "IDENTITY" in finding.fix


def test_no_key_is_offered_when_a_column_is_already_called_id():
    subject = add_tables(good(), table("events", key(), col("label"), pk=None))
    assert fires(subject, "table-no-primary-key").auto_fixes == ()


def test_a_junction_without_a_key_is_told_to_key_the_pair():
    link, relationships, m2m = junction("user_projects", "users", "projects")
    subject = add_tables(good(), link, relationships=relationships, many_to_many=[m2m])
    subject = change_table(subject, "user_projects", primary_key=None)
    finding = fires(subject, "table-no-primary-key")
    assert finding.auto_fixes == ()
    assert "two foreign-key columns" in finding.fix


def test_every_table_with_a_key_passes():
    assert quiet(good(), "table-no-primary-key")


def test_a_uuid_key_without_its_default_does_not_follow_the_uuid_strategy():
    subject = change_column(good(), "users", "id", default=None)
    finding = fires(subject, "primary-key-strategy")
    assert finding.target.columns == (subject.tables[0].column("id").id,)
    assert "users.id" in finding.message and "gen_random_uuid()" in finding.message


def test_an_identity_key_in_a_uuid_project_is_a_warning_and_a_hint_when_relaxed():
    bigint = col("x", "bigint").type
    subject = change_column(
        good(), "users", "id", type=bigint, default=None, generated=Generated.IDENTITY_BY_DEFAULT
    )
    subject = change_column(subject, "tasks", "assignee_id", type=bigint)
    subject = change_column(subject, "projects", "owner_id", type=bigint)
    assert fires(subject, "primary-key-strategy").severity is Severity.WARNING
    assert fires(subject, "primary-key-strategy", "relaxed").severity is Severity.INFO


def test_a_composite_natural_key_is_reported():
    countries = table(
        "countries",
        col("code", "varchar(2)", nullable=False),
        col("region", "varchar(20)", nullable=False),
        pk=("code", "region"),
    )
    finding = fires(add_tables(good(), countries), "primary-key-strategy")
    assert "composite primary key (code, region)" in finding.message


def test_a_key_made_of_foreign_keys_follows_the_tables_it_references():
    link, relationships, m2m = junction("user_projects", "users", "projects")
    subject = add_tables(good(), link, relationships=relationships, many_to_many=[m2m])
    assert quiet(subject, "primary-key-strategy")

    profiles = table(
        "profiles", col("user_id", "uuid", nullable=False), col("bio", "text"), pk=("user_id",)
    )
    shared = add_tables(
        good(),
        profiles,
        relationships=[fk("profiles", "user_id", "users", on_delete=Action.CASCADE)],
    )
    assert quiet(shared, "primary-key-strategy")


def test_identity_projects_accept_identity_and_serial_keys_and_report_uuid_ones():
    identity = table(
        "events",
        col("id", "bigint", nullable=False, generated=Generated.IDENTITY_ALWAYS),
        col("label"),
    )
    serial = table(
        "logs", col("id", "integer", nullable=False, generated=Generated.SERIAL), col("line")
    )
    subject = replace(add_tables(good(), identity, serial), key_strategy=KeyStrategy.IDENTITY)
    found = review(subject, "primary-key-strategy")
    assert [finding.table for finding in found] == ["users", "projects", "tasks"]
    assert "bigint identity" in found[0].message
