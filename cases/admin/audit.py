"""The audit trail: access log, retention purges and every tracked change; read-only, coordinator only."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.models import AccessLog, CaseHistoryEvent, PurgeLog
from cases.selectors.access import user_is_coordinator
from cases.selectors.access_log import access_log_grouped, access_log_refused

from .mixins import ReadOnlyAdmin


class ReadOnlyAuditAdmin(ReadOnlyAdmin):
    def may_see(self, user) -> bool:
        return user_is_coordinator(user)

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
    # The grouped page links here with one group's rows: who, which reference, which day.
    DETAIL_LOOKUPS = {"user__id__exact", "object_ref__exact", "created_at__date", "action__exact"}

    def lookup_allowed(self, lookup, value, request=None):
        return lookup in self.DETAIL_LOOKUPS or super().lookup_allowed(lookup, value, request)

    def get_urls(self):
        grouped = path(
            "grouped/", self.admin_site.admin_view(self.grouped_view), name="cases_accesslog_grouped"
        )
        return [grouped, *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        """The access log opens on the grouped page; every entry is one click away (`?o=-1`)."""
        if not request.GET and self.has_view_permission(request):
            return HttpResponseRedirect(reverse("admin:cases_accesslog_grouped"))
        return super().changelist_view(request, extra_context)

    def grouped_view(self, request):
        """Reads per person, reference and day, each linked to its entries; refused attempts."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        changelist = reverse("admin:cases_accesslog_changelist")
        groups = access_log_grouped()
        for group in groups:
            group.detail_url = changelist + "?" + urlencode(
                {
                    "user__id__exact": group.user_id,
                    "object_ref__exact": group.ref,
                    "created_at__date": group.day.isoformat(),
                    "action__exact": group.action,
                }
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Access log"),
            "groups": groups,
            "refused": access_log_refused(),
            "every_entry_url": changelist + "?o=-1",
            "refused_url": changelist + "?action__exact=refused",
        }
        return TemplateResponse(request, "admin/cases/accesslog/grouped.html", context)


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

    def get_changelist_instance(self, request):
        """The page's actors by name, read in one query (issue 18: not a numeric id)."""
        changelist = super().get_changelist_instance(request)
        ids = {self._user_id(obj) for obj in changelist.result_list} - {None}
        users = get_user_model().objects.filter(pk__in=ids)
        names = {user.pk: user.get_full_name() or user.get_username() for user in users}
        for obj in changelist.result_list:
            obj.who_name = names.get(self._user_id(obj), "")
        return changelist

    @staticmethod
    def _user_id(obj):
        context = obj.pgh_context if isinstance(obj.pgh_context, dict) else {}
        user = context.get("user")
        return int(user) if str(user).isdigit() else None

    @admin.display(description=gettext_lazy("who"))
    def who(self, obj):
        return getattr(obj, "who_name", "") or "—"
