"""Team review in real Chromium, the issue's whole journey: the owner invites a reviewer
(who accepts from the notification); an editor opens a proposal; the reviewer (another
browser) comments on a field of its diff and requests changes; the editor renames the
field in the editor and updates the proposal — the thread follows the rename; the
reviewer resolves the thread and approves; the owner merges. Screenshots of the proposal
page and of a thread anchored on a field go to docs/screenshots/."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from designer.demo import demo_schema
from designer.models import Proposal
from designer.operations.fields import AddField
from designer.services.edits import apply, create_project
from designer.services.versions import save_version
from designer.store import current_schema
from tests.browser.test_content_security_policy import RECORD_VIOLATIONS, violations
from tests.browser.test_editor_journeys import TIMEOUT
from tests.support.accounts import member, sign_in_browser, with_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture
def demo(transactional_db):
    project = create_project(name="Todo app (demo)", slug="demo", schema=demo_schema())
    save_version(project, "v1", "The seeds' design")
    todos = next(t for t in current_schema(project).tables if t.name == "todos")
    apply(project, [AddField(entity_id=todos.id, values={"name": "due_on"})])
    return project


@pytest.fixture
def browse(browser, live_server):
    """A page of a browser context of its own, signed in as ``user``."""
    contexts, errors = [], []

    def open_as(user) -> Page:
        context = browser.new_context(
            base_url=live_server.url, viewport={"width": 1280, "height": 800}
        )
        sign_in_browser(context, live_server.url, user)
        context.add_init_script(RECORD_VIOLATIONS)
        page = context.new_page()
        page.set_default_timeout(TIMEOUT)
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.route(
            re.compile(r"^(?!" + re.escape(live_server.url) + ").*"), lambda route: route.abort()
        )
        contexts.append(context)
        return page

    yield open_as
    for context in contexts:
        context.close()
    assert errors == [], f"JavaScript errors on the page: {errors}"


def test_open_comment_request_changes_update_resolve_approve_merge(demo, browse):
    editor = browse(with_role(demo, "editor", "eddie"))
    owner = browse(with_role(demo, "owner", "olivia"))
    reviewer = browse(member("rita"))  # an account, not yet in the project
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    # The owner invites rita as a reviewer; she accepts from her notification.
    reviewer.goto("/projects/demo/")
    expect(reviewer.locator("body")).to_contain_text("Not Found")
    owner.goto("/projects/demo/members/")
    owner.fill("#invite-form input[name=who]", "rita")
    owner.select_option("#invite-form select[name=role]", "reviewer")
    owner.get_by_role("button", name="Invite").click()
    expect(owner.locator("#invitations")).to_contain_text("rita")
    reviewer.goto("/notifications/")
    reviewer.locator(".notification a").first.click()
    reviewer.get_by_role("button", name="Accept").click()
    expect(reviewer).to_have_url(re.compile(r"/projects/demo/$"))

    # The editor opens a proposal against v1 (the default base: the newest version).
    editor.goto("/projects/demo/proposals/")
    editor.get_by_role("link", name="Open a proposal").click()
    expect(editor.locator("#proposal-base")).to_have_value("v1")
    editor.fill("#proposal-title", "Due dates for todos")
    editor.fill("#proposal-description", "Adds **due_on**. @rita, can you look?")
    editor.get_by_role("button", name="Open the proposal").click()
    expect(editor.locator("#proposal-title")).to_contain_text("#1")
    expect(editor.locator(".messages")).to_contain_text("saved as the version p1")
    expect(editor.locator("#proposal-description strong")).to_have_text("due_on")
    expect(editor.locator("#review-form")).to_have_count(0)  # not on one's own proposal

    # The reviewer comments on the new field, in the diff.
    reviewer.goto("/projects/demo/proposals/1/")
    change = reviewer.locator("li.change", has_text="due_on")
    change.get_by_role("link", name="Comment on this field").click()
    expect(reviewer.get_by_role("heading", name=re.compile("Comment on field"))).to_contain_text(
        "todos.due_on"
    )
    reviewer.fill("#id_body", "Should this be a **date** with a time? @eddie")
    reviewer.get_by_role("button", name="Comment").click()
    thread = reviewer.locator("section.thread").first
    expect(thread.locator(".thread-about")).to_have_text("todos.due_on")
    expect(thread.locator(".mention")).to_have_text("@eddie")
    expect(reviewer.locator("#blockers")).to_contain_text("1 open thread blocks merging")
    reviewer.get_by_label("Request changes").check()
    reviewer.fill("#review-body", "Name it deadline, please.")
    reviewer.get_by_role("button", name="Submit review").click()
    expect(reviewer.locator("#verdicts")).to_contain_text("requested changes")

    # The editor renames the field in the editor and updates the proposal: the thread
    # follows the field by its id.
    editor.goto("/projects/demo/")
    editor.locator("#entity-list a", has_text="todos").click()
    expect(editor.locator("#entity-name")).to_have_value("todos")
    editor.locator("tr.field-row", has_text="due_on").get_by_role(
        "link", name="Edit due_on"
    ).click()
    name = editor.locator("tr.editing input[name=name]")
    name.fill("deadline")
    name.press("Enter")
    expect(editor.locator("#fields")).to_contain_text("deadline")
    editor.goto("/projects/demo/proposals/1/")
    editor.fill("#update-note", "renamed to deadline")
    editor.get_by_role("button", name="Update with the working copy").click()
    expect(editor.locator(".messages")).to_contain_text("p1.2")
    expect(editor.locator("#updates li")).to_have_count(2)
    expect(editor.locator("section.thread .thread-about")).to_have_text("todos.deadline")
    expect(editor.locator("#compare-diagram.drawn svg")).to_be_visible()
    expect(editor.locator("#compare-diagram.drawn g.node.changed")).to_have_count(1)
    editor.screenshot(path=SCREENSHOTS / "proposal.png")

    # The thread's own page, anchored on the field.
    thread_url = editor.locator("section.thread .thread-link").get_attribute("href")
    editor.goto(thread_url)
    expect(editor.get_by_role("heading", level=1)).to_contain_text("todos.deadline")
    expect(editor.locator("main")).to_contain_text("Begun on todos.due_on, since renamed.")
    editor.screenshot(path=SCREENSHOTS / "anchored-comment.png")

    # The reviewer replies, resolves the thread (htmx swaps it) and approves.
    reviewer.goto("/projects/demo/proposals/1/")
    expect(reviewer.locator("#verdicts .stale")).to_have_count(1)
    thread = reviewer.locator("section.thread").first
    thread.locator("textarea").fill("Thanks, looks right now.")
    thread.get_by_role("button", name="Reply").click()
    expect(reviewer.locator("section.thread .comment")).to_have_count(2)
    reviewer.locator("section.thread").get_by_role("button", name="Resolve").click()
    expect(reviewer.locator("section.thread .thread-state")).to_contain_text("resolved")
    reviewer.get_by_label("Approve").check()
    reviewer.get_by_role("button", name="Submit review").click()
    expect(reviewer.locator("#merge-status")).to_contain_text("1 of 1")
    expect(reviewer.locator("#merge-form")).to_have_count(0)  # reviewers do not merge

    # The owner merges: v p1.2 becomes the base; the working copy is not changed.
    owner.goto("/projects/demo/proposals/1/")
    expect(owner.locator("#mergeable")).to_be_visible()
    owner.get_by_role("button", name="Merge").click()
    expect(owner.locator("#proposal-state")).to_have_text("merged")
    expect(owner.locator("#merged-note")).to_contain_text("does not change the working copy")
    demo.refresh_from_db()
    merged = Proposal.objects.get(project=demo, number=1)
    assert demo.base_version_id == merged.version_id and merged.version.name == "p1.2"
    for page in (editor, reviewer, owner):
        assert violations(page) == []
