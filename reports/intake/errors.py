"""The error summary at the top of a step: GOV.UK's pattern, in page order."""

from django.utils.translation import gettext as _

from .steps import PEOPLE_PREFIXES


def error_summary(forms: dict) -> list[dict]:
    """Every error of the step, each linked to its field (shown at the top of the page)."""
    items = []

    def add(form, who=""):
        # Page order: the form's own messages first, then each field in order,
        # whether its message came from the field or from the form's clean().
        for error in form.non_field_errors():
            items.append({"target": "", "message": error})
        for name in form.fields:
            if name not in form.errors:
                continue
            bound = form[name]
            # A group of options is reached through its first option.
            target = bound.id_for_label or (
                bound.subwidgets[0].id_for_label if bound.subwidgets else bound.auto_id
            )
            for error in form.errors[name]:
                # In a list of people, say whose field it is ("Witness 2: ...").
                message = _("%(who)s: %(error)s") % {"who": who, "error": error} if who else error
                items.append({"target": target, "message": message})

    for form in forms.values():
        if hasattr(form, "management_form"):
            for error in form.non_form_errors():
                first = form.forms[0][("name")].auto_id if form.forms else ""
                items.append({"target": first, "message": error})
            one = _("Witness") if form.prefix == PEOPLE_PREFIXES["witnesses"] else _("Person")
            for number, sub in enumerate(form.forms, start=1):
                add(sub, who=f"{one} {number}")
        else:
            add(form)
    return items
