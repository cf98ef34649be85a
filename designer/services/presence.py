"""Presence: who else has a project open in the editor, and on which entity.

The editor polls the project's revision every two seconds (``designer.views.history.
revision``); each poll of a signed-in member says "I am here, on this entity" through
``seen``, which answers with the others. One row per person and project
(``designer.models.Presence``), written at most every ``WRITE_EVERY`` seconds or when the
open entity changes — not on every poll — so that presence costs one read per poll; a
person not seen for ``PRESENT_FOR`` seconds has left.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from ..models import Entity, Presence, Project

WRITE_EVERY = timedelta(seconds=10)
PRESENT_FOR = timedelta(seconds=15)  # > WRITE_EVERY + the poll's period, with room to spare


@dataclass(frozen=True)
class Present:
    """Someone else with the project open; ``entity`` is the name of the entity they are
    on (None on none, or on one deleted meanwhile)."""

    user: str
    entity: str | None
    entity_id: str | None

    def as_json(self) -> dict[str, str | None]:
        return {"user": self.user, "entity": self.entity, "entity_id": self.entity_id}


def _entity_id(value: Any) -> uuid.UUID | None:
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value or ""))
    except ValueError:
        return None


def seen(project: Project, user: Any, entity_id: Any = None) -> list[Present]:
    """Note that ``user`` has ``project`` open on the entity ``entity_id`` (an id, or
    None), and return the others seen in the last ``PRESENT_FOR`` seconds, by name.

    One query reads both this person's row and the others'; a second writes this
    person's row (an upsert) only when it is missing, older than ``WRITE_EVERY`` or on
    another entity."""
    now = timezone.now()
    entity_id = _entity_id(entity_id)
    rows = _rows(project, user, since=now - PRESENT_FOR)
    mine = next((row for row in rows if row[0] == user.pk), None)
    if mine is None or mine[2] != entity_id or now - mine[4] >= WRITE_EVERY:
        _upsert(project, user, entity_id, now)
    return [
        Present(user=username, entity=name, entity_id=str(entity) if name else None)
        for user_id, username, entity, name, when in rows
        if user_id != user.pk and when >= now - PRESENT_FOR
    ]


def _rows(project: Project, user: Any, *, since) -> list[tuple]:
    """(user id, username, entity id, entity name, seen at) of ``user`` and of the
    others seen since ``since``, by username."""
    entity_name = Entity.objects.filter(project=project, pk=OuterRef("entity_id")).values("name")
    return list(
        Presence.objects.filter(project=project)
        .filter(Q(user=user) | Q(seen_at__gte=since))
        .annotate(entity_name=Subquery(entity_name[:1]))
        .order_by("user__username")
        .values_list("user_id", "user__username", "entity_id", "entity_name", "seen_at")
    )


def _upsert(project: Project, user: Any, entity_id: uuid.UUID | None, now) -> None:
    """Insert or update the row of (project, user) in one statement: two tabs of the same
    person polling at once cannot collide on the unique constraint."""
    Presence.objects.bulk_create(
        [Presence(project=project, user=user, entity_id=entity_id, seen_at=now)],
        update_conflicts=True,
        unique_fields=["project", "user"],
        update_fields=["entity_id", "seen_at"],
    )
