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
from django.utils.translation import gettext, ngettext
from jinja2 import Environment


def environment(**options) -> Environment:
    """The renderer's Jinja2 environment: gettext as in Django templates, and the field helpers."""
    from ..templatetags.reports_tags import definition_anchor, show_if, widget

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
