"""``{% form_field form.name %}``: one input with its label, errors and help.

The editor's panels show some fifty inputs; an ``{% include %}`` per input cost more
than the rest of an inline form's response. The tag writes the same block in Python:

    <div class="fld [has-error] [wide] [narrow] [fld-check]">
      <label for="…">Label</label> <input …>      (a checkbox sits inside its label)
      <ul class="errorlist" role="alert"><li>…</li></ul>
      <small class="help">…</small>                  (with help=True)
    </div>

Every text is escaped (``conditional_escape``); the widget renders itself.
"""

from __future__ import annotations

from django import template
from django.forms import BoundField
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString
from django.utils.text import capfirst

register = template.Library()


@register.simple_tag
def form_field(
    field: BoundField, *, narrow: bool = False, wide: bool = False, help: bool = False
) -> SafeString:
    checkbox = getattr(field.field.widget, "input_type", None) == "checkbox"
    errors = field.errors
    classes = "fld" + "".join(
        f" {name}"
        for name, present in (
            ("has-error", errors),
            ("wide", wide),
            ("narrow", narrow),
            ("fld-check", checkbox),
        )
        if present
    )
    target = conditional_escape(field.id_for_label or "")
    if checkbox:
        label = f'<label for="{target}">{field} {conditional_escape(field.label)}</label>'
    else:
        text = conditional_escape(capfirst(field.label))
        label = f'<label for="{target}">{text}</label>\n{field}'
    parts = [f'<div class="{classes}">', label]
    if errors:
        items = "".join(f"<li>{conditional_escape(error)}</li>" for error in errors)
        parts.append(f'<ul class="errorlist" role="alert">{items}</ul>')
    if help and field.help_text:
        parts.append(f'<small class="help">{conditional_escape(field.help_text)}</small>')
    parts.append("</div>")
    return SafeString("\n".join(parts))
