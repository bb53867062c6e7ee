"""Outcomes of a formal process: determination, sanctions, appeals."""

import pghistory
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from idhr_portal.crypto import EncryptedTextField

from .case import Case
from .parties import Party


@pghistory.track()
class Determination(models.Model):
    class Outcome(models.TextChoices):
        RESPONSIBLE = "responsible", _("Responsible")
        NOT_RESPONSIBLE = "not_responsible", _("Not responsible")

    class Standard(models.TextChoices):
        PREPONDERANCE = "preponderance", _("Preponderance of the evidence")
        CLEAR_AND_CONVINCING = "clear_and_convincing", _("Clear and convincing evidence")

    case = models.OneToOneField(
        Case, on_delete=models.CASCADE, related_name="determination", verbose_name=_("case")
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    standard_of_evidence = models.CharField(
        _("standard of evidence"), max_length=24, choices=Standard.choices, default=Standard.PREPONDERANCE
    )
    rationale = EncryptedTextField(_("rationale"), blank=True)
    decided_on = models.DateField(_("decided"))
    appeal_deadline = models.DateField(_("appeal deadline"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )

    class Meta:
        verbose_name = _("determination")
        verbose_name_plural = _("determinations")

    def __str__(self):
        return self.get_outcome_display()


@pghistory.track()
class Sanction(models.Model):
    class Kind(models.TextChoices):
        WARNING = "warning", _("Warning")
        PROBATION = "probation", _("Probation")
        SUSPENSION = "suspension", _("Suspension")
        EXPULSION = "expulsion", _("Expulsion")
        DEGREE_REVOCATION = "degree_revocation", _("Degree revocation")

    determination = models.ForeignKey(
        Determination, on_delete=models.CASCADE, related_name="sanctions", verbose_name=_("determination")
    )
    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="sanctions", verbose_name=_("respondent")
    )
    kind = models.CharField(_("sanction"), max_length=24, choices=Kind.choices)
    details = EncryptedTextField(_("details"), blank=True)
    effective_on = models.DateField(_("effective"), null=True, blank=True)

    class Meta:
        verbose_name = _("sanction")
        verbose_name_plural = _("sanctions")

    def __str__(self):
        return self.get_kind_display()


@pghistory.track()
class Appeal(models.Model):
    class Decision(models.TextChoices):
        PENDING = "pending", _("Pending")
        UPHELD = "upheld", _("Determination upheld")
        MODIFIED = "modified", _("Determination modified")
        OVERTURNED = "overturned", _("Determination overturned")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="appeals", verbose_name=_("case"))
    filed_by = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="+", verbose_name=_("filed by")
    )
    filed_on = models.DateField(_("filed"))
    grounds = EncryptedTextField(_("grounds"), blank=True)
    decision = models.CharField(
        _("decision"), max_length=16, choices=Decision.choices, default=Decision.PENDING
    )
    decided_on = models.DateField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        ordering = ["case", "filed_on", "pk"]

    def __str__(self):
        return self.get_decision_display()
