from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
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


@register.filter
def definition_anchor(value: str) -> str:
    """The /definitions/ anchor of a category value (underscores become hyphens)."""
    return str(value).replace("_", "-")


@register.filter
def widget_kind(field) -> str:
    return field.widget_type


@register.simple_tag
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


@register.simple_tag(takes_context=True)
def field_group(context, field, show_errors=None, definitions=False):
    """One field of a public form (label, hint, error, widget), drawn by Jinja2.

    `show_errors` defaults to the page's own `show_errors` (a step shows a field's
    errors only after the person pressed Continue); `definitions` links each category
    to its definition. See reports.forms.rendering.
    """
    from ..forms.rendering import INTAKE_RENDERER

    if show_errors is None:
        show_errors = bool(context.get("show_errors"))
    return field.render(
        template_name="reports/field.html",
        context={"field": field, "show_errors": show_errors, "definitions": definitions},
        renderer=INTAKE_RENDERER,
    )
