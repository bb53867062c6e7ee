"""Informal resolution and the parties' written consent to it."""

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
class InformalResolution(models.Model):
    class Kind(models.TextChoices):
        MEDIATION = "mediation", _("Mediation")
        FACILITATED_DIALOGUE = "facilitated_dialogue", _("Facilitated dialogue")
        OTHER = "other", _("Other")

    class Outcome(models.TextChoices):
        PENDING = "pending", _("In progress")
        RESOLVED = "resolved", _("Resolved by agreement")
        FAILED = "failed", _("Failed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="informal_resolutions", verbose_name=_("case")
    )
    kind = models.CharField(_("type"), max_length=32, choices=Kind.choices)
    agreement_text = EncryptedTextField(_("agreement"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, default=Outcome.PENDING)
    started_on = models.DateField(_("started"), null=True, blank=True)
    # 106.45(b)(9): a party may withdraw before the agreement is signed; after that it binds.
    agreement_signed_on = models.DateField(
        _("agreement signed on"),
        null=True,
        blank=True,
        help_text=_("Once signed, a party can no longer withdraw and resume the formal process."),
    )
    # Where the case was when it went to informal resolution: a withdrawal resumes it there.
    left_off_status = models.CharField(
        _("formal process left off at"), max_length=32, choices=Case.Status.choices, blank=True
    )
    ended_on = models.DateField(_("ended"), null=True, blank=True)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("informal resolution")
        verbose_name_plural = _("informal resolutions")
        ordering = ["case", "created_at", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.get_outcome_display()})"


@pghistory.track()
class ConsentRecord(ConstraintFieldsMixin, models.Model):
    # Each constraint's message beside the field it is about (idhr_portal/constraints.py).
    constraint_fields = {
        "consent_once_per_party": "party",
    }

    """A party's written, voluntary consent to an informal resolution."""

    informal_resolution = models.ForeignKey(
        InformalResolution,
        on_delete=models.CASCADE,
        related_name="consents",
        verbose_name=_("informal resolution"),
    )
    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="consents", verbose_name=_("party")
    )
    consented_on = models.DateField(_("consented on"))
    in_writing = models.BooleanField(_("given in writing"), default=False)
    voluntary = models.BooleanField(_("stated as voluntary"), default=False)
    document = models.ForeignKey(
        CaseDocument,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signed form"),
    )
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )

    class Meta:
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")
        constraints = [
            # One consent per party per informal resolution.
            models.UniqueConstraint(fields=["informal_resolution", "party"], name="consent_once_per_party",
                violation_error_code="consent_once_per_party",
                violation_error_message=_(
                    "This party's consent is already recorded for this informal resolution: change "
                    "that record instead."
                ),
            ),
        ]

    def __str__(self):
        return str(_("Consent of %(party)s") % {"party": self.party})
