"""Where a view may send someone back to: only a path of this site.

A ``next`` posted by a form, or any target that came with the request, goes through
``safe_target`` (Django's ``url_has_allowed_host_and_scheme``), so that a crafted link
cannot turn the designer into a redirector to another site.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme


def safe_target(request: HttpRequest, target: str | None, fallback: str) -> str:
    """``target`` when it is a URL of this site, else ``fallback``."""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def back_to(request: HttpRequest, fallback: str) -> HttpResponseRedirect:
    """A redirect to the posted ``next`` when it is of this site, else to ``fallback``."""
    return redirect(safe_target(request, request.POST.get("next"), fallback))
