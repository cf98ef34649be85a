"""One column's value for one row: a Python value to check, and its SQL literal.

``draw(column, spec, n, moment, rng)`` writes the ``n``-th value of a column: its type
decides the form, its name decides what it looks like (``vocabulary.concept``), and its
``Spec`` — the bounds, lengths and lists its type, CHECKs and validation allow — keeps
it inside what the database accepts. ``n`` is the row's number, raised on a retry so a
unique column gets a value it has not had; ``moment`` is the row's point in time, so
``created_at``, ``updated_at`` and ``due_date`` of one row agree with one another.
Literals go through ``quote_literal``; arrays are ``ARRAY[...]::type``.
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from functools import cached_property, lru_cache
from random import Random
from typing import Any

from designer.schema.model import Column, ColumnType
from designer.schema.sqltext import quote_literal, type_sql
from designer.schema.types import ENUM, TYPES, Category, type_info

from . import vocabulary as words
from .checks import Unsupported, cast_value
from .hints import Hints
from .patterns import matching


@dataclass(frozen=True, slots=True)
class Value:
    """A value as SQL writes it and as the checks in Python read it (None is NULL)."""

    sql: str
    py: Any


NULL = Value("NULL", None)
DEFAULT = Value("DEFAULT", None)  # the database's value (a sequence's next number)
_INTEGER_RANGES = {
    "smallint": (-32768, 32767),
    "integer": (-(2**31), 2**31 - 1),
    "bigint": (-(2**63), 2**63 - 1),
}
_NUMBER_RANGES = {  # (low, high) of the readable values a concept gets
    "cents": (100, 50000),
    "money": (5, 500),
    "quantity": (1, 20),
    "age": (18, 80),
    "year": (1990, 2024),
    "rating": (1, 5),
    "percent": (0, 100),
    "latitude": (-60, 70),
    "longitude": (-170, 170),
    "duration": (5, 120),
}
_DEFAULT_NUMBERS = (1, 1000)


@dataclass(frozen=True)
class Spec:
    """What one column may hold: its type with its limits, and the hints of its checks.

    What follows from these alone is worked out on the column's first value and kept.
    """

    column: Column
    table: str
    enum_values: tuple[str, ...] = ()
    hints: Hints = field(default_factory=Hints)
    sequential: bool = False  # 1, 2, 3... (keys the database would number)
    first: int = 1  # the first of those numbers (a partition's rows follow its sibling's)
    by_database: bool = False  # DEFAULT: the database writes it (a sequence's nextval)

    @cached_property
    def concept(self) -> str | None:
        return words.concept(self.column.name, self.table)

    @cached_property
    def moments(self) -> tuple[datetime | None, datetime | None]:
        """The earliest and latest moment the checks allow (aware, UTC when the constant
        has no zone; exclusive bounds moved in by a second, a day for dates)."""
        granule = timedelta(days=1) if self.column.type.base == "date" else timedelta(seconds=1)
        earliest = _moment_bound(self.hints.after, max, granule)
        latest = _moment_bound(self.hints.before, min, -granule)
        return earliest, latest

    @cached_property
    def numbers(self) -> NumberRange:
        """Where the numbers come from (raises ``NoValue`` when the bounds leave none)."""
        column_type = self.column.type
        return _number_range(self, column_type.element() if column_type.array else column_type)


_TIMESTAMPTZ = {"names": [{"String": {"sval": "timestamptz"}}]}


def _moment_bound(bounds: tuple, pick: Any, granule: timedelta) -> datetime | None:
    found = []
    for constant, inclusive in bounds:
        try:
            value = cast_value(constant, _TIMESTAMPTZ)
        except Unsupported:
            continue
        if not isinstance(value, datetime):
            continue
        value = value if value.tzinfo else value.replace(tzinfo=UTC)
        found.append(value if inclusive else value + granule)
    return pick(found) if found else None


_YEAR = timedelta(days=365)
_HOUR = timedelta(hours=1)


def within(spec: Spec, value: datetime) -> datetime:
    """``value`` (aware) moved inside the moments the checks allow, keeping its place
    in the year (or in the range, when it is shorter) so that rows stay apart."""
    earliest, latest = spec.moments
    if earliest is None and latest is None:
        return value
    if earliest is not None and latest is not None:
        span = latest - earliest
        if span < timedelta(0):
            raise NoValue("the checks leave no moment")
        if earliest <= value <= latest:
            return value
        period = min(span, _YEAR)
        if period >= _HOUR:  # whole hours: the moments keep their minutes
            period = _HOUR * (period // _HOUR)
        offset = (value - BASE) % period if period > timedelta(0) else timedelta(0)
        return earliest + offset
    if earliest is not None and value < earliest:
        return earliest + (value - BASE) % _YEAR
    if latest is not None and value > latest:
        return latest - (BASE - value) % _YEAR
    return value


BASE = datetime(2024, 1, 1, tzinfo=UTC)


class NoValue(Exception):
    """The column's constraints leave no value (``x > 5 AND x < 3``, an empty IN list)."""


def draw(spec: Spec, n: int, moment: datetime, rng: Random) -> Value:
    """The ``n``-th value of the column (an array gets one to three elements)."""
    column_type = spec.column.type
    if spec.by_database:
        return DEFAULT
    # A list from the checks comes first, then the form of the type (see _MAKERS).
    make = _choice if spec.hints.choices is not None else _MAKERS[column_type.base]
    if not column_type.array:
        return make(spec, column_type, n, moment, rng)
    element = column_type.element()
    count = rng.randint(1, 3)
    items = [make(spec, element, n * 3 + k, moment, rng) for k in range(count)]
    sql = f"ARRAY[{', '.join(item.sql for item in items)}]::{type_sql(column_type)}"
    return Value(sql, tuple(item.py for item in items))


def _nth(items: list[Any], n: int, rng: Random) -> Any:
    """The ``n``-th item while they last (every one shown once), then any of them — so
    that two short lists in one unique key still meet in every combination."""
    return items[n] if n < len(items) else rng.choice(items)


def _choice(spec: Spec, column_type: ColumnType, n: int, moment: datetime, rng: Random) -> Value:
    choices = [value for value in spec.hints.choices or () if value not in spec.hints.excluded]
    if not choices:
        raise NoValue("no value of the list is allowed")
    value = _nth(choices, n, rng)
    if isinstance(value, bool):
        return Value("true" if value else "false", value)
    if isinstance(value, int | Decimal):
        return _number_value(value, column_type)
    return _text_value(str(value))


def _enum(spec: Spec, column_type: ColumnType, n: int, moment: datetime, rng: Random) -> Value:
    values = [value for value in spec.enum_values if value not in spec.hints.excluded]
    if not values:
        raise NoValue("no enum value is allowed")
    return _text_value(_nth(values, n, rng))


# --- numbers ----------------------------------------------------------------------------


def _bounds(spec: Spec, column_type: ColumnType, step: Decimal) -> tuple[Decimal, Decimal]:
    """The lowest and highest value the type, the checks and the validation allow."""
    low, high = _type_range(column_type)
    hints = spec.hints
    validation = spec.column.validation
    if hints.low is not None:
        low = max(low, hints.low if hints.low_inclusive else hints.low + step)
    if hints.high is not None:
        high = min(high, hints.high if hints.high_inclusive else hints.high - step)
    if validation.ge is not None:
        low = max(low, Decimal(validation.ge))
    if validation.le is not None:
        high = min(high, Decimal(validation.le))
    return _on_steps(low, high, step)


def _on_steps(low: Decimal, high: Decimal, step: Decimal) -> tuple[Decimal, Decimal]:
    """``low`` and ``high`` moved inwards onto a multiple of ``step``."""
    low = (low / step).to_integral_value(rounding="ROUND_CEILING") * step
    high = (high / step).to_integral_value(rounding="ROUND_FLOOR") * step
    if low > high:
        raise NoValue("the bounds leave no number")
    return low, high


def _type_range(column_type: ColumnType) -> tuple[Decimal, Decimal]:
    if column_type.base in _INTEGER_RANGES:
        low, high = _INTEGER_RANGES[column_type.base]
        return Decimal(low), Decimal(high)
    if column_type.base == "numeric" and column_type.precision is not None:
        scale = column_type.scale or 0
        top = Decimal(10) ** (column_type.precision - scale) - _step(column_type)
        return -top, top
    if column_type.base in _FLOATING:
        # Quarters up to a million are exact in real (24-bit mantissa): what is written is
        # what is stored, so a CHECK comparing it with a numeric column holds as computed.
        return Decimal(-(2**20)), Decimal(2**20)
    return Decimal("-1e12"), Decimal("1e12")


_FLOATING = frozenset({"real", "double precision"})


def _step(column_type: ColumnType) -> Decimal:
    if column_type.base in _INTEGER_RANGES:
        return Decimal(1)
    if column_type.base == "numeric" and column_type.precision is not None:
        return Decimal(1).scaleb(-(column_type.scale or 0))
    if column_type.base in _FLOATING:
        return Decimal("0.25")
    return Decimal("0.01")


@dataclass(frozen=True)
class NumberRange:
    """Where the numbers of a column come from (the same for each of its values)."""

    step: Decimal
    low: Decimal  # the lowest and highest value allowed
    high: Decimal
    sequential: bool  # 1, 2, 3...: the row's number where it is allowed
    lo: Decimal  # else the readable range: its lowest value and its number of steps
    steps: int
    excluded: frozenset[Decimal] = frozenset()


def _number_range(spec: Spec, column_type: ColumnType) -> NumberRange:
    hints, validation = spec.hints, spec.column.validation
    sequential = spec.sequential or spec.concept == "position"
    bounded = hints.low is not None or hints.high is not None or hints.excluded
    if not bounded and validation.ge is None and validation.le is None:
        return _type_number_range(column_type, spec.concept, sequential)
    step = _step(column_type)
    low, high = _bounds(spec, column_type, step)
    excluded = frozenset(Decimal(str(item)) for item in hints.excluded if _is_number(item))
    return _new_number_range(step, low, high, spec.concept, sequential, excluded)


@lru_cache(maxsize=1024)
def _type_number_range(
    column_type: ColumnType, concept: str | None, sequential: bool
) -> NumberRange:
    """The range of a column whose type and name alone decide it (no check, no validation):
    most number columns, so it is worked out once per kind."""
    step = _step(column_type)
    low, high = _on_steps(*_type_range(column_type), step)
    return _new_number_range(step, low, high, concept, sequential, frozenset())


def _new_number_range(
    step: Decimal,
    low: Decimal,
    high: Decimal,
    concept: str | None,
    sequential: bool,
    excluded: frozenset[Decimal],
) -> NumberRange:
    wanted_low, wanted_high = _NUMBER_RANGES.get(concept or "", _DEFAULT_NUMBERS)
    lo, steps = _readable_range(low, high, step, wanted_low, wanted_high)
    return NumberRange(step, low, high, sequential, lo, steps, excluded)


def _readable_range(
    low: Decimal, high: Decimal, step: Decimal, wanted_low: int, wanted_high: int
) -> tuple[Decimal, int]:
    """The readable range where the allowed one meets it, else the allowed one itself: its
    lowest value and its number of steps."""
    lo, hi = max(low, Decimal(wanted_low)), min(high, Decimal(wanted_high))
    if lo > hi:
        lo, hi = low, min(high, low + 1000 * step) if high - low > 1000 * step else high
    return lo, int((hi - lo) / step)


def _number(spec: Spec, n: int, rng: Random) -> Decimal:
    numbers = spec.numbers
    step = numbers.step
    if numbers.sequential:
        lo, steps = _readable_range(numbers.low, numbers.high, step, n + spec.first, n + spec.first)
        pick = n
    else:
        lo, steps = numbers.lo, numbers.steps
        pick = n if n <= steps < 50 else rng.randint(0, steps)
    value = lo + (pick % (steps + 1)) * step
    while value in numbers.excluded and value + step <= numbers.high:
        value += step
    return value


def _is_number(value: Any) -> bool:
    return isinstance(value, int | Decimal) and not isinstance(value, bool)


def _integer(spec: Spec, column_type: ColumnType, n: int, moment: datetime, rng: Random) -> Value:
    return _number_value(int(_number(spec, n, rng)), column_type)


def _decimal(spec: Spec, column_type: ColumnType, n: int, moment: datetime, rng: Random) -> Value:
    return _number_value(_number(spec, n, rng), column_type)


def _number_value(value: int | Decimal, column_type: ColumnType) -> Value:
    if column_type.base == "money":
        return Value(quote_literal(f"{Decimal(value):.2f}"), Decimal(value))
    if isinstance(value, int):
        return Value(str(value), value)
    return Value(format(value, "f"), value)


def _boolean(spec: Spec, column_type: ColumnType, n: int, moment: datetime, rng: Random) -> Value:
    if spec.column.unique:
        flag = _nth([True, False], n, rng)
    elif spec.concept == "active":
        flag = rng.random() < 0.8
    else:
        flag = rng.random() < 0.4
    return Value("true" if flag else "false", flag)


# --- text -------------------------------------------------------------------------------


def _text_value(text: str) -> Value:
    return Value(quote_literal(text), text)


def _string(spec: Spec, column_type: ColumnType, n: int, moment: datetime, rng: Random) -> Value:
    low, high = _length_bounds(spec, column_type)
    concept = spec.concept
    if concept == "password":
        text = "$2b$12$" + _random_text(rng, 53, _BCRYPT)
    elif concept == "token":
        text = _random_text(rng, 32, "0123456789abcdef")
    elif concept == "country" and high is not None and high <= 3:
        text = words.cycled(words.COUNTRY_CODES, n)
    elif concept == "language" and high is not None and high < 2:
        text = "e"
    else:
        text = words.text_for(concept, n, spec.column.name, spec.table)
    text = _fit(text, n, low, high)
    if text in spec.hints.excluded:
        text = _fit(f"{text} {n + 1}", n + 1, low, high)
    if spec.hints.case:
        text = text.lower() if spec.hints.case == "lower" else text.upper()
    for operator, pattern in spec.hints.patterns:
        try:
            found = matching(operator, pattern, text, _compact(n), rng, low, high)
        except Unsupported:
            continue  # verified, not aimed at
        if found is not None:
            text = found
    return _text_value(text)


_BCRYPT = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
_COMPACT = "abcdefghijklmnopqrstuvwxyz0123456789"
_FILLER = " lorem ipsum dolor sit amet"


def _length_bounds(spec: Spec, column_type: ColumnType) -> tuple[int, int | None]:
    high = column_type.length
    if column_type.base == "char" and high is None:
        high = 1  # char without a length is char(1)
    for limit in (spec.hints.max_length, spec.column.validation.max_length):
        if limit is not None:
            high = limit if high is None else min(high, limit)
    low = max(spec.hints.min_length or 0, spec.column.validation.min_length or 0)
    if high is not None and low > high:
        raise NoValue("the lengths leave no text")
    return low, high


def _fit(text: str, n: int, low: int, high: int | None) -> str:
    """``text`` within ``low``..``high`` characters, still telling row ``n`` apart."""
    if high is not None and len(text) > high:
        tag = _compact(n)
        if len(tag) >= high:
            text = _compact(n, high)
        else:
            text = text[: high - len(tag) - 1].rstrip() + "-" + tag
            text = text.lstrip("-") if len(text) > high else text
    while len(text) < low:
        text += _FILLER[: low - len(text)] if len(text) + len(_FILLER) > low else _FILLER
        if len(text) >= low and text.endswith(" "):
            text = text[:-1] + "."  # a filler cut at a space: no trailing space
    return text[:high] if high is not None else text


def _compact(n: int, width: int | None = None) -> str:
    """``n`` in base 36 (``width`` characters when given: the last ones when it is short)."""
    digits = ""
    value = n
    while True:
        digits = _COMPACT[value % 36] + digits
        value //= 36
        if value == 0:
            break
    if width is None:
        return digits
    return digits.rjust(width, "a")[-width:]


def _random_text(rng: Random, length: int, alphabet: str) -> str:
    return "".join(rng.choice(alphabet) for _ in range(length))


# --- other types ------------------------------------------------------------------------


def _uuid(spec: Spec, column_type: ColumnType, n: int, moment: datetime, rng: Random) -> Value:
    value = uuid.UUID(int=rng.getrandbits(128), version=4)
    return Value(quote_literal(str(value)), value)


def _moment(spec: Spec, moment: datetime, rng: Random) -> datetime:
    """The row's moment, moved for the column: later for ``updated_at``, a birth date..."""
    concept = spec.concept
    if concept == "updated":
        return moment + timedelta(hours=rng.randint(0, 72), minutes=rng.choice((0, 15, 30, 45)))
    if concept == "due":
        return moment + timedelta(days=rng.randint(1, 30))
    if concept == "birth":
        year, month, day = 1960 + rng.randint(0, 42), rng.randint(1, 12), rng.randint(1, 28)
        return datetime(year, month, day, tzinfo=UTC)
    if "created" in words.words(spec.column.name) or spec.column.name == "created_at":
        return moment
    return moment + timedelta(hours=rng.randint(0, 48))


def _date(spec: Spec, column_type: ColumnType, n: int, moment: datetime, rng: Random) -> Value:
    value = within(spec, _moment(spec, moment, rng)).date()
    return Value(quote_literal(value.isoformat()), value)


def _timestamp(spec: Spec, column_type: ColumnType, n: int, moment: datetime, rng: Random) -> Value:
    value = within(spec, _moment(spec, moment, rng))
    text = _timestamp_text(value)
    if column_type.base == "timestamptz":
        return Value(quote_literal(text + "+00"), value)
    return Value(quote_literal(text), value.replace(tzinfo=None))


def _timestamp_text(value: datetime) -> str:
    """``YYYY-MM-DD HH:MM:SS``, without the offset (``isoformat`` is quicker than
    ``strftime``; the moments drawn have whole seconds and four-digit years)."""
    return value.isoformat(" ", "seconds")[:19]


def _time(spec: Spec, column_type: ColumnType, n: int, moment: datetime, rng: Random) -> Value:
    value = _moment(spec, moment, rng).time().replace(second=0)
    suffix = "+00" if column_type.base == "timetz" else ""
    return Value(quote_literal(value.strftime("%H:%M:%S") + suffix), value)


def _interval(spec: Spec, column_type: ColumnType, n: int, moment: datetime, rng: Random) -> Value:
    hours = n + 1 if spec.column.unique else rng.randint(1, 48)
    return Value(quote_literal(f"{hours} hours"), timedelta(hours=hours))


def _json(spec: Spec, column_type: ColumnType, n: int, moment: datetime, rng: Random) -> Value:
    kind = _json_kind(spec.column.name)
    if kind == "settings":
        theme = rng.choice(["light", "dark"])
        document: Any = {"theme": theme, "notifications": rng.random() < 0.5}
    elif kind == "tags":
        document = sorted({rng.choice(words.TAGS) for _ in range(2)})
    else:
        document = {"source": rng.choice(["web", "mobile", "import"]), "version": n + 1}
    return _text_value(_JSON.encode(document))


@lru_cache(maxsize=1024)
def _json_kind(column: str) -> str:
    """What a JSON column's name says it holds: settings, tags or other."""
    name = set(words.words(column))
    if name & {"settings", "preferences", "config", "options"}:
        return "settings"
    if name & {"tags", "labels", "keywords"}:
        return "tags"
    return "other"


# What json.dumps(document, sort_keys=True, separators=...) builds on every call, built once.
_JSON = json.JSONEncoder(sort_keys=True, separators=(", ", ": "))


def _bytea(spec: Spec, column_type: ColumnType, n: int, moment: datetime, rng: Random) -> Value:
    data = n.to_bytes(4, "big") + rng.randbytes(4)
    return Value(f"decode({quote_literal(data.hex())}, 'hex')", data)


def _inet(spec: Spec, column_type: ColumnType, n: int, moment: datetime, rng: Random) -> Value:
    return _text_value(words.text_for("ip", n, "", ""))


def _cidr(spec: Spec, column_type: ColumnType, n: int, moment: datetime, rng: Random) -> Value:
    return _text_value(f"10.{n // 256 % 256}.{n % 256}.0/24")


def _macaddr(spec: Spec, column_type: ColumnType, n: int, moment: datetime, rng: Random) -> Value:
    return _text_value(f"08:00:2b:{n // 65536 % 256:02x}:{n // 256 % 256:02x}:{n % 256:02x}")


def _bits(spec: Spec, column_type: ColumnType, n: int, moment: datetime, rng: Random) -> Value:
    if column_type.base == "bit":
        width = column_type.length or 1
    else:
        width = min(column_type.length or 8, 8)
    # The row number in the low bits keeps values distinct as long as there are enough.
    number = (rng.getrandbits(width) >> 16 << 16 | n % 65536) if width > 16 else n
    text = format(number % (2**width), f"0{width}b")
    return Value(f"B{quote_literal(text)}", text)


def _tsvector(spec: Spec, column_type: ColumnType, n: int, moment: datetime, rng: Random) -> Value:
    lexemes = sorted({word for word in words.words(words.cycled(words.TASKS, n)) if word.isalpha()})
    return _text_value(" ".join([*lexemes, f"n{n}"]))


def _xml(spec: Spec, column_type: ColumnType, n: int, moment: datetime, rng: Random) -> Value:
    text = words.cycled(words.SENTENCES, n)
    return _text_value(f"<note><id>{n + 1}</id><text>{text}</text></note>")


_FORMS = {
    "uuid": _uuid,
    "boolean": _boolean,
    "date": _date,
    "timestamp": _timestamp,
    "timestamptz": _timestamp,
    "time": _time,
    "timetz": _time,
    "interval": _interval,
    "json": _json,
    "jsonb": _json,
    "bytea": _bytea,
    "inet": _inet,
    "cidr": _cidr,
    "macaddr": _macaddr,
    "bit": _bits,
    "varbit": _bits,
    "tsvector": _tsvector,
    "xml": _xml,
}
_CATEGORY_FORMS = {Category.INTEGER: _integer, Category.NUMERIC: _decimal, Category.STRING: _string}


def _unknown(spec: Spec, column_type: ColumnType, n: int, moment: datetime, rng: Random) -> Value:
    raise NoValue(f"no sample values for type {column_type.base}")


# What writes a value of each type: its own form, else its category's; looked up per value.
_MAKERS = {
    ENUM: _enum,
    **{
        key: _FORMS.get(key) or _CATEGORY_FORMS.get(type_info(key).category, _unknown)
        for key in TYPES
    },
}


def text_variants(spec: Spec, value: Any, n: int) -> list[Value]:
    """Other spellings of a drawn text, for a row a check refuses: lower and upper case,
    letters only (the row's tag in letters), each within the column's lengths."""
    if not isinstance(value, str) or spec.hints.choices or spec.column.type.array:
        return []
    try:
        low, high = _length_bounds(spec, spec.column.type)
    except NoValue:
        return []
    tag = "".join(_LETTER_TAG[int(digit, 36) % 26] for digit in _compact(n))
    letters = " ".join(part for part in re.split(r"[^A-Za-z]+", value) if part)
    letters = f"{letters} {tag}".strip() if letters != value else letters
    found = []
    for text in (value.lower(), value.upper(), letters, letters.lower(), letters.upper()):
        text = _fit_letters(text, low, high)
        if text != value and text not in {item.py for item in found}:
            found.append(_text_value(text))
    return found


_LETTER_TAG = "abcdefghijklmnopqrstuvwxyz"


def _fit_letters(text: str, low: int, high: int | None) -> str:
    if high is not None and len(text) > high:
        text = text[:high].rstrip()
    while len(text) < low:
        text += "x"
    return text


def convert(spec: Spec, value: Any, shift: int = 0) -> Value | None:
    """``value`` (another column's) as a value of this column, or None if it does not fit;
    ``shift`` moves it one step up (1) or down (-1): a unit of the number's scale, a day
    for a date, an hour for a timestamp.

    Used to repair a row that fails a comparison between two columns (``a < b``).
    """
    column_type = spec.column.type
    if column_type.array or column_type.is_enum or value is None or spec.hints.choices:
        return None
    info = type_info(column_type.base)
    try:
        if info.category in {Category.INTEGER, Category.NUMERIC} and _is_number(value):
            step = _step(column_type)
            low, high = _bounds(spec, column_type, step)
            number = Decimal(value) + shift * step
            if number % step or not low <= number <= high:
                return None
            if info.category is Category.INTEGER:
                return _number_value(int(number), column_type)
            return _number_value(number, column_type)
        if info.category is Category.STRING and isinstance(value, str):
            if shift:
                return None
            low_length, high_length = _length_bounds(spec, column_type)
            fits = low_length <= len(value) <= (high_length or len(value))
            return _text_value(value) if fits else None
    except NoValue:
        return None
    if column_type.base == "date" and isinstance(value, date):
        day = (value.date() if isinstance(value, datetime) else value) + timedelta(days=shift)
        return Value(quote_literal(day.isoformat()), day)
    if column_type.base in {"timestamp", "timestamptz"} and isinstance(value, date):
        if not isinstance(value, datetime):
            value = datetime(value.year, value.month, value.day)
        value += timedelta(hours=shift)
        if column_type.base == "timestamptz":
            value = value if value.tzinfo else value.replace(tzinfo=UTC)
            text = _timestamp_text(value.astimezone(UTC)) + "+00"
            return Value(quote_literal(text), value)
        value = value.replace(tzinfo=None)
        return Value(quote_literal(_timestamp_text(value)), value)
    return None
