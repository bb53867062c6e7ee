"""Every file a party downloaded from the portal: who, which document, when (issue 15,
item 4). The PDF they got carried their name and this time as a watermark."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .documents import CaseDocument
from .parties import Party


class PortalDownload(models.Model):
    class What(models.TextChoices):
        EVIDENCE = "evidence", _("Evidence shared for review")
        REPORT = "report", _("Investigation report")
        APPEAL_STATEMENT = "appeal_statement", _("Written statement on an appeal")

    # The log goes with the case (retention purge): CASCADE from the party and the document.
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="+", verbose_name=_("downloaded by"))
    document = models.ForeignKey(
        CaseDocument, on_delete=models.CASCADE, related_name="portal_downloads", verbose_name=_("document")
    )
    what = models.CharField(_("what"), max_length=16, choices=What.choices)
    # The evidence review or report it was shared under, as "app_label.model:pk".
    regarding = models.CharField(_("regarding"), max_length=64, blank=True)
    downloaded_at = models.DateTimeField(_("downloaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("portal download")
        verbose_name_plural = _("portal downloads")
        ordering = ["-downloaded_at", "-pk"]
        indexes = [
            # "Who downloaded this document, when" (case page, audit).
            models.Index(fields=["document", "downloaded_at"], name="portaldownload_document"),
        ]

    def __str__(self):
        return f"{self.party_id} · {self.document_id} · {self.downloaded_at:%Y-%m-%d %H:%M}"
