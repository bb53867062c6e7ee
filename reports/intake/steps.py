"""The steps of each intake flow, and who has access to what is sent."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy

from ..forms import MAX_PEOPLE
from ..models import Report

PEOPLE_PREFIXES = {"respondents": "respondent", "witnesses": "witness"}


def people_data(data, prefix: str):
    """The formset's data with a sound management form: how many rows is ours to say.

    A missing or tampered TOTAL_FORMS would otherwise show Django's
    "ManagementForm data is missing" message to a person who did nothing wrong.
    """
    if data is None:
        return None
    data = data.copy()
    try:
        total = int(data.get(f"{prefix}-TOTAL_FORMS", "1"))
    except (TypeError, ValueError):
        total = 1
    data[f"{prefix}-TOTAL_FORMS"] = str(min(max(total, 1), MAX_PEOPLE))
    data[f"{prefix}-INITIAL_FORMS"] = "0"
    data[f"{prefix}-MIN_NUM_FORMS"] = "1"
    data[f"{prefix}-MAX_NUM_FORMS"] = str(MAX_PEOPLE)
    return data


@dataclass(frozen=True)
class Step:
    slug: str
    title: str
    parts: tuple[str, ...]


INCIDENT_STEPS = (
    Step("you", gettext_lazy("About you"), ("about_you",)),
    Step("what-happened", gettext_lazy("What happened"), ("what",)),
    Step("people", gettext_lazy("People involved"), ("respondents", "witnesses")),
    Step("files", gettext_lazy("Files"), ("files",)),
    Step("review", gettext_lazy("Check and send"), ("submit",)),
)
COMPLAINT_STEPS = (
    Step("you", gettext_lazy("About you"), ("complainant",)),
    Step("what-happened", gettext_lazy("What happened"), ("what",)),
    Step("people", gettext_lazy("People involved"), ("respondents", "witnesses")),
    Step("jurisdiction", gettext_lazy("Title IX questions"), ("jurisdiction",)),
    Step("files", gettext_lazy("Files"), ("files",)),
    Step("review", gettext_lazy("Check and sign"), ("signature",)),
)
REFERRAL_STEPS = (
    Step("impacted-person", gettext_lazy("The person impacted"), ("impacted",)),
    Step("what-happened", gettext_lazy("What was shared"), ("what",)),
    Step("people", gettext_lazy("Alleged perpetrator and witnesses"), ("respondents", "witnesses")),
    Step("review", gettext_lazy("Check and send"), ("submit",)),
)

# Who has access, in the words of the reporting options (seed 000).
ACCESS_TEXT = {
    Report.Kind.INCIDENT: gettext_lazy(
        "IDHR Office staff will have access to this information and may share it, if appropriate, with the "
        "Bias Response Team. This information will not be shared publicly, nor will it be published in any "
        "external documents of IDHR."
    ),
    Report.Kind.COMPLAINT: gettext_lazy(
        "IDHR Office staff will have access to this information and may share it, if appropriate, "
        "to implement "
        "supportive measures. This information will not be shared publicly, nor will it be published in any "
        "external documents of IDHR."
    ),
    Report.Kind.REFERRAL: gettext_lazy(
        "IDHR Office staff will have access to this information. "
        "This information will not be shared publicly, "
        "nor will it be published in any external documents of IDHR."
    ),
}
