"""List filters of the case list and the intake queue."""

from django.contrib import admin
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.models import Case
from cases.selectors.access import staff_with_group, user_is_coordinator
from cases.selectors.deadlines import overdue_q
from idhr_portal import roles
from reports.models import Report


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
            return queryset.filter(overdue_q())
        if self.value() == "no":
            return queryset.exclude(overdue_q())
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
        choices = [("me", _("Me (my cases)")), ("none", _("Nobody yet"))]
        if user_is_coordinator(request.user):
            staff = staff_with_group(roles.CASE_MANAGER) | staff_with_group(
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


class TriageFilter(admin.SimpleListFilter):
    title = gettext_lazy("triage")
    parameter_name = "triage"

    def lookups(self, request, model_admin):
        return [("queue", _("Intake queue (not in a case)")), ("done", _("In a case"))]

    def queryset(self, request, queryset):
        # Report.in_case is kept by a trigger of the case link (cases.models.CaseReport): the
        # queue is read through its partial index, not an anti-join over every report.
        if self.value() == "queue":
            return queryset.filter(in_case=False)
        if self.value() == "done":
            return queryset.filter(in_case=True)
        return queryset
