"""The team around a project: members and their roles, invitations, share links and the
project's review rules.

Every write of these records is here (views never write). A project always keeps an
owner: the last owner can neither leave nor be given another role. The checks that keep
one lock the project's row first (``select_for_update``; SQLite's transactions take the
write lock when they begin), so that two owners demoting each other at the same moment
cannot leave none.
"""

from __future__ import annotations

import logging
import re
import secrets
import smtplib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from ..models import Invitation, Membership, Notification, Project, Role, ShareLink
from . import activity

logger = logging.getLogger(__name__)

INVITATION_DAYS = 7
SHARE_LINK_EXPIRIES = {"never": None, "1": 1, "7": 7, "30": 30}  # choice: days
MAX_REQUIRED_APPROVALS = 20
TOKEN = re.compile(r"[A-Za-z0-9_-]{1,64}")
LAST_OWNER = (
    "A project always keeps an owner: make another member an owner first (or delete the project)."
)


class TeamError(Exception):
    """A change the team's rules refuse, with a message for the person who asked (and the
    form field it is about, when there is one)."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def add_owner(project: Project, user: Any) -> None:
    """Make ``user`` (the creator of ``project``) its owner."""
    if user is None or not getattr(user, "is_authenticated", False):
        return
    Membership.objects.update_or_create(project=project, user=user, defaults={"role": Role.OWNER})


def share_link_used(link: ShareLink, when: datetime) -> None:
    """Note that ``link`` was used (shown to its owner as "last used")."""
    ShareLink.objects.filter(pk=link.pk).update(last_used_at=when)
    link.last_used_at = when


# Reading -------------------------------------------------------------------------------


def members_of(project: Project) -> QuerySet[Membership]:
    return project.memberships.select_related("user").order_by("created_at")


def pending_invitations(project: Project) -> QuerySet[Invitation]:
    return _pending(project.invitations.select_related("user", "invited_by"))


def _pending(invitations: QuerySet[Invitation]) -> QuerySet[Invitation]:
    return invitations.filter(
        accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
    )


def is_token(text: str) -> bool:
    """Whether ``text`` looks like a token of ours (``secrets.token_urlsafe``): anything
    else is not looked up (PostgreSQL refuses a NUL in a query's text)."""
    return TOKEN.fullmatch(text) is not None


def pending_invitation(token: str) -> Invitation | None:
    """The invitation of ``token`` if it can still be accepted (not expired, revoked or
    accepted), else None."""
    if not is_token(token):
        return None
    invitations = Invitation.objects.select_related("project", "user", "invited_by")
    return _pending(invitations).filter(token=token).first()


def share_links_of(project: Project) -> QuerySet[ShareLink]:
    return project.share_links.select_related("created_by")


def share_link_state(link: ShareLink, now: datetime | None = None) -> str:
    """ "active", "expired" or "revoked"."""
    if link.revoked_at is not None:
        return "revoked"
    if link.expires_at is not None and link.expires_at <= (now or timezone.now()):
        return "expired"
    return "active"


# Invitations ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Invitee:
    """Whom an invitation is for: an account, or an e-mail address without one."""

    user: Any = None
    email: str = ""


def find_invitee(project: Project, who: str) -> Invitee:
    """The account named ``who`` (a username, or the e-mail address of one account), or
    the e-mail address ``who`` when no account has it; ``TeamError`` when ``who`` is
    neither or is a member already."""
    users = get_user_model().objects.filter(is_active=True)
    user = users.filter(username=who).first()
    if user is None and "@" in who:
        matches = list(users.filter(email__iexact=who)[:2])
        if len(matches) > 1:
            raise TeamError("Several accounts use this e-mail address: invite by username.", "who")
        user = matches[0] if matches else None
        if user is None:
            try:
                validate_email(who)
            except ValidationError as error:
                raise TeamError("Enter a valid e-mail address (or a username).", "who") from error
            return Invitee(email=who)
    if user is None:
        raise TeamError(
            "No account has this username. To invite someone new, enter their e-mail address.",
            "who",
        )
    if project.memberships.filter(user=user).exists():
        raise TeamError(f"{user.get_username()} is already a member of this project.", "who")
    return Invitee(user=user, email=user.email)


def invite(
    project: Project, who: str, role: str, *, actor: Any, absolute: Callable[[str], str]
) -> Invitation:
    """Invite ``who`` (see ``find_invitee``) to ``project`` as ``role``: an account is told
    in the app, an e-mail address without one gets the link by mail (``absolute`` makes
    the link absolute; ``invitation.mailed`` says whether the mail server took it). An
    earlier pending invitation of the same person is replaced."""
    if role not in Role.values:
        raise TeamError("Choose a role.", "role")
    invitee = find_invitee(project, who.strip())
    with transaction.atomic():
        same = Q(user=invitee.user) if invitee.user else Q(user=None, email__iexact=invitee.email)
        _pending(project.invitations.filter(same)).update(revoked_at=timezone.now())
        invitation = Invitation.objects.create(
            project=project,
            role=role,
            user=invitee.user,
            email=invitee.email,
            token=secrets.token_urlsafe(32),
            invited_by=actor,
            expires_at=timezone.now() + timedelta(days=INVITATION_DAYS),
        )
        path = reverse("designer:invitation", args=[invitation.token])
        name = invitee.user.get_username() if invitee.user else invitee.email
        activity.record(project, actor, "member", f"invited {name} as {role}")
        if invitee.user is not None:
            activity.notify(
                project,
                [invitee.user],
                Notification.Reason.MEMBERSHIP,
                f"{actor} invited you to {project.name} as {role}",
                path,
                actor=actor,
            )
    invitation.mailed = invitee.user is None and _mail_invitation(invitation, actor, absolute(path))
    return invitation


def _mail_invitation(invitation: Invitation, actor: Any, link: str) -> bool:
    """Send the invitation's link; False when the mail server refused it (the owner sees
    the link on the Team page and can pass it on)."""
    project = invitation.project
    days = INVITATION_DAYS
    try:
        send_mail(
            subject=f"{actor} invites you to {project.name}",
            message=(
                f"{actor} invites you to the schema design project “{project.name}” as "
                f"{invitation.role}.\n\nOpen this link to create your account and join "
                f"(it works for {days} days):\n\n{link}\n"
            ),
            from_email=None,
            recipient_list=[invitation.email],
        )
    except (OSError, smtplib.SMTPException):
        logger.exception("could not send the invitation to %s", invitation.email)
        return False
    return True


def revoke_invitation(invitation: Invitation, *, actor: Any) -> None:
    if invitation.revoked_at is not None or invitation.accepted_at is not None:
        return
    Invitation.objects.filter(pk=invitation.pk).update(revoked_at=timezone.now())
    name = invitation.user.get_username() if invitation.user else invitation.email
    activity.record(invitation.project, actor, "member", f"revoked the invitation of {name}")


class WrongAccount(TeamError):
    """The invitation was made for another account."""


def accept(invitation: Invitation, user: Any) -> Membership:
    """``user`` joins the project of ``invitation`` with its role (a member already keeps
    their role); ``WrongAccount`` when it was made for someone else, ``TeamError`` when it
    can no longer be accepted."""
    if invitation.user_id is not None and invitation.user_id != user.pk:
        raise WrongAccount("This invitation is for another account.")
    with transaction.atomic():
        fresh = (
            _pending(Invitation.objects.select_for_update().filter(pk=invitation.pk))
            .select_related("project")
            .first()
        )
        if fresh is None:
            raise TeamError("This invitation has expired or was revoked or used.")
        project = fresh.project
        membership, joined = Membership.objects.get_or_create(
            project=project, user=user, defaults={"role": fresh.role}
        )
        Invitation.objects.filter(pk=fresh.pk).update(accepted_at=timezone.now(), accepted_by=user)
        if joined:
            activity.record(project, user, "member", f"joined as {fresh.role}")
            activity.notify(
                project,
                [fresh.invited_by],
                Notification.Reason.MEMBERSHIP,
                f"{user.get_username()} joined {project.name} as {fresh.role}",
                reverse("designer:members", args=[project.slug]),
                actor=user,
            )
    return membership


def join_with_new_account(invitation: Invitation, account_form: Any) -> Any:
    """Create the account of a valid ``UserCreationForm`` and accept ``invitation`` with
    it, together (no account is left behind when the invitation cannot be accepted)."""
    with transaction.atomic():
        user = account_form.save()
        accept(invitation, user)
    return user


# Members -------------------------------------------------------------------------------


def _lock_owners(project: Project) -> int:
    """Lock the project's row (every change of an owner's membership waits here) and count
    its owners."""
    Project.objects.select_for_update().filter(pk=project.pk).first()
    return Membership.objects.filter(project=project, role=Role.OWNER).count()


def change_role(membership: Membership, role: str, *, actor: Any) -> Membership:
    """Give ``membership`` the role ``role``; the last owner keeps theirs."""
    if role not in Role.values:
        raise TeamError("Choose a role.", "role")
    with transaction.atomic():
        owners = _lock_owners(membership.project)
        current = Membership.objects.select_for_update().filter(pk=membership.pk).first()
        if current is None:
            raise TeamError("This person is no longer a member.")
        if current.role == role:
            return current
        if current.role == Role.OWNER and owners <= 1:
            raise TeamError(LAST_OWNER)
        Membership.objects.filter(pk=current.pk).update(role=role)
        current.role = role
        name = membership.user.get_username()
        activity.record(membership.project, actor, "member", f"made {name} {role}")
        activity.notify(
            membership.project,
            [membership.user],
            Notification.Reason.MEMBERSHIP,
            f"{actor} made you {role} of {membership.project.name}",
            membership.project.get_absolute_url(),
            actor=actor,
        )
    return current


def remove_member(membership: Membership, *, actor: Any) -> None:
    """Remove ``membership`` (a member who leaves, or an owner removing someone); the last
    owner stays."""
    project = membership.project
    with transaction.atomic():
        owners = _lock_owners(project)
        current = Membership.objects.select_for_update().filter(pk=membership.pk).first()
        if current is None:
            return
        if current.role == Role.OWNER and owners <= 1:
            raise TeamError(LAST_OWNER)
        Membership.objects.filter(pk=current.pk).delete()
        name = membership.user.get_username()
        leaving = getattr(actor, "pk", None) == membership.user_id
        activity.record(project, actor, "member", "left" if leaving else f"removed {name}")


# Review rules --------------------------------------------------------------------------


def set_review_rules(
    project: Project, required_approvals: int, open_threads_block: bool, *, actor: Any
) -> None:
    """How many approvals a proposal needs and whether open threads block its merge."""
    if not 0 <= required_approvals <= MAX_REQUIRED_APPROVALS:
        raise TeamError(f"Between 0 and {MAX_REQUIRED_APPROVALS} approvals.", "required_approvals")
    Project.objects.filter(pk=project.pk).update(
        required_approvals=required_approvals, open_threads_block=open_threads_block
    )
    project.required_approvals = required_approvals
    project.open_threads_block = open_threads_block
    threads = "open threads block merging" if open_threads_block else "open threads do not block"
    plural = "" if required_approvals == 1 else "s"
    activity.record(
        project,
        actor,
        "review_rules",
        f"set the review rules: {required_approvals} approval{plural}, {threads}",
    )


# Share links ---------------------------------------------------------------------------


def create_share_link(project: Project, label: str, expiry: str, *, actor: Any) -> ShareLink:
    """A new read-only link to ``project``; ``expiry`` is a key of
    ``SHARE_LINK_EXPIRIES`` (never, or after 1, 7 or 30 days)."""
    label = label.strip()
    if not label or len(label) > 100:
        raise TeamError("Give the link a label of at most 100 characters.", "label")
    if expiry not in SHARE_LINK_EXPIRIES:
        raise TeamError("Choose when the link expires.", "expiry")
    days = SHARE_LINK_EXPIRIES[expiry]
    with transaction.atomic():
        link = ShareLink.objects.create(
            project=project,
            label=label,
            token=secrets.token_urlsafe(32),
            created_by=actor,
            expires_at=timezone.now() + timedelta(days=days) if days else None,
        )
        activity.record(project, actor, "share_link", f"created the share link “{label}”")
    return link


def revoke_share_link(link: ShareLink, *, actor: Any) -> None:
    """Revoke ``link``: whoever holds it is refused at their next request."""
    if link.revoked_at is not None:
        return
    with transaction.atomic():
        ShareLink.objects.filter(pk=link.pk).update(revoked_at=timezone.now())
        activity.record(link.project, actor, "share_link", f"revoked the share link “{link.label}”")
