"""A complete case file being built for the Title IX coordinator (issue 24, item 4).

A large case's file takes a minute or more to make, longer than a request may take: the
coordinator's request is a row here, a Celery task builds the ZIP (cases.services.
case_file_export) and records its progress on the row, the ZIP is kept encrypted in
private media (idhr_portal.crypto.EncryptedFileStore, folder `case_files`) until the
requester downloads it, and deleted then or a day after the request (a beat sweep).
The disclosure and the access-log row are written when the file is downloaded: that is
when it leaves the office.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from idhr_portal.crypto import EncryptedTextField

from .case import Case


class CaseFileExport(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting for its turn")
        BUILDING = "building", _("Being made")
        READY = "ready", _("Ready to download")
        FAILED = "failed", _("Could not be made")
        DOWNLOADED = "downloaded", _("Downloaded (file deleted)")
        EXPIRED = "expired", _("Not downloaded within a day (file deleted)")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="case_file_exports", verbose_name=_("case"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("requested by")
    )
    # Kept for the disclosure written at download (may name people: encrypted).
    reason = EncryptedTextField(_("reason"))
    recipient = EncryptedTextField(_("who will receive it"), blank=True, default="")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    # What the builder is doing now, naming nobody ("Adding document 3 of 30").
    step = models.CharField(_("step"), max_length=200, blank=True)
    stored_name = models.CharField(_("stored file"), max_length=200, blank=True)
    size = models.BigIntegerField(_("size"), null=True, blank=True)
    document_count = models.PositiveIntegerField(_("documents"), default=0)
    error = models.CharField(_("error"), max_length=500, blank=True)
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    downloaded_at = models.DateTimeField(_("downloaded"), null=True, blank=True)

    class Meta:
        verbose_name = _("case file export")
        verbose_name_plural = _("case file exports")
        ordering = ["-requested_at", "-pk"]
        indexes = [
            # The sweep: files still kept (queued, building or ready) past their day.
            models.Index(
                fields=["requested_at"],
                name="casefileexport_kept",
                condition=models.Q(status__in=["queued", "building", "ready"]),
            ),
            # The export page: this person's exports of this case, newest first.
            models.Index(fields=["case", "requested_by", "-requested_at"], name="casefileexport_case_user"),
        ]

    def __str__(self):
        return f"{self.case_id} · {self.get_status_display()} · {self.requested_at:%Y-%m-%d %H:%M}"

    @property
    def finished(self) -> bool:
        return self.status not in (self.Status.QUEUED, self.Status.BUILDING)

    @property
    def filename(self) -> str:
        return f"{self.case.reference}-case-file.zip"
