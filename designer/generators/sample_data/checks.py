"""Evaluating user SQL expressions on the sample rows, with SQL's three-valued logic.

``evaluate(tree, row)`` computes an expression (its pglast JSON parse tree, from
``designer.schema.expressions.expression_tree``) on a row of Python values, so that every
drawn row is checked against every CHECK, partial index predicate and unique index
expression before it is written; ``passes`` says whether a CHECK accepts the row (NULL
passes, as in SQL). Comparisons, ``BETWEEN``, ``IN``, ``LIKE`` / ``ILIKE``, regular
expressions and ``SIMILAR TO`` (``patterns``), ``IS [NOT] NULL`` / ``DISTINCT FROM``,
``AND`` / ``OR`` / ``NOT``, arithmetic (also of dates, times and intervals), row
comparisons, ``coalesce``, simple casts and the functions of ``_FUNCTIONS`` are known;
anything else raises ``Unsupported`` and the caller says so instead of guessing.

The clock (``now()``, ``CURRENT_DATE``, ``CURRENT_TIMESTAMP``...) reads ``NOW``, a fixed
moment before any load of the script (so that the same schema gives the same rows): a
row that passes a check bounding it from above by the clock (``born <= now() - interval
'18 years'``, the usual form) passes it whenever it is loaded later.
(``hints`` reads the same trees before the values are drawn.)
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any


class Unsupported(Exception):
    """The expression uses an operator, function or cast the evaluator does not know."""


NOW = datetime(2026, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Interval:
    """An SQL interval: months, days and seconds apart, as PostgreSQL keeps them."""

    months: int = 0
    days: int = 0
    seconds: Decimal = Decimal(0)

    def added_to(self, moment: date | datetime, sign: int = 1) -> date | datetime:
        if not isinstance(moment, datetime):
            moment = datetime(moment.year, moment.month, moment.day)
        months = moment.month - 1 + sign * self.months
        year, month = moment.year + months // 12, months % 12 + 1
        day = min(moment.day, calendar.monthrange(year, month)[1])
        moved = moment.replace(year=year, month=month, day=day)
        return moved + sign * timedelta(days=self.days, seconds=float(self.seconds))


_INTERVAL_UNITS = {
    "year": (12, 0, 0),
    "mon": (1, 0, 0),
    "week": (0, 7, 0),
    "day": (0, 1, 0),
    "hour": (0, 0, 3600),
    "min": (0, 0, 60),
    "sec": (0, 0, 1),
}


def interval(text: str) -> Interval:
    """``'18 years'``, ``'1 day 2 hours'``, ``'3 mons'``... (else ``Unsupported``)."""
    months = days = 0
    seconds = Decimal(0)
    parts = re.findall(r"([-+]?\d+(?:\.\d+)?)\s*([a-z]+)", text.lower())
    if not parts or re.sub(r"[-+]?\d+(?:\.\d+)?\s*[a-z]+|\s|ago", "", text.lower()):
        raise Unsupported("an interval the evaluator does not read")
    sign = -1 if "ago" in text.lower() else 1
    for number, unit in parts:
        found = next((v for k, v in _INTERVAL_UNITS.items() if unit.startswith(k)), None)
        if found is None:
            raise Unsupported("an interval unit")
        amount = Decimal(number) * sign
        months += int(amount * found[0])
        days += int(amount * found[1])
        seconds += amount * found[2]
    return Interval(months, days, seconds)


def evaluate(tree: dict[str, Any], row: Mapping[str, Any]) -> Any:
    """The value of the expression on ``row`` (column name -> Python value; None is NULL)."""
    (kind, node), *_ = tree.items()
    handler = _HANDLERS.get(kind)
    if handler is None:
        raise Unsupported(kind)
    return handler(node, row)


def passes(tree: dict[str, Any], row: Mapping[str, Any]) -> bool:
    """Whether a CHECK with this expression accepts ``row`` (NULL passes, as in SQL)."""
    return evaluate(tree, row) is not False


def constant_value(node: dict[str, Any]) -> Any:
    if "ival" in node:
        return int(node["ival"].get("ival", 0))
    if "fval" in node:
        return Decimal(node["fval"]["fval"])
    if "sval" in node:
        return node["sval"].get("sval", "")
    if "boolval" in node:
        return bool(node["boolval"].get("boolval", False))
    if "bsval" in node:
        raise Unsupported("bit string constant")
    raise Unsupported("constant")


def _a_const(node: dict[str, Any], row: Mapping[str, Any]) -> Any:
    return None if node.get("isnull") else constant_value(node)


def _column_ref(node: dict[str, Any], row: Mapping[str, Any]) -> Any:
    last = node["fields"][-1]
    if "String" not in last or last["String"]["sval"] not in row:
        raise Unsupported("column")
    return row[last["String"]["sval"]]


def _bool_expr(node: dict[str, Any], row: Mapping[str, Any]) -> Any:
    values = [_truth(evaluate(arg, row)) for arg in node["args"]]
    operator = node["boolop"]
    if operator == "NOT_EXPR":
        return None if values[0] is None else not values[0]
    if operator == "AND_EXPR":
        if False in values:
            return False
        return None if None in values else True
    if True in values:
        return True
    return None if None in values else False


def _truth(value: Any) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    raise Unsupported("a non-boolean operand of AND / OR / NOT")


def _null_test(node: dict[str, Any], row: Mapping[str, Any]) -> bool:
    value = evaluate(node["arg"], row)
    # A row value is NULL when every field is.
    is_null = all(item is None for item in value) if isinstance(value, tuple) else value is None
    return is_null if node["nulltesttype"] == "IS_NULL" else not is_null


def _boolean_test(node: dict[str, Any], row: Mapping[str, Any]) -> bool:
    value = _truth(evaluate(node["arg"], row))
    return {
        "IS_TRUE": value is True,
        "IS_NOT_TRUE": value is not True,
        "IS_FALSE": value is False,
        "IS_NOT_FALSE": value is not False,
        "IS_UNKNOWN": value is None,
        "IS_NOT_UNKNOWN": value is not None,
    }[node["booltesttype"]]


def _coalesce(node: dict[str, Any], row: Mapping[str, Any]) -> Any:
    for arg in node["args"]:
        value = evaluate(arg, row)
        if value is not None:
            return value
    return None


def _type_cast(node: dict[str, Any], row: Mapping[str, Any]) -> Any:
    value = evaluate(node["arg"], row)
    return None if value is None else cast_value(value, node["typeName"])


_CASTS = {
    "int2": int,
    "int4": int,
    "int8": int,
    "integer": int,
    "smallint": int,
    "bigint": int,
    "numeric": Decimal,
    "decimal": Decimal,
    "float4": Decimal,
    "float8": Decimal,
    "real": Decimal,
    "text": str,
    "varchar": str,
    "bpchar": str,
    "date": date,
    "timestamp": datetime,
    "timestamptz": datetime,
    "bool": bool,
    "boolean": bool,
    "interval": Interval,
}


def cast_value(value: Any, type_name: dict[str, Any]) -> Any:
    names = [part["String"]["sval"] for part in type_name["names"] if "String" in part]
    if type_name.get("arrayBounds") or not names or names[-1] not in _CASTS:
        raise Unsupported("cast")
    target = _CASTS[names[-1]]
    if target is str:
        return value if isinstance(value, str) else _text(value)
    if target is Interval:
        return value if isinstance(value, Interval) else interval(str(value))
    if target is datetime and type(value) is date:
        return datetime(value.year, value.month, value.day)
    if target is date and isinstance(value, datetime):
        return value.date()
    return _coerce(value, target)


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | Decimal | str):
        return str(value)
    raise Unsupported("text of a value")


def _coerce(value: Any, target: type) -> Any:
    """``value`` (a constant or another type's value) as ``target``, as SQL would read it."""
    if isinstance(value, target) and not (target is int and isinstance(value, bool)):
        return value
    try:
        if target is int and isinstance(value, str | Decimal):
            return int(Decimal(value).to_integral_value())
        if target is Decimal and isinstance(value, str | int | float):
            return Decimal(str(value))
        if target is bool and isinstance(value, str):
            return {"t": True, "true": True, "f": False, "false": False}[value.strip().lower()]
        if target is datetime and isinstance(value, str):
            return _timestamp(value)
        if target is date and isinstance(value, str):
            text = value.strip()
            return date.fromisoformat(text) if len(text) == 10 else _timestamp(text).date()
        if target is time and isinstance(value, str):
            return time.fromisoformat(value.strip())
    except (ValueError, KeyError, InvalidOperation):
        raise Unsupported("a constant of another type") from None
    raise Unsupported("a comparison of different types")


def _timestamp(text: str) -> datetime:
    text = text.strip()
    if text.lower() in {"now", "today"}:
        return NOW
    return datetime.fromisoformat(text.replace(" ", "T", 1))


def _comparable(left: Any, right: Any) -> tuple[Any, Any]:
    """Both sides in one Python type, reading a string constant as the other side's type."""
    if isinstance(left, bool) != isinstance(right, bool):
        if isinstance(left, str):
            return _coerce(left, bool), right
        if isinstance(right, str):
            return left, _coerce(right, bool)
        raise Unsupported("boolean compared with another type")
    numbers = int | Decimal | float
    if isinstance(left, numbers) and isinstance(right, numbers):
        return left, right
    for kind in (datetime, date, time, Decimal, int):
        if isinstance(left, kind) and isinstance(right, str):
            return _comparable(left, _coerce(right, datetime if kind is datetime else kind))
        if isinstance(right, kind) and isinstance(left, str):
            return _comparable(_coerce(left, datetime if kind is datetime else kind), right)
    if type(left) is date and type(right) is date:
        return left, right
    if isinstance(left, date) and isinstance(right, date):
        # A date read as its midnight; a timestamp without a zone against one with: as a
        # loading session in UTC reads it.
        left, right = _midnight(left), _midnight(right)
        if (left.tzinfo is None) != (right.tzinfo is None):
            left, right = (
                left.replace(tzinfo=left.tzinfo or UTC),
                right.replace(tzinfo=right.tzinfo or UTC),
            )
        return left, right
    if isinstance(left, tuple) and isinstance(right, tuple) and len(left) == len(right):
        pairs = [
            _comparable(a, b) if None not in (a, b) else (a, b)
            for a, b in zip(left, right, strict=True)
        ]
        return tuple(a for a, _ in pairs), tuple(b for _, b in pairs)
    if type(left) is type(right):
        return left, right
    raise Unsupported("a comparison of different types")


def _midnight(value: date) -> datetime:
    if isinstance(value, datetime):
        return value
    return datetime(value.year, value.month, value.day)


def _compare(operator: str, left: Any, right: Any) -> bool | None:
    if left is None or right is None:
        return None
    left, right = _comparable(left, right)
    if isinstance(left, tuple):
        return _compare_rows(operator, left, right)
    try:
        if operator == "=":
            return left == right
        if operator in {"<>", "!="}:
            return left != right
        if operator == "<":
            return left < right
        if operator == ">":
            return left > right
        if operator == "<=":
            return left <= right
        if operator == ">=":
            return left >= right
    except TypeError:
        raise Unsupported("a comparison of values that do not compare") from None
    raise Unsupported(operator)


def _compare_rows(operator: str, left: tuple, right: tuple) -> bool | None:
    """``ROW(a, b) < ROW(1, 2)``: field by field, the first that differs decides."""
    for a, b in zip(left, right, strict=True):
        same = _compare("=", a, b)
        if same is None:
            return None
        if not same:
            return _compare(operator, a, b)
    return operator in {"=", "<=", ">="}


def _moment_arithmetic(operator: str, left: Any, right: Any) -> Any:
    """date + integer, timestamp ± interval, timestamp - timestamp..."""
    moments = date | datetime
    if isinstance(right, str):
        right = interval(right) if isinstance(left, moments) else right
    if isinstance(left, str) and isinstance(right, Interval):
        left = _coerce(left, datetime)
    if operator in {"+", "-"} and isinstance(left, moments) and isinstance(right, Interval):
        return right.added_to(left, 1 if operator == "+" else -1)
    if operator == "+" and isinstance(left, Interval) and isinstance(right, moments):
        return left.added_to(right)
    if operator in {"+", "-"} and type(left) is date and isinstance(right, int):
        return left + timedelta(days=right if operator == "+" else -right)
    if operator == "-" and type(left) is date and type(right) is date:
        return (left - right).days
    if operator == "-" and isinstance(left, datetime) and isinstance(right, datetime):
        left, right = _comparable(left, right)
        delta = left - right
        return Interval(0, delta.days, Decimal(delta.seconds))
    raise Unsupported("date arithmetic")


def _arithmetic(operator: str, left: Any, right: Any) -> Any:
    if left is None or right is None:
        return None
    if operator == "||" and isinstance(left, str) and isinstance(right, str):
        return left + right
    if isinstance(left, bool) or isinstance(right, bool):
        raise Unsupported("arithmetic on booleans")
    if isinstance(left, datetime | date | Interval) or isinstance(
        right, datetime | date | timedelta | Interval
    ):
        return _moment_arithmetic(operator, left, right)
    left, right = _comparable(left, right)
    try:
        if operator == "+":
            return left + right
        if operator == "-":
            return left - right
        if operator == "*":
            return left * right
        if operator == "/":
            if right == 0:
                raise Unsupported("division by zero")
            return (
                left // right
                if isinstance(left, int) and isinstance(right, int)
                else (Decimal(left) / Decimal(right))
            )
        if operator == "%":
            return left % right
    except TypeError:
        raise Unsupported("arithmetic on values of different types") from None
    raise Unsupported(operator)


_COMPARISONS = frozenset({"=", "<>", "!=", "<", ">", "<=", ">="})
_REGEX = {"~": (True, "~"), "~*": (True, "~*"), "!~": (False, "~"), "!~*": (False, "~*")}


def _a_expr(node: dict[str, Any], row: Mapping[str, Any]) -> Any:
    kind = node["kind"]
    operator = operator_name(node)
    if kind == "AEXPR_BETWEEN" or kind == "AEXPR_NOT_BETWEEN":
        value = evaluate(node["lexpr"], row)
        low, high = (evaluate(item, row) for item in node["rexpr"]["List"]["items"])
        inside = _and(_compare(">=", value, low), _compare("<=", value, high))
        return inside if kind == "AEXPR_BETWEEN" or inside is None else not inside
    if kind == "AEXPR_IN":
        value = evaluate(node["lexpr"], row)
        items = [evaluate(item, row) for item in node["rexpr"]["List"]["items"]]
        found = _or(*(_compare("=", value, item) for item in items))
        return found if operator == "=" or found is None else not found
    if kind in {"AEXPR_OP_ANY", "AEXPR_OP_ALL"}:
        # x = ANY (ARRAY[...]), x <> ALL (ARRAY[...]): pg_dump's spelling of IN lists.
        value = evaluate(node["lexpr"], row)
        array = node["rexpr"].get("A_ArrayExpr")
        if array is None:
            raise Unsupported("ANY / ALL of a non-literal array")
        items = [evaluate(item, row) for item in array.get("elements", [])]
        results = [
            _compare(operator, value, item) if operator in _COMPARISONS else None for item in items
        ]
        if operator not in _COMPARISONS:
            raise Unsupported(f"{operator} ANY")
        return _or(*results) if kind == "AEXPR_OP_ANY" else _and(*results)
    if kind in {"AEXPR_DISTINCT", "AEXPR_NOT_DISTINCT"}:
        left, right = evaluate(node["lexpr"], row), evaluate(node["rexpr"], row)
        same = (left is None and right is None) or (
            left is not None and right is not None and _compare("=", left, right)
        )
        return not same if kind == "AEXPR_DISTINCT" else bool(same)
    if kind in {"AEXPR_LIKE", "AEXPR_ILIKE"}:
        return _like(node, row, operator)
    if kind == "AEXPR_SIMILAR":
        return _similar(node, row, operator)
    if kind != "AEXPR_OP":
        raise Unsupported(kind)
    if node.get("lexpr") is None:  # prefix operator: -x, +x
        value = evaluate(node["rexpr"], row)
        if operator == "-" and isinstance(value, int | Decimal) and not isinstance(value, bool):
            return -value
        if operator == "+" and isinstance(value, int | Decimal):
            return value
        raise Unsupported(f"prefix {operator}")
    left, right = evaluate(node["lexpr"], row), evaluate(node["rexpr"], row)
    if operator in _REGEX:
        if left is None or right is None:
            return None
        from .patterns import matches as pattern_matches

        positive, kind = _REGEX[operator]
        found = pattern_matches(kind, str(right), str(left))
        return found if positive else not found
    if operator in {"=", "<>", "!=", "<", ">", "<=", ">="}:
        return _compare(operator, left, right)
    return _arithmetic(operator, left, right)


def _like(node: dict[str, Any], row: Mapping[str, Any], operator: str) -> bool | None:
    value, pattern = evaluate(node["lexpr"], row), evaluate(node["rexpr"], row)
    if value is None or pattern is None:
        return None
    if not isinstance(value, str) or not isinstance(pattern, str):
        raise Unsupported("LIKE on a non-string")
    from .patterns import matches as pattern_matches

    found = pattern_matches("~~*" if operator in {"~~*", "!~~*"} else "~~", pattern, value)
    return found if operator in {"~~", "~~*"} else not found


def _similar(node: dict[str, Any], row: Mapping[str, Any], operator: str) -> bool | None:
    call = node["rexpr"].get("FuncCall")
    if not call or len(call.get("args", [])) != 1:
        raise Unsupported("SIMILAR TO with ESCAPE")
    value, pattern = evaluate(node["lexpr"], row), evaluate(call["args"][0], row)
    if value is None or pattern is None:
        return None
    if not isinstance(value, str) or not isinstance(pattern, str):
        raise Unsupported("SIMILAR TO on a non-string")
    from .patterns import matches as pattern_matches

    found = pattern_matches("similar", pattern, value)
    return found if operator == "~" else not found


def _and(*values: bool | None) -> bool | None:
    if False in values:
        return False
    return None if None in values else True


def _or(*values: bool | None) -> bool | None:
    if True in values:
        return True
    return None if None in values else False


def _func_call(node: dict[str, Any], row: Mapping[str, Any]) -> Any:
    name = function_name(node)
    args = [evaluate(arg, row) for arg in node.get("args", [])]
    if node.get("agg_star") or node.get("over"):
        raise Unsupported(f"function {name}")
    if name in _NULL_COUNTS:
        return _NULL_COUNTS[name](args)
    if name in _CLOCK and not args:
        return _CLOCK[name]
    function = _FUNCTIONS.get(name)
    if function is None:
        raise Unsupported(f"function {name}")
    if any(arg is None for arg in args):
        return None
    try:
        return function(*args)
    except (TypeError, AttributeError):
        raise Unsupported(f"function {name} on these values") from None


def _length(value: Any) -> int:
    if isinstance(value, str):
        return len(value)
    raise TypeError


_FUNCTIONS = {
    "char_length": _length,
    "character_length": _length,
    "length": _length,
    "lower": str.lower,
    "upper": str.upper,
    "btrim": lambda text, chars=" ": text.strip(chars),
    "ltrim": lambda text, chars=" ": text.lstrip(chars),
    "rtrim": lambda text, chars=" ": text.rstrip(chars),
    "abs": abs,
    "trim": lambda text, chars=" ": text.strip(chars),
}
_NULL_COUNTS = {
    "num_nulls": lambda args: sum(arg is None for arg in args),
    "num_nonnulls": lambda args: sum(arg is not None for arg in args),
}
_CLOCK = {
    "now": NOW,
    "transaction_timestamp": NOW,
    "statement_timestamp": NOW,
    "clock_timestamp": NOW,
}
_SQL_VALUES = {
    "SVFOP_CURRENT_DATE": NOW.date(),
    "SVFOP_CURRENT_TIMESTAMP": NOW,
    "SVFOP_CURRENT_TIMESTAMP_N": NOW,
    "SVFOP_LOCALTIMESTAMP": NOW.replace(tzinfo=None),
    "SVFOP_LOCALTIMESTAMP_N": NOW.replace(tzinfo=None),
}


def _sql_value(node: dict[str, Any], row: Mapping[str, Any]) -> Any:
    if node["op"] not in _SQL_VALUES:
        raise Unsupported(node["op"])
    return _SQL_VALUES[node["op"]]


def function_name(node: dict[str, Any]) -> str:
    parts = [part["String"]["sval"] for part in node["funcname"] if "String" in part]
    return parts[-1] if parts else ""


def operator_name(node: dict[str, Any]) -> str:
    names = [part["String"]["sval"] for part in node.get("name", []) if "String" in part]
    return names[-1] if names else ""


def _row_expr(node: dict[str, Any], row: Mapping[str, Any]) -> tuple[Any, ...]:
    return tuple(evaluate(arg, row) for arg in node.get("args", []))


_HANDLERS = {
    "A_Const": _a_const,
    "ColumnRef": _column_ref,
    "BoolExpr": _bool_expr,
    "NullTest": _null_test,
    "BooleanTest": _boolean_test,
    "CoalesceExpr": _coalesce,
    "TypeCast": _type_cast,
    "A_Expr": _a_expr,
    "FuncCall": _func_call,
    "RowExpr": _row_expr,
    "SQLValueFunction": _sql_value,
}
