"""The activity feed, notifications and their settings."""

from __future__ import annotations

from dataclasses import replace

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_GET, require_http_methods

from ..access import READ, get_project
from ..models import Notification, Project
from ..redirects import safe_target
from ..services import activity as feed
from .history import PER_PAGE as HISTORY_PER_PAGE

NOTIFICATIONS_PER_PAGE = 50


def _history_url(project: Project, revision: int) -> str:
    """The History page that lists ``revision`` (newest first, revisions one apart)."""
    number = max(project.revision - revision, 0) // HISTORY_PER_PAGE + 1
    url = reverse("designer:history", args=[project.slug])
    return f"{url}?page={number}#change-{revision}" if number > 1 else f"{url}#change-{revision}"


@require_GET
def activity(request: HttpRequest, slug: str) -> HttpResponse:
    """What happened in the project, newest first: the design's changes (from the change
    log) among the versions, proposals, comments, reviews and membership."""
    project = get_project(request, slug, need=READ)
    page = feed.feed_page(project, request.GET.get("page"))
    page.object_list = [
        replace(event, url=_history_url(project, event.change.revision)) if event.change else event
        for event in page.object_list
    ]
    return render(request, "designer/activity.html", {"project": project, "page": page})


@require_http_methods(["GET", "POST"])
def notifications(request: HttpRequest) -> HttpResponse:
    """The signed-in person's notifications, unread first; POST marks them all read."""
    if request.method == "POST":
        count = feed.mark_all_read(request.user)
        if count:
            messages.success(request, f"Marked {count} notification{'s' * (count != 1)} read.")
        return redirect("designer:notifications")
    page = Paginator(feed.notifications_of(request.user), NOTIFICATIONS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "designer/notifications.html", {"page": page})


@require_GET
def notification_open(request: HttpRequest, notification_id) -> HttpResponse:
    """Mark the notification read and go where it points (a page of this site only)."""
    notification = get_object_or_404(Notification, pk=notification_id, user=request.user)
    feed.mark_read(notification)
    return redirect(safe_target(request, notification.url, reverse("designer:notifications")))


@require_GET
def notification_badge(request: HttpRequest) -> HttpResponse:
    """The header's unread count, loaded by htmx after the page (so that no page pays
    for it in its own queries) and refreshed now and then."""
    return render(request, "designer/notifications.html#unread_badge")


class NotificationSettingsForm(forms.Form):
    email_notifications = forms.BooleanField(
        label="Also send my notifications by e-mail", required=False
    )


@require_http_methods(["GET", "POST"])
def notification_settings(request: HttpRequest) -> HttpResponse:
    """Whether notifications also come by e-mail (to the account's address)."""
    if request.method == "POST":
        form = NotificationSettingsForm(request.POST)
        if form.is_valid():
            feed.set_wants_email(request.user, form.cleaned_data["email_notifications"])
            messages.success(request, "Saved your notification settings.")
            return redirect("designer:notification_settings")
    else:
        form = NotificationSettingsForm(
            initial={"email_notifications": feed.wants_email(request.user)}
        )
    return render(request, "designer/notification_settings.html", {"form": form})


P = "projects/<slug:slug>/"
urlpatterns = [
    path(f"{P}activity/", activity, name="activity"),
    path("notifications/", notifications, name="notifications"),
    path("notifications/unread/", notification_badge, name="notification_badge"),
    path("notifications/<uuid:notification_id>/", notification_open, name="notification_open"),
    path("notifications/settings/", notification_settings, name="notification_settings"),
]
