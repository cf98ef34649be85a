"""Bounded memory for results keyed by text that users type (SQL expressions, names),
and for results worked out per immutable object (``identity_memo``).

``functools.cache`` keeps every distinct argument for the life of the process: keyed by
what users type, it grows without bound in a long-running server. ``TextMap`` keeps the
most recently used entries only, at most ``entries`` of them and at most ``characters``
characters of keys in all (a parse tree takes about 80 bytes per character of its text,
so bounding the keys bounds the values too); a key longer than a sixteenth of the
budget is not kept. ``text_memo`` is a decorator built on it.
"""

from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, Generic, NamedTuple, TypeVar

R = TypeVar("R")
V = TypeVar("V")
_MISSING: Any = object()


class MemoInfo(NamedTuple):
    entries: int
    characters: int
    max_entries: int
    max_characters: int


class TextMap(Generic[V]):
    """A least-recently-used map from text to values, bounded in entries and in the
    total length of its keys. Safe to share between threads."""

    def __init__(self, *, entries: int, characters: int) -> None:
        self.max_entries = entries
        self.max_characters = characters
        self._items: OrderedDict[str, V] = OrderedDict()
        self._characters = 0
        self._lock = threading.Lock()

    def get(self, key: str, default: Any = None) -> Any:
        with self._lock:
            if key not in self._items:
                return default
            self._items.move_to_end(key)
            return self._items[key]

    def put(self, key: str, value: V) -> None:
        if len(key) > self.max_characters // 16:
            return
        with self._lock:
            if key in self._items:
                self._items[key] = value
                self._items.move_to_end(key)
                return
            self._items[key] = value
            self._characters += len(key)
            while len(self._items) > self.max_entries or self._characters > self.max_characters:
                old, _ = self._items.popitem(last=False)
                self._characters -= len(old)

    def __len__(self) -> int:
        return len(self._items)

    def info(self) -> MemoInfo:
        return MemoInfo(len(self._items), self._characters, self.max_entries, self.max_characters)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._characters = 0


class TextMemo(Generic[R]):
    """``function(text)``, remembered for the most recently used texts."""

    def __init__(self, function: Callable[[str], R], *, entries: int, characters: int) -> None:
        self._function = function
        self._results: TextMap[R] = TextMap(entries=entries, characters=characters)
        functools.update_wrapper(self, function)

    def __call__(self, text: str) -> R:
        result = self._results.get(text, _MISSING)
        if result is _MISSING:
            result = self._function(text)
            self._results.put(text, result)
        return result

    def cache_info(self) -> MemoInfo:
        return self._results.info()

    def cache_clear(self) -> None:
        self._results.clear()


def text_memo(*, entries: int, characters: int) -> Callable[[Callable[[str], R]], TextMemo[R]]:
    """Decorate a pure function of one string with a bounded memo (see the module)."""

    def decorate(function: Callable[[str], R]) -> TextMemo[R]:
        return TextMemo(function, entries=entries, characters=characters)

    return decorate


class IdentityMemo(Generic[R]):
    """``function(*objects)`` for immutable objects, remembered by the objects' identity.

    A change to a schema builds a new ``Schema`` that shares every table, relationship
    and index the change did not touch (they are frozen), so what is worked out per
    table survives the change for all tables but the touched ones. Entries hold their
    arguments, so an identity is never reused while its entry lives; at most ``entries``
    of the most recently used are kept. Hashing the objects instead would walk them
    whole at every call. Safe to share between threads."""

    def __init__(self, function: Callable[..., R], *, entries: int) -> None:
        self._function = function
        self.max_entries = entries
        self._items: OrderedDict[tuple[int, ...], tuple[tuple[object, ...], R]] = OrderedDict()
        self._lock = threading.Lock()
        functools.update_wrapper(self, function)

    def __call__(self, *objects: object) -> R:
        key = tuple(map(id, objects))
        with self._lock:
            entry = self._items.get(key)
            if entry is not None:
                self._items.move_to_end(key)
                return entry[1]
        result = self._function(*objects)
        with self._lock:
            self._items[key] = (objects, result)
            while len(self._items) > self.max_entries:
                self._items.popitem(last=False)
        return result

    def __len__(self) -> int:
        return len(self._items)

    def cache_clear(self) -> None:
        with self._lock:
            self._items.clear()


def identity_memo(*, entries: int) -> Callable[[Callable[..., R]], IdentityMemo[R]]:
    """Decorate a pure function of immutable objects with a bounded memo by identity."""

    def decorate(function: Callable[..., R]) -> IdentityMemo[R]:
        return IdentityMemo(function, entries=entries)

    return decorate
