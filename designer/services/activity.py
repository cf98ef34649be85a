"""The activity feed of a project and the notifications of its people.

``record`` adds an event to the feed (changes of the design are in the change log and
merged into the feed when it is read); ``notify`` tells people about it in the app (the
count in the header) and by e-mail when they asked for it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urljoin

from django.conf import settings
from django.core.mail import send_mass_mail
from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import Case, CharField, QuerySet, Value, When
from django.utils import timezone

from ..access import acting_user
from ..models import AccountSettings, Activity, Change, Notification, Project

logger = logging.getLogger(__name__)

FEED_PER_PAGE = 50
_CHANGE = "change"
_ACTIVITY = "activity"


def record(project: Project, actor: Any, kind: str, text: str, url: str = "") -> Activity:
    """Add ``text`` (what ``actor`` did, such as "opened proposal #3") to the feed."""
    return Activity.objects.create(
        project=project, actor=acting_user(actor), kind=kind, text=text[:500], url=url[:500]
    )


def notify(
    project: Project, users: Iterable[Any], reason: str, text: str, url: str = "", *, actor: Any
) -> list[Notification]:
    """A notification for each of ``users`` but ``actor`` (no one is told what they did),
    and an e-mail for those of them who asked for one (sent once the action is committed:
    a rolled-back action tells no one)."""
    actor = acting_user(actor)
    seen: set[Any] = set()
    made = []
    for user in users:
        if user is None or user.pk in seen or (actor is not None and user.pk == actor.pk):
            continue
        seen.add(user.pk)
        made.append(
            Notification(user=user, project=project, reason=reason, text=text[:500], url=url[:500])
        )
    Notification.objects.bulk_create(made)
    _email(project, made)
    return made


# -- e-mail ---------------------------------------------------------------------------


def _email(project: Project, made: list[Notification]) -> None:
    """One e-mail per notification, to the people who opted in and have an address."""
    addressed = [note for note in made if note.user.email]
    if not addressed:
        return
    opted_in = set(
        AccountSettings.objects.filter(
            user__in=[note.user_id for note in addressed], email_notifications=True
        ).values_list("user_id", flat=True)
    )
    messages = [_message(project, note) for note in addressed if note.user_id in opted_in]
    if messages:
        transaction.on_commit(lambda: _send(messages))


def _message(project: Project, note: Notification) -> tuple[str, str, None, list[str]]:
    subject = " ".join(f"[{project.name}] {note.text}".split())[:200]  # no line breaks
    lines = [note.text, ""]
    if note.url:
        lines.append(absolute_url(note.url))
    lines += ["", "You receive this because you asked for your notifications by e-mail;"]
    lines.append(f"turn it off at {absolute_url('/notifications/settings/')}.")
    return subject, "\n".join(lines), None, [note.user.email]


def _send(messages: list[tuple[str, str, None, list[str]]]) -> None:
    """Send; a mail server that fails must not fail what the person did (it is logged)."""
    try:
        send_mass_mail(messages, fail_silently=False)
    except Exception:
        logger.exception("could not send %d notification e-mail(s)", len(messages))


def absolute_url(url: str) -> str:
    """``url`` (a path of this site) as a full address, for an e-mail (``SITE_URL``)."""
    return urljoin(settings.SITE_URL.rstrip("/") + "/", url)


# -- notifications ----------------------------------------------------------------------


def notifications_of(user: Any) -> QuerySet[Notification]:
    """``user``'s notifications: the unread first, then newest first."""
    unread_first = Case(When(read_at__isnull=True, then=Value(0)), default=Value(1))
    return (
        Notification.objects.filter(user=user)
        .select_related("project")
        .annotate(read_order=unread_first)
        .order_by("read_order", "-created_at")
    )


def unread_count(user: Any) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def mark_read(notification: Notification) -> None:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )


def mark_all_read(user: Any) -> int:
    """Mark every unread notification of ``user`` read; how many were."""
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def wants_email(user: Any) -> bool:
    return AccountSettings.objects.filter(user=user, email_notifications=True).exists()


def set_wants_email(user: Any, wanted: bool) -> None:
    AccountSettings.objects.update_or_create(user=user, defaults={"email_notifications": wanted})


# -- the feed ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Event:
    """One line of the feed: a change of the design (``change`` set) or an activity."""

    actor: Any
    when: datetime
    text: str
    kind: str
    url: str = ""
    change: Change | None = None


def _keys(project: Project) -> QuerySet:
    """(when, source, id) of every event of the feed, newest first: one query reads a
    page of them whatever the lengths of the change log and the activities."""
    source = CharField()
    changes = (
        Change.objects.filter(project=project)
        .annotate(source=Value(_CHANGE, output_field=source))
        .values_list("created_at", "source", "id")
        .order_by()
    )
    activities = (
        Activity.objects.filter(project=project)
        .annotate(source=Value(_ACTIVITY, output_field=source))
        .values_list("created_at", "source", "id")
        .order_by()  # (the model's ordering: not allowed inside a UNION)
    )
    return changes.union(activities, all=True).order_by("-created_at", "-source", "-id")


def feed_page(project: Project, number: Any) -> Page:
    """The page ``number`` of the feed (FEED_PER_PAGE events of ``Event``): four queries —
    the count, the page's keys, its changes, its activities."""
    page = Paginator(_keys(project), FEED_PER_PAGE).get_page(number)
    keys = list(page.object_list)
    change_ids = [pk for _, source, pk in keys if source == _CHANGE]
    activity_ids = [pk for _, source, pk in keys if source == _ACTIVITY]
    changes: dict = {}
    if change_ids:
        changes = (
            Change.objects.select_related("actor")
            .defer("patch", "operations", "touched")  # what a change did: not shown
            .in_bulk(change_ids)
        )
    activities: dict = {}
    if activity_ids:
        activities = Activity.objects.select_related("actor").in_bulk(activity_ids)
    events = []
    for _, source, pk in keys:
        if source == _CHANGE and pk in changes:
            events.append(_change_event(changes[pk]))
        elif source == _ACTIVITY and pk in activities:
            events.append(_activity_event(activities[pk]))
    page.object_list = events
    return page


def _change_event(change: Change) -> Event:
    return Event(change.actor, change.created_at, change.summary, change.kind, change=change)


def _activity_event(activity: Activity) -> Event:
    return Event(activity.actor, activity.created_at, activity.text, activity.kind, activity.url)
