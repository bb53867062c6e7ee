"""Portal pages of appeals (34 CFR 106.45(b)(8)): a party appeals the determination within
the appeal window on the bases they choose, with a statement and files; either party writes
a statement on an appeal within their window. The other party's grounds and statements are
never shown."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cases.services.portal_party import portal_appeal_file, portal_appeal_statement_submit, portal_principal

from ..selectors import portal_review as selectors
from .evidence import add_service_errors
from .guard import party_required
from .submission_forms import AppealForm, StatementForm


@party_required
def appeal_list(request, party):
    return render(
        request,
        "portal/appeals.html",
        {
            "party": party,
            "appeals": selectors.portal_appeals(party=party),
            "appealable": selectors.portal_appealable(party=party),
            "determination": selectors.portal_determination(party=party),
            "filed": request.session.pop("portal:flash", "") == "appeal",
        },
    )


@party_required
def appeal_new(request, party):
    determination = selectors.portal_appealable(party=party)
    form = AppealForm(request.POST or None, request.FILES or None)
    if determination is None:
        released = selectors.portal_determination(party=party)
        if released is None:
            reason = _("There is no decision you can appeal yet.")
        elif portal_principal(party).pk in set(
            released.case.appeals.filter(dismissal__isnull=True).values_list("filed_by_id", flat=True)
        ):
            reason = _("You have already filed an appeal of this decision.")
        else:
            reason = _("The time to appeal ended on %(date)s.") % {"date": released.appeal_deadline.isoformat()}
        return render(request, "portal/appeal_closed.html", {"party": party, "reason": reason}, status=403)
    if request.method == "POST" and form.is_valid():
        try:
            portal_appeal_file(
                by_party=party,
                bases=list(form.cleaned_data["bases"]),
                statement=form.cleaned_data["text"],
                files=form.cleaned_data["files"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            request.session["portal:flash"] = "appeal"
            return redirect("portal:appeals")
    return render(
        request,
        "portal/appeal_new.html",
        {"party": party, "form": form, "determination": determination, "error_summary": form.error_summary()},
        status=400 if form.errors else 200,
    )


@party_required
def appeal_detail(request, party, appeal_id):
    view = selectors.portal_appeal_get(party=party, appeal_id=appeal_id)
    if view is None:
        raise Http404
    form = StatementForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not view.may_submit:
            form.add_error(None, _closed_reason(view))
        elif form.is_valid():
            try:
                portal_appeal_statement_submit(
                    appeal=view.appeal, by_party=party, text=form.cleaned_data["text"], files=form.cleaned_data["files"]
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                request.session["portal:flash"] = "statement"
                return redirect("portal:appeal", appeal_id=view.appeal.pk)
    return render(
        request,
        "portal/appeal.html",
        {
            "party": party,
            "view": view,
            "form": form,
            "closed_reason": "" if view.may_submit else _closed_reason(view),
            "sent": request.session.pop("portal:flash", "") == "statement",
            "error_summary": form.error_summary(),
        },
        status=400 if form.errors else 200,
    )


def _closed_reason(view) -> str:
    if view.appeal.decision != view.appeal.Decision.PENDING:
        return _("The appeal was decided: statements are no longer taken.")
    if view.window is None:
        return _("There is no window for a written statement on this appeal.")
    return _("The window for written statements on this appeal closed on %(date)s.") % {
        "date": view.window.due_on.isoformat()
    }
