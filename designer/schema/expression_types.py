"""What PostgreSQL would say of an expression's types, as far as the designer can tell.

A default, a check, an index key or a partial index's predicate is kept as the text the
user wrote and copied into the DDL; PostgreSQL then types it against the table's
columns and refuses the whole script for one mistake. ``ExpressionTypes`` walks the
parse tree (``designer.schema.expressions``) with the columns' types and finds the
mistakes it can be sure of:

- a comparison, an arithmetic or text operator or a common function applied to types
  PostgreSQL has no operator or function for (``title > 0``, ``lower(price)``);
- a quoted value the type it meets cannot read (``price > 'abc'``, ``status = 'nope'``);
- a cast PostgreSQL has not (``id::date``), to a type that does not exist;
- aggregates, window and set-returning functions, parameters (``$1``), collations not
  every server has;
- a function PostgreSQL does not have (or an extension's, without the extension), a
  call that none of a common function's forms takes (``sql_functions.FORMS``), or that
  PostgreSQL cannot resolve for a bare quoted value or NULL;
- in an index (``immutable``): functions, casts and operators that are not immutable,
  such as ``now()``, ``random()``, ``created_at::date`` of a timestamptz,
  ``timestamptz + interval``, ``text || timestamptz``, and system columns.

Where it cannot tell (a function whose forms it does not know, say), it says nothing:
the type is ``None``. The facts about PostgreSQL come from ``builtins`` (asked of a
server), ``sql_functions`` and the tables below, each proven on a server by
``tests/schema/test_validation_properties``.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Any

from . import builtins
from .expressions import expression_tree
from .literals import literal_problem
from .model import ENUM, ColumnType, EnumType, QName
from .sql_functions import ANY, ARRAY, FORMS, MIXED, NUMERIC, POLY, RESULTS, TEXTLIKE, VARIADIC
from .types import TYPE_BY_CATALOG, TYPES

# PostgreSQL's type categories (pg_type.typcategory) of the registry types.
_CATEGORIES = {
    **dict.fromkeys(
        ("smallint", "integer", "bigint", "numeric", "real", "double precision", "money"), "N"
    ),
    **dict.fromkeys(("text", "varchar", "char"), "S"),
    **dict.fromkeys(("date", "time", "timetz", "timestamp", "timestamptz"), "D"),
    "interval": "T",
    "boolean": "B",
    **dict.fromkeys(("bit", "varbit"), "V"),
    **dict.fromkeys(("inet", "cidr"), "I"),
}
_PREFERRED = frozenset({"double precision", "text", "timestamptz", "interval", "boolean",
                        "inet", "varbit"})  # fmt: skip
_INTEGER_RANGES = {"smallint": (-(2**15), 2**15 - 1), "integer": (-(2**31), 2**31 - 1),
                   "bigint": (-(2**63), 2**63 - 1)}  # fmt: skip
_WIDTH = ("smallint", "integer", "bigint", "numeric", "real", "double precision")
# Types that compare with one another (PostgreSQL has cross-type operators for them).
_CLASSES = (NUMERIC, TEXTLIKE, frozenset({"date", "timestamp", "timestamptz"}),
            frozenset({"inet", "cidr"}), frozenset({"bit", "varbit"}))  # fmt: skip
_NOT_COMPARABLE = frozenset({"json", "xml"})
_COMPARISONS = frozenset({"=", "<>", "!=", "<", ">", "<=", ">="})
_ARITHMETIC = frozenset({"+", "-", "*", "/", "%", "^"})
_REGEX = frozenset({"~", "~*", "!~", "!~*"})
_BOOLEAN_OPERATORS = frozenset({"@>", "<@", "&&", "?", "?|", "?&", "@@", "@?"})
_COLLATIONS = frozenset({"C", "POSIX", "default", "ucs_basic"})
_SQL_VALUES = {
    "SVFOP_CURRENT_DATE": ("CURRENT_DATE", "date"),
    "SVFOP_CURRENT_TIME": ("CURRENT_TIME", "timetz"),
    "SVFOP_CURRENT_TIME_N": ("CURRENT_TIME", "timetz"),
    "SVFOP_CURRENT_TIMESTAMP": ("CURRENT_TIMESTAMP", "timestamptz"),
    "SVFOP_CURRENT_TIMESTAMP_N": ("CURRENT_TIMESTAMP", "timestamptz"),
    "SVFOP_LOCALTIME": ("LOCALTIME", "time"),
    "SVFOP_LOCALTIME_N": ("LOCALTIME", "time"),
    "SVFOP_LOCALTIMESTAMP": ("LOCALTIMESTAMP", "timestamp"),
    "SVFOP_LOCALTIMESTAMP_N": ("LOCALTIMESTAMP", "timestamp"),
}
# The registry types by their catalog names (pglast writes ``integer`` as int4).
_TYPE_NAMES = {catalog: info.key for catalog, info in TYPE_BY_CATALOG.items()}


class Refused(Exception):
    """A mistake PostgreSQL would refuse; the message says which, as a sentence end."""


@dataclass(frozen=True)
class Literal:
    """A quoted string: its type is the one its context gives it."""

    text: str


class _Null:
    pass


NULL = _Null()
Type = ColumnType | Literal | _Null | None


def type_name(kind: Type) -> str:
    """How PostgreSQL names a type in its messages (``timestamp with time zone`` is
    written ``timestamptz``, as the editor offers it)."""
    if isinstance(kind, ColumnType):
        info = TYPES.get(kind.base)
        name = kind.enum.name if kind.is_enum and kind.enum else info.sql if info else kind.base
        return name + ("[]" if kind.array else "")
    return "unknown"


def _shown(kind: Type) -> str:
    """An argument as a message shows it: its type, or the quoted value, or NULL."""
    if isinstance(kind, Literal):
        return "'" + kind.text.replace("'", "''") + "'"
    return "NULL" if kind is NULL else type_name(kind)


def _a(noun: str) -> str:
    return ("an " if noun[:1] in "aeiouAEIOU" else "a ") + noun


def _plain(base: str, array: bool = False, enum: QName | None = None) -> ColumnType:
    return ColumnType(base, array=array, enum=enum)


def _strval(node: dict[str, Any]) -> str:
    return node.get("String", {}).get("sval", "")


@dataclass
class ExpressionTypes:
    """The types of expressions over one table's columns."""

    columns: Mapping[str, ColumnType]
    enums: Mapping[QName, EnumType]
    extensions: tuple[str, ...] = ()
    # What PostgreSQL calls the place when it must be immutable ("index expression",
    # "index predicate"), else None.
    immutable: str | None = None
    place: str = "expression"  # for messages: "check constraint", "DEFAULT expression"...

    # --- the entry points -------------------------------------------------------------

    def type_of(self, text: str) -> Type:
        """The expression's type, or ``Refused``; ``ExpressionError`` when it does not
        parse (reported elsewhere)."""
        return self._type(expression_tree(text))

    def condition(self, text: str) -> None:
        """``Refused`` unless the expression can be true or false for a row."""
        self._boolean(self.type_of(text), "a condition")

    # --- nodes ------------------------------------------------------------------------

    def _type(self, node: dict[str, Any]) -> Type:
        kind, value = next(iter(node.items()))
        handler = getattr(self, f"_{kind}", None)
        if handler is None:
            for child in _children(value):
                self._type(child)
            return None
        return handler(value)

    def _A_Const(self, value: dict[str, Any]) -> Type:
        if value.get("isnull"):
            return NULL
        if "ival" in value:
            return _plain("integer")
        if "fval" in value:
            text = value["fval"].get("fval", "0")
            integral = text.lstrip("+-").isdigit()
            return _plain("bigint" if integral and abs(int(text)) < 2**63 else "numeric")
        if "boolval" in value:
            return _plain("boolean")
        if "bsval" in value:
            return _plain("bit")
        return Literal(value.get("sval", {}).get("sval", ""))

    def _ColumnRef(self, value: dict[str, Any]) -> Type:
        name = _strval(value["fields"][-1])
        if name in self.columns:
            column_type = self.columns[name]
            return _plain(column_type.base, column_type.array, column_type.enum)
        if name == "tableoid" and self.immutable:
            raise Refused(f"an {self.immutable} cannot read the system column tableoid")
        return None

    def _ParamRef(self, value: dict[str, Any]) -> Type:
        raise Refused(f"${value.get('number', 1)} is a query parameter, not a value")

    def _SQLValueFunction(self, value: dict[str, Any]) -> Type:
        word, base = _SQL_VALUES.get(value["op"], (None, "text"))
        if self.immutable:
            spelled = word or value["op"].removeprefix("SVFOP_")
            raise Refused(
                f"{spelled} changes from one call to the next; functions in an "
                f"{self.immutable} must be immutable"
            )
        return _plain(base)

    def _TypeCast(self, value: dict[str, Any]) -> Type:
        empty_array = not value["arg"].get("A_ArrayExpr", {"elements": 1}).get("elements")
        argument = None if empty_array else self._type(value["arg"])
        target = self._cast_target(value["typeName"])
        if target is None:
            return None
        if isinstance(argument, Literal):
            self._read_as(argument, target)
        elif isinstance(argument, ColumnType):
            self._cast(argument, target)
        if self.immutable and "A_Const" not in value["arg"]:
            self._computed_once(value["arg"], f"the cast to {type_name(target)}")
        constant = value["arg"].get("A_Const", {})
        if self.immutable and ("ival" in constant or "fval" in constant):
            # In an index PostgreSQL works the cast out when it creates the index.
            number = constant.get("ival", {}).get("ival", 0) if "ival" in constant else None
            text = str(number) if number is not None else constant["fval"].get("fval", "0")
            if problem := _number_cast_problem(text, target, value["typeName"]):
                raise Refused(f"{text}::{type_name(target)} {problem}")
        return target

    def _cast_target(self, type_name: dict[str, Any]) -> ColumnType | None:
        names = [_strval(part) for part in type_name.get("names", [])]
        array = bool(type_name.get("arrayBounds"))
        if len(names) == 2 and names[0] == "pg_catalog":
            names = names[1:]
        if len(names) == 1 and names[0] in _TYPE_NAMES:
            return _plain(_TYPE_NAMES[names[0]], array)
        qname = QName(*names) if len(names) == 2 else QName("public", names[-1])
        if qname in self.enums and (len(names) == 2 or names[0] not in builtins.TYPE_NAMES):
            return _plain(ENUM, array, qname)
        extension = builtins.EXTENSION_TYPES.get(names[-1])
        if len(names) == 1 and (
            names[0] in builtins.TYPE_NAMES or (extension and extension in self.extensions)
        ):
            return _plain(names[0], array)  # a type the registry does not know
        written = ".".join(names)
        if extension:
            raise Refused(f"the type {written} comes with the extension {extension}: add it")
        raise Refused(f"the type {written} does not exist")

    def _cast(self, source: ColumnType, target: ColumnType) -> None:
        if source.array != target.array:
            raise Refused(f"PostgreSQL cannot cast {type_name(source)} to {type_name(target)}")
        if source.base == target.base and source.enum == target.enum:
            return
        if source.is_enum and target.is_enum:
            raise Refused(f"PostgreSQL cannot cast {type_name(source)} to {type_name(target)}")
        if target.base in builtins.IMMUTABLE_CASTS.get(source.base, ()):
            return
        if target.base not in builtins.OTHER_CASTS.get(source.base, ()):
            raise Refused(f"PostgreSQL cannot cast {type_name(source)} to {type_name(target)}")
        if self.immutable:
            raise Refused(
                f"the cast of {type_name(source)} to {type_name(target)} depends on the "
                f"session's settings (it is not immutable), so it cannot be in an "
                f"{self.immutable}"
            )

    def _FuncCall(self, value: dict[str, Any]) -> Type:
        names = [_strval(part) for part in value["funcname"]]
        name = names[-1]
        arguments = [self._type(argument) for argument in value.get("args", [])]
        if value.get("agg_filter"):
            self._type(value["agg_filter"])
        qualified = len(names) > 1 and names[0] != "pg_catalog"
        if qualified or name not in builtins.FUNCTION_NAMES:
            extension = builtins.EXTENSION_FUNCTIONS.get(name)
            listed = extension in self.extensions and names[0] in {name, "public"}
            if extension and not listed and not qualified:
                raise Refused(
                    f"{name}() comes with the extension {extension}: add it to the project's "
                    f"extensions"
                )
            if not (extension and listed):
                raise Refused(f"PostgreSQL has no function {'.'.join(names)}()")
        if name in {"nextval", "currval", "setval", "lastval"}:
            raise Refused(
                f"{name}() reads a sequence: name one of the schema's sequences, or make "
                f"the column an identity (generated) column"
            )
        if value.get("agg_star") or value.get("over") or name in builtins.NOT_SCALAR:
            raise Refused(
                f"{name}() is an aggregate, window or set-returning function; PostgreSQL "
                f"does not allow it in {_a(self.place)}"
            )
        if self.immutable:
            result = self._call(name, arguments)  # (a form first: its own message)
            self._immutable_call(name, arguments)
            self._computed_once({"FuncCall": value}, f"{name}()")
            return result
        return self._call(name, arguments)

    def _immutable_call(self, name: str, arguments: list[Type]) -> None:
        verdict = True
        if name in builtins.NOT_IMMUTABLE:
            verdict = False
        elif name in MIXED:
            verdict = MIXED[name](tuple(_base(argument) for argument in arguments))
        if verdict is True:
            return
        if verdict is None:
            raise Refused(
                f"the designer cannot tell which form of {name}() this is, and some are not "
                f"immutable; functions in an {self.immutable} must be immutable "
                f"(cast the arguments to the types meant)"
            )
        if name in MIXED:
            written = ", ".join(_shown(argument) for argument in arguments)
            raise Refused(
                f"{name}({written}) is not immutable (its result depends on the session's "
                f"settings, such as the time zone); functions in an {self.immutable} must be "
                f"immutable"
            )
        raise Refused(
            f"{name}() is not immutable (its result can change from one call to the next); "
            f"functions in an {self.immutable} must be immutable"
        )

    def _call(self, name: str, arguments: list[Type]) -> Type:
        if name in VARIADIC:
            fixed, result = VARIADIC[name]
            if len(arguments) < len(fixed) or not all(
                self._choices(kind, argument)
                for kind, argument in zip(fixed, arguments, strict=False)
            ):
                self._no_function(name, arguments)
            return _plain(result)
        forms = FORMS.get(name)
        if forms is None:  # a function whose forms the designer does not check
            return _plain(RESULTS[name]) if name in RESULTS else None
        # Every form that fits, with the type it reads each argument as, then PostgreSQL's
        # choice for quoted values and NULLs (typeconv-func): text when a form takes
        # text there, else one category of types, else it cannot choose.
        candidates: list[tuple[tuple[str | None, ...], str | None]] = []
        for kinds, result in forms:
            if len(kinds) != len(arguments):
                continue
            options = [
                self._choices(kind, argument)
                for kind, argument in zip(kinds, arguments, strict=True)
            ]
            candidates += [(concrete, result) for concrete in itertools.product(*options)]
        if not candidates:
            self._no_function(name, arguments)
        for position, argument in enumerate(arguments):
            if not (isinstance(argument, Literal) or argument is NULL):
                continue
            keys = {concrete[position] for concrete, _ in candidates}
            if keys & TEXTLIKE:
                candidates = [c for c in candidates if c[0][position] in TEXTLIKE | {None}]
            elif len({_CATEGORIES.get(key or "", key) for key in keys}) > 1:
                shown = "NULL" if argument is NULL else repr(argument.text)
                raise Refused(
                    f"PostgreSQL cannot tell which {name}() is meant for {shown}: write its "
                    f"type, e.g. CAST({shown} AS date)"
                )
        concrete, result = min(candidates, key=_preferred_first)
        for key, argument in zip(concrete, arguments, strict=True):
            if isinstance(argument, Literal) and key in TYPES:
                self._read(argument, _plain(key))
        if result == "=":
            first = arguments[0]
            if isinstance(first, ColumnType):
                return _plain(first.base)
            return _plain(concrete[0]) if concrete[0] in TYPES else None
        return _plain(result) if result else None

    def _choices(self, kind: Any, argument: Type) -> list[str | None]:
        """The types an argument may be read as for a parameter of a function's form
        (see ``_FORMS``); none when it does not fit."""
        if argument is None or kind is ANY:
            return [None]
        if kind == "config":  # a text search configuration: 'english'
            if isinstance(argument, Literal):
                known = argument.text in builtins.TEXT_SEARCH_CONFIGURATIONS
                return ["config"] if known else []
            configuration = isinstance(argument, ColumnType) and argument.base == "regconfig"
            return ["config"] if argument is NULL or configuration else []
        if kind in (POLY, ARRAY):  # PostgreSQL cannot infer the type of 'x' or NULL
            if not isinstance(argument, ColumnType) or (kind == ARRAY and not argument.array):
                return []
            return [None]
        if argument is NULL or isinstance(argument, Literal):
            return sorted(kind)  # PostgreSQL chooses without reading the value
        return [argument.base] if not argument.array and argument.base in kind else []

    def _no_function(self, name: str, arguments: list[Type]) -> None:
        written = ", ".join(_shown(argument) for argument in arguments)
        raise Refused(f"PostgreSQL has no function {name}({written})")

    def _A_Expr(self, value: dict[str, Any]) -> Type:
        kind = value["kind"]
        operator = _strval(value["name"][-1]) if value.get("name") else ""
        left = self._type(value["lexpr"]) if value.get("lexpr") else None
        right_node = value.get("rexpr")
        if kind in {"AEXPR_IN", "AEXPR_BETWEEN", "AEXPR_NOT_BETWEEN", "AEXPR_BETWEEN_SYM",
                    "AEXPR_NOT_BETWEEN_SYM"}:  # fmt: skip
            items = [self._type(item) for item in right_node.get("List", {}).get("items", [])]
            for item in items:
                self._compare(left, item)
            known = [item for item in items if isinstance(item, ColumnType)]
            # PostgreSQL reads IN's values as one type when they have one.
            common = known and all(_unifiable(known[0], other) for other in known[1:])
            if kind == "AEXPR_IN" and not isinstance(left, ColumnType) and common:
                for item in [left, *items]:
                    if isinstance(item, Literal):
                        self._read(item, known[0])
            return _plain("boolean")
        right = self._type(right_node) if right_node else None
        if kind in {"AEXPR_DISTINCT", "AEXPR_NOT_DISTINCT"}:
            self._compare(left, right)
            return _plain("boolean")
        if kind == "AEXPR_NULLIF":
            self._compare(left, right)
            return self._common([left, right], "NULLIF")
        if kind in {"AEXPR_LIKE", "AEXPR_ILIKE", "AEXPR_SIMILAR"}:
            self._matched(left, right, operator, bytea=kind == "AEXPR_LIKE")
            return _plain("boolean")
        if kind in {"AEXPR_OP_ANY", "AEXPR_OP_ALL"}:
            return _plain("boolean")
        if kind != "AEXPR_OP":
            return None
        if not value.get("lexpr"):
            return self._unary(operator, right)
        if operator in _COMPARISONS:
            self._compare(left, right)
            return _plain("boolean")
        if operator in _REGEX:
            self._matched(left, right, operator, bytea=False)
            return _plain("boolean")
        if operator in _ARITHMETIC:
            if self.immutable:
                self._computed_once({"A_Expr": value}, operator)
            return self._arithmetic(operator, left, right)
        if operator == "||":
            return self._concatenated(left, right)
        if operator in {"->", "#>"}:
            self._json_side(left, right, operator)
            return left if isinstance(left, ColumnType) else None
        if operator in {"->>", "#>>"}:
            self._json_side(left, right, operator)
            return _plain("text")
        if operator in _BOOLEAN_OPERATORS:
            self._contained(operator, left, right)
            return _plain("boolean")
        return None

    def _BoolExpr(self, value: dict[str, Any]) -> Type:
        word = {"AND_EXPR": "AND", "OR_EXPR": "OR", "NOT_EXPR": "NOT"}.get(value["boolop"], "")
        for argument in value.get("args", []):
            self._boolean(self._type(argument), f"the argument of {word}")
        return _plain("boolean")

    def _NullTest(self, value: dict[str, Any]) -> Type:
        self._type(value["arg"])
        return _plain("boolean")

    def _BooleanTest(self, value: dict[str, Any]) -> Type:
        self._boolean(self._type(value["arg"]), "the argument of IS TRUE / IS FALSE")
        return _plain("boolean")

    def _CoalesceExpr(self, value: dict[str, Any]) -> Type:
        return self._common([self._type(item) for item in value["args"]], "COALESCE")

    def _MinMaxExpr(self, value: dict[str, Any]) -> Type:
        word = "GREATEST" if value.get("op") == "IS_GREATEST" else "LEAST"
        kinds = [self._type(item) for item in value["args"]]
        for kind in kinds:  # (it compares its arguments)
            if isinstance(kind, ColumnType) and kind.base in _NOT_COMPARABLE:
                raise Refused(f"PostgreSQL cannot compare {type_name(kind)} values")
        return self._common(kinds, word)

    def _CaseExpr(self, value: dict[str, Any]) -> Type:
        subject = self._type(value["arg"]) if value.get("arg") else None
        results = []
        for when in value.get("args", []):
            when = when["CaseWhen"]
            condition = self._type(when["expr"])
            if value.get("arg"):
                self._compare(subject, condition)
            else:
                self._boolean(condition, "a CASE WHEN condition")
            results.append(self._type(when["result"]))
        if value.get("defresult"):
            results.append(self._type(value["defresult"]))
        return self._common(results, "CASE")

    def _A_ArrayExpr(self, value: dict[str, Any]) -> Type:
        elements = [self._type(item) for item in value.get("elements", [])]
        if not elements:
            raise Refused(
                "PostgreSQL cannot tell the type of an empty ARRAY[]: write ARRAY[]::text[]"
            )
        common = self._common(elements, "ARRAY")
        if isinstance(common, ColumnType):  # (an array of arrays is one of more dimensions)
            return _plain(common.base, True, common.enum)
        return None

    def _CollateClause(self, value: dict[str, Any]) -> Type:
        argument = self._type(value["arg"])
        collation = ".".join(_strval(part) for part in value.get("collname", []))
        if collation not in _COLLATIONS:
            raise Refused(
                f'the collation "{collation}" may not exist on the server; use "C", "POSIX" '
                f"or default"
            )
        if isinstance(argument, ColumnType) and (argument.base not in TEXTLIKE):
            raise Refused(f"{type_name(argument)} values have no collation")
        return argument

    def _A_Indirection(self, value: dict[str, Any]) -> Type:
        """``tags[1]``, ``tags[1:2]``, ``doc['key']``; a field of a row (``(x).f``) is
        not something the designer's types have."""
        base = self._type(value["arg"])
        steps = value.get("indirection", [])
        if base is None:
            return None
        jsonb = isinstance(base, ColumnType) and base.base == "jsonb" and not base.array
        arrays = isinstance(base, ColumnType) and base.array
        if not (jsonb or arrays) or any("A_Indices" not in step for step in steps):
            raise Refused(f"PostgreSQL cannot subscript {_shown(base)}")
        subscript = _plain("text") if jsonb else _plain("integer")
        for step in steps:
            for bound in ("lidx", "uidx"):
                if node := step["A_Indices"].get(bound):
                    kind = self._type(node)
                    if isinstance(kind, Literal):
                        self._read(kind, subscript)
                    elif isinstance(kind, ColumnType) and not (
                        kind.base in {"smallint", "integer"} | (TEXTLIKE if jsonb else set())
                        and not kind.array
                    ):
                        raise Refused(f"a subscript of {type_name(base)} cannot be {_shown(kind)}")
        if jsonb:
            return base
        sliced = any(step["A_Indices"].get("is_slice") for step in steps)
        return base if sliced else _plain(base.base, False, base.enum)

    # --- rules ------------------------------------------------------------------------

    def _computed_once(self, node: dict[str, Any], what: str) -> None:
        """In an index, PostgreSQL works out what reads no column when it creates the
        index, and stops the whole script if that fails (``'x'::integer``, ``1 / 0``):
        the designer cannot tell whether it would, so it does not take it."""
        if not _reads_a_column(node):
            raise Refused(
                f"{what} reads no column, so PostgreSQL computes it when it creates the index "
                f"(and stops the script if that fails); write the value itself"
            )

    def _boolean(self, kind: Type, what: str) -> None:
        if isinstance(kind, Literal):
            if problem := literal_problem(kind.text, _plain("boolean")):
                raise Refused(f"{what} must be true or false, and {kind.text!r} {problem}")
        elif isinstance(kind, ColumnType) and (kind.base != "boolean" or kind.array):
            raise Refused(f"{what} must be true or false, not of type {type_name(kind)}")

    def _read_as(self, literal: Literal, kind: ColumnType) -> None:
        """A quoted value cast to a type: read now, by PostgreSQL, when the DDL runs."""
        if kind.base in TYPES or kind.is_enum:
            self._read(literal, kind)
        elif kind.base == "regconfig" and not kind.array:
            if literal.text not in builtins.TEXT_SEARCH_CONFIGURATIONS:
                raise Refused(f"PostgreSQL has no text search configuration {literal.text!r}")
        else:
            raise Refused(
                f"the designer cannot check a {type_name(kind)} value such as {literal.text!r}"
            )

    def _read(self, literal: Literal, kind: ColumnType) -> None:
        if problem := literal_problem(literal.text, kind, self.enums):
            raise Refused(f"{literal.text!r} {problem}")

    def _compare(self, left: Type, right: Type) -> None:
        for side in (left, right):  # json and xml have no comparison operators at all
            if isinstance(side, ColumnType) and side.base in _NOT_COMPARABLE:
                raise Refused(f"PostgreSQL cannot compare {type_name(side)} values")
        if isinstance(left, Literal) and isinstance(right, ColumnType):
            left, right = right, left
        if not isinstance(left, ColumnType):
            return
        if isinstance(right, Literal):
            if left.base in _NOT_COMPARABLE:
                raise Refused(f"PostgreSQL cannot compare {type_name(left)} values")
            self._read(right, left)
            return
        if not isinstance(right, ColumnType):
            return
        if not _comparable(left, right):
            raise Refused(f"PostgreSQL cannot compare {type_name(left)} with {type_name(right)}")
        bases = {left.base, right.base}
        if self.immutable and "timestamptz" in bases and bases & {"date", "timestamp"}:
            raise Refused(
                f"comparing timestamptz with {(bases - {'timestamptz'}).pop()} depends on the "
                f"time zone setting (it is not immutable), so it cannot be in an "
                f"{self.immutable}"
            )

    def _matched(self, left: Type, right: Type, operator: str, bytea: bool) -> None:
        allowed = TEXTLIKE | ({"bytea"} if bytea else set())
        for side in (left, right):
            if isinstance(side, ColumnType) and (side.array or side.base not in allowed):
                raise Refused(f"PostgreSQL has no operator {type_name(side)} {operator} text")
        if isinstance(right, Literal) and isinstance(left, ColumnType) and left.base == "bytea":
            self._read(right, left)

    def _contained(self, operator: str, left: Type, right: Type) -> None:
        """``@>``, ``<@``, ``&&``, ``?``, ``@@``...: arrays, jsonb, network and text search
        values only; a quoted value on one side is read as the other side's type."""
        allowed = _CONTAINMENT.get(operator, frozenset())
        if all(isinstance(side, Literal) or side is NULL for side in (left, right)):
            raise Refused(f"PostgreSQL cannot tell the types of both sides of {operator}")
        sides = [side for side in (left, right) if isinstance(side, ColumnType)]
        for side in sides if operator in {"@>", "<@", "&&"} else sides[:1]:
            if not (side.array and "array" in allowed) and (side.array or side.base not in allowed):
                raise Refused(f"PostgreSQL has no operator {type_name(side)} {operator}")
        if len(sides) == 2 and operator in {"@>", "<@", "&&"} and not _comparable(*sides):
            raise Refused(
                f"PostgreSQL has no operator {type_name(sides[0])} {operator} {type_name(sides[1])}"
            )
        if operator in {"@>", "<@", "&&"} and len(sides) == 1:
            quoted = right if sides[0] is left else left
            if isinstance(quoted, Literal):
                self._read(quoted, sides[0])

    def _json_side(self, left: Type, right: Type, operator: str) -> None:
        if isinstance(left, Literal) or left is NULL:
            raise Refused(
                f"PostgreSQL cannot tell whether {_shown(left)} {operator} is json or jsonb: "
                f"write its type, e.g. '{{}}'::jsonb"
            )
        if isinstance(left, ColumnType) and (left.array or left.base not in {"json", "jsonb"}):
            raise Refused(f"PostgreSQL has no operator {type_name(left)} {operator}")
        keys = {"text"} if operator.startswith("#") else TEXTLIKE | {"smallint", "integer"}
        if isinstance(right, ColumnType) and (
            right.base not in keys or right.array != operator.startswith("#")
        ):
            raise Refused(f"PostgreSQL has no operator json {operator} {type_name(right)}")

    def _unary(self, operator: str, operand: Type) -> Type:
        if operator in {"-", "+"} and isinstance(operand, ColumnType):
            if operand.array or operand.base not in NUMERIC | {"interval", "money"}:
                raise Refused(f"PostgreSQL has no operator {operator}{type_name(operand)}")
            return operand
        return None

    def _arithmetic(self, operator: str, left: Type, right: Type) -> Type:
        unknown = [side for side in (left, right) if isinstance(side, Literal) or side is NULL]
        if len(unknown) == 2:
            raise Refused(
                f"PostgreSQL cannot tell the types of both sides of {operator}: write one's type"
            )
        # A quoted value or NULL next to a number is read as that number's type.
        if isinstance(left, Literal | _Null) and _is_number(right):
            if isinstance(left, Literal):
                self._read(left, right)
            left = right
        elif isinstance(right, Literal | _Null) and _is_number(left):
            if isinstance(right, Literal):
                self._read(right, left)
            right = left
        unknown = [side for side in (left, right) if isinstance(side, Literal) or side is NULL]
        for side in (left, right):
            if not isinstance(side, ColumnType) or not (side.array or side.base in _NO_ARITHMETIC):
                continue
            if not (side.base == "jsonb" and operator == "-" and side is left):
                raise Refused(
                    f"PostgreSQL has no arithmetic operator {operator} for {type_name(side)}"
                )
        if isinstance(left, ColumnType) and left.base == "jsonb":
            return left  # jsonb - 'key', jsonb - 1
        if unknown and isinstance(other := right if left in unknown else left, ColumnType):
            return self._arithmetic_with_unknown(operator, other, unknown[0], other is left)
        if not (isinstance(left, ColumnType) and isinstance(right, ColumnType)):
            return None
        bases = {left.base, right.base}
        if left.base in NUMERIC and right.base in NUMERIC:
            if operator == "%" and bases & {"real", "double precision"}:
                result = None
            elif operator == "^":
                result = "numeric" if "numeric" in bases else "double precision"
            else:
                result = max(left.base, right.base, key=_WIDTH.index)
        else:
            result = _ARITHMETIC_RESULTS.get((left.base, operator, right.base))
        if result is None:
            raise Refused(
                f"PostgreSQL has no operator {type_name(left)} {operator} {type_name(right)}"
            )
        if self.immutable and "timestamptz" in bases and result != "interval":
            self._not_immutable_arithmetic(operator)
        return _plain(result)

    def _arithmetic_with_unknown(
        self, operator: str, known: ColumnType, unknown: Type, known_left: bool
    ) -> Type:
        """``date + '1 day'``: the operators of the known side's type that the quoted value
        (or NULL) may complete, chosen as PostgreSQL does (one category, or none)."""
        forms = {
            (other if known_left else first): result
            for (first, op, other), result in _ARITHMETIC_RESULTS.items()
            if op == operator and (first if known_left else other) == known.base
        }
        if not forms:
            shown = "NULL" if unknown is NULL else "a quoted value"
            raise Refused(
                f"PostgreSQL has no operator {operator} of {type_name(known)} and {shown}"
            )
        if len({_CATEGORIES.get(key, key) for key in forms}) > 1:
            raise Refused(
                f"PostgreSQL cannot tell which {type_name(known)} {operator} ... is meant: write "
                f"the other side's type, e.g. interval '1 day'"
            )
        key = min(forms, key=lambda key: (key not in _PREFERRED, key))
        if isinstance(unknown, Literal):
            self._read(unknown, _plain(key))
        result = forms[key]
        if self.immutable and known.base == "timestamptz" and result != "interval":
            self._not_immutable_arithmetic(operator)
        return _plain(result)

    def _not_immutable_arithmetic(self, operator: str) -> None:
        raise Refused(
            f"timestamptz {operator} interval depends on the time zone setting (it is not "
            f"immutable), so it cannot be in an {self.immutable}"
        )

    def _concatenated(self, left: Type, right: Type) -> Type:
        sides = [side for side in (left, right) if isinstance(side, ColumnType)]
        arrays = [side for side in sides if side.array]
        if arrays:
            array = arrays[0]
            other = right if array is left else left
            if isinstance(other, Literal):
                self._read(other, array)  # PostgreSQL reads it as an array
            elif isinstance(other, ColumnType) and not _unifiable(array.element(), other.element()):
                raise Refused(f"PostgreSQL has no operator {type_name(left)} || {type_name(right)}")
            return array
        quoted = [side for side in (left, right) if isinstance(side, Literal) or side is NULL]
        texts = [side for side in sides if side.base in TEXTLIKE]
        others = [side for side in sides if side.base not in TEXTLIKE]
        # (with a quoted value or NULL, PostgreSQL reads it as the other side's type;
        # bit's as bit varying)
        if others and not texts and others[0].base in _CONCATENATED:
            base = others[0].base
            if len(others) == 2 and _CONCATENATED.get(others[1].base) != _CONCATENATED[base]:
                raise Refused(
                    f"PostgreSQL has no operator {type_name(others[0])} || {type_name(others[1])}"
                )
            for value in quoted:
                if isinstance(value, Literal):
                    self._read(value, _plain(_CONCATENATED[base]))
            if len(others) == 2 or quoted:
                return _plain(_CONCATENATED[base])
            return None
        if texts or quoted:
            # text || x is PostgreSQL's x::text || text: as immutable as that cast.
            if others and self.immutable and not _immutably_text(others[0]):
                raise Refused(
                    f"text || {type_name(others[0])} converts the {type_name(others[0])} to "
                    f"text, which is not immutable; leave it out of the {self.immutable}"
                )
            if sides or len(quoted) == 2 or NULL in (left, right):
                return _plain("text")
            return None
        if len(others) == 2:
            raise Refused(
                f"PostgreSQL has no operator {type_name(others[0])} || {type_name(others[1])}"
            )
        return None

    def _common(self, kinds: list[Type], word: str) -> Type:
        known = [kind for kind in kinds if isinstance(kind, ColumnType)]
        if not known:
            # Quoted values and NULLs alone are text to PostgreSQL here.
            if kinds and all(isinstance(kind, Literal) or kind is NULL for kind in kinds):
                return _plain("text")
            return None
        first = known[0]
        for kind in known[1:]:
            if not _unifiable(first, kind):
                raise Refused(f"{word} cannot mix {type_name(first)} and {type_name(kind)}")
        for kind in kinds:
            if isinstance(kind, Literal):
                self._read(kind, first)
        if first.base in NUMERIC and not first.array:
            widest = max((kind.base for kind in known), key=_WIDTH.index)
            return _plain(widest)
        return first


# The types each containment, overlap or search operator takes (the left side's, for the
# operators whose right side is of another kind).
_CONTAINMENT = {
    "@>": frozenset({"array", "jsonb"}),
    "<@": frozenset({"array", "jsonb"}),
    "&&": frozenset({"array", "inet", "cidr"}),
    "?": frozenset({"jsonb"}),
    "?|": frozenset({"jsonb"}),
    "?&": frozenset({"jsonb"}),
    "@?": frozenset({"jsonb"}),
    "@@": frozenset({"tsvector", "jsonb"}),
}
_NO_ARITHMETIC = frozenset(
    re.findall(
        r"\S+",
        "text varchar char boolean uuid json jsonb xml enum macaddr tsvector bytea bit varbit",
    )
)
# The types || joins without text (bit and varbit give varbit).
_CONCATENATED = {"jsonb": "jsonb", "tsvector": "tsvector", "bytea": "bytea", "bit": "varbit",
                 "varbit": "varbit"}  # fmt: skip
# (left, operator, right) -> result, for the arithmetic of types other than numbers.
_ARITHMETIC_RESULTS: dict[tuple[str, str, str], str] = {
    **{("date", op, int_type): "date" for op in "+-" for int_type in ("smallint", "integer")},
    ("integer", "+", "date"): "date",
    ("date", "-", "date"): "integer",
    ("date", "+", "interval"): "timestamp",
    ("date", "-", "interval"): "timestamp",
    ("interval", "+", "date"): "timestamp",
    ("date", "+", "time"): "timestamp",
    ("time", "+", "date"): "timestamp",
    ("timestamp", "+", "interval"): "timestamp",
    ("timestamp", "-", "interval"): "timestamp",
    ("interval", "+", "timestamp"): "timestamp",
    ("timestamptz", "+", "interval"): "timestamptz",
    ("timestamptz", "-", "interval"): "timestamptz",
    ("interval", "+", "timestamptz"): "timestamptz",
    ("timestamp", "-", "timestamp"): "interval",
    ("timestamptz", "-", "timestamptz"): "interval",
    ("time", "+", "interval"): "time",
    ("time", "-", "interval"): "time",
    ("interval", "+", "time"): "time",
    ("time", "-", "time"): "interval",
    ("interval", "+", "interval"): "interval",
    ("interval", "-", "interval"): "interval",
    **{("interval", op, number): "interval" for op in "*/" for number in NUMERIC},
    **{(number, "*", "interval"): "interval" for number in NUMERIC},
    ("inet", "+", "bigint"): "inet",
    ("inet", "+", "integer"): "inet",
    ("inet", "-", "bigint"): "inet",
    ("inet", "-", "integer"): "inet",
    ("inet", "-", "inet"): "bigint",
    ("money", "+", "money"): "money",
    ("money", "-", "money"): "money",
    ("money", "/", "money"): "double precision",
    **{("money", op, number): "money" for op in "*/" for number in NUMERIC - {"numeric"}},
    **{(number, "*", "money"): "money" for number in NUMERIC - {"numeric"}},
}


def _number_cast_problem(text: str, target: ColumnType, type_name_node: dict) -> str | None:
    """Why casting the number ``text`` to ``target`` fails (rounded to a whole number for
    the integer types, within numeric(p, s)'s digits)."""
    if target.array or target.base not in NUMERIC:
        return None
    value = Decimal(text)
    if target.base in _INTEGER_RANGES:
        low, high = _INTEGER_RANGES[target.base]
        rounded = value.to_integral_value(rounding=ROUND_HALF_UP)
        return None if low <= rounded <= high else "is out of range"
    if target.base == "numeric":
        modifiers = [
            item.get("A_Const", {}).get("ival", {}).get("ival", 0)
            for item in type_name_node.get("typmods", [])
        ]
        if modifiers:
            precision, scale = modifiers[0], modifiers[1] if len(modifiers) > 1 else 0
            room = precision - scale  # digits before the point
            if value and abs(value).adjusted() >= room:
                return f"does not fit numeric({precision}, {scale})"
            with localcontext() as context:
                context.prec = precision + scale + 10
                rounded = abs(value).quantize(Decimal(1).scaleb(-scale), ROUND_HALF_UP)
            if rounded and rounded.adjusted() >= room:
                return f"does not fit numeric({precision}, {scale})"
        return None
    return literal_problem(text, target)


def _reads_a_column(node: Any) -> bool:
    pending = [node]
    while pending:
        item = pending.pop()
        if isinstance(item, dict):
            if "ColumnRef" in item:
                return True
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return False


def _comparable(left: ColumnType, right: ColumnType) -> bool:
    if left.base in _NOT_COMPARABLE or right.base in _NOT_COMPARABLE:
        return False
    if left.array != right.array:
        return False
    if left.array:
        return left.base == right.base and left.enum == right.enum
    if left.base == right.base:
        return left.enum == right.enum
    return any(left.base in group and right.base in group for group in _CLASSES)


def _unifiable(left: ColumnType, right: ColumnType) -> bool:
    """Whether PostgreSQL finds one type for both (COALESCE, CASE, ARRAY[...])."""
    if left.array != right.array or left.enum != right.enum:
        return False
    if left.base == right.base:
        return True
    groups = (NUMERIC, TEXTLIKE, frozenset({"date", "timestamp", "timestamptz"}),
              frozenset({"inet", "cidr"}), frozenset({"bit", "varbit"}))  # fmt: skip
    return any(left.base in group and right.base in group for group in groups)


def _children(value: Any) -> list[dict[str, Any]]:
    """The expression nodes under a node the typer does not know, to check them too."""
    found: list[dict[str, Any]] = []
    if isinstance(value, dict):
        for item in value.values():
            if isinstance(item, dict) and len(item) == 1 and next(iter(item))[:1].isupper():
                found.append(item)
            elif isinstance(item, list | dict):
                found += _children(item)
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, dict) and len(item) == 1 and next(iter(item))[:1].isupper():
                found.append(item)
    return found


# --- functions with immutable and other forms ------------------------------------------


def _immutably_text(kind: ColumnType) -> bool:
    return "text" in builtins.IMMUTABLE_CASTS.get(kind.base, ())


def _preferred_first(candidate: tuple[tuple[str | None, ...], str | None]) -> tuple:
    """PostgreSQL's pick among forms of one category: its preferred types first."""
    return tuple(key not in _PREFERRED for key in candidate[0])


def _is_number(kind: Type) -> bool:
    return isinstance(kind, ColumnType) and kind.base in NUMERIC and not kind.array


def _base(kind: Type) -> str | None:
    """The base type of an argument; "text" for a quoted string; None when unknown."""
    if isinstance(kind, ColumnType):
        return kind.base + ("[]" if kind.array else "")
    if isinstance(kind, Literal):
        return "text"
    return None


def assignable(source: ColumnType, target: ColumnType) -> bool:
    """Whether PostgreSQL stores a value of ``source`` in a column of ``target`` (a
    column's DEFAULT, an INSERT): the same type, or an assignment cast between them."""
    if source.array != target.array:
        return False
    if source.base == target.base and source.enum == target.enum:
        return True
    if source.is_enum and target.is_enum:
        return False
    return target.base in builtins.ASSIGNABLE.get(source.base, ())


def operator_class_problem(
    opclass: str, method: str, key_type: Type, extensions: tuple[str, ...] = ()
) -> str | None:
    """Why PostgreSQL would refuse ``opclass`` for a key of ``key_type`` in an index of
    ``method`` (None when it takes it). The operator classes are PostgreSQL's own
    (``pg_catalog``) and those of the extensions it knows (created in ``public``)."""
    schema_name, _, name = opclass.rpartition(".")
    classes = builtins.OPERATOR_CLASSES.get(method, {})
    if name not in classes:
        others = sorted(m for m, found in builtins.OPERATOR_CLASSES.items() if name in found)
        if others:
            return (
                f"the operator class {name} is for {' and '.join(others)} indexes, not "
                f"{method} ones"
            )
        return f"PostgreSQL has no operator class {opclass!r} for {method} indexes"
    accepted, extension = classes[name]
    home = "public" if extension else "pg_catalog"
    if schema_name and schema_name != home:
        return f"the operator class {name} is in the schema {home}, not {schema_name}"
    if extension and extension not in extensions:
        return (
            f"the operator class {name} comes with the extension {extension}: add it to the "
            f"project's extensions"
        )
    if isinstance(key_type, Literal):
        key_type = _plain("text")
    if not isinstance(key_type, ColumnType):
        return (
            f"the designer cannot tell this key's type, so it cannot check that {name} takes "
            f"it: cast the expression to the type meant, e.g. ((lower(email))::text) {name}"
        )
    key = ("enum" if key_type.is_enum else key_type.base) + ("[]" if key_type.array else "")
    if key not in accepted:
        takes = ", ".join(sorted(accepted)[:6]) + (", ..." if len(accepted) > 6 else "")
        return f"the operator class {name} does not take {type_name(key_type)} (it takes {takes})"
    return None
