"""The case list and the case form: who sees which case, list columns, saves through services."""

from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.core.paginator import Paginator
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.models import Appeal, Case, CaseDocument, CaseNote, CaseReport, Party, SupportiveMeasure
from cases.selectors.access import (
    case_user_may_edit,
    case_visible_queryset,
    staff_with_group,
    user_is_brt_only,
    user_is_coordinator,
    user_is_staff_member,
    user_may_see_identities,
)
from cases.selectors.people import case_ids_q, identity_search_enabled, reference_part_q
from cases.selectors.respondents import repeat_respondent_flags
from cases.services.documents import case_document_add, case_note_add
from cases.services.measures import supportive_measure_save
from cases.services.outcomes import appeal_save
from cases.services.parties import party_save
from cases.services.triage import case_update
from idhr_portal import roles

from .case_views import CaseViewsMixin
from .children import AppealInline, CaseDocumentInline, CaseNoteInline, PartyInline, SupportiveMeasureInline
from .filters import AssigneeFilter, CategoryFilter, OverdueFilter, StatusFilter
from .forms import CaseForm
from .mixins import AuditedAdminMixin, form_of, service_call
from .work import assign_case_manager


class CappedCountPaginator(Paginator):
    """Counts a search's matches up to CAP: a common first name matches tens of thousands of
    cases, and counting them all cost more than finding the newest 50 (bench/README.md)."""

    CAP = 1000

    @cached_property
    def count(self):
        n = self.object_list[: self.CAP + 1].count()
        self.capped = n > self.CAP
        return min(n, self.CAP)


class CaseChangeList(ChangeList):
    """The case list: the repeat-respondent flag is read for the page shown, in one query."""

    def get_results(self, request):
        super().get_results(request)
        self.count_capped = getattr(self.paginator, "capped", False)
        flagged = repeat_respondent_flags(case.pk for case in self.result_list)
        for case in self.result_list:
            case.has_repeat_respondent = case.pk in flagged


@admin.register(Case)
class CaseAdmin(CaseViewsMixin, AuditedAdminMixin, admin.ModelAdmin):
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
    search_help_text = gettext_lazy(
        "A case or report reference or its last part (CUCYX), a whole name or whole words of one "
        "(\u201cjordan\u201d finds Jordan Lee; \u201cjor\u201d finds nothing), or an email address."
    )
    BRT_SEARCH_HELP = gettext_lazy("A case or report reference, or its last part (CUCYX).")
    list_per_page = 50
    show_full_result_count = False
    actions = ["export_csv", assign_case_manager]
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
        return case_visible_queryset(request.user, super().get_queryset(request))

    def get_changelist(self, request, **kwargs):
        return CaseChangeList

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        if request.GET.get("q", "").strip():
            return CappedCountPaginator(queryset, per_page, orphans, allow_empty_first_page)
        return super().get_paginator(request, queryset, per_page, orphans, allow_empty_first_page)

    def get_search_results(self, request, queryset, search_term):
        """A case or report reference, matched exactly through the unique indexes.

        References are upper case; Django's "=field" search compares UPPER(column),
        which no index serves, and joins every case to every report (bench/README.md).
        """
        term = search_term.strip().upper()
        if not term:
            return queryset, False
        linked = CaseReport.objects.filter(report__reference=term).values("case_id")
        q = Q(reference=term) | Q(pk__in=linked)
        # A part of a reference ("CUCYX"), and a person's name words or email (blind indexes;
        # never for the Bias Response Team): cases.selectors.people.
        partial = reference_part_q(term)
        if partial is not None:
            q |= partial
        if identity_search_enabled(request.user):
            q |= case_ids_q(search_term, request.user)
        return queryset.filter(q), False

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        changelist.can_find_people = identity_search_enabled(request.user)
        changelist.search_help_text = self.search_help_text if changelist.can_find_people else self.BRT_SEARCH_HELP
        return changelist

    def has_module_permission(self, request):
        return user_is_staff_member(request.user) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        if not user_is_staff_member(request.user):
            return False
        return super().has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        if user_is_brt_only(request.user):
            return False
        if obj is not None and not case_user_may_edit(request.user, obj):
            return False
        return super().has_change_permission(request, obj)

    def has_add_permission(self, request):
        return False  # a case is opened from a report (triage)

    def has_assign_permission(self, request):
        return user_is_coordinator(request.user)  # the bulk assignment action (admin/work.py)

    def get_fieldsets(self, request, obj=None):
        if not user_may_see_identities(request.user):
            return [(None, {"fields": self.BRT_FIELDS})]
        return self.fieldsets

    def get_readonly_fields(self, request, obj=None):
        readonly = ["reference", "status", "pathway", "categories", "due_on", "is_title_ix"]
        if not user_is_coordinator(request.user):
            readonly += ["case_manager", "investigator", "shared_with_brt", "legal_hold", "legal_hold_reason"]
        return readonly

    def get_inline_instances(self, request, obj=None):
        if obj is None:
            return []
        if not user_may_see_identities(request.user):
            return [PartyInline(self.model, self.admin_site)]
        return super().get_inline_instances(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "case_manager":
            kwargs["queryset"] = staff_with_group(roles.CASE_MANAGER)
        if db_field.name == "investigator":
            kwargs["queryset"] = staff_with_group(roles.INVESTIGATOR)
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

    # --- saving through services (a refusal is shown on the form: mixins.service_call)
    def service_save(self, request, obj, form, change):
        service_call(case_update, form=form, case=obj, actor=request.user, changed=form.changed_data)

    def save_formset(self, request, form, formset, change):
        case = form.instance
        if formset.model is CaseDocument:
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
            for doc_form in formset.forms:
                upload = doc_form.cleaned_data.get("upload") if doc_form.has_changed() else None
                if upload:
                    service_call(
                        case_document_add,
                        form=doc_form,
                        case=case,
                        kind=doc_form.cleaned_data["kind"],
                        filename=upload.name,
                        content_type=upload.content_type or "",
                        data=upload.read(),
                        actor=request.user,
                    )
            return
        for obj in formset.save(commit=False):
            row = form_of(formset, obj)
            if isinstance(obj, Party):
                service_call(party_save, form=row, party=obj, actor=request.user)
            elif isinstance(obj, SupportiveMeasure):
                service_call(supportive_measure_save, form=row, measure=obj, actor=request.user)
            elif isinstance(obj, CaseNote):
                if obj.pk is None:
                    service_call(
                        case_note_add, form=row, case=case, author=request.user, body=obj.body
                    )
            elif isinstance(obj, Appeal):
                service_call(appeal_save, form=row, appeal=obj, actor=request.user)
