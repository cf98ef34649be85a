"""Threads of comments: on a proposal, on an object of the design, or on one change of a
proposal's diff.

A thread on an object keeps the object's stable id (``Thread.object_id``), its kind and
its table's id, and its name when the thread began (``object_label``). Its label is read
again from the design each time (``label_of``): the proposal's current version for a
thread of a proposal, else the working copy — so a thread follows a rename, and after a
delete it stays readable, about "removed: was orders.customer_id".

Bodies are Markdown, rendered safely (``render_comment``: Markdown, then nh3), with
``@username`` mentions of the project's members, who are notified.
"""

from __future__ import annotations

import re
import uuid
from collections import Counter
from dataclasses import dataclass
from html import escape
from typing import Any

import markdown
import nh3
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from .. import store
from ..access import acting_user, actor_name
from ..models import Comment, Membership, Project, Proposal, Thread
from ..operations import OperationError
from ..schema.diff import object_names
from ..schema.limits import MAX_DESCRIPTION_LENGTH, text_problem
from ..schema.model import Schema
from . import activity

MAX_COMMENT_LENGTH = MAX_DESCRIPTION_LENGTH  # a comment is documentation-sized at most
KINDS = (
    "entity",
    "field",
    "relationship",
    "index",
    "unique",
    "check",
    "enum",
    "domain",
    "sequence",
    "object",  # an object kept as SQL text: a view, a function, a trigger...
)
# A Django username's characters ([\w.@+-]); a mention starts after a space or a bracket,
# never inside a word or an e-mail address.
_MENTION = re.compile(r"(?<![\w@.+-])@([\w.+-]*[\w+-])")
_TAGS = {
    "p", "ul", "ol", "li", "pre", "code", "strong", "em", "a", "br", "blockquote", "span",
    "table", "thead", "tbody", "tr", "th", "td", "hr",
}  # fmt: skip
_ATTRIBUTES = {"a": {"href", "title"}}


class CommentError(OperationError):
    """Why a comment or a thread is refused; ``field`` names the input (body, object...)."""


# --- Markdown with mentions ---------------------------------------------------------------


def mentioned_names(text: str) -> set[str]:
    """The usernames ``@``-mentioned in ``text`` (members or not)."""
    return {match.group(1) for match in _MENTION.finditer(text)}


def member_names(project: Project) -> set[str]:
    """The usernames of the project's members: the only ones a mention names."""
    return set(Membership.objects.filter(project=project).values_list("user__username", flat=True))


def render_comment(text: str, members: set[str]) -> str:
    """``text`` (Markdown) as safe HTML; ``@name`` of a member becomes a mention.

    Mentions are swapped for letters-only markers before Markdown and sanitising, and
    the markers for the (escaped) mention after: nothing typed reaches the page
    unsanitised."""
    marker = f"MENTION{uuid.uuid4().hex}X"
    found: list[str] = []

    def keep(match: re.Match) -> str:
        name = match.group(1)
        if name not in members:
            return match.group(0)
        found.append(name)
        return f"{marker}{len(found) - 1}{marker}"

    html = markdown.markdown(_MENTION.sub(keep, text), extensions=["sane_lists"])
    html = nh3.clean(html, tags=_TAGS, attributes=_ATTRIBUTES)

    def mention(match: re.Match) -> str:
        return f'<span class="mention">@{escape(found[int(match.group(1))])}</span>'

    return re.sub(f"{marker}(\\d+){marker}", mention, html)


def _body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise CommentError("Write a comment.", "body")
    problem = text_problem(body, "comment", MAX_COMMENT_LENGTH)
    if problem:
        raise CommentError(f"{problem[0].upper()}{problem[1:]}.", "body")
    return body


# --- objects of a design by id ------------------------------------------------------------


@dataclass(frozen=True)
class DesignObject:
    """An object of a design a thread can be about."""

    id: str
    kind: str  # one of KINDS
    table_id: str | None
    label: str  # "orders.customer_id", "orders", "sales.status"


def design_objects(schema: Schema) -> dict[str, DesignObject]:
    """Every object of ``schema`` a comment can be anchored on, by id (kept per schema
    object: a page labelling many threads reads it once)."""
    return schema.derived(_design_objects)


def _design_objects(schema: Schema) -> dict[str, DesignObject]:
    names = object_names(schema)
    found: dict[str, DesignObject] = {}

    def add(object_id: str, kind: str, table_id: str | None, label: str) -> None:
        found.setdefault(_uuid_text(object_id), DesignObject(object_id, kind, table_id, label))

    for enum in schema.enums:
        add(enum.id, "enum", None, str(enum.qname))
    for domain in schema.domains:
        add(domain.id, "domain", None, f"domain {domain.qname}")
    for sequence in schema.sequences:
        add(sequence.id, "sequence", None, f"sequence {sequence.qname}")
    for item in schema.sql_objects:
        qualified = item.name if item.schema == "public" else f"{item.schema}.{item.name}"
        add(item.id, "object", None, f"{item.kind.value} {qualified}")
    tables = {table.qname: table for table in schema.tables}
    for table in schema.tables:
        add(table.id, "entity", table.id, str(table.qname))
        for column in table.columns:
            add(column.id, "field", table.id, f"{table.qname}.{column.name}")
        for kind, key, items in (
            ("index", "ix", table.indexes),
            ("unique", "uq", table.uniques),
            ("check", "ck", table.checks),
        ):
            for item in items:
                name = item.name or names.get((key, item.id)) or kind
                add(item.id, kind, table.id, f"{table.qname}: {name}")
    for relationship in schema.relationships:
        source = tables.get(relationship.from_table)
        name = relationship.name or names.get(("fk", relationship.id))
        label = name or f"{relationship.from_table} → {relationship.to_table}"
        add(relationship.id, "relationship", source.id if source else None, str(label))
    return found


def _uuid_text(value: Any) -> str:
    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        return str(value)


def find_object(schema: Schema, object_id: Any) -> DesignObject | None:
    return design_objects(schema).get(_uuid_text(object_id))


@dataclass(frozen=True)
class Label:
    """What a thread is about, as it reads now."""

    text: str
    removed: bool = False  # the object is no longer in the design
    kind: str = ""
    table_id: str | None = None

    def __str__(self) -> str:
        return f"removed: was {self.text}" if self.removed else self.text


def label_of(thread: Thread, schema: Schema | None) -> Label:
    """The thread's label now: the object's current name in ``schema`` (the design the
    thread is read against), or its name when the thread began, marked as removed."""
    if thread.anchor == Thread.Anchor.CHANGE:
        return Label(thread.change_text)
    if thread.anchor == Thread.Anchor.PROPOSAL:
        return Label(str(thread.proposal) if thread.proposal_id else "the proposal")
    found = find_object(schema, thread.object_id) if schema is not None else None
    if found is None:
        return Label(thread.object_label, removed=True, kind=thread.object_kind)
    return Label(found.label, kind=found.kind, table_id=found.table_id)


def thread_schema(thread: Thread) -> Schema:
    """The design a thread is read against: its proposal's current version, else the
    working copy."""
    if thread.proposal_id:
        from .versions import version_schema

        return version_schema(thread.proposal.version)
    return store.current_schema(thread.project)


# --- writing ------------------------------------------------------------------------------


def start_thread(
    project: Project,
    body: str,
    *,
    actor: Any,
    proposal: Proposal | None = None,
    anchor_object: DesignObject | None = None,
    change: tuple[str, str] | None = None,
) -> Thread:
    """A new thread with its first comment: on ``anchor_object`` (found in the design
    by ``find_object``), on ``change`` (its key and sentence, from the proposal's diff),
    or else on ``proposal``."""
    body = _body(body)
    if proposal is None and anchor_object is None:
        raise CommentError("Say what the thread is about: a proposal or an object.", "object")
    if change is not None and proposal is None:
        raise CommentError("A change is one of a proposal's: name the proposal.", "change")
    fields: dict[str, Any] = {"anchor": Thread.Anchor.PROPOSAL}
    if anchor_object is not None:
        fields = {
            "anchor": Thread.Anchor.OBJECT,
            "object_id": anchor_object.id,
            "object_kind": anchor_object.kind,
            "table_id": anchor_object.table_id,
            "object_label": anchor_object.label[:300],
        }
    elif change is not None:
        fields = {
            "anchor": Thread.Anchor.CHANGE,
            "change_key": change[0][:300],
            "change_text": change[1][:500],
        }
    with transaction.atomic():
        thread = Thread.objects.create(
            project=project, proposal=proposal, created_by=acting_user(actor), **fields
        )
        Comment.objects.create(thread=thread, author=acting_user(actor), body=body)
        about = str(label_of(thread, None)) if anchor_object is None else anchor_object.label
        text = f"commented on {about}"
        activity.record(project, actor, "comment", text, thread_url(thread))
        _notify_mentions(thread, body, actor)
    return thread


def reply(thread: Thread, body: str, *, actor: Any) -> Comment:
    """A comment in ``thread``; its participants are told (and the people mentioned)."""
    body = _body(body)
    with transaction.atomic():
        participants = list(_participants(thread))
        comment = Comment.objects.create(thread=thread, author=acting_user(actor), body=body)
        mentioned = _notify_mentions(thread, body, actor)
        others = [user for user in participants if user.pk not in mentioned]
        activity.notify(
            thread.project,
            others,
            "reply",
            f"{actor_name(actor)} replied in the thread on {_about(thread)}",
            thread_url(thread),
            actor=actor,
        )
        activity.record(thread.project, actor, "comment", "replied in a thread", thread_url(thread))
    return comment


def resolve(thread: Thread, *, actor: Any) -> Thread:
    if thread.resolved_at is None:
        Thread.objects.filter(pk=thread.pk).update(
            resolved_at=timezone.now(), resolved_by=acting_user(actor)
        )
        thread.refresh_from_db(fields=["resolved_at", "resolved_by"])
        activity.record(thread.project, actor, "comment", "resolved a thread", thread_url(thread))
    return thread


def reopen(thread: Thread, *, actor: Any) -> Thread:
    if thread.resolved_at is not None:
        Thread.objects.filter(pk=thread.pk).update(resolved_at=None, resolved_by=None)
        thread.refresh_from_db(fields=["resolved_at", "resolved_by"])
        activity.record(thread.project, actor, "comment", "reopened a thread", thread_url(thread))
    return thread


def _participants(thread: Thread):
    """Who began or wrote in ``thread``."""
    users = get_user_model().objects.filter(pk__in=_participant_ids(thread))
    return users


def _participant_ids(thread: Thread) -> set[Any]:
    ids = set(
        Comment.objects.filter(thread=thread, author__isnull=False).values_list(
            "author_id", flat=True
        )
    )
    if thread.created_by_id:
        ids.add(thread.created_by_id)
    return ids


def _notify_mentions(thread: Thread, body: str, actor: Any) -> set[Any]:
    """Notify the members ``@``-mentioned in ``body``; their ids."""
    names = mentioned_names(body)
    if not names:
        return set()
    users = list(
        get_user_model()
        .objects.filter(username__in=names, memberships__project=thread.project)
        .distinct()
    )
    activity.notify(
        thread.project,
        users,
        "mention",
        f"{actor_name(actor)} mentioned you in a thread on {_about(thread)}",
        thread_url(thread),
        actor=actor,
    )
    return {user.pk for user in users}


def _about(thread: Thread) -> str:
    return thread.object_label or thread.change_text or str(thread.proposal or "a proposal")


def thread_url(thread: Thread) -> str:
    from django.urls import reverse

    return reverse("designer:thread", args=[thread.project.slug, thread.pk])


# --- reading ------------------------------------------------------------------------------


def open_threads(project: Project):
    """The project's open threads, the newest activity first, with their proposal."""
    from django.db.models import Max

    return (
        Thread.objects.filter(project=project, resolved_at__isnull=True)
        .select_related("proposal__version", "created_by")
        .annotate(last_activity=Max("comments__created_at"))
        .order_by("-last_activity", "-created_at")
    )


def open_thread_counts(project: Project) -> dict[str, int]:
    """The number of open threads on each object and each table of the project's
    design, by id (text): the badges of the editor. One query."""
    counts: Counter[str] = Counter()
    rows = Thread.objects.filter(
        project=project, resolved_at__isnull=True, object_id__isnull=False
    ).values_list("object_id", "table_id")
    for object_id, table_id in rows:
        counts[str(object_id)] += 1
        if table_id is not None and table_id != object_id:
            counts[str(table_id)] += 1
    return dict(counts)
