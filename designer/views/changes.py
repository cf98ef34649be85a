"""How a view hands a change to the one entry point (``designer.services.edits.apply``)
and takes back what went wrong: views parse and render, they never write."""

from __future__ import annotations

from collections.abc import Sequence

from django.http import HttpRequest

from .. import models
from ..forms import ChangeForm
from ..middleware import made_change
from ..operations import Operation, OperationError
from ..services import edits


def apply_form(
    request: HttpRequest,
    project: models.Project,
    form: ChangeForm,
    operations: Sequence[Operation] | None = None,
) -> edits.Applied | None:
    """Apply a valid form's operations. On a refusal the reason goes on the form (beside
    the input it is about) and None comes back; a conflict is shown by the form too."""
    try:
        applied = edits.apply(
            project,
            operations if operations is not None else form.operations(),
            actor=request.user,
            base_revision=form.base_revision,
        )
    except edits.Conflict as conflict:
        form.mark_conflict(conflict)
    except OperationError as error:
        form.add_operation_error(error)
    else:
        return noted(request, applied)
    project.refresh_from_db(fields=["revision"])
    return None


def noted(request: HttpRequest, applied: edits.Applied) -> edits.Applied:
    """``applied``, its revision noted for the response (``X-Design-Change``)."""
    if applied.change is not None:
        made_change(request, applied.revision)
    return applied


def posted_revision(request: HttpRequest) -> int | None:
    """The revision a posted button was rendered from (``base_revision``), if any."""
    try:
        value = int(request.POST.get("base_revision", ""))
    except ValueError:
        return None
    return value if value >= 0 else None


def apply_posted(
    request: HttpRequest, project: models.Project, operations: Sequence[Operation]
) -> tuple[edits.Applied | None, str]:
    """Apply the operations of a button (no form): what was done, or why not."""
    try:
        applied = edits.apply(
            project, operations, actor=request.user, base_revision=posted_revision(request)
        )
    except (edits.Conflict, OperationError) as error:
        project.refresh_from_db(fields=["revision"])
        return None, getattr(error, "message", str(error))
    return noted(request, applied), ""
