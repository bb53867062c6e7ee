"""Widgets for the case page, whose inlines render hundreds of fields.

Django renders every <option> of a <select> through a template include; on a case
with 20 parties and 40 measures that is thousands of template renders and most of
the page's time (bench/README.md). FastSelect writes the same HTML in Python.
"""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import escape
from django.utils.safestring import mark_safe


class FastSelect(forms.Select):
    """A <select> rendered in Python: the markup of django/forms/widgets/select.html."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
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
        return mark_safe("".join(parts))  # noqa: S308 (names, values and labels are escaped above)


class FastSelectInlineMixin:
    """Choice and foreign-key fields of an inline rendered with FastSelect."""

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name not in getattr(self, "radio_fields", {}):
            kwargs.setdefault("widget", FastSelect)
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name not in self.raw_id_fields and db_field.name not in self.get_autocomplete_fields(
            request
        ):
            kwargs.setdefault("widget", FastSelect)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
