"""Proposals: numbering, updates and their history, verdicts (stale after an update),
the merge's rules, closing."""

from __future__ import annotations

import pytest

from designer.demo import demo_schema
from designer.models import Activity, Notification, Proposal, ProposalReview, Version
from designer.operations.fields import EditField
from designer.services import comments, proposals
from designer.services.edits import apply, create_project
from designer.services.versions import save_version
from designer.store import load_schema
from tests.support.accounts import with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(db):
    return create_project(name="Shop", slug="shop", schema=demo_schema())


@pytest.fixture
def editor(project):
    return with_role(project, "editor")


@pytest.fixture
def reviewer(project):
    return with_role(project, "reviewer")


def _open(project, editor, title="Add projects", base=None):
    return proposals.open_proposal(project, title=title, base=base, actor=editor)


def _title_column(project) -> str:
    todos = next(table for table in load_schema(project).tables if table.name == "todos")
    return next(column.id for column in todos.columns if column.name == "title")


def test_numbers_go_up_per_project_and_each_opening_saves_a_version(project, editor):
    first = _open(project, editor)
    second = _open(project, editor, "Second")
    other = create_project(name="Other", slug="other", schema=demo_schema())
    elsewhere = _open(other, editor, "Elsewhere")
    assert (first.number, second.number, elsewhere.number) == (1, 2, 1)
    assert (first.version.name, second.version.name) == ("p1", "p2")
    assert first.version.revision == project.revision
    assert list(first.updates.values_list("version__name", flat=True)) == ["p1"]


def test_a_taken_version_name_is_skipped(project, editor):
    save_version(project, "p1", actor=editor)
    opened = _open(project, editor)
    assert opened.version.name == "p1-2"


def test_default_base_is_the_merged_version_else_the_newest(project, editor):
    assert proposals.default_base(project) is None
    v1 = save_version(project, "v1", actor=editor)
    assert proposals.default_base(project) == v1
    merged = Version.objects.get(pk=_open(project, editor).version.pk)
    project.base_version = merged
    assert proposals.default_base(project) == merged


def test_title_is_required_and_bounded(project, editor):
    with pytest.raises(proposals.ProposalError) as error:
        _open(project, editor, title="  ")
    assert error.value.field == "title"
    with pytest.raises(proposals.ProposalError):
        _open(project, editor, title="x" * 201)
    assert not Proposal.objects.exists() and not Version.objects.exists()


def test_opening_notifies_the_approvers_and_records_it(project, editor, reviewer):
    viewer = with_role(project, "viewer")
    _open(project, editor)
    assert Notification.objects.filter(user=reviewer, reason="review").count() == 1
    assert not Notification.objects.filter(user__in=[editor, viewer]).exists()
    assert Activity.objects.filter(project=project, text__contains="opened proposal #1").exists()


def test_an_update_keeps_the_history_and_makes_approvals_stale(project, editor, reviewer):
    opened = _open(project, editor)
    proposals.review_proposal(opened, actor=reviewer, verdict="approve")
    assert proposals.merge_status(opened).approvals == 1
    apply(project, [EditField(field_id=_title_column(project), values={"name": "label"})])
    proposals.update_proposal(opened, actor=editor, note="renamed")
    assert opened.version.name == "p1.2"
    assert list(opened.updates.values_list("version__name", flat=True)) == ["p1", "p1.2"]
    [verdict] = proposals.verdicts(opened)
    assert verdict.stale and not verdict.counts_as_approval
    assert proposals.merge_status(opened).approvals == 0


def test_only_the_author_updates(project, editor, reviewer):
    opened = _open(project, editor)
    with pytest.raises(proposals.ProposalError):
        proposals.update_proposal(opened, actor=reviewer)


def test_the_author_cannot_review_their_own_proposal(project, editor):
    opened = _open(project, editor)
    with pytest.raises(proposals.ProposalError):
        proposals.review_proposal(opened, actor=editor, verdict="approve")
    assert not ProposalReview.objects.exists()


def test_a_reviewers_latest_verdict_counts(project, editor, reviewer):
    opened = _open(project, editor)
    proposals.review_proposal(opened, actor=reviewer, verdict="approve")
    proposals.review_proposal(opened, actor=reviewer, verdict="changes", body="not yet")
    status = proposals.merge_status(opened)
    assert (status.approvals, status.changes_requested) == (0, 1)
    assert Notification.objects.filter(user=editor, reason="changes").exists()


def test_merge_is_refused_while_approvals_are_missing(project, editor):
    opened = _open(project, editor)
    with pytest.raises(proposals.ProposalError, match="0 of 1 required approval"):
        proposals.merge_proposal(opened, actor=editor)
    opened.refresh_from_db()
    assert opened.state == "open"


def test_merge_is_refused_while_a_thread_is_open(project, editor, reviewer):
    opened = _open(project, editor)
    thread = comments.start_thread(project, "Why?", actor=reviewer, proposal=opened)
    proposals.review_proposal(opened, actor=reviewer, verdict="approve")
    with pytest.raises(proposals.ProposalError, match="1 open thread blocks merging"):
        proposals.merge_proposal(opened, actor=editor)
    comments.resolve(thread, actor=reviewer)
    proposals.merge_proposal(opened, actor=editor)
    assert opened.state == "merged"


def test_open_threads_do_not_block_when_the_project_says_so(project, editor, reviewer):
    project.open_threads_block = False
    project.save(update_fields=["open_threads_block"])
    opened = _open(project, editor)
    comments.start_thread(project, "Why?", actor=reviewer, proposal=opened)
    proposals.review_proposal(opened, actor=reviewer, verdict="approve")
    proposals.merge_proposal(opened, actor=editor)


def test_merge_sets_the_base_of_the_next_proposals(project, editor, reviewer):
    owner = with_role(project, "owner")
    revision = project.revision
    opened = _open(project, editor)
    proposals.review_proposal(opened, actor=reviewer, verdict="approve")
    proposals.merge_proposal(opened, actor=owner)
    project.refresh_from_db()
    assert project.base_version == opened.version
    assert project.revision == revision  # the working copy is not changed
    assert opened.merged_by == owner and opened.merged_at is not None
    assert _open(project, editor, "Next").base is None  # (the base is the caller's choice)
    assert proposals.default_base(project) == opened.version
    with pytest.raises(proposals.ProposalError, match="merged"):
        proposals.merge_proposal(opened, actor=owner)


def test_closing(project, editor, reviewer):
    opened = _open(project, editor)
    proposals.close_proposal(opened, actor=editor)
    assert Proposal.objects.get(pk=opened.pk).state == "closed"
    with pytest.raises(proposals.ProposalError):
        proposals.review_proposal(opened, actor=reviewer, verdict="approve")


def test_comparison_from_an_empty_design_or_a_base(project, editor):
    opened = _open(project, editor)
    compared = proposals.comparison(opened)
    assert compared.old.label == "an empty design"
    assert {c.kind.value for c in compared.diff.changes} >= {"table_added"}
    v = save_version(project, "v1", actor=editor)
    apply(project, [EditField(field_id=_title_column(project), values={"name": "label"})])
    second = _open(project, editor, "Rename", base=v)
    sentences = [c.describe() for c in proposals.comparison(second).diff.changes]
    assert any("title" in s and "label" in s for s in sentences)
    keys = [proposals.change_key(c) for c in proposals.comparison(second).diff.changes]
    assert len(keys) == len(set(keys))
