"""What is generated from a design, kept in each process by (project, revision, kind, options).

A download's bytes, the review's findings, the diagram's Mermaid text, the highlighted
previews, the document page's HTML and the editor's entity list all depend only on the
design at one revision, and a revision never changes: an entry is never stale, so a cache
in each process is right with any number of processes and machines, and nothing is ever
invalidated (a change makes a new revision, hence new keys; old entries fall out of the
least-recently-used end). ``ARTIFACT_CACHE_MB`` bounds the memory it holds in each
process: entries are weighed by the text and bytes they hold (a generated file's size
varies a thousandfold with the design, so a count of entries would bound nothing).

``generated(project, kind, make, *options)`` is the way in for the views: on a miss it
reads the project's schema (``designer.store.current_schema``) and calls ``make(schema)``
once, however many requests of the process ask for it at the same time. ``generated_at``
is the same for a design saved as a version (its schema and revision given), and
``recorded`` for HTML made from the records (the editor's entity panel).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings

from .lint import lint
from .lint.findings import Finding
from .models import Project
from .schema.model import Schema
from .store import current_schema

T = TypeVar("T")
Key = tuple[str, int, str, tuple[Hashable, ...]]  # (project id, revision, kind, options)


@dataclass
class Stats:
    hits: int = 0
    misses: int = 0  # each one a generation
    evictions: int = 0


RECORD_WEIGHT = 512  # bytes counted for an object that is not text (a finding, say)


def weight(value: Any) -> int:
    """Roughly the bytes ``value`` holds: its text and bytes, and a fixed estimate for
    each other object in it."""
    if isinstance(value, str | bytes):
        return len(value) + 50
    if isinstance(value, tuple | list):
        return 56 + sum(weight(item) for item in value)
    if isinstance(value, dict):
        return 64 + sum(weight(k) + weight(v) for k, v in value.items())
    return RECORD_WEIGHT


class ArtifactCache:
    """A least-recently-used map of generated artifacts, at most ``budget`` bytes by
    ``weight`` (thread-safe). A value heavier than the whole budget is not kept.

    Two threads that miss the same key wait for one generation rather than both running
    it (the document of a large design takes a second).
    """

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.stats = Stats()
        self.weight = 0
        self._items: OrderedDict[Key, tuple[Any, int]] = OrderedDict()
        self._lock = threading.Lock()
        self._making: dict[Key, threading.Lock] = {}

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, key: Key) -> bool:
        return key in self._items

    def get(self, key: Key) -> tuple[bool, Any]:
        """(True, the value) when ``key`` is kept, else (False, None)."""
        with self._lock:
            item = self._items.get(key)
            if item is None:
                return False, None
            self._items.move_to_end(key)
            self.stats.hits += 1
            return True, item[0]

    def get_or_make(self, key: Key, make: Callable[[], T]) -> T:
        found, value = self.get(key)
        if found:
            return value
        with self._lock:
            making = self._making.setdefault(key, threading.Lock())
        with making:
            found, value = self.get(key)
            if found:
                return value
            try:
                value = make()
                self.put(key, value)
            finally:
                with self._lock:
                    self._making.pop(key, None)
            return value

    def put(self, key: Key, value: Any) -> None:
        """Keep ``value`` (a generation: counted as a miss)."""
        size = weight(key) + weight(value)
        with self._lock:
            self.stats.misses += 1
            if size > self.budget:
                return
            self._items[key] = (value, size)
            self.weight += size
            while self.weight > self.budget:
                _, (_, dropped) = self._items.popitem(last=False)
                self.weight -= dropped
                self.stats.evictions += 1

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self.weight = 0
            self.stats = Stats()


artifact_cache = ArtifactCache(getattr(settings, "ARTIFACT_CACHE_MB", 64) * 1024 * 1024)


def generated(project: Project, kind: str, make: Callable[[Schema], T], *options: Hashable) -> T:
    """``make(schema)`` of the project's design at ``project.revision`` (as read with the
    project), generated once per revision in this process.

    On a miss the schema is read at the latest revision, which may be newer than the one
    the project was read at: the result is then kept under that revision.
    """
    key = (str(project.pk), project.revision, kind, options)
    found, value = artifact_cache.get(key)
    if found:
        return value
    schema = current_schema(project)  # project.revision is now the schema's
    key = (str(project.pk), project.revision, kind, options)
    return artifact_cache.get_or_make(key, lambda: make(schema))


def generated_at(
    project: Project,
    revision: int,
    read: Callable[[], Schema],
    kind: str,
    make: Callable[[Schema], T],
    *options: Hashable,
) -> T:
    """``make(schema)`` of a design already saved elsewhere (a version): ``read()`` gives
    the project's schema as it was at ``revision``, and is called only on a miss (a
    version's design file is what costs to read). Kept under the same key as
    ``generated`` would keep it at that revision: the artifacts are the same."""
    key = (str(project.pk), revision, kind, options)
    return artifact_cache.get_or_make(key, lambda: make(read()))


def recorded(project: Project, kind: str, make: Callable[[], T], *options: Hashable) -> T:
    """``make()``, which reads the project's records, kept for ``project.revision``: only
    when the revision is still the same once it is made, so that no change committed while
    the records were read (every change bumps the revision in the transaction that writes
    its records)."""
    revision = project.revision
    key = (str(project.pk), revision, kind, options)
    found, value = artifact_cache.get(key)
    if found:
        return value
    value = make()
    now = Project.objects.filter(pk=project.pk).values_list("revision", flat=True).first()
    if now == revision:
        artifact_cache.put(key, value)
    return value


def findings(project: Project, schema: Schema, revision: int | None = None) -> tuple[Finding, ...]:
    """The design review of ``schema``, the project's schema at ``revision`` (by default
    ``project.revision``), with the profile and suppressions it holds."""
    revision = project.revision if revision is None else revision
    key = (str(project.pk), revision, "findings", ())
    return artifact_cache.get_or_make(
        key, lambda: tuple(lint(schema, schema.review_profile, schema.suppressions))
    )
