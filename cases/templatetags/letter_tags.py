"""Filters for letter templates (`{% load letter_tags %}`).

Letter templates are edited by the coordinator and receive objects from several parts
of the process; `rows` lets a template loop over a related manager, a queryset or a
plain list alike, and `display` shows a choice field's label whether or not the object
has a `get_<field>_display` method.
"""

from django import template

register = template.Library()


@register.filter
def rows(value):
    """A list of the items of a related manager, queryset, list or None."""
    if value is None or value == "":
        return []
    if hasattr(value, "all") and callable(value.all):
        return list(value.all())
    if isinstance(value, (str, bytes)):
        return [value]
    try:
        return list(value)
    except TypeError:
        return [value]


@register.filter
def display(obj, field: str):
    """The label of `obj.field` (its choice label when it has one), or its value."""
    if obj is None or obj == "":
        return ""
    method = getattr(obj, f"get_{field}_display", None)
    if method is not None:
        return method() if callable(method) else method
    value = getattr(obj, field, "")
    return value() if callable(value) else value


@register.simple_tag
def first_value(*values):
    """The first value that is set (`{% first_value a.x b.y as due %}`); a missing one counts as unset.

    Unlike `|default:` (whose argument must exist) and `{% firstof %}` (which makes a string),
    it keeps a date a date, so `{{ due|date:"F j, Y" }}` works.
    """
    for value in values:
        if value not in (None, ""):
            return value
    return None


@register.simple_tag
def case_letters(case):
    """The letters of a case for its page, oldest first (one query)."""
    from django.urls import reverse

    from cases.admin.choices import choice_label
    from cases.models import Letter

    # Only what the list shows: a letter's HTML, its template's body and the recipient's
    # name and email are encrypted or long, and a hearing-stage case has hundreds of letters.
    letters = list(
        Letter.objects.filter(case=case)
        .select_related("recipient", "template")
        .only(
            "pk", "kind", "prepared_at", "sent_at", "sent_channel", "case_id",
            "recipient__role", "template__version",
        )
        .order_by("prepared_at", "pk")
    )
    # Labels and links made here, not per row in the template ({% url %} and get_FOO_display
    # cost about 0.2 ms a row there).
    for letter in letters:
        letter.kind_label = choice_label(letter, "kind")
        letter.channel_label = choice_label(letter, "sent_channel")
        letter.recipient_label = choice_label(letter.recipient, "role")
        letter.review_url = reverse("admin:cases_letter_review", args=[letter.pk])
    return letters


@register.simple_tag
def case_allegations(case):
    """The allegations of a case for its page, by number (one query)."""
    from cases.models import Allegation

    return list(Allegation.objects.filter(case=case).order_by("number"))
