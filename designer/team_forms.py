"""The forms of the Team and share-link pages, and the account form of an invitation.

They check what was typed; who may be invited, the last owner and the like are the rules
of ``designer.services.team``, whose ``TeamError`` the views put on the form.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.contrib.auth.models import User

from .models import Role
from .services.team import MAX_REQUIRED_APPROVALS

ROLE_HELP = (
    "Viewers read and download; reviewers also comment and approve; editors also change "
    "the design; owners also manage the team and merge."
)


class InviteForm(forms.Form):
    who = forms.CharField(
        label="Username or e-mail address",
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    role = forms.ChoiceField(choices=Role.choices, initial=Role.EDITOR, help_text=ROLE_HELP)


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=Role.choices)


class ReviewRulesForm(forms.Form):
    required_approvals = forms.IntegerField(
        label="Approvals required to merge",
        min_value=0,
        max_value=MAX_REQUIRED_APPROVALS,
        widget=forms.NumberInput(attrs={"class": "narrow-number"}),
    )
    open_threads_block = forms.BooleanField(label="Open threads block merging", required=False)


class ShareLinkForm(forms.Form):
    EXPIRIES = [
        ("never", "Never"),
        ("1", "After 1 day"),
        ("7", "After 7 days"),
        ("30", "After 30 days"),
    ]

    label = forms.CharField(
        max_length=100,
        help_text="Who or what the link is for, such as “Design review with Acme”.",
    )
    expiry = forms.ChoiceField(label="Expires", choices=EXPIRIES, initial="7")


class AccountForm(UserCreationForm):
    """A new account from an invitation: username, e-mail (the invitation's, prefilled)
    and the password twice, checked by Django's password validators."""

    email = forms.EmailField(label="E-mail address", required=True)

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "email")
