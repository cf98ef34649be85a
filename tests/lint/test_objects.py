"""The review of a schema with issue 16's objects: domains, sequences, partitions, NOT
VALID constraints and objects kept as SQL. No rule fails on them; a domain column is
reviewed by its base type; a partition is reviewed through its parent; NOT VALID
constraints and views reading sensitive columns are reported."""

from __future__ import annotations

from dataclasses import replace

import pytest

from designer.lint import PROFILES, lint, lint_tables, rules
from designer.schema.model import (
    CheckConstraint,
    Column,
    ColumnType,
    Domain,
    ObjectKind,
    PrimaryKey,
    QName,
    SqlObject,
)
from tests.generators.objects_schema import FILMS, PAYMENTS, objects_schema

from .build import col, fk, schema, table


def _by_rule(findings, rule_id: str):
    return [finding for finding in findings if finding.rule == rule_id]


@pytest.mark.parametrize("profile", sorted(PROFILES))
def test_every_rule_runs_on_every_kind_of_object(profile):
    findings = lint(objects_schema(), profile)
    assert findings  # the review ran (a composite key, missing timestamps...)
    partitions = {"payments_2022_01", "payments_default"}
    assert not [f for f in findings if f.table in partitions]


def test_a_partition_is_not_told_what_its_parent_defines():
    base = objects_schema()
    # A partition without a key of its own (the parent's applies), singular name, no index.
    tables = tuple(
        replace(t, primary_key=None) if t.partition_of is not None else t for t in base.tables
    )
    findings = lint(replace(base, tables=tables))
    assert not _by_rule(findings, "table-no-primary-key")
    assert not _by_rule(findings, "column-duplicated")
    assert not _by_rule(findings, "table-names-mixed-number")
    ids = [t.id for t in tables if t.partition_of is not None]
    assert len(ids) == 2
    assert lint_tables(replace(base, tables=tables), [r.id for r in rules()], ids) == []


def test_a_partitioned_tables_key_is_judged_without_its_partition_columns():
    findings = _by_rule(lint(objects_schema()), "primary-key-strategy")
    assert [f.message for f in findings] == [
        "payments.payment_id, the primary key, is not a bigint identity column (the "
        "project's key strategy)."
    ]


def test_not_valid_constraints_are_reported_with_the_statement_that_validates_them():
    findings = _by_rule(lint(objects_schema()), "constraint-not-valid")
    assert [(f.table, f.message) for f in findings] == [
        ("films", "The check ck_films_title of films (char_length(title) > 0) is NOT VALID."),
        (
            "film_notes",
            "The foreign key fk_film_notes_film_id of film_notes (film_id → films) is NOT VALID.",
        ),
    ]
    assert "ALTER TABLE films VALIDATE CONSTRAINT ck_films_title;" in findings[0].fix
    assert findings[0].target.constraint == "k-films-title"
    assert findings[1].target.relationship == "r-notes-films"
    relaxed = _by_rule(lint(objects_schema(), "relaxed"), "constraint-not-valid")
    assert [f.severity.value for f in relaxed] == ["info", "info"]


def test_a_view_reading_a_sensitive_column_is_reported():
    base = objects_schema()
    findings = _by_rule(lint(base), "view-reads-sensitive")
    assert [(f.table, f.message) for f in findings] == [
        ("films", "The view film_list reads films.distributor_token, which is marked sensitive.")
    ]
    assert findings[0].target.columns == ("c-films-secret",)
    # Not when the view does not mention the column, nor for a function or a trigger.
    quiet = replace(
        base,
        sql_objects=(
            *(replace(o, columns=("film_id",)) for o in base.sql_objects if o.id == "o-film-list"),
            SqlObject(
                "o-f",
                ObjectKind.FUNCTION,
                "token()",
                "CREATE FUNCTION token() RETURNS text LANGUAGE sql AS "
                "$$ SELECT distributor_token FROM films $$;",
                reads=(FILMS,),
                columns=("distributor_token",),
            ),
        ),
    )
    assert not _by_rule(lint(quiet), "view-reads-sensitive")


def test_a_domain_column_is_reviewed_by_its_base_type_and_fixed_on_the_domain():
    stamp = Domain("d1", "moment", ColumnType("timestamp"))
    name = Domain(
        "d2",
        "short_name",
        ColumnType("text"),
        checks=(CheckConstraint("d2c", "char_length(VALUE) <= 100"),),
    )
    loose = Domain("d3", "loose_name", ColumnType("text"))
    people = table(
        "people",
        Column("c1", "born_at", ColumnType("timestamp", domain=stamp.qname)),
        Column("c2", "name", ColumnType("text", domain=name.qname), nullable=False),
        Column("c3", "title", ColumnType("text", domain=loose.qname), nullable=False),
    )
    findings = lint(replace(schema(people), domains=(stamp, name, loose)))
    (zone,) = _by_rule(findings, "timestamp-without-time-zone")
    assert zone.message == (
        "people.born_at is timestamp without time zone (through its domain moment)."
    )
    assert zone.fix.endswith("Do it on the domain moment: its columns share its type.")
    assert zone.auto_fixes == ()  # retyping the column alone would leave the domain
    # The domain's CHECK bounds name; title's domain bounds nothing.
    assert [f.message for f in _by_rule(findings, "text-unbounded")] == [
        "people.title is unbounded text (through its domain loose_name) but looks like "
        "bounded data."
    ]


def test_sequences_and_objects_alone_review_cleanly():
    base = objects_schema()
    alone = replace(base, tables=(), relationships=())
    assert lint(alone) == []
    assert lint(replace(alone, sql_objects=(), domains=())) == []


def test_a_plain_columns_findings_are_unchanged():
    # The same messages as before issue 16 for a column without a domain.
    users = table("users", col("born_at", "timestamp"), col("title", "text"))
    findings = lint(schema(users))
    assert "users.born_at is timestamp without time zone." in [f.message for f in findings]
    (zone,) = _by_rule(findings, "timestamp-without-time-zone")
    assert zone.fix == "Use timestamptz." and zone.auto_fixes


def test_a_partition_key_in_quotes_is_read():
    base = objects_schema()
    payments = base.table(PAYMENTS)
    quoted = replace(payments, partition_by='RANGE ("paid_at")')
    tables = tuple(quoted if t.qname == PAYMENTS else t for t in base.tables)
    findings = _by_rule(lint(replace(base, tables=tables)), "primary-key-strategy")
    assert [f.table for f in findings] == ["payments"]
    # A key that is only the partition column: nothing left to judge.
    keyed = replace(quoted, primary_key=PrimaryKey(("paid_at",)))
    tables = tuple(keyed if t.qname == PAYMENTS else t for t in base.tables)
    assert not _by_rule(lint(replace(base, tables=tables)), "primary-key-strategy")
    assert QName("public", "payments") == PAYMENTS


def test_a_domain_s_not_null_and_base_type_count_for_its_columns():
    email = Domain("d-email", "email_address", ColumnType("varchar", length=320), nullable=False)
    key = Domain("d-key", "account_key", ColumnType("uuid"))
    users = table("users", col("email", "varchar(320)"))
    users = replace(
        users,
        columns=tuple(
            replace(c, type=ColumnType("varchar", length=320, domain=email.qname))
            if c.name == "email"
            else c
            for c in users.columns
        ),
    )
    orders = table("orders", Column("c-o", "user_id", ColumnType("uuid", domain=key.qname)))
    design = replace(
        schema(users, orders, relationships=(fk("orders", "user_id", "users"),)),
        domains=(email, key),
    )
    findings = lint(design)
    # email is NOT NULL through its domain; user_id's domain is a uuid, like users.id.
    required = _by_rule(findings, "nullable-looks-required")
    assert not [f for f in required if "users.email" in f.message]
    assert not _by_rule(findings, "fk-type-mismatch")
    loose = replace(design, domains=(replace(email, nullable=True), key))
    assert any("users.email" in f.message for f in _by_rule(lint(loose), "nullable-looks-required"))
