"""Importing generated Python source as a real module, and forgetting it afterwards.

``loaded_module(path)`` imports the file with importlib under a unique name (so two
modules that both define ``User`` never meet), registers it in ``sys.modules`` while in
use (pydantic and SQLAlchemy resolve forward references through it) and removes it on
exit, disposing of the module's own SQLAlchemy registry so that nothing accumulates
across hundreds of hypothesis examples. A generated module puts its tables, sequences,
naming rules and DDL listeners in SQLModel's one, global ``SQLModel.metadata``: they are
taken out again on exit (``sqlmodel_metadata_restored``), so that the next module loaded
in this process does not meet them.
"""

from __future__ import annotations

import importlib.util
import itertools
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType

import sqlalchemy as sa
from sqlmodel import SQLModel

_COUNTER = itertools.count(1)
# The DDL events a module (or its enum types) registers on the metadata.
_METADATA_EVENTS = ("before_create", "after_create", "before_drop", "after_drop")


@contextmanager
def sqlmodel_metadata_restored() -> Iterator[sa.MetaData]:
    """``SQLModel.metadata`` as it was before the block, after it."""
    metadata = SQLModel.metadata
    tables = set(metadata.tables)
    sequences = set(metadata._sequences)
    listeners = {name: list(getattr(metadata.dispatch, name)) for name in _METADATA_EVENTS}
    convention = dict(metadata.naming_convention)
    try:
        yield metadata
    finally:
        for key in set(metadata.tables) - tables:
            metadata.remove(metadata.tables[key])
        for key in set(metadata._sequences) - sequences:
            del metadata._sequences[key]
        for name, before in listeners.items():
            for listener in list(getattr(metadata.dispatch, name)):
                if listener not in before:
                    sa.event.remove(metadata, name, listener)
        metadata.naming_convention = convention


@contextmanager
def loaded_module(path: Path) -> Iterator[ModuleType]:
    """The module in ``path``, imported under a fresh name for the duration of the block."""
    name = f"generated_models_{next(_COUNTER)}"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    with sqlmodel_metadata_restored():
        try:
            spec.loader.exec_module(module)
            yield module
        finally:
            sys.modules.pop(name, None)
            base = getattr(module, "TableBase", None)
            if base is not None:
                base._sa_registry.dispose()
