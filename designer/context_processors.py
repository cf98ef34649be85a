"""What every page's template may read about the person and the project: ``access`` (the
request's ``designer.access.Access``, set when the view read its project) and
``unread_notifications`` (counted only by a page that shows it)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from .models import Notification


def team(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)

    def unread_notifications() -> int:
        if user is None or not user.is_authenticated:
            return 0
        return Notification.objects.filter(user=user, read_at__isnull=True).count()

    return {
        "access": getattr(request, "access", None),
        "unread_notifications": unread_notifications,
    }
