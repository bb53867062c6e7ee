"""The formal investigation: its interviews and evidence."""

import pghistory
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from idhr_portal.crypto import EncryptedTextField

from .case import Case
from .documents import CaseDocument
from .parties import Party


@pghistory.track()
class Investigation(models.Model):
    case = models.OneToOneField(
        Case, on_delete=models.CASCADE, related_name="investigation", verbose_name=_("case")
    )
    investigator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("investigator"),
    )
    notice_of_allegations_on = models.DateField(_("notice of allegations sent"), null=True, blank=True)
    started_on = models.DateField(_("started"), null=True, blank=True)
    report_document = models.ForeignKey(
        CaseDocument,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("investigator's report"),
    )

    class Meta:
        verbose_name = _("investigation")
        verbose_name_plural = _("investigations")

    def __str__(self):
        return str(_("Investigation of %(case)s") % {"case": self.case_id})


@pghistory.track()
class Interview(models.Model):
    investigation = models.ForeignKey(
        Investigation, on_delete=models.CASCADE, related_name="interviews", verbose_name=_("investigation")
    )
    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("party")
    )
    interviewed_on = models.DateField(_("date"))
    summary = EncryptedTextField(_("summary"), blank=True)

    class Meta:
        verbose_name = _("interview")
        verbose_name_plural = _("interviews")
        ordering = ["investigation", "interviewed_on", "pk"]

    def __str__(self):
        return str(_("Interview on %(date)s") % {"date": self.interviewed_on})


@pghistory.track()
class Evidence(models.Model):
    investigation = models.ForeignKey(
        Investigation, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("investigation")
    )
    description = EncryptedTextField(_("description"))
    document = models.ForeignKey(
        CaseDocument,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("document"),
    )
    received_on = models.DateField(_("received"))
    # 34 CFR 106.45(b)(5)(vi): the evidence directly related to the allegations goes to both parties.
    directly_related = models.BooleanField(_("directly related to the allegations"), default=False)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["investigation", "received_on", "pk"]

    def __str__(self):
        return str(_("Evidence received %(date)s") % {"date": self.received_on})
