"""Patterns of CHECKs: whether a text matches one, and a text that does.

``matches(operator, pattern, text)`` reads ``LIKE`` / ``ILIKE`` (``~~``, ``~~*``), regular
expressions (``~``, ``~*``) and ``SIMILAR TO`` (``similar``) as PostgreSQL does, for the
common forms: a regular expression is read by Python's ``re`` after PostgreSQL's own
spellings are translated (``[[:alpha:]]``, ``\\m``, ``\\y``); ``matching(...)`` writes a
text that matches, keeping what it can of the text drawn for the column (a ``LIKE
'SKU-%'`` keeps the row's tag), within the column's lengths. Both raise ``Unsupported``
for a pattern Python reads differently (the caller then says so instead of guessing).
"""

from __future__ import annotations

import re
from functools import lru_cache
from random import Random

try:  # Python 3.11+
    from re import _constants as sre_constants  # type: ignore[attr-defined]
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    import sre_constants  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

from .checks import Unsupported

_POSIX_CLASSES = {
    "alpha": "a-zA-Z",
    "upper": "A-Z",
    "lower": "a-z",
    "digit": "0-9",
    "alnum": "a-zA-Z0-9",
    "xdigit": "0-9a-fA-F",
    "space": " \\t\\n\\r\\f\\v",
    "blank": " \\t",
    "punct": "!-/:-@\\[-`{-~",
    "word": "a-zA-Z0-9_",
}
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_ALPHABET = _LETTERS + _LETTERS.upper() + "0123456789"


def python_regex(operator: str, pattern: str) -> tuple[re.Pattern[str], bool]:
    """The compiled pattern and whether it must match the whole text."""
    return _compiled(operator, pattern)


@lru_cache(maxsize=512)
def _compiled(operator: str, pattern: str) -> tuple[re.Pattern[str], bool]:
    flags = re.DOTALL | (re.IGNORECASE if operator in {"~~*", "~*"} else 0)
    if operator in {"~~", "~~*"}:
        return re.compile(_like_regex(pattern), flags), True
    if operator == "similar":
        return re.compile(_similar_regex(pattern), flags), True
    if operator in {"~", "~*"}:
        try:
            return re.compile(_pg_regex(pattern), flags), False
        except re.error:
            raise Unsupported("a regular expression Python reads differently") from None
    raise Unsupported(f"pattern operator {operator}")


def matches(operator: str, pattern: str, text: str) -> bool:
    regex, whole = python_regex(operator, pattern)
    return (regex.fullmatch(text) if whole else regex.search(text)) is not None


def _like_regex(pattern: str) -> str:
    parts = []
    chars = iter(pattern)
    for char in chars:
        if char == "\\":
            parts.append(re.escape(next(chars, "\\")))
        elif char == "%":
            parts.append(".*")
        elif char == "_":
            parts.append(".")
        else:
            parts.append(re.escape(char))
    return "".join(parts)


def _similar_regex(pattern: str) -> str:
    parts = []
    chars = iter(pattern)
    depth = 0  # inside a bracket expression, characters are the set's own
    for char in chars:
        if char == "\\":
            parts.append(re.escape(next(chars, "\\")))
        elif depth:
            depth -= char == "]"
            parts.append(char)
        elif char == "[":
            depth += 1
            parts.append(char)
        elif char == "%":
            parts.append(".*")
        elif char == "_":
            parts.append(".")
        elif char in ".^$":
            parts.append(re.escape(char))
        else:
            parts.append(char)
    return "".join(parts)


def _pg_regex(pattern: str) -> str:
    """PostgreSQL's spellings Python's ``re`` lacks: POSIX classes, word boundaries."""
    if "(?" in pattern or "***" in pattern:
        raise Unsupported("a regular expression with embedded options")
    text = re.sub(
        r"\[:(\w+):\]",
        lambda match: _POSIX_CLASSES.get(match.group(1), match.group(0)),
        pattern,
    )
    return text.replace("\\m", "\\b").replace("\\M", "\\b").replace("\\y", "\\b")


# --- writing a matching text ----------------------------------------------------------


def matching(
    operator: str, pattern: str, text: str, tag: str, rng: Random, low: int, high: int | None
) -> str | None:
    """A text that matches the pattern, within ``low``..``high`` characters: ``text`` if
    it does already, else one written from the pattern (``tag`` fills a ``%``, telling
    the row apart); None when none was found."""
    if matches(operator, pattern, text) and _fits(text, low, high):
        return text
    for attempt in range(12):
        if operator in {"~~", "~~*"}:
            candidate = _like_text(pattern, tag, text, attempt, low)
        else:
            regex, _ = python_regex(operator, pattern)
            candidate = _regex_text(regex.pattern, rng, attempt, tag)
        fits = candidate is not None and _fits(candidate, low, high)
        if fits and matches(operator, pattern, candidate):
            return candidate
    return None


def _fits(text: str, low: int, high: int | None) -> bool:
    return low <= len(text) and (high is None or len(text) <= high)


def _like_text(pattern: str, tag: str, text: str, attempt: int, low: int) -> str:
    """The pattern's literal parts; the first ``%`` holds the row's tag (or the drawn
    text), ``_`` a letter; padded at a ``%`` when the text must be longer."""
    parts: list[str] = []
    chars = iter(pattern)
    filled = False
    for char in chars:
        if char == "\\":
            parts.append(next(chars, "\\"))
        elif char == "%":
            if not filled:
                parts.append(tag if attempt % 2 == 0 else text)
                filled = True
            else:
                parts.append("")
        elif char == "_":
            parts.append(_LETTERS[(attempt + len(parts)) % 26])
        else:
            parts.append(char)
    candidate = "".join(parts)
    if len(candidate) < low and "%" in pattern:
        index = pattern.index("%")
        literal_before = len(_like_text(pattern[:index], "", "", attempt, 0))
        missing = low - len(candidate)
        candidate = candidate[:literal_before] + "x" * missing + candidate[literal_before:]
    return candidate


def _regex_text(pattern: str, rng: Random, attempt: int, tag: str) -> str | None:
    try:
        parsed = sre_parse.parse(pattern)
    except re.error:
        return None
    groups: dict[int, str] = {}
    try:
        return _write(list(parsed), rng, attempt, groups)
    except _CannotWrite:
        return None


class _CannotWrite(Exception):
    pass


def _write(items: list, rng: Random, attempt: int, groups: dict[int, str]) -> str:
    out = []
    c = sre_constants
    for op, av in items:
        if op is c.LITERAL:
            out.append(chr(av))
        elif op is c.NOT_LITERAL:
            out.append(rng.choice([ch for ch in _ALPHABET if ord(ch) != av]))
        elif op is c.ANY:
            out.append(rng.choice(_LETTERS))
        elif op is c.IN:
            out.append(_from_set(av, rng))
        elif op in {c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", None)}:
            least, most, sub = av
            top = least + 2 + attempt if most is c.MAXREPEAT else min(most, least + 2 + attempt)
            count = rng.randint(max(least, 1) if attempt == 0 and least == 0 else least, top)
            out.extend(_write(list(sub), rng, attempt, groups) for _ in range(count))
        elif op is c.SUBPATTERN:
            group, _, _, sub = av
            text = _write(list(sub), rng, attempt, groups)
            if group is not None:
                groups[group] = text
            out.append(text)
        elif op is c.BRANCH:
            _, branches = av
            out.append(_write(list(rng.choice(branches)), rng, attempt, groups))
        elif op is c.AT:
            continue  # anchors and word boundaries: the text is written whole
        elif op is c.CATEGORY:
            out.append(_from_category(av, rng))
        elif op is c.GROUPREF:
            out.append(groups.get(av, ""))
        else:
            raise _CannotWrite(str(op))
    return "".join(out)


def _from_set(items: list, rng: Random) -> str:
    c = sre_constants
    negate = any(op is c.NEGATE for op, _ in items)
    allowed: list[str] = []
    for op, av in items:
        if op is c.LITERAL:
            allowed.append(chr(av))
        elif op is c.RANGE:
            low, high = av
            allowed.extend(chr(code) for code in range(low, min(high, low + 200) + 1))
        elif op is c.CATEGORY:
            allowed.extend(_category_chars(av))
    if negate:
        choices = [ch for ch in _ALPHABET if ch not in allowed]
    else:
        readable = [ch for ch in allowed if ch.isalnum()]
        choices = readable or allowed
    if not choices:
        raise _CannotWrite("an empty set")
    return rng.choice(choices)


def _category_chars(category) -> list[str]:
    c = sre_constants
    if category is c.CATEGORY_DIGIT:
        return list("0123456789")
    if category is c.CATEGORY_WORD:
        return list(_ALPHABET)
    if category is c.CATEGORY_SPACE:
        return [" "]
    if category is c.CATEGORY_NOT_DIGIT:
        return list(_LETTERS)
    if category in {c.CATEGORY_NOT_SPACE}:
        return list(_ALPHABET)
    if category is c.CATEGORY_NOT_WORD:
        return ["-"]
    raise _CannotWrite(str(category))


def _from_category(category, rng: Random) -> str:
    return rng.choice(_category_chars(category))
