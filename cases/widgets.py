"""Widgets for the case page, whose inlines render hundreds of fields.

Django renders every widget, and every <option> of a <select>, through template
includes; a case with 20 parties and 40 measures renders about 500 widgets and
4,000 options, which was most of the page's time (bench/README.md). The widgets
here write the same markup as Django's templates (django/forms/widgets/*.html,
admin/widgets/date.html), in Python.
"""
from functools import cache

from django import forms
from django.contrib.admin.widgets import AdminDateWidget, RelatedFieldWidgetWrapper
from django.forms.utils import flatatt
from django.forms.widgets import Input
from django.utils.html import escape
from django.utils.safestring import mark_safe

# Templates whose markup FastRenderMixin reproduces.
INPUT_TEMPLATES = frozenset(
    {
        "django/forms/widgets/text.html",
        "django/forms/widgets/email.html",
        "django/forms/widgets/date.html",
        "django/forms/widgets/number.html",
        "django/forms/widgets/input.html",
        "admin/widgets/date.html",
    }
)


def _select(widget: dict) -> str:
    parts = [f'<select name="{escape(widget["name"])}"{flatatt(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'<optgroup label="{escape(group_name)}">')
        for option in options:
            extra = flatatt(option["attrs"]) if option["attrs"] else ""
            parts.append(f'<option value="{escape(option["value"])}"{extra}>{escape(option["label"])}</option>')
        if group_name:
            parts.append("</optgroup>")
    parts.append("</select>")
    return "".join(parts)


def _input(widget: dict) -> str:
    value = "" if widget["value"] is None else f' value="{escape(widget["value"])}"'
    return f'<input type="{escape(widget["type"])}" name="{escape(widget["name"])}"{value}{flatatt(widget["attrs"])}>'


def _textarea(widget: dict) -> str:
    value = escape(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{escape(widget["name"])}"{flatatt(widget["attrs"])}>\n{value}</textarea>'


class FastRenderMixin:
    """render() in Python with the markup of the widget's Django template."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        if isinstance(self, forms.Select):
            html = _select(widget)
        elif isinstance(self, forms.Textarea):
            html = _textarea(widget)
        elif isinstance(self, AdminDateWidget):
            html = f'<p class="date">\n  {_input(widget)}\n</p>'
        else:
            html = _input(widget)
        return mark_safe(html)  # noqa: S308 (names, values, labels and attributes are escaped above)


class FastSelect(FastRenderMixin, forms.Select):
    """A <select> rendered in Python: the markup of django/forms/widgets/select.html."""


@cache
def _fast_class(cls: type) -> type:
    return type(f"Fast{cls.__name__}", (FastRenderMixin, cls), {})


def _fast_renderable(widget) -> bool:
    if isinstance(widget, FastRenderMixin) or getattr(widget, "allow_multiple_selected", False):
        return False
    if isinstance(widget, forms.Select):
        return widget.template_name == "django/forms/widgets/select.html"
    if isinstance(widget, forms.Textarea):
        return widget.template_name == "django/forms/widgets/textarea.html"
    return isinstance(widget, Input) and widget.template_name in INPUT_TEMPLATES


def speed_up(widget) -> None:
    """Give a widget (or the widget inside the admin's related-object wrapper) a Python render()."""
    if isinstance(widget, RelatedFieldWidgetWrapper):
        speed_up(widget.widget)
    elif _fast_renderable(widget):
        widget.__class__ = _fast_class(type(widget))


class FastWidgetsMixin:
    """Every plain input, textarea and select of a ModelAdmin or inline rendered in Python."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None:
            speed_up(formfield.widget)
        return formfield


# The name the case admin's inlines first used.
FastSelectInlineMixin = FastWidgetsMixin
