"""The audit trail: access log, retention purges and every tracked change; read-only, coordinator only."""

from django.contrib import admin
from django.utils.translation import gettext_lazy

from cases import selectors
from cases.models import AccessLog, CaseHistoryEvent, PurgeLog


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
