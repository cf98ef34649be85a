"""The generated module's imports, collected while it is written and sorted like isort.

``ruff check`` (rule I001) wants the standard library first, then third-party packages;
in each block ``import x`` lines before ``from x import y`` lines, both sorted by module;
the names of one ``from`` import sorted constants first, then classes, then the rest.
"""

from __future__ import annotations

import sys
from typing import NamedTuple


class Import(NamedTuple):
    """``import module [as alias]`` when ``name`` is empty, else ``from module import name``.

    A named tuple: every field line adds its imports to a set, and a tuple hashes (and
    sorts) in C where a dataclass would run Python code each time.
    """

    module: str
    name: str = ""
    alias: str = ""


UUID = Import("uuid")
ENUM = Import("enum")
SA = Import("sqlalchemy", alias="sa")
PG = Import("sqlalchemy.dialects", "postgresql", "pg")
REGISTRY = Import("sqlalchemy.orm", "registry")
SQLMODEL = Import("sqlmodel", "SQLModel")
FIELD = Import("sqlmodel", "Field")
RELATIONSHIP = Import("sqlmodel", "Relationship")
ANY = Import("typing", "Any")
OPTIONAL = Import("typing", "Optional")
LITERAL = Import("typing", "Literal")
CLASS_VAR = Import("typing", "ClassVar")
DECIMAL = Import("decimal", "Decimal")
UTC = Import("datetime", "UTC")
DATE = Import("datetime", "date")
DATETIME = Import("datetime", "datetime")
TIME = Import("datetime", "time")
TIMEDELTA = Import("datetime", "timedelta")
IP_INTERFACE = Import("pydantic", "IPvAnyInterface")
IP_NETWORK = Import("pydantic", "IPvAnyNetwork")


def _name_order(name: str) -> tuple[int, str]:
    # isort's order-by-type: CONSTANTS, then Classes, then everything else.
    if name.isupper() and len(name) > 1:
        return (0, name)
    if name[:1].isupper():
        return (1, name)
    return (2, name)


def _alias(item: Import) -> str:
    return f" as {item.alias}" if item.alias else ""


def _block(imports: set[Import]) -> list[str]:
    plain = sorted(item for item in imports if not item.name)
    lines = [f"import {item.module}" + _alias(item) for item in plain]
    by_module: dict[str, list[Import]] = {}
    for item in imports:
        if item.name:
            by_module.setdefault(item.module, []).append(item)
    for module in sorted(by_module):
        names = sorted(by_module[module], key=lambda item: _name_order(item.name))
        spelled = [item.name + _alias(item) for item in names]
        lines.append(f"from {module} import {', '.join(spelled)}")
    return lines


def render(imports: set[Import]) -> list[str]:
    """The import lines: the standard library, a blank line, then third-party packages."""
    standard = {item for item in imports if item.module.partition(".")[0] in _STDLIB}
    blocks = [_block(standard), _block(imports - standard)]
    lines: list[str] = []
    for block in blocks:
        if block:
            lines += [*([""] if lines else []), *block]
    return lines


_STDLIB = sys.stdlib_module_names
