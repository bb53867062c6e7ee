"""The case page's disclosure log panel and the complete case file export (issue 18, items 5-6).

- The panel lists the case's disclosures (FERPA 99.32), newest first, 20 a page
  (`?disclosures=<page>`), to staff who may see the case's identities (never the Bias
  Response Team, which reads a shared case without them).
- "Complete case file…" (the Title IX coordinator only; anyone else who can open the case
  gets 403, anyone who cannot 404) asks first for the reason, which the disclosure keeps,
  then streams the ZIP from a temporary file (cases.case_file).
"""

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases import case_file, selectors
from cases.models import Disclosure

DISCLOSURES_PER_PAGE = 20


class CaseFileForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why is the case file being exported?"),
        widget=forms.Textarea(attrs={"rows": 3, "class": "vLargeTextField"}),
        max_length=2000,
        help_text=gettext_lazy(
            "For example: a records request and who made it, a court order, the seven-year record. "
            "Kept in the case's disclosure log."
        ),
        error_messages={"required": gettext_lazy("Give the reason: the case file is a disclosure.")},
    )
    recipient = forms.CharField(
        label=gettext_lazy("Who will receive it"),
        required=False,
        max_length=120,
        help_text=gettext_lazy("Leave empty if it stays with you in the office."),
    )


class CaseFileMixin:
    """CaseAdmin's case-file view and the disclosure panel's context."""

    def case_file_urls(self):
        wrap = self.admin_site.admin_view
        return [path("<int:case_id>/case-file/", wrap(self.case_file_view), name="cases_case_file")]

    def _disclosure_context(self, request, case) -> dict:
        paginator = Paginator(
            Disclosure.objects.filter(case=case).select_related("actor").order_by("-created_at", "-pk"),
            DISCLOSURES_PER_PAGE,
        )
        page = paginator.get_page(request.GET.get("disclosures"))
        return {"disclosure_page": page}

    def case_file_view(self, request, case_id):
        case = self._visible_case(request, case_id)
        if not selectors.user_is_coordinator(request.user):
            raise PermissionDenied
        form = CaseFileForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                built = case_file.case_file_build(
                    case=case,
                    user=request.user,
                    reason=form.cleaned_data["reason"],
                    recipient=form.cleaned_data["recipient"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                response = FileResponse(
                    built.file, as_attachment=True, filename=built.filename, content_type="application/zip"
                )
                response["Content-Length"] = str(built.size)
                response["Cache-Control"] = "no-store"
                response["X-Content-Type-Options"] = "nosniff"
                return response
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": case,
            "case_obj": case,
            "form": form,
            "document_count": case.documents.count(),
            "letter_count": case.letters.count(),
            "title": _("Export the complete case file of %(reference)s") % {"reference": case.reference},
        }
        return TemplateResponse(request, "admin/cases/case/case_file.html", context)
