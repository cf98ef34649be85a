"""The shape every operation shares: a frozen, serialisable value that changes a schema.

An operation is to a design what one of Django's migration operations is to a
project's models: a small value (``AddField(entity_id, values)``) with

- ``apply(schema)`` — the new ``Schema`` (pure; the argument is unchanged), or
  ``Invalid`` / ``Gone`` saying why not;
- ``describe(schema)`` — one line a person can read, in terms of the schema before
  ("Renamed todos.title to headline");
- ``targets(schema)`` — the keys of the existing objects it reads or changes, checked
  against what changed since the revision the user saw (see ``Patch.touched``);
- ``to_data()`` / ``from_data()`` — plain JSON, the form the change log keeps.

Unlike Django's operations an operation has no ``backwards``: applying it yields a
``Patch`` of the objects it changed, before and after, and the patch is what undo
inverts. A generic inverse cannot disagree with the forward step; a hand-written one
per operation could.

An operation that creates objects carries their ids (a fresh uuid4 unless given), and
ids of the objects it derives from them (a key column, a covering index) are uuid5 of
its own: applying the same operation to the same schema always gives the same result.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Mapping
from typing import Any, ClassVar

from designer.schema.model import Schema


def new_id() -> str:
    return str(uuid.uuid4())


def derived_id(base: str, purpose: str) -> str:
    """The id of an object an operation derives from the one it creates (stable)."""
    return str(uuid.uuid5(uuid.UUID(base), purpose))


class OperationError(ValueError):
    """Why an operation cannot apply; ``field`` names the input it is about, if one.
    ``errors`` lists every (message, field) found, the first one included."""

    def __init__(
        self,
        message: str,
        field: str | None = None,
        errors: list[tuple[str, str | None]] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.errors = errors or [(message, field)]


class Invalid(OperationError):
    """The change would make the design invalid (or break a standard the editor keeps)."""


class Gone(OperationError):
    """An object the operation names no longer exists."""


@dataclasses.dataclass(frozen=True)
class Operation:
    """Base class: subclasses are frozen dataclasses with JSON-ready fields."""

    kind: ClassVar[str] = ""
    # Design-review rules whose new error-level findings this operation refuses, and
    # the input each is about (the editor keeps the standards PostgreSQL does not).
    guards: ClassVar[Mapping[str, str | None]] = {}

    def apply(self, schema: Schema) -> Schema:
        raise NotImplementedError

    def describe(self, schema: Schema) -> str:
        raise NotImplementedError

    def targets(self, schema: Schema) -> frozenset[str]:
        return frozenset()

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {"op": self.kind}
        for item in dataclasses.fields(self):
            data[item.name] = _plain(getattr(self, item.name))
        return data

    @classmethod
    def from_fields(cls, data: Mapping[str, Any]) -> Operation:
        """The operation of ``to_data``'s fields (``op`` removed); subclasses holding
        more than plain values override this. The lists in a mapping (``values``) are
        read back as the tuples the operation held: JSON has no tuples."""
        return cls(**{key: _held(value) for key, value in data.items()})


def _plain(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    if isinstance(value, Mapping):
        return {key: _plain(item) for key, item in value.items()}
    return value


def _held(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {key: _held(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return tuple(_held(item) for item in value)
    return value
