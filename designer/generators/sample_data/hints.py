"""Hints from CHECKs: the bounds, lengths and lists a column's values are drawn within.

``column_hints(tree)`` reads the conjuncts of a CHECK that bound one column — ranges
(``x >= 0``, ``x BETWEEN 1 AND 5``), lengths (``char_length(x) > 0``), lists
(``x IN ('a', 'b')``), ``x <> ''`` — so that most drawn values already pass; every row is
still verified by ``checks.evaluate`` afterwards.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from .checks import Unsupported, cast_value, constant_value, function_name, operator_name


@dataclass(frozen=True)
class Hints:
    """What a column's values must respect, as far as its constraints say it plainly."""

    low: Decimal | None = None  # numbers: low <= value (or < when not low_inclusive)
    low_inclusive: bool = True
    high: Decimal | None = None
    high_inclusive: bool = True
    min_length: int | None = None
    max_length: int | None = None
    choices: tuple[Any, ...] | None = None  # IN lists and = constants
    excluded: frozenset[Any] = field(default_factory=frozenset)
    required: bool = False  # IS NOT NULL

    def merge(self, other: Hints) -> Hints:
        """Both sets of hints at once (the tighter bound wins)."""
        merged = self
        if other.low is not None:
            merged = merged.with_low(other.low, other.low_inclusive)
        if other.high is not None:
            merged = merged.with_high(other.high, other.high_inclusive)
        if other.min_length is not None:
            merged = replace(merged, min_length=max(merged.min_length or 0, other.min_length))
        if other.max_length is not None:
            current = merged.max_length
            merged = replace(
                merged,
                max_length=other.max_length if current is None else min(current, other.max_length),
            )
        if other.choices is not None:
            if merged.choices is None:
                merged = replace(merged, choices=other.choices)
            else:
                kept = tuple(value for value in merged.choices if value in other.choices)
                merged = replace(merged, choices=kept)
        if other.excluded:
            merged = replace(merged, excluded=merged.excluded | other.excluded)
        if other.required:
            merged = replace(merged, required=True)
        return merged

    def with_low(self, value: Decimal, inclusive: bool) -> Hints:
        if self.low is None or value > self.low or (value == self.low and not inclusive):
            return replace(self, low=value, low_inclusive=inclusive)
        return self

    def with_high(self, value: Decimal, inclusive: bool) -> Hints:
        if self.high is None or value < self.high or (value == self.high and not inclusive):
            return replace(self, high=value, high_inclusive=inclusive)
        return self


_LENGTH_FUNCTIONS = frozenset({"char_length", "character_length", "length"})
_FLIPPED = {"<": ">", ">": "<", "<=": ">=", ">=": "<=", "=": "=", "<>": "<>", "!=": "<>"}


def column_hints(tree: dict[str, Any]) -> dict[str, Hints]:
    """Hints per column from the conjuncts of ``tree`` that bound one column."""
    hints: dict[str, Hints] = {}
    for conjunct in _conjuncts(tree):
        found = _atom_hint(conjunct)
        if found is not None:
            column, hint = found
            hints[column] = hints.get(column, Hints()).merge(hint)
    return hints


def _conjuncts(tree: dict[str, Any]) -> list[dict[str, Any]]:
    node = tree.get("BoolExpr")
    if node is not None and node["boolop"] == "AND_EXPR":
        return [part for arg in node["args"] for part in _conjuncts(arg)]
    return [tree]


def _atom_hint(tree: dict[str, Any]) -> tuple[str, Hints] | None:
    if "NullTest" in tree:
        test = tree["NullTest"]
        column = _column(test["arg"])
        if column and test["nulltesttype"] == "IS_NOT_NULL":
            return column, Hints(required=True)
        return None
    expr = tree.get("A_Expr")
    if expr is None:
        return None
    kind = expr["kind"]
    if kind == "AEXPR_BETWEEN":
        return _between_hint(expr)
    if kind == "AEXPR_IN":
        column = _column(expr.get("lexpr"))
        values = [_constant(item) for item in expr["rexpr"].get("List", {}).get("items", [])]
        if column is None or any(value is _NOT_CONSTANT for value in values):
            return None
        if operator_name(expr) == "=":
            return column, Hints(choices=tuple(values), required=True)
        return column, Hints(excluded=frozenset(values))
    if kind == "AEXPR_OP":
        return _comparison_hint(expr)
    return None


def _between_hint(expr: dict[str, Any]) -> tuple[str, Hints] | None:
    items = expr["rexpr"].get("List", {}).get("items", [])
    low, high = (_number(_constant(item)) for item in items) if len(items) == 2 else (None, None)
    if low is None or high is None:
        return None
    target = _target(expr.get("lexpr"))
    if target is None:
        return None
    column, is_length = target
    if is_length:
        return column, Hints(min_length=math.ceil(low), max_length=math.floor(high))
    return column, Hints(low=low, high=high)


def _comparison_hint(expr: dict[str, Any]) -> tuple[str, Hints] | None:
    operator = operator_name(expr)
    if operator not in _FLIPPED:
        return None
    left, right = expr.get("lexpr"), expr.get("rexpr")
    target, constant = _target(left), _constant(right)
    if target is None or constant is _NOT_CONSTANT:
        target, constant = _target(right), _constant(left)
        operator = _FLIPPED[operator]
    if target is None or constant is _NOT_CONSTANT:
        return None
    column, is_length = target
    if operator in {"<>", "!="}:
        if constant == "" and not is_length:
            return column, Hints(min_length=1)
        return column, Hints(excluded=frozenset({constant}))
    number = _number(constant)
    if operator == "=":
        if is_length and number is not None:
            return column, Hints(min_length=int(number), max_length=int(number))
        return (column, Hints(choices=(constant,))) if not is_length else None
    if number is None:
        return None
    if is_length:
        return column, _length_hint(operator, number)
    if operator in {">", ">="}:
        return column, Hints().with_low(number, operator == ">=")
    return column, Hints().with_high(number, operator == "<=")


def _length_hint(operator: str, number: Decimal) -> Hints:
    if operator == ">":
        return Hints(min_length=math.floor(number) + 1)
    if operator == ">=":
        return Hints(min_length=math.ceil(number))
    if operator == "<":
        return Hints(max_length=math.ceil(number) - 1)
    return Hints(max_length=math.floor(number))


def _target(tree: dict[str, Any] | None) -> tuple[str, bool] | None:
    """``(column, False)`` for a column, ``(column, True)`` for its length."""
    if tree is None:
        return None
    column = _column(tree)
    if column is not None:
        return column, False
    call = tree.get("FuncCall")
    if call and function_name(call) in _LENGTH_FUNCTIONS and len(call.get("args", [])) == 1:
        inner = _column(call["args"][0])
        if inner is not None:
            return inner, True
    return None


def _column(tree: dict[str, Any] | None) -> str | None:
    if tree is None or "ColumnRef" not in tree:
        return None
    last = tree["ColumnRef"]["fields"][-1]
    return last["String"]["sval"] if "String" in last else None


_NOT_CONSTANT = object()


def _constant(tree: dict[str, Any] | None) -> Any:
    if tree is None:
        return _NOT_CONSTANT
    if "A_Const" in tree and not tree["A_Const"].get("isnull"):
        return constant_value(tree["A_Const"])
    if "TypeCast" in tree:
        inner = _constant(tree["TypeCast"]["arg"])
        if inner is _NOT_CONSTANT:
            return _NOT_CONSTANT
        try:
            return cast_value(inner, tree["TypeCast"]["typeName"])
        except Unsupported:
            return _NOT_CONSTANT
    return _NOT_CONSTANT


def _number(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        return None
    return Decimal(value)
