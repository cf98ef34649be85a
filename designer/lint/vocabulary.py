"""Reading intent from names: the words of an identifier and what they suggest.

Several rules judge a column by its name (an ``email`` is bounded and required, a
``password_hash`` is sensitive). The word lists live here, in one place, so that they
can be reviewed together; each is deliberately short, because a false alarm costs the
user's trust more than a missed hint.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import pairwise

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_SPLIT = re.compile(r"[^0-9A-Za-z]+")


@lru_cache(maxsize=4096)  # keyed by names people type: bounded
def words(name: str) -> tuple[str, ...]:
    """``customerEmail_2`` → ``("customer", "email", "2")``; lower case, ASCII words."""
    spaced = _CAMEL.sub("_", name)
    return tuple(part.lower() for part in _SPLIT.split(spaced) if part)


@lru_cache(maxsize=4096)  # keyed by names people type: bounded
def alphabetic(name: str) -> tuple[str, ...]:
    """The words of ``name`` that are not numbers."""
    return tuple(word for word in words(name) if not word.isdigit())


# Text that has a natural upper bound: the last word decides (``first_name``,
# ``country_code``), or any of the strong words (``email_address``).
BOUNDED_LAST_WORDS = frozenset(
    {
        "name",
        "email",
        "code",
        "slug",
        "username",
        "login",
        "handle",
        "nickname",
        "title",
        "label",
        "status",
        "phone",
        "sku",
        "isbn",
        "iban",
        "zip",
        "zipcode",
        "postcode",
        "country",
        "currency",
        "locale",
        "language",
        "initials",
        "color",
        "colour",
    }
)
BOUNDED_ANY_WORDS = frozenset({"email", "slug", "phone", "username", "sku", "isbn", "iban"})


@lru_cache(maxsize=4096)  # keyed by names people type: bounded
def looks_bounded(name: str) -> bool:
    found = alphabetic(name)
    if not found:
        return False
    return found[-1] in BOUNDED_LAST_WORDS or bool(BOUNDED_ANY_WORDS & set(found))


# A row without these makes no sense; matched on the whole name only, because
# ``display_name`` or ``middle_name`` are often rightly optional.
REQUIRED_NAMES = frozenset(
    {
        "email",
        "email_address",
        "name",
        "username",
        "user_name",
        "login",
        "slug",
        "title",
        "password_hash",
    }
)


@lru_cache(maxsize=4096)  # keyed by names people type: bounded
def looks_required(name: str) -> bool:
    return "_".join(words(name)) in REQUIRED_NAMES


# Credentials and personal data that must stay out of API responses.
SENSITIVE_WORDS = frozenset(
    {
        "password",
        "passwd",
        "passphrase",
        "pwd",
        "secret",
        "token",
        "jwt",
        "ssn",
        "iban",
        "cvv",
        "cvc",
        "apikey",
        "otp",
    }
)
SENSITIVE_PAIRS = frozenset(
    {
        ("api", "key"),
        ("private", "key"),
        ("secret", "key"),
        ("access", "key"),
        ("credit", "card"),
        ("card", "number"),
        ("social", "security"),
        ("account", "number"),
    }
)
# ``token_type`` says what kind of token, ``api_key_id`` points at a key record: metadata.
METADATA_LAST_WORDS = frozenset({"type", "kind", "id", "count", "version", "length"})


def _singular_word(word: str) -> str:
    return word[:-1] if word.endswith("s") and len(word) > 3 else word


@lru_cache(maxsize=4096)  # keyed by names people type: bounded
def looks_sensitive(name: str) -> bool:
    found = tuple(_singular_word(word) for word in alphabetic(name))
    if not found or found[-1] in METADATA_LAST_WORDS:
        return False
    if SENSITIVE_WORDS & set(found):
        return True
    return any(pair in SENSITIVE_PAIRS for pair in pairwise(found))


# First words that qualify an attribute rather than name another entity
# (``display_name`` in users and teams is not one fact stored twice).
QUALIFIER_WORDS = frozenset(
    {
        "is",
        "has",
        "can",
        "display",
        "full",
        "first",
        "last",
        "middle",
        "short",
        "long",
        "sort",
        "due",
        "start",
        "end",
        "created",
        "updated",
        "deleted",
        "published",
        "archived",
        "expires",
        "external",
        "internal",
        "total",
        "max",
        "min",
        "default",
        "primary",
        "secondary",
    }
)
# Last words of dates, counts and flags: the same name in several tables is not a copy.
GENERIC_LAST_WORDS = frozenset({"at", "on", "date", "time", "count", "total", "order", "position"})
