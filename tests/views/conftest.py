import pytest

from designer.demo import demo_schema
from designer.services.edits import create_project


@pytest.fixture
def demo(db):
    project = create_project(name="Todo app (demo)", slug="demo", schema=demo_schema())
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
