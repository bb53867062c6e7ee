from django import template

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
