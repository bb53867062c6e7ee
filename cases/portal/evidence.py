"""Portal pages of the evidence review (34 CFR 106.45(b)(5)(vi)-(vii)): the evidence shared
for review and the investigation report, each downloaded as a PDF stamped with the party's
name and the time (and logged), and the party's written response within their window."""

import io

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cases.services.portal_party import portal_document_download, portal_evidence_response_submit

from ..selectors import portal_review as selectors
from .guard import party_required
from .submission_forms import SubmissionForm


def add_service_errors(form, error: ValidationError) -> None:
    """A service's refusal beside the field it names, or at the top of the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            for each in errors:
                form.add_error(name if name in form.fields else None, each)
    else:
        for message in error.messages:
            form.add_error(None, message)


@party_required
def evidence_list(request, party):
    return render(
        request,
        "portal/evidence_list.html",
        {
            "party": party,
            "reviews": selectors.portal_evidence_reviews(party=party),
            "reports": selectors.portal_reports(party=party),
        },
    )


@party_required
def evidence_review(request, party, review_id):
    view = selectors.portal_evidence_review_get(party=party, review_id=review_id)
    if view is None:
        raise Http404
    form = SubmissionForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if view.response is not None:
            form.add_error(None, _("Your response to this evidence was already received."))
        elif not view.is_open:
            form.add_error(
                None,
                _("The time to respond to this evidence ended on %(date)s. Please contact the IDHR Office.")
                % {"date": view.deadline.due_on.isoformat() if view.deadline else view.review.sent_on.isoformat()},
            )
        elif form.is_valid():
            try:
                portal_evidence_response_submit(
                    review=view.review,
                    by_party=party,
                    text=form.cleaned_data["text"],
                    files=form.cleaned_data["files"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                request.session["portal:flash"] = "response"
                return redirect("portal:evidence_review", review_id=view.review.pk)
    sent = request.session.pop("portal:flash", "") == "response"
    return render(
        request,
        "portal/evidence_review.html",
        {"party": party, "view": view, "form": form, "sent": sent, "error_summary": form.error_summary()},
        status=400 if form.errors else 200,
    )


@party_required
def document_download(request, party, document_id):
    shared = selectors.portal_shared_document(party=party, document_id=document_id)
    if shared is None:
        raise Http404
    document, what, regarding = shared
    data = portal_document_download(party=party, document=document, what=what, regarding=regarding)
    filename = f"IDHR-{what}-{document.pk}.pdf"
    return FileResponse(io.BytesIO(data), as_attachment=True, filename=filename, content_type="application/pdf")
