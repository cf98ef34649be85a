"""Readable values for common column names: people, titles, prices, places.

Sample data is part of the deliverable people read, so ``users.email`` holds
``ada.lovelace@example.com`` rather than ``x1``. ``concept(column, table)`` recognises a
column by the words of its name (and, for a bare ``name`` or ``title``, of its table);
``text_for(concept, n, ...)`` writes the ``n``-th value of that kind. Every list is
cycled with a number appended past its end, so the ``n``-th value differs from every
other — which is what unique columns need. Addresses use the ranges reserved for
documentation (``example.com``, 192.0.2.0/24, 555-01xx telephone numbers).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

PEOPLE = (
    ("Ada", "Lovelace"),
    ("Alan", "Turing"),
    ("Grace", "Hopper"),
    ("Edsger", "Dijkstra"),
    ("Barbara", "Liskov"),
    ("Donald", "Knuth"),
    ("Margaret", "Hamilton"),
    ("Ken", "Thompson"),
    ("Frances", "Allen"),
    ("Dennis", "Ritchie"),
    ("Radia", "Perlman"),
    ("John", "McCarthy"),
    ("Katherine", "Johnson"),
    ("Claude", "Shannon"),
    ("Hedy", "Lamarr"),
    ("Niklaus", "Wirth"),
    ("Adele", "Goldberg"),
    ("Tony", "Hoare"),
    ("Sophie", "Wilson"),
    ("Leslie", "Lamport"),
)
TASKS = (
    "Buy groceries for the week",
    "Renew passport",
    "Write the quarterly report",
    "Call the plumber about the leak",
    "Book a dentist appointment",
    "Plan the team offsite",
    "Pay the electricity bill",
    "Review the open pull requests",
    "Back up the laptop",
    "Water the plants",
)
ARTICLES = (
    "Getting started with PostgreSQL",
    "Why we chose UUID keys",
    "Indexing foreign keys",
    "A tour of the query planner",
    "Zero-downtime migrations",
    "Keyset pagination explained",
    "Designing for data integrity",
    "Backups you can restore",
    "Understanding autovacuum",
    "JSONB in practice",
)
PRODUCTS = (
    "Espresso machine",
    "Standing desk",
    "Noise-cancelling headphones",
    "Mechanical keyboard",
    "Desk lamp",
    "Ergonomic chair",
    "Water bottle",
    "Notebook, dotted",
    "USB-C charger",
    "Travel mug",
)
PROJECTS = (
    "Apollo",
    "Borealis",
    "Cassini",
    "Discovery",
    "Europa",
    "Fermi",
    "Gemini",
    "Hubble",
    "Kepler",
    "Voyager",
)
COMPANIES = (
    "Acme Corporation",
    "Globex",
    "Initech",
    "Umbrella Labs",
    "Stark Industries",
    "Wayne Enterprises",
    "Hooli",
    "Vandelay Industries",
    "Wonka Industries",
    "Soylent",
)
TAGS = ("urgent", "home", "work", "errand", "health", "finance", "travel", "reading")
SENTENCES = (
    "Milk, eggs, bread and coffee from the corner shop.",
    "Check the opening hours before going.",
    "Share a draft with the team by Thursday.",
    "The kitchen tap has been dripping since Monday.",
    "Ask for an early morning slot.",
    "Compare two venues and the travel time to each.",
    "Set up a direct debit to avoid late fees.",
    "Leave comments where the tests are missing.",
    "Use the external drive in the top drawer.",
    "Twice a week in summer, once in winter.",
)
CITIES = (
    "Paris",
    "Berlin",
    "Lisbon",
    "Tokyo",
    "Toronto",
    "Nairobi",
    "Sydney",
    "Buenos Aires",
    "Oslo",
    "Seoul",
)
COUNTRY_CODES = ("FR", "DE", "PT", "JP", "CA", "KE", "AU", "AR", "NO", "KR")
COUNTRIES = (
    "France",
    "Germany",
    "Portugal",
    "Japan",
    "Canada",
    "Kenya",
    "Australia",
    "Argentina",
    "Norway",
    "South Korea",
)
CURRENCIES = ("EUR", "USD", "GBP", "JPY", "CAD", "CHF", "AUD", "SEK")
LANGUAGES = ("en", "fr", "de", "pt", "ja", "es", "nl", "ko")
TIMEZONES = (
    "Europe/Paris",
    "Europe/Berlin",
    "America/Toronto",
    "Asia/Tokyo",
    "Africa/Nairobi",
    "Australia/Sydney",
)
COLORS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b")
STATUSES = ("active", "pending", "archived")
ROLES = ("admin", "member", "viewer")
STREETS = (
    "12 Rue de Rivoli",
    "221B Baker Street",
    "4 Privet Drive",
    "742 Evergreen Terrace",
    "31 Spooner Street",
    "1 Infinite Loop",
)


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


_PERSON_TABLES = _word_set(
    """
    user users person people customer customers employee employees member members
    author authors account accounts contact contacts owner owners student students
    teacher teachers staff player players patient patients client clients
    """
)
_TASK_TABLES = _word_set("todo todos task tasks chore chores reminder reminders")
_ARTICLE_TABLES = _word_set("post posts article articles blog blogs page pages note notes")
_PRODUCT_TABLES = _word_set("product products item items sku skus article_items")
_PROJECT_TABLES = _word_set("project projects team teams workspace workspaces")
_COMPANY_TABLES = _word_set(
    "company companies organization organizations organisation organisations org orgs"
)
_TAG_TABLES = _word_set("tag tags label labels category categories topic topics")

# Column-name words -> concept, tried in this order (the first word set that matches).
_CONCEPTS: tuple[tuple[str, frozenset[str]], ...] = (
    ("email", frozenset({"email", "mail"})),
    ("password", frozenset({"password", "hash", "digest"})),
    ("token", frozenset({"token", "secret", "salt", "key", "apikey"})),
    ("first_name", frozenset({"first", "given", "firstname"})),
    ("last_name", frozenset({"last", "family", "surname", "lastname"})),
    ("username", frozenset({"username", "login", "handle", "nickname", "nick"})),
    ("url", frozenset({"url", "website", "link", "homepage", "uri", "avatar", "image"})),
    ("phone", frozenset({"phone", "mobile", "tel", "telephone", "fax"})),
    ("slug", frozenset({"slug"})),
    ("ip", frozenset({"ip"})),
    ("city", frozenset({"city", "town"})),
    ("country", frozenset({"country"})),
    ("currency", frozenset({"currency"})),
    ("language", frozenset({"language", "lang", "locale"})),
    ("timezone", frozenset({"timezone", "tz"})),
    ("color", frozenset({"color", "colour"})),
    ("status", frozenset({"status", "state"})),
    ("role", frozenset({"role"})),
    ("postal_code", frozenset({"zip", "postal", "postcode", "zipcode"})),
    ("street", frozenset({"address", "street"})),
    ("company", frozenset({"company", "organization", "organisation", "employer"})),
    ("tag", frozenset({"tag", "tags", "keyword", "keywords"})),
    ("code", frozenset({"code", "sku", "reference", "ref", "number"})),
    (
        "text",
        frozenset(
            {"description", "body", "content", "notes", "note", "bio", "summary", "comment"}
            | {"details", "message", "text", "remarks", "about"}
        ),
    ),
    ("full_name", frozenset({"fullname", "display"})),
    ("title", frozenset({"title", "subject", "headline", "caption"})),
    ("name", frozenset({"name", "label"})),
    # numbers
    ("cents", frozenset({"cents"})),
    ("money", frozenset({"price", "amount", "cost", "total", "balance", "fee", "salary"})),
    ("quantity", frozenset({"quantity", "qty", "count", "stock", "seats"})),
    ("age", frozenset({"age"})),
    ("year", frozenset({"year"})),
    ("rating", frozenset({"rating", "stars"})),
    ("percent", frozenset({"percent", "percentage", "score", "progress", "points"})),
    ("position", frozenset({"position", "rank", "sort", "priority", "level", "sequence"})),
    ("latitude", frozenset({"latitude", "lat"})),
    ("longitude", frozenset({"longitude", "lng", "lon"})),
    ("duration", frozenset({"duration", "minutes", "seconds", "hours", "days"})),
    # moments
    ("birth", frozenset({"birth", "birthday", "dob", "born"})),
    ("due", frozenset({"due", "deadline", "expires", "expiry", "until", "end", "ends"})),
    ("updated", frozenset({"updated", "modified", "changed", "edited"})),
    # booleans
    ("active", frozenset({"active", "enabled", "verified", "visible", "published"})),
)
_WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|[0-9]+")


@lru_cache(maxsize=4096)
def words(name: str) -> tuple[str, ...]:
    """The lower-case ASCII words of a name: ``passwordHash`` -> ``password``, ``hash``."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return tuple(word.lower() for word in _WORD.findall(ascii_name))


@lru_cache(maxsize=4096)
def concept(column: str, table: str) -> str | None:
    """What kind of value a column holds, judged by its name (and its table's)."""
    found = set(words(column))
    if found & {"first", "given"} and "name" in found:
        return "first_name"
    if found & {"last", "family"} and "name" in found:
        return "last_name"
    if {"full", "name"} <= found or {"display", "name"} <= found:
        return "full_name"
    if found == {"name"} and table_kind(table) == "person":
        return "full_name"
    for name, markers in _CONCEPTS:
        if found & markers:
            return name
    return None


@lru_cache(maxsize=1024)
def table_kind(table: str) -> str:
    """The kind of thing a table holds, for ``name`` and ``title`` columns."""
    found = words(table)
    joined = "_".join(found)
    for kind, names in (
        ("person", _PERSON_TABLES),
        ("task", _TASK_TABLES),
        ("article", _ARTICLE_TABLES),
        ("product", _PRODUCT_TABLES),
        ("project", _PROJECT_TABLES),
        ("company", _COMPANY_TABLES),
        ("tag", _TAG_TABLES),
    ):
        if joined in names or any(word in names for word in found):
            return kind
    return "other"


def cycled(items: tuple[str, ...], n: int) -> str:
    """The ``n``-th item, with a number appended once the list has been used up."""
    item = items[n % len(items)]
    return item if n < len(items) else f"{item} {n // len(items) + 1}"


def person(n: int) -> tuple[str, str, str]:
    """First name, last name and a suffix that keeps the ``n``-th person distinct."""
    first, last = PEOPLE[n % len(PEOPLE)]
    suffix = "" if n < len(PEOPLE) else str(n // len(PEOPLE) + 1)
    return first, last, suffix


def _address(n: int) -> str:
    """192.0.2.x (reserved for documentation) while it lasts, then 10.x.y.z."""
    if n < 254:
        return f"192.0.2.{n % 254 + 1}"
    return f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}"


def _ascii_slug(text: str) -> str:
    return "-".join(words(text)) or "item"


def text_for(kind: str | None, n: int, column: str, table: str) -> str:
    """The ``n``-th readable value of ``kind`` for a text column."""
    if kind in _PERSONAL:
        return _PERSONAL[kind](*person(n))
    if kind in _CYCLED:
        return cycled(_CYCLED[kind], n)
    if kind == "phone":
        return f"+1-202-555-{100 + n % 100:04d}" + (f" x{n // 100}" if n >= 100 else "")
    if kind == "ip":
        return _address(n)
    if kind == "postal_code":
        return f"{75001 + n * 7:05d}"
    if kind == "url":
        return f"https://example.com/{_ascii_slug(table)}/{n + 1}"
    if kind == "slug":
        return _ascii_slug(_titled(table, n))
    if kind == "code":
        prefix = "".join(word[0] for word in words(table)[:3]).upper() or "C"
        return f"{prefix}-{1001 + n}"
    if kind in {"title", "name"}:
        return _titled(table, n)
    return f"{_label(column)} {n + 1}"


@lru_cache(maxsize=4096)
def _label(column: str) -> str:
    """A column's name as words: ``dueDate`` -> ``Due date``."""
    return " ".join(words(column)).capitalize() or column


def _handle(first: str, last: str) -> str:
    return f"{first}.{last}".lower().replace(" ", "")


_PERSONAL = {
    "email": lambda first, last, suffix: f"{_handle(first, last)}{suffix}@example.com",
    "first_name": lambda first, last, suffix: f"{first} {suffix}".strip(),
    "last_name": lambda first, last, suffix: f"{last} {suffix}".strip(),
    "full_name": lambda first, last, suffix: f"{first} {last} {suffix}".strip(),
    "username": lambda first, last, suffix: _handle(first, last).replace(".", "_") + suffix,
}
_CYCLED = {
    "city": CITIES,
    "country": COUNTRIES,
    "currency": CURRENCIES,
    "language": LANGUAGES,
    "timezone": TIMEZONES,
    "color": COLORS,
    "status": STATUSES,
    "role": ROLES,
    "street": STREETS,
    "company": COMPANIES,
    "tag": TAGS,
    "text": SENTENCES,
}


_TITLES = {
    "task": TASKS,
    "article": ARTICLES,
    "product": PRODUCTS,
    "company": COMPANIES,
    "tag": TAGS,
}


def _titled(table: str, n: int) -> str:
    kind = table_kind(table)
    if kind in _TITLES:
        return cycled(_TITLES[kind], n)
    if kind == "project":
        return f"Project {cycled(PROJECTS, n)}"
    if kind == "person":
        first, last, suffix = person(n)
        return f"{first} {last}" + (f" {suffix}" if suffix else "")
    singular = " ".join(words(table)).capitalize() or "Item"
    if singular.endswith("s") and not singular.endswith("ss"):
        singular = singular[:-1]
    return f"{singular} {n + 1}"
