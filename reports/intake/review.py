"""The review summary of the last step: every answer in words, with a link to its step."""

from django.utils.translation import gettext as _

from ..models import Affiliation, Report
from .drafts import Draft


def review_summary(flow, draft: Draft) -> list[dict]:
    """What the person is about to send, step by step, each with a link to change it."""
    sections = []
    for step in flow.steps[:-1]:
        forms = flow.cleaned_step(draft, step)
        rows = []
        for name, form in forms.items():
            if hasattr(form, "management_form"):
                label = _("Respondent") if name == "respondents" else _("Witness")
                if flow.kind == Report.Kind.REFERRAL and name == "respondents":
                    label = _("Alleged perpetrator")
                parties = form.parties()
                for number, party in enumerate(parties, start=1):
                    affiliation = (
                        Affiliation(party.affiliation).label
                        if party.affiliation in Affiliation.values
                        else ""
                    )
                    value = ", ".join(
                        str(v) for v in (party.name, party.email, affiliation, party.details) if v
                    )
                    rows.append({"label": f"{label} {number}", "value": value})
                if not parties:
                    rows.append({"label": label, "value": _("None given")})
            else:
                rows.extend(form_rows(form))
        if step.parts == ("files",):
            rows = [{"label": _("File"), "value": f["filename"]} for f in draft.files] or [
                {"label": _("Files"), "value": _("None")}
            ]
        sections.append({"title": step.title, "url": flow.step_url(step) + "?change=1", "rows": rows})
    return sections


def form_rows(form) -> list[dict]:
    """Label and human-readable value of each answered field of a checked form."""
    rows = []
    data = form.cleaned_data
    # A field the person's choice hides was not checked and is not sent.
    hidden = form.hidden_by_choice() if hasattr(form, "hidden_by_choice") else set()
    for name, field in form.fields.items():
        if name in hidden or name in ("token", "files"):
            continue
        value = data.get(name)
        if value in (None, "", []) or (value is False and name != "wants_follow_up"):
            continue
        choices = dict(getattr(field, "choices", []) or [])
        if isinstance(value, list):
            shown = ", ".join(str(choices.get(v, v)) for v in value)
        elif isinstance(value, bool):
            shown = _("Yes") if value else _("No")
        elif name == "incident_month" and value:
            shown = value.strftime("%B %Y")
        elif hasattr(value, "isoformat"):
            shown = value.isoformat()
        else:
            shown = str(choices.get(value, value))
        rows.append({"label": field.label, "value": shown})
    return rows
