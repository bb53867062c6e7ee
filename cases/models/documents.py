"""Files and notes staff add to a case."""

import pghistory
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from idhr_portal.crypto import EncryptedTextField

from .case import Case


@pghistory.track()
class CaseDocument(models.Model):
    """A file staff attach to a case, encrypted on disk (EncryptedFileStore("cases"))."""

    class Kind(models.TextChoices):
        INVESTIGATOR_REPORT = "investigator_report", _("Investigator's report")
        EVIDENCE = "evidence", _("Evidence")
        CONSENT = "consent", _("Written consent")
        NOTICE = "notice", _("Notice")
        AGREEMENT = "agreement", _("Agreement")
        OTHER = "other", _("Other")
        EVIDENCE_RESPONSE = "evidence_response", _("Written response to the evidence")
        HEARING_RECORD = "hearing_record", _("Hearing recording or transcript")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents", verbose_name=_("case"))
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    filename = EncryptedTextField(_("file name"))
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    stored_name = models.CharField(_("stored as"), max_length=100, editable=False)
    # Staff upload (uploaded_by), or a party in the portal (uploaded_by_party; uploaded_by empty).
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_by_party = models.ForeignKey(
        "Party",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded in the portal by"),
    )
    # An attachment to another document (a party's response or statement and its files).
    attached_to = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
        verbose_name=_("attached to"),
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["case", "uploaded_at", "pk"]
        indexes = [
            # Guard "a determination needs an investigator's report": EXISTS (case, kind).
            models.Index(fields=["case", "kind"], name="casedocument_case_kind"),
        ]

    def __str__(self):
        return self.get_kind_display()

    def get_download_url(self):
        return reverse("admin:cases_case_document", args=[self.case_id, self.pk])


@pghistory.track()
class CaseNote(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes", verbose_name=_("case"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("author")
    )
    body = EncryptedTextField(_("note"))
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        ordering = ["case", "created_at", "pk"]

    def __str__(self):
        return str(_("Note"))
