"""Readers see a read-only editor, and the server refuses their writes anyway.

Personas: a viewer and a reviewer (members who may not edit) and a share link's
anonymous visitor. Each page they open holds no control that would change the design;
each write URL, posted anyway, is refused (403, or the sign-in page for a visitor
holding only a share link) and changes nothing.
"""

from __future__ import annotations

import secrets

import pytest
from django.test import Client
from django.urls import reverse

from designer import models
from designer.access import SHARE_SESSION_KEY
from designer.models import Role
from designer.services.versions import save_version
from tests.support.accounts import signed_in, with_role

pytestmark = pytest.mark.django_db

# What only an editing control holds: form actions and links of the write views.
EDIT_MARKERS = (
    "/entities/new/",
    "/fields/new/",
    "/relationships/new/",
    "/indexes/new/",
    "/uniques/new/",
    "/checks/new/",
    "/enums/new/",
    "/edit/",
    "/delete/",
    "/move/",
    "/history/undo",
    "/history/redo",
    "/restore/",
    "/review/fix/",
    "/review/suppress/",
    "Add field",
    "Add entity",
    "Ctrl+Z",
)


def url(name: str, *args) -> str:
    return reverse(f"designer:{name}", args=args)


def share_client(project: models.Project) -> Client:
    """An anonymous client whose session holds a valid share link to ``project`` (as
    after opening ``/share/<token>/``)."""
    link = models.ShareLink.objects.create(
        project=project, label="for the client", token=secrets.token_urlsafe(24)
    )
    client = Client()
    session = client.session
    session[SHARE_SESSION_KEY] = {str(project.pk): link.token}
    session.save()
    return client


@pytest.fixture(params=["viewer", "reviewer", "share link"])
def reader(request, demo) -> tuple[str, Client]:
    if request.param == "share link":
        return request.param, share_client(demo)
    return request.param, signed_in(Client(), with_role(demo, request.param))


def assert_read_only(html: str) -> None:
    found = [marker for marker in EDIT_MARKERS if marker in html]
    assert found == [], f"edit controls shown to a reader: {found}"


def test_the_editor_page_is_read_only(reader, demo, todos):
    role, client = reader
    response = client.get(url("entity", "demo", todos.id))
    assert response.status_code == 200
    html = response.content.decode()
    assert_read_only(html)
    assert 'method="post"' not in html[html.index('<main id="main">') :]  # sign-out stays
    assert url("export", "demo", "sql") in html  # downloads stay
    assert 'class="entity-title"' in html and "todos" in html
    if role == "share link":
        assert "Shared read-only view" in html
        for name in ("history", "versions", "compare", "project_settings", "members"):
            assert f'href="{url(name, "demo")}"' not in html, name
        assert "tab-comments" not in html and "/accounts/login/" not in html
    else:
        assert f"You are a {role} of this project" in html
        assert f'href="{url("members", "demo")}"' in html
        assert f'href="{url("proposals", "demo")}"' in html
        assert "tab-comments" in html and url("comments", "demo") in html
        assert f'href="{url("share_links", "demo")}"' not in html  # owners only
        assert f'href="{url("project_settings", "demo")}"' not in html


def test_only_reviewers_get_comment_links(reader, demo, todos):
    role, client = reader
    html = client.get(url("entity", "demo", todos.id)).content.decode()
    commenting = url("thread_create", "demo") in html
    assert commenting == (role == "reviewer")


def test_the_entity_panel_partial_is_read_only(reader, demo, todos):
    _, client = reader
    response = client.get(
        url("entity", "demo", todos.id), HTTP_HX_REQUEST="true", HTTP_HX_TARGET="entity-panel"
    )
    assert response.status_code == 200
    assert_read_only(response.content.decode())


def test_the_panel_kept_for_an_editor_is_not_shown_to_a_reader(client, demo, todos):
    """The entity panel is cached per revision: a reader after an editor gets the
    read-only one, and the editor after the reader the editing one."""
    assert "Add field" in client.get(url("entity", "demo", todos.id)).content.decode()
    viewer = signed_in(Client(), with_role(demo, Role.VIEWER))
    assert_read_only(viewer.get(url("entity", "demo", todos.id)).content.decode())
    assert "Add field" in client.get(url("entity", "demo", todos.id)).content.decode()


def test_the_field_row_and_enum_list_partials_are_read_only(reader, demo, todos):
    _, client = reader
    field = todos.fields.get(name="title")
    assert_read_only(client.get(url("field_row", "demo", field.id)).content.decode())
    assert_read_only(client.get(url("enum_list", "demo")).content.decode())


def test_the_review_panel_has_no_fix_or_suppress(reader, demo):
    _, client = reader
    response = client.get(url("review", "demo"), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert_read_only(response.content.decode())


@pytest.mark.parametrize("role", [Role.VIEWER, Role.REVIEWER])
def test_history_and_versions_have_no_restore_or_save(demo, todos, role):
    save_version(demo, "v1", "first")
    client = signed_in(Client(), with_role(demo, role))
    for page in (url("history", "demo"), url("versions", "demo"), url("version", "demo", "v1")):
        response = client.get(page)
        assert response.status_code == 200, page
        html = response.content.decode()
        assert_read_only(html)
        assert 'id="save-version"' not in html and "Save version" not in html
    downloads = url("version_export", "demo", "v1", "sql")
    assert downloads in client.get(url("version", "demo", "v1")).content.decode()


def test_a_share_link_is_sent_to_sign_in_from_member_pages(demo):
    client = share_client(demo)
    for name in ("history", "versions", "compare", "project_settings"):
        response = client.get(url(name, "demo"))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], name


@pytest.mark.parametrize("role", [Role.VIEWER, Role.REVIEWER, Role.EDITOR])
def test_the_project_list_shows_the_role_and_only_allowed_buttons(demo, role):
    client = signed_in(Client(), with_role(demo, role))
    html = client.get(url("project_list")).content.decode()
    assert f'<span class="tag role-tag" title="Your role in this project">{role}</span>' in html
    assert url("project_rename", "demo") not in html
    assert url("project_delete", "demo") not in html
    assert url("project_duplicate", "demo") in html  # a copy needs only a download
    assert 'id="new-project-name"' in html  # anyone signed in may start a project


def test_an_owner_sees_rename_and_delete(demo):
    client = signed_in(Client(), with_role(demo, Role.OWNER))
    html = client.get(url("project_list")).content.decode()
    assert url("project_rename", "demo") in html and url("project_delete", "demo") in html


def _writes(demo: models.Project) -> list[tuple[str, dict]]:
    """Every write URL of the existing pages, with data that would change something."""
    todos = demo.entities.get(name="todos")
    field = todos.fields.get(name="title")
    relationship = models.Relationship.objects.filter(project=demo).first()
    index = models.Index.objects.filter(entity__project=demo).first()
    enum = models.EnumType.objects.filter(project=demo).first()
    save_version(demo, "v1", "first")
    base = {"base_revision": str(demo.revision), "expected": str(demo.revision)}
    writes = [
        (url("entity_create", "demo"), {"name": "intruders"}),
        (url("entity_edit", "demo", todos.id), {"name": "renamed"}),
        (url("entity_delete", "demo", todos.id), base),
        (url("field_create", "demo", todos.id), {"name": "x", "data_type": "text"}),
        (url("field_edit", "demo", field.id), {"name": "x", "data_type": "text"}),
        (url("field_move", "demo", field.id), {**base, "direction": "up"}),
        (url("field_delete", "demo", field.id), base),
        (url("relationship_create", "demo", todos.id), {"to_entity": str(todos.id)}),
        (url("index_create", "demo", todos.id), {"keys": "title"}),
        (url("unique_create", "demo", todos.id), {"columns": "title"}),
        (url("check_create", "demo", todos.id), {"expression": "true"}),
        (url("enum_create", "demo"), {"name": "mood", "values_text": "a\nb"}),
        (url("review_fix", "demo"), {"rule": "x", "target": "x", "choice": "0"}),
        (url("review_suppress", "demo"), {"rule": "x", "target": "x", "reason": "x"}),
        (url("review_unsuppress", "demo"), {"rule": "x", "target": "x"}),
        (url("undo", "demo"), base),
        (url("redo", "demo"), base),
        (url("restore", "demo", 1), base),
        (url("versions", "demo"), {"name": "v2", "message": "sneaky"}),
        (url("version_restore", "demo", "v1"), base),
        (url("project_settings", "demo"), {"name": "Renamed"}),
        (url("project_rename", "demo"), {"name": "Renamed"}),
        (url("project_delete", "demo"), {}),
    ]
    if relationship is not None:
        writes.append((url("relationship_edit", "demo", relationship.id), {"on_delete": "CASCADE"}))
        writes.append((url("relationship_delete", "demo", relationship.id), base))
    if index is not None:
        writes.append((url("index_delete", "demo", index.id), base))
    if enum is not None:
        writes.append((url("enum_edit", "demo", enum.id), {"name": "renamed"}))
        writes.append((url("enum_delete", "demo", enum.id), base))
    return writes


def test_every_write_is_refused_and_changes_nothing(reader, demo):
    role, client = reader
    writes = _writes(demo)
    demo.refresh_from_db()
    revision, versions = demo.revision, demo.versions.count()
    for address, data in writes:
        for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
            response = client.post(address, data, **headers)
            if role == "share link":
                refused = response.status_code == 403 or (
                    response.status_code == 302 and "/accounts/login/" in response["Location"]
                )
            else:
                refused = response.status_code == 403
            assert refused, f"{role} POST {address}: {response.status_code}"
    demo.refresh_from_db()
    assert (demo.revision, demo.versions.count(), demo.name) == (
        revision,
        versions,
        "Todo app (demo)",
    )
    assert models.Project.objects.filter(slug="demo").exists()


def _thread(project, obj, kind: str, table, resolved: bool = False) -> models.Thread:
    from django.utils import timezone

    return models.Thread.objects.create(
        project=project,
        anchor=models.Thread.Anchor.OBJECT,
        object_id=obj.id,
        object_kind=kind,
        table_id=table.id,
        object_label=str(obj),
        resolved_at=timezone.now() if resolved else None,
    )


def _badge(count: int) -> str:
    title = f"{count} open comment thread{'s' if count != 1 else ''}"
    return f'<span class="thread-badge" title="{title}" aria-label="{title}">{count}</span>'


def test_open_threads_are_badges_on_the_entity_list_heading_and_fields(demo, todos):
    title = todos.fields.get(name="title")
    _thread(demo, todos, "entity", todos)
    _thread(demo, title, "field", todos)
    _thread(demo, title, "field", todos, resolved=True)
    client = signed_in(Client(), with_role(demo, Role.REVIEWER))
    html = client.get(url("entity", "demo", todos.id)).content.decode()
    # the entity list and the heading: everything in todos; the field: its own thread
    assert html.count(_badge(2)) == 2
    row = html[html.index(f'id="field-{title.id}"') :]
    assert _badge(1) in row[: row.index("</tr>")]
    assert html.count('class="thread-badge"') == 3
    listed = client.get(url("entity_list", "demo"), HTTP_HX_REQUEST="true").content.decode()
    assert _badge(2) in listed
    panel = client.get(
        url("entity", "demo", todos.id), HTTP_HX_REQUEST="true", HTTP_HX_TARGET="entity-panel"
    ).content.decode()
    assert panel.count('class="thread-badge"') == 2


def test_a_share_link_sees_no_badges(demo, todos):
    _thread(demo, todos, "entity", todos)
    html = share_client(demo).get(url("entity", "demo", todos.id)).content.decode()
    assert "thread-badge" not in html


def test_a_reviewer_gets_comment_links_on_the_entity_and_each_field(demo, todos):
    client = signed_in(Client(), with_role(demo, Role.REVIEWER))
    html = client.get(url("entity", "demo", todos.id)).content.decode()
    create = url("thread_create", "demo")
    assert f"{create}?object={todos.id}&amp;kind=entity" in html
    for field in todos.fields.all():
        assert f"{create}?object={field.id}&amp;kind=field" in html


def test_a_viewers_editor_page_query_count_is_pinned(demo, todos, django_assert_num_queries):
    client = signed_in(Client(), with_role(demo, Role.VIEWER))
    client.get(url("entity", "demo", todos.id))  # the panel and the list made and kept
    # 1 the project with the viewer's role; 2 the entity; 3 the open comment threads;
    # 4 the sidebar's enum types (no Undo or Redo to show: the latest change is not read)
    with django_assert_num_queries(6):  # + the session, the user
        assert client.get(url("entity", "demo", todos.id)).status_code == 200
