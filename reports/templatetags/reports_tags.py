"""The public forms' template tags; what they draw is in reports.forms.rendering."""

from django import template

from ..forms import rendering

register = template.Library()

register.simple_tag(rendering.widget)
register.simple_tag(rendering.show_if)
register.filter("definition_anchor", rendering.definition_anchor)
register.filter("widget_kind", rendering.widget_kind)


@register.simple_tag(takes_context=True)
def field_group(context, field, show_errors=None, definitions=False):
    """One field of a public form (label, hint, error, widget), drawn by Jinja2.

    `show_errors` defaults to the page's own `show_errors` (a step shows a field's
    errors only after the person pressed Continue); `definitions` links each category
    to its definition.
    """
    if show_errors is None:
        show_errors = bool(context.get("show_errors"))
    return rendering.field_group(field, show_errors=show_errors, definitions=definitions)
