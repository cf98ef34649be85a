"""Views never write: every change goes through ``designer.services.edits`` (or, for a
project as a whole, ``designer.services``). The check walks the URL conf, so a new view
module cannot escape it."""

import ast
import inspect
import sys

from django.urls import URLPattern, URLResolver, get_resolver

WRITES = frozenset(
    {
        "save",
        "delete",
        "create",
        "bulk_create",
        "bulk_update",
        "update_or_create",
        "get_or_create",
        "raw",
        "execute",
    }
)
# Also the names of dict and set methods: a write when called on a manager or a query
# (``Entity.objects.filter(...).update()``, ``entity.fields.add()``), not on a local
# variable (``context.update(...)``).
QUERY_WRITES = frozenset({"update", "add", "remove", "clear", "set"})


def _views(patterns, found=None):
    found = [] if found is None else found
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            _views(pattern.url_patterns, found)
        elif isinstance(pattern, URLPattern):
            found.append(pattern.callback)
    return found


def _designer_view_modules() -> set:
    modules = set()
    for view in _views(get_resolver().url_patterns):
        view = inspect.unwrap(view)
        if view.__module__.startswith("designer."):
            modules.add(sys.modules[view.__module__])
    return modules


def writes_in(source: str) -> list[str]:
    """The calls in ``source`` that could write records: ``x.save()``, ``.delete()``..."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        name, receiver = node.func.attr, node.func.value
        if name in WRITES or (name in QUERY_WRITES and not isinstance(receiver, ast.Name)):
            found.append(f"line {node.lineno}: .{name}()")
    return found


def test_the_check_finds_a_write():
    source = "def view(request):\n    project.name = 'x'\n    project.save()\n"
    assert writes_in(source) == ["line 3: .save()"]
    assert writes_in("Entity.objects.filter(pk=1).update(name='x')") == ["line 1: .update()"]
    assert writes_in("entity.fields.add(field)") == ["line 1: .add()"]
    assert writes_in("context.update(extra)") == []


def test_every_view_module_in_the_url_conf_is_checked():
    names = {module.__name__ for module in _designer_view_modules()}
    assert {"designer.views.fields", "designer.views.history", "designer.views.imports"} <= names


def test_no_view_module_writes():
    offenders = {
        module.__name__: found
        for module in _designer_view_modules()
        if (found := writes_in(inspect.getsource(module)))
    }
    assert offenders == {}, "views must apply changes through designer.services.edits"
