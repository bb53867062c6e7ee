"""The people in a case: complainants, respondents, witnesses."""

import pghistory
from django.db import models
from django.utils.translation import gettext_lazy as _

from idhr_portal.crypto import EncryptedTextField

from .case import Affiliation, Case


# Deletes too: a party merged into another or removed while the case is new leaves its
# last state and the context (who, why) in its history (cases.services.party_changes).
@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Party(models.Model):
    class Role(models.TextChoices):
        COMPLAINANT = "complainant", _("Complainant")
        RESPONDENT = "respondent", _("Respondent")
        WITNESS = "witness", _("Witness")
        OTHER = "other", _("Other")
        ADVISOR = "advisor", _("Advisor")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="parties", verbose_name=_("case"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    affiliation = models.CharField(
        _("affiliation"), max_length=20, choices=Affiliation.choices, default=Affiliation.UNKNOWN
    )
    name = EncryptedTextField(_("name"), blank=True)
    email = EncryptedTextField(_("email"), blank=True)
    # Keyed blind indexes (idhr_portal.crypto.blind_index) for repeat-respondent matching.
    name_index = models.CharField(_("name index"), max_length=64, blank=True, editable=False)
    email_index = models.CharField(_("email index"), max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)
    # An advisor (role ADVISOR) advises one complainant or respondent (34 CFR 106.45(b)(5)(iv));
    # at a hearing the office appoints one when a party has none (106.45(b)(6)(i)).
    advises = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="advisors",
        verbose_name=_("advisor of"),
    )
    appointed_by_office = models.BooleanField(_("appointed by the office"), default=False)

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["case", "role", "pk"]
        indexes = [
            # Repeat respondent: respondents in other cases with the same name / email index.
            models.Index(
                fields=["name_index"],
                name="party_respondent_name_idx",
                condition=models.Q(role="respondent") & ~models.Q(name_index=""),
            ),
            models.Index(
                fields=["email_index"],
                name="party_respondent_email_idx",
                condition=models.Q(role="respondent") & ~models.Q(email_index=""),
            ),
        ]

    def __str__(self):
        return f"{self.get_role_display()} ({self.get_affiliation_display()})"
