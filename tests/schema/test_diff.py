"""The diff between two schemas, by id: one test per kind of change, then properties on
random schemas changed by random operations (``DIFF_EXAMPLES=<n>`` runs them longer)."""

from __future__ import annotations

import os
from dataclasses import replace

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from designer.generators import ddl
from designer.operations import (
    DeleteField,
    EditEntity,
    EditEnum,
    EditField,
    MoveField,
    OperationError,
    Patch,
    run,
)
from designer.schema.diff import (
    PHASE_OF,
    PLAN_ORDER,
    Change,
    Kind,
    Phase,
    SchemaDiff,
    diff,
    narrows,
    object_names,
)
from designer.schema.ids import all_ids
from designer.schema.model import (
    Action,
    CheckConstraint,
    Column,
    ColumnType,
    Deferral,
    EnumType,
    Generated,
    Index,
    IndexElement,
    IndexMethod,
    NullsOrder,
    PrimaryKey,
    QName,
    Relationship,
    Schema,
    Table,
    UniqueConstraint,
)
from tests.operations.sequences import changes, plans
from tests.strategies import schemas


def examples(default: int) -> int:
    return int(os.environ.get("DIFF_EXAMPLES") or default)


UUID = ColumnType("uuid")
STAMP = ColumnType("timestamptz")
STATUS = EnumType("e-status", "status", ("draft", "active", "done"))


def _stamps(table: str) -> tuple[Column, ...]:
    return (
        Column(f"c-{table}-created", "created_at", STAMP, nullable=False, default="now()"),
        Column(f"c-{table}-updated", "updated_at", STAMP, nullable=False, default="now()"),
    )


USERS = Table(
    "t-users",
    "users",
    columns=(
        Column("c-users-id", "id", UUID, nullable=False, default="gen_random_uuid()"),
        Column("c-mail", "mail", ColumnType("varchar", length=255), nullable=False),
        Column("c-age", "age", ColumnType("integer"), check="age >= 0"),
        *_stamps("users"),
    ),
    timestamps=True,
    primary_key=PrimaryKey(("id",)),
    indexes=(Index("i-mail", (IndexElement(column="mail"),)),),
)
ORDERS = Table(
    "t-orders",
    "orders",
    columns=(
        Column(
            "c-orders-id",
            "id",
            ColumnType("bigint"),
            nullable=False,
            generated=Generated.IDENTITY_ALWAYS,
        ),
        Column("c-user-id", "user_id", UUID, nullable=False),
        Column("c-total", "total", ColumnType("numeric", precision=10, scale=2)),
        Column("c-status", "status", ColumnType("enum", enum=STATUS.qname), default="'draft'"),
        Column("c-code", "code", ColumnType("text")),
    ),
    primary_key=PrimaryKey(("id",)),
    uniques=(UniqueConstraint("u-code", ("user_id", "code")),),
    checks=(CheckConstraint("k-total", "total >= 0 AND orders.total < 1000000"),),
    indexes=(Index("i-user", (IndexElement(column="user_id"),)),),
)
FK = Relationship(
    "r-user", ORDERS.qname, ("user_id",), USERS.qname, ("id",), on_delete=Action.CASCADE
)
BASE = Schema(enums=(STATUS,), tables=(USERS, ORDERS), relationships=(FK,))


def table(of: Schema, table_id: str, **changes) -> Schema:
    return replace(
        of, tables=tuple(replace(t, **changes) if t.id == table_id else t for t in of.tables)
    )


def column(schema: Schema, column_id: str, **changes) -> Schema:
    tables = tuple(
        replace(
            t, columns=tuple(replace(c, **changes) if c.id == column_id else c for c in t.columns)
        )
        if any(c.id == column_id for c in t.columns)
        else t
        for t in schema.tables
    )
    return replace(schema, tables=tables)


def index(schema: Schema, index_id: str, **changes) -> Schema:
    tables = tuple(
        replace(
            t, indexes=tuple(replace(i, **changes) if i.id == index_id else i for i in t.indexes)
        )
        for t in schema.tables
    )
    return replace(schema, tables=tables)


def kinds(result: SchemaDiff) -> list[tuple[Kind, str]]:
    return [(change.kind, change.id) for change in result.changes]


def only(result: SchemaDiff, kind: Kind) -> Change:
    found = [change for change in result.changes if change.kind is kind]
    assert len(found) == 1, result.describe()
    return found[0]


def position(result: SchemaDiff, kind: Kind, identifier: str | None = None) -> int:
    return next(
        n
        for n, change in enumerate(result.plan)
        if change.kind is kind and (identifier is None or change.id == identifier)
    )


# --- nothing ----------------------------------------------------------------------------


def test_a_schema_has_no_changes_from_itself_or_an_equal_copy():
    assert diff(BASE, BASE).empty
    copy = replace(BASE, tables=tuple(replace(t) for t in BASE.tables))
    assert diff(BASE, copy).empty and not diff(BASE, copy)


def test_settings_that_never_reach_the_database_are_not_changes():
    other = replace(BASE, name="Other", description="New words", review_profile="relaxed",
                    timestamps_default=False)  # fmt: skip
    other = column(other, "c-mail", sensitive=True)
    assert diff(BASE, other).empty


# --- tables -------------------------------------------------------------------------------


def test_an_added_table_comes_whole_and_its_foreign_keys_apart():
    notes = Table(
        "t-notes",
        "notes",
        columns=(
            Column("c-n-id", "id", UUID, nullable=False),
            Column("c-n-user", "user_id", UUID),
        ),
        primary_key=PrimaryKey(("id",)),
        indexes=(Index("i-n-user", (IndexElement(column="user_id"),)),),
    )
    link = Relationship("r-notes", notes.qname, ("user_id",), USERS.qname, ("id",))
    new = replace(BASE, tables=(*BASE.tables, notes), relationships=(*BASE.relationships, link))
    result = diff(BASE, new)
    assert kinds(result) == [(Kind.TABLE_ADDED, "t-notes"), (Kind.FOREIGN_KEY_ADDED, "r-notes")]
    assert only(result, Kind.TABLE_ADDED).describe() == "added table notes"
    assert position(result, Kind.TABLE_ADDED) < position(result, Kind.FOREIGN_KEY_ADDED)
    assert only(result, Kind.FOREIGN_KEY_ADDED).new_name == "fk_notes_user_id"


def test_a_removed_table_is_destructive_and_its_foreign_keys_go_first():
    new = replace(BASE, tables=(ORDERS,), relationships=())
    result = diff(BASE, new)
    assert set(kinds(result)) == {
        (Kind.TABLE_REMOVED, "t-users"),
        (Kind.FOREIGN_KEY_REMOVED, "r-user"),
        (Kind.FUNCTION_REMOVED, "update_updated_at_column"),  # users had the one trigger
    }
    removed = only(result, Kind.TABLE_REMOVED)
    assert removed.destructive and result.destructive == (removed,)
    assert removed.describe() == "removed table users"
    assert position(result, Kind.FOREIGN_KEY_REMOVED) < position(result, Kind.TABLE_REMOVED)


def test_a_renamed_table_renames_its_conventional_names_and_nothing_else():
    new = run(BASE, [EditEntity("t-users", {"name": "accounts"})]).after
    result = diff(BASE, new)
    assert set(kinds(result)) == {
        (Kind.TABLE_RENAMED, "t-users"),
        (Kind.PRIMARY_KEY_RENAMED, "t-users"),
        (Kind.CHECK_RENAMED, "c-age"),
        (Kind.INDEX_RENAMED, "i-mail"),
        (Kind.TRIGGER_RENAMED, "t-users"),
    }
    assert only(result, Kind.TABLE_RENAMED).describe() == "renamed table users to accounts"
    assert only(result, Kind.INDEX_RENAMED).describe() == (
        "renamed index ix_users_mail on accounts to ix_accounts_mail"
    )
    trigger = only(result, Kind.TRIGGER_RENAMED)
    assert (trigger.old_name, trigger.new_name) == (
        "trg_users_updated_at",
        "trg_accounts_updated_at",
    )
    assert not result.destructive
    assert all(change.phase is Phase.RENAME for change in result.plan)
    assert result.plan[0].kind is Kind.TABLE_RENAMED


def test_a_renamed_table_renames_the_sequence_of_its_identity_column():
    result = diff(BASE, run(BASE, [EditEntity("t-orders", {"name": "purchases"})]).after)
    sequence = only(result, Kind.SEQUENCE_RENAMED)
    assert (sequence.id, sequence.old_name, sequence.new_name) == (
        "c-orders-id", "orders_id_seq", "purchases_id_seq",
    )  # fmt: skip
    # The check qualifies a column by the table's name: rewritten, not changed.
    assert Kind.CHECK_CHANGED not in {change.kind for change in result.changes}


def test_a_table_moved_to_a_new_schema_creates_the_schema_first():
    new = table(BASE, "t-users", schema="sales")
    new = replace(new, relationships=(replace(FK, to_table=QName("sales", "users")),))
    result = diff(BASE, new)
    assert set(kinds(result)) == {(Kind.SCHEMA_ADDED, "sales"), (Kind.TABLE_MOVED, "t-users")}
    moved = only(result, Kind.TABLE_MOVED)
    assert moved.describe() == "moved table users from schema public to sales"
    assert moved.table == QName("sales", "users")
    assert position(result, Kind.SCHEMA_ADDED) < position(result, Kind.TABLE_MOVED)
    back = diff(new, BASE)
    assert set(kinds(back)) == {(Kind.SCHEMA_REMOVED, "sales"), (Kind.TABLE_MOVED, "t-users")}
    assert back.plan[-1].kind is Kind.SCHEMA_REMOVED


def test_a_table_comment():
    change = only(diff(BASE, table(BASE, "t-users", description="People.")), Kind.TABLE_COMMENT)
    assert (change.old, change.new) == ("", "People.")
    assert change.describe() == 'changed the comment of table users from none to "People."'


def test_timestamps_off_removes_the_trigger_and_the_last_one_the_function():
    result = diff(BASE, table(BASE, "t-users", timestamps=False))
    assert kinds(result) == [
        (Kind.FUNCTION_REMOVED, "update_updated_at_column"),
        (Kind.TRIGGER_REMOVED, "t-users"),
    ]
    assert [c.kind for c in result.plan] == [Kind.TRIGGER_REMOVED, Kind.FUNCTION_REMOVED]
    back = diff(table(BASE, "t-users", timestamps=False), BASE)
    assert [c.kind for c in back.plan] == [Kind.FUNCTION_ADDED, Kind.TRIGGER_ADDED]
    assert only(back, Kind.TRIGGER_ADDED).describe() == (
        "added the updated_at trigger trg_users_updated_at on users"
    )


# --- columns ------------------------------------------------------------------------------


def test_an_added_column_with_its_unique_and_check_constraints():
    phone = Column("c-phone", "phone", ColumnType("varchar", length=20), nullable=False,
                   unique=True, check="phone <> ''")  # fmt: skip
    new = table(BASE, "t-users", columns=(*USERS.columns, phone))
    result = diff(BASE, new)
    assert kinds(result) == [
        (Kind.COLUMN_ADDED, "c-phone"),
        (Kind.UNIQUE_ADDED, "c-phone"),
        (Kind.CHECK_ADDED, "c-phone"),
    ]
    assert result.changes[0].describe() == "added column users.phone varchar(20) NOT NULL"
    assert result.changes[1].new == UniqueConstraint("c-phone", ("phone",))
    assert result.changes[1].new_name == "uq_users_phone"
    assert result.changes[2].describe() == (
        "added check constraint ck_users_phone on users CHECK (phone <> '')"
    )
    assert [c.kind for c in result.plan] == [k for k, _ in kinds(result)]


def test_a_removed_column_is_destructive_and_its_index_goes_first():
    new = run(BASE, [DeleteField("c-mail")]).after
    result = diff(BASE, new)
    assert set(kinds(result)) == {(Kind.COLUMN_REMOVED, "c-mail"), (Kind.INDEX_REMOVED, "i-mail")}
    assert only(result, Kind.COLUMN_REMOVED).destructive
    assert only(result, Kind.COLUMN_REMOVED).describe() == "removed column users.mail"
    assert position(result, Kind.INDEX_REMOVED) < position(result, Kind.COLUMN_REMOVED)


def test_a_renamed_column_is_a_rename_everywhere_it_is_named():
    new = run(BASE, [EditField("c-user-id", {"name": "owner_id"})]).after
    result = diff(BASE, new)
    assert set(kinds(result)) == {
        (Kind.COLUMN_RENAMED, "c-user-id"),
        (Kind.UNIQUE_RENAMED, "u-code"),
        (Kind.FOREIGN_KEY_RENAMED, "r-user"),
        (Kind.INDEX_RENAMED, "i-user"),
    }
    assert only(result, Kind.COLUMN_RENAMED).describe() == (
        "renamed column orders.user_id to orders.owner_id"
    )
    plain = run(BASE, [EditField("c-mail", {"name": "email"})]).after
    result = diff(BASE, plain)
    assert (
        only(result, Kind.COLUMN_RENAMED).describe() == "renamed column users.mail to users.email"
    )
    assert Kind.COLUMN_REMOVED not in {c.kind for c in result.changes}


def test_a_column_read_by_a_check_renamed_rewrites_the_check_without_changing_it():
    new = run(BASE, [EditField("c-total", {"name": "amount"})]).after
    assert new.table(ORDERS.qname).checks[0].expression != ORDERS.checks[0].expression
    result = diff(BASE, new)
    assert {kind for kind, _ in kinds(result)} == {Kind.COLUMN_RENAMED, Kind.CHECK_RENAMED}


def test_two_columns_swapping_names_are_two_renames():
    swapped = column(column(BASE, "c-mail", name="age"), "c-age", name="mail", check="mail >= 0")
    swapped = index(swapped, "i-mail", elements=(IndexElement(column="age"),))
    result = diff(BASE, swapped)
    assert {kind for kind, _ in kinds(result)} == {Kind.COLUMN_RENAMED, Kind.CHECK_RENAMED,
                                                   Kind.INDEX_RENAMED}  # fmt: skip


def test_a_type_change_says_old_and_new_and_whether_it_narrows():
    wider = column(BASE, "c-total", type=ColumnType("numeric", precision=12, scale=2))
    change = only(diff(BASE, wider), Kind.COLUMN_TYPE)
    assert change.describe() == "changed orders.total from numeric(10,2) to numeric(12,2)"
    assert not change.destructive
    narrower = only(diff(wider, BASE), Kind.COLUMN_TYPE)
    assert narrower.destructive


@pytest.mark.parametrize(
    ("old", "new", "narrower"),
    [
        (ColumnType("integer"), ColumnType("bigint"), False),
        (ColumnType("bigint"), ColumnType("integer"), True),
        (ColumnType("smallint"), ColumnType("numeric"), False),
        (ColumnType("bigint"), ColumnType("numeric", precision=10), True),
        (ColumnType("integer"), ColumnType("numeric", precision=12, scale=2), False),
        (ColumnType("varchar", length=10), ColumnType("varchar", length=20), False),
        (ColumnType("varchar", length=20), ColumnType("varchar", length=10), True),
        (ColumnType("varchar", length=20), ColumnType("varchar"), False),
        (ColumnType("varchar"), ColumnType("varchar", length=20), True),
        (ColumnType("varchar", length=20), ColumnType("text"), False),
        (ColumnType("text"), ColumnType("varchar", length=20), True),
        (ColumnType("char", length=2), ColumnType("char"), True),
        (ColumnType("numeric", precision=10, scale=2), ColumnType("numeric", precision=10), True),
        (ColumnType("numeric", precision=10, scale=2), ColumnType("numeric"), False),
        (ColumnType("real"), ColumnType("double precision"), False),
        (ColumnType("double precision"), ColumnType("real"), True),
        (ColumnType("timestamp"), ColumnType("timestamptz"), False),
        (ColumnType("timestamptz"), ColumnType("timestamp"), True),
        (ColumnType("timestamptz", precision=3), ColumnType("timestamptz"), False),
        (ColumnType("timestamptz"), ColumnType("timestamptz", precision=3), True),
        (ColumnType("integer"), ColumnType("text"), False),
        (ColumnType("enum", enum=STATUS.qname), ColumnType("text"), False),
        (ColumnType("text"), ColumnType("enum", enum=STATUS.qname), True),
        (ColumnType("integer"), ColumnType("integer", array=True), True),
        (ColumnType("integer", array=True), ColumnType("bigint", array=True), False),
        (ColumnType("uuid"), ColumnType("integer"), True),
    ],
)
def test_narrows(old, new, narrower):
    assert narrows(old, new) is narrower


def test_nullability_default_generated_and_comment():
    new = column(BASE, "c-total", nullable=False, default="0", description="In cents.")
    new = column(new, "c-orders-id", generated=Generated.IDENTITY_BY_DEFAULT)
    result = diff(BASE, new)
    assert [(c.kind, c.describe()) for c in result.changes] == [
        (Kind.COLUMN_GENERATED, "changed orders.id from GENERATED ALWAYS AS IDENTITY to "
                                "GENERATED BY DEFAULT AS IDENTITY"),
        (Kind.COLUMN_DEFAULT, "set the default of orders.total to 0"),
        (Kind.COLUMN_NULLABLE, "made orders.total NOT NULL"),
        (Kind.COLUMN_COMMENT, 'changed the comment of orders.total from none to "In cents."'),
    ]  # fmt: skip
    assert all(change.phase is Phase.ALTER for change in result.plan)
    back = diff(new, BASE)
    assert only(back, Kind.COLUMN_NULLABLE).describe() == "made orders.total nullable"
    assert only(back, Kind.COLUMN_DEFAULT).describe() == (
        "dropped the default of orders.total (was 0)"
    )


def test_a_moved_column_is_a_position_change_of_that_column_only():
    new = run(BASE, [MoveField("c-code", -1)] * 3).after
    result = diff(BASE, new)
    assert kinds(result) == [(Kind.COLUMN_MOVED, "c-code")]
    assert result.changes[0].describe() == "moved column orders.code from position 5 to 2"
    renamed = run(new, [EditField("c-code", {"name": "ref"})]).after
    moved = only(diff(BASE, renamed), Kind.COLUMN_MOVED)
    assert (moved.old_name, moved.new_name, moved.old, moved.new) == ("code", "ref", 4, 1)


def test_a_column_unique_flag_and_check_are_constraints_keyed_by_the_column():
    new = column(BASE, "c-mail", unique=True)
    new = column(new, "c-age", check="age > 0")
    result = diff(BASE, new)
    assert kinds(result) == [(Kind.UNIQUE_ADDED, "c-mail"), (Kind.CHECK_CHANGED, "c-age")]
    assert result.changes[0].key == ("uq", "c-mail")
    assert result.changes[1].describe() == (
        "changed check constraint ck_users_age on users from CHECK (age >= 0) to CHECK (age > 0)"
    )
    back = diff(new, column(new, "c-age", check=None))
    assert only(back, Kind.CHECK_REMOVED).old_name == "ck_users_age"


# --- keys and constraints ---------------------------------------------------------------------


def test_primary_key_added_removed_renamed_and_changed():
    no_key = table(BASE, "t-orders", primary_key=None)
    assert kinds(diff(BASE, no_key)) == [(Kind.PRIMARY_KEY_REMOVED, "t-orders")]
    added = only(diff(no_key, BASE), Kind.PRIMARY_KEY_ADDED)
    assert added.describe() == "added primary key pk_orders on orders (id)"
    named = table(BASE, "t-orders", primary_key=PrimaryKey(("id",), "orders_pkey"))
    renamed = only(diff(BASE, named), Kind.PRIMARY_KEY_RENAMED)
    assert (renamed.old_name, renamed.new_name) == ("pk_orders", "orders_pkey")
    wider = table(BASE, "t-orders", primary_key=PrimaryKey(("id", "code")))
    assert only(diff(BASE, wider), Kind.PRIMARY_KEY_CHANGED).describe() == (
        "changed primary key pk_orders on orders from (id) to (id, code)"
    )


def test_unique_constraints():
    other = replace(ORDERS.uniques[0], nulls_not_distinct=True)
    result = diff(BASE, table(BASE, "t-orders", uniques=(other,)))
    assert kinds(result) == [(Kind.UNIQUE_CHANGED, "u-code")]
    assert result.changes[0].describe().endswith("to (user_id, code) NULLS NOT DISTINCT")
    result = diff(BASE, table(BASE, "t-orders", uniques=()))
    assert kinds(result) == [(Kind.UNIQUE_REMOVED, "u-code")]
    assert not result.destructive
    named = replace(ORDERS.uniques[0], name="orders_code_key")
    assert kinds(diff(BASE, table(BASE, "t-orders", uniques=(named,)))) == [
        (Kind.UNIQUE_RENAMED, "u-code")
    ]


def test_check_constraints():
    other = replace(ORDERS.checks[0], expression="total > 0")
    assert kinds(diff(BASE, table(BASE, "t-orders", checks=(other,)))) == [
        (Kind.CHECK_CHANGED, "k-total")
    ]
    extra = CheckConstraint("k-code", "code <> ''")
    result = diff(BASE, table(BASE, "t-orders", checks=(*ORDERS.checks, extra)))
    assert only(result, Kind.CHECK_ADDED).new_name == "ck_orders_code"


# --- foreign keys -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "text"),
    [
        ({"on_delete": Action.RESTRICT}, "ON DELETE RESTRICT ON UPDATE NO ACTION"),
        ({"on_update": Action.CASCADE}, "ON DELETE CASCADE ON UPDATE CASCADE"),
        ({"deferral": Deferral.DEFERRED}, "DEFERRABLE INITIALLY DEFERRED"),
    ],
)
def test_foreign_key_actions_and_deferral(changes, text):
    new = replace(BASE, relationships=(replace(FK, **changes),))
    change = only(diff(BASE, new), Kind.FOREIGN_KEY_CHANGED)
    assert change.table_id == "t-orders" and change.describe().endswith(text)
    assert change.describe().startswith("changed foreign key fk_orders_user_id on orders from")


def test_foreign_key_columns_and_name():
    other = Column("c-buyer", "buyer_id", UUID)
    new = table(BASE, "t-orders", columns=(*ORDERS.columns, other))
    new = replace(new, relationships=(replace(FK, from_columns=("buyer_id",), name="fk_buyer"),))
    result = diff(BASE, new)
    assert set(kinds(result)) == {
        (Kind.COLUMN_ADDED, "c-buyer"),
        (Kind.FOREIGN_KEY_RENAMED, "r-user"),
        (Kind.FOREIGN_KEY_CHANGED, "r-user"),
    }
    assert position(result, Kind.COLUMN_ADDED) < position(result, Kind.FOREIGN_KEY_CHANGED)


def test_relationship_attributes_of_the_models_are_not_changes():
    new = replace(BASE, relationships=(replace(FK, from_attribute="buyer", to_attribute="buys"),))
    assert diff(BASE, new).empty


# --- indexes --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "changes",
    [
        {"elements": (IndexElement(column="user_id"), IndexElement(column="code"))},
        {"elements": (IndexElement(expression="lower(code)"),)},
        {"elements": (IndexElement(column="user_id", descending=True),)},
        {"elements": (IndexElement(column="user_id", nulls=NullsOrder.FIRST),)},
        {"elements": (IndexElement(column="user_id", opclass="uuid_ops"),)},
        {"method": IndexMethod.HASH},
        {"unique": True},
        {"where": "code IS NOT NULL"},
        {"include": ("code",)},
    ],
)
def test_every_property_of_an_index_is_a_change(changes):
    result = diff(BASE, index(BASE, "i-user", **changes))
    change = next(c for c in result.changes if c.kind is Kind.INDEX_CHANGED)
    assert change.id == "i-user" and change.table_id == "t-orders"
    assert change.phase is Phase.CREATE


def test_an_index_name_and_comment():
    result = diff(BASE, index(BASE, "i-user", name="orders_by_user", rationale="Lists."))
    assert kinds(result) == [(Kind.INDEX_RENAMED, "i-user"), (Kind.INDEX_COMMENT, "i-user")]
    assert result.changes[0].describe() == (
        "renamed index ix_orders_user_id on orders to orders_by_user"
    )


def test_indexes_added_and_removed():
    extra = Index("i-code", (IndexElement(column="code"),), unique=True)
    new = table(BASE, "t-orders", indexes=(*ORDERS.indexes, extra))
    added = only(diff(BASE, new), Kind.INDEX_ADDED)
    assert added.describe() == "added index ix_orders_code on orders unique btree (code)"
    assert only(diff(new, BASE), Kind.INDEX_REMOVED).old_name == "ix_orders_code"


# --- enum types -----------------------------------------------------------------------------


def test_an_enum_renamed_is_not_a_type_change_of_its_columns():
    new = run(BASE, [EditEnum("e-status", {"name": "order_status"})]).after
    result = diff(BASE, new)
    assert kinds(result) == [(Kind.ENUM_RENAMED, "e-status")]
    assert result.changes[0].describe() == "renamed enum type status to order_status"


def test_an_enum_moved_to_another_schema():
    new = run(BASE, [EditEnum("e-status", {"schema_name": "sales"})]).after
    result = diff(BASE, new)
    assert kinds(result) == [(Kind.SCHEMA_ADDED, "sales"), (Kind.ENUM_MOVED, "e-status")]


def test_an_enum_added_comes_before_the_table_that_uses_it_and_goes_after_it():
    assert diff(BASE, replace(BASE, enums=())).changes[0].kind is Kind.ENUM_REMOVED
    empty = Schema()
    result = diff(empty, BASE)
    assert [c.kind for c in result.plan] == [
        Kind.FUNCTION_ADDED, Kind.ENUM_ADDED, Kind.TABLE_ADDED, Kind.TABLE_ADDED,
        Kind.FOREIGN_KEY_ADDED,
    ]  # fmt: skip
    assert [c.id for c in result.plan if c.kind is Kind.TABLE_ADDED] == ["t-users", "t-orders"]
    assert only(result, Kind.ENUM_ADDED).describe() == (
        "added enum type status ('draft', 'active', 'done')"
    )
    back = diff(BASE, empty)
    assert [c.kind for c in back.plan] == [
        Kind.FOREIGN_KEY_REMOVED, Kind.TABLE_REMOVED, Kind.TABLE_REMOVED, Kind.ENUM_REMOVED,
        Kind.FUNCTION_REMOVED,
    ]  # fmt: skip
    assert [c.id for c in back.plan if c.kind is Kind.TABLE_REMOVED] == ["t-orders", "t-users"]


def _values(*values: str) -> Schema:
    return replace(BASE, enums=(replace(STATUS, values=values),))


def test_an_enum_value_appended():
    result = diff(BASE, _values("draft", "active", "done", "archived"))
    change = only(result, Kind.ENUM_VALUE_ADDED)
    assert change.describe() == "added value 'archived' to enum type status"
    assert change.phase is Phase.TYPES and not change.destructive


def test_an_enum_value_removed_is_destructive():
    result = diff(BASE, _values("draft", "done"))
    assert kinds(result) == [(Kind.ENUM_VALUE_REMOVED, "e-status")]
    assert result.changes[0].destructive
    assert result.changes[0].describe() == "removed value 'active' from enum type status"


def test_enum_values_reordered():
    result = diff(BASE, _values("done", "draft", "active"))
    assert kinds(result) == [(Kind.ENUM_VALUES_REORDERED, "e-status")]
    assert result.changes[0].describe() == (
        "reordered the values of enum type status from (draft, active, done) "
        "to (done, draft, active)"
    )


def test_one_value_replaced_in_place_is_an_inferred_rename_to_confirm():
    result = diff(BASE, _values("draft", "live", "done"))
    change = only(result, Kind.ENUM_VALUE_RENAMED)
    assert (change.old, change.new, change.inferred) == ("active", "live", True)
    assert result.inferred == (change,)
    assert "please confirm" in change.describe()
    assert not change.destructive


def test_a_value_rename_the_caller_names_is_known_and_anything_else_is_removed_and_added():
    new = _values("draft", "live", "finished")
    guessed = diff(BASE, new)
    assert {c.kind for c in guessed.changes} == {Kind.ENUM_VALUE_REMOVED, Kind.ENUM_VALUE_ADDED}
    told = diff(BASE, new, enum_value_renames={"e-status": {"active": "live", "done": "finished"}})
    assert [(c.kind, c.old, c.new, c.inferred) for c in told.changes] == [
        (Kind.ENUM_VALUE_RENAMED, "active", "live", False),
        (Kind.ENUM_VALUE_RENAMED, "done", "finished", False),
    ]
    # An enum type the caller lists without renames is not guessed about.
    listed = diff(BASE, _values("draft", "live", "done"), enum_value_renames={"e-status": {}})
    assert [(c.kind, c.old, c.new) for c in listed.changes] == [
        (Kind.ENUM_VALUE_REMOVED, "active", None),
        (Kind.ENUM_VALUE_ADDED, None, "live"),  # in place: ADD VALUE ... AFTER 'draft'
    ]


def test_an_enum_comment():
    new = replace(BASE, enums=(replace(STATUS, description="Order states."),))
    assert kinds(diff(BASE, new)) == [(Kind.ENUM_COMMENT, "e-status")]


def test_a_column_changed_to_a_new_enum_type_finds_it_created_and_the_old_one_dropped_after():
    state = EnumType("e-state", "state", ("open", "closed"))
    new = replace(column(BASE, "c-status", type=ColumnType("enum", enum=state.qname),
                         default=None), enums=(state,))  # fmt: skip
    result = diff(BASE, new)
    assert position(result, Kind.ENUM_ADDED) < position(result, Kind.COLUMN_TYPE)
    assert position(result, Kind.COLUMN_TYPE) < position(result, Kind.ENUM_REMOVED)
    assert only(result, Kind.COLUMN_TYPE).destructive


# --- the project --------------------------------------------------------------------------


def test_extensions_and_the_target_version():
    new = replace(BASE, extensions=("pg_trgm",), pg_version=16)
    result = diff(BASE, new)
    assert [c.describe() for c in result.changes] == [
        "changed the target PostgreSQL version from 15 to 16",
        "added extension pg_trgm",
    ]
    assert only(diff(new, BASE), Kind.EXTENSION_REMOVED).phase is Phase.CLEANUP


def test_the_old_and_new_name_of_every_object():
    new = run(BASE, [EditEntity("t-users", {"name": "accounts"})]).after
    result = diff(BASE, new)
    assert result.old_name(("table", "t-users")) == QName("public", "users")
    assert result.new_name(("table", "t-users")) == QName("public", "accounts")
    assert result.new_name(("uq", "u-code")) == "uq_orders_user_id_code"
    assert result.new_name(("trigger", "t-users")) == "trg_accounts_updated_at"
    assert result.new_name(("sequence", "c-orders-id")) == "orders_id_seq"
    assert result.old_name(("column", "nope")) is None
    for change in result.changes:
        assert result.old_name(change.key) == change.old_name
        assert result.new_name(change.key) == change.new_name


def test_changes_group_by_table():
    new = column(table(BASE, "t-users", description="People."), "c-total", nullable=False)
    groups = diff(BASE, new).by_table()
    assert [c.kind for c in groups["t-users"]] == [Kind.TABLE_COMMENT]
    assert [c.kind for c in groups["t-orders"]] == [Kind.COLUMN_NULLABLE]


def test_every_kind_has_a_phase_and_a_place_in_the_plan():
    assert set(PLAN_ORDER) == set(Kind) == set(PHASE_OF)
    renames = [n for n, kind in enumerate(PLAN_ORDER) if PHASE_OF[kind] is Phase.RENAME]
    drops = [n for n, kind in enumerate(PLAN_ORDER) if PHASE_OF[kind] is Phase.DROP]
    assert max(renames) < min(drops)


# --- properties -----------------------------------------------------------------------------


@settings(max_examples=examples(40))
@given(first=schemas())
def test_a_random_schema_has_no_changes_from_itself(first):
    assert diff(first, first).empty
    copy = replace(first, tables=tuple(replace(t, columns=tuple(t.columns)) for t in first.tables))
    assert diff(first, copy).empty


# Edits of what exists (renames, types, actions, moves...), drawn more often than in
# ``plans``, where most steps add or replace whole designs.
EDITS = (
    "edit_entity", "edit_field", "move_field", "edit_relationship", "edit_enum",
    "add_index", "add_unique", "add_check", "delete_constraint", "delete_field",
    "add_field", "add_timestamps", "add_primary_key", "edit_project",
)  # fmt: skip


def edit_plans(max_changes: int):
    return st.lists(st.sampled_from(EDITS).map(lambda kind: (kind,)), min_size=1,
                    max_size=max_changes)  # fmt: skip


@settings(max_examples=examples(80))
@given(first=schemas(max_tables=4), data=st.data())
def test_random_operations_are_in_the_diff_and_nothing_else_is(first, data):
    check_sequence(first, data, plans(6))


@settings(max_examples=examples(150))
@given(first=schemas(max_tables=3), data=st.data())
def test_random_edits_are_in_the_diff_and_nothing_else_is(first, data):
    check_sequence(first, data, edit_plans(10))


@settings(max_examples=examples(300))
@given(first=schemas(max_tables=3), data=st.data())
def test_random_edits_of_any_attribute_are_in_the_diff_and_nothing_else_is(first, data):
    """Edits made on the model directly: every attribute of every object, including
    those no operation edits in place (an index's properties)."""
    last = first
    for number in range(data.draw(st.integers(1, 4), label="edits")):
        last = data.draw(tweaks(last), label=f"edit {number}")
    result = diff(first, last)
    for kind in sorted({change.kind for change in result.changes}):
        event(kind.value)
    check_added_and_removed(first, last, result)
    check_renames(first, last, result)
    check_nothing_untouched(first, last, result)
    check_every_ddl_difference_reported(first, last, result)
    check_plan(result)
    check_names(result)


@st.composite
def tweaks(draw, schema: Schema) -> Schema:
    """``schema`` with one attribute of one object changed (no rename)."""
    tables = schema.tables
    kinds = ["column", "indexes", "table"] if tables else []
    kinds += ["enum"] * bool(schema.enums) + ["fk"] * bool(schema.relationships)
    for part in ("uniques", "checks"):
        kinds += [part] * any(getattr(t, part) for t in tables)
    kinds.append("project")
    what = draw(st.sampled_from(kinds))
    if what == "project":
        return replace(schema, pg_version=16, extensions=("pg_trgm", *schema.extensions[:1]))
    if what == "enum":
        enum = draw(st.sampled_from(schema.enums))
        values = draw(st.sampled_from([enum.values[::-1], enum.values[1:], (*enum.values, "new")]))
        described = replace(enum, description=enum.description + "!")
        changed = draw(st.sampled_from([replace(enum, values=values or ("only",)), described]))
        return replace(schema, enums=tuple(changed if e.id == enum.id else e for e in schema.enums))
    if what == "fk":
        rel = draw(st.sampled_from(schema.relationships))
        attribute = draw(st.sampled_from(["on_delete", "on_update", "deferral"]))
        current = getattr(rel, attribute)
        options = [value for value in type(current) if value != current]
        changed = replace(rel, **{attribute: draw(st.sampled_from(options))})
        return replace(
            schema,
            relationships=tuple(changed if r.id == rel.id else r for r in schema.relationships),
        )
    if what == "indexes" and not any(t.indexes for t in tables):
        what = "column"
    if what in ("indexes", "uniques", "checks"):
        t = draw(st.sampled_from([t for t in tables if getattr(t, what)]))
    else:
        t = draw(st.sampled_from(tables))
    if what == "table":
        changed = draw(st.sampled_from([{"description": t.description + "!"},
                                        {"timestamps": not t.timestamps}]))  # fmt: skip
        return table(schema, t.id, **changed)
    if what == "indexes":
        i = draw(st.sampled_from(t.indexes))
        first, *rest = i.elements
        nulls = NullsOrder.FIRST if first.nulls is not NullsOrder.FIRST else NullsOrder.LAST
        changed = draw(
            st.sampled_from(
                [
                    {"unique": not i.unique},
                    {"method": IndexMethod.BRIN if i.method is not IndexMethod.BRIN
                     else IndexMethod.BTREE},
                    {"where": None if i.where else "true"},
                    {"include": () if i.include else (t.columns[0].name,)},
                    {"elements": (replace(first, descending=not first.descending), *rest)},
                    {"elements": (replace(first, nulls=nulls), *rest)},
                    {"elements": (replace(first, opclass=None if first.opclass else "x_ops"),
                                  *rest)},
                    {"elements": (*i.elements, IndexElement(expression="1"))},
                    {"rationale": i.rationale + " Why."},
                    {"name": "ix_tweaked"},
                ]
            )
        )  # fmt: skip
        return index(schema, i.id, **changed)
    if what == "uniques":
        u = t.uniques[0]
        changed = draw(st.sampled_from([replace(u, nulls_not_distinct=not u.nulls_not_distinct),
                                        replace(u, columns=u.columns[::-1])]))  # fmt: skip
        return table(schema, t.id, uniques=(changed, *t.uniques[1:]))
    if what == "checks":
        return table(schema, t.id, checks=(replace(t.checks[0], expression="true"),))
    c = draw(st.sampled_from(t.columns))
    changed = draw(
        st.sampled_from(
            [
                {"nullable": not c.nullable},
                {"default": None if c.default else "0"},
                {"description": c.description + "!"},
                {"type": ColumnType("text")
                 if c.type != ColumnType("text") else ColumnType("varchar")},
                {"generated": Generated.NONE if c.generated is not Generated.NONE
                 else Generated.SERIAL},
                {"unique": not c.unique},
                {"check": None if c.check else "true"},
            ]
        )
    )  # fmt: skip
    return column(schema, c.id, **changed)


def check_sequence(first: Schema, data, kinds_of_changes) -> None:
    last = first
    for number, drawn_kinds in enumerate(data.draw(kinds_of_changes, label="kinds")):
        drawn = data.draw(changes(last, drawn_kinds), label=f"change {number}")
        try:
            last = run(last, drawn).after
        except OperationError:
            continue
    result = diff(first, last)
    for kind in sorted({change.kind for change in result.changes}):
        event(kind.value)
    check_added_and_removed(first, last, result)
    check_renames(first, last, result)
    check_nothing_untouched(first, last, result)
    check_every_ddl_difference_reported(first, last, result)
    check_plan(result)
    check_names(result)


def _by_key(result: SchemaDiff) -> dict[tuple[str, str], set[Kind]]:
    found: dict[tuple[str, str], set[Kind]] = {}
    for change in result.changes:
        found.setdefault(change.key, set()).add(change.kind)
    return found


def _table_of_part(schema: Schema) -> dict[str, str]:
    return {
        item.id: t.id
        for t in schema.tables
        for item in (*t.columns, *t.uniques, *t.checks, *t.indexes)
    }


def check_added_and_removed(first: Schema, last: Schema, result: SchemaDiff) -> None:
    """Every object only one side holds is an addition or a removal (a table's parts
    with their table), and nothing both sides hold is."""
    reported = {change.id for change in result.changes}
    old_parts, new_parts = _table_of_part(first), _table_of_part(last)
    links = {m.id for m in (*first.many_to_many, *last.many_to_many)}  # not database objects
    old_ids, new_ids = set(all_ids(first)) - links, set(all_ids(last)) - links
    for only_here, parts, there in ((old_ids - new_ids, old_parts, new_ids),
                                    (new_ids - old_ids, new_parts, old_ids)):  # fmt: skip
        for found in only_here:
            owner = parts.get(found)
            if owner is None or owner in there:  # a table, enum type or foreign key,
                assert found in reported, found  # or a part of a table on both sides
            else:  # a part of a table added or removed: it comes or goes with it
                assert owner in reported, found
    old_keys, new_keys = set(object_names(first)), set(object_names(last))
    for change in result.changes:
        if change.kind.value.startswith("enum_value"):
            continue
        if change.kind.value.endswith("_added"):
            assert change.key not in old_keys, change.describe()
        if change.kind.value.endswith("_removed"):
            assert change.key not in new_keys, change.describe()


def check_renames(first: Schema, last: Schema, result: SchemaDiff) -> None:
    """Every object whose name changed has a rename (never a removal and an addition)."""
    old_names, new_names = object_names(first), object_names(last)
    found = _by_key(result)
    for key in old_names.keys() & new_names.keys():
        old, new = old_names[key], new_names[key]
        if old == new:
            continue
        kinds = found.get(key, set())
        if isinstance(old, QName):
            if old.name != new.name:
                assert any(kind.value.endswith("_renamed") for kind in kinds), key
            if old.schema != new.schema:
                assert any(kind.value.endswith("_moved") for kind in kinds), key
        else:
            assert any(kind.value.endswith("_renamed") for kind in kinds), key
        assert not any(kind.value.endswith(("_added", "_removed")) for kind in kinds
                       if not kind.value.startswith("enum_value")), key  # fmt: skip


def check_nothing_untouched(first: Schema, last: Schema, result: SchemaDiff) -> None:
    """Only what the operations touched is reported (and the convention's names of
    other objects that a clash in the same schema moved)."""
    patch = Patch.between(first, last)
    tables = {change.id for change in patch.tables}
    enums = {change.id for change in patch.enums}
    relationships = {change.id for change in patch.relationships}
    settings_changed = {attribute for attribute, _, _ in patch.settings}
    derived = {Kind.PRIMARY_KEY_RENAMED, Kind.UNIQUE_RENAMED, Kind.CHECK_RENAMED,
               Kind.FOREIGN_KEY_RENAMED, Kind.INDEX_RENAMED}  # fmt: skip
    for change in result.changes:
        if change.kind in derived:
            continue
        if change.kind.value.startswith("foreign_key"):
            assert change.id in relationships, change.describe()
        elif change.table_id is not None:
            assert change.table_id in tables, change.describe()
        elif change.kind.value.startswith("enum"):
            assert change.id in enums, change.describe()
        elif change.kind.value.startswith("extension"):
            assert "extensions" in settings_changed
        elif change.kind is Kind.SETTING_CHANGED:
            assert change.id in settings_changed
        else:  # schemas and the trigger function follow tables and enum types
            assert tables or enums, change.describe()


def _old_with_new_names(first: Schema, last: Schema) -> dict[QName, QName]:
    new_tables = {t.id: t.qname for t in last.tables}
    new_enums = {e.id: e.qname for e in last.enums}
    renamed = {t.qname: new_tables[t.id] for t in first.tables if t.id in new_tables}
    renamed.update({e.qname: new_enums[e.id] for e in first.enums if e.id in new_enums})
    return renamed


def _table_text(schema: Schema, t: Table, enum_names: dict[QName, QName]) -> str:
    names = ddl.assign_names(schema)
    columns = tuple(
        replace(c, type=replace(c.type, enum=enum_names.get(c.type.enum, c.type.enum)))
        if c.type.enum
        else c
        for c in t.columns
    )
    t = replace(t, columns=columns)
    parts = [ddl.create_table_statement(t, names)]
    parts += [ddl.index_statement(t, i, names) for i in t.indexes]
    parts += ddl.comment_statements(t, names)
    if t.has_updated_at_trigger:
        parts.append(ddl.trigger_statement(t))
    return "\n".join(parts)


def _renamed_columns(
    first: Schema, last: Schema, name: QName, columns: tuple[str, ...]
) -> tuple[str, ...]:
    """An old table's column names as the new schema calls those columns."""
    old = first.tables_by_name.get(name)
    if old is None:
        return columns
    new = next((t for t in last.tables if t.id == old.id), None)
    by_id = {c.id: c.name for c in new.columns} if new else {}
    return tuple(by_id.get(old.column(n).id, n) if n in old.columns_by_name else n
                 for n in columns)  # fmt: skip


def check_table_parts(
    first: Schema, last: Schema, was: Table, t: Table, result: SchemaDiff, moved: dict
) -> None:
    """In a table with changes, each part with none reported is written the same."""
    found: dict[str, set[Kind]] = {}
    for change in result.changes:
        if change.table_id == t.id:
            found.setdefault(change.id, set()).add(change.kind)
    own = found.get(t.id, set())
    # Names in expressions and statements follow renames: compare those texts only
    # when nothing in the table was renamed.
    renamed = bool(own & {Kind.TABLE_RENAMED, Kind.TABLE_MOVED}) or any(
        Kind.COLUMN_RENAMED in kinds for kinds in found.values()
    )
    old_names, new_names = ddl.assign_names(first), ddl.assign_names(last)
    if Kind.TABLE_COMMENT not in own:
        assert was.description == t.description
    if not own & {Kind.TRIGGER_ADDED, Kind.TRIGGER_REMOVED}:
        assert was.has_updated_at_trigger == t.has_updated_at_trigger
    old_columns = {c.id: c for c in was.columns}
    for column in t.columns:
        before = old_columns.get(column.id)
        if before is None or column.id in found:
            continue
        retyped = replace(
            before,
            name=column.name,
            type=replace(before.type, enum=moved.get(before.type.enum, before.type.enum)),
        )
        assert ddl.column_definition(retyped) == ddl.column_definition(column), column.name
        assert (before.description, before.unique, bool(before.check)) == (
            column.description, column.unique, bool(column.check),
        )  # fmt: skip
        if not renamed:
            assert before.check == column.check
    if not any(Kind.COLUMN_MOVED in kinds for kinds in found.values()):
        common = set(old_columns) & {c.id for c in t.columns}
        assert [c.id for c in was.columns if c.id in common] == [
            c.id for c in t.columns if c.id in common
        ]
    if not own & {Kind.PRIMARY_KEY_ADDED, Kind.PRIMARY_KEY_REMOVED, Kind.PRIMARY_KEY_CHANGED}:
        assert (was.primary_key is None) == (t.primary_key is None)
        if not renamed and t.primary_key is not None:
            assert was.primary_key.columns == t.primary_key.columns
    if renamed:
        return
    for old_items, new_items, text in (
        (was.uniques, t.uniques, lambda u, _n: (u.columns, u.nulls_not_distinct)),
        (was.checks, t.checks, lambda c, _n: c.expression),
        (was.indexes, t.indexes,
         lambda i, n: (ddl.index_statement(t, i, n), i.rationale.strip())),
    ):  # fmt: skip
        olds = {item.id: item for item in old_items}
        for item in new_items:
            if item.id in olds and item.id not in found:
                assert text(olds[item.id], old_names) == text(item, new_names), item


def check_every_ddl_difference_reported(first: Schema, last: Schema, result: SchemaDiff) -> None:
    """Whatever the DDL writes differently for an object is reported for it: a table,
    a foreign key or an enum type with no change has the same DDL on both sides."""
    moved = _old_with_new_names(first, last)
    with_changes = {change.table_id for change in result.changes} | {
        change.id for change in result.changes
    }
    old_tables = {t.id: t for t in first.tables}
    for t in last.tables:
        if t.id in old_tables and t.id not in with_changes:
            assert _table_text(first, old_tables[t.id], moved) == _table_text(last, t, {}), t.name
        elif t.id in old_tables:
            check_table_parts(first, last, old_tables[t.id], t, result, moved)
    old_relationships = {r.id: r for r in first.relationships}
    old_names, new_names = ddl.assign_names(first), ddl.assign_names(last)
    for r in last.relationships:
        was = old_relationships.get(r.id)
        if was is not None and r.id not in with_changes:
            was = replace(
                was,
                from_table=moved.get(was.from_table, was.from_table),
                from_columns=_renamed_columns(first, last, was.from_table, was.from_columns),
                to_table=moved.get(was.to_table, was.to_table),
                to_columns=_renamed_columns(first, last, was.to_table, was.to_columns),
            )
            assert ddl.foreign_key_clause(was, old_names) == ddl.foreign_key_clause(r, new_names)
    old_enums = {e.id: e for e in first.enums}
    for e in last.enums:
        if e.id in old_enums and e.id not in with_changes:
            was = old_enums[e.id]
            assert (was.qname, was.values, was.description) == (e.qname, e.values, e.description)
    if not any(c.kind.value.startswith("extension") for c in result.changes):
        assert set(first.extensions) == set(last.extensions)


def check_names(result: SchemaDiff) -> None:
    """Each change names its object as ``object_names`` does, before and after."""
    for change in result.changes:
        assert result.old_name(change.key) == change.old_name, change.describe()
        assert result.new_name(change.key) == change.new_name, change.describe()
        assert change.describe()


def check_plan(result: SchemaDiff) -> None:
    """The plan holds every change once and keeps the documented order."""
    plan, changes = result.plan, result.changes
    assert len(plan) == len(changes) and {id(c) for c in plan} == {id(c) for c in changes}
    rank = {kind: n for n, kind in enumerate(PLAN_ORDER)}
    assert [rank[c.kind] for c in plan] == sorted(rank[c.kind] for c in plan)
    at = {id(change): n for n, change in enumerate(plan)}
    old, new = result.old, result.new
    old_tables = {t.id: t for t in old.tables}
    new_tables = {t.id: t for t in new.tables}
    renames = [at[id(c)] for c in plan if c.phase is Phase.RENAME]
    others = [at[id(c)] for c in plan if c.phase not in (Phase.PREPARE, Phase.RENAME)]
    if renames and others:
        assert max(renames) < min(others)

    def before(first: Change, second: Change) -> None:
        assert at[id(first)] < at[id(second)], (first.describe(), second.describe())

    def of(kind: Kind) -> list[Change]:
        return [c for c in plan if c.kind is kind]

    # Drops: dependants before what they depend on.
    for dropped in of(Kind.COLUMN_REMOVED) + of(Kind.TABLE_REMOVED):
        table = old_tables[dropped.table_id]
        columns = (
            {dropped.old.name} if dropped.kind is Kind.COLUMN_REMOVED else set(table.column_names)
        )
        for fk in of(Kind.FOREIGN_KEY_REMOVED):
            rel = fk.old
            if (rel.from_table == table.qname and columns & set(rel.from_columns)) or (
                rel.to_table == table.qname and columns & set(rel.to_columns)
            ):
                before(fk, dropped)
        for ix in of(Kind.INDEX_REMOVED):
            if ix.table_id == table.id and columns & set(ix.old.column_names):
                before(ix, dropped)
    for enum in of(Kind.ENUM_REMOVED):
        for user in of(Kind.COLUMN_REMOVED) + of(Kind.COLUMN_TYPE):
            if (
                user.old.type.enum == enum.old.qname
                if user.kind is Kind.COLUMN_REMOVED
                else (user.old.enum == enum.old.qname)
            ):
                before(user, enum)
        for dropped in of(Kind.TABLE_REMOVED):
            if any(c.type.enum == enum.old.qname for c in dropped.old.columns):
                before(dropped, enum)
    # Creations in dependency order.
    for enum in of(Kind.ENUM_ADDED):
        for user in of(Kind.TABLE_ADDED):
            if any(c.type.enum == enum.new.qname for c in user.new.columns):
                before(enum, user)
        for user in of(Kind.COLUMN_ADDED) + of(Kind.COLUMN_TYPE):
            used = user.new.type.enum if user.kind is Kind.COLUMN_ADDED else user.new.enum
            if used == enum.new.qname:
                before(enum, user)
    for space in of(Kind.SCHEMA_ADDED):
        for user in of(Kind.TABLE_ADDED) + of(Kind.TABLE_MOVED) + of(Kind.ENUM_ADDED):
            if user.new_name.schema == space.id:
                before(space, user)
    for extension in of(Kind.EXTENSION_ADDED):
        for user in of(Kind.TABLE_ADDED) + of(Kind.INDEX_ADDED) + of(Kind.INDEX_CHANGED):
            before(extension, user)
    created_tables = {c.id: c for c in of(Kind.TABLE_ADDED)}
    created_columns = {c.id: c for c in of(Kind.COLUMN_ADDED)}
    for fk in of(Kind.FOREIGN_KEY_ADDED) + of(Kind.FOREIGN_KEY_CHANGED):
        rel = fk.new
        for side, names in ((rel.from_table, rel.from_columns), (rel.to_table, rel.to_columns)):
            owner = next(t for t in new.tables if t.qname == side)
            if owner.id in created_tables:
                before(created_tables[owner.id], fk)
            for name in names:
                if owner.column(name).id in created_columns:
                    before(created_columns[owner.column(name).id], fk)
    for part in of(Kind.INDEX_ADDED) + of(Kind.UNIQUE_ADDED) + of(Kind.CHECK_ADDED):
        owner = new_tables[part.table_id]
        if owner.id in created_tables:
            before(created_tables[owner.id], part)
        for c in owner.columns:
            if c.id in created_columns:
                before(created_columns[c.id], part)
    order = [t.id for t in ddl.creation_plan(new).tables if t.id in created_tables]
    assert [c.id for c in of(Kind.TABLE_ADDED)] == order
