"""The widgets written in Python give exactly the HTML of Django's templates."""

from django import forms
from django.forms.renderers import DjangoTemplates

from designer.widgets import FastRenderer, FastSelect


class Sample(forms.Form):
    text = forms.CharField(max_length=5, initial='x"<y>&')
    flag = forms.BooleanField(initial=True)
    number = forms.IntegerField(
        min_value=0, widget=forms.NumberInput(attrs={"placeholder": "e.g. 'a' & b"})
    )
    hidden = forms.IntegerField(widget=forms.HiddenInput, required=False)
    off = forms.BooleanField(required=False)
    choice = forms.ChoiceField(choices=[("a", "A <&>"), ("b", 'B "b"')], initial="b")


def test_inputs_render_as_djangos_templates_render_them():
    for data in (None, {"text": "q&q<", "number": "3", "off": "on", "choice": "a"}):
        django_form = Sample(data, renderer=DjangoTemplates())
        ours = Sample(data, renderer=FastRenderer())
        for name in ("text", "flag", "number", "hidden", "off"):
            assert str(ours[name]) == str(django_form[name]), name


def test_the_fast_select_escapes_and_marks_the_choice():
    form = Sample({"choice": "a"})
    html = FastSelect(choices=form.fields["choice"].choices).render("choice", "a", {"id": "c"})
    assert html == (
        '<select id="c" name="choice"><option value="a" selected>A &lt;&amp;&gt;</option>'
        '<option value="b">B &quot;b&quot;</option></select>'
    )
