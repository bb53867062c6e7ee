"""A form renderer that writes Django's simple widget templates in Python.

Django renders every <input>, <option>, radio button and checkbox through its
template engine (input.html, attrs.html, select_option.html… each an include).
On the public report form that was about a fifth of a request's time, and on the
case page most of it (bench/README.md). FastTemplates produces the same markup,
byte for byte, for the templates in SOURCES, and only while the template the
engine would load is exactly that source: an override, or a Django upgrade that
changes one, falls back to the template (idhr_portal/tests/test_forms_renderer.py
compares both renderings).
"""

from functools import cached_property

from django.forms.renderers import DjangoTemplates
from django.template import TemplateDoesNotExist
from django.utils.formats import localize
from django.utils.html import conditional_escape, escape

W = "django/forms/widgets/"
INPUT_INCLUDE = '{% include "django/forms/widgets/input.html" %}\n'
OPTION_INCLUDE = '{% include "django/forms/widgets/input_option.html" %}\n'
MULTIPLE_INCLUDE = '{% include "django/forms/widgets/multiple_input.html" %}\n'

# The Django 5.2 sources this module reproduces.
SOURCES = {
    W + "attrs.html": (
        "{% for name, value in widget.attrs.items %}{% if value is not False %} {{ name }}"
        "{% if value is not True %}=\"{{ value|stringformat:'s' }}\"{% endif %}{% endif %}{% endfor %}"
    ),
    W + "input.html": (
        '<input type="{{ widget.type }}" name="{{ widget.name }}"{% if widget.value != None %} '
        "value=\"{{ widget.value|stringformat:'s' }}\"{% endif %}"
        '{% include "django/forms/widgets/attrs.html" %}>\n'
    ),
    W + "input_option.html": (
        '{% if widget.wrap_label %}<label{% if widget.attrs.id %} for="{{ widget.attrs.id }}"{% endif %}>'
        '{% endif %}{% include "django/forms/widgets/input.html" %}{% if widget.wrap_label %} '
        "{{ widget.label }}</label>{% endif %}\n"
    ),
    W + "select.html": (
        '<select name="{{ widget.name }}"{% include "django/forms/widgets/attrs.html" %}>'
        "{% for group_name, group_choices, group_index in widget.optgroups %}{% if group_name %}\n"
        '  <optgroup label="{{ group_name }}">{% endif %}{% for option in group_choices %}\n'
        "  {% include option.template_name with widget=option %}{% endfor %}{% if group_name %}\n"
        "  </optgroup>{% endif %}{% endfor %}\n</select>\n"
    ),
    W + "select_option.html": (
        "<option value=\"{{ widget.value|stringformat:'s' }}\""
        '{% include "django/forms/widgets/attrs.html" %}>{{ widget.label }}</option>\n'
    ),
    W + "textarea.html": (
        '<textarea name="{{ widget.name }}"{% include "django/forms/widgets/attrs.html" %}>\n'
        "{% if widget.value %}{{ widget.value }}{% endif %}</textarea>\n"
    ),
    W + "multiple_input.html": (
        '{% with id=widget.attrs.id %}<div{% if id %} id="{{ id }}"{% endif %}'
        '{% if widget.attrs.class %} class="{{ widget.attrs.class }}"{% endif %}>'
        "{% for group, options, index in widget.optgroups %}{% if group %}\n"
        "  <div><label>{{ group }}</label>{% endif %}{% for option in options %}<div>\n"
        "    {% include option.template_name with widget=option %}</div>{% endfor %}{% if group %}\n"
        "  </div>{% endif %}{% endfor %}\n</div>{% endwith %}\n"
    ),
}
INPUT_WRAPPERS = [
    W + f"{name}.html"
    for name in (
        "text",
        "email",
        "date",
        "datetime",
        "time",
        "number",
        "password",
        "hidden",
        "url",
        "tel",
        "search",
        "color",
        "checkbox",
    )
]
SOURCES.update({name: INPUT_INCLUDE for name in INPUT_WRAPPERS})
SOURCES.update({W + "radio_option.html": OPTION_INCLUDE, W + "checkbox_option.html": OPTION_INCLUDE})
SOURCES.update({W + "radio.html": MULTIPLE_INCLUDE, W + "checkbox_select.html": MULTIPLE_INCLUDE})
# The admin's date and time inputs (every date of the case page's inlines).
ADMIN_WRAPPERS = {"admin/widgets/date.html": "date", "admin/widgets/time.html": "time"}
ADMIN_WRAPPER_SOURCE = '<p class="{kind}">\n  {{% include "django/forms/widgets/{kind}.html" %}}\n</p>\n'
SOURCES.update({name: ADMIN_WRAPPER_SOURCE.format(kind=kind) for name, kind in ADMIN_WRAPPERS.items()})
# What each template includes: it is fast only if they are too.
NEEDS = {
    W + "input.html": [W + "attrs.html"],
    W + "input_option.html": [W + "input.html"],
    W + "select.html": [W + "attrs.html"],
    W + "select_option.html": [W + "attrs.html"],
    W + "textarea.html": [W + "attrs.html"],
    W + "radio_option.html": [W + "input_option.html"],
    W + "checkbox_option.html": [W + "input_option.html"],
    W + "radio.html": [W + "multiple_input.html"],
    W + "checkbox_select.html": [W + "multiple_input.html"],
    **{name: [W + "input.html"] for name in INPUT_WRAPPERS},
    **{name: [W + f"{kind}.html"] for name, kind in ADMIN_WRAPPERS.items()},
}


def _text(value) -> str:
    """{{ value }} with autoescape: localized, then escaped unless it is safe already."""
    value = localize(value)
    if not isinstance(value, str):
        value = str(value)
    return conditional_escape(value)


def _attrs(attrs: dict) -> str:
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(f" {_text(name)}" if value is True else f' {_text(name)}="{escape(str(value))}"')
    return "".join(parts)


def _input(w: dict) -> str:
    value = "" if w["value"] is None else f' value="{escape(str(w["value"]))}"'
    return f'<input type="{_text(w["type"])}" name="{_text(w["name"])}"{value}{_attrs(w["attrs"])}>\n'


def _input_option(w: dict) -> str:
    if not w.get("wrap_label"):
        return _input(w) + "\n"
    label_for = f' for="{_text(w["attrs"]["id"])}"' if w["attrs"].get("id") else ""
    return f"<label{label_for}>{_input(w)} {_text(w['label'])}</label>\n"


class FastTemplates(DjangoTemplates):
    """DjangoTemplates, with the simple widget templates written in Python."""

    @cached_property
    def _fast(self) -> frozenset[str]:
        unchanged = set()
        for name, source in SOURCES.items():
            try:
                if self.get_template(name).template.source == source:
                    unchanged.add(name)
            except (TemplateDoesNotExist, AttributeError):
                continue
        fast = set()
        for name in unchanged:
            if all(needed in unchanged for needed in NEEDS.get(name, [])):
                fast.add(name)
        if W + "input.html" not in fast or W + "input_option.html" not in fast:
            fast -= {W + "input_option.html", W + "radio_option.html", W + "checkbox_option.html"}
        return frozenset(fast)

    def render(self, template_name, context, request=None):
        if request is None and template_name in self._fast and set(context) == {"widget"}:
            return self._raw(template_name, context["widget"]).strip()  # as BaseRenderer.render
        return super().render(template_name, context, request)

    def _include(self, name: str, w: dict) -> str:
        """What {% include name with widget=w %} writes (not stripped)."""
        if name in self._fast:
            return self._raw(name, w)
        return self.get_template(name).render({"widget": w})

    def _raw(self, name: str, w: dict) -> str:
        """The template's output, trailing newline included (as an include writes it)."""
        if name == W + "input.html":
            return _input(w)
        if name in INPUT_WRAPPERS:
            return _input(w) + "\n"
        if name in ADMIN_WRAPPERS:
            return f'<p class="{ADMIN_WRAPPERS[name]}">\n  {_input(w)}\n\n</p>\n'
        if name == W + "input_option.html":
            return _input_option(w)
        if name in (W + "radio_option.html", W + "checkbox_option.html"):
            return _input_option(w) + "\n"
        if name == W + "select_option.html":
            return f'<option value="{escape(str(w["value"]))}"{_attrs(w["attrs"])}>{_text(w["label"])}</option>\n'
        if name == W + "textarea.html":
            value = _text(w["value"]) if w["value"] else ""
            return f'<textarea name="{_text(w["name"])}"{_attrs(w["attrs"])}>\n{value}</textarea>\n'
        if name == W + "select.html":
            parts = [f'<select name="{_text(w["name"])}"{_attrs(w["attrs"])}>']
            for group_name, options, _index in w["optgroups"]:
                if group_name:
                    parts.append(f'\n  <optgroup label="{_text(group_name)}">')
                for option in options:
                    parts.append("\n  " + self._include(option["template_name"], option))
                if group_name:
                    parts.append("\n  </optgroup>")
            parts.append("\n</select>\n")
            return "".join(parts)
        if name == W + "multiple_input.html":
            return self._multiple(w)
        if name in (W + "radio.html", W + "checkbox_select.html"):
            return self._multiple(w) + "\n"
        raise TemplateDoesNotExist(name)  # not reached: every name in SOURCES is handled above

    def _multiple(self, w: dict) -> str:
        attrs = w["attrs"]
        parts = ["<div"]
        if attrs.get("id"):
            parts.append(f' id="{_text(attrs["id"])}"')
        if attrs.get("class"):
            parts.append(f' class="{_text(attrs["class"])}"')
        parts.append(">")
        for group, options, _index in w["optgroups"]:
            if group:
                parts.append(f"\n  <div><label>{_text(group)}</label>")
            for option in options:
                parts.append("<div>\n    " + self._include(option["template_name"], option) + "</div>")
            if group:
                parts.append("\n  </div>")
        parts.append("\n</div>\n")
        return "".join(parts)
