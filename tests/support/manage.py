"""Running ``manage.py`` as a user does: a separate process on a fresh SQLite store.

For what only a real process shows: the exit status, and that a failure prints one line
on standard error.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def fresh_store(folder: Path) -> dict[str, str]:
    """The environment of a migrated, empty SQLite store in ``folder``."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}"}
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    return env


def manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """``python manage.py *args`` in ``env``, its output captured as text."""
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
