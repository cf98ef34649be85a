"""What the designer knows of PostgreSQL's functions, for ``expression_types``.

- ``FORMS``: the forms of the common functions (``lower(text)``, ``left(text, integer)``,
  ``date_trunc(text, timestamp)``...): the kinds of their arguments (a set of type keys,
  ``ANY``, ``POLY`` for a type PostgreSQL must be able to tell, ``ARRAY``, ``"config"``
  for a text search configuration) and their result (a type key, ``"="`` for the first
  argument's type, None when it varies). A call of one of them must match a form, as
  PostgreSQL would find one (``lower(price)`` has none). ``VARIADIC``: those that take
  any number of arguments after the ones listed.
- ``RESULTS``: the type every form of the other functions returns, when they agree
  (``builtins.FUNCTION_RESULTS``, asked of a server): their arguments are taken as
  written.
- ``MIXED``: the functions with immutable and other forms, and which forms an index may
  use (``date_trunc('day', created_at)`` of a timestamptz is not immutable; of a
  timestamp it is). ``tests/schema/test_builtins`` checks that every such function of
  PostgreSQL is here.

Each is proven on a server by ``tests/schema/test_validation_properties``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import builtins

NUMERIC = frozenset({"smallint", "integer", "bigint", "numeric", "real", "double precision"})
TEXTLIKE = frozenset({"text", "varchar", "char"})
ANY = None  # any type at all (VARIADIC "any")
POLY = "anyelement"  # any type PostgreSQL can tell (not a bare quoted value or NULL)
ARRAY = "array"  # any array PostgreSQL can tell
_T, _B = TEXTLIKE, frozenset({"bytea"})
_I = frozenset({"smallint", "integer"})
_BITS = frozenset({"bit", "varbit"})
_DATES = frozenset({"date", "timestamp", "timestamptz"})
_PARTS = frozenset({"date", "time", "timetz", "timestamp", "timestamptz", "interval"})
_JSON = frozenset({"json", "jsonb"})
FORMS: dict[str, list[tuple[tuple[Any, ...], str | None]]] = {}
VARIADIC: dict[str, tuple[tuple[Any, ...], str]] = {}


def _forms(names: str, *forms: tuple[tuple[Any, ...], str | None]) -> None:
    for name in names.split():
        FORMS[name] = list(forms)


_forms("lower upper initcap reverse quote_ident", ((_T,), "text"))
_forms("md5", ((_T,), "text"), ((_B,), "text"))
_forms("btrim ltrim rtrim", ((_T,), "text"), ((_T, _T), "text"), ((_B, _B), "bytea"))
_forms("left right repeat", ((_T, _I), "text"))
_forms("lpad rpad", ((_T, _I), "text"), ((_T, _I, _T), "text"))
_forms("replace translate", ((_T, _T, _T), "text"))
_forms("split_part", ((_T, _T, _I), "text"))
_forms("regexp_replace", ((_T, _T, _T), "text"), ((_T, _T, _T, _T), "text"))
_forms("strpos", ((_T, _T), "integer"))
_forms("starts_with", ((_T, _T), "boolean"))
_forms("regexp_like", ((_T, _T), "boolean"), ((_T, _T, _T), "boolean"))
_forms("char_length character_length ascii", ((_T,), "integer"))
_forms("length", ((_T,), "integer"), ((_B,), "integer"), ((_BITS,), "integer"),
       ((frozenset({"tsvector"}),), "integer"))  # fmt: skip
_forms("octet_length bit_length", ((_T,), "integer"), ((_B,), "integer"), ((_BITS,), "integer"))
_forms("substr", ((_T, _I), "text"), ((_T, _I, _I), "text"), ((_B, _I), "bytea"),
       ((_B, _I, _I), "bytea"))  # fmt: skip
_forms("substring", ((_T, _I), "text"), ((_T, _I, _I), "text"), ((_T, _T), "text"),
       ((_T, _T, _T), "text"), ((_B, _I), "bytea"), ((_B, _I, _I), "bytea"),
       ((_BITS, _I), "varbit"), ((_BITS, _I, _I), "varbit"))  # fmt: skip
_forms("position", ((_T, _T), "integer"), ((_B, _B), "integer"), ((_BITS, _BITS), "integer"))
_forms("abs sign", ((NUMERIC,), "="))
_forms("ceil ceiling floor", ((NUMERIC,), "="))
_forms("round trunc", ((NUMERIC,), "="),
       ((NUMERIC - {"real", "double precision"}, _I), "numeric"))  # fmt: skip
_forms("sqrt cbrt exp ln degrees radians", ((NUMERIC,), "double precision"))
_forms("random", ((), "double precision"))
_forms("now transaction_timestamp statement_timestamp clock_timestamp", ((), "timestamptz"))
_forms("timeofday version", ((), "text"))
_forms("gen_random_uuid uuid_generate_v1 uuid_generate_v1mc uuid_generate_v4", ((), "uuid"))
# (age(xid) is a form too: a quoted value or NULL alone cannot tell them apart)
_forms("age", ((_DATES,), "interval"), ((frozenset({"xid"}),), "integer"),
       ((_DATES, _DATES), "interval"))  # fmt: skip
_forms("date_part", ((_T, _PARTS), "double precision"))
_forms("extract", ((_T, _PARTS), "numeric"))
_forms("date_trunc", ((_T, frozenset({"timestamp"})), "timestamp"),
       ((_T, frozenset({"timestamptz", "date"})), "timestamptz"),
       ((_T, frozenset({"interval"})), "interval"),
       ((_T, frozenset({"timestamptz", "date"}), _T), "timestamptz"))  # fmt: skip
_forms("to_char", ((_DATES | {"interval"}, _T), "text"), ((NUMERIC, _T), "text"))
_forms("cardinality", ((ARRAY,), "integer"))
_forms("array_length", ((ARRAY, _I), "integer"))
_forms("array_to_string", ((ARRAY, _T), "text"), ((ARRAY, _T, _T), "text"))
_forms("isfinite", ((_DATES | {"interval"},), "boolean"))
_forms("to_jsonb", ((POLY,), "jsonb"))
_forms("to_json", ((POLY,), "json"))
_forms("quote_literal quote_nullable", ((_T,), "text"), ((POLY,), "text"))
_forms("jsonb_typeof", ((frozenset({"jsonb"}),), "text"))
_forms("json_typeof", ((frozenset({"json"}),), "text"))
_forms("jsonb_array_length", ((frozenset({"jsonb"}),), "integer"))
_forms("date", ((_DATES,), "date"))
_forms("time", ((frozenset({"time", "timetz", "timestamp", "timestamptz", "interval"}),),
                "time"))  # fmt: skip
_forms("timestamp", ((_DATES,), "timestamp"))
_forms("timezone", ((_T | {"interval"}, frozenset({"timestamptz"})), "timestamp"),
       ((_T | {"interval"}, frozenset({"timestamp"})), "timestamptz"),
       ((_T | {"interval"}, frozenset({"timetz"})), "timetz"))  # fmt: skip
_forms("to_date", ((_T, _T), "date"))
_forms("to_timestamp", ((NUMERIC,), "timestamptz"), ((_T, _T), "timestamptz"))
_forms("justify_days justify_hours justify_interval", ((frozenset({"interval"}),), "interval"))
_forms("make_date", ((_I, _I, _I), "date"))
_forms("to_tsvector", ((_T,), "tsvector"), ((_JSON,), "tsvector"),
       (("config", _T), "tsvector"), (("config", _JSON), "tsvector"))  # fmt: skip
_forms("strip", ((frozenset({"tsvector"}),), "tsvector"))
# The extensions' (pg_trgm, unaccent): only when the project lists them.
_forms("similarity word_similarity strict_word_similarity", ((_T, _T), "real"))
_forms("show_limit", ((), "real"))
_forms("unaccent", ((_T,), "text"))
VARIADIC.update(
    concat=((), "text"),
    concat_ws=((_T,), "text"),
    format=((_T,), "text"),
    num_nulls=((), "integer"),
    num_nonnulls=((), "integer"),
    jsonb_build_object=((), "jsonb"),
    jsonb_build_array=((), "jsonb"),
    json_build_object=((), "json"),
    json_build_array=((), "json"),
)

# The type every form of PostgreSQL's other functions returns, when they agree.
RESULTS = {name: key for key, names in builtins.FUNCTION_RESULTS.items() for name in names}

# A function's arguments by base type ("integer", "text[]"; "text" for a quoted value),
# None where the designer cannot tell.
Signature = tuple[str | None, ...]


def _only(*immutable: tuple[str, ...]):
    """A rule for a function told apart by its arguments' types: True for the
    immutable forms, None when an argument's type is not known, False otherwise."""

    def rule(signature: Signature) -> bool | None:
        if signature in immutable:
            return True
        return None if None in signature else False

    return rule


def _by_count(immutable_from: int):
    """A rule for a function whose immutable forms take a text search configuration
    first (``to_tsvector('english', body)``)."""

    def rule(signature: Signature) -> bool | None:
        return len(signature) >= immutable_from

    return rule


# name -> which of its forms are immutable, given the arguments' types (True, False, or
# None when the designer cannot tell which form PostgreSQL would take).
_TZ, _TS = "timestamptz", "timestamp"
_DATE_PARTS = ("time", "timetz", "date", _TS, "interval")
MIXED: dict[str, Callable[[Signature], bool | None]] = {
    "age": _only((_TZ, _TZ), (_TS, _TS)),
    "date": _only((_TS,)),
    "date_part": _only(*(("text", t) for t in _DATE_PARTS)),
    "extract": _only(*(("text", t) for t in _DATE_PARTS)),
    "date_trunc": _only(("text", _TS), ("text", "interval")),
    "timezone": _only(
        *((z, t) for z in ("text", "varchar", "char") for t in (_TZ, _TS)),
        *(("interval", t) for t in (_TZ, _TS, "timetz")),
    ),
    "to_timestamp": _only(*((t,) for t in NUMERIC)),
    "to_tsvector": _by_count(2),
    "to_tsquery": _by_count(2),
    "plainto_tsquery": _by_count(2),
    "phraseto_tsquery": _by_count(2),
    "websearch_to_tsquery": _by_count(2),
    "json_to_tsvector": _by_count(3),
    "jsonb_to_tsvector": _by_count(3),
    "ts_headline": lambda signature: None,
    "ts_rewrite": lambda signature: None,
    "in_range": lambda signature: None,
    "length": lambda signature: len(signature) == 1,
    "numeric": _only(*((t,) for t in NUMERIC)),
    "overlaps": _only(
        (_TZ,) * 4,
        ("timetz",) * 4,
        *((t, u, t, v) for t in (_TS, "time") for u in (t, "interval") for v in (t, "interval")),
    ),
    "quote_literal": _only(*((t,) for t in TEXTLIKE)),
    "quote_nullable": _only(*((t,) for t in TEXTLIKE)),
    "time": _only(("time", "integer"), ("timetz",), (_TS,), ("interval",)),
    "timestamp": _only((_TS, "integer"), ("date", "time"), ("date",)),
    "timestamptz": _only((_TZ, "integer"), ("date", "timetz")),
    "timetz": _only(("timetz", "integer")),
}
