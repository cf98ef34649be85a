"""Tells the editor's script which change a response made; requires sign-in (but for a
share link's pages)."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.http import HttpRequest, HttpResponse

from .access import holds_share_link

HEADER = "X-Design-Change"


def made_change(request: HttpRequest, revision: int) -> None:
    """Note that this request applied the change that made ``revision``."""
    request.design_change = revision


class DesignChangeMiddleware:
    """Adds ``X-Design-Change: <revision>`` to the response of a request that changed a
    design, so that the open editor tells its own changes from other people's (see the
    live refresh in ``static/designer/editor.js``)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        revision = getattr(request, "design_change", None)
        if revision is not None:
            response[HEADER] = str(revision)
        return response


class SignInRequiredMiddleware(LoginRequiredMiddleware):
    """Django's ``LoginRequiredMiddleware`` (every page requires sign-in but those marked
    ``@login_not_required``), letting a visitor who opened a share link reach the read-only
    pages a link shows (``designer.access.shareable``); which project that visitor may
    read is ``designer.access.project_access``'s to say."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        if (
            not request.user.is_authenticated
            and getattr(view_func, "shareable", False)
            and holds_share_link(request)
        ):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)
