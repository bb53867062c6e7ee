"""Finding people without decrypting them: keyed blind indexes of every identity.

One row per searchable value of one person's identity: each folded word of their
name ("token"), their whole normalised name ("name") and their normalised email
address ("email"), as HMAC-SHA256 under BLIND_INDEX_KEY (idhr_portal.crypto). The
people indexed ("holders"): the parties of a case, the people named in a report, a
named reporter and the impacted person of a referral.

Someone holding the database without the key learns only which rows share a
value (docs/deployment.md, "Privacy"). The rows are derived data: written by
cases.services.people on every save (cases/receivers.py) and rebuilt by
`rotate_blind_index_key`.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from reports.models import Report, ReportParty

from .case import Case
from .parties import Party


class IdentityToken(models.Model):
    class Kind(models.TextChoices):
        TOKEN = "token", _("word of a name")
        NAME = "name", _("full name")
        EMAIL = "email", _("email address")

    class Subject(models.TextChoices):
        PARTY = "party", _("party of a case")
        REPORT_PARTY = "report_party", _("person named in a report")
        REPORTER = "reporter", _("reporter")
        IMPACTED = "impacted", _("impacted person (referral)")

    digest = models.CharField(_("keyed hash"), max_length=64)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    subject = models.CharField(_("who"), max_length=16, choices=Subject.choices)
    # "<subject>:<pk>" (party:12, report_party:7, reporter:5, impacted:5): one person's rows.
    holder = models.CharField(_("holder"), max_length=40)
    party = models.ForeignKey(
        Party, on_delete=models.CASCADE, null=True, blank=True, related_name="identity_tokens", verbose_name=_("party")
    )
    # The party's case, copied (a party never changes case): search goes from hash to case in one index.
    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("case")
    )
    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("report")
    )
    report_party = models.ForeignKey(
        ReportParty, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("named person")
    )

    class Meta:
        verbose_name = _("identity blind index")
        verbose_name_plural = _("identity blind indexes")
        indexes = [
            # Search and the person page: "every holder (case, report) with this keyed hash",
            # read from the index alone (an index-only scan: 7 ms for a first name 45,000
            # people share, 270 ms through the table; bench/README.md).
            models.Index(fields=["digest", "holder"], include=["case", "report"], name="identitytoken_digest"),
        ]
        constraints = [
            # Also the index of "this holder's rows" (sync, multi-word search).
            models.UniqueConstraint(fields=["holder", "digest"], name="identitytoken_holder_digest",
                violation_error_code="identitytoken_holder_digest",
                violation_error_message=_("This identity is already recorded for this person."),
            ),
            models.CheckConstraint(
                condition=(models.Q(party__isnull=False) & models.Q(case__isnull=False) & models.Q(report__isnull=True))
                | (models.Q(party__isnull=True) & models.Q(report__isnull=False)),
                name="identitytoken_party_or_report",
                violation_error_code="identitytoken_party_or_report",
                violation_error_message=_("An identity belongs either to a party of a case or to a report."),
            ),
        ]

    def __str__(self):
        return f"{self.holder} {self.kind}"


class Person(IdentityToken):
    """The people search and the person page in the admin (no table of its own)."""

    class Meta:
        proxy = True
        verbose_name = _("person")
        verbose_name_plural = _("people")


class StaffWork(Case):
    """The "My work" and caseload pages in the admin (no table of its own)."""

    class Meta:
        proxy = True
        verbose_name = _("my work")
        verbose_name_plural = _("my work")
