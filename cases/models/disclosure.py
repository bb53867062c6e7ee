"""The disclosure log (FERPA 34 CFR 99.32; issue 18, item 5): one row for each time part of
a case's record left the office — an export with identities, a letter delivered, a party's
download in the portal, a case shared with the Bias Response Team, the complete case file.

A row says what (kind, a description that names nobody, the letter or document), to whom
(a label that names nobody, the person's name encrypted), when, why (the basis and any
reason typed) and by whom. Rows are appended by cases.services.disclosure only; the table
is an audit hash chain like the timeline (cases.audit_chain: sealed on insert, UPDATE and
DELETE refused). The letter and document references are kept as plain ids (no database
constraint), so a later change to those rows never needs to touch an audit row.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from idhr_portal.crypto import EncryptedTextField

from .case import Case


class Disclosure(models.Model):
    class Kind(models.TextChoices):
        EXPORT = "export", _("Export with identities")
        LETTER = "letter", _("Letter delivered")
        PORTAL_DOWNLOAD = "portal_download", _("Downloaded in the party portal")
        BRT_SHARE = "brt_share", _("Shared with the Bias Response Team")
        CASE_FILE = "case_file", _("Complete case file")

    class Basis(models.TextChoices):
        PARTY_NOTICE = "party_notice", _("Written notice the process requires the office to give this party")
        PARTY_OWN_COPY = "party_own_copy", _("The party's own copy of a letter released to them")
        EVIDENCE_REVIEW = "evidence_review", _(
            "Evidence and report a party may inspect and respond to (34 CFR 106.45(b)(5)(vi)-(vii))"
        )
        BRT_REVIEW = "brt_review", _("Bias Response Team review of a case the coordinator shared (no identities)")
        COORDINATOR = "coordinator", _("Reason given by the Title IX coordinator")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="disclosures", verbose_name=_("case"))
    kind = models.CharField(_("what"), max_length=20, choices=Kind.choices)
    # What left the office, naming nobody ("Notice of allegations (PDF)").
    description = models.CharField(_("description"), max_length=300)
    letter = models.ForeignKey(
        "Letter",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("letter"),
    )
    document = models.ForeignKey(
        "CaseDocument",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("document"),
    )
    # To whom: a label naming nobody ("Complainant", "Bias Response Team") and, where the
    # recipient is a person, their name (encrypted).
    recipient_label = models.CharField(_("to whom"), max_length=120)
    recipient_name = EncryptedTextField(_("recipient's name"), blank=True, default="")
    basis = models.CharField(_("why"), max_length=20, choices=Basis.choices)
    # A reason typed by the person who disclosed (may name people: encrypted).
    reason = EncryptedTextField(_("reason"), blank=True, default="")
    # By whom: the staff member; none when the recipient took it themselves (a portal download).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("disclosure")
        verbose_name_plural = _("disclosure log")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The case page's disclosure panel: one case's rows, newest first.
            models.Index(fields=["case", "-created_at"], name="disclosure_case_time"),
        ]

    def __str__(self):
        return f"{self.case_id}: {self.get_kind_display()} → {self.recipient_label}"
