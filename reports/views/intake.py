"""The incident report and the formal complaint, and the receipt shown once after each."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from .. import services
from ..forms import AboutYouForm, contact
from ..intake import (
    ACCESS_TEXT,
    COMPLAINT_STEPS,
    INCIDENT_STEPS,
    Draft,
    IntakeFlow,
    receipt_forget,
    receipt_load,
)
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

    def receipt_variant(self, forms):
        you = forms["about_you"].cleaned_data
        if you["identity"] == AboutYouForm.ANONYMOUS:
            return "anonymous"
        return "named_follow_up" if you.get("wants_follow_up") else "named"


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


URL_PREFIX = {Report.Kind.INCIDENT: "report", Report.Kind.COMPLAINT: "complaint", Report.Kind.REFERRAL: "referral"}


@never_cache
def receipt(request, kind: str):
    """The receipt code, kept viewable (a reload, a phone reloading a background tab)
    until the person says they saved it, or the session ends."""
    data = receipt_load(request)
    if data is None or data.get("kind") != kind:
        return render(request, "reports/receipt_gone.html", status=200)
    if request.method == "POST" and request.POST.get("action") == "saved":
        receipt_forget(request)
        messages.success(request, _("The receipt code is no longer shown on this device. Keep it safe."))
        return redirect("resources:home")
    code = data["code"]
    return render(
        request,
        "reports/receipt.html",
        {
            "code": code,
            "code_groups": code.split("-"),
            "kind": kind,
            "variant": data.get("variant", kind),
            "access_text": ACCESS_TEXT[kind],
            "download_url": reverse(f"reports:{URL_PREFIX[kind]}_receipt_download"),
        },
    )


@never_cache
def receipt_download(request, kind: str):
    """The receipt code as a small text file (made here: no third-party code in the browser)."""
    data = receipt_load(request)
    if data is None or data.get("kind") != kind:
        return render(request, "reports/receipt_gone.html", status=200)
    lines = [
        _("IDHR Portal: your receipt code"),
        "",
        data["code"],
        "",
        _("Keep this code somewhere only you can see. Anyone with it can read the messages about your report."),
        _("To check on your report or send a message, go to %(url)s and enter the code.")
        % {"url": request.build_absolute_uri(reverse("reports:follow_up"))},
        "",
    ]
    response = HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="idhr-receipt-code.txt"'
    return response
