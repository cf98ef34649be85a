"""created_at / updated_at: timestamps-missing, updated-at-no-trigger, timestamps-incomplete."""

from designer.lint import AddTimestamps, Severity

from .build import add_tables, change_column, change_table, col, fires, good, quiet, table


def test_a_table_without_timestamps_is_told_which_are_missing():
    subject = add_tables(good(), table("tags", col("label"), timestamps=False))
    finding = fires(subject, "timestamps-missing")
    tags = subject.tables[-1]
    assert finding.message == "tags has no created_at and no updated_at."
    assert finding.severity is Severity.WARNING
    assert finding.target.table == tags.id
    assert finding.auto_fixes == (AddTimestamps(tags.id),)
    assert fires(subject, "timestamps-missing", "relaxed").severity is Severity.INFO


def test_one_missing_timestamp_is_named_alone():
    subject = add_tables(
        good(),
        table(
            "tags",
            col("label"),
            col("created_at", "timestamptz", nullable=False, default="now()"),
            timestamps=False,
        ),
    )
    assert fires(subject, "timestamps-missing").message == "tags has no updated_at."


def test_tables_with_both_timestamps_pass():
    assert quiet(good(), "timestamps-missing")


def test_updated_at_without_the_trigger_is_reported_with_the_fix():
    subject = change_table(good(), "tasks", timestamps=False)
    finding = fires(subject, "updated-at-no-trigger")
    tasks = subject.tables[2]
    assert finding.target.columns == (tasks.column("updated_at").id,)
    assert "trg_tasks_updated_at" in finding.fix
    assert finding.auto_fixes == (AddTimestamps(tasks.id),)
    assert fires(subject, "updated-at-no-trigger", "relaxed").severity is Severity.WARNING


def test_an_updated_at_the_trigger_cannot_set_gets_no_one_click_fix():
    subject = change_column(
        change_table(good(), "tasks", timestamps=False),
        "tasks",
        "updated_at",
        type=col("x", "text").type,
        default=None,
    )
    finding = fires(subject, "updated-at-no-trigger")
    assert finding.auto_fixes == ()
    assert "must be a timestamptz" in finding.fix


def test_tables_whose_trigger_is_on_pass_and_tables_without_updated_at_are_not_this_rule():
    assert quiet(good(), "updated-at-no-trigger")
    bare = add_tables(good(), table("tags", col("label"), timestamps=False))
    assert quiet(bare, "updated-at-no-trigger")


def test_a_nullable_or_defaultless_timestamp_is_incomplete():
    nullable = change_column(good(), "users", "created_at", nullable=True)
    assert fires(nullable, "timestamps-incomplete").message == "users.created_at is nullable."
    bare = change_column(good(), "users", "updated_at", nullable=True, default=None)
    finding = fires(bare, "timestamps-incomplete")
    assert finding.message == "users.updated_at is nullable and has no default."
    assert finding.fix == "Declare updated_at NOT NULL DEFAULT now()."


def test_complete_timestamps_pass():
    assert quiet(good(), "timestamps-incomplete")
