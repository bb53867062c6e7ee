"""Interviews and meetings a party is invited to, each announced by a written notice.

34 CFR 106.45(b)(5)(v): a party invited to an interview, meeting or hearing gets
written notice of its date, time, place, participants and purpose, with enough time
to prepare. The office's minimum is settings.PROCESS_MEETING_NOTICE_DAYS; a shorter
notice needs the party's waiver in writing, kept as a case document. The rules are
in cases.services.meetings.
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
class Meeting(ConstraintFieldsMixin, models.Model):
    # Each constraint's message beside the field it is about (idhr_portal/constraints.py).
    constraint_fields = {
        "meeting_waiver_has_document": "waiver_document",
    }

    class Kind(models.TextChoices):
        INTERVIEW = "interview", _("Interview")
        MEETING = "meeting", _("Meeting")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("case"))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("party invited")
    )
    starts_at = models.DateTimeField(_("date and time"))
    place = EncryptedTextField(_("place"), help_text=_("A room, or how to join a video call."))
    participants = EncryptedTextField(_("participants"), help_text=_("Everyone who will take part."))
    purpose = EncryptedTextField(_("purpose"))
    # A notice shorter than PROCESS_MEETING_NOTICE_DAYS: the party's written waiver.
    short_notice_waived = models.BooleanField(_("party waived the notice period in writing"), default=False)
    waiver_document = models.ForeignKey(
        CaseDocument,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("written waiver"),
    )
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("scheduled by")
    )
    scheduled_at = models.DateTimeField(_("scheduled"), auto_now_add=True)

    class Meta:
        verbose_name = _("interview or meeting")
        verbose_name_plural = _("interviews and meetings")
        ordering = ["case", "starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(short_notice_waived=False) | models.Q(waiver_document__isnull=False),
                name="meeting_waiver_has_document",
                violation_error_code="meeting_waiver_has_document",
                violation_error_message=_(
                    "A waived notice period needs the party's written waiver: choose the "
                    "document."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.starts_at:%Y-%m-%d %H:%M}"
