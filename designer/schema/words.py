"""English singular and plural of table names, for derived names (``user_id``, ``todos``).

Deliberately small: regular English endings and a few irregular words. A name it cannot
read (``data``, ``名前``) comes back unchanged, which is always a valid choice.
"""

from __future__ import annotations

import re

_IRREGULAR = {
    "people": "person",
    "children": "child",
    "men": "man",
    "women": "woman",
    "mice": "mouse",
    "geese": "goose",
    "feet": "foot",
    "teeth": "tooth",
    "indices": "index",
    "matrices": "matrix",
    "criteria": "criterion",
    "analyses": "analysis",
    "statuses": "status",
    "buses": "bus",
    "viruses": "virus",
    "caches": "cache",
    "movies": "movie",
    "cookies": "cookie",
    "ties": "tie",
    "pies": "pie",
}
_UNCOUNTABLE = {"data", "metadata", "news", "series", "species", "equipment", "information"}


def singular(word: str) -> str:
    """``users`` → ``user``, ``categories`` → ``category``, ``boxes`` → ``box``."""
    lower = word.lower()
    if lower in _UNCOUNTABLE or not re.fullmatch(r"[A-Za-z_0-9]*[A-Za-z]", word):
        return word
    head, _, last = word.rpartition("_")
    prefix = f"{head}_" if head else ""
    lower = last.lower()
    if lower in _IRREGULAR:
        return prefix + _match_case(last, _IRREGULAR[lower])
    for ending, replacement in (
        ("ies", "y"),
        ("sses", "ss"),
        ("shes", "sh"),
        ("ches", "ch"),
        ("xes", "x"),
        ("zes", "z"),
    ):
        if lower.endswith(ending) and len(lower) > len(ending):
            return prefix + last[: -len(ending)] + replacement
    if lower.endswith("s") and not lower.endswith(("ss", "us", "is")) and len(lower) > 1:
        return prefix + last[:-1]
    return word


def plural(word: str) -> str:
    """``todo`` → ``todos``, ``category`` → ``categories``; plural words stay as they are."""
    if singular(word) != word or word.lower() in _UNCOUNTABLE:
        return word
    if not re.fullmatch(r"[A-Za-z_0-9]*[A-Za-z]", word):
        return word
    lower = word.lower()
    for plural_form, singular_form in _IRREGULAR.items():
        if lower.endswith(singular_form):
            return word[: -len(singular_form)] + _match_case(
                word[-len(singular_form) :], plural_form
            )
    if lower.endswith("y") and lower[-2:-1] not in set("aeiou"):
        return word[:-1] + "ies"
    if lower.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    return word + "s"


def _match_case(original: str, replacement: str) -> str:
    return replacement.capitalize() if original[:1].isupper() else replacement
