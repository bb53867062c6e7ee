"""The formal process on the case page: evidence review, the investigation report, advisors, the
hearing with its relevance rulings, and the clocks with their extensions (34 CFR 106.45(b)(5)-(6),
(b)(1)(v)).

Each action is a small form (hearing_forms) posted to /admin/cases/case/<id>/process/<action>/,
calling one service. Same pattern as case_actions: done, back to the case page with a message;
refused, the case page again (status 200) with the reason on that form and what was typed kept.
The hearing's own page (HearingAdmin) lists its rulings; the clocks have a read-only list.
"""

from dataclasses import dataclass

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.models import (
    Case,
    CaseDeadline,
    DeadlineExtension,
    EvidenceResponse,
    EvidenceReview,
    Hearing,
    InvestigationReport,
    Party,
    RelevanceRuling,
)
from cases.selectors.access import user_may_see_identities
from cases.selectors.hearing import case_open_deadlines, latest_evidence_review, parties_without_advisor
from cases.services.evidence_review import (
    evidence_response_record,
    evidence_review_send,
    investigation_report_finalise,
    investigation_report_send,
)
from cases.services.extensions import deadline_extend
from cases.services.hearing import (
    advisor_record,
    hearing_cancel,
    hearing_mark_held,
    hearing_record_attach,
    hearing_schedule,
    relevance_ruling_record,
)

from . import hearing_forms as f
from .choices import case_choices
from .mixins import CaseChildAdmin, refusal_to_form


@dataclass(frozen=True)
class ProcessAction:
    form: type
    button: str
    done: str
    call: object  # (case, cleaned_data, actor) -> None


def _review(case):
    review = latest_evidence_review(case)
    if review is None:
        raise ValidationError(_("Send the evidence for review first."))
    return review


PROCESS_ACTIONS: dict[str, ProcessAction] = {
    "evidence-review": ProcessAction(
        f.EvidenceReviewSendForm,
        gettext_lazy("Send the related evidence to the parties and advisors"),
        gettext_lazy("Evidence sent for review: the letters are ready and each party's clock has started."),
        lambda case, d, actor: evidence_review_send(case=case, actor=actor, **d),
    ),
    "evidence-response": ProcessAction(
        f.EvidenceResponseForm,
        gettext_lazy("Record the response"),
        gettext_lazy("Response to the evidence recorded."),
        lambda case, d, actor: evidence_response_record(review=_review(case), actor=actor, **d),
    ),
    "report-finalise": ProcessAction(
        f.ReportFinaliseForm,
        gettext_lazy("Finalise the investigation report"),
        gettext_lazy("Investigation report finalised."),
        lambda case, d, actor: investigation_report_finalise(case=case, actor=actor, **d),
    ),
    "report-send": ProcessAction(
        f.ReportSendForm,
        gettext_lazy("Send the report to the parties and advisors"),
        gettext_lazy("Investigation report letters prepared."),
        lambda case, d, actor: investigation_report_send(actor=actor, **d),
    ),
    "advisor": ProcessAction(
        f.AdvisorForm,
        gettext_lazy("Record the advisor"),
        gettext_lazy("Advisor recorded."),
        lambda case, d, actor: advisor_record(actor=actor, **d),
    ),
    "hearing-schedule": ProcessAction(
        f.HearingScheduleForm,
        gettext_lazy("Schedule the hearing"),
        gettext_lazy("Hearing scheduled: the notices to the parties and advisors are ready for review."),
        lambda case, d, actor: hearing_schedule(case=case, actor=actor, **d),
    ),
    "hearing-held": ProcessAction(
        f.HearingHeldForm,
        gettext_lazy("Start the hearing (mark it held)"),
        gettext_lazy("Hearing marked held."),
        lambda case, d, actor: hearing_mark_held(actor=actor, **d),
    ),
    "hearing-record": ProcessAction(
        f.HearingRecordForm,
        gettext_lazy("Attach the recording or transcript"),
        gettext_lazy("Recording or transcript attached."),
        lambda case, d, actor: hearing_record_attach(actor=actor, **d),
    ),
    "hearing-cancel": ProcessAction(
        f.HearingCancelForm,
        gettext_lazy("Cancel the hearing"),
        gettext_lazy("Hearing cancelled."),
        lambda case, d, actor: hearing_cancel(actor=actor, **d),
    ),
    "ruling": ProcessAction(
        f.RulingForm,
        gettext_lazy("Record the ruling"),
        gettext_lazy("Relevance ruling recorded."),
        lambda case, d, actor: relevance_ruling_record(actor=actor, **d),
    ),
    "deadline-extend": ProcessAction(
        f.DeadlineExtendForm,
        gettext_lazy("Extend the deadline"),
        gettext_lazy("Deadline extended: the delay notices to both parties are ready for review."),
        lambda case, d, actor: deadline_extend(actor=actor, **d),
    ),
}
# The statuses in which the evidence review, the report and the hearing happen.
PROCESS_STATUSES = (Case.Status.INVESTIGATION, Case.Status.DETERMINATION)
# Actions a decision-maker of the case may take without editing the case (the service checks).
DECISION_MAKER_ACTIONS = ("ruling",)


def process_form(action: str, case, data=None):
    return PROCESS_ACTIONS[action].form(data, case=case, prefix=action, auto_id="%s")


def _with_rulings(hearings: list[Hearing], parties: list[Party]) -> list[Hearing]:
    """Each hearing's rulings, read in one query (the party asked for: from `parties`, the
    case's parties already read for the page, not decrypted again for each ruling)."""
    by_hearing: dict[int, list] = {h.pk: [] for h in hearings}
    by_party = {party.pk: party for party in parties}
    rulings = RelevanceRuling.objects.filter(hearing__in=hearings).select_related("ruled_by")
    for ruling in rulings:
        if ruling.asked_for_id in by_party:
            ruling.asked_for = by_party[ruling.asked_for_id]
        by_hearing[ruling.hearing_id].append(ruling)
    for hearing in hearings:
        hearing.ruling_list = by_hearing[hearing.pk]
    return hearings


class HearingActionsMixin:
    """CaseAdmin's formal-process views and the case page's context for them."""

    def get_urls(self):
        return [
            path(
                "<int:case_id>/process/<slug:action>/",
                self.admin_site.admin_view(self.process_view),
                name="cases_case_process",
            ),
        ] + super().get_urls()

    def _process_context(self, request, case, refused: dict, *, may_edit: bool, identities: bool) -> dict:
        context = {"case_deadlines": case_open_deadlines(case)}
        if not identities:
            return context
        is_decider = request.user.pk in case_choices(case).role_user_ids("decision_maker")
        allowed = list(PROCESS_ACTIONS) if may_edit else (DECISION_MAKER_ACTIONS if is_decider else ())
        if case.status not in PROCESS_STATUSES:  # only the clocks' extension, when there are clocks
            allowed = [a for a in allowed if a == "deadline-extend" and context["case_deadlines"]]
        forms = {}
        for action in allowed:
            form = refused.get(f"process_{action}") or process_form(action, case)
            forms[action.replace("-", "_")] = {"action": action, "form": form, "button": PROCESS_ACTIONS[action].button}
        for key, form in refused.items():  # a refused form is shown again even if no longer offered
            action = key.removeprefix("process_")
            if key.startswith("process_") and action.replace("-", "_") not in forms:
                forms[action.replace("-", "_")] = {
                    "action": action,
                    "form": form,
                    "button": PROCESS_ACTIONS[action].button,
                }
        context.update(
            {
                "process_forms": forms,
                "evidence_reviews": list(EvidenceReview.objects.filter(case=case)),
                "evidence_responses": list(
                    EvidenceResponse.objects.filter(review__case=case).select_related("party", "document")
                ),
                "investigation_reports": list(InvestigationReport.objects.filter(case=case)),
                "advisors": case_choices(case).advisors(),
                "hearings": _with_rulings(case_choices(case).hearings, case_choices(case).parties),
                "parties_without_advisor": parties_without_advisor(case, parties=case_choices(case).parties),
            }
        )
        return context

    def process_view(self, request, case_id, action):
        if request.method != "POST" or action not in PROCESS_ACTIONS:
            raise Http404
        case = self._visible_case(request, case_id)
        if not user_may_see_identities(request.user):
            raise Http404
        form = process_form(action, case, request.POST)
        if form.is_valid():
            try:
                PROCESS_ACTIONS[action].call(case, form.cleaned_data, request.user)
            except ValidationError as error:
                refusal_to_form(form, error)
            else:
                messages.success(request, str(PROCESS_ACTIONS[action].done))
                return self._back(case)
        return self._refused(request, case, **{f"process_{action}": form})


# --- The hearing's own page and the clocks' list (read-only: changes go through the case page) ----


class ReadOnlyCaseRowAdmin(CaseChildAdmin):
    """Read-only rows of a case (the hearing record, the clocks): open to whoever sees the case
    with its identities (the coordinator, its case manager and investigator, its decision-makers),
    without a model permission of their own; `get_queryset` keeps everyone to the cases they see."""

    def has_module_permission(self, request):
        return user_may_see_identities(request.user)

    def has_view_permission(self, request, obj=None):
        return user_may_see_identities(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class RelevanceRulingInline(admin.TabularInline):
    model = RelevanceRuling
    extra = 0
    can_delete = False
    fields = ["ruled_at", "asked_for", "question_summary", "ruling", "reason", "ruled_by"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("asked_for", "ruled_by")


@admin.register(Hearing)
class HearingAdmin(ReadOnlyCaseRowAdmin):
    list_display = ["case", "scheduled_at", "status", "separate_rooms", "held_at"]
    list_select_related = ["case"]
    list_filter = ["status"]
    fields = [
        "case",
        "scheduled_at",
        "place",
        "video_link",
        "separate_rooms",
        "notice_on",
        "notice_waiver",
        "status",
        "held_at",
        "recording_or_transcript",
        "scheduled_by",
    ]
    readonly_fields = fields
    inlines = [RelevanceRulingInline]


class DeadlineExtensionInline(admin.TabularInline):
    model = DeadlineExtension
    extra = 0
    can_delete = False
    fields = ["granted_at", "previous_due_on", "new_due_on", "cause", "reason", "granted_by"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(CaseDeadline)
class CaseDeadlineAdmin(ReadOnlyCaseRowAdmin):
    list_display = ["case", "label", "for_whom", "basis", "due_on", "state"]
    list_select_related = ["case"]
    list_filter = ["state", "kind"]
    ordering = ["due_on", "pk"]
    fields = [
        "case",
        "kind",
        "label",
        "basis",
        "start_event",
        "starts_on",
        "length_days",
        "business_days",
        "due_on",
        "extendable",
        "for_whom",
        "state",
        "closed_at",
    ]
    readonly_fields = fields
    inlines = [DeadlineExtensionInline]
