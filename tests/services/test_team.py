"""The team's rules (``designer.services.team``): a project always keeps an owner;
invitations are accepted once, by the right account, before they expire; share links
are valid until they expire or are revoked."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from designer import access
from designer.demo import demo_schema
from designer.models import Activity, Invitation, Membership, Notification, Role, ShareLink
from designer.services import team
from designer.services.edits import create_project
from designer.services.team import TeamError, WrongAccount
from designer.team_forms import AccountForm
from tests.support.accounts import member, with_role

pytestmark = pytest.mark.django_db


def absolute(path: str) -> str:
    return "http://testserver" + path


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def project(db):
    project = create_project(name="Acme", slug="acme", schema=demo_schema())
    with_role(project, Role.OWNER, "olga")
    return project


@pytest.fixture
def olga(project):
    return member("olga")


def _membership(project, user) -> Membership:
    return Membership.objects.select_related("user", "project").get(project=project, user=user)


# The last owner ---------------------------------------------------------------------------


def test_the_last_owner_cannot_be_demoted(project, olga):
    with pytest.raises(TeamError, match="always keeps an owner"):
        team.change_role(_membership(project, olga), Role.EDITOR, actor=olga)
    assert _membership(project, olga).role == Role.OWNER


def test_the_last_owner_cannot_leave_or_be_removed(project, olga):
    with pytest.raises(TeamError, match="always keeps an owner"):
        team.remove_member(_membership(project, olga), actor=olga)
    assert project.memberships.filter(user=olga).exists()


def test_an_owner_can_be_demoted_when_another_remains(project, olga):
    bob = with_role(project, Role.OWNER, "bob")
    team.change_role(_membership(project, olga), Role.VIEWER, actor=bob)
    assert _membership(project, olga).role == Role.VIEWER
    # ...and now bob is the last one.
    with pytest.raises(TeamError):
        team.change_role(_membership(project, bob), Role.EDITOR, actor=bob)
    assert Activity.objects.filter(project=project, text="made olga viewer").exists()
    assert Notification.objects.filter(user=olga, reason="member").exists()


def test_two_owners_demoting_each_other_leave_one(project, olga):
    bob = with_role(project, Role.OWNER, "bob")
    olgas, bobs = _membership(project, olga), _membership(project, bob)  # both read first
    team.change_role(bobs, Role.EDITOR, actor=olga)
    with pytest.raises(TeamError):
        team.change_role(olgas, Role.EDITOR, actor=bob)  # counted again under the lock
    assert project.memberships.filter(role=Role.OWNER).count() == 1


def test_a_member_leaves_and_the_feed_says_so(project, olga):
    ed = with_role(project, Role.EDITOR, "ed")
    team.remove_member(_membership(project, ed), actor=ed)
    assert not project.memberships.filter(user=ed).exists()
    assert Activity.objects.filter(project=project, actor=ed, text="left").exists()


def test_an_unknown_role_is_refused(project, olga):
    ed = with_role(project, Role.EDITOR, "ed")
    with pytest.raises(TeamError):
        team.change_role(_membership(project, ed), "king", actor=olga)


# Invitations --------------------------------------------------------------------------------


def test_inviting_an_account_tells_it_in_the_app(project, olga):
    ada = member("ada")
    invitation = team.invite(project, "ada", Role.REVIEWER, actor=olga, absolute=absolute)
    assert invitation.user == ada and len(invitation.token) >= 40
    assert invitation.expires_at - timezone.now() > timedelta(days=6, hours=23)
    note = Notification.objects.get(user=ada)
    assert note.reason == "member" and note.url == f"/invitations/{invitation.token}/"
    assert mail.outbox == []


def test_inviting_the_e_mail_of_an_account_invites_that_account(project, olga):
    ada = member("ada")
    invitation = team.invite(project, "ADA@example.com", Role.VIEWER, actor=olga, absolute=absolute)
    assert invitation.user == ada


def test_inviting_an_unknown_e_mail_sends_the_link_by_mail(project, olga):
    invitation = team.invite(project, "new@example.org", Role.EDITOR, actor=olga, absolute=absolute)
    assert invitation.user is None and invitation.email == "new@example.org"
    (message,) = mail.outbox
    assert message.to == ["new@example.org"]
    assert f"http://testserver/invitations/{invitation.token}/" in message.body
    assert Activity.objects.filter(text="invited new@example.org as editor").exists()


def test_a_member_or_an_unknown_username_cannot_be_invited(project, olga):
    with pytest.raises(TeamError, match="already a member"):
        team.invite(project, "olga", Role.VIEWER, actor=olga, absolute=absolute)
    with pytest.raises(TeamError, match="No account"):
        team.invite(project, "nobody", Role.VIEWER, actor=olga, absolute=absolute)


def test_inviting_again_replaces_the_pending_invitation(project, olga):
    first = team.invite(project, "new@example.org", Role.EDITOR, actor=olga, absolute=absolute)
    second = team.invite(project, "new@example.org", Role.VIEWER, actor=olga, absolute=absolute)
    assert team.pending_invitation(first.token) is None
    assert team.pending_invitation(second.token) == second


def test_accepting_makes_a_member_once(project, olga):
    ada = member("ada")
    invitation = team.invite(project, "ada", Role.REVIEWER, actor=olga, absolute=absolute)
    team.accept(invitation, ada)
    assert _membership(project, ada).role == Role.REVIEWER
    assert team.pending_invitation(invitation.token) is None
    assert Invitation.objects.get(pk=invitation.pk).accepted_by == ada
    with pytest.raises(TeamError):
        team.accept(invitation, ada)  # used
    assert Notification.objects.filter(user=olga, text__contains="ada joined").exists()


def test_an_invitation_for_an_account_is_for_that_account_only(project, olga):
    member("ada")
    eve = member("eve")
    invitation = team.invite(project, "ada", Role.EDITOR, actor=olga, absolute=absolute)
    with pytest.raises(WrongAccount):
        team.accept(invitation, eve)
    assert not project.memberships.filter(user=eve).exists()


def test_an_expired_or_revoked_invitation_is_not_pending(project, olga):
    expired = team.invite(project, "a@example.org", Role.EDITOR, actor=olga, absolute=absolute)
    Invitation.objects.filter(pk=expired.pk).update(expires_at=timezone.now())
    revoked = team.invite(project, "b@example.org", Role.EDITOR, actor=olga, absolute=absolute)
    team.revoke_invitation(revoked, actor=olga)
    assert team.pending_invitation(expired.token) is None
    assert team.pending_invitation(revoked.token) is None
    assert team.pending_invitation("x" * 500) is None
    with pytest.raises(TeamError):
        team.accept(expired, member("ada"))
    assert list(team.pending_invitations(project)) == []


def test_a_new_account_joins_or_is_not_made(project, olga):
    invitation = team.invite(project, "new@example.org", Role.VIEWER, actor=olga, absolute=absolute)
    data = {
        "username": "newbie",
        "email": "new@example.org",
        "password1": "a long pass phrase 7",
        "password2": "a long pass phrase 7",
    }
    form = AccountForm(data)
    assert form.is_valid(), form.errors
    user = team.join_with_new_account(invitation, form)
    assert _membership(project, user).role == Role.VIEWER
    late = AccountForm({**data, "username": "late"})
    assert late.is_valid()
    with pytest.raises(TeamError):
        team.join_with_new_account(invitation, late)  # used: no account left behind
    assert not type(user).objects.filter(username="late").exists()


# Review rules and share links ---------------------------------------------------------------


def test_review_rules_are_kept_and_checked(project, olga):
    team.set_review_rules(project, 2, False, actor=olga)
    project.refresh_from_db()
    assert (project.required_approvals, project.open_threads_block) == (2, False)
    with pytest.raises(TeamError):
        team.set_review_rules(project, 21, True, actor=olga)


def test_a_share_link_is_valid_until_it_expires_or_is_revoked(project, olga):
    link = team.create_share_link(project, " for Acme ", "7", actor=olga)
    assert link.label == "for Acme" and len(link.token) >= 40
    assert access.share_link(link.token) == link
    assert team.share_link_state(link) == "active"
    ShareLink.objects.filter(pk=link.pk).update(expires_at=timezone.now())
    link.refresh_from_db()
    assert team.share_link_state(link) == "expired"
    with pytest.raises(access.Http404):
        access.share_link(link.token)
    forever = team.create_share_link(project, "forever", "never", actor=olga)
    assert forever.expires_at is None
    team.revoke_share_link(forever, actor=olga)
    forever.refresh_from_db()
    assert team.share_link_state(forever) == "revoked"
    with pytest.raises(access.Http404):
        access.share_link(forever.token)
    kinds = list(Activity.objects.filter(kind="share_link").values_list("text", flat=True))
    assert "revoked the share link “forever”" in kinds


def test_a_share_link_needs_a_label_and_a_known_expiry(project, olga):
    with pytest.raises(TeamError):
        team.create_share_link(project, "  ", "7", actor=olga)
    with pytest.raises(TeamError):
        team.create_share_link(project, "x" * 101, "7", actor=olga)
    with pytest.raises(TeamError):
        team.create_share_link(project, "ok", "365", actor=olga)


@pytest.mark.store
@pytest.mark.django_db(transaction=True)
def test_two_owners_demoting_each_other_at_once_leave_one(transactional_db):
    """Both requests released together, each on its own connection: the second waits for
    the first's lock on the project, then counts one owner and is refused — on PostgreSQL
    (``make test``'s store pass). The test store on SQLite is an in-memory database with a
    shared cache, which reports a lock at once where the server's file waits for it: there
    the two demotions run one after the other (SQLite's writers are serialised anyway)."""
    at_once = connection.vendor != "sqlite"
    project = create_project(name="Race", slug="race", schema=demo_schema())
    for round in range(5):
        ann = with_role(project, Role.OWNER, f"ann{round}")
        bob = with_role(project, Role.OWNER, f"bob{round}")
        project.memberships.exclude(user__in=[ann, bob]).delete()
        gate = threading.Barrier(2 if at_once else 1)
        refused: list[str] = []

        def demote(membership, actor, refused=refused, gate=gate):
            try:
                gate.wait()
                team.change_role(membership, Role.EDITOR, actor=actor)
            except TeamError:
                refused.append(actor.username)
            finally:
                connection.close()

        threads = [
            threading.Thread(target=demote, args=(_membership(project, bob), ann)),
            threading.Thread(target=demote, args=(_membership(project, ann), bob)),
        ]
        for thread in threads:
            thread.start()
            if not at_once:
                thread.join()
        for thread in threads:
            thread.join()
        assert len(refused) == 1
        assert project.memberships.filter(role=Role.OWNER).count() == 1
