"""The incident report and the formal complaint, and the receipt shown once after each."""

from django.shortcuts import render
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from .. import services
from ..forms import AboutYouForm, contact
from ..intake import ACCESS_TEXT, COMPLAINT_STEPS, INCIDENT_STEPS, Draft, IntakeFlow, receipt_pop
from ..models import Report


class IncidentReportView(IntakeFlow):
    kind = Report.Kind.INCIDENT
    steps = INCIDENT_STEPS
    url_name = "reports:report"
    title = gettext_lazy("Report an incident")

    def submit(self, request, draft: Draft, forms: dict, final: dict) -> Report:
        you = forms["about_you"].cleaned_data
        return services.incident_report_submit(
            receipt_code=draft.receipt_code,
            details=self.details(forms),
            is_anonymous=you["identity"] == AboutYouForm.ANONYMOUS,
            relationship=you["relationship"],
            reporter=contact(you),
            wants_follow_up=bool(you.get("wants_follow_up")),
            attachments=draft.staged,
        )


class FormalComplaintView(IntakeFlow):
    kind = Report.Kind.COMPLAINT
    steps = COMPLAINT_STEPS
    url_name = "reports:complaint"
    title = gettext_lazy("File a formal complaint")

    def submit(self, request, draft, forms, final):
        jurisdiction = forms["jurisdiction"].cleaned_data
        you = forms["complainant"].cleaned_data
        return services.formal_complaint_submit(
            receipt_code=draft.receipt_code,
            complainant=contact(you),
            respondent_type=you["respondent_type"],
            details=self.details(forms),
            in_education_program=jurisdiction["in_education_program"],
            occurred_in_mit_program=jurisdiction["occurred_in_mit_program"],
            occurred_in_us=jurisdiction["occurred_in_us"],
            signature_name=final["signature_name"],
            attested=final["attested"],
            attachments=draft.staged,
        )


@never_cache
def receipt(request, kind: str):
    """The receipt code, shown once: it is removed from the session as it is shown."""
    data = receipt_pop(request)
    if data is None or data.get("kind") != kind:
        return render(request, "reports/receipt_gone.html", status=200)
    code = data["code"]
    return render(
        request,
        "reports/receipt.html",
        {"code": code, "code_groups": code.split("-"), "kind": kind, "access_text": ACCESS_TEXT[kind]},
    )
