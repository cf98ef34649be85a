"""Whether a quoted string is a value PostgreSQL 15 reads for a type.

A string literal (``'2024-01-31'``) in a default, a check or an index expression has no
type of its own: PostgreSQL reads it with the input function of the type the context
gives it, when the DDL runs, and refuses the whole statement if it cannot. These
checks are conservative: what they accept PostgreSQL reads (``tests/schema`` proves it
on a server); a few spellings PostgreSQL would also read are refused, with a message
that shows the one to use (dates as ``YYYY-MM-DD``, say).
"""

from __future__ import annotations

import ipaddress
import json
import math
import re
from collections.abc import Callable, Mapping

from .model import ColumnType, EnumType, QName

# PostgreSQL's input functions know ASCII spaces and digits only (Python's \s, \d and
# str.strip() know every script's).
_SPACE = " \t\n\r\f\v"
_DIGITS = re.compile(r"[0-9]+")
_ASCII_ONLY = frozenset({
    "smallint", "integer", "bigint", "numeric", "real", "double precision", "money",
    "boolean", "uuid", "date", "time", "timetz", "timestamp", "timestamptz", "interval",
    "inet", "cidr", "macaddr", "bit", "varbit",
})  # fmt: skip
_INTEGER = re.compile(r"\s*[+-]?\d+\s*", re.ASCII)
_DECIMAL = re.compile(r"\s*[+-]?(\d+\.?\d*|\.\d+)([eE]([+-]?\d+))?\s*", re.ASCII)
_SPECIAL_FLOATS = {"nan", "infinity", "+infinity", "-infinity", "inf", "+inf", "-inf"}
_INTEGER_RANGES = {
    "smallint": (-(2**15), 2**15 - 1),
    "integer": (-(2**31), 2**31 - 1),
    "bigint": (-(2**63), 2**63 - 1),
}
_BOOLEAN_WORDS = ("true", "false", "yes", "no", "on", "off")
_HEX4 = "[0-9a-fA-F]{4}"
_UUID = re.compile(rf"{_HEX4}(-?{_HEX4}){{7}}")
_DATE = re.compile(r"(\d{4,7})-(\d{1,2})-(\d{1,2})", re.ASCII)
_TIME = re.compile(r"(\d{1,2}):(\d{2})(:(\d{2})(\.\d+)?)?", re.ASCII)
_ZONE = re.compile(r"(Z|UTC|[+-]\d{1,2}(:?\d{2})?)", re.IGNORECASE | re.ASCII)
_DATE_WORDS = {"epoch", "infinity", "-infinity", "today", "tomorrow", "yesterday", "now"}
_INTERVAL_UNITS = re.findall(
    r"\S+",
    "microseconds microsecond usecs usec us milliseconds millisecond msecs msec ms "
    "seconds second secs sec s minutes minute mins min m hours hour hrs hr h days day d "
    "weeks week w months month mons mon years year yrs yr y decades decade "
    "centuries century millennia millennium",
)
# Numbers in an interval stay small enough for any unit not to overflow.
_NUMBER = r"[+-]?(\d{1,6}(\.\d*)?|\.\d+)"
_INTERVAL_PART = re.compile(
    rf"{_NUMBER}\s*({'|'.join(_INTERVAL_UNITS)})(?![a-z])", re.IGNORECASE | re.ASCII
)
_INTERVAL_CLOCK = re.compile(r"[+-]?\d{1,6}:[0-5]\d(:[0-5]\d(\.\d+)?)?", re.ASCII)
_ISO_INTERVAL = re.compile(
    r"P(?=\d|T\d)(\d{1,6}Y)?(\d{1,6}M)?(\d{1,6}W)?(\d{1,6}D)?"
    r"(T(?=\d)(\d{1,6}H)?(\d{1,6}M)?(\d{1,6}(\.\d+)?S)?)?"
)
_MAC = re.compile(
    r"[0-9a-fA-F]{2}([:-])[0-9a-fA-F]{2}(\1[0-9a-fA-F]{2}){4}"
    r"|[0-9a-fA-F]{6}[:-]?[0-9a-fA-F]{6}"
    r"|[0-9a-fA-F]{4}([.-])[0-9a-fA-F]{4}\3[0-9a-fA-F]{4}"
)
_HEX_BYTES = re.compile(r"\\x(\s*[0-9a-fA-F]{2})*\s*", re.ASCII)
_BYTEA_ESCAPE = re.compile(r"\\(\\|[0-3][0-7]{2})", re.ASCII)
_MONEY = re.compile(r"\s*-?\d{1,15}(\.\d{1,2})?\s*", re.ASCII)
_WORDS = re.compile(r"[\w\s]*", re.ASCII)
_UNICODE_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})", re.ASCII)
_JSON_EXPONENT = re.compile(r"[eE][+-]?(\d+)", re.ASCII)


def _integer(text: str, key: str) -> str | None:
    if not _INTEGER.fullmatch(text):
        return f"is not a whole number for {key}"
    low, high = _INTEGER_RANGES[key]
    if not low <= int(text) <= high:
        return f"is out of range for {key}"
    return None


def _decimal(text: str, key: str) -> str | None:
    if text.strip(_SPACE).lower() in _SPECIAL_FLOATS:
        return None
    match = _DECIMAL.fullmatch(text)
    if match is None:
        return f"is not a number for {key}"
    if match.group(3) and abs(int(match.group(3))) > 1000:
        return f"is out of range for {key}"
    if key == "numeric":
        return None
    value = float(text)
    smallest, largest = (1.18e-38, 3.4e38) if key == "real" else (2.3e-308, 1.7e308)
    zero = not any(digit in "123456789" for digit in match.group(1))
    if math.isinf(value) or abs(value) > largest or (not zero and abs(value) < smallest):
        return f"is out of range for {key}"
    return None


def _boolean(text: str) -> str | None:
    word = text.strip(_SPACE).lower()
    if word in {"1", "0"}:
        return None
    # PostgreSQL takes any unambiguous start of a word ("t", "ye"; "o" is ambiguous).
    matches = [full for full in _BOOLEAN_WORDS if word and full.startswith(word)]
    if len(matches) == 1 and (word != "o"):
        return None
    return "is not true or false (write true, false, yes, no, on, off, 1 or 0)"


def _uuid(text: str) -> str | None:
    inner = text[1:-1] if text.startswith("{") and text.endswith("}") else text
    if _UUID.fullmatch(inner):
        return None
    return "is not a UUID (write 32 hexadecimal digits, e.g. a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11)"


def _valid_date(match: re.Match[str]) -> bool:
    year, month, day = (int(part) for part in match.groups())
    if not (1 <= year <= 5874897 and 1 <= month <= 12 and day >= 1):
        return False
    days = [31, 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28, 31, 30,
            31, 30, 31, 31, 30, 31, 30, 31]  # fmt: skip
    return day <= days[month - 1]


def _valid_time(match: re.Match[str]) -> bool:
    hour, minute = int(match.group(1)), int(match.group(2))
    second = int(match.group(4) or 0)
    if hour == 24:
        return minute == 0 and second == 0 and not (match.group(5) or "").strip(".0")
    return hour < 24 and minute < 60 and second < 60


def _date(text: str) -> str | None:
    value = text.strip(_SPACE)
    if value.lower() in _DATE_WORDS:
        return None
    match = _DATE.fullmatch(value)
    if match and _valid_date(match):
        return None
    return "is not a date (write it as YYYY-MM-DD, e.g. 2024-01-31)"


def _time(text: str, zone: bool) -> str | None:
    value = text.strip(_SPACE)
    if value.lower() in {"now", "allballs"}:
        return None
    clock, _, rest = value.partition(" ")
    if not rest:
        for sign in "+-Zz":
            head, mark, tail = value.partition(sign)
            if mark and _TIME.fullmatch(head):
                clock, rest = head, mark + tail
                break
    match = _TIME.fullmatch(clock)
    if (
        match
        and _valid_time(match)
        and (not rest or (zone and _ZONE.fullmatch(rest.strip(_SPACE))))
    ):
        return None
    example = "12:30:00+02" if zone else "12:30:00"
    return f"is not a time of day (write it as HH:MM[:SS], e.g. {example})"


def _timestamp(text: str) -> str | None:
    value = text.strip(_SPACE)
    if value.lower() in _DATE_WORDS:
        return None
    day, separator, clock = value.replace("T", " ", 1).partition(" ")
    match = _DATE.fullmatch(day)
    if match and _valid_date(match) and (not separator or _time(clock, zone=True) is None):
        return None
    return "is not a timestamp (write it as YYYY-MM-DD HH:MM:SS, e.g. 2024-01-31 12:30:00)"


def _interval(text: str) -> str | None:
    value = text.strip(_SPACE)
    problem = "is not an interval (write e.g. 1 day, 2 hours 30 minutes or P1DT2H)"
    if _ISO_INTERVAL.fullmatch(value):
        return None
    value = value.removeprefix("@").strip(_SPACE)
    if value.lower().endswith(" ago"):
        value = value[:-4].strip(_SPACE)
    if re.fullmatch(_NUMBER, value, re.ASCII):
        return None  # a number of seconds
    position, parts = 0, 0
    while position < len(value):
        match = _INTERVAL_PART.match(value, position)
        if match is None:
            break
        parts += 1
        position = match.end()
        while position < len(value) and value[position] == " ":
            position += 1
    rest = value[position:]
    if rest and _INTERVAL_CLOCK.fullmatch(rest):
        parts += 1
        rest = ""
    return None if parts and not rest else problem


def _json(text: str, binary: bool) -> str | None:
    def refuse(constant: str) -> None:
        raise ValueError(constant)

    try:
        json.loads(text, parse_constant=refuse)
    except (ValueError, RecursionError):
        return "is not valid JSON"
    if binary:
        for code in _UNICODE_ESCAPE.findall(text):
            if int(code, 16) == 0 or 0xD800 <= int(code, 16) <= 0xDFFF:
                return r"holds a \u escape jsonb cannot store"
        if any(int(exponent) > 1000 for exponent in _JSON_EXPONENT.findall(text)):
            return "holds a number out of range for jsonb"
    return None


def _bytea(text: str) -> str | None:
    if text.startswith("\\x"):
        return None if _HEX_BYTES.fullmatch(text) else "is not hexadecimal bytes (\\x0a1b...)"
    rest = _BYTEA_ESCAPE.sub("", text)
    return None if "\\" not in rest else "is not bytea input (a backslash must start \\\\ or \\nnn)"


def _network(text: str, key: str) -> str | None:
    _, slash, prefix = text.partition("/")
    if "%" in text or (slash and not _DIGITS.fullmatch(prefix)) or text != text.strip(_SPACE):
        return f"is not an {key} address"
    try:
        if key == "cidr":
            ipaddress.ip_network(text, strict=True)
        else:
            ipaddress.ip_interface(text)
    except ValueError:
        return f"is not a {key} address" + (" (host bits set)" if key == "cidr" else "")
    return None


def _macaddr(text: str) -> str | None:
    return (
        None if _MAC.fullmatch(text.strip(_SPACE)) else "is not a MAC address (08:00:2b:01:02:03)"
    )


def _bits(text: str, key: str) -> str | None:
    if set(text) <= {"0", "1"} and (text or key == "varbit"):
        return None
    return "is not a bit string (only 0 and 1)"


def _xml(text: str) -> str | None:
    from xml.etree import ElementTree

    if "<?" in text or "<!" in text:
        return "is not XML content the designer can check (no declarations or DOCTYPE)"
    try:
        ElementTree.fromstring(f"<r>{text}</r>")
    except (ElementTree.ParseError, RecursionError):
        return "is not well-formed XML content"
    return None


_CHECKS: dict[str, Callable[[str], str | None]] = {
    "smallint": lambda text: _integer(text, "smallint"),
    "integer": lambda text: _integer(text, "integer"),
    "bigint": lambda text: _integer(text, "bigint"),
    "numeric": lambda text: _decimal(text, "numeric"),
    "real": lambda text: _decimal(text, "real"),
    "double precision": lambda text: _decimal(text, "double precision"),
    "money": lambda text: None if _MONEY.fullmatch(text) else "is not an amount (e.g. 12.50)",
    "boolean": _boolean,
    "varchar": lambda text: None,
    "char": lambda text: None,
    "text": lambda text: None,
    "uuid": _uuid,
    "date": _date,
    "time": lambda text: _time(text, zone=False),
    "timetz": lambda text: _time(text, zone=True),
    "timestamp": _timestamp,
    "timestamptz": _timestamp,
    "interval": _interval,
    "json": lambda text: _json(text, binary=False),
    "jsonb": lambda text: _json(text, binary=True),
    "bytea": _bytea,
    "inet": lambda text: _network(text, "inet"),
    "cidr": lambda text: _network(text, "cidr"),
    "macaddr": _macaddr,
    "bit": lambda text: _bits(text, "bit"),
    "varbit": lambda text: _bits(text, "varbit"),
    "tsvector": lambda text: None if _WORDS.fullmatch(text) else "holds more than plain words",
    "xml": _xml,
}


def _array_elements(text: str) -> list[str | None] | None:
    """The elements of a one-dimensional array literal (None for NULL), or None when
    the text is not one the designer reads."""
    value = text.strip(_SPACE)
    if not (value.startswith("{") and value.endswith("}")):
        return None
    body = value[1:-1]
    if not body.strip(_SPACE):
        return []
    elements: list[str | None] = []
    position = 0
    while True:
        while position < len(body) and body[position] in _SPACE:
            position += 1
        if position < len(body) and body[position] == '"':
            position += 1
            chars = []
            while position < len(body) and body[position] != '"':
                if body[position] == "\\":
                    position += 1
                if position < len(body):
                    chars.append(body[position])
                position += 1
            if position >= len(body):
                return None
            position += 1
            element: str | None = "".join(chars)
            while position < len(body) and body[position] in _SPACE:
                position += 1
        else:
            end = position
            while end < len(body) and body[end] not in ',"{}\\':
                end += 1
            raw = body[position:end].strip(_SPACE)
            if not raw:
                return None
            element = None if raw.upper() == "NULL" else raw
            position = end
        elements.append(element)
        if position == len(body):
            return elements
        if body[position] != ",":
            return None
        position += 1


def literal_problem(
    text: str, column_type: ColumnType, enums: Mapping[QName, EnumType] = {}
) -> str | None:
    """Why PostgreSQL would not read ``text`` as a value of ``column_type``, as the end
    of a sentence ("is not a date ..."), or None when it would."""
    if column_type.array:
        elements = _array_elements(text)
        if elements is None:
            return "is not an array the designer can read (write {} or {a,b,c})"
        element_type = column_type.element()
        for element in elements:
            if element is not None and (problem := literal_problem(element, element_type, enums)):
                return f"holds {element!r}, which {problem}"
        return None
    if column_type.is_enum:
        enum = enums.get(column_type.enum) if column_type.enum else None
        if enum is not None and text not in enum.values:
            return f"is not a value of {enum.name}"
        return None
    if column_type.base in _ASCII_ONLY and not text.isascii():
        return f"holds characters {column_type.base} values do not have"
    check = _CHECKS.get(column_type.base)
    return check(text) if check is not None else None
