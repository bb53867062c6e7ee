"""What to do next: "My work" for each staff member, the coordinator's caseload per person,
and the case list's bulk assignment (cases.selectors.work, cases.services.caseload)."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases import selectors, services
from cases.models import StaffWork
from idhr_portal import roles


@admin.register(StaffWork)
class StaffWorkAdmin(admin.ModelAdmin):
    def has_module_permission(self, request):
        return selectors.user_may_see_identities(request.user)

    def has_view_permission(self, request, obj=None):
        return selectors.user_may_see_identities(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("", wrap(self.my_work_view), name="cases_staffwork_changelist"),
            path("caseload/", wrap(self.caseload_view), name="cases_staffwork_caseload"),
        ]

    def _context(self, request, **extra):
        return {**self.admin_site.each_context(request), "opts": self.model._meta, **extra}

    def my_work_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        work = selectors.my_work(user=request.user)
        is_coordinator = selectors.user_is_coordinator(request.user)
        return TemplateResponse(
            request,
            "admin/cases/work/mine.html",
            self._context(request, title=_("My work"), work=work, is_coordinator=is_coordinator),
        )

    def caseload_view(self, request):
        if not selectors.user_is_coordinator(request.user):
            raise PermissionDenied
        return TemplateResponse(
            request,
            "admin/cases/work/caseload.html",
            self._context(request, title=_("Caseload per staff member"), rows=selectors.caseload()),
        )


class BulkAssignForm(forms.Form):
    case_manager = forms.ModelChoiceField(label=gettext_lazy("case manager"), queryset=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case_manager"].queryset = selectors.staff_with_group(roles.CASE_MANAGER)


@admin.action(description=gettext_lazy("Assign a case manager to the selected cases…"), permissions=["assign"])
def assign_case_manager(modeladmin, request, queryset):
    """The case list's bulk assignment: ask for the case manager, then assign (coordinator only)."""
    if not selectors.user_is_coordinator(request.user):
        raise PermissionDenied
    form = BulkAssignForm(request.POST if "apply" in request.POST else None)
    if form.is_bound and form.is_valid():
        try:
            n = services.cases_bulk_assign(
                cases=list(queryset), case_manager=form.cleaned_data["case_manager"], actor=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return None
        messages.success(request, _("%(n)d open case(s) assigned.") % {"n": n})
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "opts": modeladmin.model._meta,
        "title": _("Assign a case manager"),
        "form": form,
        "cases": list(queryset.select_related(None).only("id", "reference", "status").order_by("reference")[:500]),
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/cases/work/assign.html", context)
