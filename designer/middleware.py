"""Tells the editor's script which change a response made."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

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
