import pytest

from designer import models
from designer.demo import demo_schema
from designer.store import save_schema


@pytest.fixture
def demo(db):
    project = models.Project.objects.create(name="Todo app (demo)", slug="demo")
    save_schema(project, demo_schema())
    return project


@pytest.fixture
def users(demo):
    return demo.entities.get(name="users")


@pytest.fixture
def todos(demo):
    return demo.entities.get(name="todos")


@pytest.fixture
def hx():
    """Headers of a request made by htmx."""
    return {"HTTP_HX_REQUEST": "true"}
