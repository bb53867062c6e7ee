"""A party's own way back into the portal, and the messages between a party and IDHR.

PortalAccount: the password a returning party set (Django's hash, never the password;
they sign in with the address the office has for them, matched by Party.email_index, the
blind index that key rotation keeps current), and the session generation: every portal
session carries the generation it was opened under; "sign out everywhere" raises it, so
every older session of that party ends on its next request.

PortalMessage: one thread per party (a party never sees another's); the body is
encrypted at rest like reporter messages; `read_at` is when the other side first read it
(staff for a party's message, the party for the office's). The rules are in
cases.services.portal_messages and cases.services.portal_account.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from idhr_portal.crypto import EncryptedTextField

from .case import Case
from .parties import Party


class PortalAccount(models.Model):
    party = models.OneToOneField(
        Party, on_delete=models.CASCADE, related_name="portal_account", verbose_name=_("party")
    )
    password = models.CharField(_("password hash"), max_length=128, blank=True, editable=False)
    password_set_at = models.DateTimeField(_("password set"), null=True, blank=True)
    session_generation = models.PositiveIntegerField(_("session generation"), default=0)
    signed_out_everywhere_at = models.DateTimeField(_("signed out everywhere"), null=True, blank=True)

    class Meta:
        verbose_name = _("portal account")
        verbose_name_plural = _("portal accounts")

    def __str__(self):
        return str(self.party)


class PortalMessage(models.Model):
    class Direction(models.TextChoices):
        FROM_PARTY = "from_party", _("From the party")
        FROM_STAFF = "from_staff", _("From IDHR")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="portal_messages", verbose_name=_("case"))
    # The thread: the party (complainant, respondent or advisor) the office writes with.
    party = models.ForeignKey(
        Party, on_delete=models.CASCADE, related_name="portal_messages", verbose_name=_("party")
    )
    direction = models.CharField(_("direction"), max_length=16, choices=Direction.choices)
    body = EncryptedTextField(_("message"))
    # The staff author; always NULL for a party's message.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("portal message")
        verbose_name_plural = _("portal messages")
        ordering = ["created_at", "pk"]
        indexes = [
            # The party's thread and the staff thread page: "messages of this party, oldest first".
            models.Index(fields=["party", "created_at"], name="portalmessage_party_idx"),
            # The case page's unread indicator: a party's messages staff have not read.
            models.Index(
                fields=["case"],
                name="portalmessage_unread_idx",
                condition=models.Q(direction="from_party", read_at__isnull=True),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(direction="from_staff") | models.Q(author__isnull=True),
                name="portalmessage_party_has_no_author",
                violation_error_code="portalmessage_party_has_no_author",
                violation_error_message=_("A message from a party has no staff author."),
            ),
        ]

    def __str__(self):
        return f"{self.get_direction_display()} · {self.created_at:%Y-%m-%d}"
