"""The case page and its own views: documents, notices, history, exports (its action forms: case_actions)."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases import exports
from cases.models import (
    AccessLog,
    Case,
    CaseDocument,
    CaseReport,
    CaseRole,
    InformalResolution,
    Investigation,
    SupportiveMeasure,
    TransitionLog,
)
from cases.selectors.access import (
    case_user_may_edit,
    case_visible_queryset,
    user_is_coordinator,
    user_may_see_identities,
)
from cases.selectors.access_log import access_log_grouped
from cases.selectors.dashboard import case_timeline
from cases.selectors.deadlines import stage_target_days
from cases.selectors.history import case_history
from cases.selectors.process import case_has_signed_formal_complaint
from cases.selectors.respondents import repeat_respondent_cases_for
from cases.services.audit import access_log_record
from cases.services.documents import case_document_read
from cases.services.measures import supportive_measure_notice_generate

from .case_actions import CaseActionsMixin
from .case_file import CaseFileMixin
from .case_roles import CaseRolesMixin
from .choices import case_choices
from .classification import classification_context
from .hearing import HearingActionsMixin
from .mixins import download
from .outcomes import OutcomesMixin
from .portal_messages import portal_message_urls, portal_messages_context

# The case page shows the latest events of the timeline; "show all" (?timeline=all) the rest.
TIMELINE_LATEST = 100


def with_labels(rows: list, *fields: str) -> list:
    """Set `<field>_label` on each row, the label of its choice, read once per field.

    Model.get_FOO_display() hashes every (lazy, translated) choice on each call: a
    millisecond a call under load, hundreds of calls on a big case page.
    """
    if rows:
        opts = type(rows[0])._meta
        for name in fields:
            labels = {value: str(label) for value, label in opts.get_field(name).flatchoices}
            for row in rows:
                value = getattr(row, name)
                setattr(row, f"{name}_label", labels.get(value, value))
    return rows


def case_timeline_page(case: Case, *, show_all: bool) -> tuple[list, bool]:
    """The case's timeline, oldest first: every event, or the latest TIMELINE_LATEST.

    Returns the events and whether older ones were left out.
    """
    events = case_timeline(case=case)
    if show_all:
        return with_labels(list(events), "kind"), False
    latest = list(events.reverse()[: TIMELINE_LATEST + 1])
    return with_labels(latest[:TIMELINE_LATEST][::-1], "kind"), len(latest) > TIMELINE_LATEST


def transition_reasons(events: list) -> None:
    """Set `reason` on each timeline row of a move made with a reason (one query)."""
    reasons = dict(
        TransitionLog.objects.filter(timeline_event__in=[event.pk for event in events])
        .exclude(reason="")
        .values_list("timeline_event_id", "reason")
    )
    for event in events:
        event.reason = reasons.get(event.pk, "")


class CaseViewsMixin(HearingActionsMixin, CaseRolesMixin, CaseActionsMixin, OutcomesMixin, CaseFileMixin):
    """CaseAdmin's views beside the change form (URLs in `get_urls`)."""

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<int:case_id>/transition/", wrap(self.transition_view), name="cases_case_transition"),
            path(
                "<int:case_id>/documents/<int:document_id>/",
                wrap(self.document_view),
                name="cases_case_document",
            ),
            path(
                "<int:case_id>/measures/<int:measure_id>/notice/",
                wrap(self.notice_view),
                name="cases_case_notice",
            ),
            path("<int:case_id>/message/", wrap(self.message_view), name="cases_case_message"),
            path(
                "<int:case_id>/sign-complaint/",
                wrap(self.sign_complaint_view),
                name="cases_case_sign_complaint",
            ),
            path(
                "<int:case_id>/determination/", wrap(self.determination_view), name="cases_case_determination"
            ),
            path("<int:case_id>/informal/", wrap(self.informal_view), name="cases_case_informal"),
            path("<int:case_id>/assign/", wrap(self.role_assign_view), name="cases_case_role_assign"),
            path("<int:case_id>/attest/", wrap(self.attestation_view), name="cases_case_attestation"),
            path("<int:case_id>/objection/", wrap(self.objection_view), name="cases_case_objection"),
            path(
                "<int:case_id>/objection/resolve/",
                wrap(self.objection_resolve_view),
                name="cases_case_objection_resolve",
            ),
            path(
                "<int:case_id>/appeal-decision/", wrap(self.appeal_decision_view), name="cases_case_appeal_decision"
            ),
            *self.outcome_urls(),
            *portal_message_urls(self),  # party-portal message threads (issue 15)
            *self.case_file_urls(),
            path("mine/", wrap(self.my_cases_view), name="cases_case_mine"),
            path("export/", wrap(self.export_view), name="cases_case_export"),
        ] + super().get_urls()

    def _visible_case(self, request, case_id) -> Case:
        """The case, if this person may see it; 404 otherwise (never says whether it exists)."""
        return get_object_or_404(case_visible_queryset(request.user), pk=case_id)

    # --- the case page
    def change_view(self, request, object_id, form_url="", extra_context=None):
        case = self._visible_case(request, object_id) if str(object_id).isdigit() else None
        if case is None:
            raise Http404
        if request.method == "GET":
            access_log_record(user=request.user, action=AccessLog.Action.VIEW, obj=case)
            request._case_page_case = case  # the change form uses this object (get_object)
        return self._case_page(request, case, form_url, extra_context)

    def get_object(self, request, object_id, from_field=None):
        """On GET, the case change_view has just read, once: the same object, so the page's
        forms and inlines share one read of its choices (admin/choices.py)."""
        case = getattr(request, "_case_page_case", None)
        if case is not None and from_field is None and str(case.pk) == str(object_id):
            del request._case_page_case
            return case
        return super().get_object(request, object_id, from_field)

    def _case_page(self, request, case, form_url="", extra_context=None, refused=None):
        """The case page; `refused`: an action form refused (see case_actions), shown as typed."""
        extra_context = {**(extra_context or {}), **self._case_page_context(request, case, refused or {})}
        return super().change_view(request, str(case.pk), form_url, extra_context)

    def _case_page_context(self, request, case, refused):
        identities = user_may_see_identities(request.user)
        matches, match_total = repeat_respondent_cases_for(case=case, user=request.user)
        may_edit = case_user_may_edit(request.user, case)
        timeline, timeline_more = case_timeline_page(case, show_all=request.GET.get("timeline") == "all")
        if identities:  # the reasons typed with moves: staff who may see the case's content only
            transition_reasons(timeline)
        context = {
            "timeline": timeline,
            "timeline_more": timeline_more,
            "timeline_latest": TIMELINE_LATEST,
            "repeat_matches": matches,
            "repeat_hidden": match_total - len(matches),
            "can_see_identities": identities,
            "case_obj": case,
            "today": timezone.localdate(),
            "stage_target": stage_target_days(case.status),
            "is_coordinator": user_is_coordinator(request.user),
            "can_edit_case": may_edit,
            "is_decision_maker": request.user.pk in case_choices(case).role_user_ids(CaseRole.DECISION_MAKER),
            "role_assignments": case_choices(case).assignments,
            "case_parties": with_labels(list(case_choices(case).parties), "role", "affiliation"),
            **self._action_forms(case, may_edit=may_edit, refused=refused),
            **self._role_forms(request, case, refused),
            **self._process_context(request, case, refused, may_edit=may_edit, identities=identities),
        }
        determination = case_choices(case).determination
        context["determination_form"] = self._determination_form(
            case, determination, refused, is_decision_maker=context["is_decision_maker"]
        )
        if identities:
            context.update(self._outcome_context(request, case, refused))
            context.update(self._disclosure_context(request, case))  # issue 18: FERPA 99.32
        context.update(portal_messages_context(request, case))  # party-portal threads (issue 15)
        context.update(classification_context(request.user, case=case))  # issue 17: Clery Act panel
        if identities:
            context.update(
                {
                    "linked_reports": list(
                        CaseReport.objects.filter(case=case).select_related("report").order_by("linked_at")
                    ),
                    "case_measures": self._case_measures(case),
                    "documents": case_choices(case).documents[::-1],  # oldest first
                    "informal_resolutions": list(
                        InformalResolution.objects.filter(case=case).annotate(consent_count=Count("consents"))
                    ),
                    "investigation": Investigation.objects.filter(case=case).first(),
                    "determination": determination,
                    "has_signed_complaint": case_has_signed_formal_complaint(case),
                }
            )
        return context

    def _case_measures(self, case):
        measures = with_labels(list(SupportiveMeasure.objects.filter(case=case).select_related("party")), "kind")
        with_labels([measure.party for measure in measures], "role", "affiliation")
        return measures

    def history_view(self, request, object_id, extra_context=None):
        """The pghistory record of the case and what hangs from it: coordinator only."""
        case = self._visible_case(request, object_id)
        if not request.user.has_perm("cases.view_case_history"):
            raise PermissionDenied
        access_log_record(user=request.user, action=AccessLog.Action.HISTORY, obj=case)
        # Who looked at the case: per person and day (issue 18), the entries one click away.
        access = access_log_grouped(case=case, days=None, limit=200)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": case,
            "title": _("History of %(case)s") % {"case": case.reference},
            # One chronological record, newest first: every tracked record and every move (issue 18).
            "events": list(reversed(case_history(case=case, viewer=request.user))),
            "access_log": access,
            "transitions": TransitionLog.objects.filter(case=case)
            .select_related("actor")
            .order_by("-created_at", "-pk"),
        }
        return TemplateResponse(request, "admin/cases/case/history.html", context)

    def document_view(self, request, case_id, document_id):
        case = self._visible_case(request, case_id)
        if not user_may_see_identities(request.user):
            raise Http404
        document = get_object_or_404(CaseDocument, case=case, pk=document_id)
        access_log_record(
            user=request.user, action=AccessLog.Action.DOWNLOAD, obj=document, ref=case.reference
        )
        return download(
            case_document_read(document=document), document.filename, document.content_type
        )

    def notice_view(self, request, case_id, measure_id):
        case = self._visible_case(request, case_id)
        if not user_may_see_identities(request.user):
            raise Http404
        measure = get_object_or_404(
            SupportiveMeasure.objects.select_related("party", "case"), case=case, pk=measure_id
        )
        if request.method == "POST":
            if not case_user_may_edit(request.user, case):
                raise PermissionDenied
            supportive_measure_notice_generate(measure=measure, actor=request.user)
            messages.success(request, _("The written notice was generated again with the current resources."))
            return HttpResponseRedirect(request.path)
        access_log_record(
            user=request.user, action=AccessLog.Action.VIEW, obj=measure, ref=case.reference
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": case,
            "measure": measure,
            "title": _("Written notice"),
            "can_edit_case": case_user_may_edit(request.user, case),
        }
        return TemplateResponse(request, "admin/cases/case/notice.html", context)

    def my_cases_view(self, request):
        return HttpResponseRedirect(reverse("admin:cases_case_changelist") + "?assignee=me&open=yes")

    # --- exports (the Title IX coordinator only; see cases.exports)
    def get_actions(self, request):
        actions = super().get_actions(request)
        if not user_is_coordinator(request.user):
            actions.pop("export_csv", None)
        return actions

    @admin.action(description=gettext_lazy("Export selected cases (CSV)…"))
    def export_csv(self, request, queryset):
        """Ask first: the export form, with identities left out unless the box is ticked."""
        if not user_is_coordinator(request.user):
            raise PermissionDenied
        ids = ",".join(str(pk) for pk in queryset.values_list("pk", flat=True))
        form = exports.CaseExportForm(initial={"cases": ids})
        return self._export_form_response(request, form, queryset)

    def export_view(self, request):
        if not user_is_coordinator(request.user):
            raise PermissionDenied
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:cases_case_changelist"))
        form = exports.CaseExportForm(request.POST)
        cases = case_visible_queryset(request.user).filter(pk__in=form.case_ids())
        if not form.is_valid():
            return self._export_form_response(request, form, cases)
        include = form.cleaned_data["include_identities"]
        content = exports.case_export(
            user=request.user,
            cases=cases,
            include_identities=include,
            reason=form.cleaned_data["reason"],
            recipient=form.cleaned_data["recipient"],
        )
        response = HttpResponse(content, content_type="text/csv; charset=utf-8")
        name = "cases-with-identities.csv" if include else "cases.csv"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "no-store"
        return response

    def _export_form_response(self, request, form, cases):
        context = {
            **self.admin_site.each_context(request),
            "title": _("Export cases"),
            "opts": self.model._meta,
            "form": form,
            "cases": cases.order_by("reference"),
        }
        return TemplateResponse(request, "admin/cases/case/export.html", context)
