"""The case page's own action forms: move the case, message a reporter, sign, record outcomes.

Each action is a small form (cases.admin.forms) posted from the case page to its own URL.
Done: back to the case page (POST/redirect/GET) with a success message. Refused (the form
is invalid, or the service raises ValidationError or TransitionRefused): the case page
again, status 200, with the message at the top of that action's form, a field's error
beside the field, and everything typed still in the fields. PermissionDenied stays a 403.

The page shown again after a refusal is not logged as another view of the case: the
access log has the view of the page the form was sent from.
"""

import copy
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Allegation, Case, InformalResolution
from cases.selectors.access import case_user_may_edit
from cases.services.documents import case_reporter_message_send
from cases.services.informal import informal_resolution_save
from cases.services.outcomes import determination_record
from cases.services.workflow import (
    TransitionRefused,
    case_formal_complaint_sign,
    case_transition,
    case_transition_needs_no_measures_reason,
    case_transition_needs_reason,
    case_transition_needs_response_basis,
    case_transition_options,
    case_transition_refusal,
)

from .forms import DeterminationForm, InformalStartForm, ReporterMessageForm, TransitionForm
from .mixins import refusal_to_form
from .refusals import refusal_html


@dataclass
class TransitionItem:
    """One "Move to …" form of the case page."""

    to: str
    label: str
    refusal: str | None
    reopen: bool
    form: TransitionForm
    needs_reason: bool = False
    needs_response_basis: bool = False
    needs_no_measures_reason: bool = False


def transition_items(options, refused: TransitionForm | None = None) -> list[TransitionItem]:
    """A form for each transition offered; the refused one bound to what was typed.

    A refused move the page no longer offers (the case moved meanwhile) is shown too,
    at the end, so its message and reason are not lost.
    """
    refused_to = refused["to"].value() if refused is not None else None
    items = []
    for option in options:
        form = refused if refused_to == option.to else TransitionForm(initial={"to": option.to})
        items.append(
            TransitionItem(
                option.to,
                option.label,
                option.refusal,
                option.reopen,
                form,
                needs_reason=option.needs_reason,
                needs_response_basis=option.needs_response_basis,
                needs_no_measures_reason=option.needs_no_measures_reason,
            )
        )
    if refused is not None and refused_to not in {item.to for item in items}:
        label = str(Case.Status(refused_to).label) if refused_to in Case.Status.values else ""
        items.append(TransitionItem(refused_to or "", label, None, False, refused))
    for item in items:
        item.form.auto_id = f"%s-{item.to}"
        # What the move needs is required in the browser too (the labels say so: the template).
        for name, needed in (
            ("reason", item.needs_reason or item.reopen),
            ("response_basis", item.needs_response_basis),
            ("no_measures_reason", item.needs_no_measures_reason),
        ):
            if needed:
                item.form.fields[name].widget.attrs["required"] = True
    return items


TRANSITION_TEXTS = ("reason", "response_basis", "no_measures_reason")


class CaseActionsMixin:
    """CaseAdmin's action views (their URLs are in CaseViewsMixin.get_urls)."""

    def _editable_case(self, request, case_id) -> Case:
        if request.method != "POST":
            raise Http404
        case = self._visible_case(request, case_id)
        if not case_user_may_edit(request.user, case):
            raise PermissionDenied
        return case

    def _back(self, case):
        return HttpResponseRedirect(reverse("admin:cases_case_change", args=[case.pk]))

    def _action_forms(self, case, *, may_edit: bool, refused: dict) -> dict:
        """The page's action forms: new ones, or the refused one bound to what was typed."""
        forms = {
            "informal_form": InformalStartForm(),
            "message_form": ReporterMessageForm(case=case, auto_id="message-%s"),
            **refused,
        }
        options = case_transition_options(case) if may_edit else []
        forms["transition_items"] = transition_items(options, forms.pop("transition_form", None))
        return forms

    def _determination_form(self, case, determination, refused: dict, *, is_decision_maker: bool):
        """The determination form, offered only to whom may record it: a decision-maker of the
        case (never the investigator or the coordinator: 106.45(b)(7)(i)), at the determination
        stage, until it is released. Recorded already: prefilled, to correct before the release.
        A refused form is shown again to whoever sent it, as typed."""
        if refused.get("determination_form") is not None:
            return refused["determination_form"]
        if not is_decision_maker or case.status != Case.Status.DETERMINATION:
            return None
        allegations = Allegation.objects.filter(case=case).order_by("number", "pk")
        if determination is None:
            return DeterminationForm(allegations=allegations)
        if determination.released_at:
            return None
        return DeterminationForm(allegations=allegations, initial=DeterminationForm.initial_from(determination))

    def _refused(self, request, case, **refused_form):
        """The case page again (status 200), as it is now, with the refused form as typed."""
        case = self._visible_case(request, case.pk)
        page_request = copy.copy(request)  # the page as on GET: the case form is not bound to this POST
        page_request.method = "GET"
        return self._case_page(
            page_request,
            case,
            form_url=reverse("admin:cases_case_change", args=[case.pk]),
            refused=refused_form,
        )

    # --- the actions
    def transition_view(self, request, case_id):
        """Move the case. Closing, reopening and moving into or out of the formal
        investigation are confirmed first: a page restates the move and what was typed,
        with "Confirm" (posts it again, confirmed) and "Go back and change" (the case page
        with the form as typed). Nothing moves before "Confirm"."""
        case = self._editable_case(request, case_id)
        if not request.user.has_perm("cases.transition_case"):
            raise PermissionDenied
        form = TransitionForm(request.POST)
        if not form.is_valid() or "edit" in request.POST:
            return self._refused(request, case, transition_form=form)
        to = form.cleaned_data["to"]
        texts = {name: form.cleaned_data[name] for name in TRANSITION_TEXTS}
        confirm_first = case_transition_needs_reason(from_status=case.status, to=to)
        if confirm_first and not form.cleaned_data["confirmed"]:
            refusal = case_transition_refusal(case=case, to=to, **texts)
            if refusal is None:
                return self._transition_confirm_page(request, case, to, texts)
            form.add_error(None, refusal_html(_("Not moved: %(why)s"), refusal))
            return self._refused(request, case, transition_form=form)
        try:
            case_transition(case=case, to=to, actor=request.user, **texts)
        except TransitionRefused as refused:
            form.add_error(None, refusal_html(_("Not moved: %(why)s"), refused.args[0] if refused.args else refused))
        else:
            messages.success(request, _("The case is now “%(status)s”.") % {"status": case.get_status_display()})
            return self._back(case)
        return self._refused(request, case, transition_form=form)

    def _transition_confirm_page(self, request, case, to, texts):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": case,
            "title": _("Confirm: move %(case)s to “%(to)s”") % {"case": case.reference, "to": Case.Status(to).label},
            "from_label": case.get_status_display(),
            "to": to,
            "to_label": Case.Status(to).label,
            "texts": texts,
            "needs_response_basis": case_transition_needs_response_basis(from_status=case.status, to=to),
            "needs_no_measures_reason": case_transition_needs_no_measures_reason(case=case, to=to),
        }
        return TemplateResponse(request, "admin/cases/case/transition_confirm.html", context)

    def message_view(self, request, case_id):
        case = self._editable_case(request, case_id)
        form = ReporterMessageForm(request.POST, case=case, auto_id="message-%s")
        if form.is_valid():
            try:
                case_reporter_message_send(
                    case=case, report=form.cleaned_data["report"], actor=request.user, body=form.cleaned_data["body"]
                )
            except ValidationError as error:
                refusal_to_form(form, error)
            else:
                messages.success(request, _("Message sent. The reporter reads it with their receipt code."))
                return self._back(case)
        return self._refused(request, case, message_form=form)

    def sign_complaint_view(self, request, case_id):
        case = self._editable_case(request, case_id)
        case_formal_complaint_sign(case=case, actor=request.user)
        messages.success(request, _("Recorded: formal complaint signed by the Title IX coordinator."))
        return self._back(case)

    def determination_view(self, request, case_id):
        # The decision-maker records it without editing the case; the service refuses anyone else.
        if request.method != "POST":
            raise Http404
        case = self._visible_case(request, case_id)
        allegations = Allegation.objects.filter(case=case).order_by("number", "pk")
        form = DeterminationForm(request.POST, allegations=allegations)
        if form.is_valid():
            try:
                determination_record(case=case, actor=request.user, **form.service_kwargs())
            except ValidationError as error:
                refusal_to_form(form, error)
            else:
                messages.success(request, _("Determination recorded."))
                return self._back(case)
        return self._refused(request, case, determination_form=form)

    def informal_view(self, request, case_id):
        case = self._editable_case(request, case_id)
        form = InformalStartForm(request.POST)
        if form.is_valid():
            try:
                informal = informal_resolution_save(
                    informal=InformalResolution(
                        case=case, kind=form.cleaned_data["kind"], started_on=timezone.localdate()
                    ),
                    actor=request.user,
                )
            except ValidationError as error:
                refusal_to_form(form, error)
            else:
                messages.success(
                    request, _("Informal resolution recorded: now record each party's written consent.")
                )
                return HttpResponseRedirect(reverse("admin:cases_informalresolution_change", args=[informal.pk]))
        return self._refused(request, case, informal_form=form)

