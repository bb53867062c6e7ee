"""The case page's disclosure log panel and the complete case file export (issue 18, items 5-6).

- The panel lists the case's disclosures (FERPA 99.32), newest first, 20 a page
  (`?disclosures=<page>`), to staff who may see the case's identities (never the Bias
  Response Team, which reads a shared case without them).
- "Complete case file…" (the Title IX coordinator only; anyone else who can open the case
  gets 403, anyone who cannot 404) asks first for the reason, which the disclosure keeps,
  then a Celery task makes the ZIP (cases.services.case_file_export): the export page shows
  its progress (it reloads itself; with JavaScript it asks the status URL) and, once ready,
  a button that downloads it once. Only the coordinator who asked may see or take it.
"""

import io

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.models import CaseFileExport, Disclosure
from cases.selectors.access import user_is_coordinator
from cases.services import case_file_export

DISCLOSURES_PER_PAGE = 20
# The export page reloads itself this often (seconds) while the file is made, without JavaScript.
REFRESH_SECONDS = 3


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
        return [
            path("<int:case_id>/case-file/", wrap(self.case_file_view), name="cases_case_file"),
            path(
                "<int:case_id>/case-file/<int:export_id>/",
                wrap(self.case_file_export_view),
                name="cases_case_file_export",
            ),
            path(
                "<int:case_id>/case-file/<int:export_id>/status/",
                wrap(self.case_file_export_status),
                name="cases_case_file_export_status",
            ),
            path(
                "<int:case_id>/case-file/<int:export_id>/download/",
                wrap(self.case_file_export_download),
                name="cases_case_file_export_download",
            ),
        ]

    def _disclosure_context(self, request, case) -> dict:
        paginator = Paginator(
            Disclosure.objects.filter(case=case).select_related("actor").order_by("-created_at", "-pk"),
            DISCLOSURES_PER_PAGE,
        )
        page = paginator.get_page(request.GET.get("disclosures"))
        return {"disclosure_page": page}

    def case_file_view(self, request, case_id):
        """The reason first; the file is then made by a Celery task (the export page)."""
        case = self._visible_case(request, case_id)
        if not user_is_coordinator(request.user):
            raise PermissionDenied
        form = CaseFileForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                export = case_file_export.case_file_export_request(
                    case=case,
                    user=request.user,
                    reason=form.cleaned_data["reason"],
                    recipient=form.cleaned_data["recipient"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect("admin:cases_case_file_export", case.pk, export.pk)
        context = {
            **self._case_file_context(request, case),
            "form": form,
            "document_count": case.documents.count(),
            "letter_count": case.letters.count(),
            "exports": CaseFileExport.objects.filter(case=case, requested_by=request.user)[:5],
            "title": _("Export the complete case file of %(reference)s") % {"reference": case.reference},
        }
        return TemplateResponse(request, "admin/cases/case/case_file.html", context)

    def _case_file_context(self, request, case) -> dict:
        return {**self.admin_site.each_context(request), "opts": self.model._meta, "original": case, "case_obj": case}

    def _own_export(self, request, case_id, export_id) -> CaseFileExport:
        """The export, to the coordinator who asked for it (403 to anyone else who sees the case)."""
        case = self._visible_case(request, case_id)
        export = get_object_or_404(CaseFileExport.objects.select_related("case"), pk=export_id, case=case)
        if not user_is_coordinator(request.user) or export.requested_by_id != request.user.pk:
            raise PermissionDenied
        return export

    def case_file_export_view(self, request, case_id, export_id):
        """Progress while the file is made (meta refresh without JavaScript, polling with it),
        then the download button."""
        export = self._own_export(request, case_id, export_id)
        context = {
            **self._case_file_context(request, export.case),
            "export": export,
            "expires_at": export.requested_at + case_file_export.EXPORT_KEEP,
            "refresh_seconds": REFRESH_SECONDS,
            "title": _("Complete case file of %(reference)s") % {"reference": export.case.reference},
        }
        return TemplateResponse(request, "admin/cases/case/case_file_export.html", context)

    def case_file_export_status(self, request, case_id, export_id):
        export = self._own_export(request, case_id, export_id)
        return JsonResponse(
            {
                "status": export.status,
                "label": export.get_status_display(),
                "progress": export.progress,
                "step": export.step,
                "finished": export.finished,
            },
            headers={"Cache-Control": "no-store"},
        )

    def case_file_export_download(self, request, case_id, export_id):
        export = self._own_export(request, case_id, export_id)
        if request.method != "POST":
            return redirect("admin:cases_case_file_export", export.case_id, export.pk)
        try:
            data, filename = case_file_export.case_file_export_download(export_id=export.pk, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("admin:cases_case_file_export", export.case_id, export.pk)
        response = FileResponse(io.BytesIO(data), as_attachment=True, filename=filename, content_type="application/zip")
        response["Content-Length"] = str(len(data))
        response["Cache-Control"] = "no-store"
        response["X-Content-Type-Options"] = "nosniff"
        return response
