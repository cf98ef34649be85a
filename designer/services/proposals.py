"""Proposals: a version of the design reviewed against a base, approved, and merged.

Opening a proposal saves the working copy as a version at that moment (``p3``); each
update by its author saves another (``p3.2``...) and keeps the history
(``ProposalUpdate``). Reviewers approve or request changes on the current version: a
reviewer's latest verdict counts, and only on the current version — an approval given
before an update is stale. An owner merges when the project's rules allow it
(``merge_status``): the proposal's version becomes the project's base version, the base
of the next proposals; the working copy is not changed.

Every write of proposals is here; each records the activity and tells the people
concerned (``designer.services.activity``).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from ..access import acting_user, actor_name
from ..generators.migration_sql import MigrationError, migration
from ..models import Membership, Project, Proposal, ProposalReview, ProposalUpdate, Role, Version
from ..operations import OperationError
from ..schema.diff import Change, diff
from ..schema.limits import MAX_DESCRIPTION_LENGTH, text_problem
from ..schema.model import Schema
from . import activity
from .migrations import Comparison, End, end, review_delta
from .versions import VersionError, name_problem, save_version

MAX_TITLE_LENGTH = 200  # Proposal.title
MAX_PROPOSAL_DESCRIPTION_LENGTH = MAX_DESCRIPTION_LENGTH
EMPTY = "empty"  # the name of the empty design, the base of a proposal with none
_ATTEMPTS = 5  # a number or a version name taken meanwhile: tried again
APPROVERS = (Role.REVIEWER, Role.EDITOR, Role.OWNER)


class ProposalError(OperationError):
    """Why a proposal cannot be opened, updated, reviewed, merged or closed; ``field``
    names the input it is about."""


# --- opening and updating -----------------------------------------------------------------


def default_base(project: Project) -> Version | None:
    """The base a new proposal is compared with: the last merged proposal's version,
    else the newest version, else none (an empty design)."""
    if project.base_version_id:
        return project.base_version
    return Version.objects.filter(project=project).defer("design").order_by("-created_at").first()


def open_proposal(
    project: Project,
    *,
    title: str,
    description: str = "",
    base: Version | None,
    actor: Any,
) -> Proposal:
    """Save the working copy as a new version and open a proposal of it against
    ``base``; numbers go 1, 2, 3... per project, safely under concurrent openings."""
    title, description = _checked(title, description)
    if base is not None and base.project_id != project.pk:
        raise ProposalError("Choose a version of this project as the base.", "base")
    for attempt in range(_ATTEMPTS):
        try:
            proposal = _open(project, title, description, base, actor)
            break
        except IntegrityError:  # the number taken by a concurrent opening
            if attempt == _ATTEMPTS - 1:
                raise ProposalError("The proposal could not be numbered: try again.") from None
    url = proposal.get_absolute_url()
    activity.record(project, actor, "proposal", f"opened proposal {proposal}", url)
    activity.notify(
        project,
        _approvers(project),
        "review",
        f"{actor_name(actor)} asks for your review of proposal {proposal}",
        url,
        actor=actor,
    )
    return proposal


def _open(project, title, description, base, actor) -> Proposal:
    with transaction.atomic():
        # One opening at a time per project (PostgreSQL); SQLite writes one at a time.
        Project.objects.select_for_update().filter(pk=project.pk).first()
        last = Proposal.objects.filter(project=project).aggregate(n=Max("number"))["n"]
        number = (last or 0) + 1
        version = _save(project, f"p{number}", f"Proposal #{number}: {title}", actor)
        proposal = Proposal.objects.create(
            project=project,
            number=number,
            title=title,
            description=description,
            author=acting_user(actor),
            base=base,
            version=version,
        )
        ProposalUpdate.objects.create(proposal=proposal, version=version, author=acting_user(actor))
    return proposal


def update_proposal(proposal: Proposal, *, actor: Any, note: str = "") -> ProposalUpdate:
    """Save the working copy as the proposal's new version (its author only); the
    earlier versions stay in its history, and the verdicts given on them become stale."""
    _must_be_open(proposal)
    if not is_author(proposal, actor):
        raise ProposalError("Only the proposal's author can update it.")
    problem = text_problem(note.strip(), "note", MAX_DESCRIPTION_LENGTH)
    if problem:
        raise ProposalError(f"{problem[0].upper()}{problem[1:]}.", "note")
    with transaction.atomic():
        count = ProposalUpdate.objects.filter(proposal=proposal).count()
        name = f"p{proposal.number}.{count + 1}"
        version = _save(proposal.project, name, f"Proposal {proposal}, update {count}", actor)
        update = ProposalUpdate.objects.create(
            proposal=proposal, version=version, author=acting_user(actor), note=note.strip()
        )
        Proposal.objects.filter(pk=proposal.pk).update(version=version, updated_at=timezone.now())
        proposal.version = version
    url = proposal.get_absolute_url()
    activity.record(proposal.project, actor, "proposal", f"updated proposal {proposal}", url)
    activity.notify(
        proposal.project,
        _approvers(proposal.project),
        "review",
        f"{actor_name(actor)} updated proposal {proposal}: it asks for your review again",
        url,
        actor=actor,
    )
    return update


def _save(project: Project, name: str, message: str, actor: Any) -> Version:
    """Save the working copy as ``name``, or the first of ``name-2``, ``name-3``... that is
    free (a user may have taken the name for a version of their own)."""
    for suffix in range(1, 50):
        candidate = name if suffix == 1 else f"{name}-{suffix}"
        if name_problem(candidate):
            break
        try:
            return save_version(project, candidate, message[:MAX_DESCRIPTION_LENGTH], actor=actor)
        except VersionError as error:
            if error.field != "name":
                raise ProposalError(error.message) from None
    raise ProposalError("No free name for the proposal's version: try again.")


def _checked(title: str, description: str) -> tuple[str, str]:
    title, description = (title or "").strip(), (description or "").strip()
    if not title:
        raise ProposalError("Give the proposal a title.", "title")
    if len(title) > MAX_TITLE_LENGTH:
        raise ProposalError(
            f"A title is at most {MAX_TITLE_LENGTH} characters ({len(title)} given).", "title"
        )
    for text, what in ((title, "title"), (description, "description")):
        problem = text_problem(text, what, MAX_PROPOSAL_DESCRIPTION_LENGTH)
        if problem:
            raise ProposalError(f"{problem[0].upper()}{problem[1:]}.", what)
    return title, description


# --- verdicts -----------------------------------------------------------------------------


def review_proposal(
    proposal: Proposal, *, actor: Any, verdict: str, body: str = ""
) -> ProposalReview:
    """``actor``'s verdict (approve, or request changes) on the proposal's current
    version; the author cannot review their own proposal."""
    _must_be_open(proposal)
    if verdict not in ProposalReview.Verdict.values:
        raise ProposalError("Approve, or request changes.", "verdict")
    if is_author(proposal, actor):
        raise ProposalError("You cannot review your own proposal: ask another member.")
    body = (body or "").strip()
    problem = text_problem(body, "comment", MAX_DESCRIPTION_LENGTH)
    if problem:
        raise ProposalError(f"{problem[0].upper()}{problem[1:]}.", "body")
    review = ProposalReview.objects.create(
        proposal=proposal, reviewer=actor, version=proposal.version, verdict=verdict, body=body
    )
    url = proposal.get_absolute_url()
    approved = verdict == ProposalReview.Verdict.APPROVE
    what = "approved" if approved else "requested changes to"
    activity.record(proposal.project, actor, "review", f"{what} proposal {proposal}", url)
    activity.notify(
        proposal.project,
        [proposal.author],
        "approval" if approved else "changes",
        f"{actor_name(actor)} {what} your proposal {proposal}",
        url,
        actor=actor,
    )
    return review


@dataclass(frozen=True)
class Verdict:
    """A reviewer's latest verdict, and whether it is on the current version."""

    review: ProposalReview
    stale: bool

    @property
    def counts_as_approval(self) -> bool:
        return not self.stale and self.review.verdict == ProposalReview.Verdict.APPROVE


def verdicts(proposal: Proposal) -> list[Verdict]:
    """Each reviewer's latest verdict, the newest first."""
    latest: dict[Any, ProposalReview] = {}
    reviews = ProposalReview.objects.filter(proposal=proposal).select_related("reviewer", "version")
    for review in reviews.order_by("created_at"):
        latest[review.reviewer_id] = review
    ordered = sorted(latest.values(), key=lambda review: review.created_at, reverse=True)
    return [Verdict(review, review.version_id != proposal.version_id) for review in ordered]


@dataclass(frozen=True)
class MergeStatus:
    approvals: int
    required: int
    changes_requested: int
    open_threads: int
    threads_block: bool
    state: str
    blockers: tuple[str, ...] = field(default=())

    @property
    def mergeable(self) -> bool:
        return not self.blockers


def merge_status(proposal: Proposal, found: list[Verdict] | None = None) -> MergeStatus:
    """What a merge waits for: approvals, open threads, an open proposal."""
    project = proposal.project
    found = verdicts(proposal) if found is None else found
    approvals = sum(1 for verdict in found if verdict.counts_as_approval)
    changes = sum(
        1
        for verdict in found
        if not verdict.stale and verdict.review.verdict == ProposalReview.Verdict.CHANGES
    )
    threads = proposal.threads.filter(resolved_at__isnull=True).count()
    blockers = []
    if proposal.state != Proposal.State.OPEN:
        blockers.append(f"The proposal is {proposal.state}.")
    if approvals < project.required_approvals:
        blockers.append(
            f"{approvals} of {project.required_approvals} required approval"
            f"{'s' if project.required_approvals != 1 else ''}."
        )
    if project.open_threads_block and threads:
        blockers.append(
            f"{threads} open thread{'s' if threads != 1 else ''} "
            f"block{'s' if threads == 1 else ''} merging."
        )
    return MergeStatus(
        approvals,
        project.required_approvals,
        changes,
        threads,
        project.open_threads_block,
        proposal.state,
        tuple(blockers),
    )


# --- merging and closing ------------------------------------------------------------------


def merge_proposal(proposal: Proposal, *, actor: Any) -> Proposal:
    """Mark the proposal merged and make its version the project's base version; refused
    (``ProposalError``) while ``merge_status`` names what it waits for."""
    with transaction.atomic():
        Project.objects.select_for_update().filter(pk=proposal.project_id).first()
        proposal.refresh_from_db()
        status = merge_status(proposal)
        if not status.mergeable:
            raise ProposalError("It cannot be merged yet: " + " ".join(status.blockers))
        now = timezone.now()
        Proposal.objects.filter(pk=proposal.pk).update(
            state=Proposal.State.MERGED, merged_at=now, merged_by=acting_user(actor), updated_at=now
        )
        Project.objects.filter(pk=proposal.project_id).update(base_version=proposal.version)
        proposal.refresh_from_db()
        proposal.project.base_version = proposal.version
    url = proposal.get_absolute_url()
    activity.record(proposal.project, actor, "proposal", f"merged proposal {proposal}", url)
    return proposal


def close_proposal(proposal: Proposal, *, actor: Any) -> Proposal:
    """Close an open proposal without merging it."""
    _must_be_open(proposal)
    Proposal.objects.filter(pk=proposal.pk).update(
        state=Proposal.State.CLOSED, updated_at=timezone.now()
    )
    proposal.state = Proposal.State.CLOSED
    url = proposal.get_absolute_url()
    activity.record(proposal.project, actor, "proposal", f"closed proposal {proposal}", url)
    return proposal


# --- the comparison -----------------------------------------------------------------------


def comparison(proposal: Proposal) -> Comparison:
    """The proposal's base → its current version: the diff, the migration and the review's
    delta, as the compare page shows them; with no base, from an empty design."""
    project = proposal.project
    new = end(project, proposal.version.name)
    if proposal.base is not None:
        old = end(project, proposal.base.name)
    else:
        empty = replace(Schema(), name=new.schema.name, pg_version=new.schema.pg_version)
        old = End(EMPTY, "an empty design", empty, -1)  # (its review: cached as revision -1)
    changes = diff(old.schema, new.schema)
    try:
        written = migration(old.schema, new.schema)
        error = ""
    except MigrationError as failure:
        written, error = None, str(failure)
    appeared, resolved = review_delta(project, old, new)
    return Comparison(old, new, changes, written, error, appeared, resolved)


def change_key(change: Change) -> str:
    """A change's key in a diff: its kind and object id (and value, for an enum's values,
    which have no ids)."""
    key = f"{change.kind.value}:{change.id}"
    if change.kind.value.startswith("enum_value"):
        key += f":{change.new if change.new is not None else change.old}"
    return key[:300]


def change_anchor(change: Change) -> tuple[str, str] | None:
    """The object a change is about, as (id, kind) of ``comments.KINDS``, when it is one."""
    value = change.kind.value
    if value.startswith("column_"):
        return change.id, "field"
    if value.startswith("table_"):
        return change.id, "entity"
    for prefix, kind in (
        ("index_", "index"),
        ("unique_", "unique"),
        ("check_", "check"),
        ("foreign_key_", "relationship"),
    ):
        if value.startswith(prefix):
            return change.id, kind
    if value.startswith("enum_") and not value.startswith("enum_value"):
        return change.id, "enum"
    return None


# --- helpers ------------------------------------------------------------------------------


def is_author(proposal: Proposal, user: Any) -> bool:
    return acting_user(user) is not None and proposal.author_id == user.pk


def _must_be_open(proposal: Proposal) -> None:
    if proposal.state != Proposal.State.OPEN:
        raise ProposalError(f"The proposal is {proposal.state}: it can no longer change.")


def _approvers(project: Project) -> list[Any]:
    memberships = Membership.objects.filter(project=project, role__in=APPROVERS)
    return [membership.user for membership in memberships.select_related("user")]
