"""The Team page, invitations, roles, review rules and share links, for each persona:
owner, editor, viewer, outsider, someone not signed in, and a share link's visitor."""

from __future__ import annotations

import html
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from designer.demo import demo_schema
from designer.models import Invitation, Membership, Notification, Role, ShareLink
from designer.services import team
from designer.services.edits import create_project
from tests.support.accounts import member, signed_in, with_role

pytestmark = pytest.mark.django_db

PASSWORD = "a long pass phrase 7"


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def project(db):
    return create_project(name="Acme", slug="acme", schema=demo_schema())


@pytest.fixture
def people(project):
    return {role: with_role(project, role) for role in ("owner", "editor", "viewer")}


@pytest.fixture
def as_(people):
    """``as_(persona)``: a client of the owner, editor, viewer, an outsider or nobody."""

    def make(persona: str) -> Client:
        if persona == "anonymous":
            return Client()
        user = people.get(persona) or member(persona)
        return signed_in(Client(), user)

    return make


def url(name: str, *args) -> str:
    return reverse(f"designer:{name}", args=args)


def _membership(project, username: str) -> Membership:
    return Membership.objects.get(project=project, user__username=username)


def _is_sign_in(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(reverse("login"))


# The Team page ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "get", "post"),
    [
        ("owner", 200, 200),
        ("editor", 200, 403),
        ("viewer", 200, 403),
        ("outsider", 404, 404),
    ],
)
def test_every_member_sees_the_team_and_only_owners_invite(as_, project, persona, get, post):
    client = as_(persona)
    assert client.get(url("members", "acme")).status_code == get
    assert client.post(url("members", "acme"), {"who": ""}).status_code == post


def test_someone_not_signed_in_is_sent_to_sign_in(as_, project):
    anonymous = as_("anonymous")
    for path in (url("members", "acme"), url("share_links", "acme")):
        assert _is_sign_in(anonymous.get(path))
    assert _is_sign_in(anonymous.post(url("review_rules", "acme")))


def test_the_team_page_lists_members_and_hides_the_owners_controls(as_, people):
    page = as_("viewer").get(url("members", "acme")).content.decode()
    for name in ("owner", "editor", "viewer", "viewer@example.com"):
        assert name in page
    assert 'id="invite-form"' not in page and 'id="review-rules-form"' not in page
    assert "needs 1 approval to be merged, and no open threads" in page
    assert "Leave the project" in page
    owners = as_("owner").get(url("members", "acme")).content.decode()
    assert 'id="invite-form"' in owners and 'id="review-rules-form"' in owners
    assert "Pending invitations" in owners and "the last owner" in owners


def test_inviting_an_account_notifies_it(as_, people):
    ada = member("ada")
    owner = as_("owner")
    response = owner.post(url("members", "acme"), {"who": "ada", "role": "reviewer"})
    assert response.status_code == 302
    invitation = Invitation.objects.get(user=ada)
    assert Notification.objects.get(user=ada).url == url("invitation", invitation.token)
    page = owner.get(url("members", "acme")).content.decode()
    assert "Invited ada as reviewer" in page and 'class="invitation-row"' in page


def test_inviting_an_e_mail_sends_an_absolute_link(as_, people):
    as_("owner").post(url("members", "acme"), {"who": "new@example.org", "role": "viewer"})
    (message,) = mail.outbox
    token = Invitation.objects.get(email="new@example.org").token
    assert f"http://testserver/invitations/{token}/" in message.body


@pytest.mark.parametrize(
    ("who", "role", "error"),
    [
        ("editor", "viewer", "already a member"),
        ("nobody", "viewer", "No account has this username"),
        ("", "viewer", "This field is required"),
        ("x" * 300, "viewer", "at most 254 characters"),
        ("ada", "king", "Select a valid choice"),
        ("ada@", "viewer", "Enter a valid e-mail address"),
        ("<b>@x", "viewer", "Enter a valid e-mail address"),
    ],
)
def test_a_bad_invitation_keeps_what_was_typed(as_, people, who, role, error):
    member("ada")
    response = as_("owner").post(url("members", "acme"), {"who": who, "role": role})
    page = response.content.decode()
    assert response.status_code == 200
    assert error in page
    assert f'value="{html.escape(who)}"' in page or not who
    assert not Invitation.objects.exists()


def test_a_mail_server_that_fails_leaves_the_link_to_pass_on(as_, people, monkeypatch):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("no mail server")

    monkeypatch.setattr(team, "send_mail", refuse)
    owner = as_("owner")
    response = owner.post(
        url("members", "acme"), {"who": "new@example.org", "role": "viewer"}, follow=True
    )
    page = response.content.decode()
    assert response.status_code == 200 and "the e-mail could not be sent" in page
    token = Invitation.objects.get(email="new@example.org").token
    assert f'value="http://testserver/invitations/{token}/"' in page


def test_an_owner_revokes_an_invitation(as_, people, project):
    invitation = team.invite(
        project, "new@example.org", "viewer", actor=people["owner"], absolute=str
    )
    assert as_("editor").post(url("invitation_revoke", "acme", invitation.pk)).status_code == 403
    response = as_("owner").post(url("invitation_revoke", "acme", invitation.pk))
    assert response.status_code == 302
    assert as_("anonymous").get(url("invitation", invitation.token)).status_code == 404


# Roles ------------------------------------------------------------------------------------


def test_an_owner_changes_a_role(as_, project, people):
    editor = _membership(project, "editor")
    response = as_("owner").post(url("member_role", "acme", editor.pk), {"role": "reviewer"})
    assert response.status_code == 302
    assert _membership(project, "editor").role == Role.REVIEWER
    assert (
        as_("viewer").post(url("member_role", "acme", editor.pk), {"role": "owner"}).status_code
        == 403
    )
    assert (
        as_("outsider").post(url("member_role", "acme", editor.pk), {"role": "owner"}).status_code
        == 404
    )


def test_demoting_the_last_owner_says_why(as_, project, people):
    owner = _membership(project, "owner")
    response = as_("owner").post(
        url("member_role", "acme", owner.pk), {"role": "viewer"}, follow=True
    )
    assert response.status_code == 200
    assert "always keeps an owner" in response.content.decode()
    assert _membership(project, "owner").role == Role.OWNER
    response = as_("owner").post(url("member_remove", "acme", owner.pk), follow=True)
    assert "always keeps an owner" in response.content.decode()
    assert _membership(project, "owner").role == Role.OWNER


def test_a_garbage_role_is_refused_with_a_message(as_, project, people):
    editor = _membership(project, "editor")
    response = as_("owner").post(
        url("member_role", "acme", editor.pk), {"role": "x" * 5000}, follow=True
    )
    assert "Choose one of the roles." in response.content.decode()
    assert _membership(project, "editor").role == Role.EDITOR


def test_only_owners_remove_others_but_anyone_may_leave(as_, project, people):
    viewer = _membership(project, "viewer")
    editor = _membership(project, "editor")
    assert as_("editor").post(url("member_remove", "acme", viewer.pk)).status_code == 403
    response = as_("viewer").post(url("member_remove", "acme", viewer.pk))
    assert response.status_code == 302 and response["Location"] == reverse("designer:project_list")
    assert not project.memberships.filter(pk=viewer.pk).exists()
    assert as_("viewer").get(url("members", "acme")).status_code == 404
    assert as_("owner").post(url("member_remove", "acme", editor.pk)).status_code == 302
    assert not project.memberships.filter(pk=editor.pk).exists()


def test_a_membership_of_another_project_is_not_found(as_, people):
    other = create_project(name="Other", slug="other", schema=demo_schema())
    stranger = with_role(other, "viewer", "stranger")
    theirs = Membership.objects.get(project=other, user=stranger)
    assert as_("owner").post(url("member_remove", "acme", theirs.pk)).status_code == 404
    assert (
        as_("owner").post(url("member_role", "acme", theirs.pk), {"role": "owner"}).status_code
        == 404
    )


# Review rules -----------------------------------------------------------------------------


def test_an_owner_sets_the_review_rules(as_, project, people):
    response = as_("owner").post(url("review_rules", "acme"), {"required_approvals": "3"})
    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.required_approvals, project.open_threads_block) == (3, False)
    page = as_("viewer").get(url("members", "acme")).content.decode()
    assert "needs 3 approvals to be merged; open threads do not block it" in page
    assert (
        as_("editor").post(url("review_rules", "acme"), {"required_approvals": "0"}).status_code
        == 403
    )
    assert as_("owner").get(url("review_rules", "acme")).status_code == 405


@pytest.mark.parametrize("value", ["21", "-1", "many", "9" * 400, ""])
def test_bad_review_rules_keep_what_was_typed(as_, project, people, value):
    response = as_("owner").post(
        url("review_rules", "acme"), {"required_approvals": value, "open_threads_block": "on"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'class="errorlist"' in page
    assert f'value="{value}"' in page or not value
    project.refresh_from_db()
    assert project.required_approvals == 1


# Invitations ------------------------------------------------------------------------------


@pytest.fixture
def by_mail(project, people):
    return team.invite(project, "new@example.org", "reviewer", actor=people["owner"], absolute=str)


def test_the_invitation_page_offers_an_account_to_someone_new(as_, by_mail):
    page = as_("anonymous").get(url("invitation", by_mail.token)).content.decode()
    assert "owner</strong> invites" in page and "as <span" in page and "reviewer" in page
    assert 'value="new@example.org"' in page
    assert f"/accounts/login/?next=%2Finvitations%2F{by_mail.token}%2F" in page


def test_a_new_account_joins_and_lands_on_the_project(as_, by_mail, project):
    anonymous = as_("anonymous")
    response = anonymous.post(
        url("invitation", by_mail.token),
        {
            "username": "newbie",
            "email": "new@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 302 and response["Location"] == url("project", "acme")
    assert _membership(project, "newbie").role == Role.REVIEWER
    assert anonymous.get(url("project", "acme")).status_code == 200  # signed in
    assert anonymous.get(url("invitation", by_mail.token)).status_code == 404  # used


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (
            {
                "username": "newbie",
                "email": "new@example.org",
                "password1": "abc",
                "password2": "abc",
            },
            "too short",
        ),
        (
            {
                "username": "newbie",
                "email": "new@example.org",
                "password1": PASSWORD,
                "password2": "other",
            },
            "didn\u2019t match",
        ),
        (
            {
                "username": "editor",
                "email": "new@example.org",
                "password1": PASSWORD,
                "password2": PASSWORD,
            },
            "already exists",
        ),
        (
            {"username": "new bie!", "email": "nope", "password1": PASSWORD, "password2": PASSWORD},
            "valid",
        ),
        (
            {"username": "x" * 1000, "email": "y" * 1000, "password1": "z" * 5000, "password2": ""},
            "errorlist",
        ),
    ],
)
def test_a_bad_account_form_keeps_what_was_typed(as_, by_mail, project, data, error):
    response = as_("anonymous").post(url("invitation", by_mail.token), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert error in page
    assert f'value="{data["username"]}"' in page
    assert not project.memberships.filter(role=Role.REVIEWER).exists()


def test_a_signed_in_person_accepts(as_, by_mail, project):
    outsider = as_("outsider")
    page = outsider.get(url("invitation", by_mail.token)).content.decode()
    assert 'id="accept-form"' in page and "signed in as <strong>outsider" in page
    response = outsider.post(url("invitation", by_mail.token))
    assert response.status_code == 302 and response["Location"] == url("project", "acme")
    assert _membership(project, "outsider").role == Role.REVIEWER


def test_an_invitation_for_an_account_is_refused_to_another(as_, project, people):
    ada = member("ada")
    invitation = team.invite(project, "ada", "editor", actor=people["owner"], absolute=str)
    assert as_("outsider").get(url("invitation", invitation.token)).status_code == 403
    assert as_("outsider").post(url("invitation", invitation.token)).status_code == 403
    page = as_("anonymous").get(url("invitation", invitation.token)).content.decode()
    assert 'id="account-form"' not in page and "Sign in to accept" in page
    assert _is_sign_in(as_("anonymous").post(url("invitation", invitation.token)))
    response = signed_in(Client(), ada).post(url("invitation", invitation.token))
    assert response.status_code == 302
    assert _membership(project, "ada").role == Role.EDITOR


@pytest.mark.store  # PostgreSQL refuses a NUL in a query: never looked up
@pytest.mark.parametrize("token", ["nope", "x" * 300, "%00", "a%00b", "../../etc", "é"])
def test_an_unknown_invitation_is_not_found(as_, project, token):
    assert as_("anonymous").get(f"/invitations/{token}/").status_code == 404
    assert as_("owner").post(f"/invitations/{token}/").status_code == 404


def test_an_expired_invitation_is_not_found(as_, by_mail):
    Invitation.objects.filter(pk=by_mail.pk).update(expires_at=timezone.now())
    assert as_("anonymous").get(url("invitation", by_mail.token)).status_code == 404
    assert as_("outsider").post(url("invitation", by_mail.token)).status_code == 404


# Share links ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"), [("owner", 200), ("editor", 403), ("viewer", 403), ("outsider", 404)]
)
def test_only_owners_manage_share_links(as_, project, people, persona, status):
    client = as_(persona)
    assert client.get(url("share_links", "acme")).status_code == status
    assert client.post(url("share_links", "acme"), {"label": "x", "expiry": "7"}).status_code in (
        {302} if status == 200 else {status}
    )


def test_an_owner_creates_a_link_and_sees_it(as_, project, people):
    owner = as_("owner")
    response = owner.post(url("share_links", "acme"), {"label": "for <Acme>", "expiry": "30"})
    assert response.status_code == 302
    link = ShareLink.objects.get()
    page = owner.get(url("share_links", "acme")).content.decode()
    assert "for &lt;Acme&gt;" in page and f"http://testserver/share/{link.token}/" in page
    assert "active" in page


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"label": "", "expiry": "7"}, "This field is required"),
        ({"label": "x" * 101, "expiry": "7"}, "at most 100 characters"),
        ({"label": "ok", "expiry": "365"}, "Select a valid choice"),
        ({"label": "   ", "expiry": "never"}, "This field is required"),
    ],
)
def test_a_bad_share_link_keeps_what_was_typed(as_, project, people, data, error):
    response = as_("owner").post(url("share_links", "acme"), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert error in page
    if data["label"].strip():
        assert f'value="{data["label"]}"' in page
    assert not ShareLink.objects.exists()


def test_a_revoked_link_fails_at_once_for_its_holder(as_, project, people):
    link = team.create_share_link(project, "client", "never", actor=people["owner"])
    visitor = as_("anonymous")
    response = visitor.get(url("share", link.token))
    assert response.status_code == 302 and response["Location"] == url("project", "acme")
    assert visitor.get(url("project", "acme")).status_code == 200
    assert visitor.get(url("export", "acme", "sql")).status_code == 200
    assert _is_sign_in(visitor.get(url("members", "acme")))
    assert as_("editor").post(url("share_link_revoke", "acme", link.pk)).status_code == 403
    assert as_("owner").post(url("share_link_revoke", "acme", link.pk)).status_code == 302
    assert visitor.get(url("share", link.token)).status_code == 404
    assert visitor.get(url("project", "acme")).status_code == 404
    page = as_("owner").get(url("share_links", "acme")).content.decode()
    assert "revoked" in page and f"/share/{link.token}/" not in page


def test_an_expired_link_is_not_found(as_, project, people):
    link = team.create_share_link(project, "client", "1", actor=people["owner"])
    visitor = as_("anonymous")
    visitor.get(url("share", link.token))
    ShareLink.objects.filter(pk=link.pk).update(expires_at=timezone.now())
    assert visitor.get(url("project", "acme")).status_code == 404
    assert visitor.get(url("share", link.token)).status_code == 404


@pytest.mark.store
@pytest.mark.parametrize("token", ["nope", "y" * 300, "%20", "%00", "a%00b", "é"])
def test_an_unknown_share_token_is_not_found(as_, token):
    assert as_("anonymous").get(f"/share/{token}/").status_code == 404


def test_opening_a_link_is_a_get(as_, project, people):
    link = team.create_share_link(project, "client", "never", actor=people["owner"])
    assert as_("anonymous").post(url("share", link.token)).status_code == 405


def test_the_share_link_visitor_reads_but_does_not_reach_the_team(as_, project, people):
    link = team.create_share_link(project, "client", "never", actor=people["owner"])
    visitor = as_("anonymous")
    visitor.get(url("share", link.token))
    assert re.search(r"Acme", visitor.get(url("project", "acme")).content.decode())
    assert _is_sign_in(visitor.get(url("share_links", "acme")))
    assert _is_sign_in(visitor.post(url("share_link_revoke", "acme", link.pk)))
