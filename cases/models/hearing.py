"""Evidence review, the investigation report and the live hearing (34 CFR 106.45(b)(5)(vi)-(vii), (b)(6)(i)).

An evidence review is the evidence marked directly related to the allegations sent to
both parties and their advisors; each party's written response (or the record that none
came) is an EvidenceResponse. The investigation report is finalised after the review's
window closed and sent to the parties and advisors before the hearing. A hearing has
its date, place or video link, the panel (the case's decision-maker assignments), the
parties' advisors (Party rows with role ADVISOR), its relevance rulings and its
recording or transcript. The rules are in cases.services.hearing and
cases.services.evidence_review.
"""

import pghistory
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from idhr_portal.constraints import ConstraintFieldsMixin
from idhr_portal.crypto import EncryptedTextField

from .case import Case
from .documents import CaseDocument
from .parties import Party


@pghistory.track()
class EvidenceReview(models.Model):
    """The evidence directly related to the allegations, sent to the parties and advisors."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="evidence_reviews", verbose_name=_("case"))
    sent_on = models.DateField(_("sent for review"))
    evidence_count = models.PositiveIntegerField(_("pieces of evidence sent"))
    # The items sent (the letter lists them; the portal offers their files).
    items = models.ManyToManyField(
        "cases.Evidence", blank=True, related_name="+", verbose_name=_("evidence sent")
    )
    # 106.45(b)(5)(vi): evidence is sent "in an electronic format or a hard copy": for an item
    # without a file, how and when the parties and advisors inspect it (stated in the letter).
    inspection_arrangement = EncryptedTextField(_("how to inspect the evidence without a file"), blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("sent by")
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("evidence review")
        verbose_name_plural = _("evidence reviews")
        ordering = ["case", "sent_on", "pk"]

    def __str__(self):
        return str(_("Evidence sent for review on %(date)s") % {"date": self.sent_on})


@pghistory.track()
class EvidenceResponse(ConstraintFieldsMixin, models.Model):
    # Each constraint's message beside the field it is about (idhr_portal/constraints.py).
    constraint_fields = {
        "evidence_response_once_per_party": "party",
    }

    """A party's written response to the evidence, or the record that none was received."""

    review = models.ForeignKey(
        EvidenceReview, on_delete=models.CASCADE, related_name="responses", verbose_name=_("evidence review")
    )
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+", verbose_name=_("party"))
    received_on = models.DateField(_("received"), null=True, blank=True)
    document = models.ForeignKey(
        CaseDocument,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("written response"),
    )
    no_response = models.BooleanField(_("no response received"), default=False)
    # Staff recording it (recorded_by), or the party or their advisor in the portal (submitted_by).
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    submitted_by = models.ForeignKey(
        Party,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted in the portal by"),
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("response to the evidence")
        verbose_name_plural = _("responses to the evidence")
        ordering = ["review", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["review", "party"], name="evidence_response_once_per_party",
                violation_error_code="evidence_response_once_per_party",
                violation_error_message=_(
                    "This party's response to the evidence is already recorded: change that record "
                    "instead."
                ),
            ),
        ]

    def __str__(self):
        if self.no_response:
            return str(_("No response received"))
        return str(_("Response received %(date)s") % {"date": self.received_on})


@pghistory.track()
class InvestigationReport(models.Model):
    """The investigation report, finalised after the evidence review, then sent before the hearing."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="investigation_reports", verbose_name=_("case")
    )
    document = models.ForeignKey(
        CaseDocument, on_delete=models.PROTECT, related_name="+", verbose_name=_("report document")
    )
    finalised_on = models.DateField(_("finalised"))
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("finalised by")
    )
    sent_on = models.DateField(_("sent to the parties and advisors"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent by"),
    )

    class Meta:
        verbose_name = _("investigation report")
        verbose_name_plural = _("investigation reports")
        ordering = ["case", "finalised_on", "pk"]

    def __str__(self):
        return str(_("Investigation report finalised %(date)s") % {"date": self.finalised_on})


@pghistory.track()
class Hearing(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="hearings", verbose_name=_("case"))
    scheduled_at = models.DateTimeField(_("date and time"))
    place = EncryptedTextField(_("place"), blank=True)
    video_link = models.URLField(_("video link"), max_length=500, blank=True)
    separate_rooms = models.BooleanField(
        _("separate rooms requested"),
        default=False,
        help_text=_("At a party's request the parties are in separate rooms, seeing and hearing each other by video."),
    )
    notice_on = models.DateField(_("notice sent"))
    notice_waiver = models.ForeignKey(
        CaseDocument,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("written waiver of the notice period"),
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.SCHEDULED)
    held_at = models.DateTimeField(_("held"), null=True, blank=True)
    recording_or_transcript = models.ForeignKey(
        CaseDocument,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recording or transcript"),
    )
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("scheduled by")
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("hearing")
        verbose_name_plural = _("hearings")
        ordering = ["case", "scheduled_at", "pk"]

    def __str__(self):
        return str(_("Hearing on %(date)s") % {"date": self.scheduled_at.date()})


@pghistory.track()
class RelevanceRuling(models.Model):
    """A decision-maker's ruling on whether a question is relevant, made before it is answered."""

    class Ruling(models.TextChoices):
        RELEVANT = "relevant", _("Relevant: may be answered")
        NOT_RELEVANT = "not_relevant", _("Not relevant: excluded")

    hearing = models.ForeignKey(Hearing, on_delete=models.CASCADE, related_name="rulings", verbose_name=_("hearing"))
    question_summary = EncryptedTextField(_("question (summary)"))
    asked_for = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="+", verbose_name=_("asked on behalf of")
    )
    ruling = models.CharField(_("ruling"), max_length=16, choices=Ruling.choices)
    reason = EncryptedTextField(_("reason"), blank=True)
    ruled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    ruled_at = models.DateTimeField(_("ruled"), auto_now_add=True)

    class Meta:
        verbose_name = _("relevance ruling")
        verbose_name_plural = _("relevance rulings")
        ordering = ["hearing", "ruled_at", "pk"]

    def __str__(self):
        return self.get_ruling_display()
