"""What a column's CHECK constraints say that pydantic can say too.

A ``<Name>Create`` model refuses a value before it reaches the database when the
database would refuse it and pydantic has the words for the rule:

- ``quantity > 0``, ``>=``, ``<``, ``<=`` (either side), ``BETWEEN a AND b`` →
  ``gt`` / ``ge`` / ``lt`` / ``le``;
- ``char_length(code) >= 3`` (``character_length``, ``length``; ``BETWEEN``; ``=``),
  ``code <> ''`` → ``min_length`` / ``max_length``;
- ``status IN ('a', 'b')``, ``status = ANY (ARRAY['a'::text, 'b'::text])`` (as pg_dump
  writes it), ``x = 'a' OR x = 'b'`` → ``Literal['a', 'b']``.

The checks read are the column's own, the table's (each conjunct of an ``AND`` that
names one column only; a ``col IS NULL OR ...`` alternative is read as its other side,
NULL being allowed anyway) and the column's domain's (over ``VALUE``), never a ``NOT
VALID`` one: rows already stored may break it, and ``<Name>Read`` validates stored rows.
A rule is kept only where pydantic decides exactly as PostgreSQL does: lengths of
``text`` / ``varchar`` (not ``char``, whose length ignores trailing spaces), bounds of
integers and numerics (a ``real`` or ``double precision`` only against a whole number),
lists of strings or integers. Anything else stays the database's alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from designer.schema.expressions import ExpressionError, expression_tree
from designer.schema.model import Column, Schema, Table

_EXACT_NUMBERS = frozenset({"smallint", "integer", "bigint", "numeric"})
_FLOATS = frozenset({"real", "double precision"})
_STRINGS = frozenset({"text", "varchar"})
_INTEGERS = frozenset({"smallint", "integer", "bigint"})
_LENGTH_FUNCTIONS = frozenset({"char_length", "character_length", "length"})
_FLIPPED = {">": "<", ">=": "<=", "<": ">", "<=": ">=", "=": "=", "<>": "<>"}
_STRING_CASTS = frozenset({"text", "varchar", "character varying"})
_NUMBER_CASTS = frozenset({"int2", "int4", "int8", "integer", "smallint", "bigint", "numeric"})


@dataclass(frozen=True)
class Bound:
    value: Decimal
    text: str  # as the check writes it
    strict: bool  # > or <, rather than >= or <=


@dataclass(frozen=True)
class CheckRules:
    """The pydantic rules a column's checks give (None: the checks say nothing of it)."""

    lower: Bound | None = None
    upper: Bound | None = None
    min_length: int | None = None
    max_length: int | None = None
    choices: tuple[str | int, ...] | None = None

    @property
    def empty(self) -> bool:
        return self == _NONE


_NONE = CheckRules()


def column_rules(schema: Schema, table: Table) -> dict[str, CheckRules]:
    """The rules of each column of ``table`` that its checks constrain, by column name."""
    found: dict[str, _Rules] = {}
    by_name = {column.name: column for column in table.columns}
    for column in table.columns:
        kind = _kind(column)
        if kind is None:
            continue
        for conjunct in _conjuncts(column.check) if column.check else ():
            _read(conjunct, {column.name}, found, by_name)
        for expression in _domain_checks(schema, column):
            for conjunct in _conjuncts(expression):
                _read(conjunct, set(), found, by_name, own=column.name)
    for check in table.checks:
        if not check.not_valid:
            for conjunct in _conjuncts(check.expression):
                _read(conjunct, set(by_name), found, by_name)
    return {name: rules.frozen() for name, rules in found.items() if not rules.frozen().empty}


def _kind(column: Column) -> str | None:
    """``number``, ``float``, ``string`` or ``integer list``... what rules may apply."""
    column_type = column.type
    if column_type.array or column_type.is_enum:
        return None
    if column_type.base in _EXACT_NUMBERS or column_type.base in _FLOATS:
        return "number"
    if column_type.base in _STRINGS:
        return "string"
    return None


def _domain_checks(schema: Schema, column: Column) -> list[str]:
    """The valid checks of the column's domain and of the domains it is over."""
    expressions: list[str] = []
    seen = set()
    name = column.type.domain
    while name is not None and name in schema.domains_by_name and name not in seen:
        seen.add(name)
        domain = schema.domain(name)
        expressions += [check.expression for check in domain.checks if not check.not_valid]
        name = domain.type.domain
    return expressions


def _conjuncts(expression: str) -> list[dict[str, Any]]:
    try:
        tree = expression_tree(expression)
    except ExpressionError:
        return []
    return _and_parts(tree)


def _and_parts(tree: dict[str, Any]) -> list[dict[str, Any]]:
    boolean = tree.get("BoolExpr")
    if boolean is not None and boolean["boolop"] == "AND_EXPR":
        return [part for arg in boolean["args"] for part in _and_parts(arg)]
    return [tree]


class _Rules:
    """The rules found so far for one column, merged as they come."""

    def __init__(self) -> None:
        self.lower: Bound | None = None
        self.upper: Bound | None = None
        self.min_length: int | None = None
        self.max_length: int | None = None
        self.choices: tuple[str | int, ...] | None = None

    def bound(self, operator: str, value: Decimal, text: str) -> None:
        if operator in {">", ">="}:
            new = Bound(value, text, operator == ">")
            if self.lower is None or (new.value, new.strict) > (
                self.lower.value,
                self.lower.strict,
            ):
                self.lower = new
        elif operator in {"<", "<="}:
            new = Bound(value, text, operator == "<")
            if self.upper is None or (-new.value, new.strict) > (
                -self.upper.value,
                self.upper.strict,
            ):
                self.upper = new

    def length(self, operator: str, count: int) -> None:
        low = {">": count + 1, ">=": count, "=": count}.get(operator)
        high = {"<": count - 1, "<=": count, "=": count}.get(operator)
        if low is not None and low > 0:
            self.min_length = max(low, self.min_length or 0)
        if high is not None and high >= 0:
            self.max_length = high if self.max_length is None else min(high, self.max_length)

    def allow(self, values: tuple[str | int, ...]) -> None:
        if self.choices is not None:  # two lists: the values both allow, in the first's order
            values = tuple(value for value in self.choices if value in values)
        self.choices = tuple(dict.fromkeys(values))

    def frozen(self) -> CheckRules:
        if self.choices is not None:
            return CheckRules(choices=self.choices) if self.choices else _NONE
        return CheckRules(self.lower, self.upper, self.min_length, self.max_length)


def _read(
    tree: dict[str, Any],
    allowed: set[str],
    found: dict[str, _Rules],
    columns: dict[str, Column],
    own: str | None = None,
) -> None:
    """Add what one conjunct says of one column (``own``: ``VALUE`` means it)."""
    tree = _null_alternative(tree)
    if "BoolExpr" in tree and tree["BoolExpr"]["boolop"] == "AND_EXPR":
        for part in _and_parts(tree):
            _read(part, allowed, found, columns, own)
    elif "A_Expr" in tree:
        _comparison(tree["A_Expr"], allowed, found, columns, own)
    elif "BoolExpr" in tree and tree["BoolExpr"]["boolop"] == "OR_EXPR":
        _equalities(tree["BoolExpr"]["args"], allowed, found, columns, own)


def _null_alternative(tree: dict[str, Any]) -> dict[str, Any]:
    """``col IS NULL OR <rule>`` is ``<rule>`` for pydantic (None passes every rule)."""
    boolean = tree.get("BoolExpr")
    if boolean is None or boolean["boolop"] != "OR_EXPR" or len(boolean["args"]) != 2:
        return tree
    first, second = boolean["args"]
    for test, other in ((first, second), (second, first)):
        null_test = test.get("NullTest")
        if null_test is not None and null_test.get("nulltesttype") == "IS_NULL":
            return other
    return tree


def _comparison(
    node: dict[str, Any],
    allowed: set[str],
    found: dict[str, _Rules],
    columns: dict[str, Column],
    own: str | None,
) -> None:
    kind = node["kind"]
    operator = _operator(node)
    if kind == "AEXPR_OP" and operator in _FLIPPED:
        left, right = node.get("lexpr"), node.get("rexpr")
        if left is None or right is None:
            return
        mine_on_the_right = _column(right, allowed, own) or _length_of(right, allowed, own)
        mine_on_the_left = _column(left, allowed, own) or _length_of(left, allowed, own)
        if mine_on_the_right and not mine_on_the_left:  # 0 < quantity
            left, right, operator = right, left, _FLIPPED[operator]
        _one_comparison(left, operator, right, allowed, found, columns, own)
    elif kind == "AEXPR_BETWEEN" and operator == "BETWEEN":
        low, high = node["rexpr"]["List"]["items"]
        _one_comparison(node["lexpr"], ">=", low, allowed, found, columns, own)
        _one_comparison(node["lexpr"], "<=", high, allowed, found, columns, own)
    elif kind == "AEXPR_IN" and operator == "=":
        name = _column(node["lexpr"], allowed, own)
        if name is not None:
            _choices(name, node["rexpr"]["List"]["items"], found, columns)
    elif kind == "AEXPR_OP_ANY" and operator == "=":
        name = _column(node["lexpr"], allowed, own)
        items = _array_items(node["rexpr"])
        if name is not None and items is not None:
            _choices(name, items, found, columns)


def _one_comparison(
    left: dict[str, Any],
    operator: str,
    right: dict[str, Any],
    allowed: set[str],
    found: dict[str, _Rules],
    columns: dict[str, Column],
    own: str | None,
) -> None:
    name = _column(left, allowed, own)
    if name is not None:
        column = columns[name]
        if _kind(column) == "number":
            number = _number(right)
            if number is None or operator not in {">", ">=", "<", "<="}:
                return
            value, text = number
            if column.type.base in _FLOATS and value != value.to_integral_value():
                return  # float4/float8 against a fraction: PostgreSQL rounds, Python not
            found.setdefault(name, _Rules()).bound(operator, value, text)
        elif _kind(column) == "string" and operator == "<>" and _string(right) == "":
            found.setdefault(name, _Rules()).length(">=", 1)
        return
    name = _length_of(left, allowed, own)
    if name is not None and _kind(columns[name]) == "string":
        number = _number(right)
        if number is not None and number[0] == number[0].to_integral_value():
            found.setdefault(name, _Rules()).length(operator, int(number[0]))


def _equalities(
    args: list[dict[str, Any]],
    allowed: set[str],
    found: dict[str, _Rules],
    columns: dict[str, Column],
    own: str | None,
) -> None:
    """``x = 'a' OR x = 'b'``: an IN list written out."""
    names, items = set(), []
    for arg in args:
        node = arg.get("A_Expr")
        if node is None or node["kind"] != "AEXPR_OP" or _operator(node) != "=":
            return
        names.add(_column(node["lexpr"], allowed, own))
        items.append(node["rexpr"])
    if len(names) == 1 and None not in names:
        _choices(names.pop(), items, found, columns)  # type: ignore[arg-type]


def _choices(
    name: str, items: list[dict[str, Any]], found: dict[str, _Rules], columns: dict[str, Column]
) -> None:
    column = columns[name]
    values: list[str | int] = []
    for item in items:
        if column.type.base in _STRINGS:
            text = _string(item)
            if text is None:
                return
            values.append(text)
        elif column.type.base in _INTEGERS:
            number = _number(item)
            if number is None or number[0] != number[0].to_integral_value():
                return
            values.append(int(number[0]))
        else:
            return
    if values:
        found.setdefault(name, _Rules()).allow(tuple(values))


# --- pieces of a parse tree -----------------------------------------------------------


def _operator(node: dict[str, Any]) -> str | None:
    names = [part["String"]["sval"] for part in node.get("name", ())]
    if names[:1] == ["pg_catalog"]:
        names = names[1:]
    return names[0] if len(names) == 1 else None


def _uncast(tree: dict[str, Any], casts: frozenset[str]) -> dict[str, Any]:
    """``(x)::text`` → ``x``, for a cast that changes nothing the rule reads."""
    while "TypeCast" in tree:
        type_name = tree["TypeCast"]["typeName"]
        if type_name.get("arrayBounds") or _type_name(type_name) not in casts:
            return tree
        tree = tree["TypeCast"]["arg"]
    return tree


def _type_name(type_name: dict[str, Any]) -> str:
    names = [part["String"]["sval"] for part in type_name["names"]]
    if names[:1] == ["pg_catalog"]:
        names = names[1:]
    return ".".join(names)


def _column(tree: dict[str, Any], allowed: set[str], own: str | None) -> str | None:
    """The column a (possibly cast) column reference names, if one of ``allowed``."""
    tree = _uncast(tree, _STRING_CASTS)
    ref = tree.get("ColumnRef")
    if ref is None or len(ref["fields"]) != 1 or "String" not in ref["fields"][0]:
        return None
    name = ref["fields"][0]["String"]["sval"]
    if own is not None and name.lower() == "value":
        return own  # a domain's check
    return name if name in allowed else None


def _length_of(tree: dict[str, Any], allowed: set[str], own: str | None) -> str | None:
    """The column of ``char_length(col)`` (``character_length``, ``length``)."""
    call = tree.get("FuncCall")
    if call is None or len(call.get("args", ())) != 1:
        return None
    names = [part["String"]["sval"] for part in call["funcname"]]
    if names[:1] == ["pg_catalog"]:
        names = names[1:]
    if len(names) != 1 or names[0] not in _LENGTH_FUNCTIONS:
        return None
    return _column(call["args"][0], allowed, own)


def _number(tree: dict[str, Any]) -> tuple[Decimal, str] | None:
    tree = _uncast(tree, _NUMBER_CASTS)
    if "A_Expr" in tree:  # -(1), as a cast of a negative number is written
        node = tree["A_Expr"]
        if node["kind"] == "AEXPR_OP" and _operator(node) == "-" and node.get("lexpr") is None:
            inner = _number(node["rexpr"])
            return (-inner[0], "-" + inner[1]) if inner else None
        return None
    constant = tree.get("A_Const", {})
    if "ival" in constant:
        value = constant["ival"].get("ival", 0)
        return Decimal(value), str(value)
    if "fval" in constant:
        text = constant["fval"]["fval"]
        try:
            value = Decimal(text)
        except InvalidOperation:
            return None
        return (value, text) if value.is_finite() else None
    return None


def _string(tree: dict[str, Any]) -> str | None:
    tree = _uncast(tree, _STRING_CASTS)
    constant = tree.get("A_Const", {})
    return constant["sval"].get("sval", "") if "sval" in constant else None


def _array_items(tree: dict[str, Any]) -> list[dict[str, Any]] | None:
    """The elements of ``ARRAY[...]`` (cast to ``text[]`` or not, as pg_dump writes it)."""
    if "TypeCast" in tree:
        tree = tree["TypeCast"]["arg"]
    array = tree.get("A_ArrayExpr")
    if array is None:
        return None
    return list(array.get("elements", ()))
