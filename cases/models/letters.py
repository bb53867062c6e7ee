"""Letters to the parties: coordinator-editable, versioned templates and the letters made from them.

A letter keeps the template version it was rendered from (`template`), its rendered HTML
(encrypted) and, once made, its PDF as an encrypted case document. "Sent" records how it
reached the recipient (in person, post, portal) and when. Letters released together (a
determination, an appeal decision or a dismissal goes to both parties at the same moment)
share a `batch`. The rules are in cases.services.letters.
"""

import pghistory
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from idhr_portal.crypto import EncryptedTextField

from .case import Case
from .documents import CaseDocument
from .parties import Party


class LetterKind(models.TextChoices):
    ALLEGATIONS = "allegations", _("Notice of allegations")
    SUPPLEMENTAL_ALLEGATIONS = "supplemental_allegations", _("Supplemental notice of allegations")
    MEETING = "meeting", _("Notice of interview or meeting")
    HEARING = "hearing", _("Notice of hearing")
    DELAY = "delay", _("Notice of delay or extension")
    EVIDENCE_REVIEW = "evidence_review", _("Evidence for review")
    INVESTIGATION_REPORT = "investigation_report", _("Investigation report")
    SUPPORTIVE_MEASURE = "supportive_measure", _("Supportive-measure notice")
    INFORMAL_RESOLUTION = "informal_resolution", _("Informal-resolution notice")
    DISMISSAL = "dismissal", _("Notice of dismissal")
    OUTCOME = "outcome", _("Outcome letter (written determination)")
    APPEAL_FILED = "appeal_filed", _("Notice of appeal")
    APPEAL_OUTCOME = "appeal_outcome", _("Appeal outcome")


@pghistory.track()
class LetterTemplate(models.Model):
    """One version of the template of a kind of letter. The newest version of a kind is current;
    versions are never edited in place (a change is a new version), so a letter can always be
    traced to the text it was made from."""

    kind = models.CharField(_("kind"), max_length=32, choices=LetterKind.choices)
    version = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(
        _("body"),
        help_text=_("Django template language; the letter's context is listed beside the editor."),
    )
    change_note = models.CharField(_("what changed"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("letter template")
        verbose_name_plural = _("letter templates")
        ordering = ["kind", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "version"], name="letter_template_kind_version",
                violation_error_code="letter_template_kind_version",
                violation_error_message=_(
                    "This version of the template was saved already: reload the page to edit the "
                    "latest version."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} v{self.version}"


@pghistory.track()
class Letter(models.Model):
    class Channel(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        POST = "post", _("Post")
        PORTAL = "portal", _("Party portal")

    Kind = LetterKind

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="letters", verbose_name=_("case"))
    kind = models.CharField(_("kind"), max_length=32, choices=LetterKind.choices)
    template = models.ForeignKey(
        LetterTemplate, on_delete=models.PROTECT, related_name="letters", verbose_name=_("template version")
    )
    recipient = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="letters", verbose_name=_("recipient"))
    # What the letter is about, as "app_label.model:pk" (a meeting, a determination, an appeal...).
    regarding = models.CharField(_("regarding"), max_length=64, blank=True)
    # Letters released together (to both parties at once) share a batch.
    batch = models.UUIDField(_("released together as"), null=True, blank=True)
    html = EncryptedTextField(_("letter"))
    document = models.ForeignKey(
        CaseDocument,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("PDF"),
    )
    # Empty for a letter the portal made on a party's action (the notice of an appeal a party filed).
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("prepared by"),
    )
    prepared_at = models.DateTimeField(_("prepared"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    sent_channel = models.CharField(_("sent by"), max_length=16, choices=Channel.choices, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent by (staff)"),
    )

    class Meta:
        verbose_name = _("letter")
        verbose_name_plural = _("letters")
        ordering = ["case", "prepared_at", "pk"]
        indexes = [
            # Guards such as "notice of allegations sent before any interview": EXISTS (case, kind, sent).
            models.Index(fields=["case", "kind"], name="letter_case_kind"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} → {self.recipient.get_role_display()}"

    @property
    def is_sent(self) -> bool:
        return self.sent_at is not None
