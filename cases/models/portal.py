"""The party portal: invitations of named parties, their one-time codes, and what happened
to each letter published there (read receipts).

Only hashes of the invitation token and of the one-time code are stored (HMAC under the
portal's key), so a copy of the database opens nothing. The rules are in
cases.services.portal; the pages in cases.portal.
"""

import pghistory
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .letters import Letter
from .parties import Party


class PartyInvitation(models.Model):
    """One invitation link sent to a party: single use, expires; opening it sends a one-time code."""

    party = models.ForeignKey(
        Party, on_delete=models.CASCADE, related_name="portal_invitations", verbose_name=_("party")
    )
    token_hash = models.CharField(_("link hash"), max_length=64, unique=True, editable=False)
    # Empty when a party's action in the portal sent the link (a notice of an appeal they filed).
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("invited"), auto_now_add=True)
    expires_at = models.DateTimeField(_("link expires"))
    used_at = models.DateTimeField(_("link used"), null=True, blank=True)
    code_hash = models.CharField(_("code hash"), max_length=64, blank=True, editable=False)
    code_expires_at = models.DateTimeField(_("code expires"), null=True, blank=True)
    code_attempts = models.PositiveSmallIntegerField(_("code attempts"), default=0)
    signed_in_at = models.DateTimeField(_("signed in"), null=True, blank=True)

    class Meta:
        verbose_name = _("portal invitation")
        verbose_name_plural = _("portal invitations")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.party.get_role_display()} · {self.created_at:%Y-%m-%d}"


@pghistory.track()
class LetterReceipt(models.Model):
    """What happened to a letter published in the portal: when its recipient first opened
    it and first downloaded its PDF. Published at is the letter's `sent_at`; the notice
    email's acceptance by the SMTP server is its outbox row's `sent_at`."""

    letter = models.OneToOneField(
        Letter, on_delete=models.CASCADE, related_name="receipt", verbose_name=_("letter")
    )
    notice_id = models.PositiveBigIntegerField(_("notice email (outbox row)"), null=True, blank=True)
    first_opened_at = models.DateTimeField(_("first opened"), null=True, blank=True)
    downloaded_at = models.DateTimeField(_("first downloaded"), null=True, blank=True)

    class Meta:
        verbose_name = _("letter receipt")
        verbose_name_plural = _("letter receipts")

    def __str__(self):
        return str(self.letter)
