"""Words meant for the developers stay out of the pages (issue 15): "the seeds' example",
"the seeds' standards" say what they mean to a user instead."""

import pytest
from django.urls import reverse

from designer.lint.registry import PROFILES

pytestmark = pytest.mark.django_db

PAGES = [
    ("project_list", ()),
    ("project", ("demo",)),
    ("project_settings", ("demo",)),
    ("review", ("demo",)),
    ("document", ("demo",)),
]


@pytest.mark.parametrize(("name", "args"), PAGES)
def test_the_pages_do_not_talk_of_the_seeds(client, demo, name, args):
    response = client.get(reverse(f"designer:{name}", args=args))
    assert response.status_code == 200
    assert "seeds" not in response.content.decode().lower()


def test_the_profiles_and_the_demo_say_what_they_mean(demo):
    assert all("seeds" not in profile.description for profile in PROFILES.values())
    assert PROFILES["strict"].description.startswith("An expert designer's standards")
    assert demo.description.startswith("An example design")
