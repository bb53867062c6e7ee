"""Supportive measures offered to a party while a case is open."""

import pghistory
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from idhr_portal.constraints import ConstraintFieldsMixin
from idhr_portal.crypto import EncryptedTextField

from .case import Case
from .parties import Party


@pghistory.track()
class SupportiveMeasure(ConstraintFieldsMixin, models.Model):
    # Each constraint's message beside the field it is about (idhr_portal/constraints.py).
    constraint_fields = {
        "measure_effective_after_request": "effective_on",
        "measure_ends_after_effect": "ended_on",
    }

    class Kind(models.TextChoices):
        ACADEMIC = "academic_support", _("Academic support")
        HOUSING = "housing_transfer", _("Housing transfer")
        NO_CONTACT = "no_contact_order", _("No-contact order")
        CLASS_SCHEDULE = "class_schedule_change", _("Class schedule change")
        WORK_SCHEDULE = "work_schedule_change", _("Work schedule change")
        TRANSPORTATION = "transportation", _("Transportation")
        COUNSELLING = "counselling_referral", _("Counselling referral")
        OTHER = "other", _("Other")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="measures", verbose_name=_("case"))
    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="measures", verbose_name=_("for party")
    )
    kind = models.CharField(_("type"), max_length=32, choices=Kind.choices)
    details = EncryptedTextField(_("details"), blank=True)
    requested_on = models.DateField(_("requested"))
    effective_on = models.DateField(_("in effect from"), null=True, blank=True)
    ended_on = models.DateField(_("ended"), null=True, blank=True)
    notice_text = EncryptedTextField(_("written notice"), blank=True)
    notice_generated_at = models.DateTimeField(_("notice generated"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("supportive measure")
        verbose_name_plural = _("supportive measures")
        ordering = ["case", "requested_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(effective_on__isnull=True)
                | models.Q(effective_on__gte=models.F("requested_on")),
                name="measure_effective_after_request",
                violation_error_code="measure_effective_after_request",
                violation_error_message=_(
                    "A measure takes effect on or after the day it was requested: the date it took "
                    "effect is before the request."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | (models.Q(effective_on__isnull=False) & models.Q(ended_on__gte=models.F("effective_on"))),
                name="measure_ends_after_effect",
                violation_error_code="measure_ends_after_effect",
                violation_error_message=_(
                    "A measure ends on or after the day it took effect: enter the date it took "
                    "effect, and an end date on or after it."
                ),
            ),
        ]

    def __str__(self):
        return self.get_kind_display()

    @property
    def state_label(self) -> str:
        if self.ended_on:
            return _("Ended")
        if self.effective_on:
            return _("In effect")
        return _("Requested")
