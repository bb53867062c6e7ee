"""How the public forms' fields are drawn: Django's Jinja2 form renderer.

Issue 27 (the public form's cost per request): a step of the incident form spent
most of its time in Django-template widget and field-group templates (35 radios and
checkboxes on "What happened"). Django's own `Jinja2` form renderer draws the same
widget markup (django/forms/jinja2/ mirrors django/forms/templates/) several times
faster, and the portal's field group (`reports/jinja2/reports/field.html`: label,
hint, error, widget with aria-describedby) is drawn by the same engine. The page
around the fields stays a Django template; `{% field_group %}` (reports_tags) hands
each field to this renderer.
"""

from pathlib import Path

import django.forms
from django.forms.renderers import Jinja2
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from jinja2 import Environment


def environment(**options) -> Environment:
    """The renderer's Jinja2 environment: gettext as in Django templates, and the field helpers."""
    options.pop("autoescape", None)  # Django's backend passes True; never anything else here
    env = Environment(autoescape=True, **options)
    env.install_gettext_callables(gettext, ngettext, newstyle=True)
    env.globals.update(show_if=show_if, widget=widget)
    env.filters["definition_anchor"] = definition_anchor
    return env


class IntakeRenderer(Jinja2):
    """Django's Jinja2 form renderer with gettext and the portal's field helpers."""

    @cached_property
    def engine(self):
        return self.backend(
            {
                "APP_DIRS": True,  # reports/jinja2/
                "DIRS": [Path(django.forms.__file__).parent / "jinja2"],  # Django's widgets
                "NAME": "intakeforms",
                "OPTIONS": {
                    "environment": "reports.forms.rendering.environment",
                    "extensions": ["jinja2.ext.i18n"],
                },
            }
        )


INTAKE_RENDERER = IntakeRenderer()


def field_group(field, *, show_errors: bool, definitions: bool = False) -> str:
    """One field of a public form: label, hint, error and widget (reports/jinja2/reports/field.html)."""
    return field.render(
        template_name="reports/field.html",
        context={"field": field, "show_errors": show_errors, "definitions": definitions},
        renderer=INTAKE_RENDERER,
    )


def widget(field, show_errors=False):
    """The field's widget with aria-describedby (hint, error) and aria-invalid when it has errors."""
    describedby = []
    if field.help_text:
        describedby.append(f"{field.auto_id}_helptext")
    invalid = bool(show_errors and field.errors)
    if invalid:
        describedby.append(f"{field.auto_id}-error")
    css = field.field.widget.attrs.get("class", "")
    attrs = {"class": f"{css} is-invalid".strip() if invalid else css}
    if invalid:
        attrs["aria-invalid"] = "true"
    if describedby:
        attrs["aria-describedby"] = " ".join(describedby)
    return field.as_widget(attrs=attrs)


def show_if(form, name):
    """Attributes that let reports.js hide a field whose controlling answer hides it.

    Read from the form's `conditional` declaration, the same one the form uses to
    leave hidden fields unchecked, so the page and the server always agree.
    """
    rule = getattr(form, "conditional", {}).get(name)
    if not rule:
        return ""
    controller, answers = rule
    return format_html(
        ' data-show-if="{}" data-show-answers="{}"', form.add_prefix(controller), "|".join(answers)
    )


def definition_anchor(value: str) -> str:
    """The /definitions/ anchor of a category value (underscores become hyphens)."""
    return str(value).replace("_", "-")


def widget_kind(field) -> str:
    return field.widget_type
