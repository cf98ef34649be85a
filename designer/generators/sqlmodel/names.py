"""Python names for database names: classes, attributes and enum members.

Database names may be reserved words, mixed case, unicode, contain spaces or quotes, or
start with a digit; Python names may not, and some valid ones would break the model
(``metadata`` is ``SQLModel.metadata``, ``date`` would hide the ``date`` type in the
class body). Every name here is ASCII, never a keyword and never one of the module's or
SQLModel's own names. The database keeps the real name: the generator writes it out
wherever the Python name differs.

``Namespace.claim`` makes names distinct deterministically: the first claim of a name
gets it, later ones get ``_``, ``_2``, ``_3``... (classes: ``2``, ``3``...).
"""

from __future__ import annotations

import keyword
import re
import unicodedata
from collections.abc import Iterable

from pydantic import BaseModel
from sqlmodel import SQLModel

from designer.schema.words import plural, singular

# Module-level names of the generated module; class bodies must not hide them.
MODULE_NAMES = frozenset(
    {
        "enum", "uuid", "sa", "pg", "registry", "date", "datetime", "time", "timedelta",
        "utc_now", "keep_updated_at", "enum_values",
        "str", "int", "float", "bool", "bytes", "list", "dict",
    }
)  # fmt: skip
CLASS_NAMES = frozenset(
    {
        "SQLModel", "Field", "Relationship", "TableBase", "Any", "Decimal", "Optional", "Literal",
        "IPvAnyInterface", "IPvAnyNetwork", "XmlType", "Serial", "UTC",
        "None", "True", "False",
    }
)  # fmt: skip
# Attributes of SQLModel and pydantic models, and SQLAlchemy's declarative ones.
MODEL_ATTRIBUTES = frozenset(
    {name for name in dir(SQLModel) + dir(BaseModel) if not name.startswith("__")}
    | {"metadata", "registry", "query"}
)
_SNAKE = re.compile(r"[a-z][a-z0-9_]*")
_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+[a-z]*")


def words(name: str) -> list[str]:
    """The ASCII words of ``name``: ``UserAccount`` and ``user account`` → user, account."""
    if not name.isascii():  # accents come off; what has no ASCII letter goes
        name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return _WORD.findall(name)


def snake(name: str) -> str:
    return "_".join(words(name)).lower()


def pascal(name: str) -> str:
    return "".join(word.capitalize() for word in words(name))


def class_name(table_name: str, fallback: str) -> str:
    """``users`` → ``User``, ``order_items`` → ``OrderItem``, ``1st_place`` → ``Table1stPlace``."""
    parts = words(table_name)
    if parts and parts[-1].isalpha():
        parts[-1] = singular(parts[-1].lower())
    name = "".join(part.capitalize() for part in parts)
    if not name:
        return fallback
    return "Table" + name if name[0].isdigit() else name


def enum_class_name(enum_name: str, fallback: str) -> str:
    name = pascal(enum_name)
    if not name:
        return fallback
    return "Enum" + name if name[0].isdigit() else name


def attribute_name(db_name: str, fallback: str) -> str:
    """A field name for a column: ``Mixed Case`` → ``mixed_case``, ``1st`` → ``field_1st``."""
    name = db_name if _SNAKE.fullmatch(db_name) else (snake(db_name) or fallback)
    if name[0].isdigit() or name.startswith("model_"):
        name = "field_" + name
    return name


def member_name(value: str, fallback: str) -> str:
    """An enum member name for a label: ``it's`` → ``IT_S``, ``Mixed Case`` → ``MIXED_CASE``."""
    name = snake(value).upper() or fallback
    return "VALUE_" + name if name[0].isdigit() else name


def constant_name(name: str, fallback: str) -> str:
    """An UPPER_CASE module constant: ``order status`` → ``ORDER_STATUS``."""
    text = snake(name).upper() or fallback
    return "T_" + text if text[0].isdigit() else text


def relation_names(table_name: str) -> tuple[str, str]:
    """The singular and plural attribute names for rows of ``table_name``."""
    parts = [word.lower() for word in words(table_name)] or ["row"]
    if parts[-1].isalpha():
        one = "_".join([*parts[:-1], singular(parts[-1])])
        many = "_".join([*parts[:-1], plural(singular(parts[-1]))])
    else:
        one = "_".join(parts)
        many = one + "_list"
    return one, many


class Namespace:
    """Names already given in one scope, and the rule for making a new one distinct."""

    def __init__(self, reserved: Iterable[str] = (), *, joiner: str = "_") -> None:
        # Shared, not copied: every model class starts from the same reserved names.
        self.reserved = frozenset(reserved)
        self.taken: set[str] = set()
        self.joiner = joiner

    def free(self, name: str) -> bool:
        return name not in self.taken and name not in self.reserved and not keyword.iskeyword(name)

    def claim(self, wanted: str, *, related: Iterable[str] = ()) -> str:
        """``wanted``, or the first free variant; ``related`` suffixes must be free too."""
        suffixes = tuple(related)
        if not suffixes and self.free(wanted):
            self.taken.add(wanted)  # the common case: a name seen for the first time
            return wanted
        for candidate in self._candidates(wanted):
            names = [candidate + suffix for suffix in ("", *suffixes)]
            if all(map(self.free, names)):
                self.taken.update(names)
                return candidate
        raise AssertionError("unreachable: the candidates never end")

    def _candidates(self, wanted: str) -> Iterable[str]:
        yield wanted
        if self.joiner == "_":
            yield wanted + "_"
        counter = 2
        while True:
            yield f"{wanted}{self.joiner}{counter}"
            counter += 1


_ATTRIBUTE_RESERVED = MODULE_NAMES | MODEL_ATTRIBUTES


def attribute_namespace() -> Namespace:
    """The scope of one model class: its fields and relationships."""
    return Namespace(_ATTRIBUTE_RESERVED)


def class_namespace() -> Namespace:
    return Namespace(CLASS_NAMES, joiner="")
