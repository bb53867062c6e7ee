"""What to do next: "My work" for each staff member, the coordinator's caseload per person,
and the case list's bulk assignment (cases.selectors.work, cases.services.caseload)."""

import datetime

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseNotAllowed
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.models import CalendarFeed, StaffWork
from cases.selectors.access import staff_with_group, user_is_coordinator, user_may_see_identities
from cases.selectors.calendar import calendar_day_counts, calendar_entries, calendar_weeks
from cases.selectors.work import caseload, my_work
from cases.services.calendar import calendar_feed_create, calendar_feed_revoke
from cases.services.caseload import cases_bulk_assign
from idhr_portal import roles

from .mixins import ReadOnlyAdmin


@admin.register(StaffWork)
class StaffWorkAdmin(ReadOnlyAdmin):
    def may_see(self, user) -> bool:
        return user_may_see_identities(user)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("", wrap(self.my_work_view), name="cases_staffwork_changelist"),
            path("caseload/", wrap(self.caseload_view), name="cases_staffwork_caseload"),
            path("calendar/", wrap(self.calendar_view), name="cases_staffwork_calendar"),
            path("calendar/feed/", wrap(self.calendar_feed_view), name="cases_staffwork_calendar_feed"),
        ]

    def _context(self, request, **extra):
        return {**self.admin_site.each_context(request), "opts": self.model._meta, **extra}

    def my_work_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        work = my_work(user=request.user)
        is_coordinator = user_is_coordinator(request.user)
        return TemplateResponse(
            request,
            "admin/cases/work/mine.html",
            self._context(request, title=_("My work"), work=work, is_coordinator=is_coordinator),
        )

    def caseload_view(self, request):
        if not user_is_coordinator(request.user):
            raise PermissionDenied
        return TemplateResponse(
            request,
            "admin/cases/work/caseload.html",
            self._context(request, title=_("Caseload per staff member"), rows=caseload()),
        )


    # --- the deadline calendar (month and week) and its private iCalendar feed

    @staticmethod
    def _period(request) -> tuple[str, datetime.date, datetime.date]:
        today = timezone.localdate()
        try:
            if request.GET.get("week"):
                day = datetime.date.fromisoformat(request.GET["week"])
                start = day - datetime.timedelta(days=day.weekday())
                return "week", start, start + datetime.timedelta(days=6)
            month = request.GET.get("month") or f"{today:%Y-%m}"
            start = datetime.date.fromisoformat(f"{month}-01")
        except ValueError:
            start = today.replace(day=1)
        end = (start.replace(day=28) + datetime.timedelta(days=4)).replace(day=1) - datetime.timedelta(days=1)
        return "month", start, end

    def calendar_view(self, request, feed_url=""):
        if not self.has_view_permission(request):
            raise PermissionDenied
        view, start, end = self._period(request)
        per_day = 8 if view == "month" else 50
        entries = calendar_entries(user=request.user, start=start, end=end, per_day=per_day)
        counts = calendar_day_counts(user=request.user, start=start, end=end)
        if view == "week":
            previous, following = start - datetime.timedelta(days=7), start + datetime.timedelta(days=7)
            nav = {"previous": f"?week={previous}", "next": f"?week={following}", "other": f"?month={start:%Y-%m}"}
        else:
            previous = (start - datetime.timedelta(days=1)).replace(day=1)
            following = end + datetime.timedelta(days=1)
            today = timezone.localdate()
            week_of = today if start <= today <= end else start
            nav = {"previous": f"?month={previous:%Y-%m}", "next": f"?month={following:%Y-%m}"}
            nav["other"] = f"?week={week_of}"
        context = self._context(
            request,
            title=_("Deadlines: %(period)s") % {"period": f"{start:%Y-%m}" if view == "month" else f"{start} – {end}"},
            view=view, start=start, end=end, nav=nav,
            weeks=calendar_weeks(start, end, entries, per_day=per_day, counts=counts),
            day_names=[_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")],
            has_feed=CalendarFeed.objects.filter(user=request.user).exists(),
            feed_url=feed_url,
        )
        return TemplateResponse(request, "admin/cases/work/calendar.html", context)

    def calendar_feed_view(self, request):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_view_permission(request):
            raise PermissionDenied
        if request.POST.get("do") == "revoke":
            calendar_feed_revoke(user=request.user)
            messages.success(request, _("Calendar feed revoked: its address no longer works."))
            return self.calendar_view(request)
        token = calendar_feed_create(user=request.user)
        url = request.build_absolute_uri(reverse("staff_calendar_feed", args=[token]))
        messages.success(request, _("New calendar feed made; any earlier address no longer works."))
        return self.calendar_view(request, feed_url=url)


class BulkAssignForm(forms.Form):
    case_manager = forms.ModelChoiceField(label=gettext_lazy("case manager"), queryset=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case_manager"].queryset = staff_with_group(roles.CASE_MANAGER)


@admin.action(description=gettext_lazy("Assign a case manager to the selected cases…"), permissions=["assign"])
def assign_case_manager(modeladmin, request, queryset):
    """The case list's bulk assignment: ask for the case manager, then assign (coordinator only)."""
    if not user_is_coordinator(request.user):
        raise PermissionDenied
    form = BulkAssignForm(request.POST if "apply" in request.POST else None)
    if form.is_bound and form.is_valid():
        try:
            n = cases_bulk_assign(
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
