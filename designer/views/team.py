"""Members, invitations, share links and review rules of a project.

Every member sees who is in the project (the Team page); only owners invite, change
roles, remove others, set the review rules and manage share links. A member may leave,
except the last owner (``designer.services.team`` keeps one). Invitations and share links
are opened by people who may not be signed in: ``invitation`` and ``share`` are
``login_not_required`` and find their record by its random token (404 when it is unknown,
expired, revoked or used).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .. import access as rights
from ..access import MANAGE, READ, get_project, project_access
from ..forms import posted
from ..models import Invitation, Membership, Project, Role, ShareLink
from ..services import team
from ..services.team import TeamError, WrongAccount
from ..team_forms import AccountForm, InviteForm, ReviewRulesForm, RoleForm, ShareLinkForm

SIGN_IN_BACKEND = "django.contrib.auth.backends.ModelBackend"  # axes' backend is first


def _members_page(
    request: HttpRequest,
    project: Project,
    invite_form: InviteForm | None = None,
    rules_form: ReviewRulesForm | None = None,
) -> HttpResponse:
    """The Team page: members, pending invitations and the review rules (the forms only
    for owners, with what was typed when one came back with errors)."""
    can_manage = request.access.can_manage
    rules = {
        "required_approvals": project.required_approvals,
        "open_threads_block": project.open_threads_block,
    }
    people = list(team.members_of(project))
    context = {
        "project": project,
        "members": people,
        "last_owner": sum(1 for member in people if member.role == Role.OWNER) <= 1,
        "invitations": _with_links(request, team.pending_invitations(project))
        if can_manage
        else (),
        "invite_form": invite_form or InviteForm(auto_id="invite-%s"),
        "rules_form": rules_form or ReviewRulesForm(initial=rules, auto_id="rules-%s"),
        "role_choices": RoleForm.base_fields["role"].choices,
    }
    return render(request, "designer/team.html", context)


def _with_links(request: HttpRequest, invitations) -> list[Invitation]:
    """The invitations, each with the absolute ``link`` an owner can pass on."""
    found = list(invitations)
    for invitation in found:
        path = reverse("designer:invitation", args=[invitation.token])
        invitation.link = request.build_absolute_uri(path)
    return found


@require_http_methods(["GET", "POST"])
def members(request: HttpRequest, slug: str) -> HttpResponse:
    """The Team page; a POST invites someone (owners only)."""
    project = get_project(request, slug, need=MANAGE if request.method == "POST" else READ)
    form = InviteForm(posted(request), auto_id="invite-%s")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            invitation = team.invite(
                project,
                data["who"],
                data["role"],
                actor=request.user,
                absolute=request.build_absolute_uri,
            )
        except TeamError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            _say_invited(request, invitation)
            return redirect("designer:members", slug=project.slug)
    return _members_page(request, project, invite_form=form if form.is_bound else None)


def _say_invited(request: HttpRequest, invitation: Invitation) -> None:
    """Tell the owner how the invited person learns of it (or that the mail failed)."""
    role = invitation.role
    if invitation.user is not None:
        name = invitation.user.get_username()
        messages.success(request, f"Invited {name} as {role} (told in the app).")
    elif invitation.mailed:
        messages.success(request, f"Invited {invitation.email} as {role} (link sent by e-mail).")
    else:
        messages.warning(
            request,
            f"Invited {invitation.email} as {role}, but the e-mail could not be sent: copy "
            "the link under Pending invitations and pass it on.",
        )


@require_POST
def review_rules(request: HttpRequest, slug: str) -> HttpResponse:
    """Set how many approvals a proposal needs and whether open threads block it."""
    project = get_project(request, slug, need=MANAGE)
    form = ReviewRulesForm(request.POST, auto_id="rules-%s")
    if form.is_valid():
        data = form.cleaned_data
        try:
            team.set_review_rules(
                project,
                data["required_approvals"],
                data["open_threads_block"],
                actor=request.user,
            )
        except TeamError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, "Saved the review rules.")
            return redirect("designer:members", slug=project.slug)
    return _members_page(request, project, rules_form=form)


def _membership(project: Project, membership_id) -> Membership:
    return get_object_or_404(
        Membership.objects.select_related("user", "project"), project=project, pk=membership_id
    )


@require_POST
def member_role(request: HttpRequest, slug: str, membership_id) -> HttpResponse:
    """Give a member another role (owners only; the last owner keeps theirs)."""
    project = get_project(request, slug, need=MANAGE)
    membership = _membership(project, membership_id)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose one of the roles.")
        return redirect("designer:members", slug=project.slug)
    try:
        team.change_role(membership, form.cleaned_data["role"], actor=request.user)
    except TeamError as error:
        messages.error(request, error.message)
    else:
        name = membership.user.get_username()
        messages.success(request, f"{name} is now {form.cleaned_data['role']}.")
    return redirect("designer:members", slug=project.slug)


@require_POST
def member_remove(request: HttpRequest, slug: str, membership_id) -> HttpResponse:
    """Remove a member (owners), or leave the project (any member, but the last owner)."""
    access = project_access(request, slug, need=READ)
    project = access.project
    membership = _membership(project, membership_id)
    leaving = membership.user_id == request.user.pk
    if not leaving:
        access.require(MANAGE)
    try:
        team.remove_member(membership, actor=request.user)
    except TeamError as error:
        messages.error(request, error.message)
        return redirect("designer:members", slug=project.slug)
    if leaving:
        messages.success(request, f"You left {project.name}.")
        still_reads = rights.may(project, request.user, READ)  # an administrator does
        return redirect(project if still_reads else "designer:project_list")
    messages.success(request, f"Removed {membership.user.get_username()} from the project.")
    return redirect("designer:members", slug=project.slug)


@require_POST
def invitation_revoke(request: HttpRequest, slug: str, invitation_id) -> HttpResponse:
    project = get_project(request, slug, need=MANAGE)
    invitation = get_object_or_404(
        Invitation.objects.select_related("user", "project"), project=project, pk=invitation_id
    )
    team.revoke_invitation(invitation, actor=request.user)
    messages.success(request, "Revoked the invitation.")
    return redirect("designer:members", slug=project.slug)


@require_http_methods(["GET", "POST"])
def share_links(request: HttpRequest, slug: str) -> HttpResponse:
    """The project's share links, and the form that creates one (owners only)."""
    project = get_project(request, slug, need=MANAGE)
    form = ShareLinkForm(posted(request), auto_id="link-%s")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            link = team.create_share_link(
                project, data["label"], data["expiry"], actor=request.user
            )
        except TeamError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, f"Created the share link “{link.label}”.")
            return redirect("designer:share_links", slug=project.slug)
    now = timezone.now()
    links = [
        {
            "link": link,
            "state": team.share_link_state(link, now),
            "url": request.build_absolute_uri(reverse("designer:share", args=[link.token])),
        }
        for link in team.share_links_of(project)
    ]
    context = {"project": project, "links": links, "form": form}
    return render(request, "designer/share_links.html", context)


@require_POST
def share_link_revoke(request: HttpRequest, slug: str, link_id) -> HttpResponse:
    project = get_project(request, slug, need=MANAGE)
    link = get_object_or_404(
        ShareLink.objects.select_related("project"), project=project, pk=link_id
    )
    team.revoke_share_link(link, actor=request.user)
    messages.success(request, f"Revoked the share link “{link.label}”: it no longer opens.")
    return redirect("designer:share_links", slug=project.slug)


@login_not_required
@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """An invitation's page: a signed-in person accepts it; someone without an account
    creates one here (or signs in first)."""
    found = team.pending_invitation(token)
    if found is None:
        raise Http404("No such invitation: it may have expired or been revoked or used.")
    if request.user.is_authenticated:
        return _accept(request, found)
    return _join(request, found)


def _accept(request: HttpRequest, found: Invitation) -> HttpResponse:
    context = {"invitation": found, "wrong_account": False}
    if found.user_id is not None and found.user_id != request.user.pk:
        context["wrong_account"] = True
        return render(request, "designer/invitation.html", context, status=403)
    if request.method == "POST":
        try:
            membership = team.accept(found, request.user)
        except WrongAccount as error:
            raise PermissionDenied(error.message) from error
        except TeamError as error:
            raise Http404(error.message) from error
        messages.success(request, f"You are {membership.role} of {found.project.name}.")
        return redirect(found.project)
    return render(request, "designer/invitation.html", context)


def _join(request: HttpRequest, found: Invitation) -> HttpResponse:
    """Not signed in: an invitation for an account asks to sign in; one for an e-mail
    address offers to create an account."""
    sign_in = f"{reverse('login')}?{urlencode({'next': request.path})}"
    context = {"invitation": found, "sign_in": sign_in, "form": None}
    if found.user_id is None:
        form = AccountForm(posted(request), initial={"email": found.email}, auto_id="account-%s")
        context["form"] = form
        if request.method == "POST" and form.is_valid():
            try:
                user = team.join_with_new_account(found, form)
            except TeamError as error:
                raise Http404(error.message) from error
            login(request, user, backend=SIGN_IN_BACKEND)
            messages.success(request, f"Welcome! You joined {found.project.name} as {found.role}.")
            return redirect(found.project)
    elif request.method == "POST":
        return redirect(sign_in)
    return render(request, "designer/invitation.html", context)


@login_not_required
@require_GET
def share(request: HttpRequest, token: str) -> HttpResponse:
    """Open a share link: its token is kept in the session, and the project's read-only
    pages open for as long as the link is valid."""
    if not team.is_token(token):
        raise Http404("No such link.")
    link = rights.share_link(token)
    rights.remember_share_link(request, link)
    return redirect("designer:project", slug=link.project.slug)


P = "projects/<slug:slug>/"
urlpatterns = [
    path(f"{P}members/", members, name="members"),
    path(
        "projects/<slug:slug>/members/<uuid:membership_id>/role/", member_role, name="member_role"
    ),
    path(
        "projects/<slug:slug>/members/<uuid:membership_id>/remove/",
        member_remove,
        name="member_remove",
    ),
    path(
        "projects/<slug:slug>/invitations/<uuid:invitation_id>/revoke/",
        invitation_revoke,
        name="invitation_revoke",
    ),
    path(f"{P}review-rules/", review_rules, name="review_rules"),
    path(f"{P}share-links/", share_links, name="share_links"),
    path(
        "projects/<slug:slug>/share-links/<uuid:link_id>/revoke/",
        share_link_revoke,
        name="share_link_revoke",
    ),
    path("invitations/<str:token>/", invitation, name="invitation"),
    path("share/<str:token>/", share, name="share"),
]
