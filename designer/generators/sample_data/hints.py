"""Hints from CHECKs: the bounds, lengths and lists a column's values are drawn within.

``column_hints(tree)`` reads the conjuncts of a CHECK that bound one column — ranges
(``x >= 0``, ``x BETWEEN 1 AND 5``, also of dates and times: ``d >= '2020-01-01'``),
lengths (``char_length(x) > 0``, ``length(btrim(x))``), lists (``x IN ('a', 'b')``, also
under ``lower`` / ``upper`` / ``btrim``: ``upper(x) IN ('M', 'F')``), the case of a text
(``x = lower(x)``), patterns (``LIKE``, ``~``, ``SIMILAR TO``), ``x <> ''`` — and, of an
``OR``, the one branch a non-NULL value must take (``upper(x) IN (...) OR x IS NULL``), so
that most drawn values already pass; every row is still verified by ``checks.evaluate``
afterwards.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Any

from .checks import (
    Unsupported,
    cast_value,
    constant_value,
    evaluate,
    function_name,
    operator_name,
)


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
    case: str | None = None  # "lower" or "upper": x = lower(x)
    patterns: tuple[tuple[str, str], ...] = ()  # (LIKE operator or "similar", pattern)
    # Bounds that are not numbers (dates, times: read with the column's type), each
    # (constant, inclusive).
    after: tuple[tuple[Any, bool], ...] = ()
    before: tuple[tuple[Any, bool], ...] = ()

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
        if other.case is not None:
            merged = replace(merged, case=other.case)
        if other.patterns or other.after or other.before:
            merged = replace(
                merged,
                patterns=merged.patterns + other.patterns,
                after=merged.after + other.after,
                before=merged.before + other.before,
            )
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
_TEXT_FUNCTIONS = frozenset({"lower", "upper", "btrim", "ltrim", "rtrim", "trim"})
_PATTERN_OPERATORS = frozenset({"~~", "~~*", "~", "~*"})
_FLIPPED = {"<": ">", ">": "<", "<=": ">=", ">=": "<=", "=": "=", "<>": "<>", "!=": "<>"}


def column_hints(tree: dict[str, Any]) -> dict[str, Hints]:
    """Hints per column from the conjuncts of ``tree`` that bound one column."""
    hints: dict[str, Hints] = {}
    for conjunct in _conjuncts(tree):
        found = _atom_hint(conjunct) or _or_hint(conjunct)
        if found is not None:
            column, hint = found
            hints[column] = hints.get(column, Hints()).merge(hint)
    return hints


def _conjuncts(tree: dict[str, Any]) -> list[dict[str, Any]]:
    node = tree.get("BoolExpr")
    if node is not None and node["boolop"] == "AND_EXPR":
        return [part for arg in node["args"] for part in _conjuncts(arg)]
    return [tree]


def _or_hint(tree: dict[str, Any]) -> tuple[str, Hints] | None:
    """``<hint on x> OR x IS NULL``: what a non-NULL ``x`` must respect."""
    node = tree.get("BoolExpr")
    if node is None or node["boolop"] != "OR_EXPR":
        return None
    nulls = set()
    others = []
    for arg in node["args"]:
        test = arg.get("NullTest")
        column = _column(test["arg"]) if test else None
        if column and test["nulltesttype"] == "IS_NULL":
            nulls.add(column)
        else:
            others.append(arg)
    if len(others) != 1:
        return None
    found = column_hints(others[0])
    if len(found) != 1:
        return None
    ((column, hint),) = found.items()
    return (column, replace(hint, required=False)) if column in nulls else None


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
    if kind in {"AEXPR_IN", "AEXPR_OP_ANY", "AEXPR_OP_ALL"}:
        if kind == "AEXPR_OP_ANY" and operator_name(expr) != "=":
            return None
        if kind == "AEXPR_OP_ALL" and operator_name(expr) not in {"<>", "!="}:
            return None
        column = _text_target(expr.get("lexpr"))
        rexpr = expr["rexpr"]
        items = rexpr.get("List", rexpr.get("A_ArrayExpr", {}))
        values = [_constant(item) for item in items.get("items", items.get("elements", []))]
        if column is None or any(value is _NOT_CONSTANT for value in values):
            return None
        if operator_name(expr) == "=":
            return column, Hints(choices=tuple(values), required=True)
        return column, Hints(excluded=frozenset(values))
    if kind in {"AEXPR_LIKE", "AEXPR_ILIKE", "AEXPR_SIMILAR"} or (
        kind == "AEXPR_OP" and operator_name(expr) in _PATTERN_OPERATORS
    ):
        return _pattern_hint(expr)
    if kind == "AEXPR_OP":
        return _case_hint(expr) or _comparison_hint(expr)
    return None


def _pattern_hint(expr: dict[str, Any]) -> tuple[str, Hints] | None:
    column = _column(expr.get("lexpr"))
    right = expr.get("rexpr") or {}
    if expr["kind"] == "AEXPR_SIMILAR":
        call = right.get("FuncCall")
        if not call or len(call.get("args", [])) != 1:
            return None  # an ESCAPE clause: only verified
        right, operator = call["args"][0], "similar"
    else:
        operator = operator_name(expr)
    pattern = _constant(right)
    if (
        column is None
        or not isinstance(pattern, str)
        or operator
        not in {
            *_PATTERN_OPERATORS,
            "similar",
        }
    ):
        return None
    return column, Hints(patterns=((operator, pattern),))


def _case_hint(expr: dict[str, Any]) -> tuple[str, Hints] | None:
    """``x = lower(x)`` (either way round): the text is written in that case."""
    if operator_name(expr) != "=":
        return None
    for plain, call in (
        (expr.get("lexpr"), expr.get("rexpr")),
        (expr.get("rexpr"), expr.get("lexpr")),
    ):
        column = _column(plain)
        function = (call or {}).get("FuncCall")
        if column is None or function is None or len(function.get("args", [])) != 1:
            continue
        name = function_name(function)
        if name in {"lower", "upper"} and _column(function["args"][0]) == column:
            return column, Hints(case=name)
    return None


def _between_hint(expr: dict[str, Any]) -> tuple[str, Hints] | None:
    items = expr["rexpr"].get("List", {}).get("items", [])
    target = _target(expr.get("lexpr"))
    if target is None or len(items) != 2:
        return None
    column, is_length = target
    first, last = (_constant(item) for item in items)
    low, high = _number(first), _number(last)
    if is_length:
        if low is None or high is None:
            return None
        return column, Hints(min_length=math.ceil(low), max_length=math.floor(high))
    if low is not None and high is not None:
        return column, Hints(low=low, high=high)
    # Dates and times (one end may be no constant: BETWEEN '1930-01-01' AND now() - ...).
    after = ((first, True),) if _is_moment(first) else ()
    before = ((last, True),) if _is_moment(last) else ()
    return (column, Hints(after=after, before=before)) if after or before else None


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
        return _function_equality_hint(expr)
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
        if is_length or isinstance(constant, bool):
            return None
        bound = ((constant, operator in {">=", "<="}),)
        return column, Hints(after=bound) if operator in {">", ">="} else Hints(before=bound)
    if is_length:
        return column, _length_hint(operator, number)
    if operator in {">", ">="}:
        return column, Hints().with_low(number, operator == ">=")
    return column, Hints().with_high(number, operator == "<=")


def _function_equality_hint(expr: dict[str, Any]) -> tuple[str, Hints] | None:
    """``upper(x) = 'M'``: the constant is one of the values (verified afterwards)."""
    if operator_name(expr) != "=":
        return None
    for side, other in (
        (expr.get("lexpr"), expr.get("rexpr")),
        (expr.get("rexpr"), expr.get("lexpr")),
    ):
        column, constant = _text_target(side), _constant(other)
        if column is not None and isinstance(constant, str):
            return column, Hints(choices=(constant,))
    return None


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
        # The length of the text, or of it trimmed: drawn texts have no surrounding spaces.
        inner = _text_target(call["args"][0])
        if inner is not None:
            return inner, True
    return None


def _text_target(tree: dict[str, Any] | None) -> str | None:
    """The column of ``x``, ``lower(x)``, ``upper(x)``, ``btrim(x)``..."""
    column = _column(tree)
    if column is not None or tree is None:
        return column
    call = tree.get("FuncCall")
    if call and function_name(call) in _TEXT_FUNCTIONS and len(call.get("args", [])) == 1:
        return _text_target(call["args"][0])
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
    if "A_Expr" in tree or "FuncCall" in tree or "SQLValueFunction" in tree:
        # An expression of constants and the clock: now() - interval '18 years'.
        try:
            value = evaluate(tree, {})
        except Unsupported:
            return _NOT_CONSTANT
        return _NOT_CONSTANT if value is None or isinstance(value, bool) else value
    return _NOT_CONSTANT


def _is_moment(value: Any) -> bool:
    return isinstance(value, str | date)


def _number(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        return None
    return Decimal(value)
