"""The forms of team review: opening a proposal, a verdict, a thread and its replies.

They check the shape of what is typed and keep it when refused; the rules (a title's
length, who may review, where a thread may be anchored) are the services' own
(``designer.services.proposals``, ``designer.services.comments``), whose errors the
views put on the field they name.
"""

from __future__ import annotations

from django import forms

from .services.comments import MAX_COMMENT_LENGTH
from .services.proposals import MAX_PROPOSAL_DESCRIPTION_LENGTH, MAX_TITLE_LENGTH

NO_BASE = "-"  # the base choice "none": compared with an empty design


class ProposalForm(forms.Form):
    title = forms.CharField(
        max_length=MAX_TITLE_LENGTH,
        widget=forms.TextInput(attrs={"autocomplete": "off", "id": "proposal-title"}),
        error_messages={"required": "Give the proposal a title."},
    )
    description = forms.CharField(
        required=False,
        max_length=MAX_PROPOSAL_DESCRIPTION_LENGTH,
        help_text="Markdown: what changes and why; @username mentions a member.",
        widget=forms.Textarea(attrs={"rows": 6, "id": "proposal-description"}),
    )
    base = forms.ChoiceField(
        help_text="The version the proposal is compared with.",
        widget=forms.Select(attrs={"id": "proposal-base"}),
    )

    def __init__(self, *args, names: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["base"].choices = [
            *((name, name) for name in names),
            (NO_BASE, "none (an empty design)"),
        ]


class ReviewForm(forms.Form):
    verdict = forms.ChoiceField(
        choices=[("approve", "Approve"), ("changes", "Request changes")],
        widget=forms.RadioSelect,
        error_messages={"required": "Approve, or request changes."},
    )
    body = forms.CharField(
        required=False,
        max_length=MAX_COMMENT_LENGTH,
        label="Comment",
        widget=forms.Textarea(attrs={"rows": 3, "id": "review-body"}),
    )


class CommentForm(forms.Form):
    """A reply, or the first comment of a thread (with where it is anchored)."""

    body = forms.CharField(
        max_length=MAX_COMMENT_LENGTH,
        label="Comment",
        help_text="Markdown; @username mentions a member.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Write a comment."},
    )
    proposal = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    object = forms.UUIDField(required=False, widget=forms.HiddenInput)
    kind = forms.CharField(required=False, max_length=12, widget=forms.HiddenInput)
    change = forms.CharField(required=False, max_length=300, widget=forms.HiddenInput)
