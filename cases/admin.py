"""The staff workplace: triage, the case page with its workflow, and the audit trail.

Access is enforced per object here and in cases.selectors, in every view: list
querysets are filtered to the cases a person may see, a case they may not see
answers 404 (change, history, documents, transitions, messages, notices), actions
and exports only ever receive visible rows, and the Bias Response Team reads
shared cases without identities, narratives, notes or documents.
"""

import functools

import pghistory
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from idhr_portal.crypto import EncryptedTextField
from reports.models import Attachment, Report, ReportParty

from . import exports, selectors, services
from .models import (
    AccessLog,
    Appeal,
    Case,
    CaseDocument,
    CaseHistoryEvent,
    CaseNote,
    CaseReport,
    ConsentRecord,
    Determination,
    Evidence,
    InformalResolution,
    Interview,
    Investigation,
    Party,
    PurgeLog,
    Sanction,
    SupportiveMeasure,
)

# --- Dashboard on the admin index ----------------------------------------------------------

_original_index = admin.site.index


def _dashboard_index(request, extra_context=None):
    extra_context = dict(extra_context or {})
    if selectors.user_is_staff_member(request.user):
        extra_context["case_dashboard"] = selectors.dashboard_counts(user=request.user)
    return _original_index(request, extra_context)


admin.site.index = _dashboard_index
admin.site.index_template = "admin/cases_index.html"
admin.site.site_header = gettext_lazy("IDHR case management")
admin.site.site_title = gettext_lazy("IDHR staff")
admin.site.index_title = gettext_lazy("Today")


def _audited_view(view):
    """Run an admin view under a pghistory context naming the signed-in user."""

    @functools.wraps(view)
    def wrapper(self, request, *args, **kwargs):
        with pghistory.context(user=request.user.pk, url=request.path):
            return view(self, request, *args, **kwargs)

    return wrapper


class AuditedAdminMixin:
    """pghistory context on every writing admin view; nobody deletes records here."""

    changeform_view = _audited_view(admin.ModelAdmin.changeform_view)
    changelist_view = _audited_view(admin.ModelAdmin.changelist_view)

    def has_delete_permission(self, request, obj=None):
        return False

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:  # not there, or not visible to this person: the same answer
            raise Http404(_("No such record."))
        return obj


# --- Case children (object-level access follows the case) ----------------------------------------


class CaseChildAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """Admin for a record hanging from a case: visible and editable as its case is."""

    case_path = "case"

    def _case_of(self, obj):
        for part in self.case_path.split("__"):
            obj = getattr(obj, part)
        return obj

    def has_module_permission(self, request):
        return selectors.user_may_see_identities(request.user) and super().has_module_permission(request)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if not selectors.user_may_see_identities(request.user):
            return queryset.none()
        return queryset.filter(**{f"{self.case_path}__in": selectors.case_visible_queryset(request.user)})

    def has_view_permission(self, request, obj=None):
        if not selectors.user_may_see_identities(request.user):
            return False
        return super().has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        if obj is not None and not selectors.case_user_may_edit(request.user, self._case_of(obj)):
            return False
        return super().has_change_permission(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model is Case:
            kwargs["queryset"] = selectors.case_visible_queryset(request.user).exclude(
                status__in=Case.CLOSED_STATUSES
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


def _service_save(request, func, **kwargs):
    """Call a service from an admin save; turn its refusal into a message, not a 500."""
    try:
        return func(**kwargs)
    except (ValidationError, PermissionDenied) as error:
        text = "; ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        raise PermissionDenied(text) from error


class CaseScopedInlineMixin:
    """Party and document choices of an inline limited to the case being edited.

    The choices are read once per formset (not once per row), so a case page with
    many rows costs the same number of queries as one with a few.
    """

    party_roles: tuple[str, ...] = ()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        case_id = getattr(request, "_case_id", None)
        if db_field.related_model is Party:
            parties = Party.objects.filter(case_id=case_id)
            kwargs["queryset"] = parties.filter(role__in=self.party_roles) if self.party_roles else parties
        if db_field.related_model is CaseDocument:
            kwargs["queryset"] = CaseDocument.objects.filter(case_id=case_id)
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if formfield is not None and db_field.related_model in (Party, CaseDocument):
            formfield.choices = list(formfield.choices)
        return formfield


class ConsentInline(CaseScopedInlineMixin, admin.TabularInline):
    model = ConsentRecord
    extra = 0
    party_roles = (Party.Role.COMPLAINANT, Party.Role.RESPONDENT)
    fields = ["party", "consented_on", "in_writing", "voluntary", "document", "withdrawn_on"]


@admin.register(InformalResolution)
class InformalResolutionAdmin(CaseChildAdmin):
    list_display = ["case", "kind", "outcome", "started_on", "ended_on"]
    list_select_related = ["case"]
    list_filter = ["kind", "outcome"]
    autocomplete_fields = ["case"]
    fields = ["case", "kind", "started_on", "outcome", "ended_on", "agreement_text"]
    inlines = [ConsentInline]

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        request._case_id = obj.case_id
        return obj

    def get_readonly_fields(self, request, obj=None):
        return ["case"] if obj else []

    def save_model(self, request, obj, form, change):
        _service_save(request, services.informal_resolution_save, informal=obj, actor=request.user)

    def save_formset(self, request, form, formset, change):
        for consent in formset.save(commit=False):
            _service_save(request, services.consent_record_save, consent=consent, actor=request.user)


class InterviewInline(CaseScopedInlineMixin, admin.TabularInline):
    model = Interview
    extra = 0
    fields = ["party", "interviewed_on", "summary"]


class EvidenceInline(CaseScopedInlineMixin, admin.TabularInline):
    model = Evidence
    extra = 0
    fields = ["received_on", "description", "document"]


@admin.register(Investigation)
class InvestigationAdmin(CaseChildAdmin):
    list_display = ["case", "investigator", "notice_of_allegations_on", "started_on"]
    list_select_related = ["case", "investigator"]
    fields = ["case", "investigator", "started_on", "notice_of_allegations_on", "report_document"]
    readonly_fields = ["case", "investigator"]
    inlines = [InterviewInline, EvidenceInline]

    def has_add_permission(self, request):
        return False  # an investigation opens when the case moves to formal investigation

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        request._case_id = obj.case_id
        return obj

    def get_formset_kwargs(self, request, obj, inline, prefix):
        request._case_id = obj.case_id
        return super().get_formset_kwargs(request, obj, inline, prefix)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "report_document":
            # Only this case's documents: never list another case's files.
            kwargs["queryset"] = CaseDocument.objects.filter(case_id=getattr(request, "_case_id", None))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        _service_save(request, services.investigation_save, investigation=obj, actor=request.user)

    def save_formset(self, request, form, formset, change):
        service = services.interview_save if formset.model is Interview else services.evidence_save
        key = "interview" if formset.model is Interview else "evidence"
        for item in formset.save(commit=False):
            _service_save(request, service, **{key: item, "actor": request.user})


class SanctionInline(CaseScopedInlineMixin, admin.TabularInline):
    model = Sanction
    extra = 0
    fields = ["party", "kind", "effective_on", "details"]
    party_roles = (Party.Role.RESPONDENT,)


@admin.register(Determination)
class DeterminationAdmin(CaseChildAdmin):
    list_display = ["case", "outcome", "standard_of_evidence", "decided_on", "appeal_deadline"]
    list_select_related = ["case"]
    fields = ["case", "outcome", "standard_of_evidence", "decided_on", "appeal_deadline", "rationale"]
    readonly_fields = [
        "case",
        "outcome",
        "standard_of_evidence",
        "decided_on",
        "appeal_deadline",
        "rationale",
    ]
    inlines = [SanctionInline]

    def has_add_permission(self, request):
        return False  # recorded from the case page (determination form) through the service

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        request._case_id = obj.case_id
        return obj

    def save_formset(self, request, form, formset, change):
        for sanction in formset.save(commit=False):
            if sanction.pk:
                sanction.save()
            else:
                _service_save(
                    request,
                    services.sanction_add,
                    determination=form.instance,
                    party=sanction.party,
                    kind=sanction.kind,
                    details=sanction.details,
                    effective_on=sanction.effective_on,
                    actor=request.user,
                )


# --- The case -----------------------------------------------------------------------------------------


class PartyInline(admin.TabularInline):
    model = Party
    extra = 0
    formfield_overrides = {EncryptedTextField: {"widget": forms.TextInput(attrs={"size": 30})}}
    fields = ["role", "affiliation", "name", "email"]
    show_change_link = False

    def get_fields(self, request, obj=None):
        if not selectors.user_may_see_identities(request.user):
            return ["role", "affiliation"]
        return self.fields

    def get_readonly_fields(self, request, obj=None):
        if not selectors.user_may_see_identities(request.user):
            return ["role", "affiliation"]
        return []


class SupportiveMeasureInline(CaseScopedInlineMixin, admin.TabularInline):
    model = SupportiveMeasure
    extra = 0
    fields = ["party", "kind", "requested_on", "effective_on", "ended_on", "details", "notice_link"]
    readonly_fields = ["notice_link"]

    @admin.display(description=gettext_lazy("written notice"))
    def notice_link(self, obj):
        if not obj.pk:
            return "—"
        url = reverse("admin:cases_case_notice", args=[obj.case_id, obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Read the notice"))

    def has_add_permission(self, request, obj=None):
        return bool(obj and obj.is_open) and super().has_add_permission(request, obj)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("party")


class CaseNoteInline(admin.StackedInline):
    model = CaseNote
    extra = 0
    fields = ["body", "author", "created_at"]
    readonly_fields = ["author", "created_at"]

    def has_change_permission(self, request, obj=None):
        return False  # notes are a record: written once, never edited

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author")

    def get_readonly_fields(self, request, obj=None):
        return ["author", "created_at"]


class DocumentForm(forms.ModelForm):
    upload = forms.FileField(label=gettext_lazy("file"), required=True)

    class Meta:
        model = CaseDocument
        fields = ["kind"]


class CaseDocumentInline(admin.TabularInline):
    model = CaseDocument
    form = DocumentForm
    extra = 0
    fields = ["kind", "upload"]

    def get_fields(self, request, obj=None):
        return ["kind", "upload"]

    def get_readonly_fields(self, request, obj=None):
        return []

    def has_change_permission(self, request, obj=None):
        return False  # existing documents are listed (with downloads) above the form

    def get_queryset(self, request):
        return super().get_queryset(request).none()  # the list is rendered by the case page


class AppealInline(CaseScopedInlineMixin, admin.TabularInline):
    model = Appeal
    extra = 0
    fields = ["filed_by", "filed_on", "grounds", "decision", "decided_on"]
    readonly_fields = ["decided_on"]

    def has_add_permission(self, request, obj=None):
        return bool(obj and obj.status == Case.Status.APPEAL_WINDOW) and super().has_add_permission(
            request, obj
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "filed_by":
            kwargs["queryset"] = Party.objects.filter(
                case_id=getattr(request, "_case_id", None),
                role__in=[Party.Role.COMPLAINANT, Party.Role.RESPONDENT],
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class StatusFilter(admin.SimpleListFilter):
    title = gettext_lazy("open or closed")
    parameter_name = "open"

    def lookups(self, request, model_admin):
        return [("yes", _("Open")), ("no", _("Closed"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.exclude(status__in=Case.CLOSED_STATUSES)
        if self.value() == "no":
            return queryset.filter(status__in=Case.CLOSED_STATUSES)
        return queryset


class OverdueFilter(admin.SimpleListFilter):
    title = gettext_lazy("deadline")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", _("Overdue")), ("no", _("On time"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(selectors.overdue_q())
        if self.value() == "no":
            return queryset.exclude(selectors.overdue_q())
        return queryset


class CategoryFilter(admin.SimpleListFilter):
    title = gettext_lazy("category")
    parameter_name = "category"

    def lookups(self, request, model_admin):
        return Report.Category.choices

    def queryset(self, request, queryset):
        if self.value() in Report.Category.values:
            return queryset.filter(categories__contains=[self.value()])
        return queryset


class AssigneeFilter(admin.SimpleListFilter):
    title = gettext_lazy("assigned to")
    parameter_name = "assignee"

    def lookups(self, request, model_admin):
        from idhr_portal import roles

        choices = [("me", _("Me (my cases)")), ("none", _("Nobody yet"))]
        if selectors.user_is_coordinator(request.user):
            staff = selectors.staff_with_group(roles.CASE_MANAGER) | selectors.staff_with_group(
                roles.INVESTIGATOR
            )
            choices += [(str(u.pk), u.get_full_name() or u.username) for u in staff.distinct()]
        return choices

    def queryset(self, request, queryset):
        value = self.value()
        if value == "me":
            return queryset.filter(Q(case_manager=request.user) | Q(investigator=request.user))
        if value == "none":
            return queryset.filter(case_manager__isnull=True, investigator__isnull=True)
        if value and value.isdigit():
            return queryset.filter(Q(case_manager_id=int(value)) | Q(investigator_id=int(value)))
        return queryset


class CaseForm(forms.ModelForm):
    class Meta:
        model = Case
        fields = "__all__"

    def clean(self):
        data = super().clean()
        track = data.get("process_track")
        if (
            track
            and self.instance.pk
            and track != self.instance.process_track
            and not (data.get("process_track_reason") or "").strip()
        ):
            self.add_error(
                "process_track_reason", _("Give the reason for setting the process track by hand.")
            )
        if data.get("legal_hold") and not (data.get("legal_hold_reason") or "").strip():
            self.add_error("legal_hold_reason", _("Give the reason for the legal hold."))
        return data


class CaseChangeList(ChangeList):
    """The case list: the repeat-respondent flag is read for the page shown, in one query."""

    def get_results(self, request):
        super().get_results(request)
        flagged = selectors.repeat_respondent_flags(case.pk for case in self.result_list)
        for case in self.result_list:
            case.has_repeat_respondent = case.pk in flagged


@admin.register(Case)
class CaseAdmin(AuditedAdminMixin, admin.ModelAdmin):
    form = CaseForm
    list_display = [
        "reference",
        "status",
        "pathway",
        "title_ix_flag",
        "case_manager",
        "investigator",
        "due_display",
        "repeat_flag",
        "created_at",
    ]
    list_display_links = ["reference"]
    list_select_related = ["case_manager", "investigator"]
    list_filter = [
        StatusFilter,
        "status",
        "pathway",
        "is_title_ix",
        CategoryFilter,
        AssigneeFilter,
        OverdueFilter,
    ]
    search_fields = ["=reference", "=case_reports__report__reference"]
    search_help_text = gettext_lazy("Case reference (C-…) or report reference (R-…)")
    list_per_page = 50
    show_full_result_count = False
    actions = ["export_csv"]
    change_form_template = "admin/cases/case/change_form.html"
    change_list_template = "admin/cases/case/change_list.html"
    inlines = [PartyInline, SupportiveMeasureInline, AppealInline, CaseNoteInline, CaseDocumentInline]
    fieldsets = [
        (gettext_lazy("Case"), {"fields": ["reference", "status", "pathway", "categories", "due_on"]}),
        (gettext_lazy("Assigned staff"), {"fields": ["case_manager", "investigator", "shared_with_brt"]}),
        (gettext_lazy("Process track"), {"fields": ["process_track", "process_track_reason"]}),
        (
            gettext_lazy("Title IX determination"),
            {
                "fields": [
                    "title_ix_category",
                    "ti_in_program_at_filing",
                    "ti_in_institute_program",
                    "ti_in_united_states",
                    "is_title_ix",
                ]
            },
        ),
        (gettext_lazy("Retention"), {"fields": ["legal_hold", "legal_hold_reason"]}),
    ]
    BRT_FIELDS = ["reference", "status", "pathway", "categories", "is_title_ix", "process_track", "due_on"]

    # --- querysets and object-level permissions
    def get_queryset(self, request):
        return selectors.case_visible_queryset(request.user, super().get_queryset(request))

    def get_changelist(self, request, **kwargs):
        return CaseChangeList

    def get_search_results(self, request, queryset, search_term):
        """A case or report reference, matched exactly through the unique indexes.

        References are upper case; Django's "=field" search compares UPPER(column),
        which no index serves, and joins every case to every report (bench/README.md).
        """
        term = search_term.strip().upper()
        if not term:
            return queryset, False
        linked = CaseReport.objects.filter(report__reference=term).values("case_id")
        return queryset.filter(Q(reference=term) | Q(pk__in=linked)), False

    def has_module_permission(self, request):
        return selectors.user_is_staff_member(request.user) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        if not selectors.user_is_staff_member(request.user):
            return False
        return super().has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        if selectors.user_is_brt_only(request.user):
            return False
        if obj is not None and not selectors.case_user_may_edit(request.user, obj):
            return False
        return super().has_change_permission(request, obj)

    def has_add_permission(self, request):
        return False  # a case is opened from a report (triage)

    def get_fieldsets(self, request, obj=None):
        if not selectors.user_may_see_identities(request.user):
            return [(None, {"fields": self.BRT_FIELDS})]
        return self.fieldsets

    def get_readonly_fields(self, request, obj=None):
        readonly = ["reference", "status", "pathway", "categories", "due_on", "is_title_ix"]
        if not selectors.user_is_coordinator(request.user):
            readonly += ["case_manager", "investigator", "shared_with_brt", "legal_hold", "legal_hold_reason"]
        return readonly

    def get_inline_instances(self, request, obj=None):
        if obj is None:
            return []
        request._case_id = obj.pk
        if not selectors.user_may_see_identities(request.user):
            return [PartyInline(self.model, self.admin_site)]
        return super().get_inline_instances(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        from idhr_portal import roles

        if db_field.name == "case_manager":
            kwargs["queryset"] = selectors.staff_with_group(roles.CASE_MANAGER)
        if db_field.name == "investigator":
            kwargs["queryset"] = selectors.staff_with_group(roles.INVESTIGATOR)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    # --- list columns
    @admin.display(description=gettext_lazy("Title IX"), boolean=True, ordering="is_title_ix")
    def title_ix_flag(self, obj):
        return obj.is_title_ix

    @admin.display(description=gettext_lazy("due"), ordering="due_on")
    def due_display(self, obj):
        if not obj.due_on:
            return "—"
        if obj.is_open and obj.due_on < timezone.localdate():
            return format_html('<strong class="case-overdue">{} · {}</strong>', obj.due_on, _("overdue"))
        return obj.due_on

    @admin.display(description=gettext_lazy("repeat respondent"), boolean=True)
    def repeat_flag(self, obj):
        return getattr(obj, "has_repeat_respondent", False)

    # --- saving through services
    def save_model(self, request, obj, form, change):
        _service_save(request, services.case_update, case=obj, actor=request.user, changed=form.changed_data)

    def save_formset(self, request, form, formset, change):
        case = form.instance
        if formset.model is CaseDocument:
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
            for doc_form in formset.forms:
                upload = doc_form.cleaned_data.get("upload") if doc_form.has_changed() else None
                if upload:
                    _service_save(
                        request,
                        services.case_document_add,
                        case=case,
                        kind=doc_form.cleaned_data["kind"],
                        filename=upload.name,
                        content_type=upload.content_type or "",
                        data=upload.read(),
                        actor=request.user,
                    )
            return
        instances = formset.save(commit=False)
        for obj in instances:
            if isinstance(obj, Party):
                _service_save(request, services.party_save, party=obj, actor=request.user)
            elif isinstance(obj, SupportiveMeasure):
                _service_save(request, services.supportive_measure_save, measure=obj, actor=request.user)
            elif isinstance(obj, CaseNote):
                if obj.pk is None:
                    _service_save(
                        request, services.case_note_add, case=case, author=request.user, body=obj.body
                    )
            elif isinstance(obj, Appeal):
                _service_save(request, services.appeal_save, appeal=obj, actor=request.user)

    # --- actions and exports (the Title IX coordinator only; see cases.exports)
    def get_actions(self, request):
        actions = super().get_actions(request)
        if not selectors.user_is_coordinator(request.user):
            actions.pop("export_csv", None)
        return actions

    @admin.action(description=gettext_lazy("Export selected cases (CSV)…"))
    def export_csv(self, request, queryset):
        """Ask first: the export form, with identities left out unless the box is ticked."""
        if not selectors.user_is_coordinator(request.user):
            raise PermissionDenied
        ids = ",".join(str(pk) for pk in queryset.values_list("pk", flat=True))
        form = exports.CaseExportForm(initial={"cases": ids})
        return self._export_form_response(request, form, queryset)

    def export_view(self, request):
        if not selectors.user_is_coordinator(request.user):
            raise PermissionDenied
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:cases_case_changelist"))
        form = exports.CaseExportForm(request.POST)
        if not form.is_valid():
            cases = selectors.case_visible_queryset(request.user).filter(pk__in=form.case_ids())
            return self._export_form_response(request, form, cases)
        cases = selectors.case_visible_queryset(request.user).filter(pk__in=form.case_ids())
        include = form.cleaned_data["include_identities"]
        content = exports.case_export(user=request.user, cases=cases, include_identities=include)
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

    # --- the case page
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
            path("mine/", wrap(self.my_cases_view), name="cases_case_mine"),
            path("export/", wrap(self.export_view), name="cases_case_export"),
        ] + super().get_urls()

    def _visible_case(self, request, case_id) -> Case:
        """The case, if this person may see it; 404 otherwise (never says whether it exists)."""
        return get_object_or_404(selectors.case_visible_queryset(request.user), pk=case_id)

    def _editable_case(self, request, case_id) -> Case:
        if request.method != "POST":
            raise Http404
        case = self._visible_case(request, case_id)
        if not selectors.case_user_may_edit(request.user, case):
            raise PermissionDenied
        return case

    def _back(self, case):
        return HttpResponseRedirect(reverse("admin:cases_case_change", args=[case.pk]))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        case = self._visible_case(request, object_id) if str(object_id).isdigit() else None
        if case is None:
            raise Http404
        if request.method == "GET":
            services.access_log_record(user=request.user, action=AccessLog.Action.VIEW, obj=case)
        extra_context = {**(extra_context or {}), **self._case_page_context(request, case)}
        return super().change_view(request, object_id, form_url, extra_context)

    def _case_page_context(self, request, case):
        identities = selectors.user_may_see_identities(request.user)
        matches, match_total = selectors.repeat_respondent_cases_for(case=case, user=request.user)
        context = {
            "timeline": selectors.case_timeline(case=case),
            "transition_options": services.case_transition_options(case)
            if selectors.case_user_may_edit(request.user, case)
            else [],
            "repeat_matches": matches,
            "repeat_hidden": match_total - len(matches),
            "can_see_identities": identities,
            "case_obj": case,
            "today": timezone.localdate(),
            "stage_target": selectors.stage_target_days(case.status),
            "is_coordinator": selectors.user_is_coordinator(request.user),
            "can_edit_case": selectors.case_user_may_edit(request.user, case),
        }
        if identities:
            context.update(
                {
                    "linked_reports": list(
                        CaseReport.objects.filter(case=case).select_related("report").order_by("linked_at")
                    ),
                    "documents": list(CaseDocument.objects.filter(case=case).select_related("uploaded_by")),
                    "informal_resolutions": list(
                        InformalResolution.objects.filter(case=case).annotate(consent_count=Count("consents"))
                    ),
                    "investigation": Investigation.objects.filter(case=case).first(),
                    "determination": Determination.objects.filter(case=case).first(),
                    "has_signed_complaint": services.case_has_signed_formal_complaint(case),
                    "determination_form": DeterminationForm(),
                    "informal_form": InformalStartForm(),
                }
            )
        return context

    def history_view(self, request, object_id, extra_context=None):
        """The pghistory record of the case and what hangs from it: coordinator only."""
        case = self._visible_case(request, object_id)
        if not request.user.has_perm("cases.view_case_history"):
            raise PermissionDenied
        services.access_log_record(user=request.user, action=AccessLog.Action.HISTORY, obj=case)
        events = pghistory.models.Events.objects.references(case).order_by("-pgh_created_at")[:500]
        access = AccessLog.objects.filter(object_type="cases.case", object_id=str(case.pk)).select_related(
            "user"
        )[:200]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": case,
            "title": _("History of %(case)s") % {"case": case.reference},
            "events": [_describe_event(e) for e in events],
            "access_log": access,
        }
        return TemplateResponse(request, "admin/cases/case/history.html", context)

    def transition_view(self, request, case_id):
        case = self._editable_case(request, case_id)
        to = request.POST.get("to", "")
        if to not in Case.Status.values:
            messages.error(request, _("Choose a status the case can move to."))
            return self._back(case)
        try:
            services.case_transition(
                case=case, to=to, actor=request.user, reason=request.POST.get("reason", "")
            )
        except services.TransitionRefused as refused:
            messages.error(request, _("Not moved: %(why)s") % {"why": refused})
        else:
            messages.success(
                request, _("The case is now “%(status)s”.") % {"status": case.get_status_display()}
            )
        return self._back(case)

    def document_view(self, request, case_id, document_id):
        case = self._visible_case(request, case_id)
        if not selectors.user_may_see_identities(request.user):
            raise Http404
        document = get_object_or_404(CaseDocument, case=case, pk=document_id)
        services.access_log_record(
            user=request.user, action=AccessLog.Action.DOWNLOAD, obj=document, ref=case.reference
        )
        return _download(
            services.case_document_read(document=document), document.filename, document.content_type
        )

    def notice_view(self, request, case_id, measure_id):
        case = self._visible_case(request, case_id)
        if not selectors.user_may_see_identities(request.user):
            raise Http404
        measure = get_object_or_404(
            SupportiveMeasure.objects.select_related("party", "case"), case=case, pk=measure_id
        )
        if request.method == "POST":
            if not selectors.case_user_may_edit(request.user, case):
                raise PermissionDenied
            services.supportive_measure_notice_generate(measure=measure, actor=request.user)
            messages.success(request, _("The written notice was generated again with the current resources."))
            return HttpResponseRedirect(request.path)
        services.access_log_record(
            user=request.user, action=AccessLog.Action.VIEW, obj=measure, ref=case.reference
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": case,
            "measure": measure,
            "title": _("Written notice"),
            "can_edit_case": selectors.case_user_may_edit(request.user, case),
        }
        return TemplateResponse(request, "admin/cases/case/notice.html", context)

    def message_view(self, request, case_id):
        case = self._editable_case(request, case_id)
        link = (
            CaseReport.objects.filter(case=case, report_id=request.POST.get("report") or 0)
            .select_related("report")
            .first()
        )
        if link is None:
            messages.error(request, _("Choose a report of this case."))
            return self._back(case)
        try:
            services.case_reporter_message_send(
                case=case, report=link.report, actor=request.user, body=request.POST.get("body", "")
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Message sent. The reporter reads it with their receipt code."))
        return self._back(case)

    def sign_complaint_view(self, request, case_id):
        case = self._editable_case(request, case_id)
        services.case_formal_complaint_sign(case=case, actor=request.user)
        messages.success(request, _("Recorded: formal complaint signed by the Title IX coordinator."))
        return self._back(case)

    def determination_view(self, request, case_id):
        case = self._editable_case(request, case_id)
        form = DeterminationForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose the outcome and the standard of evidence."))
            return self._back(case)
        try:
            services.determination_record(case=case, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Determination recorded."))
        return self._back(case)

    def informal_view(self, request, case_id):
        case = self._editable_case(request, case_id)
        form = InformalStartForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose the type of informal resolution."))
            return self._back(case)
        informal = services.informal_resolution_save(
            informal=InformalResolution(
                case=case, kind=form.cleaned_data["kind"], started_on=timezone.localdate()
            ),
            actor=request.user,
        )
        messages.success(request, _("Informal resolution recorded: now record each party's written consent."))
        return HttpResponseRedirect(reverse("admin:cases_informalresolution_change", args=[informal.pk]))

    def my_cases_view(self, request):
        return HttpResponseRedirect(reverse("admin:cases_case_changelist") + "?assignee=me&open=yes")


class DeterminationForm(forms.Form):
    outcome = forms.ChoiceField(label=gettext_lazy("outcome"), choices=Determination.Outcome.choices)
    standard_of_evidence = forms.ChoiceField(
        label=gettext_lazy("standard of evidence"), choices=Determination.Standard.choices
    )
    rationale = forms.CharField(
        label=gettext_lazy("rationale"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class InformalStartForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("type"), choices=InformalResolution.Kind.choices)


def _describe_event(event) -> dict:
    """One history row for the coordinator: when, who, what changed (field names only)."""
    context = event.pgh_context if isinstance(event.pgh_context, dict) else {}
    diff = event.pgh_diff or {}
    return {
        "at": event.pgh_created_at,
        "label": event.pgh_label,
        "model": event.pgh_model,
        "object_id": event.pgh_obj_id,
        "user_id": (context or {}).get("user"),
        "url": (context or {}).get("url", ""),
        "fields": sorted(diff.keys()) if isinstance(diff, dict) else [],
    }


def _download(data: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type or "application/octet-stream")
    safe = "".join(ch for ch in filename if ch.isalnum() or ch in "._- ")[:100] or "document"
    response["Content-Disposition"] = f'attachment; filename="{safe}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


# --- Reports: the intake queue and triage -----------------------------------------------


class TriageFilter(admin.SimpleListFilter):
    title = gettext_lazy("triage")
    parameter_name = "triage"

    def lookups(self, request, model_admin):
        return [("queue", _("Intake queue (not in a case)")), ("done", _("In a case"))]

    def queryset(self, request, queryset):
        if self.value() == "queue":
            return queryset.filter(case_link__isnull=True)
        if self.value() == "done":
            return queryset.filter(case_link__isnull=False)
        return queryset


class ReportPartyInline(admin.TabularInline):
    model = ReportParty
    extra = 0
    fields = ["role", "name", "email", "affiliation", "details"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class AddToCaseForm(forms.Form):
    case = forms.ModelChoiceField(label=gettext_lazy("case"), queryset=Case.objects.none())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = (
            selectors.case_visible_queryset(user)
            .exclude(status__in=Case.CLOSED_STATUSES)
            .order_by("-created_at")
        )


def _respondent_match_exists():
    """Annotation for reports: a respondent of the report matches a respondent party of a case."""
    name_match = Party.objects.filter(role=Party.Role.RESPONDENT, name_index=OuterRef("name_index")).exclude(
        name_index=""
    )
    email_match = Party.objects.filter(
        role=Party.Role.RESPONDENT, email_index=OuterRef("email_index")
    ).exclude(email_index="")
    respondents = ReportParty.objects.filter(report=OuterRef("pk"), role="respondent").filter(
        (Exists(name_match) & ~Q(name_index="")) | (Exists(email_match) & ~Q(email_index=""))
    )
    return Exists(respondents)


class ReportChangeList(ChangeList):
    """The intake queue: the repeat-respondent flag is read for the page shown, in one query
    (as an annotation on the whole list it was hashed over every respondent: bench/README.md)."""

    def get_results(self, request):
        super().get_results(request)
        ids = [report.pk for report in self.result_list]
        flagged = set(Report.objects.filter(pk__in=ids).filter(_respondent_match_exists()).values_list("pk", flat=True))
        for report in self.result_list:
            report.repeat_match = report.pk in flagged


@admin.register(Report)
class ReportAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = [
        "reference",
        "kind",
        "category_list",
        "is_title_ix",
        "is_anonymous",
        "created_at",
        "case_column",
        "repeat_flag",
        "status",
    ]
    list_select_related = ["case_link__case"]
    list_filter = [TriageFilter, "kind", "is_title_ix", "status"]
    search_fields = ["=reference"]
    list_per_page = 50
    show_full_result_count = False
    actions = ["open_cases"]
    inlines = [ReportPartyInline]
    change_form_template = "admin/reports/report/change_form.html"
    fields = [
        "reference",
        "kind",
        "status",
        "categories",
        "is_title_ix",
        "protected_bases",
        "relationship",
        "incident_date_precision",
        "incident_date",
        "incident_date_text",
        "location_type",
        "location_detail",
        "narrative",
        "police_contacted",
        "is_anonymous",
        "reporter_name",
        "reporter_email",
        "reporter_phone",
        "reporter_affiliation",
        "wants_follow_up",
        "created_at",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        user = request.user
        if not selectors.user_may_see_identities(user):
            return queryset.none()
        if selectors.user_is_coordinator(user):
            return queryset
        visible_cases = selectors.case_visible_queryset(user)
        q = Q(case_link__case__in=visible_cases)
        if selectors.user_is_intake_staff(user):
            q |= Q(case_link__isnull=True)  # the intake queue is shared by the people who triage
        return queryset.filter(q)

    def get_changelist(self, request, **kwargs):
        return ReportChangeList

    def has_module_permission(self, request):
        return selectors.user_may_see_identities(request.user) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return selectors.user_may_see_identities(request.user) and super().has_view_permission(request, obj)

    def has_add_permission(self, request):
        return False  # reports come from the public forms

    def has_change_permission(self, request, obj=None):
        return False  # a report is what was submitted; staff work on the case

    @admin.display(description=gettext_lazy("categories"))
    def category_list(self, obj):
        return ", ".join(obj.category_labels)

    @admin.display(description=gettext_lazy("case"))
    def case_column(self, obj):
        link = getattr(obj, "case_link", None)
        if link is None:
            return format_html('<span class="intake-queue">{}</span>', _("Intake queue"))
        return link.case.reference

    @admin.display(description=gettext_lazy("repeat respondent"), boolean=True)
    def repeat_flag(self, obj):
        return getattr(obj, "repeat_match", False)

    @admin.action(description=gettext_lazy("Open a case for each selected report"))
    def open_cases(self, request, queryset):
        if not selectors.user_is_intake_staff(request.user):
            raise PermissionDenied
        opened = 0
        for report in queryset.filter(case_link__isnull=True):
            services.case_open_from_report(report=report, actor=request.user)
            opened += 1
        messages.success(request, _("%(n)d case(s) opened.") % {"n": opened})

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<int:report_id>/open-case/", wrap(self.open_case_view), name="reports_report_open_case"),
            path(
                "<int:report_id>/add-to-case/", wrap(self.add_to_case_view), name="reports_report_add_to_case"
            ),
            path(
                "<int:report_id>/attachments/<int:attachment_id>/",
                wrap(self.attachment_view),
                name="reports_report_attachment",
            ),
        ] + super().get_urls()

    def _visible_report(self, request, report_id) -> Report:
        return get_object_or_404(self.get_queryset(request), pk=report_id)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if not str(object_id).isdigit():
            raise Http404
        report = self._visible_report(request, object_id)
        services.access_log_record(user=request.user, action=AccessLog.Action.VIEW, obj=report)
        link = CaseReport.objects.filter(report=report).select_related("case").first()
        extra_context = {
            **(extra_context or {}),
            "case_link": link,
            "can_triage": link is None and selectors.user_is_intake_staff(request.user),
            "add_to_case_form": AddToCaseForm(user=request.user),
            "attachments": list(Attachment.objects.filter(report=report)),
            "report_messages": list(report.messages.select_related("author")),
            "complaint": getattr(report, "formal_complaint", None),
            "referral": getattr(report, "referral", None),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def open_case_view(self, request, report_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        report = self._visible_report(request, report_id)
        try:
            case = services.case_open_from_report(report=report, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return HttpResponseRedirect(reverse("admin:reports_report_change", args=[report.pk]))
        messages.success(
            request,
            _("Case %(ref)s opened from report %(report)s.")
            % {"ref": case.reference, "report": report.reference},
        )
        return HttpResponseRedirect(reverse("admin:cases_case_change", args=[case.pk]))

    def add_to_case_view(self, request, report_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        report = self._visible_report(request, report_id)
        form = AddToCaseForm(request.POST, user=request.user)
        if not form.is_valid():
            messages.error(request, _("Choose an open case you work on."))
            return HttpResponseRedirect(reverse("admin:reports_report_change", args=[report.pk]))
        case = form.cleaned_data["case"]
        try:
            services.case_report_add(case=case, report=report, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return HttpResponseRedirect(reverse("admin:reports_report_change", args=[report.pk]))
        messages.success(
            request,
            _("Report %(report)s added to case %(ref)s.")
            % {"ref": case.reference, "report": report.reference},
        )
        return HttpResponseRedirect(reverse("admin:cases_case_change", args=[case.pk]))

    def attachment_view(self, request, report_id, attachment_id):
        report = self._visible_report(request, report_id)
        attachment = get_object_or_404(Attachment, report=report, pk=attachment_id)
        services.access_log_record(
            user=request.user, action=AccessLog.Action.DOWNLOAD, obj=attachment, ref=report.reference
        )
        from reports.services import attachment_read

        return _download(attachment_read(attachment=attachment), attachment.filename, attachment.content_type)


# --- Audit: read-only, coordinator only ------------------------------------------------


class ReadOnlyAuditAdmin(admin.ModelAdmin):
    def has_module_permission(self, request):
        return selectors.user_is_coordinator(request.user)

    def has_view_permission(self, request, obj=None):
        return selectors.user_is_coordinator(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        return {}


@admin.register(AccessLog)
class AccessLogAdmin(ReadOnlyAuditAdmin):
    list_display = [
        "created_at",
        "user",
        "action",
        "object_type",
        "object_ref",
        "object_id",
        "with_identities",
    ]
    list_select_related = ["user"]
    list_filter = ["action", "object_type", "with_identities"]
    search_fields = ["=object_ref", "=user__username"]
    show_full_result_count = False


@admin.register(PurgeLog)
class PurgeLogAdmin(ReadOnlyAuditAdmin):
    """Retention purges (cases.retention): counts only, for the coordinator."""

    list_display = ["finished_at", "trigger", "cases", "reports", "files", "held_cases", "failures"]
    list_filter = ["trigger"]
    fields = [
        "started_at",
        "finished_at",
        "trigger",
        "cases",
        "reports",
        "files",
        "held_cases",
        "failures",
        "counts",
        "policy",
    ]
    readonly_fields = fields


@admin.register(CaseHistoryEvent)
class HistoryAdmin(ReadOnlyAuditAdmin):
    """Every tracked change (cases, parties, measures, notes, reports...): who and when."""

    list_display = ["pgh_created_at", "pgh_model", "pgh_obj_id", "pgh_label", "changed_fields", "who"]
    list_filter = ["pgh_model", "pgh_label"]
    show_full_result_count = False
    ordering = ["-pgh_created_at"]

    def get_queryset(self, request):
        return CaseHistoryEvent.objects.order_by("-pgh_created_at")

    @admin.display(description=gettext_lazy("fields changed"))
    def changed_fields(self, obj):
        return ", ".join(sorted((obj.pgh_diff or {}).keys()))

    @admin.display(description=gettext_lazy("who"))
    def who(self, obj):
        context = obj.pgh_context if isinstance(obj.pgh_context, dict) else {}
        return context.get("user") or "—"
