"""The Clery Act classification of a case or report: asked at triage, changed later (issue 17).

Open from the case page or the report with ?case=<id> or ?report=<id>; the Clery
definitions of the conduct (seed 003) are shown beside the choices.
"""

from urllib.parse import urlencode

from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cases.models import Case, CleryClassification
from cases.models.classification import OFFENSE_DEFINITIONS
from cases.selectors.access import case_visible_queryset
from cases.services.classification import clery_classification_save
from idhr_portal.roles import user_is_intake_staff
from reports.models import Report

from .mixins import AuditedAdminMixin, service_call


def classification_context(user, *, case=None, report=None) -> dict:
    """The Clery Act panel of the case page and of triage: the current classification and the
    link to edit it, or the link to classify (intake staff only; one query)."""
    if not user_is_intake_staff(user) or (case is None and report is None):
        return {"can_classify": False}
    target = {"case": case} if case is not None else {"report": report}
    return {
        "can_classify": True,
        "clery_classification": CleryClassification.objects.filter(**target).first(),
        "classify_query": urlencode({key: obj.pk for key, obj in target.items()}),
    }


def _back_to(obj):
    if obj.case_id:
        return reverse("admin:cases_case_change", args=[obj.case_id])
    return reverse("admin:reports_report_change", args=[obj.report_id])


@admin.register(CleryClassification)
class CleryClassificationAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("__str__", "case", "report", "hate_bias", "unfounded", "updated_at")
    list_filter = ("incident_year", "offense", "geography", "student_housing", "unfounded")
    raw_id_fields = ("case", "report")
    readonly_fields = ("unfounded_by", "classified_by", "created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("case", "report")}),
        (
            _("Clery Act crime"),
            {
                "fields": ("offense", "hate_bias", "geography", "student_housing", "incident_year"),
                "description": _(
                    "Choose the crime by the definitions below (34 CFR 668.46, as the policy sets them out)."
                ),
            },
        ),
        (_("Unfounded"), {"fields": ("unfounded", "unfounded_reason", "unfounded_by")}),
        (_("Record"), {"fields": ("classified_by", "created_at", "updated_at")}),
    )

    def has_module_permission(self, request):
        return user_is_intake_staff(request.user)

    def has_view_permission(self, request, obj=None):
        return user_is_intake_staff(request.user)

    def has_add_permission(self, request):
        return user_is_intake_staff(request.user)

    def has_change_permission(self, request, obj=None):
        return user_is_intake_staff(request.user)

    def get_queryset(self, request):
        visible = case_visible_queryset(request.user)
        qs = super().get_queryset(request).select_related("case", "report")
        return qs.filter(case__isnull=True) | qs.filter(case__in=visible)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        case = Case.objects.filter(pk=request.GET.get("case") or 0).first()
        report = Report.objects.filter(pk=request.GET.get("report") or 0).first()
        if case and case.created_at:
            initial.setdefault("incident_year", case.created_at.year)
        elif report:
            initial.setdefault("incident_year", (report.incident_date or report.created_at).year)
        return initial

    def response_add(self, request, obj, post_url_continue=None):
        # Back to the case (or the report at triage) the classification was opened from.
        if "_continue" in request.POST or "_addanother" in request.POST:
            return super().response_add(request, obj, post_url_continue)
        messages.success(request, _("Clery Act classification saved."))
        return HttpResponseRedirect(_back_to(obj))

    def response_change(self, request, obj):
        if "_continue" in request.POST or "_addanother" in request.POST or "_saveasnew" in request.POST:
            return super().response_change(request, obj)
        messages.success(request, _("Clery Act classification saved."))
        return HttpResponseRedirect(_back_to(obj))

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = dict(extra_context or {})
        choices = CleryClassification._meta.get_field("offense").choices
        extra_context["clery_definitions"] = [
            (label, OFFENSE_DEFINITIONS[value]) for value, label in choices if value in OFFENSE_DEFINITIONS
        ]
        return super().changeform_view(request, object_id, form_url, extra_context)

    def service_save(self, request, obj, form, change):
        data = form.cleaned_data
        saved = service_call(
            clery_classification_save,
            form=form,
            actor=request.user,
            instance=obj if change else None,
            case=data.get("case"),
            report=data.get("report"),
            offense=data["offense"],
            hate_bias=data.get("hate_bias") or "",
            geography=data["geography"],
            student_housing=data.get("student_housing") or False,
            incident_year=data["incident_year"],
            unfounded=data.get("unfounded") or False,
            unfounded_reason=data.get("unfounded_reason") or "",
        )
        form.instance = saved
