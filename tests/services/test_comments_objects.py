"""A thread can be about a domain, a sequence or an object kept as SQL text: its label
names it, follows a change of its SQL and survives its removal; its link opens it on the
objects page."""

from __future__ import annotations

import pytest

from designer.models import Thread
from designer.operations.objects import ChangeSqlObject, RemoveSqlObject
from designer.services import comments
from designer.services.edits import apply, create_project
from designer.store import current_schema
from designer.views.threads import _object_link
from tests.support.accounts import with_role
from tests.support.carrying import carrying_schema

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(db):
    return create_project(name="Carrying", slug="carrying", schema=carrying_schema())


def test_domains_sequences_and_objects_can_be_commented_on(project):
    schema = current_schema(project)
    found = {
        item.id: comments.find_object(schema, item.id)
        for item in (*schema.domains, *schema.sequences, *schema.sql_objects)
    }
    assert sorted((item.kind, item.label) for item in found.values()) == [
        ("domain", "domain year"),
        ("object", "view customer_years"),
        ("sequence", "sequence customer_numbers"),
    ]


def test_a_thread_on_a_view_follows_it_and_outlives_it(project):
    reviewer = with_role(project, "reviewer", "rita")
    view = current_schema(project).sql_objects[0]
    thread = comments.start_thread(
        project,
        "Should this read the customer's number too?",
        actor=reviewer,
        anchor_object=comments.find_object(current_schema(project), view.id),
    )
    assert thread.object_kind == "object"
    link = _object_link(project, thread, comments.label_of(thread, current_schema(project)))
    assert link == f"/projects/carrying/objects/#object-{view.id}"
    renamed = view.sql.replace("customer_years", "customer_since")
    apply(project, [ChangeSqlObject(view.id, renamed, view.description)])
    label = comments.label_of(Thread.objects.get(pk=thread.pk), current_schema(project))
    assert str(label) == "view customer_since"
    apply(project, [RemoveSqlObject(view.id)])
    label = comments.label_of(Thread.objects.get(pk=thread.pk), current_schema(project))
    assert label.removed and "customer_years" in str(label)
