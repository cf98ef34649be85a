"""Background jobs (django-tasks; `python manage.py db_worker` runs them).

Each is a thin wrapper of a service in ``designer.services.imports``, which keeps the
job's state and progress on its ``ImportDraft``: a job's arguments are ids, its result a
word for the record, and running one twice does no harm.
"""

from __future__ import annotations

from django_tasks import task


@task()
def read_import_draft(draft_id: str) -> str:
    """Read a big upload kept on its draft, for the preview."""
    from .services.imports import read_queued_import

    return read_queued_import(draft_id)


@task()
def save_import_draft(draft_id: str, actor_id: int | None = None) -> str:
    """Save a previewed big import as a project (or into the project it replaces)."""
    from .services.imports import save_queued_import

    return save_queued_import(draft_id, actor_id)
