"""Form widgets rendered in Python: a select box, and plain inputs (``FastRenderer``).

Django renders every ``<option>`` of a select through a template, which costs a few
milliseconds per hundred options; the editor's "references" box lists every entity of
the project on every page. This widget writes the same HTML directly (escaped with
``html.escape``, quotes included), so a 500-entity project does not pay 500 template
renders, nor 500 option dictionaries, per page.
"""

from __future__ import annotations

import html

from django import forms
from django.forms.renderers import DjangoTemplates
from django.forms.utils import flatatt
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString


def _text(value) -> str:
    return "" if value is None else html.escape(str(value), quote=True)


class FastSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        chosen = {str(item) for item in self.format_value(value)}

        def options(choices) -> str:
            return "".join(
                f'<option value="{_text(key)}"{" selected" if str(key) in chosen else ""}>'
                f"{_text(label)}</option>"
                for key, label in choices
            )

        parts = []
        for key, label in self.choices:
            if isinstance(label, list | tuple):  # a group: (name, [(value, label), ...])
                parts.append(f'<optgroup label="{_text(key)}">{options(label)}</optgroup>')
            else:
                parts.append(options([(key, label)]))
        attributes = flatatt(self.build_attrs(self.attrs, {**(attrs or {}), "name": name}))
        return SafeString(f"<select{attributes}>{''.join(parts)}</select>")


# Django's own templates for these widgets are exactly ``input.html``; written here in
# Python they cost a tenth (the entity panel holds some fifty inputs).
_INPUTS = frozenset(
    f"django/forms/widgets/{name}.html"
    for name in ("input", "text", "number", "checkbox", "hidden", "email", "password", "url")
)


def _shown(value) -> str:
    return conditional_escape(str(value))


def input_html(widget: dict) -> str:
    """``django/forms/widgets/input.html`` (with ``attrs.html``) for one widget context."""
    value = widget["value"]
    parts = [f'<input type="{_shown(widget["type"])}" name="{_shown(widget["name"])}"']
    if value is not None:
        parts.append(f' value="{_shown(value)}"')
    for name, attribute in widget["attrs"].items():
        if attribute is True:
            parts.append(f" {_shown(name)}")
        elif attribute is not False:
            parts.append(f' {_shown(name)}="{_shown(attribute)}"')
    parts.append(">")
    return "".join(parts)


class FastRenderer(DjangoTemplates):
    """The default form renderer, with the plain inputs written in Python."""

    def render(self, template_name, context, request=None):
        if template_name in _INPUTS:
            return SafeString(input_html(context["widget"]))
        return super().render(template_name, context, request)
