"""The private iCalendar feed of a staff member's deadlines (cases.selectors.calendar)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarFeed(models.Model):
    """One secret feed URL per staff member. Only the SHA-256 of its random token is
    stored: the URL is shown once, when made; making a new one or revoking it ends the old."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed", verbose_name=_("staff member")
    )
    # SHA-256 of the 256-bit random token in the URL (unique: the feed's lookup).
    token_hash = models.CharField(_("token (hash)"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("made"), auto_now_add=True)
    last_read_at = models.DateTimeField(_("last read"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self):
        return str(_("Calendar feed of %(user)s") % {"user": self.user_id})
