"""FastTemplates writes exactly what Django's widget templates write."""

import datetime

import pytest
from django import forms
from django.contrib.admin.widgets import AdminDateWidget, AdminTimeWidget
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from idhr_portal.forms_renderer import SOURCES, FastTemplates

CHOICES = [("", "---------"), ("a", "Alpha & <b>"), ("b", mark_safe("<i>Beta</i>")), (3, 3)]
GROUPED = [("Group <1>", [("x", "X"), ("y", 'Y "quoted"')]), ("z", "Zed")]


class EveryWidget(forms.Form):
    text = forms.CharField(widget=forms.TextInput(attrs={"class": "form-control", "aria-describedby": "h"}))
    email = forms.EmailField(widget=forms.EmailInput(attrs={"autocomplete": "off", "required": True}))
    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    number = forms.IntegerField()
    hidden = forms.CharField(widget=forms.HiddenInput)
    password = forms.CharField(widget=forms.PasswordInput(render_value=True))
    box = forms.BooleanField(widget=forms.CheckboxInput(attrs={"disabled": False}))
    area = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))
    select = forms.ChoiceField(choices=CHOICES)
    grouped = forms.ChoiceField(choices=GROUPED)
    radio = forms.ChoiceField(choices=CHOICES, widget=forms.RadioSelect(attrs={"class": "form-check-input"}))
    grouped_radio = forms.ChoiceField(choices=GROUPED, widget=forms.RadioSelect)
    boxes = forms.MultipleChoiceField(choices=CHOICES, widget=forms.CheckboxSelectMultiple)
    multi = forms.MultipleChoiceField(choices=CHOICES)
    admin_date = forms.DateField(widget=AdminDateWidget)
    admin_time = forms.TimeField(widget=AdminTimeWidget)


DATA = [
    {},
    {
        "text": 'O\'Brien & "Sons" <script>',
        "email": "a@b.edu",
        "date": "2025-03-14",
        "number": "42",
        "hidden": "tok<en>",
        "password": "pw&",
        "box": "on",
        "area": "line 1\n<line 2> & more",
        "select": "a",
        "grouped": "y",
        "radio": "b",
        "grouped_radio": "z",
        "boxes": ["a", "3"],
        "multi": ["b"],
        "admin_date": "2025-01-31",
        "admin_time": "10:15",
    },
]


def _render_all(form) -> list[str]:
    out = []
    for bound in form:
        out.append(str(bound))
        out.extend(str(sub.tag()) for sub in bound.subwidgets)
    return out


@pytest.mark.parametrize("data", DATA)
def test_every_simple_widget_renders_exactly_as_the_django_templates_do(data):
    slow = EveryWidget(data=data or None, initial={"date": datetime.date(2024, 1, 2)}, renderer=DjangoTemplates())
    fast = EveryWidget(data=data or None, initial={"date": datetime.date(2024, 1, 2)}, renderer=FastTemplates())
    assert _render_all(fast) == _render_all(slow)


def test_every_reproduced_template_is_taken_over_while_django_ships_that_source():
    assert FastTemplates()._fast == frozenset(SOURCES)
