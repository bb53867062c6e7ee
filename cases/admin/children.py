"""Records that hang from a case: the case page's inlines and the child records' own pages.

Existing parties and supportive measures are a read-only table on the case page with an
"edit" link to each row's own page (PartyAdmin, SupportiveMeasureAdmin); the case page's
inlines only add new rows. Party and document choices are this case's (mixins.scope_choices_to_case).
"""

from django import forms
from django.contrib import admin
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cases.models import (
    Appeal,
    Case,
    CaseDocument,
    CaseNote,
    ConsentRecord,
    Determination,
    Evidence,
    Finding,
    InformalResolution,
    Interview,
    Investigation,
    Party,
    Sanction,
    SanctionOption,
    SupportiveMeasure,
)
from cases.selectors.access import user_may_see_identities
from cases.services.informal import consent_record_save, informal_resolution_save
from cases.services.investigation import evidence_save, interview_save, investigation_save
from cases.services.measures import supportive_measure_save
from cases.services.outcomes import sanction_add
from cases.services.parties import party_save
from idhr_portal.crypto import EncryptedTextField

from .forms import DocumentForm
from .mixins import CaseChildAdmin, CaseScopedInlineMixin, ServiceRefused, form_of, service_call


class CaseRowAdmin(CaseChildAdmin):
    """The own page of a row of the case page: reached by its "edit" link, back to the case after."""

    def has_module_permission(self, request):
        return False  # listed on the case page, not on the admin index

    def has_add_permission(self, request):
        return False  # added on the case page

    def get_readonly_fields(self, request, obj=None):
        return ["case"]

    def response_post_save_change(self, request, obj):
        return HttpResponseRedirect(reverse("admin:cases_case_change", args=[obj.case_id]))


# --- Inlines of the case page -----------------------------------------------------------------


class AddOnlyInline(admin.TabularInline):
    """Adds rows; the existing ones are a plain read-only table above it (its `template`),
    each with an "edit" link to the row's own page (PartyAdmin, SupportiveMeasureAdmin)."""

    extra = 0
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).none()  # the rows shown come from the case page context

    def has_change_permission(self, request, obj=None):
        return False


class PartyInline(AddOnlyInline):
    model = Party
    template = "admin/cases/case/edit_inline/parties.html"
    verbose_name_plural = _("Add parties")  # the heading of the add rows, below the table of parties
    formfield_overrides = {EncryptedTextField: {"widget": forms.TextInput(attrs={"size": 30})}}
    fields = ["role", "affiliation", "name", "email"]

    def has_add_permission(self, request, obj=None):
        return user_may_see_identities(request.user) and super().has_add_permission(request, obj)


class SupportiveMeasureInline(CaseScopedInlineMixin, AddOnlyInline):
    model = SupportiveMeasure
    template = "admin/cases/case/edit_inline/measures.html"
    verbose_name_plural = _("Add supportive measures")
    fields = ["party", "kind", "requested_on", "effective_on", "ended_on", "details"]

    def has_add_permission(self, request, obj=None):
        return bool(obj and obj.is_open) and super().has_add_permission(request, obj)


class CaseNoteInline(admin.StackedInline):
    model = CaseNote
    extra = 0
    fields = ["body", "author", "created_at"]
    readonly_fields = ["author", "created_at"]

    def has_change_permission(self, request, obj=None):
        return False  # notes are a record: written once, never edited

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author")


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
    fields = ["filed_by", "filed_on", "basis", "grounds", "decision", "decided_on"]
    # Decided by the appeal decision-maker with a rationale (the case page's form), not here.
    readonly_fields = ["decision", "decided_on"]
    party_roles = (Party.Role.COMPLAINANT, Party.Role.RESPONDENT)

    def has_add_permission(self, request, obj=None):
        return bool(obj and obj.status == Case.Status.APPEAL_WINDOW) and super().has_add_permission(
            request, obj
        )


# --- A party's and a measure's own page (the "edit" links) -------------------------------------


@admin.register(Party)
class PartyAdmin(CaseRowAdmin):
    list_display = ["case", "role", "affiliation"]
    list_select_related = ["case"]
    fields = ["case", "role", "affiliation", "name", "email", "advises", "appointed_by_office"]
    formfield_overrides = {EncryptedTextField: {"widget": forms.TextInput(attrs={"size": 40})}}

    def service_save(self, request, obj, form, change):
        service_call(party_save, form=form, party=obj, actor=request.user)


@admin.register(SupportiveMeasure)
class SupportiveMeasureAdmin(CaseRowAdmin):
    list_display = ["case", "kind", "requested_on", "effective_on", "ended_on"]
    list_select_related = ["case"]
    fields = ["case", "party", "kind", "requested_on", "effective_on", "ended_on", "details"]

    def service_save(self, request, obj, form, change):
        service_call(supportive_measure_save, form=form, measure=obj, actor=request.user)


# --- Informal resolution, investigation, determination --------------------------------------------


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
    fields = [
        "case",
        "kind",
        "started_on",
        "outcome",
        "ended_on",
        "agreement_text",
        "agreement_signed_on",
        "left_off_status",
    ]
    inlines = [ConsentInline]

    def get_readonly_fields(self, request, obj=None):
        # Where the formal process left off is recorded by the move to informal resolution.
        return ["case", "left_off_status"] if obj else ["left_off_status"]

    def save_related(self, request, form, formsets, change):
        """Choosing "Resolved by agreement": the consents (with their signed forms) typed in the
        same save are saved first, so the service checks them (106.45(b)(9)(ii))."""
        resolving = change and form.cleaned_data.get("outcome") == InformalResolution.Outcome.RESOLVED
        if not resolving or form.initial.get("outcome") == InformalResolution.Outcome.RESOLVED:
            return super().save_related(request, form, formsets, change)
        try:
            for formset in formsets:
                self.save_formset(request, form, formset, change=change)
            self.service_save(request, form.instance, form, change)
            form.save_m2m()
        except ServiceRefused as refused:
            refused.form, refused.formsets = form, formsets
            raise

    def service_save(self, request, obj, form, change):
        service_call(informal_resolution_save, form=form, informal=obj, actor=request.user)

    def save_formset(self, request, form, formset, change):
        for consent in formset.save(commit=False):
            service_call(
                consent_record_save, form=form_of(formset, consent), consent=consent, actor=request.user
            )


class InterviewInline(CaseScopedInlineMixin, admin.TabularInline):
    model = Interview
    extra = 0
    fields = ["party", "interviewed_on", "summary"]


class EvidenceInline(CaseScopedInlineMixin, admin.TabularInline):
    model = Evidence
    extra = 0
    fields = ["received_on", "description", "document", "directly_related"]


@admin.register(Investigation)
class InvestigationAdmin(CaseChildAdmin):
    list_display = ["case", "investigator", "notice_of_allegations_on", "started_on"]
    list_select_related = ["case", "investigator"]
    fields = ["case", "investigator", "started_on", "notice_of_allegations_on", "report_document"]
    readonly_fields = ["case", "investigator"]
    inlines = [InterviewInline, EvidenceInline]

    def has_add_permission(self, request):
        return False  # an investigation opens when the case moves to formal investigation

    def service_save(self, request, obj, form, change):
        service_call(investigation_save, form=form, investigation=obj, actor=request.user)

    def save_formset(self, request, form, formset, change):
        service = interview_save if formset.model is Interview else evidence_save
        key = "interview" if formset.model is Interview else "evidence"
        for item in formset.save(commit=False):
            service_call(service, form=form_of(formset, item), **{key: item, "actor": request.user})


class SanctionFormSet(forms.BaseInlineFormSet):
    @classmethod
    def get_default_prefix(cls):
        return "sanctions"  # the related name is sanction_rows (determination.sanctions is a list)


class SanctionInline(CaseScopedInlineMixin, admin.TabularInline):
    """Sanctions are the decision-maker's (cases.services.outcomes.sanction_add): existing rows read only."""

    model = Sanction
    formset = SanctionFormSet
    extra = 0
    fields = ["party", "kind", "effective_on", "details"]
    party_roles = (Party.Role.RESPONDENT,)

    def get_readonly_fields(self, request, obj=None):
        return []

    def has_change_permission(self, request, obj=None):
        return False

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "kind":
            options = SanctionOption.objects.filter(active=True).order_by("respondent", "order")
            return forms.ChoiceField(label=db_field.verbose_name, choices=[(o.code, o.label) for o in options])
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class FindingInline(admin.TabularInline):
    model = Finding
    extra = 0
    fields = ["allegation", "findings_of_fact", "policy_provision", "result", "rationale"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False  # the decision-maker records findings on the case page

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Determination)
class DeterminationAdmin(CaseChildAdmin):
    list_display = ["case", "outcome", "standard_of_evidence", "decided_on", "appeal_deadline"]
    list_select_related = ["case"]
    fields = [
        "case",
        "outcome",
        "standard_of_evidence",
        "decided_on",
        "decided_by",
        "rationale",
        "remedies_provided",
        "remedies_description",
        "released_at",
        "appeal_deadline",
    ]
    readonly_fields = fields
    inlines = [FindingInline, SanctionInline]

    def has_add_permission(self, request):
        return False  # recorded from the case page (determination form) through the service

    def save_formset(self, request, form, formset, change):
        if formset.model is not Sanction:
            return
        for sanction in formset.save(commit=False):
            if sanction.pk:
                continue  # existing sanctions are read only
            service_call(
                sanction_add,
                form=form_of(formset, sanction),
                determination=form.instance,
                party=sanction.party,
                kind=sanction.kind,
                details=sanction.details,
                effective_on=sanction.effective_on,
                actor=request.user,
            )
