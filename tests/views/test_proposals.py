"""The proposal pages by role: who reads, opens, updates, reviews, merges and closes; a
refused merge is a 409 with the reason; bad input keeps what was typed."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from designer.models import Proposal, ProposalReview
from designer.operations.fields import EditField
from designer.services import comments, proposals
from designer.services.edits import apply
from designer.store import current_schema
from tests.support.accounts import signed_in, with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(demo):
    return {role: with_role(demo, role) for role in ("owner", "editor", "reviewer", "viewer")}


def _as(user) -> Client:
    return signed_in(Client(), user)


@pytest.fixture
def opened(demo, people):
    return proposals.open_proposal(
        demo, title="Add due dates", description="**Why**: deadlines", base=None,
        actor=people["editor"],
    )  # fmt: skip


def _url(name, proposal=None):
    args = ["demo"] if proposal is None else ["demo", proposal.number]
    return reverse(f"designer:{name}", args=args)


def test_an_editor_opens_a_proposal(demo, people):
    client = _as(people["editor"])
    page = client.get(_url("proposal_create"))
    assert page.status_code == 200 and b"none (an empty design)" in page.content
    response = client.post(
        _url("proposal_create"), {"title": "First", "description": "d", "base": "-"}
    )
    opened = Proposal.objects.get(project=demo)
    assert response.status_code == 302 and response["Location"] == opened.get_absolute_url()
    assert opened.base is None and opened.version.name == "p1"


def test_bad_input_keeps_what_was_typed(demo, people):
    client = _as(people["editor"])
    response = client.post(
        _url("proposal_create"), {"title": "", "description": "kept text", "base": "-"}
    )
    assert response.status_code == 400
    assert b"kept text" in response.content and b"Give the proposal a title." in response.content
    response = client.post(_url("proposal_create"), {"title": "t", "base": "nope"})
    assert response.status_code == 400 and not Proposal.objects.exists()


@pytest.mark.parametrize("role", ["viewer", "reviewer"])
def test_only_editors_open_proposals(demo, people, role):
    client = _as(people[role])
    assert client.get(_url("proposal_create")).status_code == 403
    assert client.post(_url("proposal_create"), {"title": "x", "base": "-"}).status_code == 403
    assert not Proposal.objects.exists()


def test_the_page_shows_the_diff_the_migration_and_the_description(opened, people):
    page = _as(people["viewer"]).get(opened.get_absolute_url())
    html = page.content.decode()
    assert page.status_code == 200
    assert "<strong>Why</strong>" in html and "an empty design" in html
    assert 'id="up-steps"' in html and "change-group" in html
    assert "0 of 1" in html
    # a viewer sees no form that writes
    for form in ("review-form", "merge-form", "update-form", "new-proposal-thread"):
        assert form not in html


def test_the_description_is_sanitised(demo, people):
    opened = proposals.open_proposal(
        demo, title="x", description="<script>alert(1)</script>", base=None,
        actor=people["editor"],
    )  # fmt: skip
    html = _as(people["viewer"]).get(opened.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html


def test_forms_by_role(opened, people):
    reviewer = _as(people["reviewer"]).get(opened.get_absolute_url()).content.decode()
    assert "review-form" in reviewer and "new-proposal-thread" in reviewer
    assert "merge-form" not in reviewer and "update-form" not in reviewer
    author = _as(people["editor"]).get(opened.get_absolute_url()).content.decode()
    assert "update-form" in author and "review-form" not in author and "close-form" in author
    owner = _as(people["owner"]).get(opened.get_absolute_url()).content.decode()
    assert "merge-form" in owner and "update-form" not in owner


def test_a_viewer_cannot_review_and_the_author_is_refused_with_a_message(opened, people):
    assert (
        _as(people["viewer"])
        .post(_url("proposal_review", opened), {"verdict": "approve"})
        .status_code
        == 403
    )
    response = _as(people["editor"]).post(_url("proposal_review", opened), {"verdict": "approve"})
    assert response.status_code == 409
    assert b"You cannot review your own proposal" in response.content
    assert not ProposalReview.objects.exists()


def test_a_reviewer_approves(opened, people):
    response = _as(people["reviewer"]).post(
        _url("proposal_review", opened), {"verdict": "approve", "body": "fine"}
    )
    assert response.status_code == 302
    assert proposals.merge_status(opened).approvals == 1
    response = _as(people["reviewer"]).post(_url("proposal_review", opened), {"verdict": "x"})
    assert response.status_code == 400


def test_only_the_author_updates(opened, people, demo):
    assert _as(people["viewer"]).post(_url("proposal_update", opened)).status_code == 403
    other_editor = with_role(demo, "editor", "other")
    assert _as(other_editor).post(_url("proposal_update", opened)).status_code == 403
    response = _as(people["editor"]).post(_url("proposal_update", opened), {"note": "more"})
    assert response.status_code == 302
    assert Proposal.objects.get(pk=opened.pk).version.name == "p1.2"


def test_merge_is_refused_with_409_and_the_reason_then_done_by_the_owner(opened, people, demo):
    owner = _as(people["owner"])
    assert _as(people["editor"]).post(_url("proposal_merge", opened)).status_code == 403
    response = owner.post(_url("proposal_merge", opened))
    assert response.status_code == 409 and b"0 of 1 required approval" in response.content
    thread = comments.start_thread(demo, "hm", actor=people["reviewer"], proposal=opened)
    proposals.review_proposal(opened, actor=people["reviewer"], verdict="approve")
    response = owner.post(_url("proposal_merge", opened))
    assert response.status_code == 409 and b"1 open thread blocks merging" in response.content
    comments.resolve(thread, actor=people["reviewer"])
    response = owner.post(_url("proposal_merge", opened), follow=True)
    assert b"The working copy is not changed" in response.content
    demo.refresh_from_db()
    assert demo.base_version_id == opened.version_id
    assert Proposal.objects.get(pk=opened.pk).state == "merged"


def test_close_by_author_or_owner(opened, people, demo):
    assert _as(people["reviewer"]).post(_url("proposal_close", opened)).status_code == 403
    assert _as(people["editor"]).post(_url("proposal_close", opened)).status_code == 302
    assert Proposal.objects.get(pk=opened.pk).state == "closed"
    assert _as(people["owner"]).post(_url("proposal_close", opened)).status_code == 409


def test_the_list(opened, people):
    page = _as(people["viewer"]).get(_url("proposals"))
    assert page.status_code == 200 and b"Add due dates" in page.content
    assert b"new-proposal" not in page.content


def test_a_stale_approval_is_shown_and_does_not_count(opened, people, demo):
    proposals.review_proposal(opened, actor=people["reviewer"], verdict="approve")
    title = next(
        c.id for t in current_schema(demo).tables if t.name == "todos" for c in t.columns
        if c.name == "title"
    )  # fmt: skip
    apply(demo, [EditField(field_id=title, values={"name": "label"})])
    proposals.update_proposal(opened, actor=people["editor"])
    html = _as(people["viewer"]).get(opened.get_absolute_url()).content.decode()
    assert "stale" in html and "0 of 1" in html
