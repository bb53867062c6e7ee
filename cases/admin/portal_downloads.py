"""Who downloaded what from the party portal, and when (cases.models.PortalDownload):
read-only, for the coordinator, like the access log."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from cases.models import PortalDownload

from .audit import ReadOnlyAuditAdmin


@admin.register(PortalDownload)
class PortalDownloadAdmin(ReadOnlyAuditAdmin):
    list_display = ["downloaded_at", "case_reference", "party_role", "what", "document", "regarding"]
    list_select_related = ["party", "document__case"]
    list_filter = ["what"]
    search_fields = ["=document__case__reference"]
    show_full_result_count = False

    @admin.display(description=_("case"), ordering="document__case__reference")
    def case_reference(self, obj):
        return obj.document.case.reference

    @admin.display(description=_("downloaded by"))
    def party_role(self, obj):
        return obj.party.get_role_display()
