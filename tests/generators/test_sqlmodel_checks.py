"""``<Name>Create`` refuses what the database's CHECKs refuse, where pydantic can say it.

Each form is checked in-process with pydantic (the module imported for real), and the
module still builds the catalog the DDL builds, with nothing for Alembic to change.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from pydantic import ValidationError

from designer.generators.sqlmodel import generate
from designer.generators.sqlmodel.checks import Bound, CheckRules, column_rules
from designer.schema.model import (
    CheckConstraint,
    Column,
    ColumnType,
    Domain,
    Generated,
    PrimaryKey,
    QName,
    Schema,
    Table,
)
from designer.schema.validation import validate
from tests.generators.test_sqlmodel import _assert_ruff_clean, _assert_same_catalog, models
from tests.generators.test_sqlmodel_alembic import _assert_alembic_sees_no_difference

SKU = QName("public", "sku")


def shop_schema() -> Schema:
    """A table with every form of check the models turn into a pydantic rule, and some
    they must leave to the database."""
    sku = Domain(
        "d-sku",
        "sku",
        ColumnType("varchar", length=12),
        checks=(
            CheckConstraint("d-sku-len", "char_length(VALUE) BETWEEN 4 AND 12"),
            CheckConstraint("d-sku-nv", "VALUE <> 'XXXX'", "sku_not_x", not_valid=True),
        ),
    )
    columns = (
        Column("c-id", "id", ColumnType("integer"), False, generated=Generated.IDENTITY_ALWAYS),
        Column("c-qty", "quantity", ColumnType("integer"), False, check="quantity > 0"),
        Column("c-price", "price", ColumnType("numeric", precision=10, scale=2), False),
        Column("c-code", "code", ColumnType("varchar", length=10)),
        Column("c-status", "status", ColumnType("text"), False, default="'new'"),
        Column("c-rating", "rating", ColumnType("smallint")),
        Column("c-kind", "kind", ColumnType("varchar", length=20)),
        Column("c-note", "note", ColumnType("text")),
        Column("c-ratio", "ratio", ColumnType("real")),
        Column("c-discount", "discount", ColumnType("integer")),
        Column("c-size", "size", ColumnType("text")),
        Column("c-sku", "sku", ColumnType("varchar", length=12, domain=SKU)),
        Column("c-level", "level", ColumnType("integer")),
        Column("c-starts", "starts_at", ColumnType("integer")),
        Column("c-ends", "ends_at", ColumnType("integer")),
        Column("c-label", "label", ColumnType("char", length=3)),
        Column("c-legacy", "legacy", ColumnType("integer")),
    )
    checks = (
        ("price >= 0.10 AND price < 1000", False),
        ("char_length(code) >= 3 AND length(code) <= 8", False),
        ("status IN ('new', 'paid', 'shipped')", False),
        ("rating BETWEEN 1 AND 5", False),
        (  # as pg_dump writes an IN list over a varchar
            "(kind)::text = ANY ((ARRAY['a'::character varying, 'b'::character varying])::text[])",
            False,
        ),
        ("note <> ''", False),
        ("ratio > 0.5 AND ratio <= 1", False),  # a float against a fraction: left out
        ("discount IS NULL OR (0 <= discount AND discount <= 90)", False),
        ("size = 'S' OR size = 'M' OR size = 'L'", False),
        ("level >= (-1)::numeric AND level <> 7", False),
        ("ends_at > starts_at", False),  # two columns: the database's alone
        ("char_length(label) = 3", False),  # char ignores trailing spaces: left out
        ("legacy > 100", True),  # NOT VALID: stored rows may break it
    )
    table = Table(
        "t-items",
        "order_items",
        columns,
        primary_key=PrimaryKey(("id",)),
        checks=tuple(
            CheckConstraint(f"k{number}", text, not_valid=not_valid)
            for number, (text, not_valid) in enumerate(checks)
        ),
    )
    return Schema(domains=(sku,), tables=(table,))


def test_each_form_of_check_gives_its_rule():
    schema = shop_schema()
    rules = column_rules(schema, schema.tables[0])
    assert rules["quantity"] == CheckRules(lower=Bound(Decimal(0), "0", True))
    assert rules["price"] == CheckRules(
        lower=Bound(Decimal("0.10"), "0.10", False), upper=Bound(Decimal(1000), "1000", True)
    )
    assert rules["code"] == CheckRules(min_length=3, max_length=8)
    assert rules["status"] == CheckRules(choices=("new", "paid", "shipped"))
    assert rules["rating"].lower.value == 1 and rules["rating"].upper.value == 5
    assert rules["kind"] == CheckRules(choices=("a", "b"))
    assert rules["note"] == CheckRules(min_length=1)
    assert rules["ratio"] == CheckRules(upper=Bound(Decimal(1), "1", False))
    assert (rules["discount"].lower.value, rules["discount"].upper.value) == (0, 90)
    assert rules["size"] == CheckRules(choices=("S", "M", "L"))
    assert rules["level"] == CheckRules(lower=Bound(Decimal(-1), "-1", False))
    assert rules["sku"] == CheckRules(min_length=4, max_length=12)
    for column in ("starts_at", "ends_at", "label", "legacy", "id"):
        assert column not in rules


def test_the_rules_reach_the_models_text():
    text = generate(shop_schema())
    assert "quantity: int = Field(gt=0, nullable=False)" in text
    assert 'ge=Decimal("0.10"), lt=1000' in text
    assert 'OrderItemStatusChoice = Literal["new", "paid", "shipped"]' in text
    assert "status: OrderItemStatusChoice = Field(" in text
    assert "rating: int | None = Field(default=None, ge=1, le=5" in text


def test_the_checked_models_are_ruff_clean(tmp_path):
    long_list = replace(
        shop_schema().tables[0].checks[2],
        expression="status IN (" + ", ".join(f"'status number {n}'" for n in range(12)) + ")",
    )
    table = shop_schema().tables[0]
    long_table = replace(table, checks=(*table.checks[:2], long_list, *table.checks[3:]))
    (tmp_path / "shop_models.py").write_text(generate(shop_schema()))
    (tmp_path / "long_models.py").write_text(generate(replace(shop_schema(), tables=(long_table,))))
    assert '    "status number 11",\n]' in (tmp_path / "long_models.py").read_text()
    _assert_ruff_clean(tmp_path)


@pytest.fixture
def shop(tmp_path):
    with models(generate(shop_schema()), tmp_path) as module:
        yield module


def _refused(model, field: str, **values) -> None:
    with pytest.raises(ValidationError) as refused:
        model(**values)
    assert [error["loc"] for error in refused.value.errors()] == [(field,)]


VALID = {"quantity": 1, "price": Decimal("9.99")}


@pytest.mark.parametrize(
    ("field", "refused", "accepted"),
    [
        ("quantity", [0, -3], [1, 500]),  # CHECK (quantity > 0)
        ("price", [Decimal("0.09"), Decimal(1000)], [Decimal("0.10"), Decimal("999.99")]),
        ("code", ["ab", "abcdefghi"], ["abc", "abcdefgh"]),  # char_length >= 3, length <= 8
        ("status", ["lost", ""], ["new", "shipped"]),  # IN (...)
        ("rating", [0, 6], [1, 5]),  # BETWEEN 1 AND 5
        ("kind", ["c"], ["a", "b", None]),  # = ANY (ARRAY[...]) as pg_dump writes it
        ("note", [""], [" ", None]),  # <> ''
        ("ratio", [1.5], [0.25, 1.0]),  # <= 1 (> 0.5 is left to the database)
        ("discount", [-1, 91], [0, 90, None]),  # IS NULL OR (0 <= d AND d <= 90)
        ("size", ["XL"], ["S", "L"]),  # = 'S' OR = 'M' OR = 'L'
        ("level", [-2], [-1, 7]),  # >= (-1)::numeric (<> 7 is the database's)
        ("sku", ["abc", "x" * 13], ["abcd", "XXXX"]),  # the domain's; its NOT VALID not
        ("legacy", [], [5]),  # NOT VALID: not checked
    ],
)
def test_create_refuses_what_the_checks_refuse(shop, field, refused, accepted):
    for value in refused:
        _refused(shop.OrderItemCreate, field, **{**VALID, field: value})
    for value in accepted:
        assert getattr(shop.OrderItemCreate(**{**VALID, field: value}), field) == value
    for value in refused:  # an update says the same, every field optional
        with pytest.raises(ValidationError):
            shop.OrderItemUpdate(**{field: value})


def test_an_order_item_of_quantity_zero_is_refused_before_the_database(shop):
    _refused(shop.OrderItemCreate, "quantity", quantity=0, price=Decimal(1))
    assert shop.OrderItemCreate(quantity=2, price=Decimal(1)).status == "new"


@pytest.mark.postgres
def test_the_checked_models_build_the_catalog_the_ddl_builds(pg_db, tmp_path):
    schema = shop_schema()
    assert validate(schema) == []
    _assert_same_catalog(pg_db, schema, tmp_path)


@pytest.mark.postgres
def test_alembic_finds_no_difference_on_the_checked_models(pg_db, tmp_path):
    _assert_alembic_sees_no_difference(pg_db, shop_schema(), tmp_path)
