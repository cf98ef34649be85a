"""Importing generated Python source as a real module, and forgetting it afterwards.

``loaded_module(path)`` imports the file with importlib under a unique name (so two
modules that both define ``User`` never meet), registers it in ``sys.modules`` while in
use (pydantic and SQLAlchemy resolve forward references through it) and removes it on
exit, disposing of the module's own SQLAlchemy registry so that nothing accumulates
across hundreds of hypothesis examples.
"""

from __future__ import annotations

import importlib.util
import itertools
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType

_COUNTER = itertools.count(1)


@contextmanager
def loaded_module(path: Path) -> Iterator[ModuleType]:
    """The module in ``path``, imported under a fresh name for the duration of the block."""
    name = f"generated_models_{next(_COUNTER)}"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        sys.modules.pop(name, None)
        base = getattr(module, "TableBase", None)
        if base is not None:
            base._sa_registry.dispose()
